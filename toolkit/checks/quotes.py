"""Lesson 6: a quote that is exact, credited, linked, short, and surrounded by her own words.

Three checks: ``check_quote`` reads a quote made with the forum's quote tool;
``check_copied_quote`` reads an excerpt, a name and a link copied by hand (as on any platform
without a quote tool); ``check_ask_first`` reads a private message asking the author's permission.

"Exact" holds by construction: a quote made with ``forum.quote`` was checked against its source.
"Safe" comes from the risk finder: a quote that repeats a risky detail from the post (a phone
number, where the author lives...) shows it to more people, so it does not pass; the words are
named on her screen and kept out of the progress file (``Feedback.private``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from toolkit.checks import wordlists
from toolkit.checks._base import (
    Problem,
    checked,
    contains_phrase,
    entries_by,
    latest,
    need_forum,
    need_member,
    plain,
    words,
)
from toolkit.checks.feedback import Feedback
from toolkit.checks.risky import Finding, risks, words_of
from toolkit.checks.wordlists import for_language
from toolkit.forum.cast import cast
from toolkit.forum.errors import QuoteError
from toolkit.forum.model import Entry, Member, Quote
from toolkit.forum.rules import check_excerpt, check_own_words
from toolkit.forum.service import Forum
from toolkit.forum.text import collapse_spaces
from toolkit.i18n import N_, _

__all__ = [
    "FORUM_ADDRESS",
    "MAX_QUOTE_WORDS",
    "check_ask_first",
    "check_copied_quote",
    "check_quote",
    "share_link",
]

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
    """Does her own text name the author (by handle, with or without @, by display name, or
    as another script writes a cast member's name: «سوخا» for Sokha)?"""
    low = plain(collapse_spaces(own_text))
    names = {plain(quote.source_author), plain(quote.source_display_name)}
    names |= {plain(a) for m in cast().members if m.handle == quote.source_author for a in m.also}
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


# --------------------------------------------------------------------------- copied by hand
# The simulated forum's address. ".example" is reserved: it never leads anywhere.
FORUM_ADDRESS = "https://riverside-forum.example"

# Phone keyboards turn straight quotes into curly ones; both count as the same mark.
_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WRAPPERS = "\"'«»„ "


def share_link(entry: Entry) -> str:
    """The link a share button would copy for this post: the forum's address and its anchor."""
    return f"{FORUM_ADDRESS}/{entry.anchor}"


def _norm(text: str) -> str:
    return collapse_spaces(text.translate(_MARKS))


def _letters_only(text: str) -> str:
    return " ".join(words(text.casefold()))


def _field(answer: object, key: str) -> str:
    if not isinstance(answer, Mapping):
        raise Problem(
            _("The check needs the boxes of the form. Fill them in, then press the button."),
        )
    value = answer.get(key)
    return value.strip() if isinstance(value, str) else ""


def _names_author(text: str, entry: Entry) -> bool:
    said = text.strip().lstrip("@").casefold()
    return said in {entry.author.handle.casefold(), entry.author.display_name.casefold()}


def _excerpt_problems(excerpt: str, entry: Entry) -> list[str]:
    """What is not word for word in the excerpt, in plain words (empty when it is exact)."""
    text = entry.body if entry.title is None else f"{entry.title}\n{entry.body}"
    needle, hay = _norm(excerpt).strip(_WRAPPERS), _norm(text)
    if not needle:
        return [_("The excerpt box is empty. Copy a few words from the post.")]
    if needle in hay:
        try:
            check_excerpt(needle, hay, _norm(entry.body))
        except QuoteError as exc:  # the whole post, or too long: the forum's own words
            return [exc.message]
        return []
    if _letters_only(needle) and _letters_only(needle) in _letters_only(hay):
        return [
            _(
                "The words are right, but a capital letter or a mark like a comma is different. "
                "Copy them exactly as they are written."
            )
        ]
    post_words = {w.casefold() for w in words(hay)}
    extra = [w for w in words(needle) if w.casefold() not in post_words]
    if extra:
        shown = ", ".join(f"“{w}”" for w in dict.fromkeys(extra))
        return [
            _("These words are not in the post: {words}. Copy the words as they are.").format(
                words=shown
            )
        ]
    return [
        _(
            "All these words are in the post, but not in this order, or some words are left "
            "out. Copy one part from start to end, without skipping words."
        )
    ]


def _overlaps(excerpt: str, part: str, run: int = 3) -> bool:
    """Do the two texts share ``run`` words in a row (or is a short excerpt inside the part)?"""
    a, b = _letters_only(_norm(excerpt)).split(), _letters_only(_norm(part)).split()
    if len(a) < run:
        return bool(a) and f" {' '.join(a)} " in f" {' '.join(b)} "
    grams = {tuple(b[i : i + run]) for i in range(len(b) - run + 1)}
    return any(tuple(a[i : i + run]) in grams for i in range(len(a) - run + 1))


def _link_problem(link: str, entry: Entry) -> str | None:
    if not link:
        return _("The link box is empty. Copy the link from the share button or the address bar.")
    found = re.search(r"(?:^|[/#])(post|comment)-(\d+)\s*$", link.strip().rstrip("/"))
    if found is None:
        return _("This is not the link of a post. A link looks like {example}.").format(
            example=share_link(entry)
        )
    if f"{found.group(1)}-{found.group(2)}" != entry.anchor:
        return _("This link leads to another post. Copy the link of the post you quote.")
    return None


@checked("copied_quote")
def check_copied_quote(answer: object, *, post: Entry, keep_out: Sequence[str] = ()) -> Feedback:
    """A quote copied by hand: ``{"excerpt", "author", "link"}`` for ``post``.

    The excerpt must be word for word in the post (curly or straight quotation marks around it
    do not matter), the name must be the author's (handle, with or without @, or display name),
    and the link must lead to this post. ``keep_out``: parts of the post the author asked not
    to be quoted; an excerpt sharing three words in a row with one of them is not yet.
    """
    excerpt, author, link = (_field(answer, k) for k in ("excerpt", "author", "link"))
    writer = post.author.display_name or f"@{post.author.handle}"
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []

    private: tuple[str, ...] = ()
    problems = _excerpt_problems(excerpt, post)
    if problems:
        missing += problems
        hints.append(_("Copy and paste the words, or copy them letter by letter."))
    else:
        good.append(_("Your excerpt is word for word from the post."))
        n = len(words(excerpt))
        if n > MAX_QUOTE_WORDS:
            missing.append(
                _("Your excerpt is long: {n} words. Quote at most {max} words.").format(
                    n=n, max=MAX_QUOTE_WORDS
                )
            )
        found = risks(excerpt)
        missing += [_risky_note(f, writer) for f in found]
        private = words_of(found)
        if any(_overlaps(excerpt, part) for part in keep_out):
            missing.insert(
                0,
                _(
                    "{writer} asked you not to quote these words. Choose the part she said yes to."
                ).format(writer=writer),
            )

    if not author:
        missing.append(_("The name box is empty. Write who wrote the post."))
        hints.append(_("The name of the writer is at the top of the post."))
    elif _names_author(author, post):
        good.append(_("You named the right author."))
    else:
        missing.append(
            _("“{name}” did not write this post. Look at the name at the top.").format(name=author)
        )
        hints.append(_("The name of the writer is at the top of the post."))

    wrong_link = _link_problem(link, post)
    if wrong_link:
        missing.append(wrong_link)
        hints.append(_("Press the share button under the post, then copy the link."))
    else:
        good.append(_("Your link leads to the full post."))

    hint = hints[0] if hints else None
    return Feedback("copied_quote", not missing, good, missing, hint, private=private)


# --------------------------------------------------------------------------- asking first
@checked("ask_first")
def check_ask_first(answer: object, *, post: Entry) -> Feedback:
    """A private message that asks the author of ``post`` before quoting her: ``{"to", "message"}``.

    It goes to the author, asks a question, says what the learner wants to do with the words,
    and leaves the author free to say no.
    """
    to, message = _field(answer, "to"), _field(answer, "message")
    writer = post.author.display_name or f"@{post.author.handle}"
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []

    if not to:
        missing.append(_("The box for who gets the message is empty."))
        hints.append(
            _("Send it to the person who wrote the post: @{handle}.").format(
                handle=post.author.handle
            )
        )
    elif _names_author(to, post):
        good.append(_("Your message goes to {name}, who wrote the post.").format(name=writer))
    else:
        missing.append(
            _("Your message goes to “{name}”, but {writer} wrote the post.").format(
                name=to, writer=writer
            )
        )
        hints.append(
            _("Send it to the person who wrote the post: @{handle}.").format(
                handle=post.author.handle
            )
        )

    if not message:
        raise Problem(
            _("The message box is empty. Write a short message to {writer}.").format(writer=writer),
            _('You could start with: "Hello, I read your post."'),
        )
    low = message.translate(_MARKS).casefold()
    if any(q in message for q in "?؟") or contains_phrase(low, for_language(wordlists.ASKING)):
        good.append(_("You ask her. You do not just tell her."))
    else:
        missing.append(_("Your message does not ask a question yet."))
        hints.append(_('Ask her, for example: "May I quote your words?"'))
    if contains_phrase(low, for_language(wordlists.USING)):
        good.append(_("You say what you want to do with her words."))
    else:
        missing.append(_("Say what you want to do: quote her words, and where."))
        hints.append(_('For example: "May I quote one sentence in my post on the forum?"'))
    if contains_phrase(low, for_language(wordlists.CHOICE)):
        good.append(_("You tell her she is free to say no."))
    else:
        missing.append(_("Tell her that it is fine to say no."))
        hints.append(_('For example: "It is fine if you say no."'))

    return Feedback("ask_first", not missing, good, missing, hints[0] if hints else None)
