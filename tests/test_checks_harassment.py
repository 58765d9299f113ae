"""check_evidence_log and check_blocked (lesson 9)."""

from __future__ import annotations

import pytest

from toolkit.checks.harassment import check_blocked, check_evidence_log
from toolkit.forum.model import Comment
from toolkit.forum.sample import sample_forum
from toolkit.forum.service import Forum


@pytest.fixture
def setup() -> tuple[Forum, Comment, dict[str, str]]:
    forum = sample_forum()
    forum.join("learner_one", "You")
    forum.join("rude_guest", "Guest")
    post = forum.posts()[-1]
    bad = forum.comment(post, "rude_guest", "Nobody wants to read this. Stop posting.")
    log = {
        "date": bad.created_at.date().isoformat(),
        "where": bad.anchor,
        "what": bad.body,
        "who": "@rude_guest",
    }
    return forum, bad, log


def test_good_log_passes(setup: tuple[Forum, Comment, dict[str, str]]) -> None:
    forum, bad, log = setup
    assert check_evidence_log(forum, log, bad).passed
    assert check_evidence_log(forum, {**log, "where": "#" + bad.anchor}, bad.anchor).passed
    assert check_evidence_log(forum, {**log, "what": "  " + bad.body + " "}, bad).passed


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date": "1999-01-01"}, "The date does not match"),
        ({"date": ""}, "no date"),
        ({"where": "post-1"}, "does not point to this comment"),
        ({"what": "Stop posting."}, "not exactly the words"),
        ({"what": ""}, "does not keep the words"),
        ({"who": "amina_k"}, "not the author"),
        ({"who": ""}, "does not say who"),
    ],
)
def test_bad_log_names_what_is_missing(
    setup: tuple[Forum, Comment, dict[str, str]], change: dict[str, str], expected: str
) -> None:
    forum, bad, log = setup
    result = check_evidence_log(forum, {**log, **change}, bad)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    # The abusive words are never repeated in the feedback.
    assert all(bad.body not in line for line in [*result.good, *result.missing])


@pytest.mark.parametrize("log", [None, "comment", []])
def test_wrong_shapes_never_raise(
    setup: tuple[Forum, Comment, dict[str, str]], log: object
) -> None:
    forum, bad, _ = setup
    assert not check_evidence_log(forum, log, bad).passed  # type: ignore[arg-type]
    assert not check_evidence_log(forum, {}, "comment-999").passed


def test_blocked(setup: tuple[Forum, Comment, dict[str, str]]) -> None:
    forum, _, _ = setup
    assert not check_blocked(forum, "learner_one", "rude_guest").passed
    forum.block("learner_one", "rude_guest")
    assert check_blocked(forum, "learner_one", "rude_guest").passed
    assert not check_blocked(forum, "learner_one", "nobody_here").passed
