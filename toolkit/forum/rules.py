"""The forum's house rules that are numbers, and the checks on quotes and signatures."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

from toolkit.forum.errors import ForumError, QuoteError
from toolkit.forum.text import EXCERPT_MAX, collapse_spaces, graphemes, words

# A thousand years is "forever" for a class; much longer reaches past the dates Python can hold.
MAX_WINDOW_S = 1000 * 365 * 24 * 3600


@dataclass(frozen=True, slots=True)
class Rules:
    """Limits a trainer may change for a class (e.g. ``Rules(flood_posts=20)``)."""

    max_depth: int = 10
    # Flooding: at most this many posts and comments per member per window.
    flood_posts: int = 6
    flood_window_s: float = 60.0
    # The same pace for direct messages sent and for edits made, each counted on its own.
    flood_messages: int = 6
    flood_edits: int = 6
    # Double submit: the same text from the same member within this window is refused.
    duplicate_window_s: float = 600.0
    signature_lines: int = 4
    # Quoting text must add at least this many words of the quoter's own.
    own_words: int = 3

    def __post_init__(self) -> None:
        # Checked here, not at the first post: a bad number would otherwise surface later as a
        # raw TypeError or OverflowError from inside a forum call.
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name.endswith("_s"):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                ok = ok and math.isfinite(value) and 0 <= value <= MAX_WINDOW_S
                shape = f"a number of seconds from 0 to {MAX_WINDOW_S:,}"
            else:
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
                shape = "a whole number, 0 or more"
            if not ok:
                msg = (
                    f"Rules({field.name}=...) must be {shape}. "
                    f"Use for example Rules({field.name}={field.default!r})."
                )
                raise ForumError(msg)


# Signature and profile safety: patterns that reveal where to find someone.
_PHONE = re.compile(r"(?<!\w)(?:\+|00)?\d(?:[\s().-]*\d){6,}(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET = re.compile(
    r"\b\d{1,5}\s*,?\s+(?:[A-Za-z]+\s+){0,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|boulevard|blvd|place|square)\b"
    r"|\b(?:street|road|avenue|lane|rue|calle|strasse|straße)\s+\w+\s+\d{1,5}\b",
    re.IGNORECASE,
)


def signature_warnings(signature: str, rules: Rules) -> tuple[str, ...]:
    """Safety notes on a signature (allowed, but the member should think twice)."""
    notes = []
    if signature.count("\n") + 1 > rules.signature_lines:
        notes.append(
            f"Your signature has more than {rules.signature_lines} lines. "
            "Keep it short so people read your post, not your signature."
        )
    if _PHONE.search(signature):
        notes.append(
            "Your signature shows a phone number. Anyone can read it: "
            "think about removing it to stay safe."
        )
    if _EMAIL.search(signature):
        notes.append(
            "Your signature shows an e-mail address. Strangers could contact you: "
            "think about removing it."
        )
    if _STREET.search(signature):
        notes.append(
            "Your signature seems to show a street address. "
            "It could tell people where to find you: think about removing it."
        )
    return tuple(notes)


def check_excerpt(excerpt: str, source_text: str, body: str | None = None) -> None:
    """Raise QuoteError unless the excerpt is a short, verbatim part of the source.

    ``source_text`` is what may be quoted (a post's title and body); quoting all of ``body``
    counts as quoting the whole post too.
    """
    needle = collapse_spaces(excerpt)
    hay = collapse_spaces(source_text)
    whole = {hay, _plain(hay)}
    if body is not None:
        whole |= {collapse_spaces(body), _plain(collapse_spaces(body))}
    if not needle:
        msg = "The excerpt is empty. Copy a few words from the post you want to quote."
        raise QuoteError(msg)
    if needle not in hay and needle not in _plain(hay):
        msg = (
            "Those words are not in the post you are quoting. "
            "Copy them exactly as they are written, then try again."
        )
        raise QuoteError(msg)
    if needle in whole or _plain(needle) in whole:
        msg = (
            "You are quoting the whole post. Choose a short part, "
            "and link to the post for the rest."
        )
        raise QuoteError(msg)
    n, total = graphemes(needle), graphemes(hay)
    limit = min(EXCERPT_MAX, max(total // 2, 60))
    if n > limit:
        msg = (
            f"The excerpt is too long ({n} characters). Quote at most {limit} characters "
            "and link to the post for the rest."
        )
        raise QuoteError(msg)


def check_own_words(body: str, excerpt: str, rules: Rules) -> None:
    """Raise QuoteError unless the quoting text adds words of the member's own."""
    own = collapse_spaces(body).replace(collapse_spaces(excerpt), " ")
    if len(words(own)) < rules.own_words:
        msg = (
            "Your post only repeats the quote. Add a few words of your own: "
            "why does this quote matter to you?"
        )
        raise QuoteError(msg)


_MARKUP = re.compile(r"[*_`~#>\[\]()!]")


def _plain(text: str) -> str:
    # Learners copy excerpts from the rendered page, where Markdown marks are gone.
    return collapse_spaces(_MARKUP.sub("", text))
