"""Answers given in a form are graded: saved in the handed-in notebook, given back to the form.

A learner who ticks, types or sorts in a form and presses Check leaves her answer in the form's
saved output. The grader hands those answers back to the forms of the official exercise, and the
official check cell (``form.result_card()``) grades them, as it grades a typed answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course import cells
from toolkit.course.submission import form_answers, overlay
from toolkit.mime import FORM_MIME

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Log in with a code"


def _tag(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def _exercise() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Exercise 1: A code\n\nType the code from the phone."),
            _tag(new_code_cell('learner = "new_member"'), "parameters"),
            _tag(
                new_code_cell(
                    "from toolkit.checks.passwords import check_login_code\n"
                    "from toolkit.widgets import AnswerForm"
                ),
                "handout-skip",
            ),
            _tag(
                new_code_cell(
                    f'code_form = AnswerForm(check_login_code, title="{TITLE}", label="Code")\n'
                    "code_form"
                ),
                "exercise",
            ),
            _tag(new_code_cell('code_form.fill("417263")'), "solution"),
            new_code_cell("code_form.result_card()"),
        ],
        metadata={"course": {"id": "01-code", "title": "A code"}},
    )
    nb.cells[3].id, nb.cells[5].id = "form-cell", "check-cell"
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formcourse")
    (root / "lessons").mkdir()
    (root / "exercises").mkdir()
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# A code")]), root / "lessons" / "01-code.ipynb"
    )
    nbformat.write(_exercise(), root / "exercises" / "01-code.ipynb")
    (root / "course.toml").write_text(
        '[course]\ntitle = "Forms"\nlicence = "CC BY-SA 4.0"\nlanguage = "en"\n\n'
        '[[lessons]]\nid = "01-code"\ntitle = "A code"\nlesson = "lessons/01-code.ipynb"\n'
        'exercise = "exercises/01-code.ipynb"\n',
        encoding="utf-8",
    )
    return root


def handed_in(answer: object = None, *, title: str = TITLE) -> nbformat.NotebookNode:
    """The learner edition as she saves it after pressing Check with ``answer`` in the form."""
    nb = _exercise()
    nb.cells = [c for c in nb.cells if cells.is_learner_visible(c)]
    if answer is not None:
        form = {"version": 1, "title": title, "fields": [], "answer": answer}
        nb.cells[3].outputs = [
            nbformat.v4.new_output("display_data", data={"text/plain": "form", FORM_MIME: form})
        ]
    return nb


def grade(
    course: Path, nb: nbformat.NotebookNode, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "01-code.ipynb"
    nbformat.write(nb, path)
    return subprocess.run(
        [sys.executable, "-m", "toolkit.grade", "--course", str(course / "course.toml"), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "TOOLKIT_PROGRESS": "off"},
        timeout=600,
        cwd=ROOT,
    )


def test_the_answer_key_fills_the_form_and_passes(course: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit.grade",
            "--course",
            str(course / "course.toml"),
            "--check-keys",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TOOLKIT_PROGRESS": "off"},
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "login_code" in done.stdout


def test_a_right_answer_given_in_the_form_passes(course: Path, tmp_path: Path) -> None:
    done = grade(course, handed_in("417 263"), tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 of 1 check passed" in done.stdout


@pytest.mark.parametrize(
    "answer",
    [None, "000000", {"code": "417263"}, ["417263"]],
    ids=["never-checked", "wrong-code", "wrong-shape-dict", "wrong-shape-list"],
)
def test_no_or_wrong_answer_in_the_form_is_not_yet(course: Path, tmp_path: Path, answer) -> None:
    done = grade(course, handed_in(answer), tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "0 of 1 check passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_an_answer_for_another_form_title_is_not_used(course: Path, tmp_path: Path) -> None:
    done = grade(course, handed_in("417263", title="Some other form"), tmp_path)
    assert "0 of 1 check passed" in done.stdout


def test_overlay_hands_saved_answers_back_and_keeps_the_check_official() -> None:
    graded, check_ids = overlay(_exercise(), handed_in("417263"))
    form_cell = next(c for c in graded.cells if "AnswerForm(" in c.source)
    assert form_cell.source.startswith("from toolkit.widgets.answer import preset")
    assert '"answer": "417263"' in form_cell.source.splitlines()[0]
    assert "check-cell" in check_ids
    assert form_cell.id not in check_ids


def test_form_answers_ignores_malformed_outputs() -> None:
    cell = {
        "cell_type": "code",
        "outputs": [
            {"data": {FORM_MIME: {"title": "A", "answer": "x"}}},
            {"data": {FORM_MIME: {"title": 3, "answer": "x"}}},
            {"data": {FORM_MIME: "not a form"}},
            {"data": {FORM_MIME: {"title": "B"}}},
            {"data": {FORM_MIME: {"title": "C", "answer": "x" * 30_000}}},
            "junk",
        ],
    }
    assert form_answers(cell) == [{"title": "A", "answer": "x"}]
