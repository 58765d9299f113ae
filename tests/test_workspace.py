"""The learner's workspace (make lab): learner edition only, a learner's work is never replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from toolkit.course import cells
from toolkit.course.errors import CourseError, OutputFolderError
from toolkit.course.workspace import (
    MARKER,
    STATE,
    fill_workspace,
    learner_notebooks,
    main,
    make_workspace,
    prepare_workspace,
)

ROOT = Path(__file__).resolve().parents[1]
GRADING = ROOT / "tests" / "fixtures" / "grading"


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` with its content (links shown as their target)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = "/"
    return found


def _notebook(text: str) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    return nbformat.writes(nb).encode()


def fake_build(out: Path, notebooks: dict[str, str], trainer: tuple[str, ...] = ()) -> Path:
    """A build folder as build_course.py leaves it: notebooks listed in manifest.json."""
    entries = []
    for name, text in notebooks.items():
        (out / "learner").mkdir(parents=True, exist_ok=True)
        (out / "learner" / name).write_bytes(_notebook(text))
        entries.append(
            {"path": f"learner/{name}", "lesson": "x", "audience": "learner", "kind": "notebook"}
        )
    for name in trainer:
        (out / "trainer").mkdir(parents=True, exist_ok=True)
        (out / "trainer" / name).write_bytes(_notebook("ANSWER"))
        entries.append(
            {"path": f"trainer/{name}", "lesson": "x", "audience": "trainer", "kind": "notebook"}
        )
    (out / "manifest.json").write_text(json.dumps({"course": "T", "outputs": entries}))
    return out


@pytest.fixture
def build(tmp_path: Path) -> Path:
    return fake_build(
        tmp_path / "_build",
        {"01-a.ipynb": "lesson one", "01-a-exercise.ipynb": "exercise one"},
        trainer=("01-a-exercise.ipynb",),
    )


def test_a_fresh_workspace_gets_every_learner_notebook_and_no_trainer_one(
    tmp_path: Path, build: Path
) -> None:
    report = make_workspace(tmp_path / "ws", build)
    ws = (tmp_path / "ws").resolve()
    assert report.folder == ws
    assert report.added == ["01-a.ipynb", "01-a-exercise.ipynb"]
    assert report.kept == report.updated == report.unchanged == []
    for name in report.added:
        assert (ws / name).read_bytes() == (build / "learner" / name).read_bytes()
    assert b"ANSWER" not in b"".join((ws / n).read_bytes() for n in report.added)
    assert (ws / MARKER).is_file()
    assert sorted(json.loads((ws / STATE).read_text())["copied"]) == sorted(report.added)
    assert any("Added 2 notebooks" in line for line in report.lines())


def test_running_again_keeps_her_work_and_adds_new_lessons(tmp_path: Path, build: Path) -> None:
    make_workspace(tmp_path / "ws", build)
    ws = tmp_path / "ws"
    hers = _notebook("exercise one, with MY ANSWER")
    (ws / "01-a-exercise.ipynb").write_bytes(hers)
    # The course changes both notebooks and gains a lesson.
    fake_build(
        build,
        {
            "01-a.ipynb": "lesson one v2",
            "01-a-exercise.ipynb": "exercise v2",
            "02-b.ipynb": "lesson two",
        },
    )
    report = make_workspace(ws, build)
    assert report.kept == ["01-a-exercise.ipynb"]
    assert (ws / "01-a-exercise.ipynb").read_bytes() == hers
    assert report.updated == ["01-a.ipynb"]  # she never saved it: the new version
    assert (ws / "01-a.ipynb").read_bytes() == (build / "learner" / "01-a.ipynb").read_bytes()
    assert report.added == ["02-b.ipynb"]
    text = "\n".join(report.lines())
    assert "Kept your own work in 1 notebook (not replaced): 01-a-exercise.ipynb" in text
    assert "rename or delete it" in text
    # A third run changes nothing and says so; her work is still there.
    again = make_workspace(ws, build)
    assert again.kept == ["01-a-exercise.ipynb"]
    assert again.added == again.updated == []
    assert (ws / "01-a-exercise.ipynb").read_bytes() == hers


def test_a_deleted_notebook_comes_back_fresh(tmp_path: Path, build: Path) -> None:
    make_workspace(tmp_path / "ws", build)
    (tmp_path / "ws" / "01-a-exercise.ipynb").unlink()
    assert make_workspace(tmp_path / "ws", build).added == ["01-a-exercise.ipynb"]


@pytest.mark.parametrize("state", ["{not json", '{"copied": []}', '["x"]', ""])
def test_lost_or_broken_state_keeps_every_existing_notebook(
    tmp_path: Path, build: Path, state: str
) -> None:
    make_workspace(tmp_path / "ws", build)
    ws = tmp_path / "ws"
    (ws / STATE).write_text(state)
    fake_build(build, {"01-a.ipynb": "v2", "01-a-exercise.ipynb": "v2"})
    before = {n: (ws / n).read_bytes() for n in ("01-a.ipynb", "01-a-exercise.ipynb")}
    report = make_workspace(ws, build)
    assert report.kept == ["01-a.ipynb", "01-a-exercise.ipynb"]
    assert {n: (ws / n).read_bytes() for n in before} == before


def test_a_link_in_the_workspace_is_never_written_through(tmp_path: Path, build: Path) -> None:
    make_workspace(tmp_path / "ws", build)
    outside = tmp_path / "outside.ipynb"
    outside.write_bytes(b"someone else's file")
    link = tmp_path / "ws" / "01-a.ipynb"
    link.unlink()
    link.symlink_to(outside)
    report = make_workspace(tmp_path / "ws", build)
    assert "01-a.ipynb" in report.kept
    assert outside.read_bytes() == b"someone else's file"
    assert link.is_symlink()


def test_an_empty_folder_is_adopted(tmp_path: Path, build: Path) -> None:
    (tmp_path / "ws").mkdir()
    assert len(make_workspace(tmp_path / "ws", build).added) == 2


def _course(tmp_path: Path) -> tuple[Path, list[Path]]:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "course.toml").write_text('[course]\ntitle = "T"\n')
    (root / "lessons" / "01-a.ipynb").write_text("{}")
    return root, [root / "course.toml", root / "lessons" / "01-a.ipynb"]


# Every folder a workspace must not be: refused, nothing changed. One case per mistake.
REFUSED = {
    "someone-elses-files": (lambda t: t / "mine", "already holds files it did not put there"),
    "a-file": (lambda t: t / "notes.txt", "is a file, not a folder"),
    "home-folder": (lambda t: t / "home", "your home folder"),
    "a-folder-holding-home": (lambda t: t, "your home folder"),
    "top-of-the-disk": (lambda t: Path("/"), "top of the disk"),
    "the-course-itself": (lambda t: t / "course", "holds the course itself"),
    "inside-the-lessons": (lambda t: t / "course" / "lessons" / "ws", "share a folder"),
    "inside-the-build": (lambda t: t / "_build" / "ws", "share a folder"),
    "holding-the-build": (lambda t: t / "outer", "share a folder"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_folder_it_did_not_make_is_refused_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root, protected = _course(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "diary.ipynb").write_text("her own")
    (tmp_path / "notes.txt").write_text("notes")
    build = fake_build(tmp_path / "_build", {"01-a.ipynb": "one"})
    if case == "holding-the-build":
        build = fake_build(tmp_path / "outer" / "_build", {"01-a.ipynb": "one"})
    where, message = REFUSED[case]
    before = _tree(tmp_path)
    with pytest.raises(OutputFolderError, match=message) as caught:
        make_workspace(where(tmp_path), build, protected=protected, apart=[root / "lessons"])
    assert "nothing was changed" in str(caught.value)
    assert _tree(tmp_path) == before


def test_no_built_notebooks_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="build_course.py --no-pdf"):
        learner_notebooks(tmp_path / "_build")
    assert not (tmp_path / "ws").exists()


def test_the_cli_refuses_in_plain_words_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "diary.txt").write_text("hers")
    build = fake_build(tmp_path / "_build", {"01-echo-exercise.ipynb": "x"})
    assert main(["--course", str(GRADING), "--build", str(build), str(tmp_path / "mine")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The workspace")
    assert "Traceback" not in err
    assert (
        main(["--course", str(GRADING), "--build", str(tmp_path / "none"), str(tmp_path / "ws")])
        == 2
    )
    assert "holds no learner notebooks yet" in capsys.readouterr().err
    assert main(["--course", str(GRADING), "--build", str(build), str(tmp_path / "ws")]) == 0
    assert "Added 1 notebook: 01-echo-exercise.ipynb" in capsys.readouterr().out


def test_the_cli_with_build_alone_needs_no_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shared hub: only the published learner edition, no course.toml anywhere to find."""
    import toolkit.course.submission

    def no_course(*_args: object) -> None:
        msg = "course.toml was looked for"
        raise AssertionError(msg)

    monkeypatch.setattr(toolkit.course.submission, "find_course", no_course)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)  # outside any course
    build = fake_build(tmp_path / "srv" / "course", {"01-a.ipynb": "one"}, trainer=("01-a.ipynb",))
    assert main(["--build", str(build), str(home / "course")]) == 0
    assert "Added 1 notebook: 01-a.ipynb" in capsys.readouterr().out
    assert b"ANSWER" not in (home / "course" / "01-a.ipynb").read_bytes()
    # Still kept apart from the build: never inside it, never holding it.
    before = _tree(tmp_path)
    for where in (build / "ws", build, tmp_path / "srv"):
        assert main(["--build", str(build), str(where)]) == 2
        assert "would share a folder" in capsys.readouterr().err
    assert main(["--build", str(build)]) == 2  # no folder and no course to find one from
    assert "Name the workspace folder" in capsys.readouterr().err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("uid", ["0", "1000"], ids=["as-root", "as-a-normal-user"])
