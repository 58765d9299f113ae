"""Content-addressed execution cache (atomic writes: tests/test_files.py)."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

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


def test_a_cache_folder_linked_elsewhere_is_never_written_through(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = ExecutionCache(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    key = "cd" * 32
    (tmp_path / "cache" / "cd").symlink_to(outside)
    cache.put(key, new_notebook(cells=[new_markdown_cell("hi")]))
    assert list(outside.iterdir()) == []
    (outside / f"{key}.ipynb").write_text("{}", encoding="utf-8")
    assert cache.get(key) is None
    assert cache.own_files() == []  # --clean deletes nothing through the link


@pytest.mark.parametrize("key", ["../../victim", "/etc/passwd", "AB" * 32, "ab" * 31, ""], ids=str)
def test_only_sha256_keys_name_entries(tmp_path, key):
    with pytest.raises(ValueError, match="sha256"):
        ExecutionCache(tmp_path).path(key)


def test_own_files_lists_only_the_cache_layout(tmp_path):
    cache = ExecutionCache(tmp_path)
    key = "ef" * 32
    cache.put(key, new_notebook())
    (tmp_path / "ef" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "zz").mkdir()
    (tmp_path / "kernels.log").write_text("", encoding="utf-8")
    assert cache.own_files() == [f"ef/{key}.ipynb"]
