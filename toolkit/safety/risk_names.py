"""Names and numbers in a text: which capitalised words are a private person, and which are a
place or a famous person ("Costa Rica", "I read that ... said '...'"); which long numbers are an
amount, an order or a free line, not a phone. Used by :mod:`risks`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from toolkit.safety.risk_rules import NAME, Rules, _alt, _ci

__all__ = ["is_public", "name_spans", "not_a_phone"]


def name_spans(
    text: str, r: Rules, known: set[str], tokens: list[set[str]]
) -> Iterable[tuple[int, int]]:
    """Where ``text`` names a private person: a full name, "Mrs Okafor" beside her home or
    harm, "my neighbour Joseph". ``known`` and ``tokens`` are forum members, who may be named."""

    def is_known(words: str) -> bool:
        low = [w.lower().strip(".") for w in words.split()]
        return " ".join(low) in known or any(set(low) <= t for t in tokens)

    for m in r.full_name.finditer(text):
        # The longest run of words that are not place, day or common words: "Thanks Maria
        # Lopez" gives "Maria Lopez"; "Saint Mary's Hospital" gives nothing.
        best: tuple[int, int] | None = None
        run: list[re.Match[str]] = []
        for w in [*re.finditer(r"\S+", m.group()), None]:
            if (
                w is not None
                and w.group().lower().rstrip(".’'s").rstrip("’'") not in r.not_names
                and w.group().lower() not in r.not_names
                and w.group().lower().split("-")[0] not in r.not_names  # "Eid-e Qorban"
            ):
                run.append(w)
                continue
            while run and r.common(run[0].group()):
                run.pop(0)  # "Proud Kenyan", "Search Asha Bakes": an everyday word first
            if (
                len(run) >= 2
                and not all(r.common(w.group()) for w in run)
                and (best is None or run[-1].end() - run[0].start() > best[1] - best[0])
            ):
                best = (run[0].start(), run[-1].end())
            run = []
        # "Al Shifa hospital", "Benito Juárez school": a place named after someone.
        after = re.match(r"[ \t]+([\w'’-]+)", text[m.start() + best[1] :]) if best else None
        if after and after.group(1).lower().rstrip("s") in r.place_words:
            continue
        if (
            best
            and not is_known(m.group()[best[0] : best[1]])
            and not is_public(text, m.start() + best[0], m.start() + best[1], r)
        ):
            yield m.start() + best[0], m.start() + best[1]
    for m in r.titled.finditer(text):
        # "Mrs Okafor" alone may be a trainer thanked; beside her home or harm, she is exposed.
        if not is_known(m.group().split(None, 1)[1]) and r.exposed.search(
            text, m.end(), m.end() + 60
        ):
            yield m.start(), m.end()
    for m in r.relative.finditer(text):
        n = re.match(rf"{NAME}(?:\s+{NAME})?", text[m.end() :])
        if n and n.group().split()[0].lower() not in r.not_names and not is_known(n.group()):
            yield m.start(), m.end() + n.end()


# "from Hanoi to Hai Phong": both ends of a route are places.
_ROUTE_BEFORE = re.compile(r"\bfrom\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+to\s+$")
_ROUTE_AFTER = re.compile(r"^\s+to\s+[A-Z]")


def is_public(text: str, a: int, b: int, r: Rules) -> bool:
    """A place ("Costa Rica"), or a famous person talked about ("I read that ... said '...'")."""
    words = " ".join(text[a:b].lower().split())
    if words in r.place_names or any(p in words for p in r.place_names if " " in p):
        return True
    before, after = text[max(0, a - 40) : a], text[b : b + 40]
    if _ROUTE_BEFORE.search(before) or (
        re.search(r"\bfrom\s+$", before) and _ROUTE_AFTER.match(after)
    ):
        return True
    # A quote's author: '"Be the change" — Mahatma Gandhi', "Still I rise. — Maya Angelou".
    line_end = re.match(r"\s*$", after.split("\n")[0])
    if _SIGNED.search(before) and line_end:
        return True
    # "Be kind, always (Sojourner Truth)"; "Quote of the day: ... freedom. Frederick Douglass".
    # (A saying of three words or more before the brackets: "Baker (Zawadi ...)" is her name.)
    if (re.search(r"(?:\w+\W+){3,}\(\s*$", before) and re.match(r"\s*\)\s*$", after)) or (
        line_end and re.search(r"[.!?]\s+$", before) and _QUOTED.search(text)
    ):
        return True
    if r.public_before.search(before) or r.public_after.match(after):
        return True
    # A public role ("... is my favourite poet"), a book's author ("The Salt Road by ..."), a
    # title ("Rain on Tin by Kofi"), a festival ("Hari Raya is on the 10th"), a helpline
    # ("Harbour Line 1195"), a thing ("a Lenovo Tab M10").
    c = _public(r)
    if (
        c.role_after.match(after)
        or c.role_before.search(before)
        or _title_by(c.work_before.search(before))
        or c.work_after.match(after)
        or c.event_before.search(before)
        or c.event_after.match(after)
        or (c.event_coming.match(after) and c.event_context.search(text))
        or c.short_number.match(after)
        or c.thing_before.search(before)
        or c.model_after.match(after)
        or (c.owned_model.search(before) and c.bare_model.match(after))
    ):
        return True
    # Born long ago: "Marie Curie was born in 1867" is history.
    born = _BORN.match(text, b)
    if born and int(born.group(1)) < r.history_before:
        return True
    # Something is named after them: "Ada Lindqvist ... the Lindqvist Prize".
    last = text[a:b].split()[-1]
    return any(
        c.named_after.match(text, m.end()) for m in re.finditer(rf"\b{re.escape(last)}\b", text)
    )


def _title_by(m: re.Match[str] | None) -> bool:
    """A title before "by" ("Homegoing by <name>"); "attacked in Nairobi by <name>" is not."""
    prev = m.group("prev") if m else None
    return bool(m) and (
        prev is None or not (prev[-1] in ".!?" or prev.lower() in {"in", "at", "near", "from"})
    )


_BORN = re.compile(r",?\s+(?:was\s+)?born\b[^.!?\n]{0,30}?\b(1\d{3})\b")
# A signed quote: a dash after the end of a sentence or a quotation, or at a line's start.
_QUOTED = re.compile(r"\bquotes?\b|[\"“”«»]", re.IGNORECASE)
_SIGNED = re.compile(r"(?:[\"”’».!?…]|^|\n)\s*[—–-]{1,2}\s*$")


class _Public:
    """Cues that a capitalised name is not a private person: a book's author, a public role,
    a festival, a helpline, a product. Compiled once per language from ``[places]``."""

    def __init__(self, r: Rules) -> None:
        pl = r.public_words
        roles, works = _alt(pl.get("public_roles", ["-"])), _alt(pl.get("works", ["-"]))
        fame = _alt(pl.get("public_fame", ["-"]))
        self.role_after = _ci(
            rf"^\s*,?\s*(?:was\s+(?:a|an|the)\s+(?:\w+\s+){{0,2}}?{roles}\b|(?:is|was)\s+"
            rf"(?:(?:my|our|a|an|the)\s+)?(?:\w+\s+)?{fame}\s+(?:\w+\s+)?{roles}\b"
            rf"|(?:is|was)\s+(?:my|our)\s+(?:\w+\s+)?{_alt(pl.get('admired', ['-']))}\b)"
        )
        self.event_coming = _ci(rf"^\s+{_alt(pl.get('event_coming', ['-']))}\b")
        self.event_context = _ci(rf"\b{_alt(pl.get('event_context', ['-']))}\b")
        self.role_before = _ci(rf"\b{roles}\s*,?\s*$")
        # "The Salt Road by <name>", "Rain on Tin by Kofi and <name>", "reading <title>".
        self.work_before = re.compile(
            rf"(?:\b(?i:{works})|(?P<prev>\S+)\s+[\"“‘]?[A-Z][\w'’]*[!?]?[\"”’]?)\s+(?i:by)\s+"
            # "by Rema and <name>", "by Prince <name>"
            rf"(?:{NAME}(?:\s+{NAME})*\s+(?i:and|&|ft\.?|feat\.?)\s+|{NAME}\s+)?$"
            rf"|\b(?i:{works}|{_alt(pl.get('work_verbs', ['-']))})\s*:?\s*[\"“‘]?$"
        )
        # "<name> by <name>": the first is a title; "<name> singing <Title>": a performer.
        self.work_after = re.compile(
            rf"^\s+(?i:by)\s+{NAME}"
            rf"|^\s+(?i:{_alt(pl.get('work_verbs', ['-']))})\s*:?\s*[\"“‘']?[A-ZÀ-ÖØ-Þ]"
            # "Tiwa Savage songs", "Ngugi's books": their works.
            rf"|^(?:['’]s)?\s+(?i:{works})\b"
        )
        self.named_after = _ci(rf"\s+{_alt(pl.get('named_after', ['-']))}\b")
        self.event_before = _ci(rf"\b{_alt(pl.get('event_before', ['-']))}\s+$")
        months = _alt(r.months)
        self.event_after = _ci(
            # "on 6 June", "on the 10th or ...", not "on the 3rd floor".
            rf"^\s+(?:(?:is|falls)\s+)?on\s+(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?(?=\s*(?:[,.!?]"
            rf"|$|or\b|and\b|this\b|next\b|(?:of\s+)?{months}\b))|full\s+moon|new\s+moon|{months}\b)"
            rf"|^\s+{_alt(pl.get('event_after', ['-']))}(?=\s*(?:[,.!?]|$|soon|next|this))"
            rf"|^\s+{_alt(pl.get('event_words', ['-']))}\b"
        )
        # "Harbour Line 1195": a short number is a helpline's, not a person's.
        self.short_number = re.compile(r"^\s*[:(]?\s*(?!(?:19|20)\d\d\b)\d{3,6}\b(?![\s.-]*\d)")
        # "a Lenovo Tab M10", "the Riverside Peace Memorial": a thing, not a person.
        self.thing_before = _ci(r"\b(?:a|an|the)\s+$")
        # "Tab M10", "Camon 20X"; "my Infinix Hot 30" (a bare number only after "my").
        self.model_after = re.compile(r"^\s+[A-Z]{1,2}\d{1,4}[A-Za-z]{0,2}\b")
        self.owned_model = _ci(r"\b(?:my|our|his|her|your|new|old)\s+$")
        self.bare_model = re.compile(r"^\s+\d{1,3}\b(?!\s*(?:years?|yrs|,))")

        # Numbers that are not a phone: "Order number 4481 ...", "1 450 000 UGX", "..., it's free".
        ph = r.phone_words
        self.not_phone = _ci(
            rf"\b{_alt(ph.get('not_before', ['-']))}(?!\w)\W*(?:(?:number|no|code|id|#)\W*)?"
            r"(?-i:[A-Z]{1,3}\W*)?$"
        )
        free = _alt(ph.get("public_after", ["-"]))
        self.line_after = _ci(rf"^\W{{0,4}}(?:(?:it'?s|is|are|all|calls?\s+are)\s+)?{free}")
        money = _alt(ph.get("money", ["-"]))
        # "1 450 000" (groups of three ending in 000) or a currency beside it: an amount.
        self.money_before = _ci(rf"(?<!\w)(?:{money})\.?\s*$")
        self.money_after = _ci(rf"^\s*(?:{money})(?!\w)")
        self.thousands = re.compile(r"[1-9]\d{0,2}(?:[ ,.]\d{3})*[ ,.]000")


def not_a_phone(text: str, start: int, end: int, r: Rules) -> bool:
    """An order or parcel number, an amount of money ("1 450 000 UGX"), or a free line ("...,
    it's free", unless she says "call me") is no phone."""
    c, chunk = _public(r), text[start:end].strip()
    before, after = text[max(0, start - 40) : start], text[end : end + 30]
    return bool(
        c.not_phone.search(before)
        or (c.line_after.match(after) and not r.first_person.search(before))
        # A phone starts with 0, + or a bracket; an amount does not.
        or (
            chunk[0] not in "0+("
            and (
                c.thousands.fullmatch(chunk)
                or c.money_before.search(before)
                or c.money_after.match(after)
            )
        )
    )


@lru_cache(maxsize=8)
def _public(r: Rules) -> _Public:
    return _Public(r)
