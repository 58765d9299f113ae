"""Reading a moment a learner copied by hand: the date, the time and the time zone.

The evidence log of lesson 9 asks her to copy when a comment was posted. She may write the day
as the forum shows it in her language ("2 Mar 2026", "2 mars 2026", «2 مارس 2026»), as numbers
or in ISO form, and the zone as "UTC" or "+00:00".
"""

from __future__ import annotations

import re
from datetime import datetime

from toolkit.checks._base import plain
from toolkit.safety.lang import pick_language

__all__ = ["has_date", "has_zone", "times_in"]

# The forum shows dates like "2 Mar 2026"; people also write the month in full.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Ways people write the UTC zone.
_UTC_NAMES = ("utc", "gmt", "+00:00", "+0000", "+00", "z")


def has_date(text: str, when: datetime) -> bool:
    """The day in any usual form: 2026-03-02, 2 Mar 2026, March 2, 02/03/2026, and the month's
    name in the learner's language as the forum shows it (2 mars 2026, 2 مارس 2026)."""
    text = plain(text)
    if when.date().isoformat() in text:
        return True
    day = when.day
    month = "|".join(re.escape(m) for m in sorted(_month_names(when.month), key=len, reverse=True))
    named = rf"(?<!\d)0?{day}(?:st|nd|rd|th|er)?\W*(?:{month})|(?:{month})\w*\W*0?{day}(?!\d)"
    numeric = rf"(?<!\d)0?{day}[/.\-]0?{when.month}(?!\d)"
    return bool(re.search(named, text) or re.search(numeric, text))


def _month_names(month: int) -> set[str]:
    """The month's short and full names in English and the toolkit's language (Babel's CLDR)."""
    from babel.dates import get_month_names

    names = {_MONTHS[month - 1]}
    for locale in {"en", pick_language()}:
        for width in ("abbreviated", "wide"):
            try:
                names.add(plain(get_month_names(width, locale=locale)[month]).rstrip("."))
            except (ValueError, LookupError):  # a language CLDR does not know: English only
                continue
    return names


def times_in(text: str) -> list[tuple[int, int]]:
    return [(int(h), int(m)) for h, m in re.findall(r"(?<!\d)(\d{1,2})[:.h](\d{2})(?!\d)", text)]


def has_zone(text: str, when: datetime) -> bool:
    names = {n for n in (when.tzname() or "", when.strftime("%z")) if n}
    if when.utcoffset() is not None and not when.utcoffset():
        names.update(_UTC_NAMES)
    tokens = set(re.findall(r"[\w+:]+", text.casefold()))
    # "+00:00" may be glued to the time ("11:41+00:00"); a word like "utc" must stand alone.
    return any(n.casefold() in tokens or (n[0] in "+-" and n in text) for n in names)
