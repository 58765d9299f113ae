"""Completion certificates: one landscape page, literal text, names CSV, grader results, files."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pypdf
import pytest
from test_certificate_grades import GRADES, grade_entry

from toolkit.course import cells
from toolkit.course import certificate as C
from toolkit.course.certificate import (
    Learner,
    check_grades,
    make_certificates,
    read_names,
    render_certificate,
    slugify,
    write_certificates,
)
from toolkit.course.errors import CertificateError, CourseError
from toolkit.course.typst_markdown import ZWSP

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "04-first-post.ipynb"

BASE = {
    "workshop": "Riverside library, spring 2026",
    "date": "14 March 2026",
    "trainer": "Lena Müller",
    "course_title": "Digital Empowerment: Speaking Up Online",
}


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in reader(pdf).pages).replace(ZWSP, "")


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def page_size(pdf: bytes) -> tuple[int, int]:
    box = reader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def a4_pdf() -> bytes:
    return render_certificate(
        learner="Amina Karimi", lessons=["Strong passwords", "A first post"], **BASE
    )


# -- rendering --------------------------------------------------------------------------------


def test_error_is_a_course_error() -> None:
    assert issubclass(CertificateError, CourseError)


def test_one_landscape_a4_page(a4_pdf: bytes) -> None:
    assert a4_pdf.startswith(b"%PDF")
    assert len(reader(a4_pdf).pages) == 1
    assert page_size(a4_pdf) == (842, 595)


@pytest.mark.parametrize("paper", ["letter", "Letter", "us-letter"])
def test_one_landscape_letter_page(paper: str) -> None:
    pdf = render_certificate(learner="Amina Karimi", paper=paper, **BASE)
    assert len(reader(pdf).pages) == 1
    assert page_size(pdf) == (792, 612)


def test_every_part_is_printed(a4_pdf: bytes) -> None:
    text = pdf_text(a4_pdf)
    for part in (
        "Certificate of completion",
        "Amina Karimi",
        "has completed the workshop",
        "Riverside library, spring 2026",
        "14 March 2026",
        "Lena Müller",
        "Strong passwords",
        "A first post",
        "CC BY-SA 4.0",
    ):
        assert part in text, part
    assert "Digital Empowerment: Speaking Up Online".upper() in text.upper()


def test_no_lessons_no_lessons_heading() -> None:
    text = pdf_text(render_certificate(learner="Amina Karimi", **BASE))
    assert "Amina Karimi" in text
    assert "LESSONS COMPLETED" not in text.upper()


def test_many_lessons_and_a_long_name_still_fit_one_page() -> None:
    pdf = render_certificate(
        learner="Maria Fernanda de los Ángeles Rodríguez-Villanueva y Castellanos " * 2,
        lessons=[f"Lesson {i}: a rather long lesson title" for i in range(40)],
        **BASE,
    )
    assert len(reader(pdf).pages) == 1
    assert page_size(pdf) == (842, 595)


@pytest.mark.parametrize(("name", "font"), [("نور الهدى", "Amiri"), ("សុខា ចាន់", "NotoSansKhmer")])
def test_arabic_and_khmer_names_embed_their_fonts(name: str, font: str) -> None:
    pdf = render_certificate(learner=name, **BASE)
    names = font_names(pdf)
    assert any(font in n for n in names), names
    assert any("NotoSans-" in n or n.endswith("NotoSans") for n in names), names


@pytest.mark.parametrize(
    "name",
    [
        "#set page(width: 1cm)",
        "Ana *Lee*",
        "Ana _Lee_ $x^2$ <lbl> @ref",
        '#{ "x" } ] [ \\',
    ],
)
def test_typst_markup_in_a_name_prints_literally(name: str) -> None:
    pdf = render_certificate(learner=name, **{**BASE, "trainer": "#strong[T]"})
    assert page_size(pdf) == (842, 595)
    text = pdf_text(pdf)
    assert name.strip() in text
    assert "#strong[T]" in text


def test_markup_in_workshop_and_lessons_prints_literally() -> None:
    pdf = render_certificate(
        learner="Amina",
        lessons=["*bold* #lesson"],
        **{**BASE, "workshop": "= Heading #pagebreak()"},
    )
    text = pdf_text(pdf)
    assert len(reader(pdf).pages) == 1
    assert "= Heading #pagebreak()" in text
    assert "*bold* #lesson" in text


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_empty_name_is_refused(name: str) -> None:
    with pytest.raises(CertificateError, match="name is empty"):
        render_certificate(learner=name, **BASE)


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(CertificateError, match="A4 or Letter"):
        render_certificate(learner="Amina", paper="A3", **BASE)


# -- certifying against the grader's results -------------------------------------------------


@pytest.mark.slow
def test_certify_from_the_real_grader(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    (subs / "amina").mkdir(parents=True)
    (subs / "ben").mkdir()
    # Amina typed the model answers into her own cells (the key itself is refused as not hers).
    amina = nbformat.read(EXERCISE, as_version=4)
    own = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell}
    amina.cells = [
        own[c.cell_type](c.source) if cells.is_solution(c) else c
        for c in amina.cells
        if not cells.is_trainer(c)
    ]
    nbformat.write(amina, subs / "amina" / EXERCISE.name)
    nb = nbformat.read(EXERCISE, as_version=4)
    nb.cells = [c for c in nb.cells if not cells.is_solution(c)]  # nothing answered: not yet
    nbformat.write(nb, subs / "ben" / EXERCISE.name)
    env = {**os.environ, "TOOLKIT_PROGRESS": "off"}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit.grade",
            "--json",
            f"subs/amina/{EXERCISE.name}",
            f"subs/ben/{EXERCISE.name}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 1, run.stderr  # Ben's notebook is not finished
    (tmp_path / "grades.json").write_text(run.stdout, encoding="utf-8")
    names = tmp_path / "names.csv"
    names.write_text(
        "name,notebook\n"
        f"Amina Karimi,subs/amina/{EXERCISE.name}\n"
        f"Ben Osei,subs/ben/{EXERCISE.name}\n"
        "Chen Li,\n",
        encoding="utf-8",
    )
    grades = json.loads(run.stdout)
    result = check_grades(read_names(names), grades, grades_dir=tmp_path)
    assert [x.name for x in result.certified] == ["Amina Karimi"]
    title = "Your first post"  # course.toml's title for the lesson the grader matched
    assert [n["lesson"] for n in grades["notebooks"]] == ["04-first-post", "04-first-post"]
    assert result.certified[0].lessons == (title,)
    assert [n.learner.name for n in result.not_certified] == ["Ben Osei", "Chen Li"]

    paths, not_certified = make_certificates(
        names,
        tmp_path / "_build",
        params={**BASE, "paper": "A4"},
        course_title=BASE["course_title"],
        grades_json=tmp_path / "grades.json",
        paper="a4",
    )
    assert [p.name for p in paths] == ["amina-karimi.pdf"]
    assert not_certified == ["Ben Osei", "Chen Li"]
    assert title in pdf_text(paths[0].read_bytes())


# -- writing files ----------------------------------------------------------------------------


def test_slugify() -> None:
    assert slugify("Amina Karimi") == "amina-karimi"
    assert slugify("José Ñúñez-O'Brien") == "jose-nunez-o-brien"
    assert slugify("نور") == ""
    assert slugify("#set page(width: 1cm)") == "set-page-width-1cm"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_write_certificates_slugs_are_ascii_unique_with_fallbacks(tmp_path: Path) -> None:
    learners = [
        Learner("Amina Karimi", number=1),
        Learner("Amina  Karimi", number=2),
        Learner("نور", number=3),
        Learner("សុខា", handle="sokha_c", number=4),
        Learner("../..", number=5),
    ]
    paths = write_certificates(learners, tmp_path, **BASE, paper="a4")
    assert [p.name for p in paths] == [
        "amina-karimi.pdf",
        "amina-karimi-2.pdf",
        "learner-3.pdf",
        "sokha-c.pdf",
        "learner-5.pdf",
    ]
    assert all(p.parent == tmp_path / "certificates" for p in paths)
    assert all(p.read_bytes().startswith(b"%PDF") for p in paths)
    assert sorted(os.listdir(tmp_path / "certificates")) == sorted(p.name for p in paths)
    assert any("Amiri" in n for n in font_names(paths[2].read_bytes()))


def test_learner_date_and_lessons_win(tmp_path: Path) -> None:
    learners = [Learner("Amina", date="2026-04-01", lessons=("Strong passwords",))]
    [path] = write_certificates(learners, tmp_path, **BASE, paper="letter", lessons=("Other",))
    text = pdf_text(path.read_bytes())
    assert "2026-04-01" in text
    assert "14 March 2026" not in text
    assert "Strong passwords" in text
    assert "Other" not in text
    assert page_size(path.read_bytes()) == (792, 612)


def test_only_reprints_some_learners(tmp_path: Path) -> None:
    learners = [Learner("Amina"), Learner("Ben", handle="ben_o"), Learner("Chen")]
    paths = write_certificates(learners, tmp_path, **BASE, paper="a4", only=["@ben_o", "chen"])
    assert [p.name for p in paths] == ["ben.pdf", "chen.pdf"]
    with pytest.raises(CertificateError, match="not in the names list: dara"):
        write_certificates(learners, tmp_path, **BASE, paper="a4", only=["Dara"])


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "certificates"
    folder.mkdir()
    old = folder / "amina.pdf"
    old.write_bytes(b"old certificate")

    def fail(*_args: object) -> None:
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(os, "replace", fail)  # atomic_write_bytes moves files into place
    with pytest.raises(OSError, match="disk full"):
        write_certificates([Learner("Amina")], tmp_path, **BASE, paper="a4")
    assert old.read_bytes() == b"old certificate"  # never half-written
    assert os.listdir(folder) == ["amina.pdf"]  # no temporary file left behind
    monkeypatch.undo()
    [path] = write_certificates([Learner("Amina")], tmp_path, **BASE, paper="a4")
    assert path == old
    assert path.read_bytes().startswith(b"%PDF")
    assert os.listdir(folder) == ["amina.pdf"]


def test_make_certificates_with_a_hand_made_grades_file(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "name,handle,notebook\n"
        "Amina,,subs/amina/04-first-post.ipynb\n"
        "Ben,,subs/ben/04-first-post.ipynb\n"
        "نور,dara_s,\n",
        encoding="utf-8-sig",
    )
    grades = tmp_path / "grades.json"
    grades.write_text(json.dumps(GRADES, ensure_ascii=False), encoding="utf-8")
    paths, not_certified = make_certificates(
        names,
        tmp_path / "out",
        params=BASE,
        course_title=BASE["course_title"],
        grades_json=grades,
        paper="letter",
    )
    assert [p.name for p in paths] == ["amina.pdf", "dara-s.pdf"]  # no Latin name: the handle
    assert not_certified == ["Ben"]
    assert page_size(paths[0].read_bytes()) == (792, 612)

    # Without grader results everyone listed gets one; the date defaults to today.
    paths, not_certified = make_certificates(
        names,
        tmp_path / "all",
        params={"workshop": "Riverside"},
        course_title="Course",
        grades_json=None,
        paper="a4",
    )
    assert len(paths) == 3
    assert not_certified == []


def test_make_certificates_explains_missing_workshop_and_bad_grades(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nAmina\n", encoding="utf-8")
    with pytest.raises(CertificateError, match="--param workshop="):
        make_certificates(
            names, tmp_path, params={}, course_title="C", grades_json=None, paper="a4"
        )
    bad = tmp_path / "grades.json"
    bad.write_text("Notebook  Check  Result\n", encoding="utf-8")
    with pytest.raises(CertificateError, match="not JSON"):
        make_certificates(
            names, tmp_path, params=BASE, course_title="C", grades_json=bad, paper="a4"
        )
    assert not (tmp_path / "certificates").exists()


# -- hardening (issue 9) ----------------------------------------------------------------------

FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "grading"
FORGED_TITLE = "Master of Cybersecurity, with distinction"


def forged_submission(path: Path, lesson_id: str | None) -> Path:
    """A learner's notebook whose own metadata claims a grand title."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["course"] = {"title": FORGED_TITLE, **({"id": lesson_id} if lesson_id else {})}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    ("file_name", "entry_extra", "titles"),
    [
        # The grader matched 01-echo: the title is course.toml's, not the notebook's.
        ("01-echo.ipynb", {"lesson": "01-echo"}, ("Echo a word",)),
        # Old results without a lesson id: the file name picks the course lesson.
        ("01-echo.ipynb", {}, ("Echo a word",)),
        # A file name that is no lesson of the course gives no title at all.
        ("master-of-cybersecurity.ipynb", {}, ()),
        ("master-of-cybersecurity.ipynb", {"lesson": "99-master"}, ()),
    ],
    ids=["graded-lesson", "lesson-from-file-name", "unknown-file-name", "unknown-lesson-id"],
)
def test_lesson_titles_come_from_the_course_not_the_submission(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    file_name: str,
    entry_extra: dict[str, object],
    titles: tuple[str, ...],
) -> None:
    sub = forged_submission(tmp_path / "subs" / "amina" / file_name, "01-echo")
    grades = {"notebooks": [grade_entry(str(sub), True, **entry_extra)]}
    monkeypatch.chdir(FIXTURE_COURSE)  # the course is found from the working folder
    learner = Learner("Amina", notebooks=(str(sub),))
    [amina] = check_grades([learner], grades, grades_dir=tmp_path).certified
    assert amina.lessons == titles
    assert FORGED_TITLE not in " ".join(amina.lessons)


