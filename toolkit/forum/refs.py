"""How callers name things: members by object or handle, posts by object, id or anchor.

These checks read nothing from the database: a reference that cannot name any row is refused
before a query runs (``"post-²"``, a bool, an id past SQLite's range, a huge or broken handle).
"""

from __future__ import annotations

import re

from toolkit.forum.errors import NotFound
from toolkit.forum.model import Entry, Member
from toolkit.forum.text import shorten
from toolkit.i18n import N_, _

MemberRef = Member | str
EntryRef = Entry | str | int

# Row ids are positive 64-bit SQLite integers; anything else names no row.
_MAX_ID = 2**63 - 1
# "post-3", "#comment-7", "member-2", "message-5": ASCII digits only ("post-²" names nothing).
ANCHOR = re.compile(r"#?(?P<kind>post|comment|member|message)-(?P<number>[0-9]{1,19})")
# Longer than any handle could be, even with every allowed mark: no lookup needed.
_HANDLE_LOOKUP_MAX = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def row_id(value: object) -> int | None:
    """``value`` as a row id; None when it names no row (not an int, a bool, out of range)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_ID:
        return None
    return int(value)


def lookup_text(value: object) -> bool:
    """True when ``value`` could be a stored handle: text, not huge, no lone surrogates."""
    return (
        isinstance(value, str)
        and len(value) <= _HANDLE_LOOKUP_MAX
        and _SURROGATE.search(value) is None
    )


def is_empty(value: object) -> bool:
    """True for the empty string only (``value == ""`` on any object may not give a bool)."""
    return isinstance(value, str) and value == ""


def parse_entry(ref: object) -> tuple[int, str | None, int | None]:
    """(id, kind or None, thread id or None) of a post/comment reference, without reading the DB."""
    if isinstance(ref, Entry):
        entry_id, post_id = row_id(ref.id), row_id(ref.post_id)
        if entry_id is None or post_id is None or ref.kind not in ("post", "comment"):
            msg = _("That post or comment is not in this forum. Check which one you mean.")
            raise NotFound(msg)
        return entry_id, ref.kind, post_id
    if isinstance(ref, int) and not isinstance(ref, bool):
        entry_id = row_id(ref)
        if entry_id is None:
            msg = _("There is no post or comment with that number. Check which one you mean.")
            raise NotFound(msg)
        return entry_id, None, None
    if isinstance(ref, str):
        anchor = ANCHOR.fullmatch(ref)
        if anchor is not None and anchor["kind"] in ("post", "comment"):
            entry_id = row_id(int(anchor["number"]))
            if entry_id is None:
                error = missing(f"{anchor['kind']}-{anchor['number']}")
                raise error
            return entry_id, anchor["kind"], None
        msg = _('"{ref}" is not a post or comment. Pass a Post, a Comment, or an id like post-3.')
        raise NotFound(msg.format(ref=shorten(ref)))
    msg = _("Say which post or comment you mean: pass a Post, a Comment, or an id like post-3.")
    raise NotFound(msg)


def missing(anchor: str) -> NotFound:
    """The refusal for an anchor that names nothing (``post-9``, ``member-4``...)."""
    noun = _NOUNS.get(anchor.split("-")[0], _NOUNS["entry"])
    msg = _(
        "There is no {noun} {anchor} (it may never have existed). "
        "Check which one you mean and try again."
    )
    # A hand-made Quote can name any "kind": the anchor is quoted like any other input.
    return NotFound(msg.format(noun=_(noun), anchor=shorten(anchor)))


# What an anchor names, as a message says it (translated where the message is made).
_NOUNS = {
    "post": N_("post"),
    "comment": N_("comment"),
    "message": N_("message"),
    "member": N_("member"),
    "entry": N_("post or comment"),
}
