"""Multiple-choice questions for formative checks: every wrong option names the misconception.

Lessons load their questions by id from the quiz bank (``toolkit/quizzes/*.toml``), so the
notebook a learner sees never shows which answer is right; in the toolkit's language when
``toolkit/quizzes/<lang>/`` has the bank (``make translations`` writes it)::

    q1 = quiz("l4-q1")
    q1             # shows the question
    q1.check("B")  # -> Feedback

Defining one in code works too:

q = Quiz(
    "q4-1", "Which post is safest to publish?",
    {
        "A": Option("A post with your street name", "It tells strangers where you live."),
        "B": Option("A post about the issue, with no address", correct=True,
                    why="It shares the issue, not where to find you."),
    },
)
q              # shows the question
q.check("B")   # -> Feedback
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from toolkit.checks.feedback import Feedback
from toolkit.i18n import _
from toolkit.mime import FORM_MIME
from toolkit.safety.lang import pick_language

__all__ = ["Balance", "Option", "Quiz", "balance", "bank_language", "quiz", "quiz_bank"]


@dataclass(frozen=True)
class Option:
    """One answer. For a wrong answer, ``why`` names the misconception it reveals."""

    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True)
class Quiz:
    """A question with lettered options, exactly one of them correct."""

    id: str
    question: str
    options: dict[str, Option] = field(default_factory=dict)

    def __post_init__(self) -> None:
        right = [key for key, option in self.options.items() if option.correct]
        if len(right) != 1:
            msg = f"Quiz {self.id!r} needs exactly one correct option, not {len(right)}."
            raise ValueError(msg)

    @property
    def answer(self) -> str:
        return next(key for key, option in self.options.items() if option.correct)

    def check(self, choice: object) -> Feedback:
        """Feedback on a learner's choice (a letter). Never raises on a wrong or empty answer."""
        key = str(choice).strip().upper().rstrip(".)") if choice is not None else ""
        option = self.options.get(key)
        if option is None:
            letters = ", ".join(self.options)
            return Feedback(
                check=self.id,
                passed=False,
                missing=[_("No answer chosen yet.")],
                hint=_("Choose one letter: {letters}.").format(letters=letters),
            )
        if option.correct:
            return Feedback(check=self.id, passed=True, good=[option.why])
        return Feedback(
            check=self.id,
            passed=False,
            missing=[option.why],
            hint=_("Read the question again and try another answer."),
        )

    def _form_data(self) -> dict[str, Any]:
        return {
            "version": 1,
            "title": self.question,
            "fields": [
                {
                    "label": _("Choose one"),
                    "choices": [f"{key}. {o.text}" for key, o in self.options.items()],
                }
            ],
        }

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li><strong>{escape(key)}.</strong> {escape(o.text)}</li>"
            for key, o in self.options.items()
        )
        return (
            f'<div class="tk-quiz" role="group" aria-label="{escape(self.id)}">'
            f'<p><strong>{escape(self.question)}</strong></p><ol style="list-style:none">'
            f"{items}</ol></div>"
        )

    def __str__(self) -> str:
        lines = [self.question]
        lines += [f"  {key}. {o.text}" for key, o in self.options.items()]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/plain": str(self),
            "text/html": self._repr_html_(),
            FORM_MIME: self._form_data(),
        }


def bank_language(lang: str | None = None) -> str:
    """The language the quiz bank is read in: ``lang`` ("fr_FR" -> "fr"), else the toolkit's
    (``set_language`` or ``TOOLKIT_LANG``); English when the package has no bank in it."""
    code = pick_language(lang)
    # Only a plain language code names a folder: a stray TOOLKIT_LANG never becomes a path.
    if code == "en" or not re.fullmatch(r"[a-z]{2,3}", code):
        return "en"
    return code if (resources.files("toolkit") / "quizzes" / code).is_dir() else "en"


def quiz_bank(lang: str | None = None) -> dict[str, Quiz]:
    """Every question of the quiz bank by id, in ``lang`` (default: the toolkit's language).

    A translated bank is ``toolkit/quizzes/<lang>/<name>.toml`` (written by ``make
    translations``); a bank not translated yet is read in English."""
    return _read_bank(bank_language(lang))


@cache  # per language: set_language may change the language while a kernel runs
def _read_bank(lang: str) -> dict[str, Quiz]:
    found: dict[str, Quiz] = {}
    folder = resources.files("toolkit") / "quizzes"
    for english in sorted(folder.iterdir(), key=lambda f: f.name):
        if not english.name.endswith(".toml"):
            continue
        translated = folder / lang / english.name
        item = translated if lang != "en" and translated.is_file() else english
        data = tomllib.loads(item.read_text(encoding="utf-8"))
        for entry in data.get("quiz", []):
            if entry["id"] in found:
                msg = f"Quiz id {entry['id']!r} appears twice in the quiz bank ({item.name})."
                raise ValueError(msg)
            options = {
                key: Option(o["text"], o["why"], bool(o.get("correct", False)))
                for key, o in entry["options"].items()
            }
            found[entry["id"]] = Quiz(entry["id"], entry["question"], options)
    return found


@dataclass(frozen=True)
class Balance:
    """How guessable a set of questions is: where the right answers sit, and how often the
    right answer is the longest option (test-wise learners pick the longest)."""

    questions: int
    positions: dict[str, int]
    longest: int

    def top_share(self) -> float:
        return max(self.positions.values(), default=0) / self.questions if self.questions else 0.0

    def longest_share(self) -> float:
        return self.longest / self.questions if self.questions else 0.0


def balance(quizzes: Iterable[Quiz]) -> Balance:
    """Count right answers by position, and right answers strictly longer than every other."""
    positions: dict[str, int] = {}
    longest = total = 0
    for item in quizzes:
        total += 1
        for key, option in item.options.items():
            if not option.correct:
                continue
            positions[key] = positions.get(key, 0) + 1
            others = [len(o.text) for k, o in item.options.items() if k != key]
            longest += all(len(option.text) > n for n in others)
    return Balance(total, dict(sorted(positions.items())), longest)


def quiz(quiz_id: str) -> Quiz:
    """A question from the quiz bank by its id, e.g. ``quiz("l4-q1")``, in the toolkit's
    language when the package has its translated bank (else English)."""
    bank = quiz_bank()
    if quiz_id not in bank:
        msg = f"There is no question {quiz_id!r} in the quiz bank (toolkit/quizzes)."
        raise KeyError(msg)
    return bank[quiz_id]
