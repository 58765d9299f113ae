"""CommentForm: body -> forum.comment(target, ...)."""

from __future__ import annotations

from html import escape

import pytest
from widget_support import (
    RecordingCheck,
    assert_bundle,
    new_forum,
    snapshot,
    strict_callbacks,
    visible_text,
)

from toolkit.checks import check_kind_reply
from toolkit.checks.risky import hurtful
from toolkit.widgets import CommentForm


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def forum():
    forum = new_forum()
    forum.post("amina_k", "Clean water", "Our well needs a new pump. Who can help?")
    return forum


def test_comment_is_added_under_the_post(forum):
    check = RecordingCheck()
    form = CommentForm(forum, "lena_m", "post-1", check=check)
    assert "Replying to: post-1 by Amina (@amina_k)" in form.context.value
    form.body.value = "My brother fixes pumps. I will ask him."
    form.submit.click()
    [comment] = forum.thread("post-1").comments
    assert comment.author.handle == "lena_m"
    assert form.result == comment
    assert 'id="comment-2"' in form.status.value
    assert "fake-feedback" in form.status.value
    assert check.calls == [(forum, "lena_m")]
    assert form.body.value == ""


def test_reply_to_a_comment(forum):
    first = forum.comment("post-1", "lena_m", "I can help on Saturday.")
    form = CommentForm(forum, "amina_k", first)
    form.body.value = "Thank you, Lena! Saturday is good."
    form.submit.click()
    assert form.result.parent_id == first.id


def test_locked_thread_refuses_and_changes_nothing(forum):
    forum.lock("post-1", "sam_trains", "Closed for the holiday.")
    before = snapshot(forum)
    form = CommentForm(forum, "lena_m", "post-1")
    form.body.value = "Can I still add this?"
    form.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in form.status.value
    assert "locked by a trainer" in form.status.value
    assert form.body.value == "Can I still add this?"


def test_a_too_long_threat_is_refused_before_asking(forum):
    form = CommentForm(forum, "lena_m", "post-1")
    form.body.value = "I know where you live. " * 300
    form.submit.click()
    assert not form.asking
    assert 'role="alert"' in form.status.value
    assert "too long" in form.status.value
    assert forum.thread("post-1").comments == ()


def test_empty_comment_refused(forum):
    form = CommentForm(forum, "lena_m", "post-1")
    form.body.value = "   "
    form.submit.click()
    assert 'role="alert"' in form.status.value
    assert "Write a few words in “Your comment” first." in form.status.value
    assert forum.thread("post-1").comments == ()


def test_missing_target_is_shown_at_once_and_on_submit(forum):
    form = CommentForm(forum, "lena_m", "post-99")
    assert "There is no post post-99" in form.status.value
    form.body.value = "Hello?"
    form.submit.click()
    assert escape("There is no post post-99") in form.status.value
    assert len(forum.posts()) == 1


def test_bundle(forum):
    bundle = assert_bundle(CommentForm(forum, "lena_m", "post-1"))
    assert "Replying to" in bundle["text/html"]


# ----------------------------------------------------------------------------- asking first
THREAT = "I know where you live. Keep posting and see what happens to your family."


def test_a_threat_asks_first_and_sends_nothing(forum):
    before = snapshot(forum)
    check = RecordingCheck()
    form = CommentForm(forum, "lena_m", "post-1", check=check)
    form.body.value = THREAT
    form.submit.click()
    assert snapshot(forum) == before
    assert forum.thread("post-1").comments == ()
    assert check.calls == []
    assert form.asking
    assert 'role="alert"' in form.status.value
    shown = visible_text(form.status.value)
    assert shown.startswith("Not sent yet.")
    assert "Your comment: “I know where you live”." in shown
    found = hurtful(THREAT)
    assert len(found) >= 2
    for finding in found:
        assert f"Your comment: “{finding.words}”. {finding.why}" in shown
        assert f"A safer way: {finding.hint}" in shown
    assert form.publish_anyway.description == "Reply anyway"
    assert form.body.value == THREAT


def test_reply_anyway_sends_it_and_says_plainly_it_is_not_safe(forum):
    form = CommentForm(forum, "lena_m", "post-1", check=check_kind_reply)
    form.body.value = THREAT
    form.submit.click()
    form.publish_anyway.click()
    [comment] = forum.thread("post-1").comments
    assert comment.body == THREAT
    shown = visible_text(form.status.value)
    assert shown.startswith("Sent, but not safe yet:")
    assert "Done:" not in shown
    assert "tk-done" not in form.status.value
    assert not form.feedback.passed
    assert not form.asking


def test_a_reply_to_a_comment_asks_too(forum):
    first = forum.comment("post-1", "lena_m", "I can help on Saturday.")
    form = CommentForm(forum, "amina_k", first)
    form.body.value = "Stay quiet, women like you should not speak here."
    form.submit.click()
    assert form.asking
    assert len(forum.thread("post-1").comments) == 1
    form.publish_anyway.click()
    assert form.result.parent_id == first.id


def test_a_phone_number_in_a_comment_asks_too(forum):
    form = CommentForm(forum, "lena_m", "post-1")
    form.body.value = "My brother fixes pumps. Call him on 0712 345 678."
    form.submit.click()
    assert form.asking
    assert "Your comment: “0712 345 678”." in visible_text(form.status.value)
    assert forum.thread("post-1").comments == ()


@pytest.mark.parametrize(
    "reply",
    [
        "I see it differently: I think the well should come first.",
        "I do not agree. The school roof is more urgent, because the rains start soon.",
        "Thank you for asking. I can help on Saturday morning.",
    ],
)
def test_polite_disagreement_is_sent_at_once(forum, reply):
    form = CommentForm(forum, "lena_m", "post-1", check=check_kind_reply)
    form.body.value = reply
    form.submit.click()
    assert not form.asking
    [comment] = forum.thread("post-1").comments
    assert comment.body == reply
    assert "Done:" in form.status.value


def test_editing_the_reply_asks_again(forum):
    form = CommentForm(forum, "lena_m", "post-1")
    form.body.value = THREAT
    form.submit.click()
    form.body.value = "Watch your back. " + THREAT
    form.submit.click()
    assert form.asking
    assert "“Watch your back”" in visible_text(form.status.value)
    assert forum.thread("post-1").comments == ()


def test_change_it_goes_back_to_the_comment_box(forum, monkeypatch):
    form = CommentForm(forum, "lena_m", "post-1")
    focused = []
    monkeypatch.setattr(form.body, "focus", lambda: focused.append(True))
    form.body.value = THREAT
    form.submit.click()
    form.change_it.click()
    assert focused == [True]
    assert not form.asking
    assert "press “Send comment” again" in visible_text(form.status.value)
    form.body.value = "I see it differently: I think the well should come first."
    form.submit.click()
    assert len(forum.thread("post-1").comments) == 1
