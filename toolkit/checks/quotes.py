"""Lesson 6: a quote that is exact, credited, linked, short, and surrounded by her own words.

"Exact" holds by construction: a quote made with ``forum.quote`` was checked against its source.
"Safe" comes from the risk finder: a quote that repeats a risky detail from the post (a phone
number, where the author lives...) shows it to more people, so it does not pass; the words are
named on her screen and kept out of the progress file (``Feedback.private``).
"""

from __future__ import annotations

import re

from toolkit.checks._base import checked, entries_by, latest, need_forum, need_member, words
from toolkit.checks.feedback import Feedback
from toolkit.checks.risky import Finding, risks, words_of
from toolkit.forum.errors import QuoteError
from toolkit.forum.model import Member, Quote
from toolkit.forum.rules import check_own_words
from toolkit.forum.service import Forum
from toolkit.forum.text import collapse_spaces
from toolkit.i18n import N_, _

__all__ = ["MAX_QUOTE_WORDS", "check_quote"]

# About two sentences: enough to show the idea; the link carries the rest.
MAX_QUOTE_WORDS = 40

# Why a quoted detail matters, said about the author (the finder's own sentences say "you",
# which would mean the learner here). Any other kind gets the general sentence.
_WHY_FOR_AUTHOR = {
    "phone": N_("Strangers could use it to reach {author}."),
    "email": N_("Strangers could use it to reach {author}."),
    "messaging": N_("Strangers could use it to reach {author}."),
    "social": N_("It leads strangers to the other pages of {author}."),
    "home": N_("It tells strangers where to find {author}."),
    "workplace": N_("It tells strangers where to find {author}."),
    "meeting": N_("It tells strangers where to find {author}."),
    "routine": N_("It tells strangers when {author} is out, and where."),
    "child": N_("It tells strangers where to find a child."),
    "name": N_("It names a person who did not agree to be named here."),
    "identity": N_("Someone could use it to pretend to be {author}."),
    "valuables": N_("It tells thieves what {author} keeps at home."),
    "shelter": N_("It could lead an abuser to a safe house."),
}
_WHY_GENERAL = N_("Each time it is shared, more people can see it.")


def _risky_note(finding: Finding, author: str) -> str:
    why = _(_WHY_FOR_AUTHOR.get(finding.kind, _WHY_GENERAL)).format(author=author)
    return _("You quoted a detail that could put {author} at risk: “{words}”. {why}").format(
        author=author, words=finding.words, why=why
    )


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

    author = quote.source_display_name or f"@{quote.source_author}"
    found = risks(quote.excerpt, forum)
    if found:
        # Her safety before the form of the quote: read first.
        missing[:0] = [_risky_note(f, author) for f in found]
        hints.insert(
            0,
            _("Quote other words from the post, and leave out the details about {author}.").format(
                author=author
            ),
        )
    else:
        good.append(_("Your quote does not repeat details that could put someone at risk."))

    return Feedback(
        "quote",
        not missing,
        good,
        missing,
        hints[0] if hints else None,
        learner=me.handle,
        private=words_of(found),
    )
