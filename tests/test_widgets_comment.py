"""CommentForm: body -> forum.comment(target, ...)."""

from __future__ import annotations

from html import escape

import pytest
from widget_support import RecordingCheck, assert_bundle, new_forum, snapshot, strict_callbacks

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
