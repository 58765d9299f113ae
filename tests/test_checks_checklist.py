"""check_safety_checklist: every item answered the safe way; wrong answers name the risk."""

from __future__ import annotations

import pytest

from toolkit.checks.checklist import SAFETY_CHECKLIST, check_safety_checklist

SAFE = {item_id: item.safe for item_id, item in SAFETY_CHECKLIST.items()}


def test_checklist_has_yes_and_no_items() -> None:
    assert True in SAFE.values()
    assert False in SAFE.values()


@pytest.mark.parametrize(
    "answers",
    [SAFE, {k: ("yes" if v else "no") for k, v in SAFE.items()}, {**SAFE, "extra": True}],
)
def test_safe_answers_pass(answers: dict[str, object]) -> None:
    result = check_safety_checklist(answers)
    assert result.passed, result.missing
    assert not result.missing


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({k: True for k in SAFE}, "tells strangers how to reach you"),
        ({**SAFE, "shared_password": True}, "Your password is only for you"),
        ({**SAFE, "alias": False}, "Use your alias"),
        ({k: v for k, v in SAFE.items() if k != "logout"}, "Not answered yet"),
        ({**SAFE, "verified": "maybe"}, "Not answered yet"),
    ],
)
def test_unsafe_answers_name_the_risk(answers: dict[str, object], expected: str) -> None:
    result = check_safety_checklist(answers)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    assert result.hint


@pytest.mark.parametrize("answers", [None, [], "yes"])
def test_wrong_shapes_never_raise(answers: object) -> None:
    result = check_safety_checklist(answers)  # type: ignore[arg-type]
    assert not result.passed
