"""Quotes (toolkit/forum/quotes.py): their shape, and how they follow their source."""

from __future__ import annotations

import dataclasses

import pytest
from forum_fixtures import World, new_world

from toolkit.forum.errors import NotFound


@pytest.fixture
def world() -> World:
    return new_world()


def test_quote_shape_and_states(world: World) -> None:
    forum = world.forum
    quote = forum.quote(world.post, "needs  a\nnew pump")
    assert quote.excerpt == "needs a new pump"
    assert (quote.source_id, quote.source_kind, quote.source_author) == (1, "post", "amina_k")
    assert quote.link == "#post-1"
    assert quote.state == "ok"
    holder = forum.comment(world.post, world.bob, "Yes, and soon, before the rain.", quote=quote)
    assert forum.get(holder).quote.state == "ok"
    forum.edit(world.post, world.amina, "Our well needs a new pump. Fixed on Friday!")
    assert forum.get(holder).quote.state == "source edited"
    assert forum.get(holder).quote.excerpt == "needs a new pump"
    forum.remove(world.post, world.tessa, "Private details")
    gone = forum.get(holder).quote
    assert gone.state == "source removed"
    assert gone.link is None
    assert gone.excerpt == "needs a new pump"


def test_quote_in_a_new_post_and_excerpt_from_rendered_text(world: World) -> None:
    forum = world.forum
    source = forum.post(world.bob, "Tips", "Always use a **strong password** for email accounts.")
    quote = forum.quote(source, "strong password")
    post = forum.post(world.amina, "Passwords", "I learnt this today, thank you.", quote=quote)
    assert post.quote is not None
    assert post.quote.source_id == source.id


def test_a_hand_made_quote_of_an_odd_kind_is_refused_with_its_anchor_cut(world: World) -> None:
    # A Quote is a plain dataclass: the anchor it names reaches the message, cut and cleaned.
    odd = dataclasses.replace(
        world.forum.quote(world.post, "new pump"), source_kind="x\u202e" * 500
    )
    with pytest.raises(NotFound) as refused:
        world.forum.comment(world.post, world.bob, "I agree, it needs fixing soon.", quote=odd)
    message = refused.value.message
    assert "\u202e" not in message
    assert len(message) < 250
    assert message.startswith("There is no post or comment x\ufffdx\ufffd")
