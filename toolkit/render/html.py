"""Forum objects as HTML that looks like a real forum page and prints well.

Every value from a forum object (typed by a member or not: ids, kinds and anchors too) is escaped
here with ``_e`` or passed through ``markdown.body_html``; page links are only ever ``#anchors``.
Names sit in ``<bdi>`` and text blocks carry ``dir="auto"``, so right-to-left text such as Arabic
lays out right.

The page's own words come from the message catalogue (``toolkit.i18n``): a translated sentence is
escaped first, then its ``{placeholders}`` are filled with HTML made here, so neither a
translation nor a member's text can add markup.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache, singledispatch
from html import escape
from importlib import resources

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
from toolkit.render.markdown import body_html, plain_text
from toolkit.render.words import PLACEHOLDERS as PLACEHOLDERS
from toolkit.render.words import REACTION_LABELS as REACTION_LABELS
from toolkit.render.words import (
    SOURCE_LINKS,
    comments_label,
    placeholder,
    reaction_label,
    when,
)

# Tags and attributes this module writes around members' text (used by tests as the allow-list).
PAGE_TAGS = frozenset(
    {
        "section",
        "article",
        "header",
        "footer",
        "h2",
        "h3",
        "div",
        "span",
        "p",
        "time",
        "blockquote",
        "bdi",
        "ol",
        "ul",
        "li",
        "a",
        "small",
        "strong",
        "style",
        "nav",
    }
)
PAGE_ATTRIBUTES = frozenset(
    {"class", "id", "dir", "datetime", "cite", "href", "aria-label", "role", "rel", "title", "lang"}
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _e(value: object) -> str:
    """Any value as HTML text, safe in an element or a quoted attribute. Lone surrogates (which
    the forum refuses, but a hand-made object may hold) become U+FFFD, so the page can be saved."""
    text = escape(str(value))
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _anchor_link(anchor: object) -> str:
    """An in-page link target: always ``#`` and an escaped anchor, never another scheme.

    Its ``<a>`` carries class ``tk-anchor``: the course site unlinks one whose target is not on
    the page (see toolkit.course.anchors)."""
    return "#" + _e(anchor)


@cache
def stylesheet() -> str:
    """The forum's CSS (greyscale-safe: meaning never rests on colour alone)."""
    return resources.files("toolkit.render").joinpath("forum.css").read_text("utf-8")


def _page(kind: str, inner: str) -> str:
    return f'<section class="tk-forum tk-{kind}"><style>{stylesheet()}</style>{inner}</section>'


def _time(moment: datetime) -> str:
    return f'<time datetime="{_e(moment.isoformat(timespec="seconds"))}">{_e(when(moment))}</time>'


def _name(member: Member) -> str:
    badge = ""
    if member.is_trainer:
        trainer = _e(_("Trainer"))
        badge = f' <strong class="tk-badge">{trainer}</strong>'
    return (
        f'<span class="tk-author"><bdi>{_e(member.display_name)}</bdi> '
        f'<span class="tk-handle">@<bdi>{_e(member.handle)}</bdi></span>{badge}</span>'
    )


@singledispatch
def to_html(obj: object) -> str:
    """HTML for any forum object."""
    msg = f"No HTML view for {type(obj).__name__}."
    raise TypeError(msg)


@to_html.register
def _html_thread(obj: Thread) -> str:
    return _page("thread", _thread_html(obj))


@to_html.register
def _html_post(obj: Post) -> str:
    return _page("thread", _entry_html(obj, None))


@to_html.register
def _html_comment(obj: Comment) -> str:
    return _page("thread", _entry_html(obj, None))


@to_html.register
def _html_quote(obj: Quote) -> str:
    return _page("quote", _quote_html(obj))


@to_html.register
def _html_member(obj: Member) -> str:
    sig = _signature_html(obj.signature) if obj.signature else ""
    notes = _warnings_html(obj.warnings)
    joined = _e(_("Joined {when}")).format(when=_time(obj.joined_at))
    return _page(
        "member",
        f'<article class="tk-member" id="{_e(obj.anchor)}" dir="auto"><header>{_name(obj)}</header>'
        f'<p class="tk-meta">{joined}</p>{sig}{notes}</article>',
    )


