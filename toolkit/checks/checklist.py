"""Lesson 11: the safety checklist she answers before publishing her capstone story.

Each item is a plain statement; the safe answer is "yes" (``True``) for good habits and "no"
(``False``) for the two risky ones, so ticking everything "yes" does not pass. A wrong answer
names the risk. Learners answer in a ``SortForm`` (one Yes / No row per item), which hands the
check ``{item_id: True, False or None}``; code may pass booleans or "yes" / "no" too.

    from toolkit.checks.checklist import checklist_rows, check_safety_checklist, yes_no_choices
    SortForm(check_safety_checklist, checklist_rows(), yes_no_choices(), title=...)
    check_safety_checklist({"alias": True, "home_details": False, ...})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.checks._base import Problem, checked, sorted_rows
from toolkit.checks.feedback import Feedback
from toolkit.i18n import N_, _

__all__ = [
    "SAFETY_CHECKLIST",
    "ChecklistItem",
    "check_safety_checklist",
    "checklist_rows",
    "yes_no_choices",
]


@dataclass(frozen=True)
class ChecklistItem:
    statement: str  # what she answers yes (True) or no (False) to
    safe: bool  # the safe answer
    risk: str  # what a wrong answer puts at risk (shown when she gets it wrong)

    @property
    def text(self) -> str:
        """The statement in the learner's language."""
        return _(self.statement)


SAFETY_CHECKLIST: dict[str, ChecklistItem] = {
    "alias": ChecklistItem(
        N_("I post under my alias, not my full real name."),
        True,
        N_("Your full name lets strangers find you offline. Use your alias."),
    ),
    "home_details": ChecklistItem(
        N_("My story or signature shows my street, phone number or e-mail."),
        False,
        N_("A street, phone or e-mail tells strangers how to reach you. Take it out."),
    ),
    "consent": ChecklistItem(
        N_("I asked before I used another person's words or photo."),
        True,
        N_("Other people decide about their own words and photos. Ask them first."),
    ),
    "credit": ChecklistItem(
        N_("My quote names the author and links to the full post."),
        True,
        N_("Without a name and a link, readers cannot tell whose words they are."),
    ),
    "verified": ChecklistItem(
        N_("I checked each claim in my story with a second place that did not copy it."),
        True,
        N_(
            "An unchecked claim can spread false news with your name on it. A question or a like"
            ' is not a second source. If you find none, say who said it: "Sokha writes that ..."'
        ),
    ),
    "shared_password": ChecklistItem(
        N_("I gave my password to a friend so she can post for me."),
        False,
        N_("Your password is only for you. Anyone who has it can post as you."),
    ),
    "logout": ChecklistItem(
        N_("I will log out when I finish on a shared computer."),
        True,
        N_("If you stay logged in, the next person can read and post as you."),
    ),
    "support": ChecklistItem(
        N_("I know who I can go to if someone is unkind to me online."),
        True,
        N_("Nobody should face harassment alone. Look at your support map again."),
    ),
}


def checklist_rows() -> dict[str, str]:
    """One row label per checklist item, in the learner's language (for a ``SortForm``)."""
    return {item_id: item.text for item_id, item in SAFETY_CHECKLIST.items()}


def yes_no_choices() -> list[tuple[str, bool]]:
    """The two answers for each row, "Yes" and "No", in the learner's language."""
    return [(_("Yes"), True), (_("No"), False)]


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in ("yes", "y", "true"):
            return True
        if text in ("no", "n", "false"):
            return False
    return None


@checked("safety_checklist")
def check_safety_checklist(answers: Mapping[str, object]) -> Feedback:
    """Check each checklist item is answered the safe way; name the risk of each one that is not."""
    if not isinstance(answers, Mapping):
        raise Problem(
            _("The check could not read your checklist."),
            _("Use the checklist form: choose Yes or No on each line, then press the button."),
        )
    right, missing = sorted_rows(
        (_(item.statement), _yes_no(answers.get(item_id)), item.safe, _(item.risk))
        for item_id, item in SAFETY_CHECKLIST.items()
    )
    good = []
    if right:
        good.append(
            _("{n} of {total} safety points are in place.").format(
                n=right, total=len(SAFETY_CHECKLIST)
            )
        )
    if not missing:
        good.append(_("Your story is ready to publish safely."))
    hint = (
        _("Fix your story or your habits first, then answer the checklist again.")
        if missing
        else None
    )
    return Feedback("safety_checklist", not missing, good, missing, hint)