def test_make_lab_opens_the_workspace_and_make_lab_trainer_the_sources(
    tmp_path: Path, uid: str
) -> None:
    """A dry run of the Makefile: build, copy into the workspace, JupyterLab rooted there;
    --allow-root only for root (a stand-in `id` says who is running)."""
    fake_id = tmp_path / "bin" / "id"
    fake_id.parent.mkdir()
    fake_id.write_text(f"#!/bin/sh\necho {uid}\n")
    fake_id.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake_id.parent}{os.pathsep}{os.environ['PATH']}"}

    def dry(*args: str) -> list[str]:
        done = subprocess.run(
            ["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.splitlines()

    lab = dry("lab", "WORKSPACE=my-seat")
    steps = [
        next(i for i, line in enumerate(lab) if word in line)
        for word in ("build_course.py", "toolkit.course.workspace", "jupyter lab")
    ]
    assert steps == sorted(steps)
    assert '--build "_build" "my-seat"' in lab[steps[1]]
    assert "--course ." in lab[steps[1]]  # the course's own folders stay refused as a workspace
    assert '--ServerApp.root_dir="my-seat"' in lab[steps[2]]
    assert ("--allow-root" in lab[steps[2]]) is (uid == "0")
    # COURSE_LANG=fr: the French edition, its own workspace, the toolkit speaking French.
    french = dry("lab", "WORKSPACE=my-seat", "COURSE_LANG=fr")
    assert any("build_course.py" in line and "--lang fr" in line for line in french)
    assert any('--build "_build/fr" "my-seat-fr"' in line for line in french)
    assert any(
        "TOOLKIT_LANG=fr" in line and '--ServerApp.root_dir="my-seat-fr"' in line for line in french
    )
    trainer = dry("lab-trainer")
    assert not any("toolkit.course.workspace" in line for line in trainer)
    lab_line = next(line for line in trainer if "jupyter lab" in line)
    assert "root_dir" not in lab_line
    assert ("--allow-root" in lab_line) is (uid == "0")


# -- the real thing: the grading fixture course built, copied, and graded -------------------


@pytest.fixture(scope="module")
def seat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course's exercises built (learner edition) and copied into a workspace."""
    from toolkit.course.build import build_course
    from toolkit.course.config import load_course

    root = tmp_path_factory.mktemp("seat")
    build_course(
        load_course(GRADING / "course.toml"), root / "_build", jobs=1, progress=False, pdf=False
    )
    make_workspace(root / "workspace", root / "_build")
    return root / "workspace"


@pytest.mark.slow
def test_the_workspace_holds_no_answer(seat: Path) -> None:
    names = {p.name for p in seat.glob("*.ipynb")}
    assert {"01-echo-exercise.ipynb", "03-twice-exercise.ipynb"} <= names
    official = nbformat.read(GRADING / "exercises" / "01-echo.ipynb", as_version=4)
    answers = {c.source for c in official.cells if cells.is_solution(c)}
    for path in seat.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(cells.is_solution(c) or cells.is_trainer(c) for c in nb.cells)
        assert not answers & {c.source for c in nb.cells}


@pytest.mark.slow
def test_an_untouched_workspace_notebook_is_not_yet(seat: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.grade", str(seat / "01-echo-exercise.ipynb")],
        cwd=GRADING,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TOOLKIT_PROGRESS": "off"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "01-echo-exercise.ipynb: 0 of 1 check passed" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_fill_workspace_reports_unchanged(tmp_path: Path, build: Path) -> None:
    ws = prepare_workspace(tmp_path / "ws")
    fill_workspace(ws, learner_notebooks(build))
    report = fill_workspace(ws, learner_notebooks(build))
    assert report.unchanged == ["01-a.ipynb", "01-a-exercise.ipynb"]
    assert "Nothing new" in report.lines()[-1]
