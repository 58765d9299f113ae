"""python -m toolkit.grade: keys pass (--check-keys) but are never graded as a learner's work;
blank and broken notebooks are "not yet", no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.checks import FEEDBACK_MIME
from toolkit.course import cells
from toolkit.grade import CheckResult, NotebookResult, format_table, grade_notebook

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("0[4-6]-*.ipynb"))


def run_grader(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TOOLKIT_PROGRESS": "off"}
    return subprocess.run(
        [sys.executable, "-m", "toolkit.grade", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=ROOT,
    )


def blank_copy(source: Path, target_dir: Path) -> Path:
    """The learner's version, as the build makes it: no solution or trainer cells."""
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if cells.is_learner_visible(c)]
    target = target_dir / source.name
    nbformat.write(nb, target)
    return target


def test_the_three_exercises_exist() -> None:
    assert [p.name for p in EXERCISES] == [
        "04-first-post.ipynb",
        "05-replying.ipynb",
        "06-quote-credit.ipynb",
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
    checks = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and "check_" in c.source
        and not cells.is_exercise(c)
        and "import" not in c.source
    ]
    solutions = [i for i, c in enumerate(nb.cells) if cells.is_solution(c)]
    assert checks
    assert all(any(s < i for s in solutions) for i in checks)


def test_missing_or_broken_file_is_not_yet(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ipynb"
    junk.write_text("{not json", encoding="utf-8")
    for path in (junk, tmp_path / "missing.ipynb"):
        result = grade_notebook(path)
        assert not result.passed
        assert result.stopped
        assert "could not be opened" in result.stopped


@pytest.mark.slow
def test_answer_keys_pass_with_check_keys() -> None:
    done = run_grader("--check-keys", *EXERCISES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not yet" not in done.stdout
    for path in EXERCISES:
        assert f"{path}: " in done.stdout
    assert "04-first-post.ipynb: 1 of 1 check passed" in done.stdout
    assert "Answer keys: 3 of 3 pass." in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_an_answer_key_given_as_a_learners_work_is_not_graded(tmp_path: Path) -> None:
    key = EXERCISES[0].relative_to(ROOT)
    blank = blank_copy(EXERCISES[0], tmp_path)
    done = run_grader(key, blank)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert (
        "exercises/04-first-post.ipynb is the course's answer key, not a learner's work: "
        "not graded." in lines
    )
    row = next(line for line in lines if line.startswith(f"{key} "))
    assert row.split()[1:4] == ["(notebook)", "not", "yet"]
    assert "The course's answer key" in row
    assert f"{blank}: 0 of 1 check passed" in lines  # the learner's copy is still graded
    assert "passed  " not in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_no_notebook_without_check_keys_is_a_usage_error() -> None:
    done = run_grader()
    assert done.returncode == 2
    assert "--check-keys" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_blank_and_broken_notebooks_are_not_yet(tmp_path: Path) -> None:
    blanks = [blank_copy(p, tmp_path) for p in EXERCISES]
    broken = nbformat.read(blanks[0], as_version=4)
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


# -- forged results (issue 9): the course's own exercise decides the checks -----------------

FIXTURE = ROOT / "tests" / "fixtures" / "grading"
ECHO = FIXTURE / "exercises" / "01-echo.ipynb"
FAKE_PASS = (
    "from IPython.display import display\n"
    f"display({{{FEEDBACK_MIME!r}: {{'check': 'echo', 'passed': True, "
    "'messages': ['Master of Cybersecurity']}, 'text/plain': 'ok'}, raw=True)"
)


def learner_edition(**changes: str) -> nbformat.NotebookNode:
    """The fixture exercise as a learner gets it (no answers), with cells changed by id."""
    nb = nbformat.read(ECHO, as_version=4)
    nb.cells = [c for c in nb.cells if cells.is_learner_visible(c)]
    for cell in nb.cells:
        if cell.id in changes:
            cell.source = changes[cell.id]
    return nb


def one_cell(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    return nb


def with_added_cell(nb: nbformat.NotebookNode, after: str, source: str) -> nbformat.NotebookNode:
    index = next(i for i, c in enumerate(nb.cells) if c.id == after)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return nb


def without_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """As saved by an older Jupyter (nbformat 4.4): no cell ids to match by."""
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.pop("id", None)
    return nb


# Each attack passed (or added a passing row) with the old grader; each must now fail.
ATTACKS = {
    "one-cell-fake-bundle": ("01-echo.ipynb", one_cell(FAKE_PASS)),
    "fake-bundle-from-added-cell-with-real-check-name": (
        "01-echo.ipynb",
        with_added_cell(learner_edition(), "e01-answer", FAKE_PASS),
    ),
    "fake-bundle-from-answer-cell": (
        "01-echo.ipynb",
        learner_edition(**{"e01-answer": 'answer = ""\n' + FAKE_PASS}),
    ),
    "check-cell-rewritten": (
        "01-echo.ipynb",
        learner_edition(**{"e01-check": FAKE_PASS, "e01-answer": 'answer = "nope"'}),
    ),
    "check-cell-deleted-bundle-faked": (
        "01-echo.ipynb",
        with_added_cell(
            nbformat.from_dict(
                {
                    **learner_edition(),
                    "cells": [c for c in learner_edition().cells if c.id != "e01-check"],
                }
            ),
            "e01-answer",
            FAKE_PASS,
        ),
    ),
}
# Submissions that name no exercise of the course are refused, not run.
REFUSED = {
    "one-cell-fake-bundle-unknown-name": ("certificate.ipynb", one_cell(FAKE_PASS)),
    "name-and-metadata-disagree": (
        "01-echo.ipynb",
        nbformat.from_dict({**one_cell(FAKE_PASS), "metadata": {"course": {"id": "02-reading"}}}),
    ),
    "lesson-without-exercise": ("02-reading.ipynb", one_cell(FAKE_PASS)),
}
GENUINE = {
    "typed-answer": (
        "amina-01-echo.ipynb",
        learner_edition(**{"e01-answer": 'answer = "Hello"'}),
        True,
    ),
    "typed-answer-in-added-cell-no-ids": (
        "01-echo.ipynb",
        without_ids(with_added_cell(learner_edition(), "e01-answer", 'answer = "hello"')),
        True,
    ),
    "blank": ("01-echo.ipynb", learner_edition(), False),
    # The model answer typed word for word in her own cell: her work, graded as usual.
    "model-answer-typed-in-her-own-cell": (
        "01-echo.ipynb",
        with_added_cell(learner_edition(**{"e01-answer": ""}), "e01-answer", 'answer = "hello"'),
        True,
    ),
}


def the_key(**changes: str) -> nbformat.NotebookNode:
    """The fixture exercise's answer key (with its model answer), cells changed by id."""
    nb = nbformat.read(ECHO, as_version=4)
    for cell in nb.cells:
        if cell.id in changes:
            cell.source = changes[cell.id]
    return nb


def key_without_ids() -> nbformat.NotebookNode:
    return without_ids(the_key())


def key_as_run(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """As the trainer edition or a Run All leaves it: outputs in every code cell."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
            cell.execution_count = 1
    return nb


# The answer key handed in as a learner's work, each way it can come: never graded.
KEYS = {
    "exercise-source": ("01-echo.ipynb", the_key()),
    "renamed-for-a-learner": ("amina-01-echo.ipynb", the_key()),
    "trainer-edition-run": ("01-echo-exercise.ipynb", key_as_run(the_key())),
    "key-with-a-check-edited": ("01-echo.ipynb", the_key(**{"e01-check": FAKE_PASS})),
    "key-with-exercise-cell-typed": ("01-echo.ipynb", the_key(**{"e01-answer": 'answer = "hi"'})),
    "key-saved-without-ids": ("01-echo.ipynb", key_without_ids()),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, NotebookResult]:
    """Every case above graded once, from inside the fixture course (its course.toml)."""
    results = {}
    cases = {**ATTACKS, **REFUSED, **KEYS, **{k: v[:2] for k, v in GENUINE.items()}}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(FIXTURE)
        for case, (name, nb) in cases.items():
            folder = tmp_path_factory.mktemp(case)
            nbformat.write(nb, folder / name)
            results[case] = grade_notebook(folder / name, timeout=60)
    return results


@pytest.mark.slow
@pytest.mark.parametrize("case", list(ATTACKS))
def test_forged_feedback_does_not_count(graded: dict[str, NotebookResult], case: str) -> None:
    result = graded[case]
    assert [(c.check, c.passed) for c in result.checks] == [("echo", False)]
    assert not result.passed
    assert result.summary().endswith(": 0 of 1 check passed")


@pytest.mark.slow
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_notebook_matching_no_exercise_is_refused(
    graded: dict[str, NotebookResult], case: str
) -> None:
    result = graded[case]
    assert result.checks == []
    assert not result.passed
    assert result.stopped is not None
    assert result.stopped.startswith("Not graded:")
    assert "not graded" in result.summary()


@pytest.mark.slow
@pytest.mark.parametrize("case", list(KEYS))
def test_the_answer_key_is_never_graded_as_a_learners_work(
    graded: dict[str, NotebookResult], case: str
) -> None:
    result = graded[case]
    assert result.answer_key
    assert not result.passed
    assert result.checks == []
    assert result.summary() == (
        f"{result.notebook} is the course's answer key, not a learner's work: not graded."
    )
    assert result.to_data()["answer_key"] is True
    assert result.to_data()["passed"] is False


@pytest.mark.slow
@pytest.mark.parametrize("case", list(GENUINE))
def test_genuine_answers_are_graded_against_the_course(
    graded: dict[str, NotebookResult], case: str
) -> None:
    result = graded[case]
    passed = GENUINE[case][2]
    assert [(c.check, c.passed) for c in result.checks] == [("echo", passed)]
    assert result.passed is passed
    assert result.lesson == "01-echo"
    assert result.to_data()["lesson"] == "01-echo"
    assert not result.answer_key


def test_grader_without_a_course_exits_2(tmp_path: Path) -> None:
    nb = tmp_path / "01-echo.ipynb"
    nbformat.write(one_cell("1"), nb)
    done = run_grader("--course", tmp_path / "nowhere.toml", nb)
    assert done.returncode == 2
    assert "course.toml" in done.stderr or "nowhere.toml" in done.stderr
    assert "Traceback" not in done.stderr


# -- terminal escapes (issue 9): nothing a submission writes can hide or fake a row ---------

ESCAPES = {
    "ansi-clear-line": "\x1b[2K\x1b[1A",
    "carriage-return": "echo\r",
    "backspace": "echo\b\b\b\b",
    "newline-fake-row": "x\nnb.ipynb  echo  passed  Well done",
    "bidi-override": "\u202edessap",
    "zero-width-and-bom": "e\u200bc\ufeffho",
    "c1-csi": "\x9b2K",
}


@pytest.mark.parametrize("text", list(ESCAPES.values()), ids=list(ESCAPES))
def test_table_and_summary_escape_control_characters(text: str) -> None:
    results = [
        NotebookResult(f"sub/{text}.ipynb", [CheckResult(text, False, [f"Not yet {text}"])]),
    ]
    table = format_table(results)
    summary = results[0].summary()
    for out in (table, summary):
        unsafe = [ch for ch in out.replace("\n", "") if ch.isprintable() is False]
        assert unsafe == [], out
    assert len(table.splitlines()) == 3  # header, rule, one row: no fake or hidden row
    assert "\\x" in table or "\\u" in table  # shown visibly


@pytest.mark.parametrize("text", list(ESCAPES.values()), ids=list(ESCAPES))
def test_json_output_stays_json_without_raw_controls(
    text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import toolkit.grade as grade
    import toolkit.grade.cli as cli

    fake = NotebookResult("نور/01-echo.ipynb", [CheckResult(text, True, [text], hint=text)])
    monkeypatch.chdir(FIXTURE)
    monkeypatch.setattr(cli, "grade_notebook", lambda *_a, **_k: fake)
    assert grade.main(["--json", "x.ipynb"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["notebooks"][0]["checks"][0]["check"] == text
    assert [ch for ch in out.replace("\n", "") if not ch.isprintable()] == []
    assert "نور" in out  # letters of every script stay readable


# -- hidden checks (issue 9): the answer key says which checks an exercise must show ---------

TWICE = FIXTURE / "exercises" / "03-twice.ipynb"
NOT_SHOWN = "This check did not show its result. Run every cell from the top, then save."


def twice_edition(
    add_after: str | None = None, added: str = "", **changes: str
) -> nbformat.NotebookNode:
    """The two-check exercise as a learner gets it, answers changed by id, maybe a cell added."""
    nb = nbformat.read(TWICE, as_version=4)
    nb.cells = [c for c in nb.cells if cells.is_learner_visible(c)]
    for cell in nb.cells:
        if cell.id in changes:
            cell.source = changes[cell.id]
    return with_added_cell(nb, add_after, added) if add_after else nb


RIGHT_THEN_WRONG = {"e03-answer": 'answer = "hello"', "e03-shout": 'shout = "hello"'}
BOTH_RIGHT = {"e03-answer": 'answer = "hello"', "e03-shout": 'shout = "HELLO"'}
# Each learner cell tries to hide the second (failing) check's result; one case per attack.
HIDING = {
    "config-ast-node-interactivity-none": "%config InteractiveShell.ast_node_interactivity='none'",
    "config-via-run-line-magic": (
        "get_ipython().run_line_magic('config', \"InteractiveShell.ast_node_interactivity='none'\")"
    ),
    "display-pub-silenced": "get_ipython().display_pub.publish = lambda *a, **k: None",
    "displayhook-format-silenced": (
        "get_ipython().displayhook.compute_format_data = lambda result: ({}, {})"
    ),
    "semicolon-style-quiet-hook": "get_ipython().displayhook.quiet = lambda *a, **k: True",
}


@pytest.fixture(scope="module")
def hidden(tmp_path_factory: pytest.TempPathFactory) -> dict[str, NotebookResult]:
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(FIXTURE)
        for case, source in HIDING.items():
            folder = tmp_path_factory.mktemp(case)
            nb = twice_edition("e03-check-1", source, **RIGHT_THEN_WRONG)
            nbformat.write(nb, folder / "03-twice.ipynb")
            results[case] = grade_notebook(folder / "03-twice.ipynb", timeout=60)
    return results


@pytest.mark.slow
@pytest.mark.parametrize("case", list(HIDING))
def test_a_hidden_check_is_not_yet(hidden: dict[str, NotebookResult], case: str) -> None:
    result = hidden[case]
    assert [(c.check, c.passed) for c in result.checks] == [("spelling", True), ("capitals", False)]
    assert result.summary() == f"{result.notebook}: 1 of 2 checks passed"
    assert not result.passed
    assert result.stopped is None
    assert result.to_data()["checks_total"] == 2


@pytest.mark.slow
def test_config_attack_in_the_cli_grades_1_of_2_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import toolkit.grade as grade

    sub = tmp_path / "03-twice.ipynb"
    nbformat.write(
        twice_edition(
            "e03-check-1", HIDING["config-ast-node-interactivity-none"], **RIGHT_THEN_WRONG
        ),
        sub,
    )
    monkeypatch.chdir(FIXTURE)
    assert grade.main([str(sub)]) == 1
    out = capsys.readouterr().out
    assert f"{sub}: 1 of 2 checks passed" in out
    assert "capitals  not yet  This check did not show its result." in out


@pytest.mark.slow
def test_config_before_every_check_makes_both_not_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "03-twice.ipynb"
    nb = twice_edition("e03-setup", HIDING["config-ast-node-interactivity-none"], **BOTH_RIGHT)
    nbformat.write(nb, sub)
    monkeypatch.chdir(FIXTURE)
    result = grade_notebook(sub, timeout=60)
    assert [(c.check, c.passed, c.first_message) for c in result.checks] == [
        ("spelling", False, NOT_SHOWN),
        ("capitals", False, NOT_SHOWN),
    ]
    assert not result.passed


@pytest.mark.slow
def test_answer_key_runs_once_for_many_submissions_and_still_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.grade.keys as keys

    runs: list[str] = []
    real = keys._run_answer_key

    def counted(lesson: str, *args: object, **kwargs: object) -> object:
        runs.append(lesson)
        return real(lesson, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keys, "_KEYS", {})
    monkeypatch.setattr(keys, "_run_answer_key", counted)
    monkeypatch.chdir(FIXTURE)
    subs = {
        "key": nbformat.read(TWICE, as_version=4),
        "right": twice_edition(**BOTH_RIGHT),
        "blank": twice_edition(),
        "hidden": twice_edition(
            "e03-check-1", HIDING["config-ast-node-interactivity-none"], **RIGHT_THEN_WRONG
        ),
    }
    results = {}
    for name, nb in subs.items():
        nbformat.write(nb, tmp_path / f"{name}-03-twice.ipynb")
        results[name] = grade_notebook(tmp_path / f"{name}-03-twice.ipynb", timeout=60)
    assert runs == ["03-twice"]
    assert results["key"].answer_key  # handed in as a submission: not graded
    assert not results["key"].passed
    assert results["right"].passed
    assert [(c.check, c.passed) for c in results["blank"].checks] == [
        ("spelling", False),
        ("capitals", False),
    ]
    assert results["blank"].checks[0].first_message == "Write hello."  # shown, not "not shown"
    assert not results["hidden"].passed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("cell_id", "solution", "why"),
    [
        ("e03-shout-solution", 'shout = "hello"', "its check 'capitals' does not pass"),
        ("e03-shout-solution", "shout = undefined_name", "it stopped at: shout = undefined_name"),
        ("e03-solution", HIDING["config-ast-node-interactivity-none"], "it shows no check"),
    ],
    ids=["check-fails", "solution-raises", "key-shows-no-check"],
)
def test_a_failing_answer_key_exits_2_naming_the_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell_id: str, solution: str, why: str
) -> None:
    import shutil

    import toolkit.grade as grade

    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    key_path = course / "exercises" / "03-twice.ipynb"
    key = nbformat.read(key_path, as_version=4)
    next(c for c in key.cells if c.id == cell_id).source = solution
    nbformat.write(key, key_path)
    sub = tmp_path / "03-twice.ipynb"
    nbformat.write(twice_edition(), sub)
    assert grade.main(["--course", str(course), str(sub)]) == 2
    err = capsys.readouterr().err
    assert "the answer key of exercise '03-twice'" in err
    assert why in err
    assert "The course itself needs fixing" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_check_keys_grades_every_key_of_the_course(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import toolkit.grade as grade

    monkeypatch.chdir(FIXTURE)
    assert grade.main(["--check-keys"]) == 0
    out = capsys.readouterr().out
    assert "exercises/01-echo.ipynb: 1 of 1 check passed" in out
    assert "exercises/03-twice.ipynb: 2 of 2 checks passed" in out
    assert "Answer keys: 2 of 2 pass." in out
    assert "answer key, not a learner's work" not in out


@pytest.mark.slow
def test_check_keys_names_every_broken_key_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    import toolkit.grade as grade

    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    key_path = course / "exercises" / "03-twice.ipynb"
    key = nbformat.read(key_path, as_version=4)
    next(c for c in key.cells if c.id == "e03-shout-solution").source = 'shout = "hello"'
    nbformat.write(key, key_path)
    assert grade.main(["--course", str(course), "--check-keys"]) == 2
    captured = capsys.readouterr()
    assert "the answer key of exercise '03-twice'" in captured.err
    assert "01-echo.ipynb: 1 of 1 check passed" in captured.out  # the others still checked
    assert "Answer keys: 1 of 2 pass." in captured.out
    assert "Traceback" not in captured.err
