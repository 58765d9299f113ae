"""Notebook -> handout data (no Typst): which cells print for whom, and how outputs become items."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nbformat import v4

from toolkit.course.cells import FORM_MIME, FORUM_MIME
from toolkit.course.handout_data import EXERCISE_LINES, lesson_data
from toolkit.course.images import HandoutImages


@pytest.fixture
def images() -> Iterator[HandoutImages]:
    found = HandoutImages(None)
    yield found
    found.cleanup()


def tagged(cell: dict, *tags: str) -> dict:
    cell["metadata"]["tags"] = list(tags)
    return cell


def lesson() -> dict:
    nb = v4.new_notebook()
    code = v4.new_code_cell("print('hi')")
    code.outputs = [v4.new_output("stream", name="stdout", text="hi\n")]
    nb.cells = [
        v4.new_markdown_cell("# Strong passwords\n\nA long phrase is best."),
        code,
        tagged(v4.new_markdown_cell("Write **three** words."), "exercise"),
        tagged(v4.new_markdown_cell("Only for the trainer."), "trainer"),
        tagged(v4.new_code_cell("answer = 1"), "solution"),
        tagged(v4.new_code_cell("workshop = 'x'"), "parameters"),
    ]
    nb.metadata["lesson"] = {"id": "02-passwords", "title": "Strong passwords"}
    return nb


def texts(data: dict) -> str:
    return " ".join(str(item) for cell in data["cells"] for item in cell["items"])


def test_learner_sees_no_trainer_notes_answers_or_code(images: HandoutImages) -> None:
    data = lesson_data(lesson(), "learner", images)
    printed = texts(data)
    assert "A long phrase" in printed
    assert "hi" in printed  # the cell's result prints ...
    assert "print(" not in printed  # ... its code does not (not tagged handout-code)
    assert "Only for the trainer" not in printed
    assert "answer = 1" not in printed
    assert "workshop" not in printed  # parameters never print
    # The title is printed above the lesson, so its "# Strong passwords" heading is dropped.
    assert "Strong passwords" not in data["cells"][0]["items"][0]["m"]


def test_trainer_sees_notes_answers_and_code(images: HandoutImages) -> None:
    data = lesson_data(lesson(), "trainer", images)
    roles = [cell["role"] for cell in data["cells"]]
    assert "trainer" in roles
    assert "solution" in roles
    printed = texts(data)
    assert "print('hi')" in printed
    assert "answer = 1" in printed


def test_exercises_get_writing_lines_and_are_listed(images: HandoutImages) -> None:
    data = lesson_data(lesson(), "learner", images)
    [exercise] = [cell for cell in data["cells"] if cell["exercise"]]
    assert exercise["lines"] == EXERCISE_LINES
    assert len(data["exercises"]) == 1
    assert "three" in data["exercises"][0]


def test_forum_and_form_outputs_stay_plain_strings(images: HandoutImages) -> None:
    nb = v4.new_notebook()
    cell = v4.new_code_cell("show()")
    forum = {"entries": [{"author": "ana_k", "text": "#strong[hi]", "depth": 0}]}
    form = {"title": "Your plan", "fields": [{"label": "Step one", "lines": 99}]}
    cell.outputs = [
        v4.new_output("display_data", data={FORUM_MIME: forum}),
        v4.new_output("display_data", data={FORM_MIME: form}),
    ]
    nb.cells = [cell]
    [printed] = lesson_data(nb, "learner", images)["cells"]
    forum_item, form_item = printed["items"]
    assert forum_item["forum"]["entries"][0]["text"] == "#strong[hi]"  # text, never markup
    assert form_item["form"]["fields"][0]["lines"] == 20  # capped: a form fits a page


def test_the_parts_of_a_lessons_time_are_in_the_editions_language() -> None:
    # Seen on an Arabic handout: "(exercises, 70 teaching 20)" in English, its order scrambled.
    from toolkit.course.format import LessonMeta
    from toolkit.course.handout_data import _format_minutes
    from toolkit.i18n import set_language

    meta = LessonMeta(minutes=90, minutes_parts=(("exercises", 20), ("teaching", 70)))
    try:
        set_language("fr")
        french = _format_minutes(meta)
        set_language("ar")
        arabic = _format_minutes(meta)
    finally:
        set_language(None)
    assert french is not None
    assert arabic is not None
    assert "exercices" in french
    assert "enseignement" in french
    assert "للتمارين" in arabic
    assert "teaching" not in arabic
    assert arabic.count("70") == 1  # Babel's "unit" list style repeated the last part
    assert _format_minutes(meta) == "90 minutes (20 exercises and 70 teaching)"
