"""The quiz bank as a whole (toolkit/quizzes/*.toml): a learner cannot pass it by guessing.

Right answers are spread over the positions (no letter above 35% across the course) and the
right answer is not usually the longest option, the two habits test-wise learners exploit.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from toolkit.checks.quiz import Option, Quiz, balance, quiz_bank

BANK = Path(__file__).resolve().parent.parent / "toolkit" / "quizzes"
MAX_POSITION_SHARE = 0.35
MAX_LONGEST_SHARE = 0.40


def _q(right: str, **texts: str) -> Quiz:
    return Quiz("t", "?", {k: Option(t, "why", correct=k == right) for k, t in texts.items()})


def test_balance_counts_positions_and_strictly_longest_right_answers() -> None:
    measured = balance(
        [
            _q("B", A="short", B="the longest one", C="mid one"),
            _q("A", A="same", B="same", C="x"),  # a tie is not "the longest"
            _q("B", A="a", B="bb", C="c"),
        ]
    )
    assert measured.positions == {"A": 1, "B": 2}
    assert measured.longest == 2
    assert measured.top_share() == pytest.approx(2 / 3)
    assert measured.longest_share() == pytest.approx(2 / 3)


def test_the_old_bank_would_fail_the_rule() -> None:
    # The first edition: 40 of 53 keys were "B" and 38 of 53 the longest option.
    old = [_q("B", A="no", B="yes, because it is right", C="maybe")] * 40 + [
        _q("C", A="no", B="maybe", C="yes")
    ] * 13
    measured = balance(old)
    assert measured.top_share() > MAX_POSITION_SHARE
    assert measured.longest_share() > MAX_LONGEST_SHARE


def test_every_question_has_exactly_one_right_answer_and_three_options() -> None:
    for path in sorted(BANK.glob("*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8"))["quiz"]:
            right = [k for k, o in entry["options"].items() if o.get("correct")]
            assert len(right) == 1, f"{path.name} {entry['id']}: right answers {right}"
            assert len(entry["options"]) >= 3, f"{path.name} {entry['id']}: too few options"


def test_right_answers_are_spread_over_the_positions() -> None:
    measured = balance(quiz_bank("en").values())
    assert measured.questions >= 40
    assert measured.top_share() <= MAX_POSITION_SHARE, measured.positions
    # Every position used: a bank that never puts the answer at D teaches "not D".
    offered = {key for item in quiz_bank("en").values() for key in item.options}
    assert set(measured.positions) == offered, measured.positions


def test_the_right_answer_is_not_usually_the_longest() -> None:
    measured = balance(quiz_bank("en").values())
    assert measured.longest_share() <= MAX_LONGEST_SHARE, (
        f"{measured.longest} of {measured.questions} right answers are the longest option"
    )
