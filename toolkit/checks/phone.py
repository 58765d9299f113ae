"""Lesson 8: a phone check-up. For each setting of a made-up phone: keep it, or change it?

Each setting is a plain sentence about how the phone is set now. Some are safe as they are and
some give something away (where she is, her messages, when she is online), so "change
everything" does not pass, and neither does "keep everything". A wrong answer says what the
setting gives away, or why it is fine. The same check works on paper: the form prints as a
list with two boxes per line.

    from toolkit.checks.phone import check_phone_checkup, keep_change_choices, phone_rows
    SortForm(check_phone_checkup, phone_rows(), keep_change_choices(), title="Rosa's phone")
    check_phone_checkup({"camera_place": "change", ...})            # Rosa's phone (the lesson)
    check_phone_checkup({"group_invites": "change", ...}, phone="amina")   # the exercise
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from toolkit.checks._base import Problem, checked, sorted_rows
from toolkit.checks.feedback import Feedback
from toolkit.i18n import N_, _

__all__ = [
    "CHANGE",
    "KEEP",
    "PHONES",
    "PhoneSetting",
    "check_phone_checkup",
    "keep_change_choices",
    "phone_check",
    "phone_rows",
]

KEEP = "keep"
CHANGE = "change"


@dataclass(frozen=True)
class PhoneSetting:
    statement: str  # how the phone is set now, in plain words
    keep: bool  # True: safe as it is; False: she should change it
    why: str  # said when she answers the other way: what it gives away, or why it is fine

    @property
    def text(self) -> str:
        """The statement in the learner's language."""
        return _(self.statement)

    @property
    def answer(self) -> str:
        """The safe answer, as the form gives it: "keep" or "change"."""
        return KEEP if self.keep else CHANGE


# Made-up phones of the course's cast: Rosa (lesson 8) and Amina (its exercise).
PHONES: dict[str, dict[str, PhoneSetting]] = {
    "rosa": {
        "camera_place": PhoneSetting(
            N_("The camera saves the place where each photo was taken."),
            False,
            N_(
                "A photo can show a stranger where it was taken, even at home. "
                "Turn off location in the camera's settings."
            ),
        ),
        "maps_while_using": PhoneSetting(
            N_("The maps app may use her location only while she uses it."),
            True,
            N_(
                "A maps app needs her location to show the way. "
                '"Only while using the app" is a fair choice.'
            ),
        ),
        "live_location": PhoneSetting(
            N_("She shared her live location in a group chat last week. It is still on."),
            False,
            N_("Live location shows everyone in the chat where she is, all day. Stop sharing it."),
        ),
        "torch_app": PhoneSetting(
            N_("A torch app can use her contacts and her microphone."),
            False,
            N_(
                "A torch does not need her contacts or her microphone. "
                "Take those permissions away, or remove the app."
            ),
        ),
        "screen_lock": PhoneSetting(
            N_("Her phone locks itself with a six-digit PIN."),
            True,
            N_("A PIN stops other people from opening her phone. Keep it, and keep it secret."),
        ),
        "lock_previews": PhoneSetting(
            N_("New messages show their full text on the lock screen."),
            False,
            N_(
                "Anyone who picks up the phone can read them without the PIN. "
                "Hide the text of messages on the lock screen."
            ),
        ),
        "last_seen": PhoneSetting(
            N_("Everyone who has her number can see when she was last online."),
            False,
            N_(
                '"Last seen" tells people when she is awake and on her phone. '
                "Choose My contacts or Nobody."
            ),
        ),
        "profile_photo": PhoneSetting(
            N_("Only her contacts can see her profile photo."),
            True,
            N_("Contacts only is a safe choice: a stranger with her number cannot see her face."),
        ),
    },
    "amina": {
        "group_invites": PhoneSetting(
            N_("Anyone with her number can add her to a group chat."),
            False,
            N_(
                "A stranger can put her in a group, and everyone there sees her number. "
                "Choose My contacts."
            ),
        ),
        "photo_details": PhoneSetting(
            N_("Before she shares a photo, she opens its details to look for a place."),
            True,
            N_("This is a good habit: she sees if the photo tells where it was taken."),
        ),
        "no_lock": PhoneSetting(
            N_("Her phone has no screen lock at all."),
            False,
            N_("Anyone who picks it up can read her messages and see her photos. Set a PIN."),
        ),
        "screenshot": PhoneSetting(
            N_("To share a photo without its place, she sends a screenshot of it."),
            True,
            N_("A screenshot does not carry the place where the first photo was taken."),
        ),
        "game_location": PhoneSetting(
            N_("A game can use her location all the time, even when it is closed."),
            False,
            N_("A game does not need to know where she is. Set its location to Don't allow."),
        ),
        "hidden_text": PhoneSetting(
            N_("The lock screen shows only the app's name for a new message, not the text."),
            True,
            N_("Good: a person who picks up the phone cannot read her messages."),
        ),
    },
}


def _phone(phone: str) -> dict[str, PhoneSetting]:
    if phone not in PHONES:
        raise Problem(
            _("There is no phone check-up called {phone}.").format(phone=phone),
            _("Run the setup cell at the top of the notebook, then this cell again."),
        )
    return PHONES[phone]


def phone_rows(phone: str = "rosa") -> dict[str, str]:
    """One row label per setting, in the learner's language (for a ``SortForm``)."""
    return {key: setting.text for key, setting in PHONES[phone].items()}


def keep_change_choices() -> list[tuple[str, str]]:
    """The two answers for each row, "Keep it" and "Change it", in the learner's language."""
    return [(_("Keep it"), KEEP), (_("Change it"), CHANGE)]


def _choice(value: object) -> str | None:
    # The form gives "keep" or "change"; code may say "Keep it", "CHANGE" and so on.
    if not isinstance(value, str):
        return None
    text = value.strip().casefold()
    for label, answer in keep_change_choices():
        if text in (answer, f"{answer} it", label.casefold()):
            return answer
    return None


@checked("phone_checkup")
def check_phone_checkup(answers: Mapping[str, object], phone: str = "rosa") -> Feedback:
    """Check each setting is kept or changed the safe way; say what each wrong one gives away."""
    settings = _phone(phone)
    if not isinstance(answers, Mapping):
        raise Problem(
            _("The check could not read your answers."),
            _("Use the form: choose Keep it or Change it on each line, then press the button."),
        )
    right, missing = sorted_rows(
        (setting.text, _choice(answers.get(key)), setting.answer, _(setting.why))
        for key, setting in settings.items()
    )
    good = []
    if right:
        good.append(
            _("{n} of {total} settings are sorted the safe way.").format(
                n=right, total=len(settings)
            )
        )
    if not missing:
        good.append(_("You know what to keep and what to change on this phone."))
    hint = (
        _("Ask of each line: who can see this, and does the app need it? Then choose again.")
        if missing
        else None
    )
    return Feedback("phone_checkup", not missing, good, missing, hint)


def phone_check(phone: str) -> Callable[[Mapping[str, object]], Feedback]:
    """The check for one made-up phone, for a form: ``SortForm(phone_check("amina"), ...)``."""
    return functools.partial(check_phone_checkup, phone=phone)
