"""Lesson 3: a passphrase from dice, 2-step login (simulated) and logging out of a shared computer.

Nothing here is random and nothing is saved: the learner rolls real dice and types the numbers,
and ``check_passphrase`` never repeats, stores or records the phrase itself (its feedback names
only what is good or missing, so the progress file holds no secret).

The word list is a *practice* list of 36 words (two dice per word). It is big enough to learn the
method in class and far too small for a real account: for that, learners use a long printed list
(five dice per word) at home.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from toolkit.checks._base import Problem, checked, words
from toolkit.checks.feedback import Feedback
from toolkit.i18n import N_, _

__all__ = [
    "DEMO_CODE",
    "DICE_WORDS",
    "EXAMPLE_ROLLS",
    "LOGOUT_STEPS",
    "MIN_CHARACTERS",
    "MIN_WORDS",
    "DiceWords",
    "PhoneMessage",
    "check_dice_passphrase",
    "check_login_code",
    "check_logout_drill",
    "check_passphrase",
    "dice_words",
    "logout_options",
    "phone_message",
]

MIN_WORDS = 4
MIN_CHARACTERS = 20

# Two dice per word: first die, then second die. Short, common, easy to spell, easy to picture.
DICE_WORDS: dict[str, str] = {
    "11": "apple", "12": "bench", "13": "candle", "14": "drum", "15": "eagle", "16": "feather",
    "21": "garden", "22": "honey", "23": "island", "24": "jacket", "25": "kettle", "26": "lemon",
    "31": "mango", "32": "needle", "33": "orange", "34": "pepper", "35": "quilt", "36": "river",
    "41": "salt", "42": "tiger", "43": "umbrella", "44": "violin", "45": "window", "46": "yogurt",
    "51": "anchor", "52": "basket", "53": "cloud", "54": "dolphin", "55": "forest", "56": "ginger",
    "61": "ladder", "62": "mirror", "63": "pillow", "64": "rocket", "65": "spoon", "66": "turtle",
}  # fmt: skip

# The worked example printed in the lesson. Printed means public: the check refuses it.
EXAMPLE_ROLLS = "53 36 46 61"

# Phrases and passwords everybody tries first (compared without spaces, case or punctuation).
_COMMON = (
    "password", "password1", "passw0rd", "iloveyou", "letmein", "welcome", "qwerty",
    "qwertyuiop", "abc123", "123456", "12345678", "123456789", "111111", "admin", "monkey",
    "sunshine", "princess", "football", "dragon", "baseball", "trustno1", "changeme",
    "correct horse battery staple", "the quick brown fox jumps over the lazy dog",
    "to be or not to be", "i love you", "i love you so much", "let me in please",
    "this is my password", "my password is secret", "open sesame", "happy birthday to you",
    "once upon a time", "god is great", "thank you very much", "good morning to you",
)  # fmt: skip

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?!\d)")
_DIGIT_RUN = re.compile(r"\d{4,}")


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _example_phrase() -> str:
    return " ".join(DICE_WORDS[pair] for pair in EXAMPLE_ROLLS.split())


_COMMON_SQUASHED = frozenset(_squash(p) for p in _COMMON)


# ------------------------------------------------------------------------------------- dice
@dataclass(frozen=True)
class DiceWords:
    """The words that a list of dice rolls picks from the practice list, shown as a small table."""

    pairs: tuple[tuple[str, str], ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def phrase(self) -> str:
        return " ".join(word for _roll, word in self.pairs)

    def __str__(self) -> str:
        lines = [f"{roll} -> {word}" for roll, word in self.pairs]
        lines += [f"! {p}" for p in self.problems]
        if self.pairs:
            lines.append(_("Your practice passphrase: {phrase}").format(phrase=self.phrase))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{escape(roll[0])} and {escape(roll[1])}</td><td>{escape(word)}</td></tr>"
            for roll, word in self.pairs
        )
        parts = ['<div class="tk-dice" dir="auto">']
        if rows:
            dice, word = escape(_("Dice")), escape(_("Word"))
            parts.append(
                f"<table><thead><tr><th>{dice}</th><th>{word}</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>"
            )
        parts += [f"<p><strong>!</strong> {escape(p)}</p>" for p in self.problems]
        if self.pairs:
            yours = escape(_("Your practice passphrase:"))
            parts.append(f"<p>{yours} <strong>{escape(self.phrase)}</strong></p>")
        parts.append("</div>")
        return "".join(parts)


def dice_words(rolls: object) -> DiceWords:
    """Turn dice numbers into practice words: "53 36 46 61" -> cloud river yogurt ladder.

    Read two dice per word. Spaces and commas do not matter. Never raises: a number that is
    not on a die, or a roll without its partner, is named in ``problems``.
    """
    digits = re.sub(r"\D", "", str(rolls or ""))
    problems: list[str] = []
    bad = sorted({d for d in digits if d not in "123456"})
    if bad:
        problems.append(
            _("A die shows 1 to 6 only. These numbers were left out: {numbers}.").format(
                numbers=", ".join(bad)
            )
        )
    digits = "".join(d for d in digits if d in "123456")
    if len(digits) % 2:
        problems.append(_("The last number has no partner. Roll the second die for it."))
        digits = digits[:-1]
    if not digits and not problems:
        problems.append(_('Type your dice numbers in the box, like "53 36".'))
    pairs = tuple(
        (digits[i : i + 2], DICE_WORDS[digits[i : i + 2]]) for i in range(0, len(digits), 2)
    )
    return DiceWords(pairs, tuple(problems))


# ------------------------------------------------------------------------------------- passphrase
@checked("passphrase")
def check_passphrase(phrase: object, *, avoid: Iterable[str] = ()) -> Feedback:
    """Check a practice passphrase: 4+ words, 20+ characters, not common, no years or dates.

    ``avoid``: names or places that must not be in it (a persona's name and town, for example).
    The phrase is never repeated in the feedback, stored or recorded.
    """
    if isinstance(phrase, DiceWords):
        phrase = phrase.phrase
    if not isinstance(phrase, str) or not phrase.strip():
        raise Problem(
            _("Type your practice passphrase first."),
            _("Roll the dice, find your words, then type them with spaces between them."),
        )
    return _passphrase_feedback(phrase, avoid)


def _passphrase_feedback(phrase: str, avoid: Iterable[str] = ()) -> Feedback:
    """The passphrase rules, shared by both checks (only the decorated ones record progress)."""
    text = " ".join(phrase.split())
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []
    found = words(text)

    if len(found) >= MIN_WORDS:
        good.append(_("It has {n} words or more.").format(n=MIN_WORDS))
    else:
        missing.append(_("It has fewer than {n} words.").format(n=MIN_WORDS))
        hints.append(
            _("Roll the dice again and add words until you have {n} or more.").format(n=MIN_WORDS)
        )
    if len(text) >= MIN_CHARACTERS:
        good.append(_("It is long: {n} characters or more.").format(n=MIN_CHARACTERS))
    else:
        missing.append(_("It is shorter than {n} characters.").format(n=MIN_CHARACTERS))
        hints.append(_("Add one more word. Long is strong."))

    squashed = _squash(text)
    if squashed in _COMMON_SQUASHED:
        missing.append(_("It is a phrase that many people use. Others try it first."))
        hints.append(_("Use dice to choose the words. Dice do not follow habits."))
    elif squashed == _squash(_example_phrase()):
        missing.append(_("It is the example from the lesson. Everyone has seen it."))
        hints.append(_("Roll your own dice and use your own words."))
    else:
        good.append(_("It is not a common phrase."))

    if _YEAR.search(text) or _DATE.search(text) or _DIGIT_RUN.search(text):
        missing.append(
            _(
                "It has numbers that look like a year, a date or a phone number. "
                "People can guess those."
            )
        )
        hints.append(_("Take the numbers out. Words from dice are enough."))
    else:
        good.append(_("It has no year, date or phone number in it."))

    lowered = [w.casefold() for w in found]
    if len(lowered) > 1 and len(set(lowered)) == 1:
        missing.append(_("It uses the same word again and again."))
        hints.append(_("Roll the dice for each word. Each word should be new."))

    avoid_parts = {
        part
        for item in avoid
        if isinstance(item, str)
        for part in words(item.casefold())
        if len(part) >= 3
    }
    if avoid_parts:
        if avoid_parts & set(lowered) or any(p in squashed for p in avoid_parts):
            missing.append(_("It has a name or a place in it. People who know you can guess it."))
            hints.append(_("Leave out names and places. Use only words from the dice."))
        else:
            good.append(_("It has no name or place in it."))

    return Feedback("passphrase", not missing, good, missing, hints[0] if hints else None)


@checked("dice_passphrase")
def check_dice_passphrase(rolls: object) -> Feedback:
    """The form's check: dice numbers ("35 22 64 15") -> practice words -> the passphrase rules.

    Unlike ``check_passphrase`` it shows her words, because she typed only numbers and needs
    them to write down; they are ``private``, so the progress file keeps "…" instead.
    """
    found = dice_words(rolls)
    if not found.pairs:
        raise Problem(
            found.problems[0] if found.problems else _("Type your dice numbers first."),
            _("Read the two dice of each roll, first die first, like 35 for 3 and 5."),
        )
    result = _passphrase_feedback(found.phrase)
    result.check = "dice_passphrase"
    # Last, so a one-line summary (the grader's table) names a rule, not her words.
    result.good.append(_("Your dice give these words: {phrase}.").format(phrase=found.phrase))
    # A number left out (a 7, a roll without its partner) is named before anything else.
    result.missing[:0] = list(found.problems)
    result.passed = not result.missing
    result.private = (found.phrase,)
    return result


# ------------------------------------------------------------------------------------- 2-step login
DEMO_CODE = "417263"
DEMO_SENDER = "Riverside Forum"


@dataclass(frozen=True)
class PhoneMessage:
    """A pretend text message on a phone, as a forum would send for 2-step login (never sent)."""

    sender: str
    code: str

    @property
    def text(self) -> str:
        spaced = f"{self.code[:3]} {self.code[3:]}"
        return _(
            "Your login code is {code}. It works for 5 minutes. Do not share this code with "
            "anyone. We will never ask you for it."
        ).format(code=spaced)

    def __str__(self) -> str:
        phone = _("Phone")
        return f"[{phone}] {self.sender}: {self.text}"

    def _repr_html_(self) -> str:
        label = escape(_("A pretend phone screen (practice only)"))
        return (
            f'<figure class="tk-phone" role="img" aria-label="{label}" '
            'style="border:2px solid #444;border-radius:14px;padding:.6em .9em;'
            'max-width:18em;margin:.5em 0">'
            f"<figcaption><small>{label}</small></figcaption>"
            f"<p><strong>{escape(self.sender)}</strong></p><p>{escape(self.text)}</p></figure>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def phone_message() -> PhoneMessage:
    """The practice message with the login code (always the same code: this is a demo)."""
    return PhoneMessage(DEMO_SENDER, DEMO_CODE)


@checked("login_code")
def check_login_code(code: object) -> Feedback:
    """Step 2 of the practice login: did she type the code from the pretend phone?"""
    digits = re.sub(r"\D", "", str(code or ""))
    if not digits:
        raise Problem(
            _("Type the code from the pretend phone in the box."),
            _("Look at the phone message above. The code has six numbers."),
        )
    if digits == DEMO_CODE:
        return Feedback(
            "login_code",
            True,
            [
                _("You typed the code from the phone. The forum lets you in."),
                _("A thief who knew only your password would be stopped here."),
            ],
        )
    return Feedback(
        "login_code",
        False,
        [],
        [_("This is not the code on the phone.")],
        _("Read the six numbers on the phone again, slowly. Spaces do not matter."),
    )


# --------------------------------------------------------------------------------- log-out drill
@dataclass(frozen=True)
class Step:
    text: str
    needed: bool
    why: str


# Letters are fixed: the lesson and the handout print the same list.
LOGOUT_STEPS: dict[str, Step] = {
    "A": Step(
        N_('Press "Log out" on the forum before you leave.'),
        True,
        N_('Press "Log out" on the forum: this ends your session.'),
    ),
    "B": Step(
        N_("Close only the tab. That logs you out."),
        False,
        N_("Closing a tab does not log you out. The next person can open the forum as you."),
    ),
    "C": Step(
        N_('Say "No" when the browser offers to save your password.'),
        True,
        N_('Say "No" when the browser offers to save your password.'),
    ),
    "D": Step(
        N_("Close every browser window when you finish."),
        True,
        N_("Close every browser window: this clears what the browser still remembers."),
    ),
    "E": Step(
        N_('Tick "Remember me" so that next time is quicker.'),
        False,
        N_('"Remember me" keeps you logged in for the next person who sits down.'),
    ),
    "F": Step(
        N_("Delete files you downloaded, and empty the bin."),
        True,
        N_("Delete files you downloaded, and empty the bin: others can open them."),
    ),
    "G": Step(
        N_("Leave the forum open so a friend can use it after you."),
        False,
        N_(
            "Your friend would be using your account. Anything she posts looks like it is from you."
        ),
    ),
    "H": Step(
        N_("Open a private window before you log in."),
        True,
        N_(
            "A private window forgets your history and your login when you close it. "
            "It does not delete downloads or hide what you type from a spy program."
        ),
    ),
    "I": Step(
        N_("Do your banking there too, since you will log out after."),
        False,
        N_(
            "A shared computer may have a hidden program that records every key you press. "
            "Logging out does not stop it. Do your banking on a device you trust."
        ),
    ),
}


def logout_options() -> dict[str, str]:
    """The steps of the drill as the form shows them: {"A": "Press Log out ...", ...}."""
    return {letter: _(step.text) for letter, step in LOGOUT_STEPS.items()}


def _letters(choices: object) -> list[str]:
    if isinstance(choices, str):
        raw = re.findall(r"[A-Za-z]", choices)
    elif isinstance(choices, Iterable):
        raw = [str(c).strip() for c in choices]
    else:
        raw = []
    return sorted({c.upper() for c in raw if c.strip()})


@checked("logout_drill")
def check_logout_drill(choices: object) -> Feedback:
    """Which steps keep her safe on a shared computer? ``choices``: letters, like "A C D F"."""
    picked = _letters(choices)
    if not picked:
        raise Problem(
            _('Choose the safe steps first: tick them, or type their letters, like "A B".'),
        )
    unknown = [c for c in picked if c not in LOGOUT_STEPS]
    good: list[str] = []
    missing: list[str] = []
    for letter, step in LOGOUT_STEPS.items():
        why = _(step.why)
        if step.needed and letter in picked:
            good.append(f"{letter}. {why}")
        elif step.needed:
            missing.append(_("You missed step {letter}. {why}").format(letter=letter, why=why))
        elif letter in picked:
            missing.append(_("Step {letter} is not safe. {why}").format(letter=letter, why=why))
    if unknown:
        missing.append(
            _("There is no step {letters}. Use the letters A to {last}.").format(
                letters=", ".join(unknown), last=list(LOGOUT_STEPS)[-1]
            )
        )
    hint = _("Read each step and ask: could the next person use my account?") if missing else None
    return Feedback("logout_drill", not missing, good, missing, hint)
