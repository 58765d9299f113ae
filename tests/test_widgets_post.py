"""PostForm: title + body -> forum.post."""

from __future__ import annotations

from html import escape

import pytest
from widget_support import RecordingCheck, assert_bundle, new_forum, snapshot, strict_callbacks

from toolkit.forum.errors import ForumError
from toolkit.widgets import PostForm
from toolkit.widgets.base import name_fields


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


def fill(form, title, body):
    form.title.value, form.body.value = title, body


def test_post_appears_in_the_forum_and_in_the_status():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "Clean water", "Our well needs a new pump. Who can help?")
    form.submit.click()
    [post] = forum.posts()
    assert post.title == "Clean water"
    assert post.author.handle == "amina_k"
    assert form.result == post
    assert "Done:" in form.status.value
    assert 'id="post-1"' in form.status.value
    assert "Clean water" in form.status.value
    assert (form.title.value, form.body.value) == ("", "")


def test_check_feedback_is_shown_after_success():
    forum = new_forum()
    check = RecordingCheck()
    form = PostForm(forum, "amina_k", check=check)
    fill(form, "Clean water", "Our well needs a new pump. Who can help?")
    form.submit.click()
    assert check.calls == [(forum, "amina_k")]
    assert form.feedback is check.feedback
    assert 'class="fake-feedback"' in form.status.value


@pytest.mark.parametrize(
    ("title", "body", "label"),
    [
        pytest.param("Clean water", "", "“Your post”", id="empty-body"),
        pytest.param("Clean water", "\u00a0\u2003\u3000", "“Your post”", id="exotic-whitespace"),
        pytest.param("", "Our well needs a new pump.", "“Title”", id="empty-title"),
        pytest.param("Clean water", "Hi", "“Your post”", id="too-short"),
        pytest.param("Clean water", "x" * 1_000_001, "“Your post”", id="one-megabyte"),
    ],
)
def test_refusal_shows_the_plain_message_and_changes_nothing(title, body, label):
    forum = new_forum()
    before = snapshot(forum)
    check = RecordingCheck()
    form = PostForm(forum, "amina_k", check=check)
    fill(form, title, body)
    with pytest.raises(ForumError) as expected:
        forum.post("amina_k", title, body)
    form.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in form.status.value
    # The forum's message, in the words of the form: the field named by the label she sees.
    assert label in form.status.value
    shown = name_fields(expected.value.message, {"title": "Title", "post": "Your post"})
    assert escape(shown) in form.status.value
    assert "The post " not in form.status.value
    assert "The title " not in form.status.value
    assert "Traceback" not in form.status.value
    assert form.result is None
    assert check.calls == []
    assert (form.title.value, form.body.value) == (title, body)  # kept, to fix


def test_double_submit_is_refused_the_second_time():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "Clean water", "Our well needs a new pump. Who can help?")
    form.submit.click()
    fill(form, "Clean water", "Our well needs a new pump. Who can help?")
    form.submit.click()
    assert len(forum.posts()) == 1
    assert "already posted this text" in form.status.value


def test_unknown_author_is_a_plain_message():
    forum = new_forum()
    form = PostForm(forum, "nobody_here")
    fill(form, "Clean water", "Our well needs a new pump.")
    form.submit.click()
    assert "There is no member" in form.status.value
    assert forum.posts() == []


def test_bundle():
    assert_bundle(PostForm(new_forum(), "amina_k"))


def test_post_form_counts_characters_against_the_limits() -> None:
    from toolkit.forum.sample import sample_forum
    from toolkit.widgets import PostForm

    form = PostForm(sample_forum(), "lena_m")
    text = " ".join(c.value for c in form.children if "tk-counter" in getattr(c, "value", ""))
    assert "0 of 120 characters" in text
    assert "0 of 10000 characters" in text
    form.title.value = "សួស្តី everyone"  # Khmer counts as 2 characters, like a reader sees it
    counters = [c.value for c in form.children if "tk-counter" in getattr(c, "value", "")]
    assert "11 of 120 characters" in counters[0]