@pytest.mark.parametrize(
    "control",
    ["\u202e", "\u202d", "\u2067", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff"],
    ids=["RLO", "LRO", "RLI", "LRM", "RLM", "ALM", "ZWSP", "WJ", "BOM"],
)
def test_bidi_and_invisible_characters_are_removed_from_names(tmp_path: Path, control: str) -> None:
    names = tmp_path / "names.csv"
    names.write_text(f"name\nAmina {control}Karimi{control}\n", encoding="utf-8")
    [amina] = read_names(names)
    assert amina.name == "Amina Karimi"
    pdf = render_certificate(learner=f"{control}Amina Karimi", **BASE)
    assert "Amina Karimi" in pdf_text(pdf)


@pytest.mark.parametrize(
    ("name", "script", "package"),
    [
        ("王芳", "Han", None),
        ("Amina 🌸", "emoji", None),
        ("김지수", "Hangul", None),
        ("さくら", "Hiragana", None),
        ("สมศรี ใจดี", "Thai", "fontpkg-noto-sans-thai"),
    ],
    ids=["cjk", "emoji", "korean", "japanese-kana", "thai"],
)
def test_a_script_with_no_font_is_refused_by_name_before_any_file(
    tmp_path: Path, name: str, script: str, package: str | None
) -> None:
    if package and importlib.util.find_spec(package.replace("-", "_")):
        pytest.skip(f"{package} is installed here, so {script} is covered")
    names = tmp_path / "names.csv"
    names.write_text(f"name\nAmina Karimi\nنور\n{name}\n", encoding="utf-8")
    with pytest.raises(CertificateError) as info:
        make_certificates(
            names, tmp_path / "out", params=BASE, course_title="C", grades_json=None, paper="a4"
        )
    msg = str(info.value)
    assert "line 4" in msg
    assert script in msg
    assert "empty boxes" in msg
    assert "no certificate was written" in msg
    assert (package or "no font package on PyPI") in msg
    assert not (tmp_path / "out" / "certificates").exists()
    with pytest.raises(CertificateError, match=script):
        render_certificate(learner=name, **BASE)


@pytest.mark.parametrize("line", [2, 4, 7])
def test_a_too_long_name_on_any_line_stops_before_any_file(tmp_path: Path, line: int) -> None:
    rows = ["Amina Karimi", "Ben Osei", "Chen Li", "Dara Sok", "Esi Mensah", "Fay Diallo"]
    rows.insert(line - 2, "A" * 201)
    names = tmp_path / "names.csv"
    names.write_text("name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CertificateError) as info:
        make_certificates(
            names, tmp_path / "out", params=BASE, course_title="C", grades_json=None, paper="a4"
        )
    msg = str(info.value)
    assert f"names.csv, line {line}: the name is longer than {C.NAME_LIMIT} characters" in msg
    assert not (tmp_path / "out" / "certificates").exists()
    # Learners given directly (no CSV) are checked before the first file too.
    learners = [Learner(n, number=i) for i, n in enumerate(rows, start=1)]
    with pytest.raises(CertificateError, match=f"learner {line - 1}: the name is longer"):
        write_certificates(learners, tmp_path / "direct", **BASE, paper="a4")
    assert not (tmp_path / "direct" / "certificates").exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_certificates_are_readable_as_umask_allows(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        [path] = write_certificates([Learner("Amina")], tmp_path, **BASE, paper="a4")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


def test_a_latin_name_keeps_its_order_on_an_arabic_certificate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Seen on the printed Arabic certificate: "Amina K." came out as ".Amina K".
    from toolkit.course import certificate

    seen: list[dict[str, Any]] = []

    def capture(template: Any, sys_inputs: dict[str, str]) -> bytes:
        seen.append(json.loads(sys_inputs["data"]))
        return b"%PDF"

    monkeypatch.setattr(certificate, "compile_pdf", capture)
    certificate.render_certificate(
        learner="Amina K.", workshop="Riverside", date="2026-12-02", trainer="Grace",
        course_title="Course", lang="ar",
    )  # fmt: skip
    (doc,) = seen
    assert doc["dir"] == "rtl"
    for field in ("learner", "workshop", "trainer", "date"):
        assert doc[field].startswith("\u2068")
        assert doc[field].endswith("\u2069")
    assert doc["learner"].strip("\u2068\u2069") == "Amina K."
