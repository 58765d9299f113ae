"""ReportForm: reason, where, why -> forum.report."""

from __future__ import annotations

import pytest
from widget_support import RecordingCheck, assert_bundle, new_forum, snapshot, strict_callbacks

from toolkit.forum.model import REPORT_REASONS
from toolkit.widgets import ReportForm
from toolkit.widgets.report import REASON_LABELS


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def forum():
    forum = new_forum()
    forum.post("lena_m", "Free phones!", "Send me your bank details to win a phone.")
    return forum


def test_every_reason_has_a_friendly_label(forum):
    assert set(REASON_LABELS) == set(REPORT_REASONS)
    form = ReportForm(forum, "amina_k", "post-1")
    assert [v for _label, v in form.reason.options] == ["", *REPORT_REASONS]
    assert "Where: post-1 by Lena (@lena_m): &quot;Free phones!&quot;" in form.where.value


def test_report_is_sent(forum):
    check = RecordingCheck()
    form = ReportForm(forum, "amina_k", "post-1", check=check)
    form.reason.value = "phishing"
    form.note.value = "It asks for bank details."
    form.submit.click()
    [report] = forum.reports()
    assert (report.target, report.reporter, report.reason) == ("post-1", "amina_k", "phishing")
    assert report.note == "It asks for bank details."
    assert "Thank you" in form.status.value
    assert "fake-feedback" in form.status.value
    assert (form.reason.value, form.note.value) == ("", "")


def test_no_reason_is_refused(forum):
    before = snapshot(forum)
    form = ReportForm(forum, "amina_k", "post-1")
    form.submit.click()
    assert snapshot(forum) == before
    assert "Choose a reason in “What is wrong?” first." in form.status.value
    assert 'role="alert"' in form.status.value


def test_reporting_twice_is_refused(forum):
    form = ReportForm(forum, "amina_k", "post-1")
    form.reason.value = "spam"
    form.submit.click()
    before = snapshot(forum)
    form.reason.value = "spam"
    form.submit.click()
    assert snapshot(forum) == before
    assert "already reported" in form.status.value


def test_report_a_message_and_a_member(forum):
    message = forum.send("lena_m", "amina_k", "Click here to claim your prize.", "Prize!")
    form = ReportForm(forum, "amina_k", message)
    assert "a message from Lena (@lena_m)" in form.where.value
    form.reason.value = "phishing"
    form.submit.click()
    member_form = ReportForm(forum, "amina_k", forum.member("lena_m"))
    assert "the member Lena (@lena_m)" in member_form.where.value
    member_form.reason.value = "impersonation"
    member_form.submit.click()
    assert [r.target for r in forum.reports()] == [message.anchor, "member-2"]


def test_bundle(forum):
    bundle = assert_bundle(ReportForm(forum, "amina_k", "post-1"))
    [reason, why] = bundle["application/vnd.toolkit.form+json"]["fields"]
    assert reason["choices"][0] == "Spam or adverts"
    assert why["lines"] == 3


def test_report_form_takes_a_message_anchor_and_sends_the_report() -> None:
    from toolkit.forum.sample import sample_forum
    from toolkit.forum.scenarios import phishing_inbox
    from toolkit.widgets import ReportForm

    forum = sample_forum()
    me = forum.join("new_member", "You")
    phishing_inbox(forum, me)
    form = ReportForm(forum, me, "message-3")
    assert "Not done" not in form.status.value
    assert "message-3" in form.where_text
    assert all(not m.read for m in forum.inbox(me))
    form.reason.value = "impersonation"
    form.note.value = "She says she is Amina but the name has an extra k."
    form.submit.click()
    assert [r.target for r in forum.reports()] == ["message-3"]
