"""Answers given in a form are graded: saved in the handed-in notebook, given back to the form.

A learner who ticks, types or sorts in a form and presses Check leaves her answer in the form's
saved output. The grader hands those answers back to the forms of the official exercise, and the
official check cell (``form.result_card()``) grades them, as it grades a typed answer.
"""

from __future__ import annotations

import json
import os
import re
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


CASES = {
    "right-answer": ("417 263", TITLE, True),
    "never-checked": (None, TITLE, False),
    "wrong-code": ("000000", TITLE, False),
    "wrong-shape-dict": ({"code": "417263"}, TITLE, False),
    "wrong-shape-list": (["417263"], TITLE, False),
    "another-forms-title": ("417263", "Some other form", False),
}


def _grader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit.grade", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TOOLKIT_PROGRESS": "off"},
        timeout=900,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def graded(course: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every case handed in by its own learner, graded in one run (one answer-key run)."""
    folder = tmp_path_factory.mktemp("handed-in")
    paths = []
    for name, (answer, title, _passes) in CASES.items():
        path = folder / f"{name}-01-code.ipynb"
        nbformat.write(handed_in(answer, title=title), path)
        paths.append(str(path))
    done = _grader("--course", str(course / "course.toml"), "--json", *paths)
    assert done.returncode == 1, done.stdout + done.stderr  # some cases are "not yet"
    results = json.loads(done.stdout)["notebooks"]
    return {Path(r["notebook"]).name.removesuffix("-01-code.ipynb"): r for r in results}


def test_the_answer_key_fills_the_form_and_passes(course: Path) -> None:
    done = _grader("--course", str(course / "course.toml"), "--check-keys")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "login_code" in done.stdout


@pytest.mark.parametrize("case", CASES)
def test_answers_in_forms_are_graded(graded: dict[str, dict], case: str) -> None:
    result = graded[case]
    assert result["checks_total"] == 1, result
    assert result["passed"] is CASES[case][2], result
    assert result["error"] is None, result
    assert result["stopped"] is None, result


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


@pytest.mark.browser
@pytest.mark.slow
def test_a_learner_answers_exercise_3_in_jupyterlab_and_the_saved_notebook_passes(
    tmp_path: Path,
) -> None:
    """As a learner would: Run All at phone width, type and tick in the forms, press Check,
    save with Ctrl+S; the grader then passes the notebook she saved, and only that one."""
    from playwright.sync_api import expect, sync_playwright
    from widget_support import CHROMIUM, CHROMIUM_ARGS, jupyter_lab, keep_offline, open_and_run_all

    from toolkit.checks.passwords import LOGOUT_STEPS

    source = nbformat.read(ROOT / "exercises" / "03-passwords.ipynb", as_version=4)
    source.cells = [c for c in source.cells if cells.is_learner_visible(c)]
    code_cells = sum(c.cell_type == "code" for c in source.cells)
    with jupyter_lab(tmp_path, {}) as (base, token):
        saved = tmp_path / "root" / "03-passwords.ipynb"
        nbformat.write(source, saved)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 390, "height": 900})
                page.set_default_timeout(60_000)
                expect.set_options(timeout=60_000)
                keep_offline(page, base)
                open_and_run_all(page, base, token, "03-passwords.ipynb", code_cells)
                forms = page.locator(".widget-vbox.tk-formbox")
                dice = forms.filter(has_text="Your practice passphrase")
                dice.get_by_label("Your dice numbers").fill("35 22 64 15 41")
                dice.get_by_role("button", name="Check my answer").click()
                code = forms.filter(has_text="Log in with a code")
                code.get_by_label("The code from the phone").fill("417 263")
                code.get_by_role("button", name="Check my answer").click()
                drill = forms.filter(has_text="Use a shared computer safely")
                for key, step in LOGOUT_STEPS.items():
                    if step.needed:
                        drill.get_by_role("checkbox", name=re.compile(rf"^{key}\. ")).check()
                drill.get_by_role("button", name="Check my answer").click()
                # Each form shows its card, and the check cell under it follows: 3 + 3 pass.
                expect(page.locator(".toolkit-feedback--passed")).to_have_count(6)
                page.keyboard.press("Control+s")
                page.wait_for_timeout(3000)
            finally:
                browser.close()
    handed_in = nbformat.read(saved, as_version=4)
    answers = [a for c in handed_in.cells for a in form_answers(c)]
    assert [a["title"] for a in answers] == [
        "Your practice passphrase",
        "Log in with a code",
        "Use a shared computer safely",
    ]
    done = _grader("--json", str(saved))
    result = json.loads(done.stdout)["notebooks"][0]
    assert (result["checks_passed"], result["checks_total"]) == (3, 3), done.stdout
