"""check_first_post: good and bad first posts."""

from __future__ import annotations

import pytest
import textstat

from toolkit import Forum
from toolkit.checks import check_first_post
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.text import POST_BODY

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
def test_bad_posts_say_what_is_missing(forum: Forum, title: str, body: str, expected: str) -> None:
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


# ----------------------------------------------------------------------------- risky details
ISSUE_POST = "I live at 14 Lotus Lane, next to the blue school. Call me on 0712 345 678"


def test_the_issues_risky_post_is_not_yet_and_names_the_number(forum: Forum) -> None:
    forum.post("amina_k", "Hello everyone", ISSUE_POST)
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    phone = next(m for m in fb.missing if "“0712 345 678”" in m)
    assert phone.endswith("call or text you, at any hour.")
    assert any("Lotus Lane" in m for m in fb.missing), fb.missing
    # The hint is the first finding's safer way.
    assert (fb.hint or "").startswith("A safer way: Leave out house numbers")
    assert set(fb.private) >= {"0712 345 678"}
    assert not any("0712" in m or "Lotus" in m for m in fb.recorded())


@pytest.mark.parametrize(
    ("title", "body", "words"),
    [
        ("Call me", LONG + " Call me on 0712 345 678.", "0712 345 678"),
        ("Text me on 0712 345 678", LONG, "0712 345 678"),
        (
            "Sewing",
            LONG + " Write to me at lucia.fernandez88@correo.example please.",
            "lucia.fernandez88@correo.example",
        ),
    ],
    ids=["phone-in-body", "phone-in-title", "email"],
)
def test_a_risky_detail_in_title_or_body_is_named(
    forum: Forum, title: str, body: str, words: str
) -> None:
    forum.post("amina_k", title, body)
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    assert any(words in m for m in fb.missing), fb.missing
    # Safety comes first; the other parts of the post are still praised.
    assert words in fb.missing[0]
    assert "You wrote in normal letters, not all capitals." in fb.good


def test_the_longest_post_the_forum_takes_is_still_scanned(forum: Forum) -> None:
    body = "Call me on 0712 345 678. " + "We need water. " * 700
    body = body[: POST_BODY.max]
    forum.post("amina_k", "A long post about water", body)
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    assert any("0712 345 678" in m for m in fb.missing), fb.missing


def test_safety_and_length_are_both_reported(forum: Forum) -> None:
    forum.post("amina_k", "Call me", "Call me on 0712 345 678.")
    fb = check_first_post(forum, "amina_k")
    assert "0712 345 678" in fb.missing[0]
    assert any("Your post is short" in m for m in fb.missing)
    assert (fb.hint or "").startswith("A safer way: ")


def test_naming_a_forum_member_is_not_a_risk(forum: Forum) -> None:
    forum.join("grace_w", "Grace Wanjiru")
    forum.post("amina_k", "Thank you", "Thank you Grace Wanjiru for the tips. " + LONG)
    fb = check_first_post(forum, "amina_k")
    assert fb.passed, fb


def test_fixing_the_post_makes_it_pass(forum: Forum) -> None:
    post = forum.post("amina_k", "Clean water", LONG + " Call me on 0712 345 678.")
    assert not check_first_post(forum, "amina_k").passed
    forum.edit(post, "amina_k", body=LONG + " Send me a private message.")
    assert check_first_post(forum, "amina_k").passed


def test_post_messages_read_at_grade_six_or_below(forum: Forum) -> None:
    forum.post("amina_k", "Hello everyone", ISSUE_POST)
    failed = check_first_post(forum, "amina_k")
    forum.post("amina_k", "Clean water", LONG)
    passed = check_first_post(forum, "amina_k")
    # recorded(): her own words left out, so only our sentences are measured.
    for line in [*failed.recorded(), *passed.recorded(), failed.hint or ""]:
        assert textstat.flesch_kincaid_grade(line) <= 6, line


def test_a_new_version_without_the_address_passes_as_the_hint_says(forum: Forum) -> None:
    # The post form cannot edit, so the hint offers a new version; the check reads the newest.
    forum.post("amina_k", "Hello everyone", ISSUE_POST)
    hint = check_first_post(forum, "amina_k").hint or ""
    assert hint.endswith("Then take it out: edit your post, or post a new version without it.")
    forum.post(
        "amina_k",
        "Broken lamps on our road",
        "The street lamps on a road many of us walk home on are broken. "
        "Could we ask the council to repair them before the dark months?",
    )
    assert check_first_post(forum, "amina_k").passed
