"""One contract, two forums: a local ``Forum()`` and a board reached with ``Forum.connect``.

Every test here runs against both. A refusal must raise the same class with the same message,
and leave the forum as it was. Where a board differs on purpose (it never lets a connection act
as someone it did not join, learners never read hidden words) the test says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from board_support import running_board

from toolkit.forum.errors import (
    Duplicate,
    ForumError,
    HandleError,
    InvalidText,
    NotAllowed,
    NotFound,
    QuoteError,
)
from toolkit.forum.model import Comment, FrontPage, Inbox, Member, Post, Quote, Reaction, Report
from toolkit.forum.service import Forum

BODY = "Our well needs a new pump before the dry season. Who knows a mechanic in town?"


class Side:
    """A forum under test plus how to get members on it (joined through it, so it may act)."""

    def __init__(self, kind: str, forum: Any, trainer: Member) -> None:
        self.kind, self.forum = kind, forum
        self.trainer: Member = trainer

    def learner(self, handle: str, name: str | None = None) -> Member:
        return self.forum.join(handle, name)  # type: ignore[no-any-return]


@pytest.fixture(params=["local", "remote"])
def side(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Side]:
    if request.param == "local":
        forum = Forum()
        forum.join("first_member", "First")
        trainer = forum.join("tessa", "Tessa", role="trainer")
        yield Side("local", forum, trainer)
        forum.close()
        return
    with running_board(tmp_path / "b.sqlite") as board:
        remote = Forum.connect(board.url, code=board.code, handle="first_member")
        trainer = remote.trainer_login(board.trainer_key)
        yield Side("remote", remote, trainer)
        remote.close()


@pytest.fixture
def forum(side: Side) -> Any:
    return side.forum


def refusal(call: Any, *args: Any, **kwargs: Any) -> ForumError:
    with pytest.raises(ForumError) as caught:
        call(*args, **kwargs)
    return caught.value


# The same refusal must read the same on both sides: collected per test, compared at the end.
MESSAGES: dict[str, dict[str, tuple[type, str]]] = {}


def same_on_both(side: Side, name: str, error: ForumError) -> None:
    seen = MESSAGES.setdefault(name, {})
    seen[side.kind] = (type(error), error.message)
    if len(seen) == 2:
        assert seen["local"] == seen["remote"], name


# --------------------------------------------------------------------------- members
def test_join_gives_a_member(side: Side) -> None:
    amina = side.learner("amina_k", "Amina")
    assert isinstance(amina, Member)
    assert (amina.handle, amina.display_name, amina.role) == ("amina_k", "Amina", "learner")
    assert side.forum.member("amina_k") == amina
    assert "amina_k" in [m.handle for m in side.forum.members()]


@pytest.mark.parametrize(
    "handle",
    ["first_member", "FIRST_MEMBER", "first_membeг", "admin", "a b", "x", "", "amina!"],
)
def test_join_refusals_are_the_same(side: Side, handle: str) -> None:
    before = [m.handle for m in side.forum.members()]
    error = refusal(side.forum.join, handle)
    assert isinstance(error, HandleError)
    same_on_both(side, f"join {handle!r}", error)
    assert [m.handle for m in side.forum.members()] == before


def test_unknown_member_is_not_found(side: Side) -> None:
    error = refusal(side.forum.member, "nobody_here")
    assert isinstance(error, NotFound)
    same_on_both(side, "unknown member", error)


# --------------------------------------------------------------------------- posts
def test_post_comment_reply_and_thread_order(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    post = f.post(amina, "Clean water", BODY)
    assert isinstance(post, Post)
    assert (post.title, post.body, post.author, post.depth) == ("Clean water", BODY, amina, 0)
    comment = f.comment(post, bob, "My cousin repairs pumps. I will ask him tonight.")
    assert isinstance(comment, Comment)
    assert (comment.post_id, comment.parent_id, comment.depth) == (post.id, None, 1)
    reply = f.reply(comment, amina, "Thank you Bob, that would help us a lot.")
    assert (reply.parent_id, reply.depth) == (comment.id, 2)
    later = f.comment(post.anchor, amina, "The pump is the blue one by the school gate.")
    thread = f.thread(post)
    assert [c.id for c in thread.comments] == [comment.id, reply.id, later.id]
    assert f.get(comment.anchor) == comment
    assert f.get(post.id) == post


def test_posts_newest_first_and_front_page(side: Side) -> None:
    f = side.forum
    amina = side.learner("amina_k")
    first = f.post(amina, "First thread", BODY)
    second = f.post(amina, "Second thread", BODY + " Thanks!")
    assert [p.id for p in f.posts()][:2] == [second.id, first.id]
    page = f.front_page()
    assert isinstance(page, FrontPage)
    assert [p.id for p in page.posts][:2] == [second.id, first.id]
    assert [p.id for p in f][:2] == [second.id, first.id]
    assert "Second thread" in str(f)


@pytest.mark.parametrize("ref", ["post-999", 999, "comment-999", "post-x", True, "message-1"])
def test_missing_posts_are_not_found(side: Side, ref: object) -> None:
    error = refusal(side.forum.get, ref)
    assert isinstance(error, NotFound)
    same_on_both(side, f"get {ref!r}", error)


@pytest.mark.parametrize(
    ("title", "body"),
    [("", BODY), ("Hi", ""), ("Title", "x" * 20_000), ("Title", "   ")],
)
def test_bad_posts_are_refused_and_change_nothing(side: Side, title: str, body: str) -> None:
    amina = side.learner("amina_k")
    before = side.forum.posts()
    error = refusal(side.forum.post, amina, title, body)
    assert isinstance(error, InvalidText)
    same_on_both(side, f"post {title!r} {body[:10]!r}", error)
    assert side.forum.posts() == before


# --------------------------------------------------------------------------- quotes
def test_quote_is_verified(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    post = f.post(amina, "Clean water", BODY)
    quote = f.quote(post, "a new pump before the dry season")
    assert isinstance(quote, Quote)
    assert (quote.source_id, quote.source_author) == (post.id, "amina_k")
    comment = f.comment(
        post, bob, "I agree, we should collect money for it this week.", quote=quote
    )
    assert comment.quote is not None
    assert comment.quote.excerpt == "a new pump before the dry season"
    error = refusal(f.quote, post, "a new bicycle before the rains")
    assert isinstance(error, QuoteError)
    same_on_both(side, "quote not verbatim", error)


# --------------------------------------------------------------------------- reactions, reports
def test_react_unreact_duplicate(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    post = f.post(amina, "Clean water", BODY)
    reaction = f.react(post, bob, "support")
    assert isinstance(reaction, Reaction)
    assert (reaction.member, reaction.target, reaction.kind) == ("bob_t", post.anchor, "support")
    assert dict(f.get(post).reactions) == {"support": 1}
    error = refusal(f.react, post, bob, "support")
    assert isinstance(error, Duplicate)
    same_on_both(side, "react twice", error)
    own = refusal(f.react, post, amina, "like")
    assert isinstance(own, NotAllowed)
    same_on_both(side, "react own", own)
    assert [r.kind for r in f.reactions("bob_t")] == ["support"]
    f.unreact(post, bob, "support")
    assert f.get(post).reactions == ()


def test_report(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    post = f.post(amina, "Clean water", BODY)
    report = f.report(post, bob, "spam", "Looks like an advert.")
    assert isinstance(report, Report)
    assert (report.target, report.reporter, report.status) == (post.anchor, "bob_t", "open")
    again = refusal(f.report, post, bob, "spam")
    assert isinstance(again, Duplicate)
    same_on_both(side, "report twice", again)
    bad = refusal(f.report, post, bob, "boring")
    assert isinstance(bad, InvalidText)
    same_on_both(side, "report reason", bad)
    assert [r.id for r in f.reports()] == [report.id]
    f.report(amina, bob, "impersonation")
    assert len(f.reports()) == 2


# --------------------------------------------------------------------------- edits
def test_edit_revisions_delete(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    post = f.post(amina, "Clean water", BODY)
    edited = f.edit(post, amina, BODY + " Thanks to all.", title="Clean water now")
    assert (edited.title, edited.edited_at is not None) == ("Clean water now", True)
    assert [r.body for r in f.revisions(post)] == [BODY]
    before = f.posts()
    deleted = f.delete(post, amina)
    assert deleted.status == "withdrawn"
    assert f.posts() != before
    gone = refusal(f.edit, post, amina, BODY)
    assert isinstance(gone, NotAllowed)
    same_on_both(side, "edit deleted", gone)
    other = f.post(bob, "School roof", "The school roof leaks when it rains hard.")
    before = f.posts()
    not_yours = refusal(f.edit, other, amina, "Changed by someone else, which is not allowed.")
    assert isinstance(not_yours, NotAllowed)
    same_on_both(side, "edit not yours", not_yours)
    assert f.posts() == before


# --------------------------------------------------------------------------- messages, blocks
def test_messages_inbox_block(side: Side) -> None:
    f = side.forum
    amina, bob = side.learner("amina_k"), side.learner("bob_t")
    message = f.send(amina, bob, "Could you send me your cousin's number, please?", "Pump")
    assert (message.sender, message.recipient, message.subject) == (amina, bob, "Pump")
    inbox = f.inbox(bob)
    assert isinstance(inbox, Inbox)
    assert [m.id for m in inbox] == [message.id]
    read = f.message(message.id, bob)
    assert read.read is True
    f.block(bob, amina)
    assert [m.handle for m in f.blocked(bob)] == ["amina_k"]
    blocked = refusal(f.send, amina, bob, "Hello again, are you there?")
    assert isinstance(blocked, NotAllowed)
    same_on_both(side, "send blocked", blocked)
    f.unblock(bob, "amina_k")
    assert f.blocked(bob) == []
    not_yours = refusal(f.message, message.id, side.trainer)
    assert isinstance(not_yours, (NotAllowed, NotFound))
    same_on_both(side, "read others' message", not_yours)


# --------------------------------------------------------------------------- moderation
def test_moderation_by_the_trainer(side: Side) -> None:
    f = side.forum
    amina = side.learner("amina_k")
    post = f.post(amina, "Clean water", BODY)
    action = f.hide(post, side.trainer, "Checking with the family first.")
    assert (action.action, action.target, action.actor) == (
        "hide",
        post.anchor,
        side.trainer.handle,
    )
    locked = f.lock(post, side.trainer, "Calm down for a day.")
    assert locked.action == "lock"
    f.unhide(post, side.trainer, "All fine.")
    assert [a.action for a in f.moderation_log()] == ["hide", "lock", "unhide"]
    closed = refusal(f.comment, post, amina, "Can I still write here, please?")
    assert isinstance(closed, NotAllowed)
    same_on_both(side, "comment locked", closed)


def test_learners_cannot_moderate(side: Side) -> None:
    f = side.forum
    amina = side.learner("amina_k")
    post = f.post(amina, "Clean water", BODY)
    error = refusal(f.hide, post, amina, "I do not like it.")
    assert isinstance(error, NotAllowed)
    same_on_both(side, "learner hides", error)
    assert f.get(post).status == "visible"
