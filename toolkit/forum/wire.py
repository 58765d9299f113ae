"""Forum objects as plain JSON data and back: what the classroom board sends over the network.

    to_wire(post)        -> {"type": "Post", "id": 3, "author": {"type": "Member", ...}, ...}
    from_wire(data)      -> Post(...)   (refuses anything malformed with a ForumError)
    error_from_wire(d)   -> the ForumError subclass named in {"type": ..., "message": ...}

Every object carries a ``"type"`` key naming its model class; nested objects are encoded the same
way. Times are ISO 8601 text with their offset; tuples and frozensets become lists. ``from_wire``
trusts nothing: the board could be any program on the network, so each field is checked for its
type before a model object is made. Extra keys are ignored (a newer board may send more).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from toolkit.forum import errors
from toolkit.forum.errors import ForumError
from toolkit.forum.model import (
    Comment,
    FrontPage,
    Inbox,
    Member,
    Message,
    ModerationAction,
    Post,
    Quote,
    Reaction,
    Report,
    Revision,
    Thread,
)
from toolkit.i18n import _

__all__ = [
    "WIRE_TYPES",
    "error_from_wire",
    "error_to_wire",
    "expect",
    "expect_list",
    "from_wire",
    "profile_from_wire",
    "profile_to_wire",
    "to_wire",
    "unreadable",
]

Decoder = Callable[[Any], Any]
T = TypeVar("T")


class _Malformed(Exception):
    """Internal: one field could not be read (turned into one plain ForumError at the top)."""


def unreadable() -> ForumError:
    return ForumError(
        _(
            "The board sent something this toolkit cannot read. "
            "Update the toolkit or ask your trainer."
        )
    )


# ---------------------------------------------------------------------------------------------
# Encoding


def _encode(value: Any) -> Any:
    if isinstance(value, WIRE_CLASSES):
        return to_wire(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset):
        # Sorted so the same object always gives the same text (tests, caches).
        return sorted((_encode(v) for v in value), key=repr)
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


# Read-only conveniences sent along for clients (a browser script links to them); never read back.
_EXTRAS: dict[type, tuple[str, ...]] = {
    Member: ("anchor",),
    Post: ("anchor",),
    Comment: ("anchor",),
    Message: ("anchor",),
    Quote: ("source_anchor", "link"),
}


def to_wire(obj: Any) -> dict[str, Any]:
    """``obj`` (a forum model object) as a JSON-ready dict with a ``"type"`` key."""
    cls = type(obj)
    if cls not in _SPECS:
        msg = _("Only forum objects can be sent to the board, not {name}.").format(
            name=cls.__name__
        )
        raise TypeError(msg)
    data: dict[str, Any] = {"type": cls.__name__}
    for f in fields(obj):
        data[f.name] = _encode(getattr(obj, f.name))
    for name in _EXTRAS.get(cls, ()):
        data[name] = getattr(obj, name)
    return data


def error_to_wire(error: ForumError) -> dict[str, str]:
    """A refusal as ``{"type": <class name>, "message": <plain text>}``."""
    return {"type": type(error).__name__, "message": error.message}


# ---------------------------------------------------------------------------------------------
# Decoders: each takes the raw JSON value and returns the Python value or raises _Malformed.


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise _Malformed
    return v


def _int(v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise _Malformed
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _Malformed
    return v


def _time(v: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(_str(v))
    except ValueError as exc:
        raise _Malformed from exc
    if moment.tzinfo is None:
        raise _Malformed
    return moment


def _optional(inner: Decoder) -> Decoder:
    return lambda v: None if v is None else inner(v)


def _tuple(inner: Decoder) -> Decoder:
    def decode(v: Any) -> tuple[Any, ...]:
        if not isinstance(v, list):
            raise _Malformed
        return tuple(inner(item) for item in v)

    return decode


def _pair(first: Decoder, second: Decoder) -> Decoder:
    def decode(v: Any) -> tuple[Any, Any]:
        if not isinstance(v, list) or len(v) != 2:
            raise _Malformed
        return (first(v[0]), second(v[1]))

    return decode


def _ids(v: Any) -> frozenset[int]:
    return frozenset(_tuple(_int)(v))


def _choice(*allowed: str) -> Decoder:
    def decode(v: Any) -> str:
        if v not in allowed:
            raise _Malformed
        return str(v)

    return decode


def _obj(cls: type) -> Decoder:
    def decode(v: Any) -> Any:
        if not isinstance(v, dict) or v.get("type") != cls.__name__:
            raise _Malformed
        return _decode(v)

    return decode


_status = _choice("visible", "hidden", "withdrawn", "removed")
_warnings = _tuple(_str)

_MEMBER: dict[str, Decoder] = {
    "id": _int,
    "handle": _str,
    "display_name": _str,
    "role": _choice("learner", "trainer"),
    "signature": _optional(_str),
    "joined_at": _time,
    "messages_from": _str,
    "warnings": _warnings,
}
_QUOTE: dict[str, Decoder] = {
    "source_id": _int,
    "source_kind": _choice("post", "comment"),
    "source_author": _str,
    "source_display_name": _str,
    "excerpt": _str,
    "quoted_at": _time,
    "state": _str,
}
_ENTRY: dict[str, Decoder] = {
    "id": _int,
    "post_id": _int,
    "parent_id": _optional(_int),
    "reply_to_id": _optional(_int),
    "depth": _int,
    "author": _obj(Member),
    "title": _optional(_str),
    "body": _str,
    "status": _status,
    "locked": _bool,
    "created_at": _time,
    "edited_at": _optional(_time),
    "quote": _optional(_obj(Quote)),
    "reactions": _tuple(_pair(_str, _int)),
    "in_reply_to": _optional(_str),
    "warnings": _warnings,
}

# For each class: the fields read back and how. ``kind`` of a Post/Comment follows from its type.
_SPECS: dict[type, dict[str, Decoder]] = {
    Member: _MEMBER,
    Quote: _QUOTE,
    Post: _ENTRY,
    Comment: _ENTRY,
    Thread: {
        "post": _obj(Post),
        "comments": _tuple(_obj(Comment)),
        "viewer": _optional(_obj(Member)),
        "blocked": _ids,
    },
    FrontPage: {
        "title": _str,
        "posts": _tuple(_obj(Post)),
        "comment_counts": _tuple(_pair(_int, _int)),
        "viewer": _optional(_obj(Member)),
        "blocked": _ids,
    },
    Revision: {
        "entry_id": _int,
        "number": _int,
        "title": _optional(_str),
        "body": _str,
        "edited_at": _time,
        "editor": _str,
    },
    Reaction: {"member": _str, "target": _str, "kind": _str},
    Report: {
        "id": _int,
        "target": _str,
        "reporter": _str,
        "reason": _str,
        "note": _str,
        "status": _str,
        "created_at": _time,
        "resolved_by": _optional(_str),
    },
    ModerationAction: {
        "id": _int,
        "actor": _str,
        "action": _str,
        "target": _str,
        "reason": _str,
        "at": _time,
    },
    Message: {
        "id": _int,
        "sender": _obj(Member),
        "recipient": _obj(Member),
        "subject": _str,
        "body": _str,
        "sent_at": _time,
        "read": _bool,
    },
    Inbox: {"owner": _obj(Member), "messages": _tuple(_obj(Message))},
}
WIRE_CLASSES: tuple[type, ...] = tuple(_SPECS)
WIRE_TYPES: dict[str, type] = {cls.__name__: cls for cls in _SPECS}


def _decode(data: dict[str, Any]) -> Any:
    cls = WIRE_TYPES.get(data.get("type"))  # type: ignore[arg-type]
    if cls is None:
        raise _Malformed
    spec = _SPECS[cls]
    values: dict[str, Any] = {}
    for name, decode in spec.items():
        if name not in data:
            raise _Malformed
        values[name] = decode(data[name])
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise _Malformed from exc


def from_wire(data: Any) -> Any:
    """The model object ``data`` describes; a ForumError when it is not one this toolkit knows."""
    if not isinstance(data, dict):
        raise unreadable()
    try:
        return _decode(data)
    except (_Malformed, RecursionError):
        raise unreadable() from None


def expect(data: Any, cls: type[T]) -> T:
    """``from_wire(data)``, which must be a ``cls`` (a Post where a Post was asked for)."""
    obj = from_wire(data)
    if not isinstance(obj, cls):
        raise unreadable()
    return obj


def expect_list(data: Any, cls: type[T]) -> list[T]:
    """A JSON list of ``cls`` objects."""
    if not isinstance(data, list):
        raise unreadable()
    return [expect(item, cls) for item in data]


def profile_to_wire(profile: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """A profile ``{field: (value, visibility)}`` as ``{field: [value, visibility]}``."""
    return {name: [value, visibility] for name, (value, visibility) in profile.items()}


def profile_from_wire(data: Any) -> dict[str, tuple[str, str]]:
    """The profile ``profile_to_wire`` made, checked field by field."""
    if not isinstance(data, dict):
        raise unreadable()
    try:
        return {_str(name): _pair(_str, _str)(pair) for name, pair in data.items()}
    except _Malformed:
        raise unreadable() from None


def error_from_wire(data: Any) -> ForumError:
    """The refusal ``{"type", "message"}`` as the matching ForumError subclass (else ForumError)."""
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("message"), str)
        or not data["message"]
    ):
        return unreadable()
    name = data.get("type")
    cls = getattr(errors, name, None) if isinstance(name, str) and name in errors.__all__ else None
    if not (isinstance(cls, type) and issubclass(cls, ForumError)):
        cls = ForumError
    return cls(data["message"])
