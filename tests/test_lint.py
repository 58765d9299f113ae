"""The authoring-format checker: each problem names the lesson, the cell and the fix."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.course.errors import LessonFormatError
from toolkit.course.lint import check_notebook, check_path, main

FIXTURES = Path(__file__).parent / "fixtures"
LESSON = FIXTURES / "lessons" / "01-basics.ipynb"


@pytest.fixture
def nb():
    return nbformat.read(LESSON, as_version=4)


def test_fixture_notebooks_are_clean():
    assert check_path(LESSON, part="lesson") == []
    assert check_path(FIXTURES / "lessons" / "02-forum.ipynb") == []
    assert check_path(FIXTURES / "lessons" / "00-personas.ipynb", part="front-matter") == []


def _break_tag(nb):
    nb.cells[5].metadata["tags"] = ["Solution"]
    return 5, "unknown tag 'Solution'"


def _outputs(nb):
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="hi\n")]
    return 2, "saved outputs"


def _two_params(nb):
    nb.cells[7].metadata["tags"] = ["parameters"]
    return 7, "second 'parameters' cell"


def _both(nb):
    nb.cells[4].metadata["tags"] = ["exercise", "solution"]
    return 4, "both 'exercise' and 'solution'"


def _alt(nb):
    nb.cells[0].source += "\n\n![](picture.png)"
    return 0, "no alt text"


def _injected(nb):
    nb.cells[1].metadata["tags"] = ["injected-parameters"]
    return 1, "injected-parameters"


def _no_minutes(nb):
    del nb.metadata["course"]["minutes"]
    return None, '"minutes"] is missing'


def _bad_objectives(nb):
    nb.metadata["course"]["objectives"] = []
    return None, '"objectives"] = [] is not valid'


@pytest.mark.parametrize(
    "breaker",
    [_break_tag, _outputs, _two_params, _both, _alt, _injected, _no_minutes, _bad_objectives],
    ids=lambda f: f.__name__.strip("_"),
)
def test_each_problem_names_lesson_cell_and_fix(nb, breaker):
    nb = copy.deepcopy(nb)
    index, words = breaker(nb)
    problems = check_notebook(nb, "01-basics")
    assert len(problems) == 1, [str(p) for p in problems]
    [problem] = problems
    assert isinstance(problem, LessonFormatError)
    assert problem.lesson == "01-basics"
    assert problem.cell_index == index
    assert words in str(problem)
    assert problem.fix
    assert "Fix:" in str(problem)
    if index is not None:
        assert f"cell {index}" in str(problem)


def test_no_course_metadata(nb):
    del nb.metadata["course"]
    problems = check_notebook(nb, "x", part="lesson")
    assert 'no metadata["course"]' in str(problems[0])


def test_main_reports_and_fails(tmp_path, capsys, nb):
    _break_tag(nb)
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    assert main([str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.ipynb, cell 5" in err
    assert "Fix:" in err
    assert main([str(LESSON)]) == 0


def test_unreadable_file(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json", encoding="utf-8")
    [problem] = check_path(path)
    assert "cannot be read" in str(problem)


@pytest.mark.slow
def test_module_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "toolkit.course.lint", str(LESSON)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
