"""Fonts for the PDF handouts: Noto Sans, Amiri (Arabic), Noto Sans Khmer (``fontpkg_*`` wheels).

Handouts are always compiled with these folders only (``ignore_system_fonts=True``) so a PDF
looks the same on every machine. Font discovery and the Typst compiler are cached: scanning
the variable fonts costs more than compiling a whole lesson.

A few more scripts are printed when their font package is installed (``OPTIONAL_PACKAGES``).
:func:`missing_script` says which characters of a text no font covers (read from the fonts'
character maps with fontTools), so a certificate is refused instead of printing empty boxes.
"""

from __future__ import annotations

import importlib.util
import threading
import unicodedata
import warnings
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import regex
import typst

from toolkit.course.errors import HandoutError

# Package name -> family it provides, in fallback order (Latin first, then other scripts).
FONT_PACKAGES: dict[str, str] = {
    "fontpkg_noto_sans": "Noto Sans",
    # Not Noto Sans Arabic: its letters share dotless shapes (dots are separate marks), and
    # Typst's PDFs then copy out as repeated letters (13% of the words of an Arabic handout came
    # out as written, against 94% with Amiri: docs/LANGUAGES.md).
    "fontpkg_amiri": "Amiri",
    "fontpkg_noto_sans_khmer": "Noto Sans Khmer",
    # Hebrew names printed (in Typst's built-in mono font) before names were checked.
    "fontpkg_heebo": "Heebo",
}
# Used when installed (pip install fontpkg-...): more scripts for names and handouts.
OPTIONAL_PACKAGES: dict[str, str] = {
    "fontpkg_noto_sans_devanagari": "Noto Sans Devanagari",
    "fontpkg_noto_sans_tamil": "Noto Sans Tamil",
    "fontpkg_noto_sans_telugu": "Noto Sans Telugu",
    "fontpkg_noto_sans_thai": "Noto Sans Thai",
    "fontpkg_hind_siliguri": "Hind Siliguri",
}
# Script -> the PyPI package that adds a font for it (the fontpkg family on PyPI); scripts
# missing here (Han, Hangul, Japanese kana, emoji...) have no such package yet.
SCRIPT_PACKAGES: dict[str, str] = {
    "Devanagari": "fontpkg-noto-sans-devanagari",
    "Tamil": "fontpkg-noto-sans-tamil",
    "Telugu": "fontpkg-noto-sans-telugu",
    "Thai": "fontpkg-noto-sans-thai",
    "Bengali": "fontpkg-hind-siliguri",
}
# Scripts named in messages (a character outside these is named by its Unicode name).
_SCRIPTS = (
    "Han", "Hiragana", "Katakana", "Hangul", "Hebrew", "Devanagari", "Bengali", "Gurmukhi",
    "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao",
    "Tibetan", "Myanmar", "Georgian", "Armenian", "Ethiopic", "Syriac", "Thaana", "Mongolian",
    "Cherokee", "Greek", "Cyrillic", "Arabic", "Khmer", "Latin",
)  # fmt: skip
_SCRIPT_NOTE = {"Han": "Chinese/Japanese/Korean characters", "Hangul": "Korean"}
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
# Characters that need no glyph of their own.
_NO_GLYPH = regex.compile(r"[\p{Zs}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]")
# Typst always embeds these; used when a Noto package is missing so text still renders.
FALLBACK_FAMILY = "Libertinus Serif"
MONO_FAMILIES = ("DejaVu Sans Mono",)

_lock = threading.Lock()


