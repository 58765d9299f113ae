"""Build steps: each (nb, resources) -> (nb, resources)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from toolkit.course import cells, steps


def _nb():
    nb = new_notebook()
    nb.metadata["papermill"] = {"duration": 1.2}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    note = new_markdown_cell("Bring cards.")
    note.metadata["tags"] = ["trainer"]
    answer = new_code_cell("x = 1")
    answer.metadata["tags"] = ["solution"]
    answer.metadata["execution"] = {"iopub.execute_input": "2026-01-01"}
    params = new_code_cell("paper = 'A4'")
    params.metadata["tags"] = ["parameters"]
    widget = new_code_cell("form")
    widget.outputs = [
        new_output(
            "display_data",
            data={
                cells.WIDGET_MIME: {"model_id": "m"},
                "text/html": "<p>snapshot</p>",
                "text/plain": "F",
            },
        ),
        new_output("display_data", data={cells.WIDGET_MIME: {"model_id": "n"}}),
    ]
    nb.cells = [new_markdown_cell("# Title"), note, answer, params, widget]
    return nb


def test_apply_works_on_a_copy():
    nb = _nb()
    out, resources = steps.apply([steps.remove_trainer_cells], nb, {"a": 1})
    assert len(nb.cells) == 5
    assert len(out.cells) == 3
    assert resources == {"a": 1}


def test_remove_trainer_cells():
    out, _ = steps.apply([steps.remove_trainer_cells], _nb())
    assert all(cells.is_learner_visible(c) for c in out.cells)


def test_mark_trainer_notes_in_words():
    out, _ = steps.apply([steps.mark_trainer_notes], _nb())
    assert out.cells[1].source.startswith("**Trainer note:**")
    assert out.cells[2].source == "**Answer (trainer only):**"
    assert cells.is_solution(out.cells[2])
    assert out.cells[3].source == "x = 1"


def test_strip_execution_metadata():
    out, _ = steps.apply([steps.strip_execution_metadata], _nb())
    assert "papermill" not in out.metadata
    assert all("execution" not in c.metadata for c in out.cells)


def test_strip_widget_state_prefers_the_snapshot():
    out, _ = steps.apply([steps.strip_widget_state], _nb())
    first, second = out.cells[-1].outputs
    assert "widgets" not in out.metadata
    assert set(first.data) == {"text/html", "text/plain"}
    assert second.data == {"text/plain": steps.WIDGET_PLACEHOLDER}
    nbformat.validate(out)


def test_remove_parameters_cells():
    out, _ = steps.apply([steps.remove_parameters_cells], _nb())
    assert not any(cells.is_parameters(c) for c in out.cells)