@to_html.register
def _html_front_page(obj: FrontPage) -> str:
    counts = dict(obj.comment_counts)
    locked = " · " + _e(_("locked"))
    items = []
    for post in obj.posts:
        label = _e(comments_label(counts.get(post.id, 0)))
        status = "blocked" if post.author.id in obj.blocked else post.status
        if status == "visible":
            title = _e(post.title or "")
            teaser = _e(_teaser(post.body))
        else:
            title, teaser = placeholder(status), ""
        items.append(
            f'<li><article class="tk-topic" id="topic-{_e(post.id)}" dir="auto">'
            f'<h3 class="tk-title"><a class="tk-anchor" href="{_anchor_link(post.anchor)}">'
            f"{title}</a></h3>"
            f'<p class="tk-meta">{_name(post.author)} · {_time(post.created_at)} · {label}'
            f"{locked if post.locked else ''}</p>"
            f'<p class="tk-teaser">{teaser}</p></article></li>'
        )
    empty = _e(_("No posts yet. Be the first to write one!"))
    body = "".join(items) or f'<li><p class="tk-empty">{empty}</p></li>'

    return _page(
        "front",
        f'<header><h2>{_e(obj.title)}</h2></header><ol class="tk-topics">{body}</ol>',
    )


@to_html.register
def _html_inbox(obj: Inbox) -> str:
    items = "".join(f"<li>{_message_html(m)}</li>" for m in obj.messages)
    if not items:
        empty = _e(_("No messages."))
        items = f'<li><p class="tk-empty">{empty}</p></li>'
    heading = _e(_("Messages for {name}")).format(name=f"<bdi>{_e(obj.owner.display_name)}</bdi>")
    return _page(
        "inbox",
        f'<header><h2>{heading}</h2></header><ol class="tk-messages">{items}</ol>',
    )


@to_html.register
def _html_message(obj: Message) -> str:
    return _page("inbox", _message_html(obj))


@to_html.register
def _html_report(obj: Report) -> str:
    note = f'<p dir="auto">{_e(obj.note)}</p>' if obj.note else ""
    head = _e(_("Report {id}: {reason} about {target} by {reporter}")).format(
        id=_e(obj.id),
        reason=f"<strong>{_e(obj.reason)}</strong>",
        target=f'<a class="tk-anchor" href="{_anchor_link(obj.target)}">{_e(obj.target)}</a>',
        reporter=f"@<bdi>{_e(obj.reporter)}</bdi>",
    )
    return _page(
        "report",
        f'<article class="tk-report"><header>{head} · {_time(obj.created_at)} · {_e(obj.status)}'
        f"</header>{note}</article>",
    )


def _teaser(body: str, limit: int = 140) -> str:
    text = plain_text(body)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _thread_html(thread: Thread) -> str:
    children: dict[int | None, list[Comment]] = {}
    for comment in thread.comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def replies(parent_id: int | None) -> str:
        kids = children.get(parent_id)
        if not kids:
            return ""
        items = "".join(f"<li>{_entry_html(c, thread)}{replies(c.id)}</li>" for c in kids)
        return f'<ol class="tk-replies">{items}</ol>'

    return _entry_html(thread.post, thread) + replies(None)


def entry_html(entry: Entry, thread: Thread | None = None, *, style: bool = True) -> str:
    """One post or comment as its thread's viewer sees it (for views that lay out entries
    one by one); ``style=False`` leaves out the stylesheet when another entry already has it."""
    inner = _entry_html(entry, thread)
    if style:
        return _page("thread", inner)
    return f'<section class="tk-forum tk-thread">{inner}</section>'


def seen_as(entry: Entry, thread: Thread | None) -> tuple[str, bool]:
    """How the thread's viewer sees an entry: its status ("blocked" for a blocked author),
    and whether its text is shown (visible, or hidden but the viewer is a trainer)."""
    status: str = entry.status
    if thread is not None and entry.author.id in thread.blocked:
        status = "blocked"
    trainer_view = thread is not None and thread.viewer is not None and thread.viewer.is_trainer
    return status, status == "visible" or (trainer_view and status == "hidden")


