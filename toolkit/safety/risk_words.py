"""Sentence shapes the English reading of the risk finder uses (:mod:`toolkit.safety.risks`).

Other languages say the same with their own patterns (``[[direct]]`` rules and ``opens`` in
``patterns/risks.<lang>.toml``); these read English sentences only, except :func:`never_shared`,
which reads a clause with a language's own ``never`` pattern.
"""

from __future__ import annotations

import re

__all__ = ["ANY_CHILD", "ONE_OFF", "ORDINAL", "OWNED", "never_shared", "place_hours"]

# "The clinic in our town opens at 8 on Mondays": a public place's hours, not her routine.
_PLACE_HOURS = re.compile(
    r"^\W*the\s+(?:[\w'’-]+\s+){0,6}?(?:opens?|closes?|is\s+(?:open|closed)|starts?|runs?|"
    r"leaves?|departs?|arrives?|comes?|meets?|gathers?)\b",
    re.IGNORECASE,
)
# "Do you know if the pool opens at 7 on Sundays?": the hours may come anywhere in it.
_OPENS = re.compile(
    r"\b(?:the|a|an|this|that)\s+(?:[\w'’-]+\s+){0,6}?(?:opens?|closes?|is\s+(?:open|closed)|"
    r"are\s+(?:open|closed))\b",
    re.IGNORECASE,
)


def place_hours(s: str, when: re.Match[str] | None) -> bool:
    """The times in ``s`` are a place's opening hours, not when she is out."""
    if _PLACE_HOURS.match(s):
        return True
    m = _OPENS.search(s)
    return bool(m and when and when.start() >= m.end() - 1)


# "this Saturday 9am": a one-off event, not a habit. "a child", "any girl": children in general.
ONE_OFF = re.compile(r"\b(?:this|next|coming|last)\s+$", re.IGNORECASE)
ANY_CHILD = re.compile(r"\b(?:a|an|any|every|each|no|some|most|many)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "my kids", "the girls", "Amina's son": children someone has; "kids walk ..." alone is general.
OWNED = re.compile(
    r"\b(?:my|our|her|his|their|the|these|those|both|\w+['’]s?)\s+(?:\w+\s+)?$", re.IGNORECASE
)
ORDINAL = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(?:st|nd|rd|th))$",
    re.IGNORECASE,
)


def never_shared(
    text: str, start: int, never: re.Pattern[str] | None, cut: re.Pattern[str]
) -> bool:
    """ "Je ne mets jamais ... le nom de leur école": the clause before ``start`` says she never
    shares it (a language's [grammar] ``never``; None: no such rule)."""
    if never is None:
        return False
    ends = [m.end() for m in re.finditer(r"[.!?\n:]", text[:start])]
    begin = ends[-1] if ends else 0
    cuts = [m.end() for m in cut.finditer(text, begin, start)]
    return bool(never.search(text, cuts[-1] if cuts else begin, start))
