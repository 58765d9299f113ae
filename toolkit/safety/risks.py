"""The risk finder: details in a text that tell a stranger how to reach, find or hurt someone.

``find_risks(text, names=..., lang="en")`` returns :class:`Finding` objects (kind, exact words,
why, hint). The words lists and regex fragments live in ``patterns/risks.<lang>.toml`` so a
trainer can add local street words or school words; :mod:`risk_rules` compiles them once.
Phone numbers in digits go through ``phonenumbers`` (Google's libphonenumber rules); the rest
are word patterns read a sentence at a time, since "I", "every Friday" and "at 7 pm" must sit
together to make a routine, while "The market is busy on Fridays" is only a fact.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import phonenumbers

from toolkit.i18n import N_, _
from toolkit.safety.finding import Finding
from toolkit.safety.lang import fold, pick_language
from toolkit.safety.risk_names import name_spans, not_a_phone
from toolkit.safety.risk_rules import Rules as _Rules
from toolkit.safety.risk_rules import rules as _rules
from toolkit.safety.risk_words import (
    ANY_CHILD,
    ONE_OFF,
    ORDINAL,
    OWNED,
    never_shared,
    place_hours,
)

__all__ = ["KINDS", "find_risks"]

# kind -> (why, hint): short sentences (reading grade 6 or below), translated when shown.
KINDS: dict[str, tuple[str, str]] = {
    "phone": (
        N_("Anyone who reads this can call or text you, at any hour."),
        N_("Take the number out. Share it in a private message with people you trust."),
    ),
    "email": (
        N_("Strangers can write to you or send you tricks."),
        N_("Take the e-mail out. Send it only in a private message."),
    ),
    "messaging": (
        N_("Strangers can find you on this chat app and message you."),
        N_("Take the chat name out. Share it only with people you know."),
    ),
    "social": (
        N_("This leads strangers to your other accounts and photos."),
        N_("Take the link or @name out, or keep it for friends only."),
    ),
    "home": (
        N_("This tells people where you live or where to find you."),
        N_("Leave out house numbers, street names and landmarks. Say only your town."),
    ),
    "routine": (
        N_("This tells people when you are out or alone, and where."),
        N_('Leave out days and times. Say "sometimes" or share plans in private.'),
    ),
    "child": (
        N_("This tells strangers where to find a child and when."),
        N_("Leave out the child's school, class, age and way home."),
    ),
    "workplace": (
        N_("This tells people where to find you all day."),
        N_('Say only your kind of work, like "I am a nurse". Leave out the place.'),
    ),
    "name": (
        N_("This names a real person. They did not agree to be named here."),
        N_('Use first names only, or say "my neighbour" or "a friend".'),
    ),
    "identity": (
        N_("Birth dates and ID numbers let people pretend to be you."),
        N_("Take the date or number out. Never post your papers."),
    ),
    "meeting": (
        N_("This tells a stranger where and when to meet you, and how to spot you."),
        N_("Meet new people only in busy places, with a friend. Plan it in private."),
    ),
    "valuables": (
        N_("This tells thieves what you keep at home and where."),
        N_("Do not say what money or gold you keep, or where."),
    ),
    "shelter": (
        N_("This can lead an abuser to a safe house and the women in it."),
        N_('Never say where a shelter is. Say only "a safe place".'),
    ),
}


def _verbless(s: str, r: _Rules) -> bool:
    """A short fragment with no verb, like a signature's "— Lalbagh Chowk": an address line.
    A question ("Who else watches it on Sunday at 7?") is not one."""
    return len(s.split()) <= 10 and not r.verb.search(s) and not s.rstrip().endswith("?")


# Sentences, or a signature's parts; "Dr." and "St." do not end one.
_ABBREV = "|".join(rf"(?<=\b{a})\." for a in ("Dr", "Mr", "Mrs", "Ms", "St", "No", "Tel", "Mt"))
_SENTENCE = re.compile(rf"(?:[^.!?\n|/•;]|{_ABBREV}|(?<=\d)\.(?=\d))+(?:[.!?]+|$)?", re.MULTILINE)


_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")


@functools.lru_cache(maxsize=512)
def _dialable(chunk: str, regions: tuple[str, ...]) -> bool:
    """Could ``chunk`` be dialled in a region? Cached: "1 1 1 1 ..." asks it hundreds of times."""
    leniency = phonenumbers.Leniency.POSSIBLE
    return any(
        any(True for _m in phonenumbers.PhoneNumberMatcher(chunk, region, leniency=leniency))
        for region in regions
    )


def _phones(text: str, r: _Rules) -> Iterable[tuple[int, int]]:
    for m in r.phone_candidate.finditer(text):
        chunk = m.group()
        digits = sum(c.isdigit() for c in chunk)
        found = False
        # A date ("14/03/1994") or a paper's number ("my national ID is 9403...") is no phone:
        # the identity rules report it, and the region-by-region test is the slow part.
        if (
            _DATE.fullmatch(chunk.strip())
            or r.paper_word.search(text, max(0, m.start() - 30), m.start())
            or not_a_phone(text, m.start(), m.end(), r)
        ):
            continue
        found = _dialable(chunk, tuple(r.regions))
        if not found and digits >= 8:
            # A long number next to "call" or "WhatsApp" is a phone whatever its format.
            before = text[max(0, m.start() - 40) : m.start()]
            found = bool(r.phone_context.search(before)) or chunk.lstrip().startswith("+")
        if found and r.public_line.search(text, max(0, m.start() - 40), m.start()):
            found = False  # a helpline or an emergency number is meant to be shared
        if found and not re.fullmatch(r"\d{4}\s*[-/]\s*\d{4}", chunk.strip()):
            yield m.start(), m.end()


def _any_child(s: str, m: re.Match[str], r: _Rules) -> bool:
    """A child's way home said of children in general: "any girl who walks home alone",
    "at what age can kids walk to school alone?", "my aunt said never let children ..."."""
    who = m.group().split()[0].lower()
    plural = who == "children" or (who.endswith("s") and who not in {"he", "she", "they"})
    bare = plural and not OWNED.search(s, 0, m.start())
    return bool(bare or ANY_CHILD.search(s, 0, m.start()) or r.reported.search(_clause(s, m, r)))


class _Text:
    """What the whole text says, for clues split over a signature's lines ("Mother of twins" /
    "(age 6, Little Stars Nursery)"): a child, a job title, money or gold."""

    def __init__(self, text: str, r: _Rules) -> None:
        self.child = bool(r.child_word.search(text))
        self.title = bool(r.title.search(text))
        self.things = bool(r.things.search(text))
        self.paper = bool(r.paper_word.search(text))
        self.shelter = bool(r.shelter_word.search(text))
        self.own = bool(r.own_word.search(text))


def _clause(s: str, m: re.Match[str], r: _Rules) -> str:
    """The part of the sentence around a match, between commas, dashes or "so"/"but"."""
    before = [c.end() for c in r.cut.finditer(s, 0, m.start())]
    after = r.cut.search(s, m.end())
    return s[before[-1] if before else 0 : after.start() if after else len(s)]


def _advice(clause: str, r: _Rules) -> bool:
    """ "Never walk alone", "my aunt said never walk alone": a rule, not what she does."""
    return bool(r.generic.match(clause) or r.reported.search(clause))


def _sentence_rules(s: str, r: _Rules, whole: _Text) -> Iterable[tuple[str, int, int]]:
    """Rules that need several clues in one sentence. Offsets are within ``s``."""
    found: dict[str, re.Match[str] | None] = {}

    def f(name: str) -> re.Match[str] | None:  # each pattern searched once per sentence
        if name not in found:
            found[name] = getattr(r, name).search(s)
        return found[name]

    # "Teacher, Grade 5, ...", "Selling chapati ...", "Mother of ...": a signature speaks of her.
    # "I used to walk alone to the well when I was a girl": a memory, not where she is now.
    first = bool(r.first_person.search(s) or r.self_start.match(s)) and not f("past")
    child = f("child_word") or (whole.child and _verbless(s, r))
    has_time = f("time") or f("daybreak") or (f("day") and f("hours"))
    # Routine: her own days or times ("I walk to the well every morning at 6").
    when = f("every") or f("moment") or has_time
    # A clock time alone ("I wake up at 5") says nothing of where she is: it needs a day, a
    # habit, "alone", or a going out ("I leave home at 5 am", "jog around the stadium").
    habit = f("every") or f("moment") or f("usually")
    # "My aunt says: never walk alone after dark": advice, not her day.
    # "My mother always said never walk alone after dark": advice she was given.
    advice = bool(when and _advice(_clause(s, when, r), r))
    hours = place_hours(s, has_time) or bool(r.opens and r.opens.search(s))
    # "after work" names a moment, not where she goes: it counts with a going out, a habit or a
    # day beyond its own words ("I walk to the river after work"), not in an opinion ("the
    # meeting should start after work").
    moment = f("moment")
    rest = s[: moment.start()] + " " + s[moment.end() :] if moment else s
    out = r.out.search(rest) if moment else f("out")
    her_moment = moment and (out or f("usually") or f("every") or f("day") or f("alone"))
    if (
        first
        and when
        and not advice
        and not hours
        and (has_time and habit or f("alone") or her_moment or out)
    ):
        spans = [m for m in (f("every"), f("moment"), has_time, f("day")) if m]
        yield "routine", min(m.start() for m in spans), max(m.end() for m in spans)
    elif (
        (d := f("day"))
        and has_time
        and (
            child
            or f("title")
            # "Who else watches the show on Sunday at 7?": a time with no place and no "I".
            or (
                abs(d.start() - has_time.start()) < 20
                and not r.general.match(s)
                and (first or _verbless(s, r) or f("out"))
            )
        )
        and not ONE_OFF.search(s, 0, d.start())
        and not hours
    ):
        # "Coach of the girls' team, Kibera Primary, Wednesdays 3 pm": a signature's routine.
        yield "routine", min(d.start(), has_time.start()), max(d.end(), has_time.end())
    elif has_time and (e := f("every")) and f("alone") and not r.generic.match(s):
        # "Dog walks in the park alone every night at 10": alone, a habit and an hour.
        yield "routine", min(e.start(), has_time.start()), max(e.end(), has_time.end())
    if (
        (m := f("alone"))
        and not f("past")
        and not _advice(_clause(s, m, r), r)
        and (
            # "At what age can kids walk to school alone?" asks about children in general.
            (child and (first or not s.rstrip().endswith("?")))
            or r.first_person.search(_clause(s, m, r))
            or ((first or _verbless(s, r)) and not r.first_person.search(s))
        )
    ):
        # Her own clause: "Walking alone at night is not safe, I think" is an opinion.
        yield "routine", m.start(), m.end()
    # Children: a child with a school, class, age or way home.
    if child:
        # An age alone ("my daughter is 12 and wants a phone") is a parent asking for advice;
        # with a school, class or way home it helps a stranger find the child.
        clues = [m for rx in (r.school_name, r.klass, r.route) if (m := rx.search(s))]
        clues = [m for m in clues if m.re is not r.route or not _any_child(s, m, r)]
        if clues and (m := f("age")):
            clues.append(m)
        for m in clues:
            yield "child", m.start(), m.end()
    if (m := f("route")) and not _any_child(s, m, r):
        yield "child", m.start(), m.end()
    # Home: a street name or landmark said about her own home, shop or stall.
    if f("own_word") and (m := f("house_number")):
        yield "home", m.start(), m.end()  # "Our gate is green, number 14"
    if f("own_word") or first or _verbless(s, r):
        for m in (*r.street_name.finditer(s), *r.area.finditer(s)):
            # "Our street", "Schools close": a common word before it is not a street's name;
            # an ordinal is ("Third Close", "2nd Avenue").
            word = m.group().split()[0]
            if (ORDINAL.match(word) and (f("own_word") or _verbless(s, r))) or (
                r.proper(word) and (not r.common(word) or m.re is r.area)
            ):
                yield "home", m.start(), m.end()
    # Workplace: a named institution tied to her by a job title or "I work".
    # A signature's job title on one line and the place on the next: "Nurse Joy" / "St. Agnes
    # Hospital, Enugu".
    # A title said of someone else ("when is the hotel hiring cleaners?") is not hers.
    own_title = f("title") and (first or _verbless(s, r))
    if own_title or first and f("work_verb") or whole.title and _verbless(s, r):
        for m in r.work_place.finditer(s):
            if (not child or not r.school_name.fullmatch(m.group())) and any(
                r.proper(w) for w in m.group().split()
            ):
                yield "workplace", m.start(), m.end()
    if m := f("work_verb"):
        yield "workplace", m.start(), m.end()
    # Meeting: "meet me" with a time or a place, or how to spot her.
    if (m := f("meet")) and (
        has_time
        or f("day")
        or re.search(r"\b(?:at|in|near|outside|by)\s+the\b", m.group(), re.IGNORECASE)
    ):
        yield "meeting", m.start(), m.end()
    if m := f("recognise"):
        yield "meeting", m.start(), m.end()
    # "Got my own place! ... top floor of the yellow block behind Naledi Primary".
    if whole.own and not r.generic.match(s) and (m := f("landmark")):
        yield "home", m.start(), m.end()
    # "gate code is 4471", "the spare key is under the mat" ("never leave your key ..." is advice).
    if not r.generic.match(s) and (m := f("access")):
        yield "home", m.start(), m.end()
    # A paper named anywhere, its number here: "passport renewal form? My number is P4829173".
    if whole.paper and (m := f("id_token")):
        yield "identity", m.start(), m.end()
    # A shelter named anywhere, where it is here: "we are on the 2nd floor above the pharmacy".
    if whole.shelter and (m := f("located")):
        yield "shelter", m.start(), m.end()
    # Valuables: "I keep my savings under the bed"; "Some women keep money at home" is general.
    if not r.generic.match(s) and not f("past"):
        for m in r.valuables.finditer(s):
            yield "valuables", m.start(), m.end()
        # "I'm selling my gold. ... I keep them in a tin under my bed": the thing said before.
        if whole.things and first and (m := f("stash")):
            yield "valuables", m.start(), m.end()


_SIMPLE: list[tuple[str, str]] = [
    ("phone", "spelled"),
    ("email", "email"),
    ("messaging", "messaging"),
    ("social", "social"),
    ("home", "street_num"),
    ("home", "numbered"),
    ("home", "live"),
    ("home", "own_near"),
    ("workplace", "spot"),
    ("workplace", "my_stall"),
    ("identity", "paper"),
    ("identity", "birth"),
    ("shelter", "shelter"),
    ("routine", "empty_home"),
]


def find_risks(text: str, *, names: Iterable[str] = (), lang: str | None = None) -> list[Finding]:
    """Risky details in ``text``, in reading order (empty when it looks safe).

    ``names`` are forum members' display names and handles: naming them is not a risk.
    ``lang`` ("fr", "ar"; None: the toolkit's language) picks the word lists; a language with
    none is read with the English ones, which still find phones, e-mails and links.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    r = _rules(pick_language(lang))
    shown, text = text, fold(text, accents=r.accents)  # same length: places stay the same
    names = [n for n in names if n]
    known = {" ".join(w.strip(".") for w in n.lower().lstrip("@").split()) for n in names}
    tokens = [{w.strip(".") for w in n.lower().split()} for n in names]
    spans: list[tuple[str, int, int]] = [("phone", a, b) for a, b in _phones(text, r)]
    for kind, attr in _SIMPLE:
        rx: re.Pattern[str] = getattr(r, attr)
        spans += [(kind, m.start(), m.end()) for m in rx.finditer(text) if not r.history(m)]
    # "Nurse, Saint Mary's" ties her to a place; "Volunteer, Clean Water Group" to a group.
    spans += [
        ("workplace", m.start(), m.end())
        for m in r.title_at.finditer(text)
        # "Teacher of English" names a subject, not a place: the place needs a name word.
        if not r.group_end.search(m.group())
        and any(
            r.proper(w.strip(",")) or w.strip(",.").lower() in r.place_words
            for w in m.group().split()[1:]
        )
    ]
    spans += [("name", a, b) for a, b in name_spans(text, r, known, tokens)]
    spans += [
        (kind, m.start(), m.end())
        for kind, rx in r.direct
        for m in rx.finditer(text)
        if not never_shared(text, m.start(), r.never, r.cut)
    ]
    whole = _Text(text, r)
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            found = _sentence_rules(m.group(), r, whole)
            spans += [(k, m.start() + a, m.start() + b) for k, a, b in found]
    return _findings(shown, spans, known)


def _findings(text: str, spans: list[tuple[str, int, int]], known: set[str]) -> list[Finding]:
    # A finding inside a bigger one of these kinds says nothing new.
    inside = {
        "social": ("email", "messaging"),
        "phone": ("identity",),
        "routine": ("meeting", "child"),
    }
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, a, b in sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]))):
        words = text[a:b].rstrip(" ,;:")
        if words.endswith(".") and not re.search(r"\b\w\.\w\.$", words):
            words = words[:-1]  # the sentence's full stop, not "p.m."
        b = a + len(words)
        if not words.strip():
            continue
        if kind == "social" and words.startswith("@") and words[1:].lower() in known:
            continue  # a forum member mentioned by handle
        if any(s[0] in inside.get(kind, ()) and s[1] <= a and b <= s[2] for s in spans):
            continue  # "@mail.com" in an e-mail, an ID number that looks like a phone
        # One finding per stretch of text: a phone inside a home finding is still its own kind.
        if any(f.kind == kind and f.start <= a and b <= f.end for f in out):
            continue
        if kind in {"name", "social"} and any(x <= a and b <= y for x, y in taken):
            continue  # "Lotus Lane" inside "14 Lotus Lane" is not a person
        why, hint = KINDS[kind]
        out.append(Finding(kind, words, a, b, _(why), _(hint)))
        if kind not in {"name", "social"}:
            taken.append((a, b))
    return sorted(out, key=lambda f: (f.start, f.kind))
