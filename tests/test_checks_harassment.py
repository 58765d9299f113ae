"""Lesson 9's checks: the evidence log, the report log, the block form, mute or block."""

from __future__ import annotations

import pytest

from toolkit.checks.harassment import (
    EVIDENCE_FIELDS,
    RESPONSES,
    block_by_name,
    check_blocked,
    check_evidence_log,
    check_report_log,
    check_responses,
    evidence_fields,
    report_log_fields,
    response_choices,
    response_items,
)
from toolkit.forum.model import Comment
from toolkit.forum.sample import sample_forum
from toolkit.forum.service import Forum

Setup = tuple[Forum, Comment, dict[str, str]]


@pytest.fixture
def setup() -> Setup:
    forum = sample_forum()
    forum.join("learner_one", "You")
    forum.join("rude_guest", "Guest")
    post = forum.posts()[-1]
    bad = forum.comment(post, "rude_guest", "Nobody wants to read this. Stop posting.")
    at = bad.created_at
    log = {
        "when": f"{at:%d %b %Y}, {at:%H:%M} UTC",
        "where": bad.anchor,
        "who": "@rude_guest",
        "profile": bad.author.anchor,
        "what": bad.body,
    }
    return forum, bad, log


def test_good_log_passes(setup: Setup) -> None:
    forum, bad, log = setup
    assert check_evidence_log(forum, log, bad).passed
    at = bad.created_at
    other_ways = [
        {"when": f"{at.date().isoformat()} {at:%H:%M} +00:00"},
        {"when": f"{at:%B} {at.day}, {at:%H.%M} GMT"},
        {"when": at.isoformat()},
        {"where": "https://forum.example/post-3#" + bad.anchor},
        {"profile": f"https://forum.example/{bad.author.anchor}"},
        {"profile": str(bad.author.id)},
        {"what": "  " + bad.body + " "},
        {"who": "Guest"},
    ]
    for change in other_ways:
        assert check_evidence_log(forum, {**log, **change}, bad.anchor).passed, change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"when": "1 Jan 1999, {time} UTC"}, "The date does not match"),
        ({"when": "{day} UTC"}, "no time, only a day"),
        ({"when": "{day}, 23:59 UTC"}, "The time does not match"),
        ({"when": "{day}, {time}"}, "does not say the time zone"),
        ({"when": ""}, "does not say when"),
        ({"where": "post-1"}, "does not point to this comment"),
        ({"where": ""}, "no link to the comment"),
        ({"profile": "member-1"}, "not the profile of the person"),
        ({"profile": ""}, "no link to the person's profile"),
        ({"what": "Stop posting."}, "not exactly the words"),
        ({"what": ""}, "does not keep the words"),
        ({"who": "amina_k"}, "not the author"),
        ({"who": ""}, "does not say who"),
    ],
    ids=lambda value: value if isinstance(value, str) else next(iter(value)),
)
def test_bad_log_names_what_is_missing(setup: Setup, change: dict[str, str], expected: str) -> None:
    forum, bad, log = setup
    at = bad.created_at
    filled = {k: v.format(day=f"{at:%d %b %Y}", time=f"{at:%H:%M}") for k, v in change.items()}
    result = check_evidence_log(forum, {**log, **filled}, bad)
    assert not result.passed
    assert any(expected in line for line in result.missing), result.missing
    assert result.hint
    # The abusive words are never repeated in the feedback.
    assert all(bad.body not in line for line in [*result.good, *result.missing])


@pytest.mark.parametrize("log", [None, "comment", []])
def test_wrong_shapes_never_raise(setup: Setup, log: object) -> None:
    forum, bad, _ = setup
    assert not check_evidence_log(forum, log, bad).passed  # type: ignore[arg-type]
    assert not check_evidence_log(forum, {}, "comment-999").passed


def test_form_labels_cover_every_box() -> None:
    assert (
        list(evidence_fields())
        == list(EVIDENCE_FIELDS)
        == [
            "when",
            "where",
            "who",
            "profile",
            "what",
        ]
    )
    assert list(report_log_fields()) == ["when", "where", "answer"]


def test_report_log(setup: Setup) -> None:
    forum, bad, _ = setup
    log = {"when": "2 March, 12:05", "where": "The Report button", "answer": "No answer yet"}
    before = check_report_log(forum, "learner_one", log, bad)
    assert not before.passed
    assert "not reported this comment yet" in before.missing[0]
    forum.report(bad, "learner_one", "harassment", "It tells her to stop posting.")
    assert check_report_log(forum, "learner_one", log, bad).passed
    empty = check_report_log(forum, "learner_one", {"when": "", "where": "", "answer": ""}, bad)
    assert not empty.passed
    assert len(empty.missing) == 3
    no_time = check_report_log(forum, "learner_one", {**log, "when": "Monday"}, bad)
    assert [line for line in no_time.missing if "date and the time" in line]


def test_blocked(setup: Setup) -> None:
    forum, _, _ = setup
    assert not check_blocked(forum, "learner_one", "rude_guest").passed
    forum.block("learner_one", "rude_guest")
    assert check_blocked(forum, "learner_one", "rude_guest").passed
    assert not check_blocked(forum, "learner_one", "nobody_here").passed


def test_block_form_blocks_only_the_author(setup: Setup) -> None:
    forum, bad, _ = setup
    friend = block_by_name(forum, "learner_one", "amina_k", bad.author)
    assert not friend.passed
    assert "Nobody was blocked" in friend.missing[0]
    assert forum.blocked("learner_one") == []
    assert not block_by_name(forum, "learner_one", "  ", bad.author).passed
    assert forum.blocked("learner_one") == []
    done = block_by_name(forum, "learner_one", " @Rude_Guest ", bad.author)
    assert done.passed
    assert [m.handle for m in forum.blocked("learner_one")] == ["rude_guest"]


def test_responses_graded_by_risk() -> None:
    key = {k: best for k, (_text, best, _why) in RESPONSES.items()}
    assert check_responses(key).passed
    # A polite threat is still a threat: calling it "mute" fails and says why.
    polite = check_responses({**key, "threat": "mute"})
    assert not polite.passed
    assert any("threat" in line for line in polite.missing)
    # A block that the cousin would notice is the wrong choice.
    assert not check_responses({**key, "cousin": "block"}).passed
    unchosen = check_responses({**key, "stranger": None})
    assert any("situation 3" in line for line in unchosen.missing)
    assert not check_responses("mute").passed  # type: ignore[arg-type]
    assert set(response_items()) == set(RESPONSES)
    assert {value for _label, value in response_choices()} == set(key.values())