def _package_font_dir(package: str) -> Path | None:
    """``<package>/files/`` of an installed font package, or None when it is not installed."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "files"
        if folder.is_dir():
            return folder
    return None


@cache
def font_dirs() -> tuple[Path, ...]:
    """Folders holding the handout fonts; missing packages are skipped with a warning."""
    found: list[Path] = []
    missing: list[str] = []
    for package in FONT_PACKAGES:
        folder = _package_font_dir(package)
        if folder is None:
            missing.append(package)
        else:
            found.append(folder)
    if missing:
        warnings.warn(
            f"font package(s) {', '.join(missing)} not installed; handouts fall back to "
            f"{FALLBACK_FAMILY!r} for those scripts (pip install "
            f"{' '.join(p.replace('_', '-') for p in missing)})",
            stacklevel=2,
        )
    return tuple(found)


@cache
def optional_font_dirs() -> tuple[Path, ...]:
    """Folders of the optional font packages that are installed (no warning for the others)."""
    found = (_package_font_dir(package) for package in OPTIONAL_PACKAGES)
    return tuple(folder for folder in found if folder is not None)


@cache
def font_families() -> tuple[str, ...]:
    """Body font families in fallback order, only those actually available."""
    families = [
        family
        for package, family in {**FONT_PACKAGES, **OPTIONAL_PACKAGES}.items()
        if _package_font_dir(package) is not None
    ]
    return (*families, FALLBACK_FAMILY)


# Latin comes first for every language: Noto Sans has no Arabic letters, so they come from
# Amiri, while digits and Latin words keep the sans face of the rest of the course.
# Amiri is a Naskh face, small for its em: a page in a language written in it prints larger
# so that it reads like the Latin pages.
_TEXT_SCALE = {"ar": 1.1, "fa": 1.1, "ur": 1.1}


def text_scale(lang: str) -> float:
    """How much larger body text prints in ``lang`` than in English (1.0: the same)."""
    return _TEXT_SCALE.get(lang, 1.0)


@cache
def covered_code_points() -> frozenset[int] | None:
    """Every code point some packaged font has a glyph for; None when fontTools is missing.

    Typst's embedded fallback (Libertinus Serif) is not counted: its character map cannot be
    read, so a script only it covers gets the clear error rather than a gamble.
    """
    try:
        from fontTools.ttLib import TTFont  # only when checking coverage
    except ImportError:
        warnings.warn(
            "fontTools is not installed, so names are not checked for characters the "
            "certificate fonts lack (pip install fonttools)",
            stacklevel=2,
        )
        return None
    points: set[int] = set()
    for folder in (*font_dirs(), *optional_font_dirs()):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in (".ttf", ".otf"):
                continue
            with TTFont(path, lazy=True) as font:
                points.update(font.getBestCmap() or {})
    return frozenset(points)


def script_name(ch: str) -> str:
    """A readable name for the script of ``ch``: "Han", "Hebrew", "emoji", ..."""
    if _EMOJI.match(ch):
        return "emoji"
    for script in _SCRIPTS:
        if regex.match(rf"\p{{Script={script}}}", ch):
            return script
    return unicodedata.name(ch, f"U+{ord(ch):04X}").split()[0].title()


def missing_script(text: str) -> str | None:
    """None when the fonts cover ``text``; else a plain sentence naming the script(s) they
    lack, the characters, and the PyPI font package that would add it (when there is one)."""
    points = covered_code_points()
    if points is None:
        return None
    missing = [
        ch for ch in dict.fromkeys(text) if ord(ch) not in points and not _NO_GLYPH.match(ch)
    ]
    if not missing:
        return None
    by_script: dict[str, list[str]] = {}
    for ch in missing:
        by_script.setdefault(script_name(ch), []).append(ch)
    parts = []
    for script, chars in by_script.items():
        label = f"{script} ({_SCRIPT_NOTE[script]})" if script in _SCRIPT_NOTE else script
        shown = " ".join(chars[:5]) + (" ..." if len(chars) > 5 else "")
        package = SCRIPT_PACKAGES.get(script)
        fix = (
            f"pip install {package} adds a font for it"
            if package
            else "no font package on PyPI adds it yet"
        )
        parts.append(f"{label}: {shown} ({fix})")
    return (
        "it uses characters the certificate fonts cannot print, so they would come out as "
        "empty boxes: " + "; ".join(parts)
    )


@cache
def _fonts() -> typst.Fonts:
    # Scanned once per process; the Compiler keeps the parsed fonts.
    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=True,
        font_paths=[str(p) for p in (*font_dirs(), *optional_font_dirs())],
    )


@cache
def _compiler() -> typst.Compiler:
    return typst.Compiler(font_paths=_fonts(), ignore_system_fonts=True)


def compile_pdf(
    source: str | bytes,
    *,
    sys_inputs: Mapping[str, str] | None = None,
    root: str | Path | None = None,
) -> bytes:
    """Compile Typst ``source`` to PDF bytes with the handout fonts only.

    ``root`` is the folder Typst may read files (images) from.
    """
    if isinstance(source, str):
        source = source.encode("utf-8")
    # One shared compiler (fonts parsed once); it is not safe to call concurrently.
    with _lock:
        try:
            result = _compiler().compile(
                source,
                format="pdf",
                sys_inputs=dict(sys_inputs or {}),
                root=str(root) if root is not None else None,
                timestamp=0,
            )
        except typst.TypstError as exc:
            msg = f"Typst could not compile the handout: {exc.message} {exc.hints or ''}".strip()
            raise HandoutError(msg) from exc
    if not isinstance(result, bytes):  # pragma: no cover - pdf output is always one blob
        msg = "Typst returned no PDF"
        raise HandoutError(msg)
    return result
