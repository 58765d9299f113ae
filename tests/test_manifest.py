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
    assert set(data["outputs"][0]) == {"path", "lesson", "audience", "kind", "language"}


def test_rejects_unknown_audience_or_kind():
    with pytest.raises(ValueError, match="audience"):
        ManifestEntry("x", "a", "student", "html")
    with pytest.raises(ValueError, match="kind"):
        ManifestEntry("x", "a", "learner", "docx")


def _entry(path: str) -> dict[str, str]:
    return {"path": path, "lesson": "01-a", "audience": "learner", "kind": "html"}


@pytest.mark.parametrize(
    "outputs",
    [
        [_entry("../victim.txt")],
        [_entry("/tmp/victim.txt")],
        [_entry("certificates/../../victim.txt")],
        [_entry("link/victim.txt")],
        [{"path": "learner/a.html", "audience": "learner"}],
        [_entry("learner/a.html") | {"lesson": {"x": 1}}],
        ["learner/a.html"],
        "learner/a.html",
    ],
    ids=[
        "dotdot",
        "absolute",
        "certificates-dotdot",
        "symlink",
        "missing-key",
        "bad-lesson",
        "not-a-table",
        "not-a-list",
    ],
)
def test_entries_that_leave_the_folder_or_are_malformed_are_ignored(tmp_path, outputs):
    (tmp_path / "link").symlink_to(tmp_path.parent)
    good = _entry("learner/ok.html")
    items = [*outputs, good] if isinstance(outputs, list) else outputs
    (tmp_path / "manifest.json").write_text(json.dumps({"outputs": items}), encoding="utf-8")
    expected = [ManifestEntry(**good)] if isinstance(outputs, list) else []
    assert read_manifest(tmp_path) == expected


@pytest.mark.parametrize("text", ["{half", "[1, 2]", "", "null"], ids=repr)
def test_an_unreadable_manifest_reads_as_empty(tmp_path, text):
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    assert read_manifest(tmp_path) == []
