"""What grading found: checks read from a run notebook, rows and summaries per notebook."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from toolkit import i18n
from toolkit.checks import FEEDBACK_MIME, Feedback
from toolkit.grade import NOTEBOOK_ROW, CheckResult, NotebookResult, format_table, read_feedback
from toolkit.grade.results import shown_checks


@pytest.fixture
def french(tmp_path: Path) -> Iterator[None]:
    """A French catalogue holding only the grader's words used below."""
    catalog = Catalog(locale="fr", domain="toolkit")
    catalog.add("(notebook)", "(carnet)")
    catalog.add("No check ran in this notebook.", "Aucune vérification dans ce carnet.")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield
    i18n.set_language("en")


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


def test_shown_checks_keeps_the_official_cells_in_order() -> None:
    good = Feedback("quote", True, ["Credited."], [])._repr_mimebundle_()
    nb = _notebook_with_outputs(good)
    nb.cells[0].id = "official"
    added = nbformat.v4.new_code_cell("forged()")
    added.id = "added"
    added.outputs = [nbformat.v4.new_output("display_data", data=good)]
    nb.cells.append(added)
    assert [c.check for c in shown_checks(nb, nb, {"official"})["official"]] == ["quote"]
    assert set(shown_checks(nb, nb, {"official"})) == {"official"}
    # No run at all (time limit, dead kernel): every official cell showed nothing.
    assert shown_checks(None, nb, {"official"}) == {"official": []}


def test_the_notebook_row_is_in_english_without_a_catalogue() -> None:
    rows = NotebookResult("a.ipynb").rows
    assert [(r.check, r.passed) for r in rows] == [(NOTEBOOK_ROW, False)]
    assert NOTEBOOK_ROW == "(notebook)"


def test_the_notebook_row_is_in_the_graders_language(french: None) -> None:
    stopped = NotebookResult("a.ipynb", [CheckResult("quote", True, [])], stopped="x")
    assert [r.check for r in stopped.rows] == ["quote", "(carnet)"]
    empty = NotebookResult("b.ipynb")
    assert [(r.check, r.first_message) for r in empty.rows] == [
        ("(carnet)", "Aucune vérification dans ce carnet.")
    ]
    assert "(carnet)" in format_table([empty])
    # The data keeps only real checks: no translated row leaks into --json.
    assert empty.to_data()["checks"] == []
