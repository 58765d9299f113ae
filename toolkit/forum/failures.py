"""What a storage failure means for a learner: SQLite's result codes made into plain messages.

``store.py`` does the storing; this module only says what went wrong and what to do, in the
learner's language (every message goes through the catalogue). ``code`` reads SQLite's result
code from an error, so the store can tell "busy, wait" from everything else.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from toolkit.forum.errors import StorageError
from toolkit.forum.text import shorten
from toolkit.i18n import _

# Primary SQLite result codes (the low byte of the extended code).
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
# For errors made without a code (older SQLite builds, tests): the words SQLite uses.
_CODE_WORDS = (
    ("locked", BUSY),
    ("busy", BUSY),
    ("readonly", READONLY),
    ("read-only", READONLY),
    ("disk is full", FULL),
    ("not a database", NOTADB),
    ("malformed", CORRUPT),
    ("unable to open", CANTOPEN),
    ("disk i/o", IOERR),
)


def code(exc: BaseException) -> int | None:
    """SQLite's primary result code for ``exc`` (from its code, else from its words)."""
    found = getattr(exc, "sqlite_errorcode", None)
    if isinstance(found, int):
        return found & 0xFF
    words = str(exc).lower()
    return next((c for w, c in _CODE_WORDS if w in words), None)


def subject(path: Path | None) -> str:
    """How a message names the forum: "The forum", or 'The forum file "class.db"'."""
    if path is None:
        return _("The forum")
    return _('The forum file "{name}"').format(name=shorten(path.name))


def newer_version(path: Path | None) -> StorageError:
    """The refusal for a file made by a newer toolkit."""
    msg = _(
        "{subject} was made by a newer version of the toolkit. "
        "Update the toolkit, then open it again."
    )
    return StorageError(msg.format(subject=subject(path)))


def not_a_forum(path: Path | None, *, foreign: bool = False) -> StorageError:
    """The refusal for a file that is not a forum (``foreign``: it holds other tables)."""
    if foreign:
        msg = _(
            "{subject} holds another program's data, so it was left as it is. "
            "Check the file name, or open a new forum with a new file name."
        )
    else:
        msg = _(
            "{subject} is not a forum file, so it was left as it is. "
            "Check the file name, or open a new forum with a new file name."
        )
    return StorageError(msg.format(subject=subject(path)))


def storage_error(exc: BaseException, path: Path | None, waited_s: float) -> StorageError:
    """A plain-language StorageError for an SQLite or file error (what happened, what to do).

    ``waited_s``: how long a busy file was waited for, which the "busy" message says.
    """
    found = code(exc)
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc).lower():
        msg = _("{subject} has been closed. Open it again to keep using it.")
    elif isinstance(exc, ValueError):
        msg = _(
            "{subject} has a name that cannot be used. "
            "Choose a file name with ordinary letters and digits."
        )
    elif found == READONLY or isinstance(exc, PermissionError):
        msg = _(
            "{subject} is read-only, so nothing can be saved in it. "
            "Copy it to a folder you can write to, or open a new forum."
        )
    elif found == FULL:
        msg = _(
            "{subject} cannot be saved: the disk is full. "
            "Free some space (or move the file to another disk), then try again."
        )
    elif found in (BUSY, LOCKED):
        msg = _(
            "{subject} is busy: others kept saving to it for {seconds} seconds. "
            "Wait a moment, then try again."
        )
    elif found == NOTADB:
        msg = _(
            "{subject} is not a forum file. "
            "Check the file name, or open a new forum with a new file name."
        )
    elif found == CORRUPT:
        msg = _(
            "{subject} is damaged and cannot be read. "
            "Open a backup copy, or start a new forum with a new file name."
        )
    elif found == CANTOPEN:
        msg = _(
            "{subject} could not be opened. "
            "Check that its folder exists and that you may write to it, or open a new forum."
        )
    else:
        msg = _(
            "{subject} could not be read or saved, so nothing was changed. "
            "Check the disk and the file, then try again."
        )
    return StorageError(msg.format(subject=subject(path), seconds=f"{waited_s:.0f}"))
