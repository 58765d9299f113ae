"""Executing a lesson for the build: errors map back to the lesson's own cell index."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course.errors import LessonExecutionError
from toolkit.course.execute import execute_notebook


@pytest.mark.slow
def test_error_names_the_source_cell_despite_injected_parameters(tmp_path):
    params = new_code_cell("who = 'nobody'")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# T"),
            params,
            new_code_cell("import os\nprint(os.getcwd())"),
            new_code_cell("\nraise ValueError(who)"),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "sub" / "t.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    with pytest.raises(LessonExecutionError) as info:
        execute_notebook(path, {"who": "Amina"}, lesson="t")
    err = info.value
    assert (err.lesson, err.cell_index, err.first_line) == ("t", 3, "raise ValueError(who)")
    assert err.error == "ValueError: Amina"
    assert "t: cell 3" in str(err)


@pytest.mark.slow
def test_runs_in_the_notebook_folder_with_the_venv_python(tmp_path):
    nb = new_notebook(
        cells=[new_code_cell("import os, sys\nprint(os.getcwd())\nprint(sys.prefix)")]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "t.ipynb"
    nbformat.write(nb, path)
    out = execute_notebook(path, {}, lesson="t")
    cwd, prefix = out.cells[-1].outputs[0].text.splitlines()
    import sys

    assert cwd == str(tmp_path)
    assert prefix == sys.prefix
    assert "papermill" not in out.metadata
