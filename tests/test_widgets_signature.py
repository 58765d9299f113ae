"""SignatureEditor: live safety warnings, save, remove."""

from __future__ import annotations

import pytest
from widget_support import assert_bundle, new_forum, snapshot, strict_callbacks

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


def test_saved_with_a_warning_shows_it():
    forum = new_forum()
    editor = SignatureEditor(forum, "amina_k")
    editor.text.value = "Amina 07700 900123"
    editor.submit.click()
    assert forum.member("amina_k").signature == "Amina 07700 900123"
    assert "phone number" in editor.status.value


def test_refusal_changes_nothing():
    forum = new_forum()
    before = snapshot(forum)
    editor = SignatureEditor(forum, "amina_k")
    editor.text.value = "x" * 400
    editor.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in editor.status.value


def test_bundle():
    assert_bundle(SignatureEditor(new_forum(), "amina_k"))
