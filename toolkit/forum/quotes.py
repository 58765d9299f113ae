"""Quotes: made by the forum from a visible post or comment, checked again when attached."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from toolkit.forum import text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import QuoteError
from toolkit.forum.model import Entry, Message, Quote
from toolkit.forum.queries import posts as q
from toolkit.forum.refs import missing, row_id
from toolkit.forum.rules import check_excerpt, check_own_words
from toolkit.i18n import _


def refuse_private(source: object) -> None:
    """A direct message (or its anchor) is never quoted in public."""
    if isinstance(source, Message) or (
        isinstance(source, str) and source.lstrip("#").startswith("message-")
    ):
        msg = _(
            "A private message cannot be quoted in public. "
            "Ask the sender first, and quote only what they agree to share."
        )
        raise QuoteError(msg)


def make(ctx: ForumContext, entry: Entry, excerpt: str) -> Quote:
    """A quote of ``excerpt`` from ``entry`` (already looked up), credited to its author."""
    if entry.status != "visible":
        msg = _(
            "That post has been taken down or hidden, so it cannot be quoted. Choose another post."
        )
        raise QuoteError(msg)
    check_excerpt(excerpt, quotable_text(entry), entry.body)
    return Quote(
        source_id=entry.id,
        source_kind=entry.kind,
        source_author=entry.author.handle,
        source_display_name=entry.author.display_name,
        excerpt=text.collapse_spaces(excerpt),
        quoted_at=ctx.now(),
    )


def check_attach(ctx: ForumContext, db: sqlite3.Connection, quote: Quote, body: str) -> None:
    """Refuse a quote that is not the forum's, changed by hand, or no longer true to its source."""
    if not isinstance(quote, Quote):
        msg = _("quote= takes a Quote made by forum.quote(post, excerpt). Make one first.")
        raise QuoteError(msg)
    if not _well_formed(quote):
        msg = _("This quote was changed after it was made. Make it again with forum.quote.")
        raise QuoteError(msg)
    source = q.plain(db, quote.source_id)
    if source is None or source.kind != quote.source_kind:
        raise missing(quote.source_anchor)
    if source.status != "visible":
        msg = _("The quoted post has been taken down, so it cannot be quoted now.")
        raise QuoteError(msg)
    if source.author.handle != quote.source_author:
        msg = _("This quote does not credit the right author. Make it again with forum.quote.")
        raise QuoteError(msg)
    check_excerpt(quote.excerpt, quotable_text(source), source.body)
    check_own_words(body, quote.excerpt, ctx.rules)


def quotable_text(entry: Entry) -> str:
    return entry.body if entry.title is None else f"{entry.title}\n{entry.body}"


def _well_formed(quote: Quote) -> bool:
    # A Quote is a plain dataclass: one rebuilt by hand may hold anything in its fields.
    return (
        row_id(quote.source_id) is not None
        and all(isinstance(v, str) for v in (quote.source_kind, quote.source_author, quote.excerpt))
        and isinstance(quote.quoted_at, datetime)
        and quote.quoted_at.tzinfo is not None
    )
