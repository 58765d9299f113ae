"""Checks on what members type: length in graphemes, characters, blank text, gentle warnings.

Lengths are counted in graphemes (what a reader sees as one letter): Khmer "សួស្តី" is six code
points but two graphemes. A byte cap is checked first, so a huge paste is refused fast.
``shorten`` is the one way a message quotes what someone typed (cut, with nothing hidden in it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from toolkit.forum.errors import InvalidText
from toolkit.i18n import _

_GRAPHEME = regex.compile(r"\X")
# Control characters other than tab and newlines, and lone surrogates, never belong in text.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Bidi overrides (LRO, RLO) turn the letters after them around: "invoice\u202efdp.exe" shows as
# "invoiceexe.pdf". Nobody types one (right-to-left keyboards need none), so text with one is
# refused; the gentler embeddings and isolates are kept.
_OVERRIDES = re.compile("[\u202d\u202e]")
# Invisible format characters (zero-width, bidi controls) do not make text non-blank.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufeff\uffa0"
)
# Zalgo text: accent marks piled on one letter spill over the lines around it. Real scripts stack
# a few (Vietnamese two, pointed Hebrew up to four); more than MAX_MARKS in a row is refused.
MAX_MARKS = 4
_MARKS = r"[\p{Mn}\p{Me}]"
_MARK_PILE = regex.compile(_MARKS + "{" + str(MAX_MARKS + 1) + ",}")
_PILE_TAIL = regex.compile("(" + _MARKS + "{" + str(MAX_MARKS) + "})" + _MARKS + "+")
# Quoting input in a message: at most this many characters, and nothing that hides or reorders
# the message (control characters, lone surrogates, bidi controls).
ECHO_MAX = 60
_UNSHOWABLE = regex.compile(r"[\p{Cc}\p{Cs}\p{Bidi_Control}]")
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


@dataclass(frozen=True, slots=True)
class Limits:
    """How long each kind of text may be (in graphemes), and the byte cap checked first."""

    min: int
    max: int
    max_lines: int | None = None

    @property
    def max_bytes(self) -> int:
        # Four bytes per code point and several code points per grapheme leave room for any script.
        return self.max * 16 + 64


TITLE = Limits(2, 120, max_lines=1)
POST_BODY = Limits(5, 10_000)
COMMENT_BODY = Limits(1, 5_000)
DISPLAY_NAME = Limits(1, 50, max_lines=1)
SIGNATURE = Limits(1, 300)
NOTE = Limits(1, 1_000)
MESSAGE = Limits(1, 2_000)
PROFILE_VALUE = Limits(1, 300)
EXCERPT_MAX = 500


def graphemes(text: str) -> int:
    """How many user-perceived characters the text has."""
    if text.isascii():
        # Fast path: every ASCII character is one grapheme except CR LF pairs.
        return len(text) - text.count("\r\n")
    return len(_GRAPHEME.findall(text))


def is_blank(text: str) -> bool:
    """True when the text has nothing a reader could see."""
    return all(ch.isspace() or ch in _INVISIBLE for ch in text)


def clean(text: object, field: str, limits: Limits) -> str:
    """Return the text normalised (NFC, trimmed), or raise InvalidText saying what to fix.

    ``field`` names the text in English ("title", marked with ``N_`` by the caller); it is
    translated here, when a message needs it.
    """
    if not isinstance(text, str):
        msg = _("The {field} must be text. Type some words and try again.")
        raise InvalidText(msg.format(field=_name(field)))
    if len(text) > limits.max_bytes:
        raise InvalidText(_too_long(field, limits.max))
    # A browser form sends line breaks as CR LF: stored as plain newlines, like typed ones.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _OVERRIDES.search(text) is not None:
        msg = _(
            "The {field} contains a hidden character that turns the text around, so it would "
            "show different words from the ones you typed. Retype the text instead of pasting "
            "it, then try again."
        )
        raise InvalidText(msg.format(field=_name(field)))
    bad = _BAD_CHARS.search(text)
    if bad is not None:
        msg = _(
            "The {field} contains a hidden control character that cannot be saved. "
            "Retype the text instead of pasting it, then try again."
        )
        raise InvalidText(msg.format(field=_name(field)))
    if len(text.encode("utf-8")) > limits.max_bytes:
        raise InvalidText(_too_long(field, limits.max))
    # Look for piled marks before NFC too: NFC reorders a pile in quadratic time.
    if not has_mark_pile(text):
        text = unicodedata.normalize("NFC", text).strip()
    if has_mark_pile(text):
        msg = _(
            "The {field} has letters with too many accent marks piled on them, which makes it "
            "hard to read. Use at most {marks} marks on a letter and try again."
        )
        raise InvalidText(msg.format(field=_name(field), marks=MAX_MARKS))
    if is_blank(text):
        msg = _("The {field} is empty. Write something in it, then try again.")
        raise InvalidText(msg.format(field=_name(field)))
    n = graphemes(text)
    if n < limits.min:
        msg = _(
            "The {field} is too short ({n} of at least {min} characters). Add a few more words."
        )
        raise InvalidText(msg.format(field=_name(field), n=n, min=limits.min))
    if n > limits.max:
        raise InvalidText(_too_long(field, limits.max, n))
    if limits.max_lines is not None and text.count("\n") + 1 > limits.max_lines:
        if limits.max_lines == 1:
            msg = _("The {field} must fit on one line. Remove the line breaks and try again.")
        else:
            msg = _("The {field} can have at most {lines} lines. Make it shorter.")
        raise InvalidText(msg.format(field=_name(field), lines=limits.max_lines))
    return text


def has_mark_pile(text: str) -> bool:
    """True when more than MAX_MARKS combining marks follow one letter (Zalgo text)."""
    # ASCII has no combining marks: most text is checked without the regex.
    return not text.isascii() and _MARK_PILE.search(text) is not None


def shorten(value: str, limit: int = ECHO_MAX) -> str:
    """``value`` made safe to quote in a message: one line, at most ``limit`` characters + "…".

    A 10 MB paste, a Zalgo pile, a bidi override or a lone surrogate cannot swamp, reorder or
    break the message around it.
    """
    # Only a bounded prefix is looked at: a huge value costs no more than a short one.
    window = limit * 4
    head = _UNSHOWABLE.sub("\ufffd", collapse_spaces(value[:window]))
    head = _PILE_TAIL.sub(r"\1", head)
    if len(head) <= limit and len(value) <= window:
        return head
    return head[:limit].rstrip() + "…"


def _name(field: str) -> str:
    # gettext("") is the catalogue's header, never a field name.
    return _(field) if field else field


def _too_long(field: str, limit: int, n: int | None = None) -> str:
    # Two whole sentences, not one with a piece left out: a translator sees each in full.
    if n is None:
        msg = _("The {field} is too long. Keep it under {limit} characters and try again.")
    else:
        msg = _(
            "The {field} is too long ({n} characters). "
            "Keep it under {limit} characters and try again."
        )
    return msg.format(field=_name(field), limit=limit, n=n)


def collapse_spaces(text: str) -> str:
    """Text with every run of whitespace turned into one space (for whitespace-blind matching)."""
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words in the text, in any script."""
    return _WORD.findall(text)


def warnings_for(text: str) -> tuple[str, ...]:
    """Gentle notes on allowed but hard-to-read text: shouting, symbols only, key mashing."""
    notes: list[str] = []
    if not _LETTER.search(text):
        notes.append(
            _("Your text has no letters, only symbols or numbers. Readers may not understand it.")
        )
    elif text == text.upper() and sum(1 for ch in text if ch.isupper()) >= 8:
        notes.append(
            _(
                "Your text is all in capital letters, which reads like shouting. "
                "Try writing it in normal case."
            )
        )
    if _MASH.search(text):
        notes.append(
            _("Part of your text looks like random keys. Check that it says what you mean.")
        )
    return tuple(notes)


# Five keys in a row on a keyboard, or a long Latin word with no vowel, look like key mashing.
_MASH = re.compile(
    "|".join(sorted({row[i : i + 5] for row in _KEYBOARD_ROWS for i in range(len(row) - 4)}))
    + r"|\b[b-df-hj-np-tv-xz]{7,}\b",
    re.IGNORECASE,
)
