"""Lessons 2, 6 and 8: an alias that cannot be linked to her, a safe signature, private settings.

The signature and privacy checks name the words the risk finder found (her own words, shown on
her screen); ``Feedback.private`` keeps them out of the progress file, which may be read on a
shared computer. The alias check never repeats the real name or town it was given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from toolkit.checks._base import Problem, checked, need_forum, need_member
from toolkit.checks.feedback import Feedback
from toolkit.checks.risky import notes as risk_notes
from toolkit.checks.risky import profile_findings, risks, words_of
from toolkit.forum import handles
from toolkit.forum.errors import HandleError
from toolkit.forum.model import MESSAGES_FROM, PROFILE_FIELDS, Member
from toolkit.forum.service import Forum
from toolkit.i18n import N_, _

__all__ = ["check_alias", "check_privacy", "check_signature"]

# Shorter name parts ("Al", "Li") would match inside too many unrelated words.
MIN_NAME_PART = 3
MIN_PHONE_RUN = 4

_FIELD_LABELS = {
    # Said inside a sentence: "Others can see your “About you” text."
    "about": N_("“About you” text"),
    "town": N_("town"),
    "languages": N_("languages"),
    "interests": N_("interests"),
    "website": N_("website"),
    "birth_year": N_("birth year"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
}


# ------------------------------------------------------------------------------------- signature
@checked("signature")
def check_signature(forum: Forum, member: Member | str) -> Feedback:
    """Check her signature: at most four lines, no phone number, e-mail or street address."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    if not me.signature:
        return Feedback(
            "signature",
            False,
            [],
            [_("You have no signature yet.")],
            _(
                "Write a short signature (up to {n} lines): your alias and what you care about, "
                "for example."
            ).format(n=forum.rules.signature_lines),
            learner=me.handle,
        )
    found = risks(me.signature, forum)
    notes = risk_notes(found, _("Your signature"))
    if me.signature.count("\n") + 1 > forum.rules.signature_lines:
        notes.append(
            _("Your signature has more than {n} lines. Keep it short.").format(
                n=forum.rules.signature_lines
            )
        )
    good = [_("You have a signature.")]
    if not notes:
        good.append(_("It is {n} lines or shorter.").format(n=forum.rules.signature_lines))
        good.append(_("It does not say how to reach you, where to find you, or when you are out."))
    hint = None
    if found:
        hint = _("A safer way: {hint} Then save it again.").format(hint=found[0].hint)
    elif notes:
        hint = _("Change it with forum.set_signature(me, ...) and keep only what is safe to share.")
    return Feedback(
        "signature", not notes, good, notes, hint, learner=me.handle, private=words_of(found)
    )


