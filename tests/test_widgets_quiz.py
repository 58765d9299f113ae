"""QuizForm driven headlessly: choose, click, read the feedback card."""

from __future__ import annotations

from toolkit.checks.quiz import Option, Quiz
from toolkit.widgets import QuizForm

QUIZ = Quiz(
    "w-q1",
    "Which draft is safest to publish?",
    {
        "A": Option(
            "A post with your street name", "A street name tells strangers where you live."
        ),
        "B": Option(
            "A post about the issue, no address", "It shares the issue only.", correct=True
        ),
    },
)


def test_no_choice_then_wrong_then_right() -> None:
    form = QuizForm(QUIZ)
    form.submit.click()
    assert "Not yet" in form.status.value
    assert "No answer" in form.status.value
    form.choice.value = "A"
    form.submit.click()
    assert not form.feedback.passed
    assert "street name tells strangers" in form.status.value
    form.choice.value = "B"
    form.submit.click()
    assert form.feedback.passed
    assert "Well done" in form.status.value


def test_static_snapshot_lists_the_options() -> None:
    bundle = QuizForm(QUIZ)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "A. A post with your street name" in bundle["text/html"]
    assert bundle["application/vnd.toolkit.form+json"]["fields"][0]["choices"][1].startswith("B.")
