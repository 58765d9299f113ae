"""InboxView: read, report and block, with the sender's @handle always visible."""

from __future__ import annotations

import pytest
from widget_support import FORUM_MIME, assert_bundle, new_forum, snapshot, strict_callbacks

from toolkit.widgets import InboxView


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def forum():
    forum = new_forum()
    forum.join("amina_k_help", "Amina")  # the impostor: same display name
    forum.send("lena_m", "amina_k", "See you at the library on Monday.", "Monday")
    forum.send("amina_k_help", "lena_m", "I lost my phone. Send me your password.", "Help")
    forum.send("amina_k_help", "amina_k", "Your account is locked. Send your password.", "Urgent")
    return forum


def test_list_shows_display_name_and_handle(forum):
    view = InboxView(forum, "amina_k")
    assert len(view.rows) == 2
    newest = view.rows[0]
    assert "<bdi>Amina</bdi>" in newest.summary.value
    assert "@<bdi>amina_k_help</bdi>" in newest.summary.value
    assert "New" in newest.summary.value
    assert newest.block_button.description == "Block @amina_k_help"


def test_open_marks_read(forum):
    view = InboxView(forum, "amina_k")
    view.rows[1].open_button.click()
    assert forum.inbox("amina_k")[1].read
    assert "See you at the library" in view.reader.value
    assert "New" not in view.rows[1].summary.value
    assert "Look closely" in view.reader.value


def test_report_phishing(forum):
    view = InboxView(forum, "amina_k")
    row = view.rows[0]
    assert row.reason.value == "phishing"
    row.report_button.click()
    [report] = forum.reports()
    assert (report.reason, report.target) == ("phishing", row.message.anchor)
    assert "Thank you" in view.status.value
    row.reason.value = "impersonation"
    row.report_button.click()
    assert [r.reason for r in forum.reports()] == ["phishing"]
    assert "already reported" in view.status.value


def test_block_sender(forum):
    view = InboxView(forum, "amina_k")
    view.rows[0].open_button.click()
    view.rows[0].block_button.click()
    assert [m.handle for m in forum.blocked("amina_k")] == ["amina_k_help"]
    assert len(view.rows) == 1
    assert view.reader.value == ""
    assert "You blocked @amina_k_help" in view.status.value


def test_blocking_twice_changes_nothing(forum):
    view = InboxView(forum, "amina_k")
    row = view.rows[0]
    view.block_sender(row.message)
    before = snapshot(forum)
    assert view.block_sender(row.message) is False
    assert snapshot(forum) == before
    assert "already blocked" in view.status.value


def test_empty_inbox():
    view = InboxView(new_forum(), "amina_k")
    assert view.rows == []
    assert "No messages." in view.list.children[0].value


def test_bundle(forum):
    bundle = assert_bundle(InboxView(forum, "amina_k"))
    assert bundle[FORUM_MIME]["kind"] == "inbox"
    assert "amina_k_help" in bundle["text/html"]
