"""Every refusal the forum makes, as one exception tree.

    ForumError                      anything the forum refuses; nothing was changed
    ├── NotFound (LookupError)      an unknown member, post, comment or message
    ├── InvalidText (ValueError)    empty, too short, too long, bad characters
    ├── HandleError (ValueError)    a handle that is taken, reserved, a look-alike or malformed
    ├── QuoteError (ValueError)     an excerpt not in its source, too long, or no own words
    ├── NotAllowed (PermissionError) not your post, a locked thread, a blocked member, trainers only
    ├── Duplicate                   the same thing twice: double submit, reacting or reporting again
    ├── TooFast                     flooding: too many posts, messages or edits in a minute
    └── StorageError                the forum file could not be opened, read or written

Messages are written for a learner: what happened, then what to do.
"""

from __future__ import annotations


class ForumError(Exception):
    """The forum refused an action; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    # A learner sees only the plain message, in a notebook or a form.
    def _repr_html_(self) -> str:
        from html import escape

        return f'<div class="forum-error" role="alert">{escape(self.message)}</div>'


class NotFound(ForumError, LookupError):
    """Something named in the action does not exist."""


class InvalidText(ForumError, ValueError):
    """Text that cannot be stored: empty, too short, too long or with bad characters."""


class HandleError(ForumError, ValueError):
    """A handle that cannot be used."""


class QuoteError(ForumError, ValueError):
    """A quote that is not verbatim, too long, from a hidden source, or has no own words."""


class NotAllowed(ForumError, PermissionError):
    """The member may not do this."""


class Duplicate(ForumError):
    """The same action was already done."""


class TooFast(ForumError):
    """Too many posts, comments, messages or edits too quickly."""


class StorageError(ForumError, OSError):
    """The forum's file could not be opened, read or written (read-only, full, not a forum)."""


__all__ = [
    "Duplicate",
    "ForumError",
    "HandleError",
    "InvalidText",
    "NotAllowed",
    "NotFound",
    "QuoteError",
    "StorageError",
    "TooFast",
]
