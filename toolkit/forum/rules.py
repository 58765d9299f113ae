"""The forum's house rules that are numbers, and the checks on quotes and signatures."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

import phonenumbers

from toolkit.forum.errors import ForumError, QuoteError
from toolkit.forum.text import EXCERPT_MAX, collapse_spaces, graphemes, words
from toolkit.i18n import _

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
            seconds = field.name.endswith("_s")
            if seconds:
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                ok = ok and math.isfinite(value) and 0 <= value <= MAX_WINDOW_S
            else:
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if not ok:
                if seconds:
                    shape = _("a number of seconds from 0 to {limit}")
                else:
                    shape = _("a whole number, 0 or more")
                # The field name and the example are Python, the same in every language.
                msg = _(
                    "Rules({name}=...) must be {shape}. Use for example Rules({name}={example})."
                )
                shape = shape.format(limit=f"{MAX_WINDOW_S:,}")
                example = repr(field.default)
                raise ForumError(msg.format(name=field.name, shape=shape, example=example))


# Signature and profile safety: patterns that reveal where to find someone.
# Phone numbers follow libphonenumber's rules for the regions learners are likely to type a
# national number in (the same list as toolkit/safety/patterns/risks.en.toml, kept here because
# the forum must not import the floors above it). "+44 ..." is found whatever the list says.
PHONE_REGIONS = (
    "KE", "UG", "TZ", "NG", "GH", "ZA", "IN", "PK", "BD", "GB", "FR", "DE", "ES",
    "BR", "MX", "CO", "AR", "PE", "EG", "MA", "JO", "LB", "IL", "PH", "KH", "US",
)  # fmt: skip
# Fewer digits than this is a year, a price or a plot size, not a number to call.
_PHONE_MIN_DIGITS = 7
# Candidates libphonenumber looks at per region; a four-line signature has far fewer.
_PHONE_MAX_TRIES = 24
# How people write a number to be dialled: "+254 ...", "0044 ...", "0712 ...", "(555) ...".
_DIALLED = re.compile(r"\+|00|0|\(")
# Shapes libphonenumber may accept that are something else in a signature.
_NOT_PHONE = re.compile(
    r"\d{4}\s*[-–/]\s*\d{4}"  # a range of years, a plot number "1234/5678"
    r"|\d{1,2}([./-])\d{1,2}\1\d{2,4}"  # a date "01.02.1990"
    r"|(?:(?:19|20)\d\d[\s,–-]*)+"  # years only: "2019 2024"
)
_MONEY = re.compile(
    r"[$€£¥₹₦₵]|\b(?:k?sh|kes|ush|tsh|usd|eur|gbp|rs|inr|ngn|ghs|"
    r"zar|fcfa|cfa|shillings?|naira|cedis?|rupees?|dollars?|euros?|pesos?|rand|birr)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STREET = re.compile(
    r"\b\d{1,5}\s*,?\s+(?:[A-Za-z]+\s+){0,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|boulevard|blvd|place|square)\b"
    r"|\b(?:street|road|avenue|lane|rue|calle|strasse|straße)\s+\w+\s+\d{1,5}\b",
    re.IGNORECASE,
)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def has_phone(text: str) -> bool:
    """True if the text shows a phone number, in any of the usual ways of writing one."""
    if _digits(text) < _PHONE_MIN_DIGITS:
        return False  # most signatures: no need to ask libphonenumber
    for region in PHONE_REGIONS:
        # Short candidates ("1990") are skipped before parsing, and a signature full of numbers
        # stops after a few tries: a 300-character signature stays a few milliseconds.
        matcher = phonenumbers.PhoneNumberMatcher(
            text,
            region,
            leniency=phonenumbers.Leniency.POSSIBLE,
            max_tries=_PHONE_MAX_TRIES,
            min_candidate_length=_PHONE_MIN_DIGITS,
        )
        for match in matcher:
            raw = match.raw_string.strip()
            if _digits(raw) < _PHONE_MIN_DIGITS or _NOT_PHONE.fullmatch(raw):
                continue
            near = (
                text[max(0, match.start - 6) : match.start] + " " + text[match.end : match.end + 9]
            )
            if _MONEY.search(near) and not raw.startswith("+"):
                continue  # "KSh 1 250 000": a price, however it is grouped
            # A number real for some region, or one written to be dialled. Made-up numbers
            # such as "(555) 013-9981" are still phone numbers to a reader.
            if phonenumbers.is_valid_number(match.number) or _DIALLED.match(raw):
                return True
    return False


def signature_warnings(signature: str, rules: Rules) -> tuple[str, ...]:
    """Safety notes on a signature (allowed, but the member should think twice)."""
    notes = []
    if signature.count("\n") + 1 > rules.signature_lines:
        msg = _(
            "Your signature has more than {lines} lines. "
            "Keep it short so people read your post, not your signature."
        )
        notes.append(msg.format(lines=rules.signature_lines))
    if has_phone(signature):
        notes.append(
            _(
                "Your signature shows a phone number. Anyone can read it: "
                "think about removing it to stay safe."
            )
        )
    if _EMAIL.search(signature):
        notes.append(
            _(
                "Your signature shows an e-mail address. Strangers could contact you: "
                "think about removing it."
            )
        )
    if _STREET.search(signature):
        notes.append(
            _(
                "Your signature seems to show a street address. "
                "It could tell people where to find you: think about removing it."
            )
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
        msg = _("The excerpt is empty. Copy a few words from the post you want to quote.")
        raise QuoteError(msg)
    if needle not in hay and needle not in _plain(hay):
        msg = _(
            "Those words are not in the post you are quoting. "
            "Copy them exactly as they are written, then try again."
        )
        raise QuoteError(msg)
    if needle in whole or _plain(needle) in whole:
        msg = _(
            "You are quoting the whole post. Choose a short part, "
            "and link to the post for the rest."
        )
        raise QuoteError(msg)
    n, total = graphemes(needle), graphemes(hay)
    limit = min(EXCERPT_MAX, max(total // 2, 60))
    if n > limit:
        msg = _(
            "The excerpt is too long ({n} characters). Quote at most {limit} characters "
            "and link to the post for the rest."
        )
        raise QuoteError(msg.format(n=n, limit=limit))


def check_own_words(body: str, excerpt: str, rules: Rules) -> None:
    """Raise QuoteError unless the quoting text adds words of the member's own."""
    own = collapse_spaces(body).replace(collapse_spaces(excerpt), " ")
    if len(words(own)) < rules.own_words:
        msg = _(
            "Your post only repeats the quote. Add a few words of your own: "
            "why does this quote matter to you?"
        )
        raise QuoteError(msg)


_MARKUP = re.compile(r"[*_`~#>\[\]()!]")


def _plain(text: str) -> str:
    # Learners copy excerpts from the rendered page, where Markdown marks are gone.
    return collapse_spaces(_MARKUP.sub("", text))
