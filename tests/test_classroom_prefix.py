"""The board under a URL prefix, as JupyterHub's proxy serves a service (``/services/board/``).

The proxy passes the full path on, so every route, link, form, redirect, cookie, static file and
live-update address must carry the prefix, and nothing may answer at "/".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from board_support import Browser, RunningBoard, running_board

from toolkit.classroom.app import normal_base, prefixed
from toolkit.forum.errors import ForumError
from toolkit.forum.service import Forum

BASE = "/services/board/"
# Every address a page hands to the browser: links, forms, scripts, styles, live parts.
ADDRESS = re.compile(r'(?:href|action|src|data-live|data-changes)="([^"]*)"')
# What a browser fetches with a GET (a form's action is posted to, not followed).
FOLLOWED = re.compile(r'(?:href|src|data-live)="([^"]*)"')


@pytest.fixture
def board(tmp_path: Path) -> Iterator[RunningBoard]:
    with running_board(tmp_path / "board.sqlite", base_url=BASE) as running:
        yield running


def addresses(html: str) -> list[str]:
    return [unescape(found) for found in ADDRESS.findall(html)]


def assert_under_prefix(html: str, page: str) -> None:
    found = addresses(html)
    assert found, page
    for address in found:
        if address.startswith(("#", "data:")):
            continue
        assert address.startswith(BASE), (page, address)


def test_base_urls_are_normalised() -> None:
    assert normal_base("") == "/"
    assert normal_base("/") == "/"
    assert normal_base("services/board") == BASE
    assert normal_base("/services/board//") == BASE
    assert prefixed([(r"/", object), (r"/t/([0-9]+)", object)], BASE) == [
        ("/services/board/", object),
        (r"/services/board/t/([0-9]+)", object),
    ]


def test_joining_stays_under_the_prefix(board: RunningBoard) -> None:
    assert board.learner_url.endswith(f"{BASE}join?code={board.code}")
    phone = Browser(board)
    page = phone.get(f"{BASE}join?code={board.code}")
    assert page.status == 200
    assert_under_prefix(page.text, "join")
    cookie = page.headers.get("Set-Cookie", "")
    assert "_xsrf=" in cookie
    assert f"Path={BASE}" in cookie
    reply = phone.join("river_song")
    assert reply.location == BASE
    assert f"Path={BASE}" in reply.headers.get("Set-Cookie", "")
    assert board.forum.member("river_song").role == "learner"


def test_a_visitor_is_sent_to_the_prefixed_join_page(board: RunningBoard) -> None:
    for path in ("", "new", "t/1", "me", "inbox", "trainer"):
        reply = Browser(board).get(BASE + path)
        assert (reply.status, reply.location) == (302, f"{BASE}join"), path


def test_every_page_a_learner_and_the_trainer_reach_keeps_the_prefix(
    board: RunningBoard,
) -> None:
    phone = Browser(board)
    phone.join("river_song")
    other = Browser(board)
    other.join("amy_pond")
    posted = phone.post(f"{BASE}new", title="Hello from the hub", body="A first post, plain.")
    assert posted.status == 302
    assert posted.location.startswith(f"{BASE}t/"), posted.location
    thread = posted.location.split("?")[0]
    replied = other.post(f"{thread}/reply", body="Thank you for the kind words here.")
    assert (replied.status, replied.location.startswith(thread)) == (302, True)
    sent = other.post(f"{BASE}send", to="river_song", subject="Hi", body="Hello there, River.")
    assert (sent.status, sent.location) == (302, f"{BASE}inbox?done=sent")

    trainer = Browser(board)
    login = trainer.get(board.trainer_login_url()[len(board.url) :])
    assert (login.status, login.location) == (302, f"{BASE}trainer")

    # Follow every link each of them can see, as far as it goes: all of it under the prefix.
    seen: set[str] = set()
    for who in (phone, other, trainer):
        todo = [BASE, f"{BASE}trainer"] if who is trainer else [BASE]
        while todo:
            path = todo.pop()
            key = f"{id(who)}:{path}"
            if key in seen:
                continue
            seen.add(key)
            reply = who.get(path)
            assert reply.status in (200, 302), (path, reply.status)
            if reply.status == 302:
                assert reply.location.startswith(BASE), (path, reply.location)
                todo.append(reply.location.split("#")[0])
                continue
            if "html" not in reply.headers.get("Content-Type", ""):
                continue
            assert_under_prefix(reply.text, path)
            for address in map(unescape, FOLLOWED.findall(reply.text)):
                if address.startswith(BASE):
                    todo.append(address.split("#")[0])
    pages = {key.split(":", 1)[1].split("?")[0] for key in seen}
    for expected in ("new", "me", "inbox", "trainer", "trainer/export.json", "static/board.js"):
        assert BASE + expected in pages, expected
    assert any(page.startswith(f"{BASE}m/") for page in pages)
    assert any(page.startswith(f"{BASE}quote/") for page in pages)


def test_the_live_parts_answer_under_the_prefix(board: RunningBoard) -> None:
    phone = Browser(board)
    phone.join("river_song")
    front = phone.get(BASE).text
    live = re.search(r'data-changes="([^"]+)" data-live="([^"]+)" data-latest="([0-9]+)"', front)
    assert live, front
    changes, fragment, latest = unescape(live[1]), unescape(live[2]), live[3]
    assert (changes, fragment) == (f"{BASE}api/v1/changes?since=", f"{BASE}fragment/front")
    phone.post(f"{BASE}new", title="A new thread here", body="Something to read, plainly.")
    answer = phone.get(changes + latest)
    assert answer.status == 200
    assert json.loads(answer.text)["latest"] > int(latest)
    part = phone.get(fragment)
    assert part.status == 200
    assert "A new thread here" in part.text
    assert_under_prefix(part.text, "fragment")
    css = re.search(r'href="([^"]*board\.css[^"]*)"', front)
    assert css
    assert css[1].startswith(f"{BASE}static/board.css")
    assert phone.get(unescape(css[1])).status == 200


def test_nothing_answers_at_the_root(board: RunningBoard) -> None:
    phone = Browser(board)
    phone.join("river_song")
    for path in (
        "/",
        "/join",
        "/new",
        "/me",
        "/static/board.css",
        "/static/board.js",
        "/fragment/front",
        "/api/v1/changes?since=0",
        f"/trainer/login?key={board.trainer_key}",
    ):
        assert phone.get(path).status == 404, path
    # A form sent to the root is not taken either (and stores nothing).
    assert phone.post("/new", title="Lost post here", body="This must not be stored.").status == 404
    assert all(p.title != "Lost post here" for p in board.forum.posts())
    # The prefix without its last slash leads to the board.
    bare = phone.get(BASE.rstrip("/"))
    assert (bare.status, bare.location) == (301, BASE)


def test_an_oversized_api_call_under_the_prefix_gets_json(board: RunningBoard) -> None:
    phone = Browser(board)
    reply = phone.request(f"{BASE}api/v1/posts", b"x" * (65 * 1024))
    assert reply.status == 413
    assert json.loads(reply.text)["error"]["type"] == "InvalidText"


def test_forum_connect_reaches_a_prefixed_board(board: RunningBoard) -> None:
    # The trainer's link as the board shows it, with the prefix and the join page.
    remote = Forum.connect(board.learner_url, handle="river_song", display_name="River")
    try:
        assert remote.url == f"{board.url}{BASE.rstrip('/')}"
        assert board.forum.member("river_song").display_name == "River"
        post = remote.post(remote.me, "Hello from afar", "A first post, sent from a notebook.")
        assert board.forum.get(post.id).author.handle == "river_song"
        assert [p.title for p in remote.posts()] == ["Hello from afar"]
        assert remote.thread(post).post.body == "A first post, sent from a notebook."
        assert remote.title == board.forum.title
    finally:
        remote.close()
    # The board's own address, as the hub links to it, with the code given apart.
    again = Forum.connect(f"{board.url}{BASE}", code=board.code, handle="amy_pond")
    try:
        assert [p.title for p in again.posts()] == ["Hello from afar"]
    finally:
        again.close()


def test_forum_connect_without_the_prefix_finds_no_board(board: RunningBoard) -> None:
    with pytest.raises(ForumError) as caught:
        Forum.connect(board.url, code=board.code, handle="river_song")
    assert caught.value.message.startswith("The board sent something this toolkit cannot read.")
    assert [m.handle for m in board.forum.members()] == ["trainer"]
