"""What could put a learner at risk or hurt someone, for the checks and the forms alike.

One door to :mod:`toolkit.safety` for everything learners write (posts, replies, signatures,
profile fields, quotes), so a form's "before you publish" nudge and the check after it find the
same words and say the same thing: the words, why they matter, and a safer way.

The words found are the learner's own and are shown to her on screen; the progress file keeps
the message with the words left out (``Feedback.private``), since it may be read on a shared
computer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from toolkit.forum.text import POST_BODY
from toolkit.i18n import _
from toolkit.safety import Finding, find_hostility, find_risks

__all__ = [
    "MAX_SCAN",
    "Finding",
    "hurtful",
    "member_names",
    "note",
    "notes",
    "profile_findings",
    "risks",
    "words_of",
]

# The forum refuses longer texts; scanning a megabyte before that refusal would only make the
# learner wait for an error.
MAX_SCAN = POST_BODY.max

# A field's own detail is expected in it (a phone number in "phone"): there only who sees it
# matters, and the privacy check already asks that it is not public.
_OWN_KIND = {"phone": "phone", "email": "email"}


def member_names(forum: Any) -> list[str]:
    """Display names and handles of the forum's members: naming them is not a risk."""
    if forum is None:
        return []
    names: list[str] = []
    for m in forum.members():
        names += [m.handle, m.display_name]
    return names


def _scannable(text: object) -> str | None:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_SCAN:
        return None
    return text


def risks(text: object, forum: Any = None, *, lang: str | None = None) -> list[Finding]:
    """Risky details in ``text`` (empty for a non-text, an empty text or one the forum refuses).

    ``lang``: the patterns' language ("fr", "ar"); None: the toolkit's current language.
    """
    plain = _scannable(text)
    if plain is None:
        return []
    return find_risks(plain, names=member_names(forum), lang=lang)


def _risks_named(text: str, names: list[str], lang: str | None = None) -> list[Finding]:
    plain = _scannable(text)
    return [] if plain is None else find_risks(plain, names=names, lang=lang)


def hurtful(text: object, *, lang: str | None = None) -> list[Finding]:
    """Threats, silencing, contempt, insults and shouting in her own ``text`` (``lang`` as in
    :func:`risks`)."""
    plain = _scannable(text)
    return [] if plain is None else find_hostility(plain, lang=lang)


def profile_findings(
    profile: Mapping[str, tuple[str, str]], forum: Any = None, *, lang: str | None = None
) -> list[tuple[str, Finding]]:
    """(field, finding) for each risky detail in a profile field other people can see.

    ``profile`` maps a field name to ``(value, visibility)``, as ``Forum.profile`` returns it.
    A field only she can see ("only_me") is never risky; a phone number in the "phone" field
    is risky only when it is public.
    """
    found: list[tuple[str, Finding]] = []
    names = member_names(forum)  # read the members once, not once per field
    for name, (value, visibility) in profile.items():
        if visibility == "only_me":
            continue
        for finding in _risks_named(str(value), names, lang):
            if _OWN_KIND.get(name) == finding.kind and visibility != "public":
                continue
            found.append((name, finding))
    return found


def note(finding: Finding, where: str | None = None) -> str:
    """One line for a check or a form: the words, why they matter (``where`` names the field)."""
    if where:
        # "says" rather than a colon: two short sentences read more easily than one long one.
        return _("{where} says “{words}”. {why}").format(
            where=where, words=finding.words, why=finding.why
        )
    return _("“{words}”. {why}").format(words=finding.words, why=finding.why)


def notes(findings: Iterable[Finding], where: str | None = None) -> list[str]:
    """One line per finding, in reading order."""
    return [note(f, where) for f in findings]


def words_of(findings: Iterable[Finding] | Iterable[tuple[str, Finding]]) -> tuple[str, ...]:
    """The exact words found, for ``Feedback.private`` (left out of the progress file)."""
    out: list[str] = []
    for item in findings:
        finding = item[1] if isinstance(item, tuple) else item
        out.append(finding.words)
    return tuple(out)
