"""Forum objects as plain data (``application/vnd.toolkit.forum+json``), for handouts and the site.

The format is written down in docs/DISPLAY_FORMATS.md.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from toolkit.forum.model import (
    Entry,
    FrontPage,
    Inbox,
    Member,
    Message,
    Post,
    Quote,
    Report,
    Thread,
)
from toolkit.i18n import _
from toolkit.render.html import seen_as
from toolkit.render.words import placeholder

VERSION = 1


def _doc(kind: str, title: str | None, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": VERSION, "kind": kind, "title": title, "entries": entries}


@singledispatch
def to_data(obj: object) -> dict[str, Any] | None:
    """The forum JSON for an object, or None when it has none."""
    return None


@to_data.register
def _data_thread(obj: Thread) -> dict[str, Any]:
    entries = [_entry(obj.post, obj), *(_entry(c, obj) for c in obj.comments)]
    return _doc("thread", obj.post.title if obj.post.visible else None, entries)


@to_data.register
def _data_entry(obj: Entry) -> dict[str, Any]:
    return _doc(obj.kind, obj.title if isinstance(obj, Post) else None, [_entry(obj)])


@to_data.register
def _data_quote(obj: Quote) -> dict[str, Any]:
    return _doc(
        "quote",
        None,
        [
            {
                "anchor": obj.source_anchor,
                "kind": "quote",
                "depth": 0,
                "author": obj.source_author,
                "display_name": obj.source_display_name,
                "time": None,
                "title": None,
                "status": "visible",
                "text": "",
                "quote": _quote(obj),
                "signature": None,
                "reactions": {},
                "in_reply_to": None,
            }
        ],
    )


@to_data.register
def _data_front_page(obj: FrontPage) -> dict[str, Any]:
    return _doc("forum", obj.title, [_entry(p, blocked=obj.blocked) for p in obj.posts])


@to_data.register
def _data_inbox(obj: Inbox) -> dict[str, Any]:
    title = _("Messages for {name}").format(name=obj.owner.display_name)
    return _doc("inbox", title, [_message(m) for m in obj.messages])


@to_data.register
def _data_message(obj: Message) -> dict[str, Any]:
    return _doc("inbox", None, [_message(obj)])


@to_data.register
def _data_member(obj: Member) -> dict[str, Any]:
    return _doc(
        "member",
        None,
        [
            {
                "anchor": obj.anchor,
                "kind": "member",
                "depth": 0,
                "author": obj.handle,
                "display_name": obj.display_name,
                "time": obj.joined_at.isoformat(),
                "title": None,
                "status": "visible",
                "text": "",
                "quote": None,
                "signature": obj.signature,
                "reactions": {},
                "in_reply_to": None,
            }
        ],
    )


@to_data.register
def _data_report(obj: Report) -> None:
    return None


def _quote(quote: Quote) -> dict[str, Any]:
    return {
        "excerpt": quote.excerpt,
        "author": quote.source_author,
        "display_name": quote.source_display_name,
        "link": quote.link,
        "state": quote.state,
    }


def _entry(
    entry: Entry, thread: Thread | None = None, blocked: frozenset[int] = frozenset()
) -> dict[str, Any]:
    status, shown = seen_as(entry, thread)
    if entry.author.id in blocked:
        status, shown = "blocked", False
    return {
        "anchor": entry.anchor,
        "kind": entry.kind,
        "depth": entry.depth,
        "author": entry.author.handle,
        "display_name": entry.author.display_name,
        "time": entry.created_at.isoformat(timespec="seconds"),
        "title": (entry.title if shown else placeholder(status))
        if isinstance(entry, Post)
        else None,
        "status": entry.status if status != "blocked" else "hidden",
        "text": entry.body if shown else placeholder(status),
        "quote": _quote(entry.quote) if entry.quote and shown else None,
        "signature": entry.author.signature if shown else None,
        "reactions": dict(entry.reactions),
        "in_reply_to": entry.in_reply_to,
    }


def _message(message: Message) -> dict[str, Any]:
    return {
        "anchor": message.anchor,
        "kind": "message",
        "depth": 0,
        "author": message.sender.handle,
        "display_name": message.sender.display_name,
        "time": message.sent_at.isoformat(timespec="seconds"),
        "title": message.subject or None,
        "status": "visible",
        "text": message.body,
        "quote": None,
        "signature": None,
        "reactions": {},
        "in_reply_to": None,
    }
