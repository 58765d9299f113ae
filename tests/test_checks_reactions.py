"""check_reactions: reacting to at least two different posts or comments by other members."""

from __future__ import annotations

import pytest

from toolkit.checks.reactions import check_reactions
from toolkit.forum.sample import sample_forum


@pytest.mark.parametrize(
    ("reactions", "passed"),
    [
        pytest.param([("post-1", "support"), ("post-5", "like")], True, id="two-posts"),
        pytest.param([("post-8", "thanks"), ("comment-2", "support")], True, id="post-and-comment"),
        pytest.param(
            [("post-1", "like"), ("post-5", "like"), ("post-8", "celebrate")], True, id="three"
        ),
        pytest.param([], False, id="none"),
        pytest.param([("post-1", "like")], False, id="only-one"),
        pytest.param([("post-1", "like"), ("post-1", "support")], False, id="same-post-twice"),
    ],
)
def test_reactions(reactions: list[tuple[str, str]], passed: bool) -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    for target, kind in reactions:
        forum.react(target, me, kind)
    result = check_reactions(forum, me)
    assert result.passed is passed, str(result)
    assert result.missing or passed


def test_reactions_on_removed_posts_do_not_count() -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    forum.react("post-1", me, "like")
    forum.react("post-5", me, "like")
    forum.remove("post-5", "coach_ines", "Test")
    assert not check_reactions(forum, me).passed


def test_minimum_can_be_changed() -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    forum.react("post-1", me, "like")
    assert check_reactions(forum, me, minimum=1).passed


@pytest.mark.parametrize("bad", [None, 42, "nobody_here"])
def test_bad_member_gives_feedback_not_an_error(bad: object) -> None:
    result = check_reactions(sample_forum(), bad)
    assert not result.passed
    assert result.missing


def test_no_forum_gives_feedback_not_an_error() -> None:
    assert not check_reactions(None, "amina_k").passed
