"""The risk finder's patterns, compiled once per language from ``patterns/risks.<lang>.toml``.

The word lists are data a trainer edits; this module turns them into regular expressions. The
reading logic (which clues must sit together in a sentence) is in :mod:`toolkit.safety.risks`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.safety.lang import fold, pick_language

__all__ = [
    "FIRST_PERSON",
    "NAME",
    "PARTICLE",
    "PATTERNS",
    "TIME",
    "Rules",
    "fold",
    "pick_language",
    "rules",
]

PATTERNS = Path(__file__).parent / "patterns"


def _alt(words: Iterable[str]) -> str:
    """Whole-word alternation of a word list, longest first, spaces matching any white space."""
    parts = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Word shapes used by several rules.
CAP = r"(?!I\b)[A-ZÀ-ÖØ-Þ][\w'’.-]*"  # a capitalised word ("Mary's", "Osei", "Álamos")
NAME = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+"  # a name-like word: capital then lower case
NUM = r"\d{1,5}[A-Za-z]?"  # a house number ("14", "3B")
TIME = (
    r"(?:\b\d{1,2}(?:[:.h]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|o'clock|hrs|h)(?![\w])"
    r"|\b\d{1,2}:\d{2}\b|\b(?:at|from|until|till|by|around|after|before)\s+"
    r"(?:\d{1,2}(?:[:.]\d{2})?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)(?:\s+(?:thirty|fifteen|forty-five))?)"
    # "at 3" is a time only before an end or a linking word: "at 14 Lotus Lane" is not.
    r"(?=\s*(?:$|[.,;!?)—–-](?!\d)|in\s+the|at\s+night|o'clock|(?:and|or|every|each|on|sharp|to|"
    r"through|with|when|so|but|then|alone|after|before|because|until|from|for|if|sharp)\b))"
    r"|\b(?:noon|midday|midnight))"
)
PARTICLE = r"(?:de|des|del|la|las|los|le|les|do|da|dos|das|di|al|el|bin|binti|van|von)"
# "im", "ive": how many type on a phone.
FIRST_PERSON = _ci(r"\b(?:i|i'm|im|i've|ive|i'll|me|my|we|we're|us|our|mine)\b")


# "The clinic opens on Mondays at 8": a sentence about a place, not about her.
_GENERAL = _ci(r"^\W*(?:the|a|an|buses|shops|markets|prices|most|many|all)\b")
_VERB = _ci(
    r"\b(?:is|are|was|were|has|have|had|needs?|will|can|could|goes|go|went|"
    r"opened|opens|closed|closes|runs|be|been|do|does|did|got|gets|fixed|broken|"
    r"flooded|built|named|called|[a-z]+ed)\b"
)
_CUT = _ci(r"[,;:—–]|\s-\s|\b(?:but|so|because|although|though)\b")
_MACRO = re.compile(r"\{([a-z_]+)\}")


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _round in range(4):  # a macro may use another: "{pre}{house}"
        pattern = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
    return pattern


class Rules:
    """The compiled patterns of one language."""

    def __init__(self, data: dict[str, Any]) -> None:
        ph, ms, so, ho = data["phone"], data["messaging"], data["social"], data["home"]
        ro, ch, wo, na = data["routine"], data["children"], data["work"], data["names"]
        idt, me, va, sh = data["identity"], data["meeting"], data["valuables"], data["shelter"]
        # Words of the sentence reader that differ by language ("je", "est"): English unless
        # the file's [grammar] says otherwise. [[direct]] rules are whole patterns of one kind.
        self.accents = bool(data.get("fold_accents"))
        gr = data.get("grammar", {})
        self.first_person = _ci(gr["first_person"]) if "first_person" in gr else FIRST_PERSON
        self.general = _ci(gr["general"]) if "general" in gr else _GENERAL
        self.verb = _ci(gr["verb"]) if "verb" in gr else _VERB
        self.cut = _ci(gr["cut"]) if "cut" in gr else _CUT
        # "Je ne mets jamais le nom de leur école": what she says she never shares (the
        # [[direct]] rules; English has its own sentence reader).
        self.never = _ci(gr["never"]) if "never" in gr else None
        # "La boulangerie ouvre à 6h": a place's hours (English: risk_words.place_hours).
        self.opens = _ci(gr["opens"]) if "opens" in gr else None
        macros = data.get("macros", {})
        direct = [(d["kind"], p) for d in data.get("direct", []) for p in d["patterns"]]
        self.direct = [(kind, _ci(_expand(p, macros))) for kind, p in direct]
        self.regions: list[str] = list(ph["regions"])
        self.phone_candidate = re.compile(r"(?<![\w@/])\+?\(?\d(?:[\s().\-/]{0,3}\d){6,14}(?![\w])")
        self.public_line = _ci(rf"\b{_alt(ph['public'])}\b")
        self.phone_context = _ci(r"\b" + _alt(ph["context"]) + r"\b")
        dw = _alt(ph["digit_words"])
        self.spelled = _ci(rf"\b{dw}(?:[\s,\-]+{dw}){{5,}}\b")
        self.email = re.compile(
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
            r"|(?<![\w.+-])[\w.+-]+\s*[\[(]?\s*at\s*[\])]?\s*"
            r"[\w-]+\s*[\[(]?\s*dot\s*[\])]?\s*(?:com|org|net|co|info)\b",
            re.IGNORECASE,
        )
        apps = _alt(ms["apps"])
        capps = "(?:" + "|".join(map(re.escape, ms["apps_capital"])) + ")"
        app = rf"(?:(?i:{apps})|{capps})"
        # "my kik and snap are ...": several apps (or sites) named before one handle.
        apps_or_sites = rf"(?:{app}|(?i:{_alt(so['names'])}))"
        self.messaging = re.compile(
            # "my Telegram is rania_87"; "our WhatsApp group" is not a handle.
            rf"(?i:\b(?:my|our)\s+){app}(?:(?i:\s*(?:,|and|&|\+|/|or)\s*){apps_or_sites})*"
            rf"(?i:\s*(?:is|are|id|name|handle|number|no\.?|account|:)(?:\s+(?:both|all))?"
            rf"[\s:]*[@\w.+-]*[_@\d.][\w.@-]*)|(?i:\b(?:add|message|text|call|find|reach|contact|ping|dm)\s+"
            rf"(?:me|us)\s+(?:on|at|via|through)\s+){app}|\b(?i:{apps})\s+(?i:me|us)\b"
            rf"|{app}(?i:\s*(?:number|no\.?|id|handle)?\s*[:=]\s*\S+)"
            rf"|(?i:\b(?:i'm|i\s+am|we're|we\s+are)\s+on\s+){app}(?i:\s+as\s+\S+)?"
        )
        sites = _alt(so["sites"])
        self.social = re.compile(
            rf"(?i:\b(?:https?://)?(?:www\.|m\.)?{sites}\.(?:com|me|ly|net|org)/[\w@./?=%-]+)"
            rf"|(?<![\w.@])@[A-Za-z_][\w.]{{2,}}\w"
            rf"|(?i:\b(?:find|follow|add)\s+me\s+on\s+{_alt(so['names'])}(?:\s+(?:as|at)\s+\S+)?)"
            rf"|(?i:\bmy\s+{_alt(so['names'])}(?:\s*(?:,|and|&|\+|/|or)\s*{apps_or_sites})*"
            r"\s+(?:is|are|page|account|name|handle)\b(?:\s+(?:both|all))?[\s:]*\S*)"
            # "IG: @priya", "Insta - carmen.bakes": a site's name, then a handle.
            rf"|(?i:\b{_alt(so['names'])}\s*[:=–—-]\s*@?[A-Za-z_][\w.]{{2,}})"
        )
        street, first = _alt(ho["street"]), _alt(ho["street_first"])
        self.street_num = re.compile(
            rf"\b{NUM},?\s+(?:{CAP}\s+){{0,3}}(?i:{street})\b"
            rf"|(?i:\b{first})\s+(?:(?:{CAP}|{PARTICLE}|\d{{1,2}})\s+){{0,3}}{CAP},?\s+"
            r"(?:(?i:no|n[º°o]|número|numero)\.?\s*)?\d{1,5}\b"
            rf"|\b{NUM},?\s+(?i:{first})\s+(?:(?:{CAP}|{PARTICLE})\s+){{0,3}}{CAP}"
        )
        self.street_name = re.compile(
            rf"\b(?:{CAP}\s+){{1,3}}(?i:{street})\b(?!\s+(?i:{_alt(ho['not_street'])})\b)"
            rf"|(?i:\b{first})\s+{CAP}"
        )
        # "Plot 22", "Block C", "B-12": a number, or a capital letter ("Unity" is no unit).
        self.numbered = re.compile(
            rf"\b(?i:{_alt(ho['numbered'])})\b\s*(?i:no\.?|number|#)?\s*"
            rf"(?:\d{{1,5}}[A-Za-z]?|[A-Z](?:-?\d{{1,3}})?)(?![\w'])"
        )
        self.house_number = _ci(r"\b(?:number|no\.?|#)\s*\d{1,4}[a-z]?\b")
        self.area = re.compile(rf"\b{CAP}\s+(?i:{_alt(ho['area'])})\b")
        own = _alt(ho["own"])
        near = _alt(ho["near"])
        # "I live at/on ...", "we rent a room in the compound behind the church".
        self.live = _ci(
            rf"\b(?:i|we|my\s+family)\s+(?:\w+\s+)?{_alt(ho['live'])}\s+"
            rf"(?:{near}|at|on|in\s+(?:the\s+)?(?:\w+\s+)?(?:{_alt(ho['area'])}|"
            rf"building|flat|house|compound|block|street|road|lane))\b[^.!?\n]*"
            rf"|\b(?:i|we)\s+(?:\w+\s+)?{_alt(ho['live'])}\b[^.!?\n]{{0,40}}?\b{near}"
            r"\s+[^.!?\n]{2,40}"
        )
        self.own_near = _ci(
            rf"\b(?:my|our)\s+(?:\w+\s+)?{own}\b[^.!?\n]{{0,40}}?"
            rf"\b{near}\s+(?:the\s+|a\s+)?[^.!?\n,]{{2,40}}"
        )
        # "gate code is 4471", "the spare key is under the mat": a way into her home.
        self.access = _ci(
            rf"\b{_alt(ho['access'])}\s+code\b[^.!?\n]{{0,15}}?\d{{3,8}}\b"
            rf"|\b(?:spare\s+)?keys?\s+(?:is\s+|are\s+)?(?:always\s+)?(?:under|behind|above|inside)"
            rf"\s+the\s+(?:\w+\s+)?{_alt(ho['key_places'])}\b"
        )
        # "the house will be empty", "nobody home until the 20th": a home left alone.
        self.empty_home = _ci(
            rf"\b(?:the|my|our)\s+(?:{own})\s+(?:will\s+be|is\s+going\s+to\s+be|'ll\s+be|stays?)\s+"
            rf"{_alt(ho['empty'])}\b|\b(?:nobody|no\s*one)\s+(?:will\s+be\s+)?(?:at\s+)?home\s+"
            r"(?:until|till|for|from|while|during)\b"
        )
        self.landmark = _ci(
            rf"\b{_alt(ho['dwelling'])}\s+(?:[\w'’-]+\s+){{0,3}}?{near}\s+(?:the\s+|a\s+)?[^.!?\n,]{{2,40}}"
        )
        self.own_word = _ci(rf"\b(?:my|our|i|we)\b[^.!?\n]*\b(?:{own}|{_alt(ho['live'])})\b")
        days = _alt(ro["days"])
        self.day = _ci(rf"\b{days}s?\b")
        self.time = _ci(TIME)
        # "at dawn": an hour without a clock.
        self.daybreak = _ci(rf"\bat\s+{_alt(ro['daybreak'])}\b")
        # "Tuesdays & Fridays 7-11", "Mon-Fri 9 to 5": opening hours, read only beside a day.
        self.hours = _ci(
            r"(?<![\d/.-])\d{1,2}(?:[:.]\d{2})?\s*(?:[-–]|to)\s*\d{1,2}(?:[:.]\d{2})?"
            r"(?:\s*(?:am|pm|a\.m\.|p\.m\.|h))?(?![\d/.-])"
        )
        # "every Friday", "on Fridays"; a single "on Friday" is a plan, not a habit.
        self.every = _ci(
            rf"\b(?:every|each|most)\s+(?:{days}s?|{_alt(ro['parts_of_day'])}s?)\b"
            rf"|\b{days}s\b|\b(?:mornings|evenings|nights|afternoons)\b"
        )
        self.moment = _ci(rf"\b(?:after|before)\s+{_alt(ro['moments'])}\b")
        # Out of the house: a going-out word, or "at/to/near the <place>".
        self.out = _ci(
            rf"\b{_alt(ro['out'])}\b|\b(?:at|to|from|near|by|outside|in\s+front\s+of|around|"
            r"along|across|through|past|into)\s+the\s+(?!morning|evening|night|afternoon|weekend)\w+"
            rf"|\b{_alt(ro.get('out_moving', ['-']))}\s+(?:out|outside|around|along|across|"
            r"through|past|into|to|up\s+to|down\s+to)\b"
        )
        self.usually = _ci(rf"\b{_alt(ro['usually'])}\b")
        self.past = _ci(rf"\b{_alt(ro['past'])}\b")
        alone = _alt(ro["alone_words"])
        self.alone = _ci(
            rf"\b(?:{_alt(ro['alone_with'])})\b[^.!?\n]{{0,30}}\b{alone}\b"
            rf"|\b{alone}\b[^.!?\n]{{0,30}}\b{_alt(ro['alone_with'])}\b"
        )
        child = _alt(ch["child"])
        school = _alt(ch["school"])
        self.child_word = _ci(
            rf"\b(?:my|our|her|his|their)\s+(?:\w+\s+)?{child}\b"
            r"|\b(?:mother|mum|mom|mama|father|dad|parent)\s+of\b"
            r"|\b(?:my|our|her|his)\s+\d{1,2}[\s-]*(?:years?|yrs?)[\s-]*old\b"
            rf"|\b{child}'?s?'?\s+(?:team|class)\b|\b(?:son|daughter|kids?)\b"
        )
        cap_schools = "|".join(re.escape(w.capitalize()) for w in ch["school"])
        self.school_name = re.compile(
            rf"\b(?:{CAP}\s+){{1,3}}(?i:{school})\b"
            rf"|\b(?:{cap_schools})\s+(?:{PARTICLE}\s+)?{CAP}(?:\s+{CAP})?"
        )
        self.klass = _ci(rf"\b{_alt(ch['class_words'])}\s*\d{{1,2}}[a-z]?\b|\bP\d\b")
        # "is 9", "aged 7", "6 years old", "Zainab (7)".
        self.age = _ci(
            r"\b(?:is|aged?|turns?|turned)\s+\d{1,2}(?:[\s-]*(?:years?|yrs?)[\s-]*old)?"
            r"\b(?!\s*(?:am|pm|:))|\(\d{1,2}\)|\b\d{1,2}[\s-]*(?:years?|yrs?)[\s-]*old\b"
        )
        self.route = _ci(
            rf"\b(?:he|she|they|{child})\s+(?:\w+\s+)?{_alt(ch['route'])}\b"
            rf"[^.!?\n]{{0,40}}?(?:{TIME}|\balone\b|\bhome\b[^.!?\n]{{0,25}}?{TIME})"
        )
        places = _alt(wo["places"])
        # "I teach at X", "I work for the council"; "I work in a bank" says only the trade.
        self.work_verb = re.compile(
            rf"\b(?i:i|i'm|we)\s+(?:\w+\s+)?(?i:{_alt(wo['verbs'])})\s+(?:\w+\s+){{0,3}}"
            rf"(?i:at|in|for|on)\s+"
            rf"(?:(?i:the)\s+[^.!?\n,]{{2,40}}|(?!I\b)[A-Z][^.!?\n,]{{1,40}})"
        )
        # "Saint Mary's Hospital", and place-first names: "Hotel Continental", "Colegio San Luis".
        cap_places = "|".join(re.escape(w.capitalize()) for w in wo["places"])
        self.work_place = re.compile(
            rf"\b(?:{CAP}\s+){{1,4}}(?i:{places})\b"
            rf"|\b(?:{cap_places})\s+(?:{PARTICLE}\s+|of\s+(?:the\s+)?)?{CAP}"
            rf"(?:\s+{CAP}){{0,2}}"
        )
        self.group_end = _ci(rf"\b{_alt(wo['not_places'])}$")
        self.title_at = re.compile(
            rf"\b(?i:{_alt(wo['titles'])})\s*(?:,|at|in|of|for|-|–|—|@)\s+"
            rf"(?:the\s+)?{CAP}(?:\s+{CAP}){{0,3}}"
        )
        self.self_start = re.compile(
            rf"^\W*(?:(?i:{_alt(wo['titles'])})\b|(?i:proud\s+)?"
            r"(?i:mother|mum|mom|mama|father|dad|parent)\s+of\b|"
            rf"(?i:{_alt(wo['starts'])})\b)"
        )
        self.title = _ci(rf"\b{_alt(wo['titles'])}s?\b")
        self.spot = re.compile(rf"\b(?i:{_alt(wo['spots'])})\s+(?:[A-Z]|\d{{1,3}}[A-Za-z]?)\b")
        self.my_stall = _ci(
            r"\bmy\s+(?:\w+\s+)?(?:stall|kiosk|shop|stand|table|salon|booth|"
            r"workplace|office|desk)\b\s+(?:is\s+)?(?:at|in|on|by|near|next to|"
            r"behind|opposite|outside)\b(?!\s*\d{1,2}\s*[ap]\.?m)[^.!?\n,]{2,40}"
        )
        self.place_words = {
            w.lower()
            for w in wo["places"] + ch["school"] + ho["street"] + ho["area"] + ho["numbered"]
        }
        self.name_words = {w.lower() for w in na["name_words"]}
        self.easy = _easy_words(data.get("common_words", "en"))
        self.not_names: set[str] = {
            w.lower()
            for w in na["not_names"]
            + ho["street"]
            + ho["street_first"]
            + wo["places"]
            + ch["school"]
            + ro["days"]
            + ho["numbered"]
            + ho["area"]
            + na["relatives"]
            + na["titles"]
            + wo["not_places"]
            + sh["places"]
            + na.get("brands", [])
            + na.get("public_titles", [])
        }
        # A name stays on one line: "Lemon Star\nBooks for ..." is a title and a tagline.
        self.full_name = re.compile(
            rf"\b{NAME}(?:[ \t]+(?:{NAME}|{PARTICLE}[ \t]+{NAME}|[A-Z]\.))+"
        )
        self.exposed = _ci(rf"\b{_alt(na['exposed'])}\b")
        pl = data.get("places", {})
        self.place_names = {" ".join(p.lower().split()) for p in pl.get("names", [])}
        # A famous person: "I read that <name>", "<name> said 'when ...'", "<name> won the ...".
        self.public_before = _ci(
            rf"\b{_alt(pl.get('public_before', ['-']) + na.get('public_titles', []))}\W*$"
        )
        self.public_after = _ci(
            rf"^\W*(?:(?:{_alt(pl.get('public_said', ['-']))})\s*[:,]?\s*[\"'“‘«]"
            rf"|{_alt(pl.get('public_after', ['-']))}\b)"
        )
        # Words for famous people, works, festivals and products: read by risk_names.
        self.public_words, self.months, self.phone_words = pl, list(idt["months"]), ph
        self.titled = re.compile(rf"\b(?i:{_alt(na['titles'])})\.?\s+{NAME}")
        self.relative = _ci(rf"\b(?:my|our|her|his|the)\s+{_alt(na['relatives'])},?\s+")
        # "ID number at the office, it is 28934561": the number may come a few words later.
        self.paper = _ci(
            rf"\b{_alt(idt['papers'])}\b[^!?\n\d]{{0,30}}?"
            r"[A-Z]{0,3}\d[\dA-Z\s/-]{3,}\d[A-Z]?\b"
        )
        self.paper_word = _ci(rf"\b{_alt(idt['papers'])}\b")
        self.id_token = re.compile(r"\b[A-Z]{1,3}\d{6,9}[A-Z]?\b")
        months = _alt(idt["months"])
        date = (
            rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{months}\.?,?(?:\s+\d{{4}})?"
            rf"|{months}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
            r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
        )
        self.history_before = int(idt.get("history_before", 0))
        self.birth = _ci(rf"\b{_alt(idt['birth'])}\s*(?::|is|was)?\s*(?:on\s+)?(?:the\s+)?{date}")
        self.meet = _ci(rf"\b{_alt(me['meet'])}\b[^.!?\n]*")
        self.recognise = _ci(rf"\b{_alt(me['recognise'])}\b[^.!?\n]*")
        things, kept = _alt(va["things"]), _alt(va["kept"])
        self.generic = _ci(rf"^\W*(?:{_alt(va['generic'])})\b")
        self.reported = _ci(
            rf"\b{_alt(ro.get('reported', ['-']))}\b[\s:,\"“']*(?:that\s+)?"
            rf"(?:{_alt(va['generic'])})\b"
        )
        # "in a metal box", "under my pillow": a hiding place at home.
        kept = (
            rf"(?:\b{kept}|\b(?:in|under|inside|behind|beneath|above|on\s+top\s+of)\s+"
            rf"(?:a|an|the|my|our|her|his)\s+(?:[\w-]+\s+){{0,2}}?{_alt(va['containers'])}s?)"
        )
        self.stash = _ci(rf"\b{_alt(va['hide'])}(?:ing)?\b[^.!?\n]{{0,30}}?{kept}\b")
        self.things = _ci(rf"\b{things}\b")
        self.valuables = _ci(
            rf"\b{things}\b[^.!?\n]{{0,50}}?{kept}\b"
            rf"|\b{_alt(va['hide'])}\b[^.!?\n]{{0,30}}?\b{things}\b[^.!?\n]{{0,20}}?"
            r"\b(?:at home|in|under|inside|behind|above)\b"
            rf"(?!\s+(?:the\s+|a\s+|my\s+|our\s+)?{_alt(va['safe_places'])}\b)"
            r"[^.!?\n,]{0,30}"
            rf"|{kept}\b[^.!?\n]{{0,40}}?\b{things}\b"
        )
        # "The shelter helpline is open day and night": a number to call, not a door to find.
        # "in our county" is no address: a town or a region is too big to find a door in.
        vague = rf"(?!\s+(?:(?:our|the|this|my|your|their|a|every|each)\s+)?{_alt(sh['vague'])}\b)"
        self.shelter_word = _ci(rf"\b{_alt(sh['places'])}\b(?!s)")
        self.located = _ci(
            r"\b(?:we|it|they)\s*(?:are|is|'re|'s)\s+(?:now\s+|still\s+)?(?:on\s+the|at|above|behind|"
            r"next\s+to|opposite|beside|near|across\s+from|located|based|in\s+the)\b[^.!?\n]{2,60}"
        )
        self.shelter = _ci(
            rf"\b{_alt(sh['places'])}\b(?!\s+{_alt(sh['not_after'])}\b)"
            rf"[^.!?\n,]{{0,30}}?\b(?:is|are|at|on|in{vague}|"
            rf"near|next to|behind|opposite|beside|above|located|address)\b"
            rf"[^.!?\n]{{2,60}}"
        )

    def history(self, m: re.Match[str]) -> bool:
        """A birth date long ago ("born on 7 May 1867") is history, not someone's ID."""
        year = re.search(r"\b(1\d{3})\b", m.group()) if m.re is self.birth else None
        return bool(year and int(year.group(1)) < self.history_before)

    def common(self, word: str) -> bool:
        """An everyday word ("Lemon", "Star", "Broken"): two of them are a title, not a name."""
        low = word.lower().strip(".,’'")
        if low in self.name_words:  # "Joy", "Hope", "Rose": everyday words that are names
            return False
        return low in self.easy or low.rstrip("s") in self.easy

    def proper(self, word: str) -> bool:
        """True for a word that could be part of a name ("Lotus"), not "Our" or "Schools"."""
        low = word.lower()
        return low not in self.not_names and low.strip(".,’'").rstrip("s") not in self.not_names


