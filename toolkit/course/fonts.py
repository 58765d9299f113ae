"""Fonts for the PDF handouts: Noto Sans (+ Arabic, Khmer) from the ``fontpkg_*`` wheels.

Handouts are always compiled with these folders only (``ignore_system_fonts=True``) so a PDF
looks the same on every machine. Font discovery and the Typst compiler are cached: scanning
the variable fonts costs more than compiling a whole lesson.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import typst

from toolkit.course.errors import HandoutError

# Package name -> family it provides, in fallback order (Latin first, then other scripts).
FONT_PACKAGES: dict[str, str] = {
    "fontpkg_noto_sans": "Noto Sans",
    "fontpkg_noto_sans_arabic": "Noto Sans Arabic",
    "fontpkg_noto_sans_khmer": "Noto Sans Khmer",
}
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
def font_families() -> tuple[str, ...]:
    """Body font families in fallback order, only those actually available."""
    families = [
        family
        for package, family in FONT_PACKAGES.items()
        if _package_font_dir(package) is not None
    ]
    return (*families, FALLBACK_FAMILY)


@cache
def _fonts() -> typst.Fonts:
    # Scanned once per process; the Compiler keeps the parsed fonts.
    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=True,
        font_paths=[str(p) for p in font_dirs()],
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
