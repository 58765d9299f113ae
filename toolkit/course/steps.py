"""Build steps: functions ``(nb, resources) -> (nb, resources)``, like nbconvert preprocessors.

Each step may change ``nb`` in place and returns it; :func:`apply` runs a list of them on a deep
copy, so the executed notebook in the cache is never touched. ``build.py`` lists which steps make
which output, in order.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from toolkit.course import cells
from toolkit.i18n import _

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "Step",
    "apply",
    "mark_trainer_notes",
    "remove_error_banners",
    "remove_parameters_cells",
    "remove_trainer_cells",
    "strip_execution_metadata",
    "strip_widget_state",
]

Resources = dict[str, Any]
Step = Callable[["nbformat.NotebookNode", Resources], tuple["nbformat.NotebookNode", Resources]]

PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
WIDGET_PLACEHOLDER = "[An interactive form: open the notebook in JupyterLab to use it.]"


def apply(
    steps: Iterable[Step], nb: nbformat.NotebookNode, resources: Resources | None = None
) -> tuple[nbformat.NotebookNode, Resources]:
    """Run ``steps`` in order on a deep copy of ``nb``."""
    nb = copy.deepcopy(nb)
    resources = dict(resources or {})
    for step in steps:
        nb, resources = step(nb, resources)
    return nb, resources


def strip_execution_metadata(nb: nbformat.NotebookNode, resources: Resources):
    """Drop timings that differ between runs (papermill durations, execution timestamps).

    What remains — sources, outputs, execution counts — is deterministic, so nbval can re-run a
    built notebook and compare outputs only.
    """
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb, resources


def remove_error_banners(nb: nbformat.NotebookNode, resources: Resources):
    """Remove the banner cells papermill adds to a failed notebook."""
    nb.cells = [c for c in nb.cells if PAPERMILL_ERROR_TAG not in cells.tags(c)]
    return nb, resources


def remove_trainer_cells(nb: nbformat.NotebookNode, resources: Resources):
    """Learner edition: remove every ``trainer`` and ``solution`` cell (with its outputs)."""
    nb.cells = [c for c in nb.cells if cells.is_learner_visible(c)]
    return nb, resources


def remove_parameters_cells(nb: nbformat.NotebookNode, resources: Resources):
    """Pages and prints: hide the ``parameters`` / ``injected-parameters`` cells (no outputs)."""
    nb.cells = [c for c in nb.cells if not cells.is_parameters(c)]
    return nb, resources


def mark_trainer_notes(nb: nbformat.NotebookNode, resources: Resources):
    """Trainer edition: label trainer notes and answers in words, not only by colour.

    A markdown note gets a bold lead-in; a code answer gets a small markdown label cell before it
    (tagged like the cell it labels, so the stylesheet frames both).
    """
    from nbformat.v4 import new_markdown_cell

    out = []
    for cell in nb.cells:
        label = (
            _("Answer (trainer only)")
            if cells.is_solution(cell)
            else _("Trainer note")
            if cells.is_trainer(cell)
            else None
        )
        if label is None:
            out.append(cell)
            continue
        if cell.cell_type == "markdown":
            cell.source = f"**{label}:** {cell.source}"
        else:
            marker = new_markdown_cell(f"**{label}:**")
            marker.metadata["tags"] = sorted(cells.tags(cell) & {cells.TRAINER, cells.SOLUTION})
            if cell.get("id"):  # the same page from the same notebook: no random id in it
                marker.id = f"{cell.id}-label"[:64]
            out.append(marker)
        out.append(cell)
    nb.cells = out
    return nb, resources


def strip_widget_state(nb: nbformat.NotebookNode, resources: Resources):
    """Static pages: show a widget's ``text/html`` snapshot instead of a blank live widget.

    Drops the notebook's saved widget state (which would make nbconvert load widget scripts from
    a CDN) and the ``widget-view`` MIME type of each output; an output with no snapshot gets a
    plain-text note.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data or cells.WIDGET_MIME not in data:
                continue
            data.pop(cells.WIDGET_MIME)
            if "text/html" not in data:
                output["data"] = {"text/plain": WIDGET_PLACEHOLDER}
    return nb, resources
