"""Publishing the learner edition for a shared hub: learner files only, readable by everyone."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import nbformat
import pytest

from toolkit.course import cells
from toolkit.course.errors import CourseError, OutputFolderError
from toolkit.course.publish import MARKER, learner_files, main, publish
from toolkit.course.workspace import main as workspace_main

ROOT = Path(__file__).resolve().parents[1]
GRADING = ROOT / "tests" / "fixtures" / "grading"


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` with its content (links shown as their target)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        else:
            found[rel] = path.read_bytes() if path.is_file() else "/"
    return found


def _entry(path: str, audience: str, kind: str = "notebook") -> dict[str, object]:
    return {"path": path, "lesson": "x", "audience": audience, "kind": kind}


def fake_build(out: Path, learner: dict[str, bytes], trainer: tuple[str, ...] = ()) -> Path:
    """A build folder as build_course.py leaves it, with ``course.css`` beside the pages."""
    entries = []
    for name, data in learner.items():
        (out / "learner").mkdir(parents=True, exist_ok=True)
        (out / "learner" / name).write_bytes(data)
        entries.append(_entry(f"learner/{name}", "learner"))
    for name in trainer:
        (out / "trainer").mkdir(parents=True, exist_ok=True)
        (out / "trainer" / name).write_bytes(b"ANSWER KEY")
        entries.append(_entry(f"trainer/{name}", "trainer"))
    (out / "learner").mkdir(parents=True, exist_ok=True)
    (out / "learner" / "course.css").write_bytes(b"body {}")
    (out / "manifest.json").write_text(json.dumps({"course": "T", "outputs": entries}))
    return out


@pytest.fixture
def build(tmp_path: Path) -> Path:
    return fake_build(
        tmp_path / "_build",
        {"01-a.ipynb": b"lesson", "01-a.html": b"<p>lesson</p>"},
        trainer=("01-a.ipynb", "01-a.html"),
    )


def test_only_the_learner_edition_is_published(tmp_path: Path, build: Path) -> None:
    changed = publish(build, tmp_path / "pub")
    pub = tmp_path / "pub"
    assert changed == ["learner/01-a.ipynb", "learner/01-a.html", "learner/course.css"]
    assert set(_tree(pub)) == {
        MARKER,
        "manifest.json",
        "learner",
        "learner/01-a.ipynb",
        "learner/01-a.html",
        "learner/course.css",
    }
    assert b"ANSWER KEY" not in b"".join(p.read_bytes() for p in pub.rglob("*") if p.is_file())
    manifest = json.loads((pub / "manifest.json").read_text())
    assert manifest["course"] == "T"
    assert [e["path"] for e in manifest["outputs"]] == ["learner/01-a.ipynb", "learner/01-a.html"]
    assert {e["audience"] for e in manifest["outputs"]} == {"learner"}


def test_everything_is_readable_by_everyone_whatever_the_umask(tmp_path: Path, build: Path) -> None:
    old = os.umask(0o077)
    try:
        publish(build, tmp_path / "srv" / "pub")
    finally:
        os.umask(old)
    for path in [tmp_path / "srv", *sorted((tmp_path / "srv").rglob("*"))]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path


def test_publishing_again_updates_adds_and_never_deletes(tmp_path: Path, build: Path) -> None:
    pub = tmp_path / "pub"
    publish(build, pub)
    assert publish(build, pub) == []  # nothing changed
    (pub / "trainer-notes.txt").write_text("the trainer's own file")
    # The course drops 01-a.html, changes 01-a.ipynb and gains a lesson.
    (build / "learner" / "01-a.html").unlink()
    fake_build(build, {"01-a.ipynb": b"lesson v2", "02-b.ipynb": b"two"})
    assert publish(build, pub) == ["learner/01-a.ipynb", "learner/02-b.ipynb"]
    assert (pub / "learner" / "01-a.ipynb").read_bytes() == b"lesson v2"
    assert (pub / "learner" / "01-a.html").read_bytes() == b"<p>lesson</p>"  # never deleted
    assert (pub / "trainer-notes.txt").is_file()
    listed = [e["path"] for e in json.loads((pub / "manifest.json").read_text())["outputs"]]
    assert listed == ["learner/01-a.ipynb", "learner/02-b.ipynb"]


def test_links_and_forged_entries_never_carry_a_trainer_file(tmp_path: Path) -> None:
    build = fake_build(tmp_path / "_build", {"01-a.ipynb": b"lesson"}, trainer=("01-a-key.ipynb",))
    (build / "learner" / "key.ipynb").symlink_to(build / "trainer" / "01-a-key.ipynb")
    (build / "learner" / "sub").symlink_to(build / "trainer")
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["outputs"] += [
        _entry("learner/key.ipynb", "learner"),
        _entry("learner/sub/01-a-key.ipynb", "learner"),
        _entry("trainer/01-a-key.ipynb", "learner"),  # a trainer file said to be the learner's
        _entry("learner/../trainer/01-a-key.ipynb", "learner"),
    ]
    (build / "manifest.json").write_text(json.dumps(manifest))
    assert learner_files(build) == ["learner/01-a.ipynb", "learner/course.css"]
    publish(build, tmp_path / "pub")
    assert not any(b"ANSWER KEY" in p.read_bytes() for p in (tmp_path / "pub").rglob("*.ipynb"))


def test_a_learner_folder_that_is_a_link_publishes_nothing(tmp_path: Path) -> None:
    build = fake_build(tmp_path / "_build", {}, trainer=("01-a.ipynb",))
    (build / "learner" / "course.css").unlink()
    (build / "learner").rmdir()
    (build / "learner").symlink_to(build / "trainer")
    manifest = {"course": "T", "outputs": [_entry("learner/01-a.ipynb", "learner")]}
    (build / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CourseError, match="no learner edition yet"):
        publish(build, tmp_path / "pub")
    assert not (tmp_path / "pub").exists()


def test_no_build_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="build_course.py --no-pdf"):
        publish(tmp_path / "_build", tmp_path / "pub")
    assert not (tmp_path / "pub").exists()


# Every folder the learner edition must not go to: refused, nothing changed.
REFUSED = {
    "someone-elses-files": (lambda t: t / "mine", "already holds other files"),
    "a-file": (lambda t: t / "notes.txt", "a file, not a folder"),
    "inside-the-build": (lambda t: t / "_build" / "pub", "shares a folder with the build"),
    "the-build-itself": (lambda t: t / "_build", "shares a folder with the build"),
    "holding-the-build": (lambda t: t, "shares a folder with the build"),
    "inside-a-course": (lambda t: t / "course" / "pub", "inside a course"),
    "top-of-the-disk": (lambda t: Path("/"), "Cannot publish into /,"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_folder_it_did_not_make_is_refused_and_nothing_changes(
    tmp_path: Path, build: Path, case: str
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "diary.txt").write_text("her own")
    (tmp_path / "notes.txt").write_text("notes")
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "course.toml").write_text('[course]\ntitle = "T"\n')
    where, message = REFUSED[case]
    before = _tree(tmp_path)
    with pytest.raises(OutputFolderError, match=message) as caught:
        publish(build, where(tmp_path))
    assert "nothing was changed" in str(caught.value)
    assert _tree(tmp_path) == before


def test_an_empty_folder_is_adopted(tmp_path: Path, build: Path) -> None:
    (tmp_path / "pub").mkdir(mode=0o700)
    publish(build, tmp_path / "pub")
    assert (tmp_path / "pub" / MARKER).is_file()
    assert stat.S_IMODE((tmp_path / "pub").stat().st_mode) == 0o755


def test_the_cli(
    tmp_path: Path, build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["pub"]) == 0  # the build: _build here
    assert "3 files new or changed in pub" in capsys.readouterr().out
    assert main(["--build", str(build), str(tmp_path / "pub")]) == 0
    assert "0 files new or changed" in capsys.readouterr().out
    assert main([str(build), str(tmp_path / "pub2")]) == 0
    assert (tmp_path / "pub2" / "learner" / "01-a.ipynb").is_file()
    capsys.readouterr()
    assert main([str(build), str(tmp_path / "_build" / "x")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot publish into")
    assert "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["--build", str(build), str(build), str(tmp_path / "pub3")])
    assert not (tmp_path / "pub3").exists()


# -- the real thing: the grading fixture course built, published, copied to a workspace ----------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from toolkit.course.build import build_course
    from toolkit.course.config import load_course

    root = tmp_path_factory.mktemp("published")
    build_course(
        load_course(GRADING / "course.toml"), root / "_build", jobs=1, progress=False, pdf=False
    )
    publish(root / "_build", root / "srv" / "course")
    return root / "_build", root / "srv" / "course"


@pytest.mark.slow
def test_a_real_build_publishes_no_answer(published: tuple[Path, Path]) -> None:
    build, pub = published
    files = {p.relative_to(pub).as_posix() for p in pub.rglob("*") if p.is_file()}
    learner = {p.relative_to(build).as_posix() for p in (build / "learner").rglob("*")}
    assert files == learner | {MARKER, "manifest.json"}
    assert "learner/course.css" in files
    # Every trainer file but the stylesheet both editions share.
    trainer = {p.read_bytes() for p in (build / "trainer").rglob("*") if p.name != "course.css"}
    assert trainer
    assert not trainer & {(pub / f).read_bytes() for f in files}
    answers = set()
    for source in (GRADING / "exercises").glob("*.ipynb"):
        nb = nbformat.read(source, as_version=4)
        answers |= {c.source for c in nb.cells if cells.is_solution(c) or cells.is_trainer(c)}
    assert answers
    for path in pub.rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(cells.is_solution(c) or cells.is_trainer(c) for c in nb.cells)
        assert not answers & {c.source for c in nb.cells}


@pytest.mark.slow
def test_a_workspace_fills_from_the_published_edition_alone(
    published: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, pub = published
    monkeypatch.chdir(tmp_path)  # outside any course: no course.toml to be found
    assert workspace_main(["--build", str(pub), str(tmp_path / "course")]) == 0
    names = sorted(p.name for p in (tmp_path / "course").glob("*.ipynb"))
    assert names == ["01-echo-exercise.ipynb", "03-twice-exercise.ipynb"]
