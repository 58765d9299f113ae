"""check_claim_decisions: share / hold / ask, with the missed cue named."""

from __future__ import annotations

import pytest

from toolkit.checks.claims import check_claim_decisions, normalise_decision

KEY = {
    "post-5": {"decision": "hold", "cue": "No date: it may be old news."},
    "post-6": {"decision": "share", "cue": "The clinic itself posted it, with a date."},
    "post-7": {"label": "ask", "cue": "Nobody says how they know."},
    "post-8": "hold",
}
RIGHT = {"post-5": "hold", "post-6": "share", "post-7": "ask", "post-8": "hold"}


@pytest.mark.parametrize(
    "answers",
    [
        RIGHT,
        {"post-5": "Hold", "post-6": " SHARE ", "post-7": "ask for a source", "post-8": "wait"},
        {"#post-5": "hold", "post-6": "share", "post-7": "Ask for a source", "post-8": "hold"},
    ],
)
def test_good_answers_pass(answers: dict[str, str]) -> None:
    result = check_claim_decisions(answers, KEY)
    assert result.passed, result.missing
    assert result.good == ["You made a good choice for 4 of 4 posts."]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({**RIGHT, "post-5": "share"}, "The clue you missed: No date: it may be old news."),
        ({**RIGHT, "post-7": "share"}, "The clue you missed: Nobody says how they know."),
        (
            {**RIGHT, "post-8": "share"},
            'post-8: you chose "share", but the better choice is "hold".',
        ),
        ({k: v for k, v in RIGHT.items() if k != "post-6"}, "post-6: you have not decided yet."),
        ({**RIGHT, "post-6": ""}, "post-6: you have not decided yet."),
        # A SortForm row left empty arrives as None.
        ({**RIGHT, "post-6": None}, "post-6: you have not decided yet."),
        ({**RIGHT, "post-6": "maybe"}, '"maybe" is not one of the choices'),
    ],
)
def test_bad_answers_name_the_problem(answers: dict[str, str], expected: str) -> None:
    result = check_claim_decisions(answers, KEY)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    assert result.hint


@pytest.mark.parametrize(
    ("answers", "key"), [(None, KEY), ("hold", KEY), (RIGHT, {}), (RIGHT, None)]
)
def test_wrong_shapes_never_raise(answers: object, key: object) -> None:
    result = check_claim_decisions(answers, key)  # type: ignore[arg-type]
    assert not result.passed
    assert result.missing


def test_post_objects_work_as_keys() -> None:
    class FakePost:
        anchor = "post-5"

    result = check_claim_decisions({FakePost(): "hold"}, {"post-5": "hold"})  # type: ignore[dict-item]
    assert result.passed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("share", "share"),
        ("Don’t share", "hold"),
        ("ASK", "ask"),
        ("", ""),
        ("no idea", None),
        (3, None),
    ],
)
def test_normalise_decision(value: object, expected: str | None) -> None:
    assert normalise_decision(value) == expected


def test_the_lesson_form_runs_the_check() -> None:
    """Lesson 10's SortForm hands the check {title: decision or None}; the key is by title."""
    from functools import partial

    from toolkit.forum.scenarios import CLAIMS_KEY
    from toolkit.widgets import SortForm

    form = SortForm(
        partial(check_claim_decisions, key=CLAIMS_KEY),
        {title: title for title in CLAIMS_KEY},
        [("Share", "share"), ("Hold", "hold"), ("Ask for a source", "ask")],
        title="Share, hold or ask?",
    )
    form._on_submit()
    assert not form.feedback.passed
    assert len(form.feedback.missing) == len(CLAIMS_KEY)
    for title, row in form.rows.items():
        row.value = CLAIMS_KEY[title]["decision"]
    form.rows["The river bridge fell down"].value = "share"
    form._on_submit()
    assert not form.feedback.passed
    [line] = form.feedback.missing
    assert line.startswith('The river bridge fell down: you chose "share"')
    assert "reverse image search" in line
    form.rows["The river bridge fell down"].value = "hold"
    form._on_submit()
    assert form.feedback.passed
