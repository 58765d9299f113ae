"""Handle rules: allowed characters, one owner per handle, no look-alikes, no reserved names.

Two handles are look-alikes when their ``skeleton`` is equal. The skeleton follows Unicode TR39
(each character replaced by the prototype it can be mistaken for, from the confusables table that
``confusable_homoglyphs`` ships), and it also folds case, so "Iena_m", "1ena_m" and "LENA_M" all
meet "lena_m", and "ADMlN" meets "admin".
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import regex

from toolkit.forum.errors import HandleError
from toolkit.forum.text import graphemes, has_mark_pile, shorten
from toolkit.i18n import _

MIN_GRAPHEMES = 3
MAX_GRAPHEMES = 20

# Names that would let someone pass as staff. Compared by look-alike skeleton, in any case.
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
# Any handle containing one of these pretends to be staff. ("helpdesk" or "forum" inside a handle
# stay allowed: lesson 7's phishing inbox shows a "forum_helpdesk_team" that passes the rules.)
RESERVED_PARTS = ("admin", "moderator", "official", "trainer")

_ALLOWED = regex.compile(r"^[\p{L}\p{M}\p{N}_]+$")
# Characters that draw nothing (or only steer layout): joiners, variation selectors, tag
# characters, fillers, bidi controls. A handle with one could pass for another handle.
_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]")

# Look-alikes that TR39 leaves to case or to pairs of letters: once case is folded, "I" (which
# TR39 maps to "l") meets "i", so i joins the l class; "vv" reads as "w" and "cl" as "d".
# TR39 itself maps "m" to "rn", "0" to "O" and "1" to "l".
_FOLDS = (("i", "l"), ("w", "vv"), ("d", "cl"))
# Each round maps, folds case and decomposes; a few rounds always reach a fixed point.
_MAX_ROUNDS = 8


def key(handle: str) -> str:
    """The identity of a handle: width and case variants ("ＡＭＩＮＡ", "Amina") are the same."""
    return unicodedata.normalize("NFKC", handle).casefold()


def _bare(glyph: str) -> str:
    # The JSON wraps right-to-left glyphs in LEFT-TO-RIGHT MARKs for display.
    return glyph.strip("\u200e") if len(glyph) > 1 else glyph


@cache
def _prototypes() -> dict[str, str]:
    """Unicode's confusables (TR39) as shipped by confusable_homoglyphs: character -> prototype."""
    path = resources.files("confusable_homoglyphs") / "confusables.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    near: dict[str, set[str]] = {}
    for glyph, entries in data.items():
        near.setdefault(_bare(glyph), set()).update(_bare(entry["c"]) for entry in entries)
    # confusables.txt maps each source character to one prototype, and the JSON lists every
    # line both ways: a source has exactly one neighbour, and that prototype is a sequence or has
    # other sources too. Two characters that only know each other both go to the smaller one.
    proto: dict[str, str] = {}
    for glyph, others in near.items():
        if len(glyph) != 1 or len(others) != 1:
            continue
        (other,) = others
        if len(other) > 1 or len(near.get(other, ())) > 1 or other < glyph:
            proto[glyph] = other
    return proto


def skeleton(handle: str) -> str:
    """A look-alike fingerprint (Unicode TR39, case folded): "Αmina", "аmina", "arnina" and
    "AMlNA" all give the skeleton of "amina". Idempotent: skeleton(skeleton(x)) == skeleton(x)."""
    proto = _prototypes()
    text = _INVISIBLE.sub("", handle)
    for _round in range(_MAX_ROUNDS):
        before = text
        # Decomposed first, as TR39 says, so "ё" (Cyrillic) maps its base letter like "ë".
        text = unicodedata.normalize("NFD", text)
        text = "".join(proto.get(ch, ch) for ch in text)
        # Compatibility forms only after the mapping: NFKD turns "ϲ" (looks like c) into "ς".
        # Case is folded after the mapping ("Ν", Greek capital nu, looks like N, so n) and the
        # next round maps again ("M" folds to "m", which TR39 maps to "rn").
        text = unicodedata.normalize("NFKD", text).casefold()
        for a, b in _FOLDS:
            text = text.replace(a, b)
        text = text.replace("_", "")
        if text == before:
            break
    return text


