"""What progress says when it cannot do something, in plain words.

    ProgressWarning (UserWarning)   progress could not be read or saved; the lesson goes on
    ProgressError (OSError)         an export or a hand-in that cannot be written or read;
                                    nothing was written

Reading and saving never raise (a check must always show its feedback): they warn once, in one
line, saying what happened and what to do.
"""

from __future__ import annotations

import sqlite3
import warnings
from html import escape
from pathlib import Path
from typing import Any

from toolkit.i18n import _

__all__ = ["ProgressError", "ProgressWarning", "Unusable", "reason", "shown", "warn"]


class ProgressWarning(UserWarning):
    """Progress could not be read or saved (silence it with ``warnings.simplefilter``)."""


class ProgressError(OSError):
    """An export or a hand-in that cannot be written or read; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f'<div class="progress-error" role="alert">{escape(self.message)}</div>'


class Unusable(Exception):
    """Internal: the progress file cannot be used; ``reason`` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown(path: Path) -> str:
    """A path as a learner can read it: no control characters, not a screenful."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(path))
    return text if len(text) <= 80 else "…" + text[-79:]


def not_ours(path: Path) -> Unusable:
    return Unusable(
        _("{path} is not a progress file, so it was left unchanged").format(path=shown(path))
    )


def reason(exc: BaseException, path: Path) -> str:
    """Why ``path`` could not be used, from an Unusable, sqlite3 or OS error, in plain words."""
    if isinstance(exc, Unusable):
        return exc.reason
    where = shown(path)
    text = str(exc).casefold()
    if "locked" in text or "busy" in text:
        return _(
            "{path} is kept busy by another program; close other notebooks and try again"
        ).format(path=where)
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return _("{path} or its folder is read-only").format(path=where)
    if "full" in text:
        return _("the disk is full")
    if "unable to open" in text:  # SQLite cannot make the file (or its journal) there
        return _("{path} could not be opened or made; its folder may be read-only").format(
            path=where
        )
    damaged = isinstance(exc, (ValueError, TypeError)) or (
        isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
    )
    if damaged:  # "file is not a database", "malformed", or a row that does not read back
        return _("{path} is damaged").format(path=where)
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return _("{path} could not be used ({detail})").format(path=where, detail=detail[:60])


def sentence(template: str, exc: BaseException, path: Path) -> str:
    """``template`` (with ``{reason}``) filled in, and what to do."""
    what_to_do = _("Ask your trainer, or set TOOLKIT_PROGRESS to another file name, or to off.")
    return f"{template.format(reason=reason(exc, path))} {what_to_do}"


# Messages already shown by warn(once=True): the checks record often, one warning is enough.
_SHOWN_ONCE: dict[Any, Any] = {}


def warn(message: str, *, once: bool = False) -> None:
    """One line, no source line under it: ``toolkit.progress:0: ProgressWarning: <message>``."""
    warnings.warn_explicit(
        message, ProgressWarning, "toolkit.progress", 0, registry=_SHOWN_ONCE if once else None
    )
