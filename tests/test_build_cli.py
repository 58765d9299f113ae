"""build_course.py: refusals (--out, --clean, bad input) and --certificates."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.course.manifest import ManifestEntry, read_manifest, write_manifest

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "tests" / "fixtures" / "course.toml"
WORKSHOP = "--param=workshop=Riverside library, spring 2026"

needs_typst = pytest.mark.skipif(
    importlib.util.find_spec("typst") is None, reason="certificates need Typst"
)


def _cli():
    sys.path.insert(0, str(ROOT))
    try:
        import build_course as cli
    finally:
        sys.path.remove(str(ROOT))
    return cli


def _names(tmp_path: Path) -> Path:
    names = tmp_path / "names.csv"
    names.write_text(
        "name,handle,notebook\n"
        "Amina Karimi,amina_k,subs/amina/04.ipynb\n"
        "نور الهدى,noor,subs/noor/04.ipynb\n",
        encoding="utf-8",
    )
    return names


@needs_typst
def test_certificates_are_written_reported_and_listed(tmp_path, capsys):
    out = tmp_path / "_build"
    out.mkdir()
    kept = ManifestEntry("learner/01-basics.html", "01-basics", "learner", "html")
    write_manifest(out, "Fixture Course", [kept])
    start = time.perf_counter()
    code = _cli().main(
        [
            "--course",
            str(COURSE),
            "--out",
            str(out),
            "--certificates",
            str(_names(tmp_path)),
            WORKSHOP,
            "--param",
            "trainer=Lena Müller",
            "--param",
            "date=2026-03-14",
        ]
    )
    seconds = time.perf_counter() - start
    printed = capsys.readouterr().out
    assert code == 0, printed
    pdfs = sorted(p.name for p in (out / "certificates").glob("*.pdf"))
    assert pdfs == ["amina-karimi.pdf", "noor.pdf"]  # no Latin letters: the handle
    assert "Certified (2)" in printed
    assert "Amina Karimi" in printed
    assert "نور الهدى" in printed
    assert "Not certified" not in printed
    entries = read_manifest(out)
    assert kept in entries  # the other entries stay
    for name in pdfs:
        assert ManifestEntry(f"certificates/{name}", None, "learner", "pdf") in entries
    assert not (out / "learner").exists()  # no lesson was built or executed
    assert not (out / ".cache").exists()
    assert seconds < 30

    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(out / "certificates/noor.pdf").pages)
    assert "Riverside library" in text

    # Running again replaces its entries instead of adding duplicates.
    assert (
        _cli().main(
            [
                "--course",
                str(COURSE),
                "--out",
                str(out),
                "--certificates",
                str(_names(tmp_path)),
                WORKSHOP,
            ]
        )
        == 0
    )
    paths = [e.path for e in read_manifest(out)]
    assert len(paths) == len(set(paths)) == 3


@needs_typst
def test_certificates_in_arabic_name_the_course_in_arabic(tmp_path, capsys):
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po
    from pypdf import PdfReader

    course = tmp_path / "course"
    shutil.copytree(COURSE.parent, course)
    (course / "course.toml").write_text(
        (course / "course.toml")
        .read_text("utf-8")
        .replace('language = "en"\n', 'language = "en"\nlanguages = ["en", "ar"]\n', 1),
        encoding="utf-8",
    )
    catalog = Catalog(locale="ar")
    catalog.add("Fixture Course", "دورة المثال")
    po = course / "locale/ar/course.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog)
    po.write_bytes(buf.getvalue())
    out = tmp_path / "_build"
    args = ["--course", str(course / "course.toml"), "--out", str(out), "--lang", "ar"]
    code = _cli().main([*args, "--certificates", str(_names(tmp_path)), WORKSHOP])
    assert code == 0, capsys.readouterr()
    text = PdfReader(out / "certificates" / "amina-karimi.pdf").pages[0].extract_text()
    assert {"دورة", "المثال"} <= set(text.split())  # pypdf reads Arabic words right to left
    assert "Fixture Course" not in text


@needs_typst
def test_grades_leave_out_who_has_not_finished_and_say_why(tmp_path, capsys):
    grades = tmp_path / "grades.json"
    grades.write_text(
        json.dumps(
            {
                "notebooks": [
                    {
                        "notebook": "subs/amina/04.ipynb",
                        "passed": True,
                        "checks_total": 3,
                        "checks_passed": 3,
                    },
                    {
                        "notebook": "subs/noor/04.ipynb",
                        "passed": False,
                        "checks_total": 3,
                        "checks_passed": 1,
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "_build"
    code = _cli().main(
        [
            "--course",
            str(COURSE),
            "--out",
            str(out),
            "--certificates",
            str(_names(tmp_path)),
            "--grades",
            str(grades),
            WORKSHOP,
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in (out / "certificates").glob("*.pdf")) == ["amina-karimi.pdf"]
    assert "Certified (1)" in printed
    assert "Not certified (1)" in printed
    assert "نور الهدى: not finished yet (04.ipynb: 1 of 3 checks passed)" in printed
    assert [e.path for e in read_manifest(out)] == ["certificates/amina-karimi.pdf"]


@needs_typst
def test_missing_workshop_or_bad_csv_exit_2(tmp_path, capsys):
    out = tmp_path / "_build"
    names = _names(tmp_path)
    cli = _cli()
    assert cli.main(["--course", str(COURSE), "--out", str(out), "--certificates", str(names)]) == 2
    assert "workshop" in capsys.readouterr().err
    assert not out.exists()  # the refusal made no folder
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,email\nAmina,a@example.org\n", encoding="utf-8")
    assert (
        cli.main(["--course", str(COURSE), "--out", str(out), "--certificates", str(bad), WORKSHOP])
        == 2
    )
    err = capsys.readouterr().err
    assert "no 'name' column" in err
    assert not out.exists()
    assert cli.main(["--course", str(COURSE), "--out", str(out), "--grades", "g.json"]) == 2
    assert "--certificates" in capsys.readouterr().err


def test_help_mentions_learner_variants_and_certificates():
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_course.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "--certificates" in result.stdout
    assert "--grades" in result.stdout
    assert "WITHOUT the trainer and solution cells" in result.stdout


def _run(argv: list[str], capsys) -> tuple[int, str]:
    """``build_course.py argv`` in this process: exit code and everything printed."""
    try:
        code = _cli().main(argv)
    except SystemExit as exc:  # argparse refusals
        code = int(exc.code or 0)
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture course, a home folder and a folder of someone's own files."""
    shutil.copytree(COURSE.parent / "lessons", tmp_path / "work" / "course" / "lessons")
    shutil.copy(COURSE, tmp_path / "work" / "course" / "course.toml")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "cv.odt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    thesis = tmp_path / "work" / "thesis"
    (thesis / "photos").mkdir(parents=True)
    (thesis / "thesis.txt").write_text("four years of work", encoding="utf-8")
    (thesis / "photos" / "field.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "work" / "notes.txt").write_text("a file", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work" / "course")
    return tmp_path


