"""QuotePicker: pick words from a post, add your own, post with a credited quote."""

from __future__ import annotations

import pytest
from widget_support import RecordingCheck, assert_bundle, new_forum, snapshot, strict_callbacks

from toolkit.widgets import QuotePicker
from toolkit.widgets.quote import sentences

SOURCE = (
    "The library opens on Monday. Children can borrow three books each. Bring a bag for your books!"
)


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def forum():
    forum = new_forum()
    forum.post("amina_k", "Our new library", SOURCE)
    return forum


def test_sentences():
    assert sentences("One. Two!  Three?\n\nFour") == ["One.", "Two!", "Three?", "Four"]
    assert sentences("Same. Same.") == ["Same."]


def test_shows_the_source_and_offers_its_sentences(forum):
    picker = QuotePicker(forum, "lena_m", "post-1")
    assert "The library opens on Monday." in picker.source_view.value
    values = [value for _label, value in picker.sentence.options]
    assert values[0] == ""
    assert "Children can borrow three books each." in values


def test_picking_a_sentence_fills_the_excerpt_and_the_preview(forum):
    picker = QuotePicker(forum, "lena_m", "post-1")
    assert "blockquote" not in picker.preview.value
    picker.sentence.value = "Children can borrow three books each."
    assert picker.excerpt.value == "Children can borrow three books each."
    assert "<blockquote" in picker.preview.value
    assert "@<bdi>amina_k</bdi>" in picker.preview.value
    assert 'href="#post-1"' in picker.preview.value


def test_preview_explains_a_wrong_excerpt(forum):
    picker = QuotePicker(forum, "lena_m", "post-1")
    picker.excerpt.value = "The library is closed."
    assert "Not ready yet" in picker.preview.value
    assert "not in the post" in picker.preview.value


def test_reply_with_a_quote(forum):
    check = RecordingCheck()
    picker = QuotePicker(forum, "lena_m", "post-1", check=check)
    picker.excerpt.value = "three books each"
    picker.body.value = "That is great news for my two daughters."
    picker.submit.click()
    [comment] = forum.thread("post-1").comments
    assert comment.quote.excerpt == "three books each"
    assert comment.quote.source_author == "amina_k"
    assert picker.result == comment
    assert "<blockquote" in picker.status.value
    assert "fake-feedback" in picker.status.value
    assert (picker.excerpt.value, picker.body.value) == ("", "")


def test_new_post_with_a_quote(forum):
    picker = QuotePicker(forum, "lena_m", "post-1", new_post=True)
    picker.excerpt.value = "The library opens on Monday."
    picker.title.value = "Library news"
    picker.body.value = "Good news for everyone who loves reading."
    picker.submit.click()
    newest = forum.posts()[0]
    assert newest.title == "Library news"
    assert newest.quote.excerpt == "The library opens on Monday."


@pytest.mark.parametrize(
    ("excerpt", "body", "message"),
    [
        pytest.param(
            "The library is closed.",
            "I am so sad about this.",
            "not in the post",
            id="not-in-source",
        ),
        pytest.param(
            "",
            "I am so sad about this.",
            "Write a few words in “Words to quote” first.",
            id="empty",
        ),
        pytest.param(SOURCE, "I am so happy about this.", "whole post", id="whole-source"),
        pytest.param(
            "three books each",
            "three books each",
            "What you wrote in “Your own words” only repeats the quote",
            id="no-own-words",
        ),
        pytest.param(
            "three books each",
            "",
            "Write a few words in “Your own words” first.",
            id="empty-own-words",
        ),
        pytest.param(
            "three books each",
            "so many words " * 400,
            "“Your own words” is too long",
            id="own-words-too-long",
        ),
    ],
)
def test_refusals_change_nothing(forum, excerpt, body, message):
    before = snapshot(forum)
    picker = QuotePicker(forum, "lena_m", "post-1")
    picker.excerpt.value, picker.body.value = excerpt, body
    picker.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in picker.status.value
    assert message in picker.status.value
    assert "The comment" not in picker.status.value
    assert "The excerpt" not in picker.status.value
    assert picker.result is None


def test_removed_source_cannot_be_quoted(forum):
    forum.remove("post-1", "sam_trains", "Wrong date.")
    picker = QuotePicker(forum, "lena_m", "post-1")
    assert [v for _label, v in picker.sentence.options] == [""]
    picker.excerpt.value, picker.body.value = "three books each", "I wanted to share this."
    picker.submit.click()
    assert "cannot be quoted" in picker.status.value


def test_bundle(forum):
    bundle = assert_bundle(QuotePicker(forum, "lena_m", "post-1"))
    fields = bundle["application/vnd.toolkit.form+json"]["fields"]
    assert fields[0]["choices"][0] == "The library opens on Monday."
    assert "The library opens on Monday." in bundle["text/html"]
