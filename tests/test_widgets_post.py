"""PostForm: title + body -> forum.post."""

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

from toolkit.checks import check_first_post
from toolkit.checks.risky import risks
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
    assert not form.asking  # a safe post is published on the first press, as before


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


# ----------------------------------------------------------------------------- asking first
# The issue's own example: where she lives and her phone number, in her first post.
RISKY_BODY = "I live at 14 Lotus Lane, next to the blue school. Call me on 0712 345 678"


def test_risky_post_asks_first_and_posts_nothing():
    forum = new_forum()
    before = snapshot(forum)
    check = RecordingCheck()
    form = PostForm(forum, "amina_k", check=check)
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    assert len(forum.posts()) == 0
    assert snapshot(forum) == before
    assert check.calls == []
    assert form.result is None
    assert form.asking
    assert 'role="alert"' in form.status.value
    shown = visible_text(form.status.value)
    assert shown.startswith("Not posted yet.")
    assert "Done:" not in shown
    # The exact words, why they matter and a safer way, named by the field's label.
    assert "Your post: “0712 345 678”." in shown
    found = risks(RISKY_BODY, forum)
    assert {f.kind for f in found} >= {"phone", "home"}
    for finding in found:
        assert f"Your post: “{finding.words}”. {finding.why}" in shown
        assert f"A safer way: {finding.hint}" in shown
    assert form.publish_anyway.description == "Post anyway"
    assert form.change_it.description == "Change it"
    assert (form.title.value, form.body.value) == ("About me", RISKY_BODY)  # kept, to change


def test_a_hurtful_post_asks_first_and_a_disagreeing_one_posts_at_once():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About the meeting", "Women like you should stay quiet and leave the meeting to us.")
    form.submit.click()
    assert forum.posts() == []
    assert form.asking
    assert "“Women like you" in visible_text(form.status.value)
    form = PostForm(forum, "amina_k")
    fill(
        form,
        "About the meeting",
        "I see it differently: every voice should be heard at the meeting.",
    )
    form.submit.click()
    assert len(forum.posts()) == 1
    assert not form.asking


def test_post_anyway_publishes_and_says_plainly_it_is_not_safe():
    forum = new_forum()
    form = PostForm(forum, "amina_k", check=check_first_post)
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.publish_anyway.click()
    [post] = forum.posts()
    assert post.body == RISKY_BODY
    assert not form.asking
    shown = visible_text(form.status.value)
    assert shown.startswith("Posted, but not safe yet:")
    assert "Your post: “0712 345 678”." in shown
    assert "Done:" not in shown
    assert "tk-done" not in form.status.value
    assert "tk-warn" in form.status.value
    assert 'id="post-1"' in form.status.value
    assert not form.feedback.passed  # the check does not pass while the number is there
    assert (form.title.value, form.body.value) == ("", "")


def test_a_risky_title_is_named_by_its_label():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "Call me: 0712 345 678", "I would like to meet other women who read.")
    form.submit.click()
    assert forum.posts() == []
    assert "Title: “0712 345 678”." in visible_text(form.status.value)


def test_editing_after_the_warning_asks_again():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.body.value = "I live at 14 Lotus Lane. Call me on 0712 345 999"
    form.submit.click()
    assert forum.posts() == []
    assert form.asking
    assert "“0712 345 999”" in visible_text(form.status.value)


def test_post_anyway_after_an_edit_asks_about_the_new_text():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.body.value = "My e-mail is amina.k@example.org, write to me."  # changed, not yet seen
    form.publish_anyway.click()
    assert forum.posts() == []
    assert form.asking
    shown = visible_text(form.status.value)
    assert "“amina.k@example.org”" in shown
    assert "0712 345 678" not in shown
    form.publish_anyway.click()  # now she has seen it
    assert len(forum.posts()) == 1


def test_post_anyway_after_an_edit_to_a_safe_text_posts_with_done():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.body.value = "I live in Riverside. I like to read and to cook."
    form.publish_anyway.click()
    assert len(forum.posts()) == 1
    assert "Done:" in form.status.value


def test_a_confirmation_holds_for_one_post_only():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.publish_anyway.click()
    fill(form, "About me", RISKY_BODY + ".")  # the same kind of detail, in a new post
    form.submit.click()
    assert len(forum.posts()) == 1
    assert form.asking


def test_change_it_goes_back_to_the_field_and_keeps_the_words_in_view(monkeypatch):
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    focused = []
    monkeypatch.setattr(form.body, "focus", lambda: focused.append("body"))
    monkeypatch.setattr(form.title, "focus", lambda: focused.append("title"))
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.change_it.click()
    assert focused == ["body"]
    assert not form.asking
    assert forum.posts() == []
    shown = visible_text(form.status.value)
    assert "press “Post” again" in shown
    assert "Your post: “0712 345 678”." in shown
    assert 'role="alert"' not in form.status.value
    form.body.value = "I live in Riverside. I like to read and to cook."
    form.submit.click()
    assert len(forum.posts()) == 1
    assert "Done:" in form.status.value


def test_change_it_goes_to_the_title_when_the_detail_is_there(monkeypatch):
    form = PostForm(new_forum(), "amina_k")
    focused = []
    monkeypatch.setattr(form.body, "focus", lambda: focused.append("body"))
    monkeypatch.setattr(form.title, "focus", lambda: focused.append("title"))
    fill(form, "Call me: 0712 345 678", "I would like to meet other women who read.")
    form.submit.click()
    form.change_it.click()
    assert focused == ["title"]


def test_a_one_megabyte_risky_body_is_refused_at_once():
    # No scan of a text the forum refuses anyway: its own message shows, on the first press.
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "Call me: 0712 345 678", "Call me on 0712 345 678. " * 45_000)
    form.submit.click()
    assert not form.asking
    assert 'role="alert"' in form.status.value
    assert "too long" in form.status.value
    assert forum.posts() == []


def test_the_forum_refusal_comes_before_the_question():
    # Asked, then refused, then asked again would be one question too many.
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "", RISKY_BODY)
    form.submit.click()
    assert not form.asking
    assert "Write a few words in “Title” first." in form.status.value
    form.title.value = "About me"
    form.submit.click()
    assert form.asking
    form.publish_anyway.click()
    assert len(forum.posts()) == 1


def test_a_double_click_on_post_anyway_posts_once_and_keeps_the_message():
    forum = new_forum()
    form = PostForm(forum, "amina_k")
    fill(form, "About me", RISKY_BODY)
    form.submit.click()
    form.publish_anyway.click()
    form.publish_anyway.click()  # the browser sent two clicks before the buttons were hidden
    form.change_it.click()
    assert len(forum.posts()) == 1
    assert visible_text(form.status.value).startswith("Posted, but not safe yet:")
