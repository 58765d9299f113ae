"""Atomic writes: whole files only, created with the user's umask (not always 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from toolkit.course import files


@pytest.fixture
def umask():
    """Set the process umask for one test, then restore it."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.mark.parametrize(
    ("mask", "file_mode", "dir_mode"),
    [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700), (0o002, 0o664, 0o775)],
    ids=["umask-022", "umask-077", "umask-002"],
)
def test_outputs_follow_the_umask(tmp_path, umask, mask, file_mode, dir_mode):
    umask(mask)
    target = tmp_path / "learner" / "sub" / "page.html"
    files.atomic_write_text(target, "<p>hi</p>")
    assert stat.S_IMODE(target.stat().st_mode) == file_mode
    assert stat.S_IMODE((tmp_path / "learner").stat().st_mode) == dir_mode
    assert stat.S_IMODE((tmp_path / "learner" / "sub").stat().st_mode) == dir_mode
    # Replacing a file gives the new one the same mode (not the old file's, not 0600).
    files.atomic_write_bytes(target, b"<p>again</p>")
    assert stat.S_IMODE(target.stat().st_mode) == file_mode
    assert target.read_bytes() == b"<p>again</p>"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


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


def test_a_long_name_still_fits_its_temporary_file(tmp_path):
    target = tmp_path / ("a" * 250 + ".pdf")
    files.atomic_write_bytes(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"


def test_writing_replaces_a_planted_link_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "out" / "page.html"
    link.parent.mkdir()
    link.symlink_to(victim)
    files.atomic_write_text(link, "page")
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == "page"
    assert victim.read_text(encoding="utf-8") == "precious"


def test_remove_quietly(tmp_path):
    path = tmp_path / "x"
    path.write_text("x")
    files.remove_quietly(path)
    files.remove_quietly(path)  # already gone: no error
    assert not path.exists()
