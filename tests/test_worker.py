"""One pool task in a worker: a failure is a result named against its lesson, nothing written."""

from __future__ import annotations

import nbformat

from toolkit.course.config import Document
from toolkit.course.outputs import DocumentTask, Settings
from toolkit.course.worker import build_document


def test_a_malformed_lesson_fails_in_lint_and_writes_nothing(tmp_path):
    path = tmp_path / "a.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    doc = Document(id="01-a", lesson="01-a", part="lesson", title="A", path=path)
    out = tmp_path / "_build"
    settings = Settings(out, "C", "en", "CC", pdf=False, paper="a4")
    result = build_document(DocumentTask(doc, "k", "0" * 64, settings, {}))
    assert (result.doc_id, result.status, result.executed) == ("01-a", "failed", False)
    assert 'metadata["course"]' in str(result.error)
    assert result.outputs == []
    assert "lint" in result.phases
    assert not (out / "learner").exists()
    assert not (out / "trainer").exists()
