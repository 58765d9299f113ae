"""Names in a text: which capitalised words are a private person, and which are a place or a
famous person ("Costa Rica", "I read that ... said '...'"). Used by :mod:`risks`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from toolkit.safety.risk_rules import NAME, Rules

__all__ = ["is_public", "name_spans"]


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
    if _SIGNED.search(before) and re.match(r"\s*$", after.split("\n")[0]):
        return True
    if r.public_before.search(before) or r.public_after.match(after):
        return True
    # A public role ("... is my favourite poet"), a book's author ("Things Fall Apart by ..."),
    # a title ("Calm Down by Rema"), a festival ("Loy Krathong is on the full moon"), a
    # helpline ("Talian Kasih 15999"), a thing ("a Samsung Galaxy A15").
    if (
        r.role_after.match(after)
        or r.role_before.search(before)
        or _title_by(r.work_before.search(before))
        or r.work_after.match(after)
        or r.event_before.search(before)
        or r.event_after.match(after)
        or r.short_number.match(after)
        or r.thing_before.search(before)
        or r.model_after.match(after)
        or (r.owned_model.search(before) and r.bare_model.match(after))
    ):
        return True
    # Born long ago: "Marie Curie was born in 1867" is history.
    born = _BORN.match(text, b)
    if born and int(born.group(1)) < r.history_before:
        return True
    # Something is named after them: "Nelson Mandela ... that's why we have Mandela Day".
    last = text[a:b].split()[-1]
    return any(
        r.named_after.match(text, m.end()) for m in re.finditer(rf"\b{re.escape(last)}\b", text)
    )


def _title_by(m: re.Match[str] | None) -> bool:
    """ "Americanah by <name>": a title before "by"; "attacked in Nairobi by <name>" is not."""
    prev = m.group("prev") if m else None
    return bool(m) and (
        prev is None or not (prev[-1] in ".!?" or prev.lower() in {"in", "at", "near", "from"})
    )


_BORN = re.compile(r",?\s+(?:was\s+)?born\b[^.!?\n]{0,30}?\b(1\d{3})\b")
# A signed quote: a dash after the end of a sentence or a quotation, or at a line's start.
_SIGNED = re.compile(r"(?:[\"”’».!?…]|^|\n)\s*[—–-]{1,2}\s*$")