# How many of a language's most frequent words count as everyday ones when textstat has no list:
# enough for "étoile", "citron", "héron" (an alias is two everyday words), not "Diallo".
EVERYDAY = 40_000


def _easy_words(lang: str) -> frozenset[str]:
    """Everyday words: textstat's Dale-Chall list (English), else the language's most frequent
    words from pyspellchecker's offline word counts (French); none when neither has any."""
    if not lang:
        return frozenset()
    try:
        import textstat

        path = Path(textstat.__file__).parent / "resources" / lang / "easy_words.txt"
        return frozenset(path.read_text(encoding="utf-8").split())
    except (ImportError, OSError):
        pass
    try:
        from spellchecker import SpellChecker

        counts = SpellChecker(language=lang, distance=1).word_frequency.dictionary
    except (ImportError, ValueError, OSError):
        return frozenset()
    frequent = sorted(counts, key=counts.__getitem__, reverse=True)[:EVERYDAY]
    return frozenset(fold(w, accents=True) for w in frequent)


@lru_cache(maxsize=8)
def rules(lang: str) -> Rules:
    path = PATTERNS / f"risks.{lang}.toml"
    if not path.exists():  # an unknown language falls back to English rather than failing
        path = PATTERNS / "risks.en.toml"
    source = path.read_text(encoding="utf-8")
    data = tomllib.loads(source)
    # The words are folded like the text they are matched against ("école" finds "ecole").
    return Rules(tomllib.loads(fold(source, accents=bool(data.get("fold_accents")))))