def _invisible_message(handle: str, found: regex.Match[str]) -> str:
    char = found.group()
    name = unicodedata.name(char, "")
    label = f"U+{ord(char):04X} {name}".strip()
    before = handle[: found.start()]
    # One whole sentence for each place, so a translator can move the words around.
    if not before:
        msg = _(
            "That username has an invisible character ({label}) at the start, which could make "
            "it pass for someone else's name. Type it again using only letters, digits and _."
        )
    elif len(before) <= 20 and _ALLOWED.match(before):
        msg = _(
            'That username has an invisible character ({label}) after "{before}", which could '
            "make it pass for someone else's name. Type it again using only letters, digits "
            "and _."
        )
    else:  # echo nothing long or odd (control characters could reach a terminal)
        msg = _(
            "That username has an invisible character ({label}) at position {position}, which "
            "could make it pass for someone else's name. Type it again using only letters, "
            "digits and _."
        )
    return msg.format(label=label, before=before, position=found.start() + 1)


def validate(handle: object) -> str:
    """The handle (NFC) if its shape is allowed, else a HandleError saying what to fix."""
    if not isinstance(handle, str):
        msg = _("A username must be text, like amina_k. Type one and try again.")
        raise HandleError(msg)
    if len(handle) > MAX_GRAPHEMES * 8:
        msg = _("That username is too long. Use {min} to {max} letters or digits.")
        raise HandleError(msg.format(min=MIN_GRAPHEMES, max=MAX_GRAPHEMES))
    if has_mark_pile(handle):
        msg = _(
            "That username has letters with too many accent marks piled on them. "
            "Choose one that is easy to read."
        )
        raise HandleError(msg)
    handle = unicodedata.normalize("NFC", handle)
    # Refused, not silently removed: the person should know what their handle really holds.
    invisible = _INVISIBLE.search(handle)
    if invisible is not None:
        raise HandleError(_invisible_message(handle, invisible))
    if not handle.strip():
        msg = _("The username is empty. Choose one with letters, digits or _, like amina_k.")
        raise HandleError(msg)
    if not _ALLOWED.match(handle):
        msg = _(
            "A username can only use letters, digits and _ (no spaces or symbols). "
            "Try something like amina_k."
        )
        raise HandleError(msg)
    n = graphemes(handle)
    if n < MIN_GRAPHEMES or n > MAX_GRAPHEMES:
        msg = _(
            "A username needs {min} to {max} letters or digits (this one has {n}). Choose another."
        )
        raise HandleError(msg.format(min=MIN_GRAPHEMES, max=MAX_GRAPHEMES, n=n))
    if is_reserved(handle):
        msg = _(
            '"{handle}" looks like a staff name, so it could confuse people. '
            "Choose a username that is just yours."
        )
        raise HandleError(msg.format(handle=shorten(handle)))
    return handle


def is_reserved(handle: str) -> bool:
    """Whether the handle is, looks like, or contains a staff name (compared by skeleton)."""
    skel = skeleton(handle)
    return skel in _reserved_skeletons() or any(part in skel for part in _reserved_parts())


@cache
def _reserved_skeletons() -> frozenset[str]:
    # Every casing too, though the skeleton folds case: a name is reserved however it is typed.
    return frozenset(
        skeleton(form) for name in RESERVED for form in (name, name.upper(), name.title())
    )


@cache
def _reserved_parts() -> tuple[str, ...]:
    return tuple(
        sorted({skeleton(form) for part in RESERVED_PARTS for form in (part, part.upper())})
    )
