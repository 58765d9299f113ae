"""manifest.json: a stable contract."""

from __future__ import annotations

import json

import pytest

from toolkit.course.manifest import ManifestEntry, read_manifest, write_manifest


def test_roundtrip_and_shape(tmp_path):
    entries = [
        ManifestEntry("learner/a.html", "01-a", "learner", "html"),
        ManifestEntry("trainer/trainer-guide.pdf", None, "trainer", "pdf"),
    ]
    assert write_manifest(tmp_path, "C", entries) is True
    assert write_manifest(tmp_path, "C", entries) is False  # unchanged: not rewritten
    assert read_manifest(tmp_path) == entries
    data = json.loads((tmp_path / "manifest.json").read_text())
    assert set(data["outputs"][0]) == {"path", "lesson", "audience", "kind"}


def test_rejects_unknown_audience_or_kind():
    with pytest.raises(ValueError, match="audience"):
        ManifestEntry("x", "a", "student", "html")
    with pytest.raises(ValueError, match="kind"):
        ManifestEntry("x", "a", "learner", "docx")
