"""The one notebook runner: errors name the cell, a hung cell runs once, a kernel that fails
to start is tried again, and runs are quiet."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course.errors import LessonExecutionError
from toolkit.course.runner import (
    NotebookRunError,
    Origin,
    first_line,
    quiet,
    run_notebook,
    source_index,
)


def test_first_line():
    assert first_line("\n\n  x = 1\ny = 2") == "x = 1"
    assert first_line(["\n", "  print(1)\n", "x"]) == "print(1)"
    assert first_line("") == ""
    assert first_line(None) == ""


@pytest.mark.parametrize(
    ("sources", "positions", "index", "source", "expected"),
    [
        (("a", "b", "c"), None, 1, "b", 1),
        (("a", "b", "c"), None, 2, "b", 1),  # after papermill's injected parameters cell
        (("a", "b", "b2", "c"), (0, 2, 3), 1, "b2", 2),  # learner variant: b was removed
        (("x", "y", "x"), None, 5, "x", 2),  # nearest copy of the same source
        (("a", "b"), None, 4, "zz", 4),  # changed since: where it should be
    ],
    ids=["same-index", "after-injected", "variant", "nearest-copy", "no-match"],
)
def test_source_index(sources, positions, index, source, expected):
    assert source_index(Origin(sources, positions), index, source) == expected


def test_quiet_sends_chatter_to_the_log_and_switches_progress_off(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_PROGRESS", raising=False)
    log = tmp_path / "logs" / "kernels.log"
    with quiet(log):
        os.write(2, b"kernel chatter\n")
        assert os.environ["TOOLKIT_PROGRESS"] == "off"
    assert "TOOLKIT_PROGRESS" not in os.environ
    assert log.read_text(encoding="utf-8") == "kernel chatter\n"
    monkeypatch.setenv("TOOLKIT_PROGRESS", "/tmp/elsewhere.json")
    with quiet():
        assert os.environ["TOOLKIT_PROGRESS"] == "/tmp/elsewhere.json"  # a choice is kept
    assert os.environ["TOOLKIT_PROGRESS"] == "/tmp/elsewhere.json"


@pytest.mark.slow
def test_a_failing_cell_is_named_and_the_run_kept(tmp_path):
    nb = new_notebook(
        cells=[
            new_markdown_cell("# T"),
            new_code_cell("x = 1"),
            new_code_cell("\nraise KeyError(x)"),
        ]
    )
    with pytest.raises(NotebookRunError) as info:
        run_notebook(nb, lesson="t", cwd=tmp_path, timeout=60)
    err = info.value
    assert isinstance(err, LessonExecutionError)
    assert (err.lesson, err.cell_index, err.first_line) == ("t", 2, "raise KeyError(x)")
    assert (err.error, err.kind, err.message) == ("KeyError: 1", "KeyError", "1")
    assert err.notebook is not None  # the run as far as it got: its outputs can be read
    assert err.notebook.cells[-1].outputs[0].output_type == "error"


@pytest.mark.slow
def test_a_cell_past_the_time_limit_runs_once(tmp_path):
    runs = tmp_path / "runs.txt"
    cell = f"import time\nwith open({str(runs)!r}, 'a') as f:\n    f.write('x')\ntime.sleep(60)"
    with pytest.raises(NotebookRunError) as info:
        run_notebook(new_notebook(cells=[new_code_cell(cell)]), lesson="t", cwd=tmp_path, timeout=3)
    assert runs.read_text(encoding="utf-8") == "x"  # never run a second time
    assert info.value.cell_index is None
    assert info.value.kind == "CellTimeoutError"
    assert info.value.notebook is None


def _flaky_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: int) -> Path:
    """A ``python3`` kernel (found first on JUPYTER_PATH) that dies ``fails`` times at start."""
    starts = tmp_path / "starts.txt"
    script = tmp_path / "flaky_kernel.py"
    script.write_text(
        "import sys\n"
        f"with open({str(starts)!r}, 'a') as f:\n"
        "    f.write('x')\n"
        f"if len(open({str(starts)!r}).read()) <= {fails}:\n"
        "    sys.exit(1)\n"
        "from ipykernel import kernelapp\n"
        "kernelapp.launch_new_instance()\n",
        encoding="utf-8",
    )
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, str(script), "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Flaky", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return starts


@pytest.mark.slow
def test_a_kernel_that_fails_to_start_is_tried_again(tmp_path, monkeypatch):
    starts = _flaky_kernel(tmp_path, monkeypatch, fails=1)
    nb = run_notebook(new_notebook(cells=[new_code_cell("print(6 * 7)")]), lesson="t", cwd=tmp_path)
    assert nb.cells[0].outputs[0].text == "42\n"
    assert starts.read_text(encoding="utf-8") == "xx"


@pytest.mark.slow
def test_a_kernel_that_never_starts_is_reported_after_two_tries(tmp_path, monkeypatch):
    starts = _flaky_kernel(tmp_path, monkeypatch, fails=5)
    with pytest.raises(NotebookRunError) as info:
        run_notebook(new_notebook(cells=[new_code_cell("1")]), lesson="t", cwd=tmp_path)
    assert starts.read_text(encoding="utf-8") == "xx"
    assert info.value.cell_index is None
    assert "t: a cell ('') failed" in str(info.value)
