"""Find what makes a reply or message hostile: threats, silencing, blackmail, contempt, insults.

    >>> [f.kind for f in find_hostility("I know where you live. Keep posting and see.")]
    ['threat']

The patterns are data (``patterns/hostility.<lang>.toml``): a trainer can add local phrases
without touching this file. The sentences a learner reads (``why`` and ``hint``) live here, in
``_SENTENCES``, so gettext can translate them; the TOML names them by key.

Kinds, most serious first: ``threat`` (harm, or a hint of harm: "accidents happen"),
``blackmail`` (private photos, messages, address or family used as a weapon), ``silencing``
("stay quiet", "know your place", gendered put-downs), ``contempt`` (a person or a group made
less than human, "you are nothing"), ``insult`` (hurtful words) and ``shouting`` (all capitals).

Quoting. A learner who reports abuse repeats it: ``Someone wrote "watch your back" under my
post, I reported it.`` By default (``quoted=False``, the text is the learner's own words) words
inside quotation marks are not counted when the text also says it is quoting or reporting
(wrote, said, reported, screenshot...), nor are words after "told me to" / "tells her to".
With ``quoted=True`` the whole text is someone else's words (an evidence log, a scenario
comment): everything counts, and a threat's hint says to report it rather than how to say it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import Any

from toolkit.i18n import N_, _
from toolkit.safety import cues
from toolkit.safety.finding import Finding
from toolkit.safety.gate import needed_words
from toolkit.safety.hostility_data import data as _data
from toolkit.safety.hostility_data import glad_words as _glad_words
from toolkit.safety.hostility_data import quoting as _quoting
from toolkit.safety.hostility_data import spellings as _spellings
from toolkit.safety.lang import ARABIC_MARKS, fold, pick_language

__all__ = ["KINDS", "find_hostility", "label"]

#: Every kind this finder returns, most serious first (the order overlapping findings keep).
KINDS = ("threat", "blackmail", "silencing", "contempt", "insult", "shouting")

# Why it hurts or scares, and a kinder way to say it. Keys are named in the TOML.
_SENTENCES: dict[str, str] = {
    "why.harm": N_("This is a threat to hurt someone. It can make a person afraid to go out."),
    "why.veiled": N_(
        "This is a hidden threat. It does not say what will happen, so the reader fears the worst."
    ),
    "why.blackmail": N_(
        "This uses her photos, her home or her family to scare her. It is meant to control her."
    ),
    "why.silencing": N_(
        "This tries to push someone out of the talk, often because she is a woman. It is not about "
        "her ideas."
    ),
    "why.contempt": N_(
        "This treats people as less than human. Words like this can lead to real harm."
    ),
    "why.insult": N_("This word attacks the person, not her idea. It hurts and ends the talk."),
    "why.shouting": N_("All big letters read like shouting."),
    "hint.threat": N_(
        "Do not send this. If you disagree, say what you think and why, for example: "
        '"I do not agree, because ..."'
    ),
    "hint.blackmail": N_(
        "Do not send this. Never use a person's photos, words, home or family against her."
    ),
    "hint.silencing": N_(
        'Everyone may speak here. Talk about her idea: "I see it in a different way, because ..."'
    ),
    "hint.contempt": N_(
        'Talk about the idea, not the people. For example: "I think this plan will not work, '
        'because ..."'
    ),
    "hint.insult": N_(
        "Leave out the word that hurts. Say what you do not agree with: "
        '"I do not agree, because ..."'
    ),
    "hint.shouting": N_("Write in normal letters."),
    "hint.report": N_(
        "Do not send this; report it. If someone sent it to you, save it, report it and tell "
        "someone you trust."
    ),
}

# Someone else's text: threats and blackmail are to be reported, not rephrased.
_REPORT_KINDS = frozenset({"threat", "blackmail"})

# Curly quotes and apostrophes typed on phones, straightened so "you’re" matches "you're".
# Same length in, same length out, so a match's place is its place in the original text.
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Quotation marks of several languages; a quote is what lies between an opening and its closing.
_QUOTE = re.compile(
    r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|„[^“”\n]{1,300}[“”]'
    r"|(?<!\w)'[^'\n]{2,300}'(?!\w)"
)
# Words that say "I am repeating what someone else wrote", so a quote is a report, not an attack.
_REPORTING = re.compile(
    r"\b(?:wrote|writes|written|said|says|saying|posted|posts|sent|sends|commented|comments|"
    r"messaged|called\s+me|called\s+her|report(?:ed|ing|s)?|screenshots?|evidence|quote[sd]?|"
    r"quoting|threat(?:s|ened|ening)?|abuse|harass(?:ed|ing|ment)?|blocked|moderators?|"
    r"the\s+(?:word|phrase|term)s?|words\s+like|under\s+my\s+post|in\s+my\s+(?:inbox|messages)|received|got\s+(?:this|a\s+message))\b",
    re.IGNORECASE,
)
# Reported speech: "tells her to stay quiet", "told me to know my place".
# A name must start with a capital letter, so "I want you to stay quiet" still counts.
_TOLD_TO = re.compile(
    r"\b(?i:tell|tells|told|telling|ask|asks|asked|asking|order(?:s|ed)?|want(?:s|ed)?|"
    r"call(?:s|ed)?)\s+(?:(?i:her|him|me|them|us|women|people|members)|[A-Z][a-z]+)"
    r"\s+(?i:to\s+|an?\s+)?$"
)
# Comfort that names the insult to reject it: "Don't let anyone tell you that you are a disgrace".
_REJECTED = re.compile(
    r"\b(?:don'?t|do\s+not|never)\s+(?:let|believe|listen\s+to)\b[^.!?]{0,30}\b(?:tell|tells|say|"
    r"says|call|calls|telling|saying|calling)\s+(?:you|u|her|me)\s+(?:that\s+|to\s+)?$",
    re.IGNORECASE,
)
# Someone else's view, told: "My husband used to say women should stay home", "someone told me
# I should shut up". The learner's own "I think women should ..." still counts.
_SAID_SO = re.compile(
    r"\b(?:he|she|they|people|someone|somebody|husband|wife|mother|father|mum|dad|boss|"
    r"neighbou?r|pastor|imam|(?:my|his|her|their)\s+\w+)\b[^.!?]{0,20}?\b(?:say|says|said|saying|"
    r"think|thinks|thought|believes?|believed|told\s+me|tells\s+me|telling\s+me)\s+(?:that\s+)?"
    r"(?:(?:i|we|women|girls)\s+(?:should|must|have\s+to|had\s+to|need\s+to|ought\s+to)\s+)?$",
    re.IGNORECASE,
)
# An insult word said to deny it: "you're not stupid", "nobody is an idiot for asking".
_NOT_SO = re.compile(
    r"\b(?:not|n't|never|nobody\s+is|no\s+one\s+is|no-one\s+is)\s+(?:so\s+|that\s+|an?\s+|being\s+)?$",
    re.IGNORECASE,
)
# The forum's own rule for shouting (toolkit/forum/text.py): all capitals, at least 8 of them.
# Copied, not imported, so this package stays below the forum's rules, which may call it.
_MIN_CAPITALS = 8
# A run of four or more capitalised words inside normal text ("I SAID NO MORE POSTS").
_CAPS_RUN = re.compile(r"\b[A-Z]{2,}(?:[\s,!]+[A-Z]{2,}){3,}\b")
_WORD_MACRO = re.compile(r"\{([a-z_]+)\}")


class _Rule:
    __slots__ = ("gate", "hint", "kind", "regex", "why")

    def __init__(
        self,
        kind: str,
        why: str,
        hint: str,
        regex: re.Pattern[str],
        gate: frozenset[str] | None = None,
    ) -> None:
        self.kind, self.why, self.hint, self.regex, self.gate = kind, why, hint, regex, gate

    def finditer(self, plain: str, low: str) -> Iterator[re.Match[str]]:
        # Skip the regular expression when none of the words it needs is in the text: most
        # patterns then cost one substring test, which keeps a long reply under 2 ms.
        if self.gate is None or any(word in low for word in self.gate):
            yield from self.regex.finditer(plain)


def _expand(pattern: str, words: dict[str, str]) -> str:
    # Building blocks may use other building blocks ({speak} uses {your}): expand until stable.
    for _round in range(5):
        expanded = _WORD_MACRO.sub(lambda m: words.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


def _fuzzy(word: str) -> str:
    """A whole word, also with letters repeated or hidden: "stuuupid", "1diot", "st*pid"."""
    look_alike = {"a": "a4@*", "e": "e3*", "i": "i1!*|", "o": "o0*", "s": "s5$", "u": "u*v"}
    parts = []
    for ch, _run in itertools.groupby(word):
        # Possessive (++): a long run of one letter cannot make the search slow.
        if ch in look_alike:
            parts.append(f"[{re.escape(look_alike[ch])}]++")
        elif ch.isalpha():
            parts.append(f"{re.escape(ch)}++")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


_TOKEN = re.compile(r"[A-Za-z0-9']+")


def _spelled_out(plain: str, spellings: dict[str, str]) -> tuple[str, list[int]]:
    """``plain`` with phone spellings replaced, and for each of its letters the place of the
    letter it came from. A number ("2") is read as a word only between two words."""
    parts: list[str] = []
    where: list[int] = []
    last = 0
    for m in _TOKEN.finditer(plain):
        word = spellings.get(m.group().lower())
        if word is None:
            continue
        if m.group().isdigit() and not (
            re.search(r"[A-Za-z]\s+$", plain[: m.start()])
            and re.match(r"\s+[A-Za-z]", plain[m.end() :])
        ):
            continue
        parts.append(plain[last : m.start()])
        where.extend(range(last, m.start()))
        parts.append(word)
        where.extend(m.start() + min(i, len(m.group()) - 1) for i in range(len(word)))
        last = m.end()
    parts.append(plain[last:])
    where.extend(range(last, len(plain)))
    return "".join(parts), where


def _without_marks(norm: str, where: list[int]) -> tuple[str, list[int]]:
    """``norm`` without Arabic vowel marks, and for each letter left the place it came from."""
    if not ARABIC_MARKS.search(norm):
        return norm, where
    keep = [i for i, ch in enumerate(norm) if not ARABIC_MARKS.match(ch)]
    return "".join(norm[i] for i in keep), [where[i] for i in keep]


@functools.cache
def _rules(lang: str) -> tuple[_Rule, ...]:
    data = _data(lang)
    words: dict[str, str] = data.get("words", {})
    rules: list[_Rule] = []
    for rule in data.get("rule", []):
        for pattern in rule["patterns"]:
            expanded = _expand(pattern, words)
            regex = re.compile(expanded, re.IGNORECASE)
            rules.append(
                _Rule(rule["kind"], rule["why"], rule["hint"], regex, needed_words(expanded))
            )
    insults = data.get("insults")
    if insults:
        alternatives = [_fuzzy(w) for w in insults.get("words", [])]
        alternatives += [r"\s+".join(map(re.escape, p.split())) for p in insults.get("phrases", [])]
        # Longest first, so "stupid woman" wins over "stupid".
        alternatives.sort(key=len, reverse=True)
        alternation = "|".join(alternatives)
        # Arabic joins "و" and "ال" to the word: the file may allow such a prefix.
        pre = insults.get("prefix", "")
        regex = re.compile(rf"(?<![\w*]){pre}(?:{alternation})(?![\w*])", re.IGNORECASE)
        rules.append(_Rule(insults["kind"], insults["why"], insults["hint"], regex))
    return tuple(rules)


def _quoted_spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Where the text quotes someone else, if it says it is quoting or reporting."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    if not spans:
        return []
    outside = text
    for start, end in spans:
        outside = outside[:start] + " " * (end - start) + outside[end:]
    own = _quoting(lang).get("reporting")
    return spans if _REPORTING.search(outside) or (own and own.search(outside)) else []


def _reported(text: str, start: int, quotes: list[tuple[int, int]], lang: str = "en") -> bool:
    if any(a <= start < b for a, b in quotes):
        return True
    before = text[max(0, start - 60) : start]
    own = _quoting(lang).get("said_so")
    return bool(
        _TOLD_TO.search(before[-40:])
        or _REJECTED.search(before)
        or _SAID_SO.search(before)
        or (own and own.search(before))
    )


def _shouting(
    text: str, words: tuple[frozenset[str], frozenset[str], frozenset[str]]
) -> list[tuple[int, int]]:
    glad, joy, anger = words

    def angry(part: str) -> bool:
        found = set(re.findall(r"[a-z']+", part.lower()))
        return not (found <= glad or (found & joy and not found & anger))

    letters = [ch for ch in text if ch.isalpha()]
    if letters and text == text.upper() and sum(ch.isupper() for ch in letters) >= _MIN_CAPITALS:
        stripped = text.strip()
        start = text.find(stripped[:1]) if stripped else 0
        return [(start, start + len(stripped))] if angry(stripped) else []
    return [(m.start(), m.end()) for m in _CAPS_RUN.finditer(text) if angry(m.group())]


def find_hostility(text: str, *, lang: str | None = None, quoted: bool = False) -> list[Finding]:
    """Threats, silencing, blackmail, contempt, insults and shouting in ``text``, in reading order.

    ``quoted=True`` says the whole text is someone else's words (see the module docstring).
    ``lang`` ("fr", "ar"; None: the toolkit's language) picks the patterns (English when the
    language has none).
    """
    if not text or not text.strip():
        return []
    lang = pick_language(lang)
    # Same length in and out (straight quotes, folded digits and accents): places stay put.
    plain = fold(text.translate(_STRAIGHT), accents=bool(_data(lang).get("fold_accents")))
    # Patterns read the text with phone spellings written out ("wat" -> "what"); ``where``
    # takes a place in that text back to its place in the learner's own words.
    norm, where = _without_marks(*_spelled_out(plain, _spellings(lang)))
    low = norm.lower()
    quotes = [] if quoted else _quoted_spans(plain, lang)
    denied = _quoting(lang).get("denial")
    found: list[tuple[int, int, int, Any]] = []  # (start, end, rank, _Rule or _Cue or None)
    for rule in _rules(lang):
        rank = KINDS.index(rule.kind) if rule.kind in KINDS else len(KINDS)
        for match in rule.finditer(norm, low):
            start, end = match.span()
            # Patterns anchored on a sentence start may take the full stop before it: skip it.
            while start < end and not norm[start].isalnum():
                start += 1
            while end > start and norm[end - 1] in " ,;:":
                end -= 1
            if end <= start:
                continue
            start, end = where[start], where[end - 1] + 1
            if rule.kind == "insult" and (
                _NOT_SO.search(plain, max(0, start - 25), start)
                or (denied and denied.search(plain, max(0, start - 25), start))
            ):
                continue  # "You're not stupid for asking": the insult is denied
            if quoted or not _reported(plain, start, quotes, lang):
                found.append((start, end, rank, rule))
    if not found:
        # No pattern knows these words: the cues learned from the corpora give a second opinion
        # on wordings no list holds ("Would be a shame if that stall caught fire one night").
        second = cues.hostile_sentence(plain, lang=lang, skip=quotes)
        if second is not None:
            start, end, kind = second
            rank = KINDS.index(kind) if kind in KINDS else len(KINDS)
            found.append((start, end, rank, _Cue(kind, _CUE_WHY.get(kind, kind), kind)))
    for start, end in _shouting(plain, _glad_words(lang)):
        if quoted or not _reported(plain, start, quotes, lang):
            found.append((start, end, KINDS.index("shouting"), None))
    return _keep_best(text, found, quoted=quoted)


class _Cue:
    """What the cue layer found, read by ``_keep_best`` like a pattern rule."""

    def __init__(self, kind: str, why: str, hint: str) -> None:
        self.kind, self.why, self.hint = kind, why, hint


# A threat the cues find is a veiled one: a direct threat has words a pattern knows.
_CUE_WHY = {"threat": "veiled"}


def _keep_best(text: str, found: list[tuple[int, int, int, Any]], *, quoted: bool) -> list[Finding]:
    # One finding per stretch of words: where two overlap, keep the more serious (then longer).
    found.sort(key=lambda f: (f[2], -(f[1] - f[0]), f[0]))
    # Shouting is about the letters, not the words: it may overlap a threat and is kept too.
    kept: list[tuple[int, int, int, Any]] = []
    for item in found:
        start, end, _rank, rule = item
        if any(start < e and s < end and (r is None) == (rule is None) for s, e, _r, r in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda f: f[0])
    findings = []
    for start, end, _rank, rule in kept:
        kind = rule.kind if rule else "shouting"
        why_key = rule.why if rule else "shouting"
        hint_key = "report" if quoted and kind in _REPORT_KINDS else (rule.hint if rule else kind)
        findings.append(
            Finding(
                kind=kind,
                words=text[start:end],
                start=start,
                end=end,
                why=_(_SENTENCES[f"why.{why_key}"]),
                hint=_(_SENTENCES[f"hint.{hint_key}"]),
            )
        )
    return findings


def label(text: str, *, lang: str | None = None) -> list[Finding]:
    """The findings in someone else's hostile text (a scenario comment, an evidence log)."""
    return find_hostility(text, lang=lang, quoted=True)
