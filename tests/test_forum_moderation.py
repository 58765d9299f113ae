"""Moderation (toolkit/forum/moderation.py): reactions, reports, trainers' actions, the log."""

from __future__ import annotations

import pytest
from forum_fixtures import World, new_world

from toolkit.forum.errors import NotAllowed, NotFound
from toolkit.forum.model import Report


@pytest.fixture
def world() -> World:
    return new_world()


def test_react_and_unreact(world: World) -> None:
    forum = world.forum
    forum.react(world.post, world.bob, "like")
    forum.react(world.post, world.tessa, "like")
    forum.react(world.post, world.bob, "celebrate")
    assert forum.get(world.post).reactions == (("like", 2), ("celebrate", 1))
    forum.unreact(world.post, world.bob, "like")
    assert forum.get(world.post).reactions == (("like", 1), ("celebrate", 1))
    with pytest.raises(NotFound):
        forum.unreact(world.post, world.bob, "like")


def test_report_and_resolve(world: World) -> None:
    forum = world.forum
    report = forum.report(world.comment, world.amina, "spam", "Looks like an advert.")
    assert isinstance(report, Report)
    assert (report.target, report.reporter, report.reason, report.status) == (
        world.comment.anchor,
        "amina_k",
        "spam",
        "open",
    )
    member_report = forum.report(world.bob, world.amina, "impersonation")
    assert member_report.target == f"member-{world.bob.id}"
    assert [r.id for r in forum.reports()] == [report.id, member_report.id]
    with pytest.raises(NotAllowed):
        forum.resolve_report(report, world.bob)
    closed = forum.resolve_report(report, world.tessa, "dismissed")
    assert closed.status == "dismissed"
    assert [r.id for r in forum.reports()] == [member_report.id]
    assert len(forum.reports(None)) == 2
    # Once closed, the same report may be made again.
    forum.report(world.comment, world.amina, "spam")


def test_report_a_message(world: World) -> None:
    message = world.forum.send(world.bob, world.amina, "Click this link to win a prize!")
    report = world.forum.report(message, world.amina, "phishing")
    assert report.target == message.anchor
    with pytest.raises(NotFound):
        world.forum.report(message, world.tessa, "phishing")


def test_moderation_and_its_log(world: World) -> None:
    forum = world.forum
    forum.hide(world.comment, world.tessa, "Checking a report")
    assert forum.get(world.comment).status == "hidden"
    forum.unhide(world.comment, world.tessa, "It was fine")
    forum.remove(world.comment, world.tessa, "Spam after all")
    assert forum.get(world.comment).status == "removed"
    forum.restore(world.comment, world.tessa, "Appeal accepted")
    assert forum.get(world.comment).status == "visible"
    forum.lock(world.post, world.tessa, "Solved")
    assert forum.get(world.post).locked
    forum.unlock(world.post, world.tessa, "Reopened")
    assert not forum.get(world.post).locked
    forum.comment(world.post, world.bob, "Glad it is open again.")
    log = forum.moderation_log()
    assert [(a.action, a.target, a.actor) for a in log] == [
        ("hide", world.comment.anchor, "tessa"),
        ("unhide", world.comment.anchor, "tessa"),
        ("remove", world.comment.anchor, "tessa"),
        ("restore", world.comment.anchor, "tessa"),
        ("lock", "post-1", "tessa"),
        ("unlock", "post-1", "tessa"),
    ]
    assert log[2].reason == "Spam after all"
    with pytest.raises(NotAllowed):
        forum.lock(world.comment, world.tessa, "Comments cannot be locked")


def test_reactions_query_lists_who_reacted_to_what() -> None:
    from toolkit.forum.sample import sample_forum

    forum = sample_forum()
    given = forum.reactions("lena_m")
    assert [(r.member, r.target, r.kind) for r in given] == [("lena_m", "post-1", "support")]
    assert len(forum.reactions()) == 2


def test_resolving_a_report_records_which_trainer_closed_it(world: World) -> None:
    forum = world.forum
    second = forum.join("tomas", "Tomas", role="trainer")
    spam = forum.report(world.comment, world.amina, "spam", "Looks like an advert.")
    rude = forum.report(world.other_post, world.amina, "harassment")
    assert (spam.resolved_by, rude.resolved_by) == (None, None)
    assert forum.resolve_report(spam, world.tessa).resolved_by == "tessa"
    assert forum.resolve_report(rude.id, second, "dismissed").resolved_by == "tomas"
    # Read back from the database, not only from what resolve_report returned.
    assert {(r.id, r.status, r.resolved_by) for r in forum.reports(None)} == {
        (spam.id, "resolved", "tessa"),
        (rude.id, "dismissed", "tomas"),
    }
    # A refused close records nobody.
    again = forum.report(world.comment, world.bob, "spam")
    with pytest.raises(NotAllowed):
        forum.resolve_report(again, world.bob)
    assert forum.reports()[0].resolved_by is None
