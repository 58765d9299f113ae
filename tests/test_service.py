"""The Forum facade (toolkit/forum/service.py): its public API, shared settings, calls across parts.

Each part has its own module: tests/test_forum_members.py, _posts, _quotes, _moderation, _messages.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from forum_fixtures import World, assert_plain_message, new_world

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import ForumError, TooFast
from toolkit.forum.model import Member, Reaction
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum


@pytest.fixture
def world() -> World:
    return new_world()


def test_member_or_handle_accepted_everywhere(world: World) -> None:
    forum = world.forum
    post = forum.post("amina_k", "By handle", "Posted using a handle string.")
    assert post.author == world.amina
    forum.comment(post, "BOB_T", "A comment by handle.")
    assert forum.react(post, "bob_t", "thanks") == Reaction("bob_t", post.anchor, "thanks")
    forum.report(post, "bob_t", "other", "Checking handles.")
    forum.hide(post, "tessa", "Checking")
    forum.unhide(post, world.tessa, "Fine")
    forum.send("bob_t", world.amina, "Hello by handle.")
    assert len(forum.inbox("amina_k")) == 1
    forum.block("amina_k", "bob_t")
    assert forum.blocked(world.amina) == [world.bob]


# --------------------------------------------------------------------------- pace limits
def _send(forum: Forum, who: Member, to: Member, i: int) -> object:
    return forum.send(who, to, f"Question number {i} about the pump.")


def _edit(forum: Forum, who: Member, to: Member, i: int) -> object:
    post = forum.posts()[-1] if who.handle == "amina_k" else forum.posts()[0]
    return forum.edit(post, who, f"Our well needs a new pump (version {i}).")


@pytest.mark.parametrize(
    ("act", "rule"), [(_send, "flood_messages"), (_edit, "flood_edits")], ids=["messages", "edits"]
)
def test_pace_limit_counts_per_member_and_lifts_after_the_window(
    act: Callable[[Forum, Member, Member, int], object], rule: str
) -> None:
    clock = SimulatedClock(step=timedelta(seconds=1))
    forum = Forum(clock=clock, rules=Rules(**{rule: 3}))
    amina, bob = forum.join("amina_k", "Amina"), forum.join("bob_t", "Bob")
    forum.post(amina, "Clean water", "Our well needs a new pump soon.")
    forum.post(bob, "School roof", "The school roof leaks when it rains.")
    for i in range(3):
        act(forum, amina, bob, i)
    with pytest.raises(TooFast) as caught:
        act(forum, amina, bob, 3)
    assert_plain_message(str(caught.value))
    # Someone else is not slowed down by her pace...
    act(forum, bob, amina, 0)
    # ...and a minute later she may go on.
    clock.advance(timedelta(seconds=Rules().flood_window_s))
    act(forum, amina, bob, 4)


def test_forum_arguments_are_checked() -> None:
    for kwargs in ({"title": ""}, {"title": None}, {"rules": 5}, {"clock": "now"}):
        with pytest.raises(ForumError) as caught:
            Forum(**kwargs)  # type: ignore[arg-type]
        assert_plain_message(str(caught.value))
    assert Forum(title="Riverside forum").title == "Riverside forum"


# --------------------------------------------------------------------------- the facade
# The public API as it was before the forum was split by concern: the facade must keep every
# method, parameter, default and annotation (lessons and the README call these).
PUBLIC_API = {
    "block": "(member: MemberRef, other: MemberRef) -> None",
    "blocked": "(member: MemberRef) -> list[Member]",
    "close": "() -> None",
    "connect": "(url: str, *, code: str = '', handle: str, display_name: str | None = None, "
    "pin: str | None = None) -> RemoteForum",
    "comment": "(target: EntryRef, author: MemberRef, body: str, "
    "quote: Quote | None = None) -> Comment",
    "delete": "(item: EntryRef, member: MemberRef) -> Post | Comment",
    "edit": "(item: EntryRef, editor: MemberRef, body: str, "
    "title: str | None = None) -> Post | Comment",
    "front_page": "(viewer: MemberRef | None = None) -> FrontPage",
    "get": "(ref: EntryRef) -> Post | Comment",
    "hide": "(item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "inbox": "(member: MemberRef) -> Inbox",
    "join": "(handle: str, display_name: str | None = None, signature: str | None = None, *, "
    "role: str = 'learner') -> Member",
    "lock": "(post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "member": "(ref: MemberRef) -> Member",
    "members": "() -> list[Member]",
    "message": "(ref: Message | int, reader: MemberRef) -> Message",
    "moderation_log": "() -> list[ModerationAction]",
    "post": "(author: MemberRef, title: str, body: str, quote: Quote | None = None) -> Post",
    "posts": "(viewer: MemberRef | None = None) -> list[Post]",
    "profile": "(member: MemberRef, viewer: MemberRef | None = None) -> dict[str, tuple[str, str]]",
    "quote": "(source: EntryRef | Message, excerpt: str) -> Quote",
    "react": "(target: EntryRef, member: MemberRef, kind: str = 'like') -> Reaction",
    "reactions": "(member: MemberRef | None = None) -> list[Reaction]",
    "remove": "(item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "reply": "(target: EntryRef, author: MemberRef, body: str, "
    "quote: Quote | None = None) -> Comment",
    "report": "(target: EntryRef | Message | Member, reporter: MemberRef, reason: str, "
    "note: str = '') -> Report",
    "reports": "(status: str | None = 'open') -> list[Report]",
    "resolve_report": "(report: Report | int, trainer: MemberRef, "
    "outcome: str = 'resolved') -> Report",
    "restore": "(item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "revisions": "(item: EntryRef) -> list[Revision]",
    "send": "(sender: MemberRef, recipient: MemberRef, body: str, subject: str = '') -> Message",
    "set_display_name": "(member: MemberRef, display_name: str) -> Member",
    "set_privacy": "(member: MemberRef, *, messages_from: str) -> Member",
    "set_profile": "(member: MemberRef, field: str, value: str | None, "
    "visibility: str = 'members') -> dict[str, tuple[str, str]]",
    "set_signature": "(member: MemberRef, signature: str | None) -> Member",
    "thread": "(post: EntryRef, viewer: MemberRef | None = None) -> Thread",
    "unblock": "(member: MemberRef, other: MemberRef) -> None",
    "unhide": "(item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "unlock": "(post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction",
    "unreact": "(target: EntryRef, member: MemberRef, kind: str = 'like') -> None",
}


def _signature(method: Callable[..., object]) -> str:
    # "(self, member: 'MemberRef') -> 'Member'" as "(member: MemberRef) -> Member".
    text = re.sub(r"(: |-> )'([^']*)'", r"\1\2", str(inspect.signature(method)))
    # A staticmethod (connect) has no self to drop.
    return "(" + text.removeprefix("(").removeprefix("self").removeprefix(", ")


def test_the_facade_keeps_the_public_api_exactly() -> None:
    methods = {
        name: _signature(value)
        for name, value in inspect.getmembers(Forum, inspect.isfunction)
        if not name.startswith("_")
    }
    assert methods == PUBLIC_API
    properties = {n for n, v in inspect.getmembers(Forum) if isinstance(v, property)}
    assert properties == {"store", "board", "clock", "rules", "title"}


def test_settings_set_on_the_forum_reach_every_part() -> None:
    # Tests and lessons set forum.clock (or rules) after opening: every concern must see it.
    forum = Forum(clock=SimulatedClock(), title="Riverside forum")
    amina, bob = forum.join("amina_k", "Amina"), forum.join("bob_t", "Bob")
    moment = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    forum.clock = lambda: moment
    forum.rules = Rules(flood_messages=1)
    assert forum.post(amina, "Clean water", "Our well needs a new pump.").created_at == moment
    assert forum.send(amina, bob, "Hello Bob, are you coming?").sent_at == moment
    with pytest.raises(TooFast):
        forum.send(amina, bob, "Hello again, Bob.")
    forum.title = "Hillside forum"
    assert forum.front_page().title == "Hillside forum"
    assert repr(forum) == "<Forum 'Hillside forum' (in memory)>"
