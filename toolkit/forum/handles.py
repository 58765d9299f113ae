"""Handle rules: allowed characters, one owner per handle, no look-alikes, no reserved names."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import regex

from toolkit.forum.errors import HandleError
from toolkit.forum.text import _INVISIBLE, graphemes

MIN_GRAPHEMES = 3
MAX_GRAPHEMES = 20

# Names that would let someone pass as staff. Compared by look-alike skeleton.
RESERVED = frozenset(
    {
        "admin",
        "administrator",
        "moderator",
        "mod",
        "mods",
        "trainer",
        "system",
        "staff",
        "support",
        "root",
        "official",
        "help",
        "helpdesk",
        "forum",
        "everyone",
        "anonymous",
        "security",
        "owner",
        "null",
        "none",
    }
)
# Any handle containing one of these pretends to be staff.
RESERVED_PARTS = ("admin", "moderator", "official")

_ALLOWED = regex.compile(r"^[\p{L}\p{M}\p{N}_]+$")
_BIDI_OR_ZERO_WIDTH = regex.compile(r"[\p{Cf}]")


def key(handle: str) -> str:
    """The identity of a handle: width and case variants ("ＡＭＩＮＡ", "Amina") are the same."""
    return unicodedata.normalize("NFKC", handle).casefold()


@cache
def _prototypes() -> dict[str, str]:
    # Unicode's confusables list, as shipped by confusable_homoglyphs: map each
    # look-alike of an ASCII letter or digit to that ASCII character.
    path = resources.files("confusable_homoglyphs") / "confusables.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    proto: dict[str, str] = {}
    for char, entries in data.items():
        char_ascii = len(char) == 1 and char.isascii() and char.isalnum()
        for entry in entries:
            glyph = entry["c"].strip("\u200e")
            if char_ascii and len(glyph) == 1 and not glyph.isascii():
                proto.setdefault(glyph, char)
            elif len(glyph) == 1 and glyph.isascii() and glyph.isalnum() and len(char) == 1:
                if not char.isascii():
                    proto.setdefault(char, glyph)
    return proto


def skeleton(handle: str) -> str:
    """A look-alike fingerprint (after Unicode TR39): "Αmina", "аmina", "arnina" give "arnina"."""
    text = unicodedata.normalize("NFKC", handle)
    proto = _prototypes()
    text = "".join(proto.get(ch, ch) for ch in text)
    text = text.lower()
    for a, b in (("m", "rn"), ("w", "vv"), ("0", "o"), ("1", "l")):
        text = text.replace(a, b)
    return text.replace("_", "")


def validate(handle: object) -> str:
    """The handle (NFC) if its shape is allowed, else a HandleError saying what to fix."""
    if not isinstance(handle, str):
        msg = "A username must be text, like amina_k. Type one and try again."
        raise HandleError(msg)
    if len(handle) > MAX_GRAPHEMES * 8:
        msg = (
            f"That username is too long. Use {MIN_GRAPHEMES} to {MAX_GRAPHEMES} letters or digits."
        )
        raise HandleError(msg)
    handle = unicodedata.normalize("NFC", handle)
    if any(ch in _INVISIBLE for ch in handle) or _BIDI_OR_ZERO_WIDTH.search(handle):
        msg = (
            "That username contains an invisible character, which can be used to fake a name. "
            "Type it again using only letters, digits and _."
        )
        raise HandleError(msg)
    if not handle.strip():
        msg = "The username is empty. Choose one with letters, digits or _, like amina_k."
        raise HandleError(msg)
    if not _ALLOWED.match(handle):
        msg = (
            "A username can only use letters, digits and _ (no spaces or symbols). "
            "Try something like amina_k."
        )
        raise HandleError(msg)
    n = graphemes(handle)
    if n < MIN_GRAPHEMES or n > MAX_GRAPHEMES:
        msg = (
            f"A username needs {MIN_GRAPHEMES} to {MAX_GRAPHEMES} letters or digits "
            f"(this one has {n}). Choose another."
        )
        raise HandleError(msg)
    skel = skeleton(handle)
    if skel in _reserved_skeletons() or any(part in skel for part in _reserved_part_skeletons()):
        msg = (
            f'"{handle}" looks like a staff name, so it could confuse people. '
            "Choose a username that is just yours."
        )
        raise HandleError(msg)
    return handle


@cache
def _reserved_skeletons() -> frozenset[str]:
    return frozenset(skeleton(name) for name in RESERVED)


@cache
def _reserved_part_skeletons() -> tuple[str, ...]:
    return tuple(skeleton(part) for part in RESERVED_PARTS)