# ------------------------------------------------------------------------------------- alias
def _fold(text: str) -> str:
    """Lower case without accents: "Amélie" and "amelie" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _parts(text: str, minimum: int) -> list[str]:
    return [p for p in re.split(r"[^\w]+|_", _fold(text)) if len(p) >= minimum]


def _year(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if re.fullmatch(r"(?:19|20)\d\d", text) else None


@checked("alias")
def check_alias(
    handle: str,
    *,
    real_name: str | None = None,
    town: str | None = None,
    phone: str | None = None,
    birth_year: int | str | None = None,
) -> Feedback:
    """Warn when the alias contains her real name, town, phone digits or birth year.

    Compared case-insensitively, without accents, and also with digits and underscores taken
    out ("a_m_i_n_a" still contains "amina"). The details are used for this check only.
    """
    if not isinstance(handle, str) or not handle.strip():
        raise Problem(
            _('Type the alias you want to check, in quotation marks, like "river_song".'),
        )
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []
    try:
        handles.validate(handle)
    except HandleError as exc:
        missing.append(exc.message)
    else:
        good.append(_("The forum accepts this alias."))

    folded = _fold(handle)
    letters = re.sub(r"[\d_\W]", "", folded)
    digits = re.sub(r"\D", "", folded)

    def found(values: Iterable[str]) -> bool:
        return any(v in folded or v in letters for v in values)

    if real_name and isinstance(real_name, str):
        if found(_parts(real_name, MIN_NAME_PART)):
            missing.append(_("Your alias contains your real name."))
            hints.append(_("Choose an alias from something you like, not from your name."))
        else:
            good.append(_("Your alias does not contain your real name."))
    if town and isinstance(town, str):
        whole = re.sub(r"\W|_", "", _fold(town))
        if whole and found([whole, *_parts(town, MIN_NAME_PART + 1)]):
            missing.append(_("Your alias contains the name of your town."))
            hints.append(_("Leave your town out: it helps people find where you live."))
        else:
            good.append(_("Your alias does not name your town."))
    if phone is not None and str(phone).strip():
        phone_digits = re.sub(r"\D", "", str(phone))
        runs = re.findall(rf"\d{{{MIN_PHONE_RUN},}}", folded)
        if phone_digits and any(run in phone_digits for run in runs):
            missing.append(_("Your alias contains digits of your phone number."))
            hints.append(_("Use no digits from your phone number in your alias."))
        else:
            good.append(_("Your alias has no digits from your phone number."))
    year = _year(birth_year)
    if year is not None:
        ends_with_short_year = re.search(rf"(?<!\d){year[2:]}_*$", folded) is not None
        if year in digits or ends_with_short_year:
            missing.append(_("Your alias contains your birth year."))
            hints.append(_("Leave your birth year out: it tells people your age."))
        else:
            good.append(_("Your alias does not show your birth year."))
    if not missing and len(good) <= 1:
        hints.append(
            _(
                "To test it fully, give the check your real name and town too "
                "(they are only compared, never saved)."
            )
        )
    return Feedback(
        "alias", not missing, good, missing, hints[0] if hints else None, learner=handle
    )


# ------------------------------------------------------------------------------------- privacy
@checked("privacy")
def check_privacy(
    forum: Forum,
    member: Member | str,
    *,
    private_fields: Iterable[str] = ("phone", "email", "town", "birth_year"),
    messages_from: Iterable[str] = ("trainers", "nobody", "everyone"),
) -> Feedback:
    """Check that fields that reveal where to find her are not public, and who may message her."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    fields = [f for f in private_fields if f in PROFILE_FIELDS]
    allowed = [m for m in messages_from if m in MESSAGES_FROM]
    profile = forum.profile(me, viewer=me)
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []
    public = [f for f in fields if f in profile and profile[f][1] == "public"]
    for name in public:
        missing.append(
            _("Your {field} is public: anyone on the internet can see it.").format(
                field=_(_FIELD_LABELS.get(name, name))
            )
        )
    if public:
        hints.append(
            _(
                'Change who can see it to "members" or "only_me", for example: '
                'forum.set_profile(me, "{field}", value, "only_me").'
            ).format(field=public[0])
        )
    else:
        good.append(_("Details that show where to find you are not public."))
    # Free text others can see ("about you") must not say how to reach her or where she will be.
    risky = [(name, f) for name, f in profile_findings(profile, forum) if name not in public]
    for name, finding in risky:
        missing.append(
            _("Others can see your {field}. {note}").format(
                field=_(_FIELD_LABELS.get(name, name)), note=risk_notes([finding])[0]
            )
        )
    if not risky:
        good.append(_("What others can see does not say how to reach you, or where and when."))
    else:
        field, first = risky[0]
        hints.append(
            _(
                "A safer way: {hint} Or let only you see your {field}: "
                'forum.set_profile(me, "{name}", new_text, "only_me").'
            ).format(hint=first.hint, field=_(_FIELD_LABELS.get(field, field)), name=field)
        )
    if me.messages_from in allowed:
        good.append(_("You chose who may send you messages."))
    else:
        missing.append(_("Your setting for who may send you messages is not a safe choice yet."))
        hints.append(
            _(
                'Choose who may message you: forum.set_privacy(me, messages_from="{choice}").'
            ).format(choice=allowed[0] if allowed else "trainers")
        )
    return Feedback(
        "privacy",
        not missing,
        good,
        missing,
        hints[0] if hints else None,
        learner=me.handle,
        private=words_of(risky),
    )
