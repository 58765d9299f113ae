"""check_first_post: good and bad first posts."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_first_post
from toolkit.forum.clock import SimulatedClock

LONG = (
    "Our well in the village has been broken for three weeks. "
    "Families walk two hours to fetch water every day."
)


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    return f


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Clean water", LONG),
        ("Streetlights", LONG),
        ("Water news", LONG + " More at https://example.org/water, please read it."),
        ("Our well", "Link: www.example.org/w " + LONG),
    ],
    ids=["two-word-title", "long-one-word-title", "words-and-link", "link-first"],
)
def test_good_posts_pass(forum: Forum, title: str, body: str) -> None:
    forum.post("amina_k", title, body)
    fb = check_first_post(forum, "amina_k")
    assert fb.passed, fb
    assert fb.missing == []
    assert fb.hint is None


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Look", LONG, "title is very short"),
        ("Clean water", "https://example.org/news/water-crisis", "mostly a link"),
        ("Clean water", "Read this: https://example.org/a and www.example.org/b", "mostly a link"),
        ("Clean water", "The well is broken again.", "Your post is short: 5 words"),
        ("CLEAN WATER", LONG.upper(), "capital letters"),
    ],
    ids=["short-title", "bare-link", "two-links-few-words", "short-body", "all-caps"],
)
def test_bad_posts_say_what_is_missing(
    forum: Forum, title: str, body: str, expected: str
) -> None:
    forum.post("amina_k", title, body)
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    assert any(expected in line for line in fb.missing), fb.missing
    assert fb.hint


def test_latest_post_counts(forum: Forum) -> None:
    forum.post("amina_k", "Look", "Short one here.")
    forum.post("amina_k", "Clean water", LONG)
    assert check_first_post(forum, "amina_k").passed


def test_other_members_posts_do_not_count(forum: Forum) -> None:
    forum.join("lena_m", "Lena")
    forum.post("lena_m", "Clean water", LONG)
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    assert fb.missing == ["You have not posted anything yet."]


@pytest.mark.parametrize(
    ("forum_arg", "member"),
    [("forum", "nobody_here"), ("forum", 42), (None, "amina_k"), ("not a forum", "amina_k")],
    ids=["unknown-member", "member-wrong-type", "no-forum", "forum-wrong-type"],
)
def test_learner_mistakes_never_raise(forum: Forum, forum_arg: object, member: object) -> None:
    fb = check_first_post(forum if forum_arg == "forum" else forum_arg, member)  # type: ignore[arg-type]
    assert not fb.passed
    assert fb.missing
    assert fb.hint
