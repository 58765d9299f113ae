"""Fuzz every public Forum method with hostile values: a ForumError or success, never a crash.

The methods are found with ``inspect``, so a method added later is fuzzed without touching this
file. For each call: a refusal leaves the database's ``iterdump()`` identical and says so in a
plain message; a success renders (the result and every page) within the HTML allow-list.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

import pytest
from forum_fixtures import World, assert_allow_listed, assert_plain_message, new_world, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import field_text

from toolkit.forum.errors import ForumError
from toolkit.forum.model import Displayable
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum
from toolkit.forum.text import shorten
from toolkit.render.html import to_html

# Every public method except close (which ends the forum rather than acting in it).
METHODS = {
    name: inspect.signature(function)
    for name, function in inspect.getmembers(Forum, inspect.isfunction)
    # connect opens a network board, not this forum: tests/test_remote.py feeds it bad input.
    if not name.startswith("_") and name not in ("close", "connect")
}

HOSTILE: tuple[object, ...] = (
    None,
    0,
    -1,
    2**31,
    2**63 - 1,
    2**63,
    2**64,
    2**70,
    -(2**70),
    10**5000,
    True,
    False,
    float("nan"),
    float("inf"),
    -0.0,
    1.5,
    complex(1, 1),
    b"",
    b"post-1",
    b"\xff\xfe",
    bytearray(b"amina_k"),
    [],
    ["post-1"],
    [None],
    {},
    {"id": 1},
    (),
    (1,),
    {1, 2},
    object(),
    Ellipsis,
    "",
    " ",
    "\n",
    "x" * 10_000,
    "é" * 10_000,
    "\ud800",
    "a\udc80b",
    "\x00",
    "\x1b[31mred",
    "\u202eevil\u202c",
    "\u200b",
    "\u2066x\u2069",
    "Hello" + "\u0301" * 60,
    "👩🏽‍💻" * 3,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "'; DROP TABLE entries; --",
    "' OR '1'='1",
    "1; DELETE FROM members",
    "%s%s%n",
    "{0}",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "file:///etc/passwd",
    "~/.ssh",
    "post-²",
    "post-٣",
    f"post-{2**70}",
    "post-0",
    "post--1",
    "post-1.0",
    " post-1",
    "#post-1",
    "comment-2",
    "member-1",
    f"member-{2**63}",
    "message-1",
    "message-²",
    "report-1",
    "@amina_k",
    "AMINA_K",
    "ａｍｉｎａ_ｋ",
    "amina_k",
    "bob_t",
    "tessa",
    "ghost_99",
    "like",
    "spam",
    "open",
    "public",
    "only_me",
    "about",
    "everyone",
    "nobody",
    "trainer",
    "learner",
    "resolved",
    "dismissed",
    "hidden",
)


def _plausible(w: World) -> list[object]:
    """Real objects and names of this world, so some calls get past the first check."""
    message = w.forum.send(w.bob, w.amina, "Hello Amina, is the pump fixed now?")
    report = w.forum.report(w.comment, w.amina, "spam", "Looks like an advert to me.")
    quote = w.forum.quote(w.post, "needs a new pump")
    return [
        w.amina,
        w.bob,
        w.tessa,
        w.post,
        w.comment,
        w.other_post,
        message,
        report,
        quote,
        w.post.anchor,
        w.comment.anchor,
        w.post.id,
        w.comment.id,
        message.id,
        report.id,
        f"member-{w.bob.id}",
        message.anchor,
        "A short title",
        "I agree, let us meet on Monday.",
        "needs a new pump",
        "> needs a new pump\n\nI can help with this pump repair.",
    ]


def _value(data: st.DataObject, plausible: list[object]) -> object:
    return data.draw(
        st.one_of(st.sampled_from(HOSTILE), st.sampled_from(plausible), field_text), label="value"
    )


def _check_renders(result: object) -> None:
    items = result if isinstance(result, list | tuple) else [result]
    for item in items:
        if isinstance(item, Displayable):
            assert_allow_listed(to_html(item))
            str(item)


def _check_pages(forum: Forum, viewers: list[object]) -> None:
    # What members would see now: the front page, every thread, every inbox.
    assert_allow_listed(forum._repr_html_())
    str(forum)
    for post in forum:
        for viewer in viewers:
            assert_allow_listed(to_html(forum.thread(post, viewer=viewer)))  # type: ignore[arg-type]
    for member in forum.members():
        assert_allow_listed(to_html(forum.inbox(member)))


def _assert_plain_refusal(message: str, values: Iterable[object]) -> None:
    # A message may quote what was typed, in quotes (cut by ``shorten``): the rest must be plain.
    assert len(message) <= 300, message
    for value in values:
        if isinstance(value, str):
            for quoted in {shorten(value), shorten(value.lstrip("@"))}:
                message = message.replace(f'"{quoted}"', '""')
    assert_plain_message(message)


def _call(forum: Forum, name: str, kwargs: dict[str, Any], viewers: list[object]) -> None:
    before = snapshot(forum)
    try:
        result = getattr(forum, name)(**kwargs)
    except ForumError as exc:
        assert snapshot(forum) == before, f"{name} refused but changed the forum"
        _assert_plain_refusal(str(exc), kwargs.values())
    else:
        _check_renders(result)
        _check_pages(forum, viewers)
    assert not forum.store.conn.in_transaction


@pytest.mark.parametrize("name", sorted(METHODS))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_value_in_any_method(name: str, data: st.DataObject) -> None:
    w = new_world(rules=Rules(flood_posts=10**6, flood_messages=10**6, flood_edits=10**6))
    plausible = _plausible(w)
    kwargs: dict[str, Any] = {}
    for parameter in list(METHODS[name].parameters.values())[1:]:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is not parameter.empty and data.draw(st.booleans(), label="omit"):
            continue
        kwargs[parameter.name] = _value(data, plausible)
    _call(w.forum, name, kwargs, [None, w.amina, w.tessa])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_in_the_constructor(data: st.DataObject) -> None:
    kwargs = {
        name: data.draw(st.one_of(st.sampled_from(HOSTILE), field_text), label=name)
        for name in ("title", "rules", "clock")
        if data.draw(st.booleans(), label=f"give {name}")
    }
    try:
        forum = Forum(**kwargs)
    except ForumError as exc:
        _assert_plain_refusal(str(exc), kwargs.values())
        return
    with forum:
        member = forum.join("amina_k", "Amina")
        forum.post(member, "A first post", "Hello everyone in this forum.")
        _check_pages(forum, [None, member])


def test_every_public_method_is_fuzzed() -> None:
    # A new public method is picked up by inspect; this guards against the discovery breaking.
    assert {"join", "post", "comment", "send", "edit", "report", "hide", "thread", "quote"} <= set(
        METHODS
    )
