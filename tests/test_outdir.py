"""The output folder: the build writes into and deletes from only a folder it made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit.course.errors import CourseConfigError, OutputFolderError
from toolkit.course.outdir import (
    MARKER,
    clean_output,
    confined,
    discard_if_unused,
    prepare_output,
)


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its content (links shown as their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[rel] = path.read_text(encoding="utf-8")
        else:
            found[rel] = "/"
    return found


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "work" / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "course.toml").write_text('[course]\ntitle = "T"\n', encoding="utf-8")
    (root / "lessons" / "01-a.ipynb").write_text("{}", encoding="utf-8")
    return root


def _protected(course: Path) -> list[Path]:
    return [course, course / "lessons" / "01-a.ipynb"]


def test_a_new_folder_is_made_with_its_marker(tmp_path, course):
    out = prepare_output(tmp_path / "site" / "_build", protected=_protected(course))
    assert out == (tmp_path / "site" / "_build").resolve()
    assert "build_course.py" in (out / MARKER).read_text(encoding="utf-8")
    # An empty folder is fine too, and a marked one is used again.
    (tmp_path / "empty").mkdir()
    assert (prepare_output(tmp_path / "empty") / MARKER).is_file()
    assert prepare_output(out) == out


def test_a_build_from_before_the_marker_is_adopted(tmp_path):
    old = tmp_path / "_build"
    (old / "learner").mkdir(parents=True)
    (old / "manifest.json").write_text("{}", encoding="utf-8")
    (old / ".state.json").write_text("{}", encoding="utf-8")
    prepare_output(old)
    assert (old / MARKER).is_file()


def test_a_build_from_before_the_marker_killed_mid_write_is_adopted(tmp_path):
    old = tmp_path / "_build"
    (old / "learner").mkdir(parents=True)
    (old / ".state.json").write_text("{}", encoding="utf-8")
    (old / ".manifest.json.k3j_x9.tmp").write_text("{", encoding="utf-8")  # tempfile.mkstemp
    prepare_output(old)
    assert (old / MARKER).is_file()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp, course: tmp / "a-file.txt", "is a file"),
        (lambda tmp, course: course, "holds the course"),
        (lambda tmp, course: course.parent, "holds the course"),
        (lambda tmp, course: course / "lessons", "holds the course"),
        (lambda tmp, course: course / "lessons" / "01-a.ipynb", "is a file"),
        (lambda tmp, course: tmp / "home", "home folder"),
        (lambda tmp, course: tmp / "home" / "..", "home folder"),
        (lambda tmp, course: Path("/"), "top of the disk"),
        (lambda tmp, course: tmp / "thesis", "files the build did not make (photos, thesis.txt)"),
        (lambda tmp, course: tmp / "linked", "link or a file"),
        (lambda tmp, course: tmp / "built" / "learner", "inside the build folder"),
        (lambda tmp, course: tmp / "teaching", "did not make (learner, trainer)"),
    ],
    ids=[
        "file",
        "course-root",
        "folder-holding-course",
        "lessons-folder",
        "a-lesson",
        "home",
        "folder-holding-home",
        "slash",
        "someone-elses-folder",
        "learner-is-a-link",
        "inside-a-build",
        "own-learner-folder",
    ],
)
def test_unsafe_folders_are_refused_and_left_untouched(tmp_path, course, monkeypatch, make, words):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "diary.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "a-file.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "thesis" / "photos").mkdir(parents=True)
    (tmp_path / "thesis" / "thesis.txt").write_text("four years", encoding="utf-8")
    (tmp_path / "thesis" / "photos" / "a.jpg").write_text("jpg", encoding="utf-8")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / MARKER).write_text("", encoding="utf-8")
    (tmp_path / "linked" / "learner").symlink_to(tmp_path / "thesis")
    (tmp_path / "built" / "learner").mkdir(parents=True)
    (tmp_path / "built" / MARKER).write_text("", encoding="utf-8")
    (tmp_path / "built" / "learner" / "index.html").write_text("page", encoding="utf-8")
    for name in ("learner", "trainer"):  # her own handouts, no manifest: not an old build
        (tmp_path / "teaching" / name).mkdir(parents=True)
        (tmp_path / "teaching" / name / "index.html").write_text("mine", encoding="utf-8")
    before = _tree(tmp_path)
    with pytest.raises(OutputFolderError, match=None) as info:
        prepare_output(make(tmp_path, course), protected=_protected(course))
    assert words in str(info.value)
    assert "Traceback" not in str(info.value)
    assert isinstance(info.value, CourseConfigError)  # the CLI's exit 2
    assert _tree(tmp_path) == before


@pytest.mark.parametrize(
    "rel",
    [
        *("../victim.txt", "/tmp/victim.txt", "a/../../victim.txt", "link/victim.txt", "", "."),
        *("a\\b", "a\x00b", "\ud800/x.html", "learner/\udfff.html", "learner/" + "a" * 256),
        "/".join(["a"] * 600),
    ],
    ids=[
        *("dotdot", "absolute", "nested-dotdot", "through-symlink", "empty", "dot"),
        *("backslash", "nul", "surrogate-folder", "surrogate-name", "name-too-long"),
        "path-too-long",
    ],
)
def test_confined_refuses_paths_that_leave_the_folder(tmp_path, rel):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    assert confined(out, rel) is None
    assert confined(out, 5) is None


def test_confined_keeps_inner_paths_and_does_not_follow_the_last_link(tmp_path):
    out = tmp_path / "out"
    (out / "learner").mkdir(parents=True)
    (out / "learner" / "a.html").symlink_to(tmp_path / "victim.txt")
    assert confined(out, "learner/a.html") == out / "learner" / "a.html"
    assert confined(out, "learner/./b.html") == out / "learner" / "b.html"


def test_clean_removes_only_what_the_build_lists(tmp_path):
    out = tmp_path / "out"
    (out / "learner").mkdir(parents=True)
    (out / "trainer").mkdir()
    (out / MARKER).write_text("", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (out / "learner" / "01-a.html").write_text("page", encoding="utf-8")
    (out / "learner" / ".01-a.html.abc123.tmp").write_text("half", encoding="utf-8")
    (out / "learner" / "notes.txt").write_text("the trainer's own", encoding="utf-8")
    (out / "learner" / "evil.html").symlink_to(victim)
    (out / "trainer" / "01-a.html").write_text("page", encoding="utf-8")
    listed = ["learner/01-a.html", "trainer/01-a.html", "learner/evil.html", "../victim.txt"]
    kept = clean_output(out, listed, ["learner", "trainer", "certificates"])
    assert kept == ["learner/notes.txt"]
    assert _tree(out) == {MARKER: "", "learner": "/", "learner/notes.txt": "the trainer's own"}
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_new_folder_of_a_refused_run_is_discarded_unless_something_is_in_it(tmp_path):
    out = prepare_output(tmp_path / "_build")
    (out / "certificates").mkdir()
    discard_if_unused(out)
    assert not out.exists()
    out = prepare_output(tmp_path / "_build")
    (out / "certificates").mkdir()
    (out / "certificates" / "amina.pdf").write_text("pdf", encoding="utf-8")
    discard_if_unused(out)
    assert (out / "certificates" / "amina.pdf").is_file()
    assert (out / MARKER).is_file()
