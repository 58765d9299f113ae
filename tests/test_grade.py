"""python -m toolkit.grade: keys pass; blank and broken notebooks are "not yet", no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.checks import FEEDBACK_MIME, Feedback
from toolkit.course import cells
from toolkit.grade import CheckResult, NotebookResult, format_table, grade_notebook, read_feedback

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("0[4-6]-*.ipynb"))


def run_grader(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TOOLKIT_PROGRESS": "off"}
    return subprocess.run(
        [sys.executable, "-m", "toolkit.grade", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=600, cwd=ROOT,
    )


def blank_copy(source: Path, target_dir: Path) -> Path:
    """The learner's version: the notebook without its solution cells."""
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if not cells.is_solution(c)]
    target = target_dir / source.name
    nbformat.write(nb, target)
    return target


def test_the_three_exercises_exist() -> None:
    assert [p.name for p in EXERCISES] == [
        "04-first-post.ipynb", "05-replying.ipynb", "06-quote-credit.ipynb",
    ]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_exercise_notebooks_are_clean_sources(path: Path) -> None:
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    meta = nb.metadata["course"]
    for key in ("title", "minutes", "questions", "objectives", "keypoints", "digcomp", "outcomes"):
        assert meta.get(key), key
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    assert any(cells.is_exercise(c) for c in nb.cells)
    assert any(cells.is_solution(c) for c in code)
    # Every check cell comes after a solution cell, so the answer key passes top to bottom.
    checks = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "check_" in c.source
              and not cells.is_exercise(c) and "import" not in c.source]
    solutions = [i for i, c in enumerate(nb.cells) if cells.is_solution(c)]
    assert checks
    assert all(any(s < i for s in solutions) for i in checks)


def _notebook_with_outputs(*datas: dict[str, object]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("check()")
    cell.outputs = [nbformat.v4.new_output("display_data", data=d) for d in datas]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text")]
    return nb


def test_read_feedback_from_outputs() -> None:
    good = Feedback("quote", True, ["Credited."], [])._repr_mimebundle_()
    bad = Feedback("signature", False, [], ["Phone."], "Remove it.")._repr_mimebundle_()
    as_text = {FEEDBACK_MIME: json.dumps(bad[FEEDBACK_MIME])}
    nb = _notebook_with_outputs(good, {"text/plain": "other"}, as_text)
    found = read_feedback(nb)
    assert [(r.check, r.passed, r.first_message) for r in found] == [
        ("quote", True, "Credited."),
        ("signature", False, "Phone."),
    ]


def test_table_and_summary() -> None:
    results = [
        NotebookResult("a.ipynb", [CheckResult("quote", True, ["Fine."]),
                                   CheckResult("signature", False, ["Phone. " * 20])]),
        NotebookResult("b.ipynb", [], stopped="The notebook stopped at cell 3: forum.post(me)"),
    ]
    table = format_table(results).splitlines()
    assert table[0].split() == ["Notebook", "Check", "Result", "Message"]
    assert table[2].split()[:3] == ["a.ipynb", "quote", "passed"]
    assert "not yet" in table[3]
    assert table[3].endswith("…")
    assert "(notebook)" in table[4]
    assert "stopped at cell 3" in table[4]
    assert results[0].summary() == "a.ipynb: 1 of 2 checks passed"
    assert results[1].summary() == "b.ipynb: no checks ran (stopped early)"
    assert not results[0].passed
    assert not results[1].passed


def test_missing_or_broken_file_is_not_yet(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ipynb"
    junk.write_text("{not json", encoding="utf-8")
    for path in (junk, tmp_path / "missing.ipynb"):
        result = grade_notebook(path)
        assert not result.passed
        assert result.stopped
        assert "could not be opened" in result.stopped


@pytest.mark.slow
def test_answer_keys_pass() -> None:
    done = run_grader(*EXERCISES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not yet" not in done.stdout
    for path in EXERCISES:
        assert f"{path}: " in done.stdout
    assert "04-first-post.ipynb: 1 of 1 check passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_blank_and_broken_notebooks_are_not_yet(tmp_path: Path) -> None:
    blanks = [blank_copy(p, tmp_path) for p in EXERCISES]
    broken = nbformat.read(EXERCISES[0], as_version=4)
    broken.cells.insert(4, nbformat.v4.new_code_cell("forum.post(me)\nprint('never')"))
    broken.cells.append(nbformat.v4.new_code_cell("raise SystemExit('not reached')"))
    broken_path = tmp_path / "learner_x.ipynb"
    nbformat.write(broken, broken_path)
    empty_path = tmp_path / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), empty_path)

    done = run_grader("--json", "--timeout", "60", *blanks, broken_path, empty_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert data["passed"] is False
    by_name = {Path(n["notebook"]).name: n for n in data["notebooks"]}
    for path in blanks:
        result = by_name[path.name] if path.name in by_name else None
        assert result is not None
        assert result["checks_total"] >= 1
        assert result["checks_passed"] == 0
        assert result["stopped"] is None
    stopped = by_name["learner_x.ipynb"]
    assert stopped["stopped"] == "The notebook stopped at cell 5: forum.post(me)"
    assert stopped["error"].startswith("TypeError")
    assert by_name["empty.ipynb"]["checks_total"] == 0


@pytest.mark.slow
def test_blank_table_output(tmp_path: Path) -> None:
    blank = blank_copy(EXERCISES[0], tmp_path)
    done = run_grader(blank)
    assert done.returncode == 1
    assert "first_post  not yet  You have not posted anything yet." in done.stdout
    assert "04-first-post.ipynb: 0 of 1 check passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
