"""Forum objects as plain text: readable in a terminal, a log, or a screen reader."""

from __future__ import annotations

import textwrap
from functools import singledispatch

from toolkit.forum.model import (
    Comment,
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
from toolkit.render.html import REACTION_LABELS, placeholder, seen_as, when

WIDTH = 78


def _name(member: Member) -> str:
    badge = " [Trainer]" if member.is_trainer else ""
    return f"{member.display_name} (@{member.handle}){badge}"


@singledispatch
def to_text(obj: object) -> str:
    """Plain text for any forum object."""
    return repr(obj)


@to_text.register
def _(obj: Thread) -> str:
    lines = _entry_lines(obj.post, obj)
    for comment in obj.comments:
        lines.append("")
        lines.extend(_entry_lines(comment, obj))
    return "\n".join(lines)


@to_text.register
def _(obj: Post) -> str:
    return "\n".join(_entry_lines(obj, None))


@to_text.register
def _(obj: Comment) -> str:
    return "\n".join(_entry_lines(obj, None))


@to_text.register
def _(obj: Quote) -> str:
    return "\n".join(_quote_lines(obj))


@to_text.register
def _(obj: Member) -> str:
    lines = [_name(obj), f"Joined {when(obj.joined_at)}"]
    if obj.signature:
        lines += ["--", *obj.signature.splitlines()]
    lines += [f"! {w}" for w in obj.warnings]
    return "\n".join(lines)


@to_text.register
def _(obj: FrontPage) -> str:
    counts = dict(obj.comment_counts)
    lines = [obj.title, "=" * len(obj.title)]
    for post in obj.posts:
        status = "blocked" if post.author.id in obj.blocked else post.status
        title = post.title if status == "visible" else placeholder(status)
        n = counts.get(post.id, 0)
        label = "1 comment" if n == 1 else f"{n} comments"
        lines.append(f"- {title} — {_name(post.author)}, {when(post.created_at)}, {label}")
    if not obj.posts:
        lines.append("No posts yet.")
    return "\n".join(lines)


@to_text.register
def _(obj: Inbox) -> str:
    lines = [f"Messages for {obj.owner.display_name}"]
    for message in obj.messages:
        lines += ["", to_text(message)]
    if not obj.messages:
        lines.append("No messages.")
    return "\n".join(lines)


@to_text.register
def _(obj: Message) -> str:
    new = " [New]" if not obj.read else ""
    head = f"From {_name(obj.sender)} · {when(obj.sent_at)}{new}"
    subject = [f"Subject: {obj.subject}"] if obj.subject else []
    return "\n".join([head, *subject, *_wrap(obj.body, "  ")])


@to_text.register
def _(obj: Report) -> str:
    note = f": {obj.note}" if obj.note else ""
    return (
        f"Report {obj.id} ({obj.status}) by @{obj.reporter} about {obj.target}: {obj.reason}{note}"
    )


def _wrap(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in text.splitlines() or [""]:
        wrapped = textwrap.wrap(para, WIDTH - len(indent)) or [""]
        out += [indent + line for line in wrapped]
    return out


def _quote_lines(quote: Quote, indent: str = "") -> list[str]:
    where = "source removed" if quote.link is None else quote.source_anchor
    if quote.state == "source edited":
        where += ", source edited since"
    lines = _wrap(f"“{quote.excerpt}”", indent + "> ")
    lines.append(f"{indent}> — {quote.source_display_name} (@{quote.source_author}), {where}")
    return lines


def _entry_lines(entry: Entry, thread: Thread | None) -> list[str]:
    indent = "    " * entry.depth
    status, shown = seen_as(entry, thread)
    lines = []
    if isinstance(entry, Post):
        title = entry.title if shown else placeholder(status)
        lines.append(f"{title} [{entry.anchor}]")
    if not shown:
        return [indent + line for line in lines] + [indent + placeholder(status)]
    edited = " (edited)" if entry.edited_at else ""
    replying = f" replying to @{entry.in_reply_to}" if entry.in_reply_to else ""
    lines.append(f"{_name(entry.author)} · {when(entry.created_at)}{edited}{replying}")
    lines = [indent + line for line in lines]
    if entry.quote:
        lines += _quote_lines(entry.quote, indent)
    lines += _wrap(entry.body, indent)
    if entry.author.signature:
        lines += [indent + "--", *(indent + s for s in entry.author.signature.splitlines())]
    if entry.reactions:
        lines.append(
            indent + " · ".join(f"{REACTION_LABELS.get(k, k)} {n}" for k, n in entry.reactions)
        )
    lines += [f"{indent}! {w}" for w in entry.warnings]
    return lines