@pytest.mark.parametrize(
    ("out", "clean", "words"),
    [
        ("../thesis", True, "already holds files the build did not make (photos, thesis.txt)"),
        ("../thesis", False, "already holds files the build did not make"),
        (".", True, "holds the course itself"),
        ("..", True, "holds the course itself"),
        ("lessons", True, "holds the course itself"),
        ("~", True, "is your home folder"),
        ("/", True, "is the top of the disk"),
        ("../notes.txt", False, "is a file, not a folder"),
    ],
    ids=["thesis-clean", "thesis-build", "dot", "dotdot", "lessons", "home", "slash", "a-file"],
)
def test_out_folders_that_are_not_the_builds_are_refused_untouched(
    place, capsys, out, clean, words
):
    before = _snapshot(place)
    argv = ["--course", "course.toml", "--out", out, "--no-pdf", "--quiet", "--jobs", "1"]
    code, printed = _run(argv + ["--clean"] * clean, capsys)
    assert code == 2, printed
    assert words in printed
    assert "Traceback" not in printed
    assert _snapshot(place) == before


@needs_typst
def test_certificates_are_never_written_into_someone_elses_folder(place, capsys):
    names = _names(place)
    before = _snapshot(place)
    argv = ["--course", "course.toml", "--out", "../thesis", "--certificates", str(names)]
    code, printed = _run([*argv, WORKSHOP], capsys)
    assert code == 2
    assert "already holds files the build did not make" in printed
    assert _snapshot(place) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["99-nope"], "unknown lesson id(s) 99-nope"),
        (["--jobs", "0"], "--jobs '0': give a whole number of 1 or more"),
        (["--jobs", "-1"], "--jobs '-1': give a whole number of 1 or more"),
        (["--jobs", "many"], "--jobs 'many': give a whole number"),
        (["--param", "noequals"], "write NAME=VALUE"),
        (["--param", "paper=Tabloid"], "use A4 or Letter"),
        (["--param", "board=http://127.0.0.1:8000/join?code=K7M4QP"], "never joins a classroom"),
        (["--course", "bad-types.toml"], "line 1: 'lessons' must be a list of [[lessons]] tables"),
        (["--course", "latin1.toml"], "line 2 is not UTF-8 text"),
        (["--course", ".."], "course.toml not found"),
    ],
    ids=[
        "unknown-lesson",
        "jobs-0",
        "jobs-negative",
        "jobs-text",
        "param-without-equals",
        "param-paper",
        "param-board",
        "toml-types",
        "toml-not-utf8",
        "course-folder-without-toml",
    ],
)
def test_broken_input_exits_2_with_a_plain_message(place, capsys, argv, words):
    (place / "work" / "course" / "bad-types.toml").write_text(
        'lessons = 5\n[course]\ntitle = "T"\n', encoding="utf-8"
    )
    (place / "work" / "course" / "latin1.toml").write_bytes(b'[course]\ntitle = "caf\xe9"\n')
    before = _snapshot(place)
    base = ["--course", "course.toml", "--out", "_build", "--no-pdf", "--quiet"]
    code, printed = _run([*base, *argv], capsys)
    assert code == 2, printed
    assert words in printed
    assert "Traceback" not in printed
    assert _snapshot(place) == before  # no _build folder either


