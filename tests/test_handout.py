"""Printed handouts: what learners and trainers see, page furniture, scripts, exporter."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pypdf
import pytest
from nbformat import v4

from toolkit.course.errors import CourseError, HandoutError
from toolkit.course.handout import (
    HandoutExporter,
    render_handout,
    render_takehome,
    render_trainer_guide,
)
from toolkit.course.typst_markdown import ZWSP

VENV_BIN = Path(sys.executable).parent


def tiny_png(w: int = 24, h: int = 12) -> bytes:
    raw = b"".join(b"\x00" + b"\x60" * w * 3 for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


FORUM = {
    "version": 1,
    "kind": "thread",
    "title": "Clean water for Riverside",
    "entries": [
        {
            "anchor": "post-1",
            "kind": "post",
            "depth": 0,
            "author": "amina_k",
            "display_name": "Amina",
            "time": "2026-03-02T10:00:00+00:00",
            "title": "Clean water",
            "status": "visible",
            "text": "Our well needs a **new pump**. <b>#set page(width: 1cm)</b>",
            "quote": None,
            "signature": "Amina K.\nRiverside water committee",
            "reactions": {"like": 2},
            "in_reply_to": None,
        },
        {
            "anchor": "comment-1",
            "kind": "comment",
            "depth": 1,
            "author": "lena_m",
            "display_name": "Lena #strong",
            "time": "2026-03-02T11:00:00+00:00",
            "title": None,
            "status": "visible",
            "text": "I can help collect money.",
            "quote": {
                "excerpt": "Excerpt: the pump broke in May",
                "author": "amina_k",
                "link": "#post-1",
                "state": "ok",
            },
            "signature": None,
            "reactions": {},
            "in_reply_to": None,
        },
        {
            "anchor": "comment-2",
            "kind": "comment",
            "depth": 2,
            "author": "troll_x",
            "display_name": "Troll",
            "time": "2026-03-02T12:00:00+00:00",
            "title": None,
            "status": "removed",
            "text": "[removed]",
            "quote": None,
            "signature": None,
            "reactions": {},
            "in_reply_to": "lena_m",
        },
    ],
}

FORM = {
    "version": 1,
    "title": "Write your first post",
    "fields": [
        {"label": "Title", "lines": 1},
        {"label": "Your post", "lines": 4},
        {"label": "Choose one", "choices": ["Share", "Hold", "Ask for a source"]},
    ],
}


def lesson(**meta_overrides) -> nbformat.NotebookNode:
    meta = {
        "title": "Posting safely",
        "minutes": {"teaching": 45, "exercises": 15},
        "questions": ["How do I post safely?"],
        "objectives": ["Write a first post", "Recognise unsafe replies"],
        "keypoints": ["Think before you post", "Check the source of a quote"],
        "digcomp": ["2.1"],
        "outcomes": [1],
        "id": "L03",
    }
    meta.update(meta_overrides)
    nb = v4.new_notebook(metadata={"course": meta})
    nb.cells = [
        v4.new_markdown_cell("# Posting safely\n\nWelcome to the lesson about posting."),
        v4.new_code_cell("x = 'param'", metadata={"tags": ["parameters"]}),
        v4.new_code_cell("y = 'injected'", metadata={"tags": ["injected-parameters"]}),
        v4.new_markdown_cell("TRAINERONLY spend five minutes here", metadata={"tags": ["trainer"]}),
        v4.new_markdown_cell(
            "Exercise prompt: describe your street", metadata={"tags": ["exercise"]}
        ),
        v4.new_markdown_cell(
            "SOLUTIONONLY a good post has a title", metadata={"tags": ["solution"]}
        ),
        v4.new_markdown_cell(
            "SKIPPEDONPAPER interactive only", metadata={"tags": ["handout-skip"]}
        ),
        v4.new_code_cell(
            "forum.show_thread(1)",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={
                        "application/vnd.toolkit.forum+json": FORUM,
                        "text/html": "<article class='post'>html</article>",
                        "text/plain": "<Thread 1>",
                    },
                )
            ],
        ),
        v4.new_code_cell(
            "ui = widgets.VBox()",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={
                        "text/plain": "VBox(children=(Button(description='Post'),))",
                        "application/vnd.jupyter.widget-view+json": {
                            "model_id": "abc",
                            "version_major": 2,
                            "version_minor": 0,
                        },
                    },
                )
            ],
        ),
        v4.new_code_cell(
            "show_form()",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"application/vnd.toolkit.form+json": FORM, "text/plain": "Form"},
                )
            ],
        ),
        v4.new_code_cell(
            "print('streamed')",
            outputs=[v4.new_output("stream", name="stdout", text="STREAMTEXT\n")],
        ),
        v4.new_code_cell(
            "1/0",
            outputs=[v4.new_output("error", ename="ZeroDivisionError", evalue="TRACEBACKX")],
        ),
        v4.new_code_cell(
            "html()",
            outputs=[v4.new_output("display_data", data={"text/html": "<div>HTMLONLY</div>"})],
        ),
        v4.new_code_cell(
            "plot()",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(tiny_png()).decode(),
                        "text/plain": "<Fig>",
                    },
                )
            ],
        ),
    ]
    return nb


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages).replace(ZWSP, "")


def font_names(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture(scope="module")
def learner_pdf() -> bytes:
    return render_handout(lesson())


@pytest.fixture(scope="module")
def trainer_pdf() -> bytes:
    return render_handout(lesson(), audience="trainer")


def test_returns_pdf_bytes(learner_pdf: bytes) -> None:
    assert learner_pdf.startswith(b"%PDF")


def test_learner_version_hides_trainer_and_solution(learner_pdf: bytes) -> None:
    text = pdf_text(learner_pdf)
    assert "Welcome to the lesson" in text
    for secret in ("TRAINERONLY", "SOLUTIONONLY", "SKIPPEDONPAPER", "TRAINER NOTE", "ANSWER"):
        assert secret not in text


def test_trainer_version_marks_notes_and_answers(trainer_pdf: bytes) -> None:
    text = pdf_text(trainer_pdf)
    assert "TRAINERONLY" in text
    assert "TRAINER NOTE" in text
    assert "SOLUTIONONLY" in text
    assert "ANSWER" in text


@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_parameters_errors_html_and_widgets_never_print(audience: str) -> None:
    text = pdf_text(render_handout(lesson(), audience=audience))
    for bad in ("param", "injected", "TRACEBACKX", "<div", "<article", "VBox(children"):
        assert bad not in text
    assert "HTMLONLY" in text  # an HTML output prints what it shows, never its source
    if audience == "learner":  # trainers see the code that builds the widget, learners don't
        assert "VBox(" not in text


def test_objectives_and_key_points(learner_pdf: bytes) -> None:
    text = pdf_text(learner_pdf)
    assert "Write a first post" in text
    assert "How do I post safely?" in text
    assert "60 minutes" in text
    assert "KEY POINTS" in text
    assert "Check the source of a quote" in text
    assert text.index("Write a first post") < text.index("Check the source of a quote")


def test_header_footer_titles_and_page_numbers(learner_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(learner_pdf))
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Digital Empowerment" in text
        assert "Posting safely" in text
        assert f"Page {i} of {n}" in text


def test_course_title_is_configurable() -> None:
    text = pdf_text(render_handout(lesson(), course_title="Safer Online #1"))
    assert "Safer Online #1" in text


@pytest.mark.parametrize(
    ("paper", "size"),
    [("a4", (595, 842)), ("letter", (612, 792)), ("us-letter", (612, 792))],
)
def test_paper_size(paper: str, size: tuple[int, int]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_handout(lesson(), paper=paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_bad_options_raise_course_error() -> None:
    with pytest.raises(HandoutError):
        render_handout(lesson(), audience="everyone")
    with pytest.raises(CourseError):
        render_handout(lesson(), paper="a5")


def test_forum_thread_printed(learner_pdf: bytes) -> None:
    text = pdf_text(learner_pdf)
    flat = " ".join(text.split())
    assert "Amina" in text
    assert "@amina_k" in text
    assert "Lena #strong" in text
    assert "@lena_m" in text
    assert "Clean water for Riverside" in text
    assert "new pump" in text
    assert "Excerpt: the pump broke in May" in flat
    assert "Riverside water committee" in text
    assert "2 Mar 2026" in text
    assert "removed" in text.lower()
    # Member text is text: the injected markup shows literally, no HTML tag survives as markup.
    assert "#set page(width: 1cm)" in flat
    assert "<b>#set" in flat  # typed by the member, printed as typed
    assert "<article class" not in flat  # the HTML snapshot is never printed


def test_form_printed_as_writing_space(learner_pdf: bytes) -> None:
    text = pdf_text(learner_pdf)
    assert "Write your first post" in text
    assert "Your post" in text
    assert "Ask for a source" in text


def test_exercise_gets_writing_space(learner_pdf: bytes) -> None:
    text = pdf_text(learner_pdf)
    assert "EXERCISE" in text
    assert "describe your street" in text
    assert "Write your answer here" in text


def test_stream_output_and_images_kept(learner_pdf: bytes) -> None:
    assert "STREAMTEXT" in pdf_text(learner_pdf)
    reader = pypdf.PdfReader(io.BytesIO(learner_pdf))
    assert sum(len(p.images) for p in reader.pages) >= 1


def test_markdown_attachment_and_local_image(tmp_path: Path) -> None:
    (tmp_path / "local.png").write_bytes(tiny_png(30, 10))  # distinct: Typst dedupes images
    nb = lesson()
    cell = v4.new_markdown_cell("![Attached pic](attachment:a.png)\n\n![Local pic](local.png)")
    cell["attachments"] = {"a.png": {"image/png": base64.b64encode(tiny_png()).decode()}}
    nb.cells = [cell]
    pdf = render_handout(nb, base_dir=tmp_path)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert sum(len(p.images) for p in reader.pages) == 2
    text = pdf_text(pdf)
    assert "Attached pic" in text
    assert "Local pic" in text


@pytest.mark.parametrize("path", ["", "."], ids=["empty-path", "dot"])
def test_exporter_in_the_lessons_own_folder_keeps_local_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # `jupyter nbconvert --to handout x.ipynb` in x's folder gives the path "": that folder.
    (tmp_path / "local.png").write_bytes(tiny_png(30, 10))
    monkeypatch.chdir(tmp_path)
    nb = lesson()
    nb.cells = [v4.new_markdown_cell("![Local pic](local.png)")]
    pdf, _ = HandoutExporter().from_notebook_node(nb, {"metadata": {"path": path}})
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert sum(len(p.images) for p in reader.pages) == 1


def test_arabic_and_khmer_embed_their_fonts() -> None:
    nb = lesson(title="الأمان على الإنترنت")
    nb.cells = [
        v4.new_markdown_cell("مرحبا بكم في درس الأمان على الإنترنت"),
        v4.new_markdown_cell("សូមស្វាគមន៍មកកាន់មេរៀនសុវត្ថិភាពអនឡាញ"),
    ]
    pdf = render_handout(nb)
    names = font_names(pdf)
    assert any("Amiri" in n for n in names)
    assert any("NotoSansKhmer" in n for n in names)


def test_trainer_guide_has_contents_and_every_lesson() -> None:
    a = lesson()
    b = lesson(title="Spotting scams", id="L04")
    intro = v4.new_notebook(metadata={"course": {"title": "How to use this guide"}})
    intro.cells = [v4.new_markdown_cell("FRONTMATTER text for trainers")]
    pdf = render_trainer_guide([a, b], front_matter=[intro], course_title="DE Course")
    text = pdf_text(pdf)
    assert "Contents" in text
    assert "FRONTMATTER" in text
    assert "How to use this guide" in text
    assert "Spotting scams" in text
    assert "Posting safely" in text
    assert text.count("TRAINERONLY") == 2
    assert text.count("SOLUTIONONLY") == 4  # in each lesson, and again in the answer key
    assert "2 h 00 min" in text  # total timing on the title page
    assert text.index("How to use this guide") < text.index(
        "Spotting scams", text.index("Contents") + 60
    )


def test_takehome_is_one_page_without_answers() -> None:
    pdf = render_takehome(lesson())
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = pdf_text(pdf)
    assert "Posting safely" in text
    assert "Write a first post" in text
    assert "Think before you post" in text
    assert "describe your street" in text
    assert "SOLUTIONONLY" not in text
    assert "TRAINERONLY" not in text


def test_takehome_too_long_is_an_error_not_small_print() -> None:
    nb = lesson(
        objectives=[f"Objective number {i} " * 4 for i in range(30)],
        keypoints=[f"Key point {i} " * 6 for i in range(70)],
    )
    nb.cells += [
        v4.new_markdown_cell(
            f"Exercise {i}: " + "write something long " * 20, metadata={"tags": ["exercise"]}
        )
        for i in range(30)
    ]
    for paper in ("a4", "letter"):
        with pytest.raises(HandoutError, match=r"L03: the take-home sheet needs \d pages"):
            render_takehome(nb, paper=paper)


def test_notebook_without_course_metadata() -> None:
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# Plain notebook\n\nJust text.")]
    text = pdf_text(render_handout(nb))
    assert "Plain notebook" in text
    assert "Just text." in text


def test_exporter_traits() -> None:
    exporter = HandoutExporter(audience="trainer", paper="letter")
    assert exporter.file_extension == ".pdf"
    assert exporter.output_mimetype == "application/pdf"
    pdf, resources = exporter.from_notebook_node(lesson())
    assert isinstance(pdf, bytes)
    assert resources["output_extension"] == ".pdf"
    assert "TRAINERONLY" in pdf_text(pdf)


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_nbconvert_to_handout(tmp_path: Path, audience: str) -> None:
    path = tmp_path / "lesson.ipynb"
    nbformat.write(lesson(), path)
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    cmd = [str(VENV_BIN / "jupyter"), "nbconvert", "--to", "handout"]
    if audience == "trainer":
        cmd.append("--HandoutExporter.audience=trainer")
    subprocess.run([*cmd, str(path)], check=True, cwd=tmp_path, env=env, capture_output=True)
    out = tmp_path / "lesson.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out.read_bytes())
    assert ("TRAINERONLY" in text) == (audience == "trainer")


def test_forum_json_given_as_string() -> None:
    nb = v4.new_notebook(metadata={"course": {"title": "T"}})
    nb.cells = [
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"application/vnd.toolkit.forum+json": json.dumps(FORUM)},
                )
            ],
        )
    ]
    assert "@amina_k" in pdf_text(render_handout(nb))


def test_learner_handout_leaves_out_check_cards_trainer_keeps_them() -> None:
    import nbformat.v4 as v4

    from toolkit.course.handout import render_handout

    card = v4.new_output(
        "display_data",
        data={
            "application/vnd.toolkit.feedback+json": {"check": "first_post", "passed": False},
            "text/plain": "Not yet - keep going. You have not posted yet.",
        },
    )
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# Checks\n\nWrite your post, then check it."),
            v4.new_code_cell("check_first_post(forum, me)", outputs=[card]),
        ],
        metadata={"course": {"title": "Checks", "objectives": ["Write a post."]}},
    )
    learner = pdf_text(render_handout(nb, audience="learner"))
    trainer = pdf_text(render_handout(nb, audience="trainer"))
    assert "You have not posted yet" not in learner
    assert "check_first_post" not in learner
    assert "You have not posted yet" in trainer


def test_a_question_followed_by_its_form_prints_once_without_extra_lines() -> None:
    import nbformat.v4 as v4

    from toolkit.course.handout import render_handout

    form = {
        "version": 1,
        "title": "Which title is clearest?",
        "fields": [
            {"label": "Choose one", "choices": ["A. Help!!!", "B. No shade at the bus stop"]}
        ],
    }

    def shown(tags=()):
        cell = v4.new_code_cell(
            "q1",
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"application/vnd.toolkit.form+json": form, "text/plain": "q"},
                )
            ],
        )
        cell.metadata["tags"] = list(tags)
        return cell

    nb = v4.new_notebook(
        cells=[v4.new_markdown_cell("# Quiz"), shown(), shown(["exercise"])],
        metadata={"course": {"title": "Quiz", "objectives": ["Choose a clear title."]}},
    )
    text = pdf_text(render_handout(nb, audience="learner"))
    assert text.count("Which title is clearest?") == 1
    assert "Write your answer here" not in text


def test_takehome_sheet_lists_new_words_on_one_page() -> None:
    import nbformat.v4 as v4
    from pypdf import PdfReader

    from toolkit.course.handout import render_takehome

    nb = v4.new_notebook(
        cells=[v4.new_markdown_cell("# Words")],
        metadata={
            "course": {
                "title": "Words",
                "objectives": ["Explain two words."],
                "glossary": {"post": "A message that starts a talk.", "#alias": "A *chosen* name."},
            }
        },
    )
    pdf = render_takehome(nb)
    text = pdf_text(pdf)
    assert "New words" in text or "NEW WORDS" in text
    assert "#alias" in text  # printed literally, never as Typst markup
    assert "*chosen*" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_consecutive_markdown_cells_stay_separate_paragraphs() -> None:
    nb = v4.new_notebook(metadata={"course": {"title": "Paragraphs"}})
    nb.cells = [v4.new_markdown_cell("First cell ends here."), v4.new_markdown_cell("Second cell.")]
    text = pdf_text(render_handout(nb))
    assert "First cell ends here.\nSecond cell." in text


# -- issue 10: handouts that read right ---------------------------------------------------


def _nb(*cells, **meta) -> nbformat.NotebookNode:
    nb = v4.new_notebook(metadata={"course": {"title": "Reading right", "id": "R1", **meta}})
    nb.cells = list(cells)
    return nb


def _out(data: dict) -> nbformat.NotebookNode:
    return v4.new_output("display_data", data=data)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (v4.new_code_cell("forum.edit(mine, me, body='x')"), "forum.edit"),
        (v4.new_code_cell("alias = ''  # type here", metadata={"tags": ["exercise"]}), "alias ="),
        (v4.new_markdown_cell("Like this:\n\n```python\nforum.post(me, 'T')\n```"), "forum.post"),
        (v4.new_markdown_cell("Like this:\n\n    forum.react(me)\n"), "forum.react"),
    ],
    ids=["code-cell", "exercise-code", "fenced-block", "indented-block"],
)
def test_learners_never_see_code_trainers_do(cell, code: str) -> None:
    nb = _nb(v4.new_markdown_cell("Intro text."), cell)
    assert code not in pdf_text(render_handout(nb, audience="learner"))
    assert code in pdf_text(render_handout(nb, audience="trainer"))


def test_handout_code_tag_prints_code_for_learners() -> None:
    nb = _nb(
        v4.new_code_cell("print('hello')", metadata={"tags": ["handout-code"]}),
        v4.new_markdown_cell("```python\nforum.post(me)\n```", metadata={"tags": ["handout-code"]}),
    )
    text = pdf_text(render_handout(nb, audience="learner"))
    assert "print('hello')" in text
    assert "forum.post(me)" in text


def test_a_result_only_the_screen_shows_gets_one_sentence() -> None:
    nb = _nb(
        v4.new_markdown_cell("Run both checks."),
        v4.new_code_cell("check_a(forum, me)"),
        v4.new_code_cell("check_b(forum, me)"),
        v4.new_markdown_cell("The same link passes:"),
        v4.new_code_cell("check_c(forum, me)"),
    )
    text = pdf_text(render_handout(nb, audience="learner"))
    assert text.count("(On the computer: run this cell to see the result.)") == 2
    assert "check_" not in text
    assert "On the computer" not in pdf_text(render_handout(nb, audience="trainer"))


def test_markdown_cells_are_separate_paragraphs() -> None:
    nb = _nb(v4.new_markdown_cell("Full names of children."), v4.new_markdown_cell("Here is more."))
    text = pdf_text(render_handout(nb, audience="learner"))
    assert "children.Here" not in text
    assert "children.\nHere" in text


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("write-lines", True), ("lines-8", True), (None, False)],
)
def test_paper_tasks_get_writing_lines(tag: str | None, expected: bool) -> None:
    meta = {"tags": [tag]} if tag else {}
    nb = _nb(v4.new_markdown_cell("Fill in the plan on paper.", metadata=meta))
    assert ("Write here:" in pdf_text(render_handout(nb, audience="learner"))) is expected
    assert "Write here:" not in pdf_text(render_handout(nb, audience="trainer"))


@pytest.mark.parametrize(
    ("data", "shown", "hidden"),
    [
        (
            {
                "text/html": "<div><b>Certificate</b> for Amina</div>",
                "text/plain": "<IPython.core.display.HTML object>",
            },
            "Certificate for Amina",
            "IPython",
        ),
        (
            {
                "text/html": "<table><tr><th>Dice</th><th>Word</th></tr>"
                "<tr><td>5 and 3</td><td>cloud</td></tr></table>",
                "text/plain": "DiceWords(pairs=(('53', 'cloud'),), problems=())",
            },
            "cloud",
            "DiceWords(",
        ),
        ({"text/plain": "<toolkit.Post object at 0x7f3a2b>"}, "Intro", "object at"),
        ({"text/plain": "Reaction(member='me', kind='thanks')"}, "Intro", "Reaction("),
        ({"text/plain": "[Phone] Your code is 417 263."}, "417 263", "<"),
    ],
    ids=["html-repr", "dataclass-table", "object-at", "dataclass-plain", "meaningful-plain"],
)
@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_rich_outputs_print_what_they_show_never_a_repr(
    data: dict, shown: str, hidden: str, audience: str
) -> None:
    nb = _nb(v4.new_markdown_cell("Intro"), v4.new_code_cell("x", outputs=[_out(data)]))
    text = pdf_text(render_handout(nb, audience=audience))
    assert shown in text
    assert hidden not in text


def test_handout_skip_is_not_printed_for_trainers_either() -> None:
    nb = _nb(
        v4.new_markdown_cell("Intro"),
        v4.new_code_cell("HTML('<div>PREVIEW</div>')", metadata={"tags": ["handout-skip"]}),
    )
    assert "PREVIEW" not in pdf_text(render_trainer_guide([nb]))


def test_guide_counts_a_lesson_and_its_exercise_once() -> None:
    from toolkit.course.handout import course_minutes

    lesson_nb = _nb(minutes={"teaching": 70, "exercises": 20})
    exercise_nb = _nb(minutes=20)
    other = _nb(minutes=60, id="R2")
    assert course_minutes([lesson_nb, exercise_nb, other]) == 150
    first = pypdf.PdfReader(io.BytesIO(render_trainer_guide([lesson_nb, exercise_nb, other])))
    text = first.pages[0].extract_text()
    assert "Total time: 2 h 30 min" in text
    assert "2 lessons" in text


def test_titles_and_headings_are_not_hyphenated() -> None:
    title = "Speaking Understandably Incomprehensibilities Everywhere Continually"
    nb = _nb(v4.new_markdown_cell("## Notwithstanding Uncharacteristically Extraordinarily"))
    nb.metadata["course"]["title"] = title
    for pdf in (render_handout(nb), render_trainer_guide([nb], course_title=title)):
        text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert "\xad" not in text
        assert not any(line.rstrip().endswith("-") for line in text.splitlines())


def _adids_lesson() -> nbformat.NotebookNode:
    cells = []
    for part, minutes in (
        ("Activity", 10),
        ("Discussion", 10),
        ("Input", 15),
        ("Deepening", 20),
        ("Synthesis", 5),
    ):
        cells.append(v4.new_markdown_cell(f"## {part}: The {part.lower()} part ({minutes} min)"))
        cells.append(
            v4.new_markdown_cell(
                f"**Trainer notes**\n- **Materials:** {part} cards; printed {part} sheets\n"
                f"- **Preparation:** Set up the {part} corner.",
                metadata={"tags": ["trainer"]},
            )
        )
        cells.append(v4.new_markdown_cell(f"### Check {part}\n\nWhich one?"))
        cells.append(
            v4.new_markdown_cell(f"**Answer:** KEY{part}", metadata={"tags": ["solution"]})
        )
    return _nb(*cells, minutes=60)


def test_guide_lesson_opens_with_a_glance_page_and_answers_in_an_appendix() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_trainer_guide([_adids_lesson()])))
    pages = [p.extract_text() for p in reader.pages]
    glance = next(i for i, t in enumerate(pages) if "AT A GLANCE" in t)
    text = pages[glance]
    for part in ("Activity", "Discussion", "Input", "Deepening", "Synthesis"):
        assert f"{part} cards" in text  # materials, per part
        assert f"Set up the {part} corner" in text  # preparation
        assert f"printed {part} sheets" in text.split("PRINTOUTS NEEDED")[1]
    assert "Total 60" in text
    key_page = int(re.search(r"Answer key: page (\d+)", text).group(1))
    assert "KEYActivity" in pages[key_page - 1]
    assert pages[key_page - 1].index("Check Activity") < pages[key_page - 1].index("KEYActivity")
    assert "KEYSynthesis" not in text  # the glance page holds the plan, not the answers


def test_takehome_sheet_prints_no_code_either() -> None:
    task = v4.new_markdown_cell(
        "Post with code:\n\n```python\nforum.post(me, 'T')\n```", metadata={"tags": ["exercise"]}
    )
    text = pdf_text(render_takehome(_nb(task)))
    assert "forum.post" not in text
    assert "On the computer" in text


def test_a_paper_task_stays_on_the_page_of_its_lines() -> None:
    """Wherever the page breaks, a short question is printed beside its lines to write on."""
    for filler in range(24, 44, 3):
        nb = v4.new_notebook(
            cells=[
                v4.new_markdown_cell("\n\n".join(f"Filler line {i}." for i in range(filler))),
                v4.new_markdown_cell(
                    "QUESTIONX What do I want to protect?", metadata={"tags": ["lines-8"]}
                ),
            ]
        )
        reader = pypdf.PdfReader(io.BytesIO(render_handout(nb)))
        pages = [p.extract_text() for p in reader.pages]
        [here] = [i for i, text in enumerate(pages) if "QUESTIONX" in text]
        assert "Write here" in pages[here], filler


def test_a_kit_page_is_labelled_as_kit_not_as_a_learner_handout(learner_pdf: bytes) -> None:
    assert "LEARNER HANDOUT" in pdf_text(learner_pdf).upper()
    kit = pdf_text(render_handout(lesson(), label="Workshop kit")).upper()
    assert "WORKSHOP KIT" in kit
    assert "LEARNER HANDOUT" not in kit


def test_the_kit_writer_labels_its_pages(tmp_path, monkeypatch) -> None:
    from toolkit.course import outputs

    seen: dict[str, object] = {}

    class Spy:
        def render_handout(self, nb, **kwargs):
            seen.update(kwargs)
            return b"%PDF"

    task = type("Task", (), {})()
    task.settings = type("S", (), {"paper": "a4", "course_title": "C"})()
    task.doc = type("D", (), {"path": tmp_path / "front.ipynb"})()
    monkeypatch.setattr(outputs, "load_handout", lambda: Spy())
    outputs.write_kit(lesson(), task, "trainer")
    assert seen["label"] == "Workshop kit"
    assert seen["audience"] == "learner"
