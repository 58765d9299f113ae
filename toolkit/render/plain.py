"""Forum objects as plain text: readable in a terminal, a log, or a screen reader.

The words around the members' text come from the message catalogue (``toolkit.i18n``), the same
sentences as the HTML view where the two say the same thing.
"""

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
from toolkit.i18n import _
from toolkit.render.html import seen_as
from toolkit.render.words import comments_label, placeholder, reaction_label, when

WIDTH = 78


def _name(member: Member) -> str:
    badge = " [" + _("Trainer") + "]" if member.is_trainer else ""
    return f"{member.display_name} (@{member.handle}){badge}"


@singledispatch
def to_text(obj: object) -> str:
    """Plain text for any forum object."""
    return repr(obj)


@to_text.register
def _text_thread(obj: Thread) -> str:
    lines = _entry_lines(obj.post, obj)
    for comment in obj.comments:
        lines.append("")
        lines.extend(_entry_lines(comment, obj))
    return "\n".join(lines)


@to_text.register
def _text_post(obj: Post) -> str:
    return "\n".join(_entry_lines(obj, None))


@to_text.register
def _text_comment(obj: Comment) -> str:
    return "\n".join(_entry_lines(obj, None))


@to_text.register
def _text_quote(obj: Quote) -> str:
    return "\n".join(_quote_lines(obj))


@to_text.register
def _text_member(obj: Member) -> str:
    lines = [_name(obj), _("Joined {when}").format(when=when(obj.joined_at))]
    if obj.signature:
        lines += ["--", *obj.signature.splitlines()]
    lines += [f"! {w}" for w in obj.warnings]
    return "\n".join(lines)


@to_text.register
def _text_front_page(obj: FrontPage) -> str:
    counts = dict(obj.comment_counts)
    lines = [obj.title, "=" * len(obj.title)]
    for post in obj.posts:
        status = "blocked" if post.author.id in obj.blocked else post.status
        title = post.title if status == "visible" else placeholder(status)
        label = comments_label(counts.get(post.id, 0))
        lines.append(f"- {title} — {_name(post.author)}, {when(post.created_at)}, {label}")
    if not obj.posts:
        lines.append(_("No posts yet."))
    return "\n".join(lines)


@to_text.register
def _text_inbox(obj: Inbox) -> str:
    lines = [_("Messages for {name}").format(name=obj.owner.display_name)]
    for message in obj.messages:
        lines += ["", to_text(message)]
    if not obj.messages:
        lines.append(_("No messages."))
    return "\n".join(lines)


@to_text.register
def _text_message(obj: Message) -> str:
    new = " [" + _("New") + "]" if not obj.read else ""
    head = _("From {name}").format(name=_name(obj.sender)) + f" · {when(obj.sent_at)}{new}"
    subject = [_("Subject: {subject}").format(subject=obj.subject)] if obj.subject else []
    return "\n".join([head, *subject, *_wrap(obj.body, "  ")])


@to_text.register
def _text_report(obj: Report) -> str:
    note = f": {obj.note}" if obj.note else ""
    line = _("Report {id} ({status}) by @{reporter} about {target}: {reason}").format(
        id=obj.id, status=obj.status, reporter=obj.reporter, target=obj.target, reason=obj.reason
    )
    return line + note


def _wrap(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for para in text.splitlines() or [""]:
        wrapped = textwrap.wrap(para, WIDTH - len(indent)) or [""]
        out += [indent + line for line in wrapped]
    return out


def _quote_lines(quote: Quote, indent: str = "") -> list[str]:
    where = _("source removed") if quote.link is None else quote.source_anchor
    if quote.state == "source edited":
        where += ", " + _("source edited since")
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
    edited = " " + _("(edited)") if entry.edited_at else ""
    replying = ""
    if entry.in_reply_to:
        replying = " " + _("replying to @{name}").format(name=entry.in_reply_to)
    lines.append(f"{_name(entry.author)} · {when(entry.created_at)}{edited}{replying}")
    lines = [indent + line for line in lines]
    if entry.quote:
        lines += _quote_lines(entry.quote, indent)
    lines += _wrap(entry.body, indent)
    if entry.author.signature:
        lines += [indent + "--", *(indent + s for s in entry.author.signature.splitlines())]
    if entry.reactions:
        lines.append(indent + " · ".join(f"{reaction_label(k)} {n}" for k, n in entry.reactions))
    lines += [f"{indent}! {w}" for w in entry.warnings]
    return lines
