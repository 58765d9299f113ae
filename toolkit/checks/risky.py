"""Details that tell a stranger how to reach or find someone: phone, e-mail, street, place + time.

One place for the forms (which ask before saving them) and the checks (which do not pass while
they remain), so a learner sees the same words in both. Like ``safety``, nothing here repeats
the detail it found: only what kind of detail it is and why it is risky.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The forum's own patterns, so the forum's notes and these findings agree.
from toolkit.forum.rules import _EMAIL, _PHONE, _STREET
from toolkit.i18n import N_, _

__all__ = ["RiskyDetail", "beyond_forum_notes", "describe_all", "profile_risks", "risky_details"]

# Regions whose national numbers learners of this course are likely to type; an international
# number (+44 ..., 0044 ...) is found whatever the region.
_REGIONS = ("US", "GB", "FR", "DE", "IN", "KH", "PH", "KE", "NG", "ZA", "IL", "MA", "EG")

# A place she goes to again and again, and a time: together they say where and when to find her.
_PLACE = re.compile(
    r"\b(?:school|college|university|class(?:es)?|work|job|office|shop|stall|market|"
    r"factory|library|church|mosque|temple|synagogue|gym|clinic|hospital|bus stop|station|"
    r"caf[eé]|restaurant|salon|farm|club|park|playground|nursery|kindergarten)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"
    r"|\bevery\s+(?:day|morning|afternoon|evening|night|week|weekend)\b"
    r"|\b(?:mornings|afternoons|evenings|weekdays|weekends)\b"
    r"|\b(?:at|from|until|till|by)\s+\d{1,2}(?:[:.h]\d{2})?\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)\b"
    r"|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RiskyDetail:
    """One kind of risky detail: ``what`` it is and ``why`` it is risky, in plain words."""

    kind: str
    what: str
    why: str

    def note(self) -> str:
        """One sentence for a warning or a check: what was found and why it matters."""
        return _("It shows {what}. {why}").format(what=_(self.what), why=_(self.why))


PHONE = RiskyDetail(
    "phone",
    N_("a phone number"),
    N_("Anyone who reads it can call or text you, at any hour."),
)
EMAIL = RiskyDetail(
    "email",
    N_("an e-mail address"),
    N_("Strangers could write to you, or send you tricks to get your password."),
)
STREET = RiskyDetail(
    "street",
    N_("a street address"),
    N_("It tells people where you live or stay."),
)
PLACE_TIME = RiskyDetail(
    "place_time",
    N_("a place you go to and when"),
    N_("Together, a place and a time tell a stranger where and when to find you."),
)


def _has_phone(text: str) -> bool:
    if _PHONE.search(text):
        return True
    try:
        import phonenumbers
    except ImportError:  # the forum's own pattern above still applies
        return False
    return any(
        True
        for region in _REGIONS
        for _match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
    )


def risky_details(text: str) -> list[RiskyDetail]:
    """The kinds of risky detail in ``text``, in a fixed order (empty when it looks safe)."""
    if not isinstance(text, str) or not text.strip():
        return []
    found: list[RiskyDetail] = []
    if _has_phone(text):
        found.append(PHONE)
    if _EMAIL.search(text):
        found.append(EMAIL)
    if _STREET.search(text):
        found.append(STREET)
    if _PLACE.search(text) and _TIME.search(text):
        found.append(PLACE_TIME)
    return found


def beyond_forum_notes(text: str) -> list[RiskyDetail]:
    """The risky details the forum's own signature notes do not already mention."""
    said = {
        "phone": bool(_PHONE.search(text)),
        "email": bool(_EMAIL.search(text)),
        "street": bool(_STREET.search(text)),
    }
    return [d for d in risky_details(text) if not said.get(d.kind, False)]


# A field's own detail is expected in it (a phone number in "phone"): there only who sees it
# matters, and the privacy check already asks that it is not public.
_OWN_KIND = {"phone": "phone", "email": "email"}


def profile_risks(profile: dict[str, tuple[str, str]]) -> list[tuple[str, RiskyDetail]]:
    """(field, detail) for each risky detail in a profile field that other people can see.

    ``profile`` maps a field name to ``(value, visibility)``, as ``Forum.profile`` returns it.
    A field only she can see ("only_me") is never risky.
    """
    found: list[tuple[str, RiskyDetail]] = []
    for name, (value, visibility) in profile.items():
        if visibility == "only_me":
            continue
        for detail in risky_details(str(value)):
            if _OWN_KIND.get(name) == detail.kind and visibility != "public":
                continue
            found.append((name, detail))
    return found


def describe_all(details: list[RiskyDetail] | list[Any]) -> str:
    """ "a phone number and a street address": the ``what`` of each detail, joined."""
    names = [_(d.what) for d in details]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _("and") + " " + names[-1]
