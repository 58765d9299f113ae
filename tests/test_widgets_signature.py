"""SignatureEditor: live safety warnings, save, remove."""

from __future__ import annotations

import pytest
from widget_support import assert_bundle, new_forum, snapshot, strict_callbacks, visible_text

from toolkit.checks import check_signature
from toolkit.checks.risky import risks
from toolkit.widgets import SignatureEditor


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.mark.parametrize(
    ("signature", "words"),
    [
        pytest.param("Amina\ncall me 07700 900123", "07700 900123", id="phone"),
        pytest.param("Amina - amina@example.org", "amina@example.org", id="email"),
        pytest.param("Amina, 12 Station Road", "12 Station Road", id="street"),
        pytest.param("Amina\nLakeside school, Fridays at 8", "Fridays at 8", id="place-time"),
        pytest.param("Farida Osei / Nurse, Saint Mary's Hospital, Ward 3", "Ward 3", id="work"),
    ],
)
def test_live_warnings_name_the_words_why_and_a_safer_way(signature, words):
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k")
    assert editor.warnings.value == ""
    editor.text.value = signature
    shown = visible_text(editor.warnings.value)
    assert f"Signature: “{words}”." in shown
    for finding in risks(signature, forum):
        assert f"Signature: “{finding.words}”. {finding.why}" in shown
        assert f"A safer way: {finding.hint}" in shown
    editor.text.value = "Amina, Riverside reading group"
    assert editor.warnings.value == ""


def test_live_warning_for_too_many_lines():
    editor = SignatureEditor(new_forum(), "amina_k")
    editor.text.value = "a\nb\nc\nd\ne"
    assert editor.current_warnings == (
        "Your signature has more than 4 lines. "
        "Keep it short so people read your post, not your signature.",
    )
    editor.text.value = "a\nb\nc\nd"
    assert editor.current_warnings == ()


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
    pytest.param("Amina 07700 900123", "07700 900123", id="phone"),
    pytest.param("Amina\ntel 012 345 678", "012 345 678", id="phone-kh"),
    pytest.param("Amina, amina@example.org", "amina@example.org", id="email"),
    pytest.param("Amina, 12 Station Road", "12 Station Road", id="street"),
    pytest.param("Amina\nLakeside school, every Friday at 8", "Friday at 8", id="school-time"),
    pytest.param(
        "Coach of the girls' team, Kibera Primary, Wednesdays 3 pm", "Kibera Primary", id="child"
    ),
]


@pytest.mark.parametrize(("signature", "words"), RISKY_SIGNATURES)
def test_first_press_asks_and_saves_nothing(signature, words):
    forum = new_forum()
    before = snapshot(forum)
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = signature
    editor.save.click()
    assert snapshot(forum) == before
    assert editor.asking
    assert 'role="alert"' in editor.status.value
    shown = visible_text(editor.status.value)
    assert shown.startswith("Not saved yet.")
    assert f"Signature: “{words}”." in shown  # the exact words, so she knows what to change
    for finding in risks(signature, forum):
        assert f"A safer way: {finding.hint}" in shown
    assert "Done:" not in shown
    assert editor.save_anyway.description == "Save anyway"
    assert editor.change_it.description == "Change it"


@pytest.mark.parametrize(("signature", "words"), RISKY_SIGNATURES)
def test_save_anyway_saves_without_a_green_done_and_the_check_fails(signature, words):
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = signature
    editor.save.click()
    editor.save_anyway.click()
    assert forum.member("amina_k").signature == signature
    assert not editor.asking
    assert "Done:" not in editor.status.value
    assert "tk-done" not in editor.status.value
    assert visible_text(editor.status.value).startswith("Saved, but not safe yet:")
    assert f"Signature: “{words}”." in visible_text(editor.status.value)
    assert editor.feedback is not None
    assert not editor.feedback.passed
    assert not check_signature(forum, "amina_k").passed


def test_change_it_goes_back_and_a_safe_text_saves_with_done():
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k", check=check_signature)
    editor.text.value = "Amina 07700 900123"
    focused = []
    editor.text.focus = lambda: focused.append(True)
    editor.save.click()
    editor.change_it.click()
    assert focused == [True]
    assert not editor.asking
    assert forum.member("amina_k").signature is None
    assert "press “Save signature” again" in visible_text(editor.status.value)
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
    editor.text.value = "Call me on 0712 345 678 " * 20  # too long and risky: refused first
    editor.submit.click()
    assert not editor.asking
    assert snapshot(forum) == before
    assert 'role="alert"' in editor.status.value
    assert "“Signature” is too long" in editor.status.value


def test_bundle():
    assert_bundle(SignatureEditor(new_forum(), "amina_k"))
