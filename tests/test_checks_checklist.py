"""check_safety_checklist: every item answered the safe way; wrong answers name the risk."""

from __future__ import annotations

import pytest

from toolkit.checks.checklist import (
    SAFETY_CHECKLIST,
    check_safety_checklist,
    checklist_rows,
    yes_no_choices,
)
from toolkit.widgets import SortForm

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
        ({**SAFE, "verified": False}, "A question or a like is not a second source"),
        ({k: v for k, v in SAFE.items() if k != "logout"}, "Not answered yet"),
        ({**SAFE, "verified": "maybe"}, "Not answered yet"),
        ({**SAFE, "support": None}, "Not answered yet"),
    ],
)
def test_unsafe_answers_name_the_risk(answers: dict[str, object], expected: str) -> None:
    result = check_safety_checklist(answers)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    assert result.hint


def test_only_the_wrong_lines_are_named() -> None:
    result = check_safety_checklist({**SAFE, "alias": False, "consent": None})
    assert len(result.missing) == 2
    assert any(f"{len(SAFE) - 2} of {len(SAFE)}" in line for line in result.good)


@pytest.mark.parametrize("answers", [None, [], "yes"])
def test_wrong_shapes_never_raise(answers: object) -> None:
    result = check_safety_checklist(answers)  # type: ignore[arg-type]
    assert not result.passed
    assert "checklist form" in (result.hint or "")


def test_form_rows_are_the_checklist_statements() -> None:
    rows = checklist_rows()
    assert list(rows) == list(SAFETY_CHECKLIST)
    assert rows["alias"] == SAFETY_CHECKLIST["alias"].text
    assert [value for _label, value in yes_no_choices()] == [True, False]


def test_the_yes_no_form_hands_the_check_what_it_needs() -> None:
    form = SortForm(
        check_safety_checklist, checklist_rows(), yes_no_choices(), title="Safety checklist"
    )
    form.submit.click()  # nothing chosen yet: every line is "not answered"
    assert not form.feedback.passed
    assert len(form.feedback.missing) == len(SAFE)
    for item_id, row in form.rows.items():
        row.value = SAFE[item_id]
    form.submit.click()
    assert form.feedback.passed, form.feedback.missing
    form.rows["home_details"].value = True  # "yes, my story shows my street": not safe
    form.submit.click()
    assert not form.feedback.passed
    assert any("tells strangers how to reach you" in line for line in form.feedback.missing)
