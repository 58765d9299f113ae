"""Content-addressed execution cache and atomic writes."""

from __future__ import annotations

import os

import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

from toolkit.course import files
from toolkit.course.cache import ExecutionCache, execution_key, hash_parts


def test_key_depends_on_source_and_params():
    base = execution_key(b"{}", {"paper": "A4", "workshop": "W"})
    assert base == execution_key(b"{}", {"workshop": "W", "paper": "A4"})
    assert base != execution_key(b"{ }", {"paper": "A4", "workshop": "W"})
    assert base != execution_key(b"{}", {"paper": "Letter", "workshop": "W"})
    assert hash_parts(["ab", "c"]) != hash_parts(["a", "bc"])


def test_cache_roundtrip_and_damaged_entry(tmp_path):
    cache = ExecutionCache(tmp_path)
    key = "ab" * 32
    assert cache.get(key) is None
    nb = new_notebook(cells=[new_markdown_cell("hi")])
    cache.put(key, nb)
    assert cache.get(key).cells[0].source == "hi"
    cache.path(key).write_text("{half", encoding="utf-8")
    assert cache.get(key) is None


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.html"
    files.atomic_write_text(target, "old")

    def boom(src, dst):
        msg = "killed"
        raise OSError(msg)

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="killed"):
        files.atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
