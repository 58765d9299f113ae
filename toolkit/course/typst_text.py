"""Text-level Typst helpers for the printed course: plain text made safe and printable.

    escape_text(text)          markup that prints ``text`` literally
    typst_string(text)         a Typst string literal
    break_long_words(text)     zero-width break chances in long runs (URLs, hashes)
    image_placeholder(alt)     the frame printed for an image that cannot be printed
    is_rtl(text)               whether text starts in a right-to-left script
    english_inline(markup)     markup left in English inside a translation, marked so

:mod:`toolkit.course.typst_markdown` builds on these to turn Markdown into Typst markup.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from toolkit.i18n import _

__all__ = [
    "EN_BLOCK",
    "EN_DIV",
    "EN_DIV_END",
    "EN_SPAN",
    "EN_SPAN_END",
    "LONG_WORD",
    "TICKED_BOX",
    "TICK_BOX",
    "ZWSP",
    "ImageResolver",
    "break_long_words",
    "english_inline",
    "escape_text",
    "image_placeholder",
    "is_rtl",
    "typst_string",
]

ImageResolver = Callable[[str], str | None]

_PUNCT = frozenset(string.punctuation)
ZWSP = "\u200b"
# Runs longer than this without a space get invisible break opportunities so URLs, hashes
# and code never run off the printed page.
LONG_WORD = 28
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")
_BREAK_AFTER = re.compile(r"([/.\-_?&=#:,;@])")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u1780-\u17ff]")
# What toolkit.course.l10n writes around a block or a line left in English in a translation
# (raw HTML is text here, so these arrive as text): printed as English, left to right.
EN_DIV, EN_DIV_END = '<div lang="en">', "</div>"
EN_SPAN, EN_SPAN_END = '<span lang="en">', "</span>"
EN_BLOCK = '#block(width: 100%)[#set text(lang: "en", dir: ltr)\n{}]'
# Left-to-right marks around an English run: the paragraph keeps the page's direction (an
# English list item stays beside its bullet on a right-to-left page) while the run and its
# punctuation ("What is a forum?") read left to right.
_LRM = "\u200e"
# An empty square the reader ticks with a pen; a ticked one carries a drawn cross (no glyph a
# font may lack). Black outline, no fill: it photocopies.
TICK_BOX = "#box(width: 0.9em, height: 0.9em, baseline: 0.12em, stroke: 0.9pt + black)"
TICKED_BOX = (
    "#box(width: 0.9em, height: 0.9em, baseline: 0.12em, stroke: 0.9pt + black, "
    "place(line(start: (15%, 15%), end: (85%, 85%), stroke: 1pt)) + "
    "place(line(start: (85%, 15%), end: (15%, 85%), stroke: 1pt)))"
)


def break_long_words(text: str, limit: int = LONG_WORD) -> str:
    """Insert zero-width spaces into very long unbroken runs so they can wrap."""

    def fix(match: re.Match[str]) -> str:
        run = _BREAK_AFTER.sub(lambda m: m.group(1) + ZWSP, match.group(0))
        # Still-long pieces (hashes, base64) get a break every ``limit`` characters.
        pieces = []
        for piece in run.split(ZWSP):
            pieces.append(
                ZWSP.join(piece[i : i + limit] for i in range(0, len(piece), limit)) or piece
            )
        return ZWSP.join(pieces)

    return _LONG_RUN.sub(fix, text)


def escape_text(text: str, *, wrap: bool = True) -> str:
    """Typst markup that prints ``text`` literally (one paragraph, newlines become spaces)."""
    if wrap:
        text = break_long_words(text)
    out = []
    for ch in text:
        if ch in _PUNCT:
            out.append("\\" + ch)
        elif ch in "\r\n\t":
            # A backslash before whitespace is a Typst line break, so whitespace is never
            # escaped; newlines would end a paragraph or start a list, so they become spaces.
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def typst_string(text: str) -> str:
    """A Typst string literal (with quotes) holding ``text`` exactly."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def image_placeholder(alt: str = "", src: str = "") -> str:
    """Markup for an image that cannot be printed: its description in a dashed frame.

    A web address (``src``) is printed too, so the reader can look the picture up.
    """
    alt = " ".join(alt.split())
    label = (
        _("Image could not be printed: {alt}").format(alt=alt)
        if alt
        else _("Image could not be printed")
    )
    if re.match(r"https?://", src, re.IGNORECASE):
        label += f" ({src[:100]})"
    # Dashed frame and italics, no colour: it reads as "missing picture" on a greyscale copy.
    return (
        '#box(stroke: (paint: luma(60), thickness: 0.8pt, dash: "dashed"), radius: 2pt, '
        f"inset: (x: 5pt, y: 3pt), outset: (y: 2pt))[#emph[\\[{escape_text(label)}\\]]]"
    )


def is_rtl(text: str) -> bool:
    """True when the first strongly directional letter is Arabic/Hebrew script."""
    rtl = _RTL.search(text)
    if rtl is None:
        return False
    ltr = _STRONG_LTR.search(text)
    return ltr is None or rtl.start() < ltr.start()


def english_inline(markup: str) -> str:
    """``markup`` left in English inside a translation: English hyphenation, left to right."""
    return f'{_LRM}#text(lang: "en", dir: ltr)[{markup}]{_LRM}'
