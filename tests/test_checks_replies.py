"""check_kind_reply: replies that respond kindly, and ones that do not."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_kind_reply
from toolkit.checks.replies import content_words
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.model import Post


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.join("lena_m", "Lena")
    f.post(
        "amina_k",
        "Clean water",
        "The pump at the east well has been broken for two weeks. Families walk to the river.",
    )
    return f


def _water(forum: Forum) -> Post:
    return next(p for p in forum.posts() if p.title == "Clean water")


@pytest.mark.parametrize(
    "body",
    [
        "Two weeks without the pump is too long. I will help.",
        "Could we write to the council together?",
        "Thank you, you are brave to start this.",
        "The pump matters. Small typo in the title, but the idea is great.",
    ],
    ids=["shares-content-word", "asks-question", "second-person", "grammar-plus-content"],
)
def test_kind_replies_pass(forum: Forum, body: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert fb.passed, fb


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Your spelling is bad.", "spelling or grammar"),
        ("Learn english grammar first", "spelling or grammar"),
        ("Nice weather today.", "does not say anything"),
        ("Stupid idea about the pump.", "hurtful words"),
        ("Shut up, you idiot.", "hurtful words"),
        ("THE PUMP IS NOT MY PROBLEM AT ALL", "capital letters"),
    ],
    ids=["spelling", "grammar", "off-topic", "insult", "two-insults", "shouting"],
)
def test_unkind_or_off_topic_replies_fail(forum: Forum, body: str, expected: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m")
    assert not fb.passed
    assert any(expected in line for line in fb.missing), fb.missing
    assert fb.hint


def test_grammar_hint_says_respond_to_content(forum: Forum) -> None:
    forum.comment(_water(forum), "lena_m", "Your grammar is wrong.")
    assert "not the grammar" in (check_kind_reply(forum, "lena_m").hint or "")


def test_reply_to_a_comment_is_compared_with_that_comment(forum: Forum) -> None:
    first = forum.comment(_water(forum), "amina_k", "I will bring the petition to the market.")
    forum.reply(first, "lena_m", "The petition at the market sounds good.")
    fb = check_kind_reply(forum, "lena_m", first)
    assert fb.passed, fb


def test_no_reply_on_that_post(forum: Forum) -> None:
    other = forum.post("lena_m", "Market lights", "Three street lights on Market Road are out.")
    forum.comment(other, "amina_k", "The lights on Market Road need fixing, yes.")
    fb = check_kind_reply(forum, "amina_k", _water(forum))
    assert not fb.passed
    assert fb.missing == ["You have not replied to this post yet."]


@pytest.mark.parametrize("target", [3.5, object()], ids=["float", "object"])
def test_wrong_target_type_never_raises(forum: Forum, target: object) -> None:
    fb = check_kind_reply(forum, "lena_m", target)  # type: ignore[arg-type]
    assert not fb.passed


def test_content_words_ignore_common_and_short_words() -> None:
    assert content_words("This is the pump, really! Wells") == {"pump", "well"}