def _entry_html(entry: Entry, thread: Thread | None) -> str:
    status, shown = seen_as(entry, thread)
    kind, anchor = _e(entry.kind), _e(entry.anchor)
    title = ""
    if isinstance(entry, Post):
        title_text = _e(entry.title or "") if shown else placeholder(status)
        title = f'<h3 class="tk-title">{title_text}</h3>'
    if not shown:
        return (
            f'<article class="tk-{kind} tk-gone" id="{anchor}">{title}'
            f'<p class="tk-placeholder">{placeholder(status)}</p></article>'
        )
    edited = hidden_note = ""
    if entry.edited_at:
        word = _e(_("(edited)"))
        edited = f' <small class="tk-edited">{word}</small>'
    if status == "hidden":
        note = _e(_("Hidden from members; trainers still see it."))
        hidden_note = f'<p class="tk-placeholder">{note}</p>'
    reply_to = ""
    if entry.in_reply_to:
        to = _e(_("replying to @{name}")).format(name=f"<bdi>{_e(entry.in_reply_to)}</bdi>")
        reply_to = f' <small class="tk-reply-to">{to}</small>'
    locked = ""
    if entry.locked:
        word = _e(_("[locked: no new comments]"))
        locked = f' <small class="tk-locked">{word}</small>'
    quote = _quote_html(entry.quote) if entry.quote else ""
    sig = _signature_html(entry.author.signature) if entry.author.signature else ""
    return (
        f'<article class="tk-{kind}" id="{anchor}" dir="auto">'
        f"<header>{title}{_name(entry.author)} · {_time(entry.created_at)}"
        f"{edited}{reply_to}{locked}"
        f"</header>{hidden_note}{quote}"
        f'<div class="tk-body" dir="auto">{body_html(entry.body)}</div>{sig}'
        f"{_reactions_html(entry.reactions)}{_warnings_html(entry.warnings)}</article>"
    )


def _quote_html(quote: Quote) -> str:
    who = f"<bdi>{_e(quote.source_display_name)}</bdi> (@<bdi>{_e(quote.source_author)}</bdi>)"
    if quote.link is None:
        removed = _e(_("source removed"))
        where = f'<span class="tk-quote-state">{removed}</span>'
        cite = ""
    else:
        # Both were interpolated raw once: a kind like '"><img onerror=…>' made markup.
        link = _anchor_link(quote.source_anchor)
        where = f'<a class="tk-anchor tk-source" href="{link}">{_e(_source_link(quote))}</a>'
        cite = f' cite="{link}"'
        if quote.state == "source edited":
            edited = _e(_("(source edited since)"))
            where += f' <span class="tk-quote-state">{edited}</span>'
    return (
        f'<blockquote class="tk-quote"{cite} dir="auto"><p>“{_e(quote.excerpt)}”</p>'
        f"<footer>— {who}, {where}</footer></blockquote>"
    )


def _source_link(quote: Quote) -> str:
    kind = quote.source_kind
    if kind in SOURCE_LINKS:
        return _(SOURCE_LINKS[kind])
    return _("read the full {kind}").format(kind=kind)


def _signature_html(signature: str) -> str:
    lines = "<br>".join(_e(line) for line in signature.splitlines())
    label = _e(_("Signature"))
    return (
        f'<footer class="tk-signature" dir="auto" aria-label="{label}">'
        f'<span class="tk-sig-rule">--</span><br>{lines}</footer>'
    )


def _reactions_html(reactions: tuple[tuple[str, int], ...]) -> str:
    if not reactions:
        return ""
    parts = [f"{_e(reaction_label(kind))} {_e(n)}" for kind, n in reactions]
    return f'<p class="tk-reactions">{" · ".join(parts)}</p>'


def _warnings_html(warnings: tuple[str, ...]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{_e(w)}</li>" for w in warnings)
    head = _e(_("Please check:"))
    return f'<div class="tk-warnings" role="note"><strong>{head}</strong><ul>{items}</ul></div>'


def _message_html(message: Message) -> str:
    subject = f'<h3 class="tk-title">{_e(message.subject)}</h3>' if message.subject else ""
    paragraphs = "".join(
        f'<p dir="auto">{_e(p)}</p>' for p in message.body.split("\n\n") if p.strip()
    )
    new = _e(_("New"))
    state = "" if message.read else f' <strong class="tk-unread">{new}</strong>'
    sender = _e(_("From {name}")).format(name=_name(message.sender))
    return (
        f'<article class="tk-message" id="{_e(message.anchor)}" dir="auto">'
        f"<header>{subject}{sender} · {_time(message.sent_at)}{state}</header>"
        f'<div class="tk-body">{paragraphs}</div></article>'
    )
