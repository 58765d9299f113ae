"""ThreadView: Reply and React on every entry, refreshed after each action."""

from __future__ import annotations

import pytest
from widget_support import (
    FORUM_MIME,
    RecordingCheck,
    assert_bundle,
    new_forum,
    snapshot,
    strict_callbacks,
)

from toolkit.widgets import CommentForm, ThreadView


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def forum():
    forum = new_forum()
    post = forum.post("amina_k", "Clean water", "Our well needs a new pump. Who can help?")
    forum.comment(post, "lena_m", "My brother fixes pumps.")
    return forum


def test_rows_for_post_and_comments(forum):
    view = ThreadView(forum, "post-1", "lena_m")
    assert list(view.rows) == ["post-1", "comment-2"]
    assert 'id="comment-2"' in view.rows["comment-2"].view_html.value
    assert view.rows["comment-2"].layout.margin == "0 0 0 min(1.5em, 3vw)"  # narrower on a phone


def test_reply_opens_a_comment_form_and_refreshes(forum):
    check = RecordingCheck()
    view = ThreadView(forum, "post-1", "amina_k", check=check)
    view.rows["comment-2"].reply.click()
    form = view.reply_form
    assert isinstance(form, CommentForm)
    assert form in view.rows["comment-2"].slot.children
    form.body.value = "Thank you, please ask him!"
    form.submit.click()
    [_first, reply] = forum.thread("post-1").comments
    assert reply.parent_id == 2
    assert list(view.rows) == ["post-1", "comment-2", "comment-3"]
    assert view.reply_form is None
    assert "fake-feedback" in view.status.value
    assert check.calls == [(forum, "amina_k")]
    assert view.result == reply


def test_only_one_reply_form_and_cancel(forum):
    view = ThreadView(forum, "post-1", "amina_k")
    view.open_reply("post-1")
    view.open_reply("comment-2")
    assert view.rows["post-1"].slot.children == ()
    form, cancel = view.rows["comment-2"].slot.children
    cancel.click()
    assert view.rows["comment-2"].slot.children == ()
    assert view.reply_form is None


def test_react(forum):
    view = ThreadView(forum, "post-1", "amina_k")
    row = view.rows["comment-2"]
    row.reaction.value = "thanks"
    row.react.click()
    assert forum.get("comment-2").reactions == (("thanks", 1),)
    assert "Thanks 1" in view.rows["comment-2"].view_html.value
    assert "You reacted" in view.status.value


def test_react_to_own_post_is_refused(forum):
    view = ThreadView(forum, "post-1", "amina_k")
    before = snapshot(forum)
    view.rows["post-1"].react.click()
    assert snapshot(forum) == before
    assert "your own post" in view.status.value
    assert 'role="alert"' in view.status.value


def test_reply_in_a_locked_thread_is_refused(forum):
    view = ThreadView(forum, "post-1", "lena_m")
    forum.lock("post-1", "sam_trains", "Solved, thank you all.")
    before = snapshot(forum)
    view.rows["post-1"].reply.click()
    view.reply_form.body.value = "One more thing!"
    view.reply_form.submit.click()
    assert snapshot(forum) == before
    assert "locked" in view.reply_form.status.value


def test_blocked_member_is_hidden_and_has_no_buttons(forum):
    forum.block("amina_k", "lena_m")
    view = ThreadView(forum, "post-1", "amina_k")
    row = view.rows["comment-2"]
    assert "you blocked this member" in row.view_html.value
    assert "My brother" not in row.view_html.value
    assert not row.actionable
    assert row.reply not in row.children


def test_missing_thread_is_a_plain_message(forum):
    view = ThreadView(forum, "post-42", "lena_m")
    assert "There is no post post-42" in view.status.value
    assert view.rows == {}


def test_bundle(forum):
    bundle = assert_bundle(ThreadView(forum, "post-1", "lena_m"))
    assert bundle[FORUM_MIME]["kind"] == "thread"
    assert "My brother fixes pumps." in bundle["text/html"]
