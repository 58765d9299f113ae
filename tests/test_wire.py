"""toolkit.forum.wire: every model object survives JSON, and nothing malformed gets through."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from forum_fixtures import World, assert_plain_message, new_world
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.forum import errors
from toolkit.forum.errors import ForumError
from toolkit.forum.model import (
    Comment,
    FrontPage,
    Inbox,
    Member,
    Message,
    ModerationAction,
    Post,
    Quote,
    Reaction,
    Report,
    Revision,
    Thread,
)
from toolkit.forum.wire import WIRE_TYPES, error_from_wire, error_to_wire, from_wire, to_wire

UNREADABLE = (
    "The board sent something this toolkit cannot read. Update the toolkit or ask your trainer."
)


def _through_json(obj: Any) -> Any:
    return from_wire(json.loads(json.dumps(to_wire(obj))))


@pytest.fixture(scope="module")
def world() -> World:
    w = new_world()
    f = w.forum
    quote = f.quote(w.comment, "My cousin repairs pumps")
    w.extra["quoting"] = f.comment(
        w.post, w.amina, "Thank you, that would help a lot!", quote=quote
    )
    w.extra["reply"] = f.reply(w.comment, w.amina, "Thanks Bob, tell me what he says.")
    f.react(w.post, w.bob, "support")
    f.edit(w.other_post, w.bob, "The school roof leaks whenever it rains hard.")
    f.report(w.other_post, w.amina, "spam", "Looks like an advert to me.")
    f.hide(w.comment, w.tessa, "Checking with the family first.")
    f.send(w.amina, w.bob, "Could you send me your cousin's number, please?", "Pump")
    f.block(w.amina, w.tessa)
    return w


def all_objects(w: World) -> list[Any]:
    f = w.forum
    thread = f.thread(w.post, viewer=w.amina)
    return [
        f.member(w.amina),
        f.set_signature(w.bob, "Bob from the valley"),
        w.extra["quoting"],
        w.extra["quoting"].quote,  # type: ignore[attr-defined]
        w.extra["reply"],
        f.get(w.post),
        thread,
        f.front_page(viewer=w.amina),
        f.front_page(),
        *f.revisions(w.other_post),
        *f.reactions(),
        *f.reports(status=None),
        *f.moderation_log(),
        f.inbox(w.bob),
        f.inbox(w.bob).messages[0],
    ]


def test_every_model_class_is_on_the_wire() -> None:
    assert set(WIRE_TYPES.values()) == {
        Member,
        Quote,
        Post,
        Comment,
        Thread,
        FrontPage,
        Revision,
        Reaction,
        Report,
        ModerationAction,
        Message,
        Inbox,
    }


def test_round_trip_keeps_every_field(world: World) -> None:
    objects = all_objects(world)
    assert {type(o) for o in objects} == set(WIRE_TYPES.values())
    for obj in objects:
        back = _through_json(obj)
        assert type(back) is type(obj)
        assert to_wire(back) == to_wire(obj)
        assert back == obj


def test_wire_shape(world: World) -> None:
    data = to_wire(world.extra["quoting"])
    assert data["type"] == "Comment"
    assert data["kind"] == "comment"
    assert data["anchor"] == f"comment-{world.extra['quoting'].id}"  # type: ignore[attr-defined]
    assert data["author"]["type"] == "Member"
    assert data["quote"]["type"] == "Quote"
    assert data["quote"]["source_anchor"] == f"comment-{world.comment.id}"
    # Times carry their offset.
    assert datetime.fromisoformat(data["created_at"]).tzinfo is not None
    thread = to_wire(world.forum.thread(world.post, viewer=world.amina))
    assert thread["blocked"] == [world.tessa.id]
    assert isinstance(thread["comments"], list)
    post = to_wire(world.forum.get(world.post))
    assert post["reactions"] == [["support", 1]]


def test_datetimes_keep_their_offset() -> None:
    moment = datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    member = Member(1, "amina_k", "Amina", "learner", None, moment)
    back = _through_json(member)
    assert back.joined_at == moment
    assert back.joined_at.utcoffset() == timedelta(hours=2)


def test_to_wire_refuses_other_objects() -> None:
    with pytest.raises(TypeError):
        to_wire({"type": "Member"})


def _member_data() -> dict[str, Any]:
    return to_wire(Member(1, "amina_k", "Amina", "learner", None, datetime(2024, 5, 1, tzinfo=UTC)))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(type="Wizard"),
        lambda d: d.pop("type"),
        lambda d: d.pop("handle"),
        lambda d: d.update(id="1"),
        lambda d: d.update(id=True),
        lambda d: d.update(id=1.5),
        lambda d: d.update(role="admin"),
        lambda d: d.update(signature=7),
        lambda d: d.update(joined_at="yesterday"),
        lambda d: d.update(joined_at="2024-05-01T00:00:00"),  # no offset
        lambda d: d.update(warnings="be careful"),
        lambda d: d.update(warnings=[1]),
    ],
)
def test_malformed_member_is_refused(change: Any) -> None:
    data = _member_data()
    change(data)
    with pytest.raises(ForumError) as caught:
        from_wire(data)
    assert type(caught.value) is ForumError
    assert caught.value.message == UNREADABLE
    assert_plain_message(caught.value.message)


def test_malformed_nesting_is_refused(world: World) -> None:
    data = to_wire(world.forum.thread(world.post))
    data["post"] = _member_data()  # a Member where a Post belongs
    with pytest.raises(ForumError, match="cannot read"):
        from_wire(data)
    data = to_wire(world.forum.thread(world.post))
    data["comments"][0]["author"]["joined_at"] = None
    with pytest.raises(ForumError, match="cannot read"):
        from_wire(data)
    data = to_wire(world.forum.get(world.post))
    data["reactions"] = [["like", 1, 2]]
    with pytest.raises(ForumError, match="cannot read"):
        from_wire(data)


@pytest.mark.parametrize("data", [None, [], "Member", 3, {"type": None}, {}])
def test_not_an_object_is_refused(data: Any) -> None:
    with pytest.raises(ForumError, match="cannot read"):
        from_wire(data)


def test_extra_keys_are_ignored() -> None:
    data = _member_data()
    data["badge"] = "gold"
    assert from_wire(data).handle == "amina_k"


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
@settings(max_examples=200, deadline=None)
def test_arbitrary_json_is_an_object_or_a_forum_error(data: Any) -> None:
    try:
        from_wire(data)
    except ForumError as exc:
        message = exc.message
    else:
        message = UNREADABLE  # only a well-formed object gets here, and none is generated
    assert message == UNREADABLE


@given(
    handle=st.text(min_size=1, max_size=20),
    name=st.text(max_size=40),
    signature=st.none() | st.text(max_size=80),
    seconds=st.integers(min_value=0, max_value=2_000_000_000),
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_member_round_trip_any_text(
    handle: str, name: str, signature: str | None, seconds: int, offset: int
) -> None:
    moment = datetime.fromtimestamp(seconds, timezone(timedelta(minutes=offset)))
    member = Member(7, handle, name, "trainer", signature, moment, "nobody", ("note",))
    assert to_wire(_through_json(member)) == to_wire(member)


@pytest.mark.parametrize("name", errors.__all__)
def test_errors_round_trip_by_class(name: str) -> None:
    cls = getattr(errors, name)
    error = error_from_wire(
        json.loads(json.dumps(error_to_wire(cls("That post is gone. Refresh the page."))))
    )
    assert type(error) is cls
    assert error.message == "That post is gone. Refresh the page."


@pytest.mark.parametrize(
    "data",
    [
        {"type": "KeyError", "message": "Something went wrong. Try again."},
        {"type": "__class__", "message": "Something went wrong. Try again."},
        {"type": "Store", "message": "Something went wrong. Try again."},
        {"type": None, "message": "Something went wrong. Try again."},
    ],
)
def test_unknown_error_types_become_forum_error(data: dict[str, Any]) -> None:
    error = error_from_wire(data)
    assert type(error) is ForumError
    assert error.message == "Something went wrong. Try again."


@pytest.mark.parametrize(
    "data", [None, {}, {"type": "NotFound"}, {"type": "NotFound", "message": 3}, "boom"]
)
def test_unreadable_errors(data: Any) -> None:
    error = error_from_wire(data)
    assert type(error) is ForumError
    assert error.message == UNREADABLE
