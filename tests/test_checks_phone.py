"""check_phone_checkup: each setting of a made-up phone kept or changed the safe way."""

from __future__ import annotations

import pytest

from toolkit.checks.phone import (
    PHONES,
    check_phone_checkup,
    keep_change_choices,
    phone_check,
    phone_rows,
)
from toolkit.widgets import SortForm

# The lesson's answer key for Rosa's phone, written out: what lesson 8 teaches.
ROSA = {
    "camera_place": "change",
    "maps_while_using": "keep",
    "live_location": "change",
    "torch_app": "change",
    "screen_lock": "keep",
    "lock_previews": "change",
    "last_seen": "change",
    "profile_photo": "keep",
}
AMINA = {
    "group_invites": "change",
    "photo_details": "keep",
    "no_lock": "change",
    "screenshot": "keep",
    "game_location": "change",
    "hidden_text": "keep",
}


def test_the_answer_keys_cover_every_setting() -> None:
    assert set(ROSA) == set(PHONES["rosa"])
    assert set(AMINA) == set(PHONES["amina"])


@pytest.mark.parametrize("phone", sorted(PHONES))
def test_every_phone_has_settings_to_keep_and_to_change(phone: str) -> None:
    # "Change everything" or "keep everything" must never pass.
    kinds = [setting.keep for setting in PHONES[phone].values()]
    assert kinds.count(True) >= 2
    assert kinds.count(False) >= 2


@pytest.mark.parametrize(
    ("answers", "phone"),
    [
        (ROSA, "rosa"),
        ({k: v.upper() + " IT " for k, v in ROSA.items()}, "rosa"),
        ({k: ("Keep it" if v == "keep" else "Change it") for k, v in ROSA.items()}, "rosa"),
        ({**ROSA, "extra": "keep"}, "rosa"),
        (AMINA, "amina"),
    ],
)
def test_safe_answers_pass(answers: dict[str, object], phone: str) -> None:
    result = check_phone_checkup(answers, phone=phone)
    assert result.passed, result.missing
    assert not result.missing
    assert f"{len(answers) - ('extra' in answers)} of" in result.good[0]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({k: "change" for k in ROSA}, "needs her location to show the way"),
        ({k: "keep" for k in ROSA}, "Turn off location in the camera's settings"),
        ({**ROSA, "live_location": "keep"}, "Stop sharing it"),
        ({**ROSA, "torch_app": "keep"}, "does not need her contacts"),
        ({**ROSA, "lock_previews": "keep"}, "without the PIN"),
        ({**ROSA, "last_seen": "keep"}, "My contacts or Nobody"),
        ({**ROSA, "profile_photo": "change"}, "Contacts only is a safe choice"),
        ({k: v for k, v in ROSA.items() if k != "torch_app"}, "Not answered yet"),
        ({**ROSA, "screen_lock": "maybe"}, "Not answered yet"),
        ({**ROSA, "screen_lock": True}, "Not answered yet"),
    ],
)
def test_a_wrong_or_missing_answer_names_the_setting_and_why(
    answers: dict[str, object], expected: str
) -> None:
    result = check_phone_checkup(answers)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    assert result.hint


def test_each_wrong_line_quotes_the_setting_it_is_about() -> None:
    result = check_phone_checkup({**ROSA, "live_location": "keep", "screen_lock": "change"})
    assert len(result.missing) == 2
    assert PHONES["rosa"]["live_location"].text in result.missing[0]
    assert PHONES["rosa"]["screen_lock"].text in result.missing[1]
    assert "6 of 8" in result.good[0]


def test_rosas_key_does_not_pass_aminas_phone() -> None:
    result = check_phone_checkup(ROSA, phone="amina")
    assert not result.passed
    assert len(result.missing) == len(AMINA)


@pytest.mark.parametrize("answers", [None, "keep change", ["keep"], 7])
def test_not_a_set_of_answers_is_a_kind_refusal(answers: object) -> None:
    result = check_phone_checkup(answers)  # type: ignore[arg-type]
    assert not result.passed
    assert "form" in (result.hint or "")


def test_an_unknown_phone_is_a_kind_refusal() -> None:
    result = check_phone_checkup(ROSA, phone="nobody")
    assert not result.passed
    assert "nobody" in result.missing[0]


def test_form_rows_are_the_settings_in_order() -> None:
    rows = phone_rows()
    assert list(rows) == list(PHONES["rosa"])
    assert rows["torch_app"] == PHONES["rosa"]["torch_app"].text
    assert list(phone_rows("amina")) == list(PHONES["amina"])
    assert [value for _label, value in keep_change_choices()] == ["keep", "change"]


@pytest.mark.parametrize(("phone", "key"), [("rosa", ROSA), ("amina", AMINA)])
def test_the_form_hands_the_check_what_it_needs(phone: str, key: dict[str, str]) -> None:
    form = SortForm(phone_check(phone), phone_rows(phone), keep_change_choices(), title="Phone")
    form.submit.click()  # nothing chosen yet: every line is "not answered"
    assert not form.feedback.passed
    assert len(form.feedback.missing) == len(key)
    for setting, row in form.rows.items():
        row.value = key[setting]
    form.submit.click()
    assert form.feedback.passed, form.feedback.missing
    first = next(iter(key))
    form.rows[first].value = "keep" if key[first] == "change" else "change"
    form.submit.click()
    assert not form.feedback.passed
    assert PHONES[phone][first].text in form.feedback.missing[0]
