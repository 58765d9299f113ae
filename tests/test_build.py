"""The whole build on the fixture course: audiences, caching, failures, nbval, the CLI."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from course_support import output_text, rerun_under_nbval

from toolkit.course import cells
from toolkit.course.build import build_course
from toolkit.course.config import load_course
from toolkit.course.errors import LessonExecutionError
from toolkit.course.manifest import AUDIENCES, KINDS, read_manifest
from toolkit.course.outdir import MARKER
from toolkit.course.state import STATE_FILE, clean, read_state

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _answer_values(source: str) -> list[str]:
    """String constants of a trainer/solution code cell: a later cell could print them."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 8
    ]


def _secret_lines(course_dir: Path, out: Path) -> list[str]:
    """Every distinctive line of trainer/solution cells: their sources and executed outputs,
    and the values they compute (which a later learner cell's OUTPUT could show)."""
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
                if cell.cell_type == "code":
                    texts += _answer_values(cell.source)
                for text in texts:
                    lines += [
                        ln.strip() for ln in "".join(text).splitlines() if len(ln.strip()) >= 12
                    ]
    assert lines, "the fixture course must have trainer and solution cells"
    return sorted(set(lines))


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
        text = _squash(output_text(built_course.out / entry.path))
        for secret in secrets:
            assert _squash(secret) not in text, f"{entry.path} leaks {secret!r}"


def test_learner_versions_are_executed_without_the_answers(built_course):
    """A learner cell after a solution cell shows what a learner sees, not the answer's effect."""
    trainer_page = output_text(built_course.out / "trainer" / "01-basics.html")
    trainer_nb = output_text(built_course.out / "trainer" / "01-basics.ipynb")
    for text in (trainer_page, trainer_nb):
        assert "Well done!" in text
        assert "Your words: quokka marmalade respect" in text
    learner = [built_course.out / "learner" / "01-basics.html"]
    learner.append(built_course.out / "learner" / "01-basics.ipynb")
    if built_course.pdf:
        learner += [
            built_course.out / "learner" / "01-basics-handout.pdf",
            built_course.out / "learner" / "01-basics-takehome.pdf",
        ]
    for path in learner:
        text = _squash(output_text(path))
        assert "quokka" not in text, path
    soup = BeautifulSoup(
        (built_course.out / "learner" / "01-basics.html").read_text("utf-8"), "html.parser"
    )
    shown = " ".join(o.get_text(" ") for o in soup.select(".output_area"))
    assert "Not yet: write your three words above." in shown
    assert "Well done!" not in shown
    # The learner notebook is the learner execution: it re-runs to the same outputs (nbval).
    nb = nbformat.read(built_course.out / "learner" / "01-basics.ipynb", as_version=4)
    assert not any(not cells.is_learner_visible(c) for c in nb.cells)
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "Not yet" in outputs
    assert "Well done!" not in outputs


def test_each_variant_is_executed_once_and_cached(built_course):
    from toolkit.course.cache import ExecutionCache, execution_key
    from toolkit.course.execute import variant_key

    cache = ExecutionCache(built_course.out / ".cache")
    for doc in built_course.course().documents():
        key = execution_key(doc.path.read_bytes(), {})
        assert cache.get(key) is not None, doc.id
        learner = cache.get(variant_key(key, "learner"))
        # 00-personas is trainer-only; both lessons have a solution code cell.
        assert (learner is not None) == (not doc.trainer_only), doc.id


def test_a_learner_variant_that_fails_is_a_lesson_failure(built_course, tmp_path):
    course_dir, out = _copy_build(built_course, tmp_path)
    path = course_dir / "lessons" / "02-forum.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert cells.is_solution(nb.cells[5])
    nb.cells.insert(6, nbformat.v4.new_code_cell("# uses the answer\nprint(kind_reply)"))
    nbformat.write(nb, path)
    report = build_course(
        load_course(course_dir / "course.toml"), out, progress=False, pdf=built_course.pdf
    )
    [failed] = report.failed
    assert isinstance(failed.error, LessonExecutionError)
    assert (failed.error.lesson, failed.error.cell_index) == ("02-forum", 6)
    assert failed.error.first_line == "# uses the answer"
    assert "NameError" in failed.error.error
    assert "learner version" in failed.error.error
    # Trainer outputs too: a failed lesson leaves nothing behind.
    assert not (out / "trainer" / "02-forum.html").exists()
    assert not (out / "learner" / "02-forum.html").exists()
    assert not [e for e in read_manifest(out) if e.lesson == "02-forum"]
    assert (out / "learner" / "01-basics.html").is_file()
    if built_course.pdf:
        from pypdf import PdfReader

        guide = " ".join(
            p.extract_text() or "" for p in PdfReader(out / "trainer" / "trainer-guide.pdf").pages
        )
        assert "Fixture basics" in guide
        assert "Fixture forum" not in guide


