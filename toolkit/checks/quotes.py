"""Lesson 6: a quote that is exact, credited, linked, short, and surrounded by her own words.

"Exact" holds by construction: a quote made with ``forum.quote`` was checked against its source.
"""

from __future__ import annotations

import re

from toolkit.checks._base import checked, entries_by, latest, need_forum, need_member, words
from toolkit.checks.feedback import Feedback
from toolkit.forum.errors import QuoteError
from toolkit.forum.model import Member, Quote
from toolkit.forum.rules import check_own_words
from toolkit.forum.service import Forum
from toolkit.forum.text import collapse_spaces
from toolkit.i18n import _

__all__ = ["MAX_QUOTE_WORDS", "check_quote"]

# About two sentences: enough to show the idea; the link carries the rest.
MAX_QUOTE_WORDS = 40


def _credited(own_text: str, quote: Quote) -> bool:
    """Does her own text name the author (by handle, with or without @, or by display name)?"""
    low = collapse_spaces(own_text).casefold()
    names = {quote.source_author.casefold(), quote.source_display_name.casefold()}
    # Whole words only: the name "Lena" is not credited by the word "lenient".
    return any(name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", low) for name in names)


@checked("quote")
def check_quote(forum: Forum, member: Member | str) -> Feedback:
    """Check her latest post or comment with a quote: exact, credited, linked, short, own words."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    entry = latest(e for e in entries_by(forum, me) if e.quote is not None)
    if entry is None or entry.quote is None:
        return Feedback(
            "quote",
            False,
            [],
            [_("You have not posted a quote yet.")],
            _(
                "Choose a few words from another member's post with the quote tool, add your own "
                "words, and post it. Then run this check again."
            ),
            learner=me.handle,
        )
    quote = entry.quote
    good = [_("Your quote uses the exact words of the post (the quote tool copies them).")]
    missing: list[str] = []
    hints: list[str] = []
    own_text = collapse_spaces(entry.body).replace(quote.excerpt, " ")

    if _credited(own_text, quote):
        good.append(_("You named the author in your own words."))
    else:
        missing.append(_("Your own words do not name the author of the quote."))
        hints.append(
            _('Name the author in your text, for example: "As @{handle} wrote, ..."').format(
                handle=quote.source_author
            )
        )

    if quote.link is not None:
        good.append(_("Your quote links to the full post."))
    else:
        missing.append(_("Your quote has no link: the post you quoted was taken down."))
        hints.append(_("Quote a post that is still in the forum, so readers can find it."))

    n = len(words(quote.excerpt))
    if n <= MAX_QUOTE_WORDS:
        good.append(_("Your quote is short."))
    else:
        missing.append(
            _("Your quote is long: {n} words. Quote at most {max} words.").format(
                n=n, max=MAX_QUOTE_WORDS
            )
        )
        hints.append(_("Keep the sentence that matters most; the link leads to the rest."))

    try:
        check_own_words(entry.body, quote.excerpt, forum.rules)
    except QuoteError:
        missing.append(_("Add a few words of your own next to the quote."))
        hints.append(_("Say why this quote matters to you."))
    else:
        good.append(_("You added words of your own."))

    return Feedback(
        "quote", not missing, good, missing, hints[0] if hints else None, learner=me.handle
    )
