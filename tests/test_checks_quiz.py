"""Quiz: each wrong option explains its misconception; the right one passes; nothing raises."""

from __future__ import annotations

import pytest

from toolkit.checks.quiz import Option, Quiz

QUIZ = Quiz(
    "t-q1",
    "Which draft is safest to publish?",
    {
        "A": Option(
            "A post with your street name", "A street name tells strangers where you live."
        ),
        "B": Option(
            "A post about the issue, no address", "It shares the issue only.", correct=True
        ),
        "C": Option("A photo of your neighbour's child", "A child's photo needs a parent's yes."),
    },
)


@pytest.mark.parametrize(
    ("answer", "passed", "says"),
    [
        pytest.param("B", True, "shares the issue", id="right-letter"),
        pytest.param(" b. ", True, "shares the issue", id="right-letter-sloppy"),
        pytest.param("A", False, "street name tells strangers", id="wrong-A-names-misconception"),
        pytest.param("C", False, "parent's yes", id="wrong-C-names-misconception"),
        pytest.param(None, False, "No answer", id="no-answer"),
        pytest.param("Z", False, "No answer", id="not-an-option"),
        pytest.param(3, False, "No answer", id="not-text"),
    ],
)
def test_check(answer: object, passed: bool, says: str) -> None:
    feedback = QUIZ.check(answer)
    assert feedback.passed is passed
    assert says in str(feedback)


def test_needs_exactly_one_correct_option() -> None:
    with pytest.raises(ValueError, match="exactly one correct"):
        Quiz("bad", "?", {"A": Option("x", "y"), "B": Option("z", "w")})


def test_displays_question_and_every_option_as_html_and_form_data() -> None:
    bundle = QUIZ._repr_mimebundle_()
    for key in ("A", "B", "C"):
        assert f"<strong>{key}.</strong>" in bundle["text/html"]
    form = bundle["application/vnd.toolkit.form+json"]
    assert form["title"] == QUIZ.question
    assert len(form["fields"][0]["choices"]) == 3
    assert QUIZ.answer == "B"


def test_quiz_bank_loads_and_every_notebook_question_is_in_it() -> None:
    import re
    from pathlib import Path

    from toolkit.checks.quiz import quiz, quiz_bank

    bank = quiz_bank("en")
    root = Path(__file__).resolve().parent.parent
    used = set()
    for path in [*root.glob("lessons/*.ipynb"), *root.glob("exercises/*.ipynb")]:
        used |= set(re.findall(r'quiz\(\\"([\w-]+)\\"\)', path.read_text(encoding="utf-8")))
    assert used, "lessons load their questions from the bank"
    assert used <= set(bank), sorted(used - set(bank))
    for q in bank.values():
        wrong = [o for o in q.options.values() if not o.correct]
        assert len(wrong) >= 1
        assert all(len(o.why.split()) >= 4 for o in wrong), q.id  # names the misconception
    assert quiz(next(iter(used))).id in bank


def test_unknown_quiz_id_is_a_clear_error() -> None:
    from toolkit.checks.quiz import quiz

    with pytest.raises(KeyError, match="no question 'nope'"):
        quiz("nope")