def test_learner_outputs_keep_the_exercises(built_course):
    html = output_text(built_course.out / "learner" / "01-basics.html")
    assert "Write three words that describe a safe space" in html
    if built_course.pdf:
        pdf = _squash(output_text(built_course.out / "learner" / "01-basics-handout.pdf"))
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
    result = rerun_under_nbval(built_course.out, timeout=300)
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


def test_outputs_are_readable_by_others_as_the_umask_allows(built_course):
    mask = os.umask(0)
    os.umask(mask)
    for entry in read_manifest(built_course.out):
        path = built_course.out / entry.path
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, entry.path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o777 & ~mask, entry.path
    assert "build_course.py" in (built_course.out / MARKER).read_text(encoding="utf-8")


# --- State files cannot make the build delete anything outside its folder ----------------------
def _entry(path: str, lesson: str) -> dict[str, str]:
    return {"path": path, "lesson": lesson, "audience": "learner", "kind": "html"}


STATE_ATTACKS = {
    "dotdot": "../victim.txt",
    "absolute": "{victim}",
    "nested-dotdot": "learner/../../victim.txt",
    "symlinked-folder": "escape/victim.txt",
    "symlinked-file": "learner/link.html",
    # Names no file can have: os calls on them raise instead of answering (a traceback before).
    "lone-surrogate": "\ud800/victim.txt",
    "name-too-long": "learner/" + "a" * 300 + ".html",
}


def _attacked_out(tmp_path: Path, attack: str) -> tuple[Path, Path]:
    """A marked output folder whose state names the victim (for a failing and a gone lesson)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "_build"
    (out / "learner").mkdir(parents=True)
    (out / MARKER).write_text("", encoding="utf-8")
    (out / "escape").symlink_to(tmp_path)
    (out / "learner" / "link.html").symlink_to(victim)
    rel = STATE_ATTACKS[attack].format(victim=victim)
    docs = {
        doc: {"key": "k", "outputs": [_entry("learner/ok.html", doc), _entry(rel, doc)]}
        for doc in ("01-a", "99-gone")
    }
    (out / STATE_FILE).write_text(json.dumps({"docs": docs}), encoding="utf-8")
    attacks = [_entry(rel, "01-a"), _entry("certificates/../../victim.txt", "01-a")]
    manifest = {"course": "T", "outputs": attacks}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out, victim


@pytest.mark.parametrize("attack", list(STATE_ATTACKS), ids=list(STATE_ATTACKS))
def test_state_entries_are_confined_to_the_output_folder(tmp_path, attack):
    out, victim = _attacked_out(tmp_path, attack)
    state = read_state(out.resolve())
    if attack != "symlinked-file":  # a link inside the folder is the build's to remove
        assert state["docs"] == {}  # a notebook with a bad entry loses its state: rebuilt
    kept = clean(out.resolve())
    assert victim.read_text(encoding="utf-8") == "precious"
    assert "escape" in kept  # a link the build did not make is reported, not followed
    assert not (out / STATE_FILE).exists()


@pytest.mark.parametrize("attack", list(STATE_ATTACKS), ids=list(STATE_ATTACKS))
def test_a_crafted_state_file_never_deletes_outside_the_folder(tmp_path, attack):
    """A lesson that fails (lint: not executed) and one no longer listed: both remove their
    old outputs, as named in .state.json; the victim outside the folder survives."""
    out, victim = _attacked_out(tmp_path, attack)
    course_dir = tmp_path / "course"
    course_dir.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), course_dir / "a.ipynb")  # no metadata: fails lint
    (course_dir / "course.toml").write_text(
        '[course]\ntitle = "T"\n[[lessons]]\nid = "01-a"\ntitle = "A"\nlesson = "a.ipynb"\n',
        encoding="utf-8",
    )
    report = build_course(
        load_course(course_dir / "course.toml"), out, pdf=False, jobs=1, progress=False
    )
    assert [r.doc_id for r in report.failed] == ["01-a"]
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (out / "escape").is_symlink()  # never followed, never removed
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    assert state["docs"] == {}
    assert [e.path for e in read_manifest(out) if e.path.startswith("certificates")] == []
