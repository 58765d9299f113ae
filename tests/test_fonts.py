"""Font discovery for the Typst handouts."""

from __future__ import annotations

import io

import pypdf
import pytest

from toolkit.course import fonts
from toolkit.course.errors import CourseError, HandoutError


def test_font_dirs_are_package_files_folders() -> None:
    dirs = fonts.font_dirs()
    assert dirs, "the fontpkg_noto_sans* packages are dependencies"
    for folder in dirs:
        assert folder.name == "files"
        assert any(p.suffix in (".ttf", ".otf") for p in folder.iterdir())


def test_families_in_fallback_order() -> None:
    fam = fonts.font_families()
    assert fam[:3] == ("Noto Sans", "Amiri", "Noto Sans Khmer")
    assert fam[-1] == fonts.FALLBACK_FAMILY


def test_missing_package_is_skipped() -> None:
    assert fonts._package_font_dir("fontpkg_does_not_exist_xyz") is None


def test_compile_uses_only_packaged_fonts() -> None:
    src = '#set text(font: ("Noto Sans", "Amiri", "Noto Sans Khmer"))\nHi مرحبا ជំរាបសួរ'
    pdf = fonts.compile_pdf(src)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any("NotoSans-" in n for n in names)
    assert any("Amiri" in n for n in names)
    assert any("NotoSansKhmer" in n for n in names)


def test_compile_error_is_a_course_error() -> None:
    with pytest.raises(HandoutError) as info:
        fonts.compile_pdf("#let x = ")
    assert isinstance(info.value, CourseError)


def test_compiler_is_reused() -> None:
    assert fonts._compiler() is fonts._compiler()


def test_coverage_is_read_from_the_packaged_fonts() -> None:
    points = fonts.covered_code_points()
    assert points is not None, "fontTools reads the fonts' character maps"
    for ch in "Aé€ن ក":
        assert ch == " " or ord(ch) in points
    assert ord("王") not in points


@pytest.mark.parametrize(
    "text",
    [
        "Amina Karimi",
        "José Ñúñez-O’Brien",
        "Ngọc Trâm",
        "نور الهدى",
        "សុខា ចាន់",
        "Łucja Żółć",
        "שרה לוי",
    ],
)
def test_scripts_the_fonts_cover_pass(text: str) -> None:
    assert fonts.missing_script(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("王芳", ["Han", "王 芳", "no font package on PyPI"]),
        ("Amina 😀", ["emoji", "😀"]),
        ("สมศรี", ["Thai", "pip install fontpkg-noto-sans-thai"]),
    ],
)
def test_missing_script_names_the_script_and_a_package(text: str, words: list[str]) -> None:
    message = fonts.missing_script(text)
    assert message is not None
    assert "empty boxes" in message
    for word in words:
        assert word in message


def test_optional_packages_are_not_required() -> None:
    assert set(fonts.OPTIONAL_PACKAGES).isdisjoint(fonts.FONT_PACKAGES)
    packages = fonts.SCRIPT_PACKAGES.values()
    assert all(p.replace("-", "_") in fonts.OPTIONAL_PACKAGES for p in packages)