def test_a_huge_jobs_number_is_capped():
    assert _cli().parse_jobs("100000000000000000000") == 256
    assert _cli().parse_jobs("3") == 3


def test_a_write_failure_is_a_plain_message(place, capsys, monkeypatch):
    from toolkit.course import files

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", "/x/_build/.toolkit-build")

    # The marker is the first file written (files.make_marked_folder).
    monkeypatch.setattr(files, "atomic_write_text", full)
    argv = ["--course", "course.toml", "--out", "_build/site", "--no-pdf", "-q"]
    code, printed = _run(argv, capsys)
    assert code == 2
    assert "cannot write there (No space left on device)" in printed
    assert "Traceback" not in printed
    assert not (place / "work" / "course" / "_build").exists()  # the refusal changed nothing


def test_ctrl_c_is_a_plain_message(place, capsys, monkeypatch):
    from toolkit.course import build

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build_course", stopped)
    code, printed = _run(["--course", "course.toml", "--no-pdf", "-q"], capsys)
    assert code == 130
    assert "run the same command again" in printed
    assert "Traceback" not in printed


def test_toolkit_build_and_build_course_py_are_one_command(tmp_path, monkeypatch, capsys):
    import tomllib

    from toolkit.course import cli as package_cli

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["toolkit-build"] == "toolkit.course.cli:run"
    # The shim finds the course beside itself from any folder; the console script reads the
    # course.toml of the folder it is run in.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        _cli().main(["--help"])
    assert f"(default: {ROOT / 'course.toml'})" in " ".join(capsys.readouterr().out.split())
    assert package_cli.make_parser().parse_args([]).course == "course.toml"
    assert _cli().main(["--course", str(tmp_path / "missing.toml")]) == 2
    assert package_cli.main(["--course", str(tmp_path / "missing.toml")]) == 2
