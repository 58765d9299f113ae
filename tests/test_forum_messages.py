"""Direct messages and blocks (toolkit/forum/messages.py)."""

from __future__ import annotations

import pytest
from forum_fixtures import World, new_world

from toolkit.forum.errors import NotAllowed, NotFound
from toolkit.forum.model import Inbox, Message


@pytest.fixture
def world() -> World:
    return new_world()


def test_messages_inbox_and_read_state(world: World) -> None:
    forum = world.forum
    first = forum.send(world.bob, world.amina, "Hello Amina!", subject="Hi")
    assert isinstance(first, Message)
    assert (first.sender, first.recipient, first.subject, first.read) == (
        world.bob,
        world.amina,
        "Hi",
        False,
    )
    second = forum.send(world.tessa, world.amina, "Workshop on Monday.")
    inbox = forum.inbox(world.amina)
    assert isinstance(inbox, Inbox)
    assert [m.id for m in inbox] == [second.id, first.id]
    assert inbox[0] == second
    assert len(inbox) == 2
    opened = forum.message(first.id, world.amina)
    assert opened.read
    # The sender can read it too; that does not mark it read.
    assert forum.message(second, world.tessa).read is False


def test_block_and_unblock(world: World) -> None:
    forum = world.forum
    forum.send(world.bob, world.amina, "Before the block.")
    forum.block(world.amina, world.bob)
    assert len(forum.inbox(world.amina)) == 0, "messages from blocked members are left out"
    with pytest.raises(NotAllowed):
        forum.send(world.bob, world.amina, "After the block.")
    # The blocker's view of the thread hides the blocked member's content; others see it.
    thread = forum.thread(world.post, viewer=world.amina)
    assert thread.blocked == frozenset({world.bob.id})
    from toolkit.render.html import PLACEHOLDERS, to_html

    html = to_html(thread)
    assert "cousin" not in html
    assert PLACEHOLDERS["blocked"] in html
    assert "cousin" in to_html(forum.thread(world.post, viewer=world.tessa))
    assert "cousin" in to_html(forum.thread(world.post))
    forum.unblock(world.amina, world.bob)
    assert forum.blocked(world.amina) == []
    assert len(forum.inbox(world.amina)) == 1
    forum.send(world.bob, world.amina, "After the unblock.")
    with pytest.raises(NotFound):
        forum.unblock(world.amina, world.bob)
    with pytest.raises(NotAllowed):
        forum.block(world.amina, world.amina)
