"""build_course.py --certificates: PDFs, a report of who was (not) certified, manifest entries."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toolkit.course.manifest import ManifestEntry, read_manifest, write_manifest

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "tests" / "fixtures" / "course.toml"
WORKSHOP = "--param=workshop=Riverside library, spring 2026"

pytestmark = pytest.mark.skipif(
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


def test_missing_workshop_or_bad_csv_exit_2(tmp_path, capsys):
    out = tmp_path / "_build"
    names = _names(tmp_path)
    cli = _cli()
    assert cli.main(["--course", str(COURSE), "--out", str(out), "--certificates", str(names)]) == 2
    assert "workshop" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,email\nAmina,a@example.org\n", encoding="utf-8")
    assert (
        cli.main(["--course", str(COURSE), "--out", str(out), "--certificates", str(bad), WORKSHOP])
        == 2
    )
    err = capsys.readouterr().err
    assert "no 'name' column" in err
    assert not list(out.glob("certificates/*.pdf"))
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
