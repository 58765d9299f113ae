"""SignatureEditor: live safety warnings, save, remove."""

from __future__ import annotations

import pytest
from widget_support import assert_bundle, new_forum, snapshot, strict_callbacks

from toolkit.checks import check_signature
from toolkit.widgets import SignatureEditor


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.mark.parametrize(
    ("signature", "needle"),
    [
        pytest.param("Amina\ncall me 07700 900123", "phone number", id="phone"),
        pytest.param("Amina - amina@example.org", "e-mail", id="email"),
        pytest.param("Amina, 12 Station Road", "street address", id="street"),
        pytest.param("a\nb\nc\nd\ne", "more than 4 lines", id="five-lines"),
        pytest.param("Amina\nLakeside school, Fridays at 8", "a place you go to", id="place-time"),
    ],
)
def test_live_warnings(signature, needle):
    editor = SignatureEditor(new_forum(), "amina_k")
    assert editor.warnings.value == ""
    editor.text.value = signature
    assert needle in editor.warnings.value
    editor.text.value = "Amina, Riverside reading group"
    assert editor.warnings.value == ""


def test_save_and_remove():
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k")
    editor.text.value = "Amina\nRiverside reading group"
    editor.save.click()
    assert forum.member("amina_k").signature == "Amina\nRiverside reading group"
    assert "Riverside reading group" in editor.status.value
    assert editor.text.value == "Amina\nRiverside reading group"  # kept to edit again
    again = SignatureEditor(forum, "amina_k")
    assert again.text.value == "Amina\nRiverside reading group"
    again.text.value = "  "
    again.submit.click()
    assert forum.member("amina_k").signature is None
    assert "removed" in again.status.value


RISKY_SIGNATURES = [
    pytest.param("Amina 07700 900123", "a phone number", id="phone"),
    pytest.param("Amina\ntel 012 345 678", "a phone number", id="phone-kh"),
    pytest.param("Amina, amina@example.org", "an e-mail address", id="email"),
    pytest.param("Amina, 12 Station Road", "a street address", id="street"),
    pytest.param(
        "Amina\nLakeside school, every Friday at 8", "a place you go to", id="school-time"
    ),
]


@pytest.mark.parametrize(("signature", "what"), RISKY_SIGNATURES)
def test_first_press_asks_and_saves_nothing(signature, what):
    forum = new_forum()
    before = snapshot(forum)
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = signature
    editor.save.click()
    assert snapshot(forum) == before
    assert editor.asking
    shown = editor.status.value
    assert what in shown
    assert "“Signature”" in shown
    assert "Done:" not in shown
    assert signature.splitlines()[-1] not in shown  # names the kind, never repeats the detail
    assert editor.save_anyway.description == "Save anyway"
    assert editor.change_it.description == "Change it"


@pytest.mark.parametrize(("signature", "what"), RISKY_SIGNATURES)
def test_save_anyway_saves_without_a_green_done_and_the_check_fails(signature, what):
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = signature
    editor.save.click()
    editor.save_anyway.click()
    assert forum.member("amina_k").signature == signature
    assert not editor.asking
    assert "Done:" not in editor.status.value
    assert "tk-done" not in editor.status.value
    assert "Saved, but not safe yet:" in editor.status.value
    assert editor.feedback is not None
    assert not editor.feedback.passed
    assert not check_signature(forum, "amina_k").passed


def test_change_it_goes_back_and_a_safe_text_saves_with_done():
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = "Amina 07700 900123"
    editor.save.click()
    editor.change_it.click()
    assert not editor.asking
    assert forum.member("amina_k").signature is None
    assert "Save signature" in editor.status.value
    editor.text.value = "Amina, Riverside reading group"
    editor.save.click()
    assert forum.member("amina_k").signature == "Amina, Riverside reading group"
    assert "Done:" in editor.status.value
    assert editor.feedback.passed


def test_a_confirmation_holds_for_that_save_only():
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k")
    editor.text.value = "Amina 07700 900123"
    editor.save.click()
    editor.save_anyway.click()
    editor.text.value = "Amina, 12 Station Road"  # a new risky text: ask again
    editor.save.click()
    assert editor.asking
    assert forum.member("amina_k").signature == "Amina 07700 900123"


def test_refusal_changes_nothing():
    forum = new_forum()
    before = snapshot(forum)
    editor = SignatureEditor(forum, "amina_k")
    editor.text.value = "x" * 400
    editor.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in editor.status.value
    assert "“Signature” is too long" in editor.status.value


def test_bundle():
    assert_bundle(SignatureEditor(new_forum(), "amina_k"))
