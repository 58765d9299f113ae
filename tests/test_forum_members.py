"""Members (toolkit/forum/members.py): joining, looking up, profile fields and privacy."""

from __future__ import annotations

import pytest
from forum_fixtures import World, new_forum, new_world

from toolkit.forum.errors import NotAllowed
from toolkit.forum.members import PROFILE_LABELS
from toolkit.forum.model import PROFILE_FIELDS, Member


@pytest.fixture
def world() -> World:
    return new_world()


def test_join_returns_a_member(world: World) -> None:
    assert isinstance(world.amina, Member)
    assert (world.amina.handle, world.amina.display_name, world.amina.role) == (
        "amina_k",
        "Amina",
        "learner",
    )
    assert world.tessa.is_trainer
    assert not world.amina.is_trainer
    assert world.amina.anchor == f"member-{world.amina.id}"
    assert [m.handle for m in world.forum.members()] == ["amina_k", "bob_t", "tessa"]


def test_display_name_defaults_to_the_handle() -> None:
    forum = new_forum()
    assert forum.join("carla_m").display_name == "carla_m"


def test_member_lookup_by_handle_any_case_or_at_sign(world: World) -> None:
    assert world.forum.member("AMINA_K") == world.amina
    assert world.forum.member("@amina_k") == world.amina
    assert world.forum.member(world.amina) == world.amina


def test_profile_visibility(world: World) -> None:
    forum = world.forum
    forum.set_profile(world.amina, "about", "I volunteer at the library.", "public")
    forum.set_profile(world.amina, "town", "Leeds", "members")
    mine = forum.set_profile(world.amina, "phone", "07700 900123", "only_me")
    assert mine == {
        "about": ("I volunteer at the library.", "public"),
        "town": ("Leeds", "members"),
        "phone": ("07700 900123", "only_me"),
    }
    assert forum.profile(world.amina) == {"about": ("I volunteer at the library.", "public")}
    assert set(forum.profile(world.amina, viewer=world.bob)) == {"about", "town"}
    assert set(forum.profile("amina_k", viewer="amina_k")) == {"about", "town", "phone"}
    forum.set_profile(world.amina, "phone", None)
    assert "phone" not in forum.profile(world.amina, viewer=world.amina)


def test_set_privacy_controls_who_may_message(world: World) -> None:
    forum = world.forum
    member = forum.set_privacy(world.amina, messages_from="trainers")
    assert member.messages_from == "trainers"
    forum.send(world.tessa, world.amina, "Trainers may still write.")
    with pytest.raises(NotAllowed):
        forum.send(world.bob, world.amina, "Learners may not.")
    forum.set_privacy(world.amina, messages_from="nobody")
    with pytest.raises(NotAllowed):
        forum.send(world.tessa, world.amina, "Nobody may.")
    forum.set_privacy(world.amina, messages_from="everyone")
    forum.send(world.bob, world.amina, "Everyone may again.")


def test_every_profile_field_has_a_name_for_messages() -> None:
    # A field added to the model without a label would be named in English in every language.
    assert list(PROFILE_LABELS) == list(PROFILE_FIELDS)
