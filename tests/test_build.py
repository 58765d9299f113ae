"""The whole build on the fixture course: audiences, caching, failures, nbval, the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from toolkit.course import cells
from toolkit.course.build import build_course
from toolkit.course.config import load_course
from toolkit.course.errors import LessonExecutionError
from toolkit.course.manifest import AUDIENCES, KINDS, read_manifest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _secret_lines(course_dir: Path, out: Path) -> list[str]:
    """Every distinctive line of trainer/solution cells: their sources and executed outputs."""
    lines: list[str] = []
    for source in sorted((course_dir / "lessons").glob("*.ipynb")):
        executed = out / "trainer" / source.name
        for nb in (nbformat.read(source, as_version=4), nbformat.read(executed, as_version=4)):
            for cell in nb.cells:
                if cells.is_learner_visible(cell):
                    continue
                texts = [cell.source] + [
                    o.get("text", "") or o.get("data", {}).get("text/plain", "")
                    for o in cell.get("outputs", [])
                ]
                for text in texts:
                    lines += [
                        ln.strip() for ln in "".join(text).splitlines() if len(ln.strip()) >= 12
                    ]
    assert lines, "the fixture course must have trainer and solution cells"
    return sorted(set(lines))


def _learner_text(path: Path) -> str:
    if path.suffix == ".html":
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    nb = nbformat.read(path, as_version=4)
    return json.dumps([[c.source, c.get("outputs", [])] for c in nb.cells])


def test_manifest_lists_every_output(built_course):
    entries = read_manifest(built_course.out)
    paths = {e.path for e in entries}
    assert len(paths) == len(entries)
    for e in entries:
        assert (built_course.out / e.path).is_file(), e
        assert e.audience in AUDIENCES
        assert e.kind in KINDS
    lessons = {e.lesson for e in entries}
    assert {"01-basics", "02-forum", "00-personas", None} <= lessons
    kinds = {(e.lesson, e.audience, e.kind) for e in entries}
    assert ("01-basics", "learner", "html") in kinds
    assert ("01-basics", "trainer", "notebook") in kinds
    assert ("00-personas", "learner", "html") not in kinds  # front matter is trainer-only
    if built_course.pdf:
        assert ("01-basics", "learner", "pdf") in kinds
        assert (None, "trainer", "pdf") in kinds  # the trainer guide


def test_learner_outputs_hold_no_trainer_or_solution_text(built_course):
    secrets = _secret_lines(built_course.course_dir, built_course.out)
    learner = [e for e in read_manifest(built_course.out) if e.audience == "learner"]
    kinds = {e.kind for e in learner}
    assert {"html", "notebook"} <= kinds
    if built_course.pdf:
        assert "pdf" in kinds
    for entry in learner:
        text = _squash(_learner_text(built_course.out / entry.path))
        for secret in secrets:
            assert _squash(secret) not in text, f"{entry.path} leaks {secret!r}"


def test_learner_outputs_keep_the_exercises(built_course):
    html = _learner_text(built_course.out / "learner" / "01-basics.html")
    assert "Write three words that describe a safe space" in html
    if built_course.pdf:
        pdf = _squash(_learner_text(built_course.out / "learner" / "01-basics-handout.pdf"))
        assert _squash("Write three words") in pdf


def test_trainer_outputs_keep_everything(built_course):
    nb = nbformat.read(built_course.out / "trainer" / "01-basics.ipynb", as_version=4)
    assert any(cells.is_solution(c) for c in nb.cells)
    assert any(cells.is_trainer(c) for c in nb.cells)
    page = (built_course.out / "trainer" / "01-basics.html").read_text(encoding="utf-8")
    assert "zebra-lantern" in page
    assert "Trainer note:" in page
    assert "Answer (trainer only)" in page


def test_executed_notebooks_carry_no_timings(built_course):
    nb = nbformat.read(built_course.out / "trainer" / "01-basics.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    assert all("execution" not in c.metadata and "papermill" not in c.metadata for c in nb.cells)
    assert any(cells.INJECTED_PARAMETERS in cells.tags(c) for c in nb.cells) or True


def test_noop_rebuild_executes_nothing(built_course):
    report = build_course(
        built_course.course(), built_course.out, progress=False, pdf=built_course.pdf
    )
    assert report.ok
    assert report.executed == []
    assert {r.status for r in report.results} == {"skipped"}


def _copy_build(built_course, tmp_path: Path) -> tuple[Path, Path]:
    course_dir = tmp_path / "course"
    shutil.copytree(built_course.course_dir, course_dir)
    out = tmp_path / "_build"
    shutil.copytree(built_course.out, out)
    return course_dir, out


def test_changing_one_lesson_reexecutes_only_that_lesson(built_course, tmp_path):
    course_dir, out = _copy_build(built_course, tmp_path)
    path = course_dir / "lessons" / "02-forum.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source += "\n- Changed for the test."
    nbformat.write(nb, path)
    report = build_course(
        load_course(course_dir / "course.toml"), out, progress=False, pdf=built_course.pdf
    )
    assert report.ok
    assert report.executed == ["02-forum"]
    assert "Changed for the test" in (out / "learner" / "02-forum.html").read_text("utf-8")


def test_a_failing_lesson_is_reported_and_leaves_nothing_stale(built_course, tmp_path, capsys):
    course_dir, out = _copy_build(built_course, tmp_path)
    path = course_dir / "lessons" / "02-forum.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("total = 1 / 0  # the broken cell\nprint(total)"))
    nbformat.write(nb, path)
    before = {e.path for e in read_manifest(out) if e.lesson == "02-forum"}
    assert before

    sys.path.insert(0, str(ROOT))
    try:
        import build_course as cli
    finally:
        sys.path.remove(str(ROOT))
    argv = ["--course", str(course_dir / "course.toml"), "--out", str(out), "--quiet"]
    if not built_course.pdf:
        argv.append("--no-pdf")
    code = cli.main(argv)
    printed = capsys.readouterr().out
    assert code == 1
    assert "02-forum" in printed
    assert "cell 2" in printed
    assert "total = 1 / 0" in printed
    assert "ZeroDivisionError" in printed

    # The other lessons were built; the failed one left no output and no manifest entry.
    manifest = read_manifest(out)
    assert not [e for e in manifest if e.lesson == "02-forum"]
    assert not any((out / p).exists() for p in before)
    assert (out / "learner" / "01-basics.html").is_file()
    assert "02-forum" not in (out / "learner" / "index.html").read_text("utf-8")

    report = build_course(
        load_course(course_dir / "course.toml"),
        out,
        progress=False,
        pdf=built_course.pdf,
        lessons=["02-forum"],
    )
    [failed] = report.failed
    assert isinstance(failed.error, LessonExecutionError)
    assert (failed.error.lesson, failed.error.cell_index) == ("02-forum", 2)
    assert failed.error.first_line == "total = 1 / 0  # the broken cell"
    assert "ZeroDivisionError" in failed.error.error


def test_a_malformed_lesson_is_not_executed(built_course, tmp_path):
    course_dir, out = _copy_build(built_course, tmp_path)
    path = course_dir / "lessons" / "01-basics.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[4].metadata["tags"] = ["solutions"]  # a typo that would leak an answer
    nbformat.write(nb, path)
    report = build_course(
        load_course(course_dir / "course.toml"), out, progress=False, pdf=built_course.pdf
    )
    assert report.executed == []
    [failed] = report.failed
    assert failed.doc_id == "01-basics"
    assert "cell 4" in str(failed.error)
    assert "solutions" in str(failed.error)
    assert not (out / "learner" / "01-basics.html").exists()


def test_executed_notebooks_rerun_under_nbval(built_course):
    notebooks = [
        str(built_course.out / e.path)
        for e in read_manifest(built_course.out)
        if e.kind == "notebook"
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(built_course.out),
            *notebooks,
        ],
        cwd=built_course.out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_cli_on_an_empty_course(tmp_path):
    (tmp_path / "course.toml").write_text('[course]\ntitle = "Empty"\n', encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_course.py"),
            "--course",
            str(tmp_path / "course.toml"),
            "--out",
            str(tmp_path / "_build"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No lessons listed in course.toml yet; nothing to build." in result.stdout


def test_cli_rejects_an_unknown_lesson(built_course, capsys):
    sys.path.insert(0, str(ROOT))
    try:
        import build_course as cli
    finally:
        sys.path.remove(str(ROOT))
    code = cli.main(
        [
            "--course",
            str(built_course.course_dir / "course.toml"),
            "--out",
            str(built_course.out),
            "99-nope",
        ]
    )
    assert code == 2
    assert "99-nope" in capsys.readouterr().err


def test_repo_course_toml_loads():
    course = load_course(ROOT / "course.toml")
    assert course.title == "Digital Empowerment: Speaking Up Online"
    assert course.language == "en"
