"""The JSON API v1 (toolkit/classroom/api*.py) over real HTTP on loopback.

Every route's answer and its refusals (status, error type, plain message), who may act, the
session rules (bearer token, cookie + XSRF), and hostile input.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tornado.web
from board_support import RunningBoard, running_board
from forum_fixtures import assert_plain_message

from toolkit.forum.errors import ForumError, NotAllowed
from toolkit.forum.remote import RemoteForum
from toolkit.forum.service import Forum
from toolkit.forum.transport import base_and_code
from toolkit.forum.wire import from_wire

API = "/api/v1"


@dataclass
class Answer:
    status: int
    data: Any
    headers: Any

    @property
    def error(self) -> tuple[str, str]:
        return self.data["error"]["type"], self.data["error"]["message"]


def call(
    board: RunningBoard,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    url = board.url + board.base_url.rstrip("/") + API + path  # under the board's prefix
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return Answer(reply.status, json.loads(reply.read() or b"null"), reply.headers)
    except urllib.error.HTTPError as failed:
        text = failed.read()
        return Answer(failed.code, json.loads(text) if text else None, failed.headers)


@pytest.fixture
def board(tmp_path: Path) -> Iterator[RunningBoard]:
    with running_board(tmp_path / "board.sqlite") as running:
        yield running


def join(board: RunningBoard, handle: str, **extra: Any) -> str:
    answer = call(board, "POST", "/join", {"code": board.code, "handle": handle, **extra})
    assert answer.status == 201, answer.data
    token: str = answer.data["token"]
    return token


def trainer_token(board: RunningBoard) -> str:
    answer = call(board, "POST", "/trainer", {"key": board.trainer_key})
    assert answer.status == 200, answer.data
    token: str = answer.data["token"]
    return token


def new_post(board: RunningBoard, token: str, title: str = "Hello all", body: str = "") -> Any:
    text = body or "Glad to be here. Who else likes the library?"
    answer = call(board, "POST", "/posts", {"title": title, "body": text}, token=token)
    assert answer.status == 201, answer.data
    return answer.data


def local_error(action: Any) -> tuple[str, str]:
    """What a local Forum says for the same refusal (the API must say the same)."""
    with pytest.raises(ForumError) as caught:
        action()
    return type(caught.value).__name__, caught.value.message


# ---------------------------------------------------------------------- joining and sessions
def test_join_gives_a_token_that_names_the_member(board: RunningBoard) -> None:
    answer = call(
        board,
        "POST",
        "/join",
        {"code": board.code.lower(), "handle": "amina_k", "display_name": "Amina"},
    )
    assert answer.status == 201
    assert answer.headers["Content-Type"].startswith("application/json")
    member = from_wire(answer.data["member"])
    assert (member.handle, member.display_name, member.role) == ("amina_k", "Amina", "learner")
    me = call(board, "GET", "/me", token=answer.data["token"])
    assert me.status == 200
    assert me.data["handle"] == "amina_k"
    assert "Set-Cookie" not in answer.headers or "board_session" not in answer.headers["Set-Cookie"]


def test_join_refusals(board: RunningBoard) -> None:
    wrong = call(board, "POST", "/join", {"code": "NOPE99", "handle": "amina_k"})
    assert wrong.status == 403
    assert wrong.error == (
        "NotAllowed",
        "That join code is not right. Check the code on the wall or ask your trainer.",
    )
    join(board, "amina_k")
    taken = call(board, "POST", "/join", {"code": board.code, "handle": "Amina_K"})
    assert taken.status == 400
    assert taken.error[0] == "HandleError"
    assert taken.error == local_error(lambda: _taken_locally("amina_k", "Amina_K"))
    reserved = call(board, "POST", "/join", {"code": board.code, "handle": "admin"})
    assert reserved.status == 400
    assert reserved.error[0] == "HandleError"
    bad_pin = call(board, "POST", "/join", {"code": board.code, "handle": "bob_m", "pin": "12"})
    assert bad_pin.status == 400
    assert bad_pin.error[0] == "InvalidText"
    assert "bob_m" not in [m.handle for m in board.forum.members()]  # no member left behind
    no_handle = call(board, "POST", "/join", {"code": board.code})
    assert no_handle.status == 400
    assert '"handle"' in no_handle.error[1]
    not_text = call(board, "POST", "/join", {"code": board.code, "handle": ["x"]})
    assert not_text.status == 400
    assert not_text.error[0] == "InvalidText"


def _taken_locally(first: str, second: str) -> None:
    with Forum() as forum:
        forum.join(first)
        forum.join(second)


def test_malformed_json_and_non_objects_are_plain_400s(board: RunningBoard) -> None:
    for raw in (b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"):
        answer = call(board, "POST", "/join", raw=raw)
        assert answer.status == 400
        assert answer.error == (
            "ForumError",
            "The board could not read that request. Send a JSON object.",
        )


def test_login_with_pin_and_refusals(board: RunningBoard) -> None:
    join(board, "amina_k", pin="2580")
    back = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "2580"})
    assert back.status == 200
    assert back.data["member"]["handle"] == "amina_k"
    assert call(board, "GET", "/me", token=back.data["token"]).data["handle"] == "amina_k"
    wrong = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "0000"})
    unknown = call(
        board, "POST", "/login", {"code": board.code, "handle": "nobody_here", "pin": "2580"}
    )
    assert wrong.status == unknown.status == 403
    assert wrong.error == unknown.error  # never tells which was wrong


def test_wrong_codes_are_throttled_per_address(board: RunningBoard) -> None:
    for _n in range(10):
        assert call(board, "POST", "/join", {"code": "WRONG1", "handle": "amina_k"}).status == 403
    stopped = call(board, "POST", "/join", {"code": board.code, "handle": "amina_k"})
    assert stopped.status == 429
    assert stopped.error[0] == "TooFast"
    assert "amina_k" not in [m.handle for m in board.forum.members()]
    login = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "1234"})
    assert login.status == 429


def test_trainer_login(board: RunningBoard) -> None:
    wrong = call(board, "POST", "/trainer", {"key": "guess"})
    assert wrong.status == 403
    assert wrong.error[0] == "NotAllowed"
    token = trainer_token(board)
    me = call(board, "GET", "/me", token=token)
    assert me.data["role"] == "trainer"
    for _n in range(9):
        call(board, "POST", "/trainer", {"key": "guess"})
    assert call(board, "POST", "/trainer", {"key": board.trainer_key}).status == 429


def test_no_session_is_401_everywhere(board: RunningBoard) -> None:
    routes = [
        ("GET", "/me"),
        ("GET", "/members"),
        ("GET", "/posts"),
        ("GET", "/front"),
        ("GET", "/changes?since=0"),
        ("GET", "/inbox"),
        ("GET", "/blocks"),
        ("GET", "/pinned"),
        ("GET", "/reports"),
        ("GET", "/moderation/log"),
        ("POST", "/posts"),
        ("POST", "/me/signature"),
        ("POST", "/messages"),
        ("POST", "/moderation/hide"),
    ]
    for method, path in routes:
        for token in (None, "made-up-token", "x" * 500):
            body: dict[str, Any] | None = {} if method == "POST" else None
            answer = call(board, method, path, body, token=token)
            assert answer.status == 401, (method, path, token)
            assert answer.error == ("NotAllowed", "Join the board first, then try again.")


def test_logout_ends_only_this_session(board: RunningBoard) -> None:
    join(board, "amina_k", pin="2580")
    first = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "2580"})
    second = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "2580"})
    assert call(board, "POST", "/logout", {}, token=first.data["token"]).data == {"ok": True}
    assert call(board, "GET", "/me", token=first.data["token"]).status == 401
    assert call(board, "GET", "/me", token=second.data["token"]).status == 200


# ---------------------------------------------------------------------- members and settings
def test_my_settings(board: RunningBoard) -> None:
    token = join(board, "amina_k")
    sig = call(
        board,
        "POST",
        "/me/signature",
        {"signature": "Amina, Riverside knitting circle"},
        token=token,
    )
    assert sig.status == 200
    assert sig.data["signature"] == "Amina, Riverside knitting circle"
    gone = call(board, "POST", "/me/signature", {"signature": None}, token=token)
    assert gone.data["signature"] is None
    name = call(board, "POST", "/me/display_name", {"display_name": "Amina K."}, token=token)
    assert name.data["display_name"] == "Amina K."
    privacy = call(board, "POST", "/me/privacy", {"messages_from": "nobody"}, token=token)
    assert privacy.data["messages_from"] == "nobody"
    bad = call(board, "POST", "/me/privacy", {"messages_from": "aliens"}, token=token)
    assert bad.status == 400
    assert bad.error[0] == "InvalidText"
    profile = call(
        board,
        "POST",
        "/me/profile",
        {"field": "about", "value": "I knit.", "visibility": "only_me"},
        token=token,
    )
    assert profile.data["about"] == ["I knit.", "only_me"]
    assert call(board, "POST", "/me/pin", {"pin": "4321"}, token=token).data == {"ok": True}
    back = call(board, "POST", "/login", {"code": board.code, "handle": "amina_k", "pin": "4321"})
    assert back.status == 200
    assert call(board, "POST", "/me/pin", {"pin": "12ab"}, token=token).status == 400
    assert call(board, "POST", "/me/nothing", {}, token=token).status == 404


def test_members_and_profiles(board: RunningBoard) -> None:
    amina = join(board, "amina_k", display_name="Amina")
    bob = join(board, "bob_m")
    call(
        board,
        "POST",
        "/me/profile",
        {"field": "about", "value": "I knit.", "visibility": "only_me"},
        token=amina,
    )
    call(
        board,
        "POST",
        "/me/profile",
        {"field": "town", "value": "Riverside", "visibility": "members"},
        token=amina,
    )
    listed = call(board, "GET", "/members", token=bob)
    assert [m["handle"] for m in listed.data] == ["trainer", "amina_k", "bob_m"]
    assert [from_wire(m).handle for m in listed.data][1] == "amina_k"
    one = call(board, "GET", "/members/amina_k", token=bob)
    assert one.data["display_name"] == "Amina"
    seen_by_bob = call(board, "GET", "/members/amina_k/profile", token=bob)
    assert seen_by_bob.data == {"town": ["Riverside", "members"]}
    own = call(board, "GET", "/members/amina_k/profile", token=amina)
    assert own.data["about"] == ["I knit.", "only_me"]
    missing = call(board, "GET", "/members/nobody_here", token=bob)
    assert missing.status == 404
    assert missing.error[0] == "NotFound"


# ---------------------------------------------------------------------- posts and comments
def test_post_read_and_refs(board: RunningBoard) -> None:
    amina, bob = join(board, "amina_k"), join(board, "bob_m")
    made = new_post(board, amina)
    post = from_wire(made)
    assert post.author.handle == "amina_k"
    for name in (f"post-{post.id}", str(post.id), f"#post-{post.id}"):
        got = call(board, "GET", f"/entries/{urllib.parse.quote(name)}", token=bob)
        assert (got.status, got.data["id"]) == (200, post.id), name
    listed = call(board, "GET", "/posts", token=bob)
    assert [p["id"] for p in listed.data] == [post.id]
    front = from_wire(call(board, "GET", "/front", token=bob).data)
    assert [p.id for p in front.posts] == [post.id]
    for bad in ("post-999", "comment-1", "9" * 30, "post-x", "1" * 19):
        answer = call(board, "GET", f"/entries/{bad}", token=bob)
        assert (answer.status, answer.error[0]) == (404, "NotFound"), bad


def test_the_author_is_always_the_session(board: RunningBoard) -> None:
    amina, bob = join(board, "amina_k"), join(board, "bob_m")
    sneaky = call(
        board,
        "POST",
        "/posts",
        {"title": "Hi", "body": "Said by whom?", "author": "amina_k"},
        token=bob,
    )
    assert sneaky.data["author"]["handle"] == "bob_m"
    post = new_post(board, amina)
    ref = f"post-{post['id']}"
    edit = call(board, "POST", f"/entries/{ref}/edit", {"body": "Changed by Bob"}, token=bob)
    assert edit.status == 403
    assert edit.error[0] == "NotAllowed"
    delete = call(board, "POST", f"/entries/{ref}/delete", {}, token=bob)
    assert delete.status == 403
    assert board.forum.get(ref).body == post["body"]
    assert board.forum.get(ref).status == "visible"


def test_comments_threads_edits_and_revisions(board: RunningBoard) -> None:
    amina, bob = join(board, "amina_k"), join(board, "bob_m")
    post = new_post(board, amina)
    comment = call(
        board,
        "POST",
        f"/entries/post-{post['id']}/comments",
        {"body": "Welcome, Amina!"},
        token=bob,
    )
    assert comment.status == 201
    assert comment.data["type"] == "Comment"
    reply = call(
        board,
        "POST",
        f"/entries/comment-{comment.data['id']}/comments",
        {"body": "Thank you, Bob."},
        token=amina,
    )
    assert reply.data["parent_id"] == comment.data["id"]
    thread = from_wire(call(board, "GET", f"/threads/comment-{comment.data['id']}", token=bob).data)
    assert thread.post.id == post["id"]
    assert [c.id for c in thread.comments] == [comment.data["id"], reply.data["id"]]
    edited = call(
        board,
        "POST",
        f"/entries/post-{post['id']}/edit",
        {"body": "Glad to be here, everyone.", "title": "Hello!"},
        token=amina,
    )
    assert edited.status == 200
    assert edited.data["title"] == "Hello!"
    revisions = call(board, "GET", f"/entries/post-{post['id']}/revisions", token=bob)
    assert [r["body"] for r in revisions.data] == [post["body"]]
    empty = call(board, "POST", f"/entries/post-{post['id']}/comments", {"body": "   "}, token=bob)
    assert empty.status == 400
    assert empty.error[0] == "InvalidText"


def test_deleted_and_hidden_words_are_not_sent_to_learners(board: RunningBoard) -> None:
    amina, bob, trainer = join(board, "amina_k"), join(board, "bob_m"), trainer_token(board)
    post = new_post(board, amina, body="My number is in here, oops.")
    ref = f"post-{post['id']}"
    hidden = call(
        board, "POST", "/moderation/hide", {"target": ref, "reason": "private-info"}, token=trainer
    )
    assert hidden.status == 200
    assert hidden.data["action"] == "hide"
    seen = call(board, "GET", f"/entries/{ref}", token=bob).data
    assert (seen["status"], seen["body"], seen["title"]) == ("hidden", "", "")
    listed = call(board, "GET", "/posts", token=bob).data
    assert listed[0]["body"] == ""
    thread = call(board, "GET", f"/threads/{ref}", token=bob).data
    assert thread["post"]["body"] == ""
    assert call(board, "GET", f"/entries/{ref}/revisions", token=bob).status == 403
    assert call(board, "GET", f"/entries/{ref}", token=trainer).data["body"] == post["body"]
    mine = new_post(board, bob, title="Oops", body="Wrong thread, sorry.")
    gone = call(board, "POST", f"/entries/post-{mine['id']}/delete", {}, token=bob)
    assert gone.status == 200
    assert gone.data["status"] == "withdrawn"
    assert gone.data["body"] == ""


def test_quotes_are_made_again_by_the_server(board: RunningBoard) -> None:
    amina, bob = join(board, "amina_k"), join(board, "bob_m")
    post = new_post(board, amina, body="The library opens on Monday. Come and see!")
    source = f"post-{post['id']}"
    quote = call(
        board, "POST", "/quotes", {"source": source, "excerpt": "opens on Monday"}, token=bob
    )
    assert quote.status == 200
    assert quote.data["source_author"] == "amina_k"
    assert from_wire(quote.data).excerpt == "opens on Monday"
    body = {
        "title": "Good news",
        "body": "I will be there too.",
        "quote": {"source": source, "excerpt": "opens on Monday"},
    }
    made = call(board, "POST", "/posts", body, token=bob)
    assert made.status == 201
    assert made.data["quote"]["source_author"] == "amina_k"
    forged = call(
        board, "POST", "/quotes", {"source": source, "excerpt": "closes for ever"}, token=bob
    )
    assert forged.status == 400
    assert forged.error[0] == "QuoteError"
    comment = call(
        board,
        "POST",
        f"/entries/{source}/comments",
        {"body": "See you there.", "quote": {"source": source, "excerpt": "Come and see!"}},
        token=bob,
    )
    assert comment.status == 201
    assert comment.data["quote"]["excerpt"] == "Come and see!"
    shape = call(
        board,
        "POST",
        "/posts",
        {"title": "x y", "body": "Hello there", "quote": "opens"},
        token=bob,
    )
    assert shape.status == 400
    assert shape.error[0] == "InvalidText"


# ---------------------------------------------------------------------- reactions, reports
def test_reactions(board: RunningBoard) -> None:
    amina, bob = join(board, "amina_k"), join(board, "bob_m")
    ref = f"post-{new_post(board, amina)['id']}"
    liked = call(board, "POST", f"/entries/{ref}/reactions", {}, token=bob)
    assert liked.status == 201
    assert (liked.data["member"], liked.data["kind"]) == ("bob_m", "like")
    again = call(board, "POST", f"/entries/{ref}/reactions", {"kind": "like"}, token=bob)
    assert again.status == 409
    assert again.error[0] == "Duplicate"
    own = call(board, "POST", f"/entries/{ref}/reactions", {"kind": "like"}, token=amina)
    assert own.status == 403
    assert [
        r["member"] for r in call(board, "GET", "/reactions?member=bob_m", token=amina).data
    ] == ["bob_m"]
    assert call(board, "DELETE", f"/entries/{ref}/reactions/like", token=bob).data == {"ok": True}
    assert call(board, "DELETE", f"/entries/{ref}/reactions/like", token=bob).status == 404
    assert call(board, "GET", "/reactions", token=amina).data == []


def test_reports_and_their_resolution(board: RunningBoard) -> None:
    amina, bob, trainer = join(board, "amina_k"), join(board, "bob_m"), trainer_token(board)
    ref = f"post-{new_post(board, amina)['id']}"
    report = call(
        board,
        "POST",
        "/reports",
        {"target": ref, "reason": "spam", "note": "An advert."},
        token=bob,
    )
    assert report.status == 201
    assert report.data["reporter"] == "bob_m"
    twice = call(board, "POST", "/reports", {"target": ref, "reason": "spam"}, token=bob)
    assert twice.status == 409
    member = call(
        board, "POST", "/reports", {"target": "@amina_k", "reason": "impersonation"}, token=bob
    )
    assert member.status == 201
    assert member.data["target"].startswith("member-")
    bad = call(board, "POST", "/reports", {"target": ref, "reason": "boring"}, token=amina)
    assert bad.status == 400
    assert bad.error[0] == "InvalidText"
    assert call(board, "GET", "/reports", token=bob).status == 403
    listed = call(board, "GET", "/reports", token=trainer)
    assert [r["id"] for r in listed.data] == [report.data["id"], member.data["id"]]
    assert call(board, "POST", f"/reports/{report.data['id']}/resolve", {}, token=bob).status == 403
    done = call(
        board,
        "POST",
        f"/reports/{report.data['id']}/resolve",
        {"outcome": "dismissed"},
        token=trainer,
    )
    assert done.data["status"] == "dismissed"
    assert done.data["resolved_by"] == "trainer"
    assert len(call(board, "GET", "/reports?status=all", token=trainer).data) == 2
    assert call(board, "GET", "/reports?status=odd", token=trainer).status == 400


def test_moderation_is_for_the_trainer(board: RunningBoard) -> None:
    amina, bob, trainer = join(board, "amina_k"), join(board, "bob_m"), trainer_token(board)
    ref = f"post-{new_post(board, amina)['id']}"
    refused = call(board, "POST", "/moderation/lock", {"target": ref, "reason": "spam"}, token=bob)
    assert refused.status == 403
    # The forum's own refusal, in the same words a notebook shows.
    assert refused.error == (
        "NotAllowed",
        "Only a trainer can do this. If something looks wrong, report it instead.",
    )
    assert call(board, "GET", "/moderation/log", token=bob).status == 403
    assert call(board, "POST", "/pinned", {"post": ref}, token=bob).status == 403
    assert board.forum.moderation_log() == []
    locked = call(
        board,
        "POST",
        "/moderation/lock",
        {"target": ref, "reason": "Closed for today"},
        token=trainer,
    )
    assert locked.status == 200
    closed = call(board, "POST", f"/entries/{ref}/comments", {"body": "One more thing"}, token=bob)
    assert closed.status == 403
    assert "locked" in closed.error[1]
    unlocked = call(
        board, "POST", "/moderation/unlock", {"target": ref, "reason": "Open again"}, token=trainer
    )
    assert unlocked.status == 200
    log = call(board, "GET", "/moderation/log", token=trainer).data
    assert [a["action"] for a in log] == ["lock", "unlock"]
    assert (
        call(
            board, "POST", "/moderation/explode", {"target": ref, "reason": "x"}, token=trainer
        ).status
        == 404
    )
    missing = call(
        board, "POST", "/moderation/hide", {"target": "post-999", "reason": "x"}, token=trainer
    )
    assert missing.status == 404


def test_pinned_question_of_the_day(board: RunningBoard) -> None:
    amina, trainer = join(board, "amina_k"), trainer_token(board)
    assert call(board, "GET", "/pinned", token=amina).data == {"post": None}
    post = new_post(
        board, trainer, title="Question of the day", body="What made you smile this week?"
    )
    pinned = call(board, "POST", "/pinned", {"post": post["id"]}, token=trainer)
    assert pinned.data["post"]["id"] == post["id"]
    assert call(board, "GET", "/pinned", token=amina).data["post"]["id"] == post["id"]
    assert call(board, "DELETE", "/pinned", token=trainer).data == {"ok": True}
    assert call(board, "GET", "/pinned", token=amina).data == {"post": None}


def test_changes_grow_with_every_post(board: RunningBoard) -> None:
    amina = join(board, "amina_k")
    before = call(board, "GET", "/changes?since=0", token=amina).data["latest"]
    post = new_post(board, amina)
    after = call(board, "GET", f"/changes?since={before}", token=amina).data["latest"]
    assert after > before
    call(
        board,
        "POST",
        f"/entries/post-{post['id']}/comments",
        {"body": "And one more word."},
        token=amina,
    )
    assert call(board, "GET", "/changes", token=amina).data["latest"] > after


# ---------------------------------------------------------------------- messages and blocks
def test_messages_and_blocks(board: RunningBoard) -> None:
    amina, bob, carla = join(board, "amina_k"), join(board, "bob_m"), join(board, "carla_r")
    sent = call(
        board,
        "POST",
        "/messages",
        {"recipient": "amina_k", "body": "Hi Amina, welcome!", "subject": "Hello"},
        token=bob,
    )
    assert sent.status == 201
    assert sent.data["sender"]["handle"] == "bob_m"
    inbox = from_wire(call(board, "GET", "/inbox", token=amina).data)
    assert [m.id for m in inbox.messages] == [sent.data["id"]]
    read = call(board, "GET", f"/messages/{sent.data['id']}", token=amina)
    assert read.status == 200
    assert read.data["read"] is True
    other = call(board, "GET", f"/messages/{sent.data['id']}", token=carla)
    assert other.status in (403, 404)
    assert other.error[0] in ("NotAllowed", "NotFound")
    assert call(board, "POST", "/blocks", {"member": "bob_m"}, token=amina).data == {"ok": True}
    assert [m["handle"] for m in call(board, "GET", "/blocks", token=amina).data] == ["bob_m"]
    blocked = call(
        board, "POST", "/messages", {"recipient": "amina_k", "body": "Are you there?"}, token=bob
    )
    assert blocked.status == 403
    assert blocked.error[0] == "NotAllowed"
    assert call(board, "DELETE", "/blocks/bob_m", token=amina).data == {"ok": True}
    assert call(board, "GET", "/blocks", token=amina).data == []
    report = call(
        board,
        "POST",
        "/reports",
        {"target": f"message-{sent.data['id']}", "reason": "spam"},
        token=carla,
    )
    assert report.status in (403, 404)  # carla cannot report a message she never got


# ---------------------------------------------------------------------- the browser's cookie
def test_cookie_session_needs_the_xsrf_header(board: RunningBoard) -> None:
    member = board.forum.join("amina_k")
    token = board.forum.board.start_session(member)
    secret = board.forum.board.secret("cookie")
    signed = tornado.web.create_signed_value(secret, "board_session", token).decode()
    xsrf = "ab" * 16
    cookie = f"board_session={signed}; _xsrf={xsrf}"
    body = {"title": "From the browser", "body": "Written on my phone."}
    assert call(board, "GET", "/me", headers={"Cookie": cookie}).data["handle"] == "amina_k"
    refused = call(board, "POST", "/posts", body, headers={"Cookie": cookie})
    assert refused.status == 403
    assert refused.error[0] == "NotAllowed"
    assert "XSRF" in refused.error[1]
    assert board.forum.posts() == []
    made = call(board, "POST", "/posts", body, headers={"Cookie": cookie, "X-XSRFToken": xsrf})
    assert made.status == 201
    assert made.data["author"]["handle"] == "amina_k"


# ---------------------------------------------------------------------- limits and hostile text
def test_a_body_over_the_limit_is_refused_in_words(board: RunningBoard) -> None:
    amina = join(board, "amina_k")
    huge = json.dumps({"title": "Long", "body": "a" * 100_000}).encode()
    answer = call(board, "POST", "/posts", raw=huge, token=amina)
    assert answer.status == 413
    assert answer.data["error"]["type"] == "InvalidText"
    assert "shorter" in answer.data["error"]["message"]
    assert board.forum.posts() == []


def test_a_body_past_the_hard_limit_is_dropped_unread(board: RunningBoard) -> None:
    amina = join(board, "amina_k")
    enormous = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    try:
        status = call(board, "POST", "/posts", raw=enormous, token=amina).status
    except (ConnectionError, urllib.error.URLError):
        status = 0  # the server closed the connection before reading the body
    assert status in (0, 400)
    assert board.forum.posts() == []


HOSTILE = [
    "<script>alert(1)</script> hello there",
    '<img src=x onerror="alert(1)"> look at this',
    "Normal text \u202egnp.exe\u202c with an override",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a "
    "\u0627\u0644\u0645\u0646\u062a\u062f\u0649",
    "Z\u0351\u0351\u0351\u0351\u0351\u0351\u0351\u0351\u0351\u0351\u0351\u0351a\u0351\u0351l\u0351go",
    "\U0001f600" * 3000,
    "bell\x07 and null\x00 inside",
    "x" * 20_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_kept_as_text_or_refused_as_locally(tmp_path: Path, text: str) -> None:
    with Forum() as local:
        author = local.join("amina_k")
        try:
            expected: Any = local.post(author, "Hostile", text).body
        except ForumError as error:
            expected = (type(error).__name__, error.message)
    with running_board(tmp_path / "hostile.sqlite") as board:
        amina = join(board, "amina_k")
        answer = call(board, "POST", "/posts", {"title": "Hostile", "body": text}, token=amina)
        if isinstance(expected, str):
            assert answer.status == 201
            assert answer.data["body"] == expected
            got = call(board, "GET", f"/entries/post-{answer.data['id']}", token=amina)
            assert got.data["body"] == expected
        else:
            assert answer.status == 400
            assert answer.error == expected


def test_unknown_addresses_and_methods_answer_json(board: RunningBoard) -> None:
    amina = join(board, "amina_k")
    nowhere = call(board, "GET", "/no/such/thing", token=amina)
    assert nowhere.status == 404
    assert nowhere.error[0] == "NotFound"
    old = call(board, "GET", "/../v0/posts", token=amina)
    assert old.status in (400, 404)
    wrong_method = call(board, "PUT", "/posts", {}, token=amina)
    assert wrong_method.status == 405
    assert wrong_method.error[0] == "NotFound"


# ---------------------------------------------------------------------- on JupyterHub
@pytest.fixture
def hub_board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningBoard]:
    """The board as a hub service under /services/board/, with tests/test_classroom_hub.py's
    fake hub (imported here: that module skips itself without jupyterhub)."""
    pytest.importorskip("jupyterhub")
    from test_classroom_hub import ENV, FakeHub, serve

    from toolkit.classroom.hub import hub_from_env

    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    FakeHub().install(monkeypatch)
    with serve(tmp_path, hub_from_env(environ=ENV)) as running:
        yield running


def test_on_the_hub_the_api_takes_no_join_code_or_pin(hub_board: RunningBoard) -> None:
    board = hub_board
    address = f"{board.url.removeprefix('http://')}/services/board/"
    words = (
        "This board is on JupyterHub: it knows learners by their hub login, not by a join code "
        f"or PIN. Open {address} in your browser and sign in to the hub there."
    )
    joined = call(board, "POST", "/join", {"code": board.code, "handle": "amina_k"})
    assert (joined.status, joined.error) == (403, ("NotAllowed", words))
    back = call(board, "POST", "/login", {"code": board.code, "handle": "trainer", "pin": "1234"})
    assert (back.status, back.error) == (403, ("NotAllowed", words))
    assert [m.handle for m in board.forum.members()] == ["trainer"]
    # Refused before any code is checked: eleven tries use up nothing.
    for _n in range(11):
        assert call(board, "POST", "/join", {"code": "WRONG1", "handle": "x_y"}).status == 403
    # The trainer's key still works, and her session acts as usual.
    token = trainer_token(board)
    assert call(board, "GET", "/me", token=token).data["role"] == "trainer"
    assert new_post(board, token)["author"]["handle"] == "trainer"


def test_forum_connect_to_a_hub_board_gets_the_boards_words(hub_board: RunningBoard) -> None:
    board = hub_board
    with pytest.raises(NotAllowed) as caught:
        Forum.connect(board.learner_url, handle="amina_k")
    assert caught.value.message.startswith("This board is on JupyterHub")
    assert "/services/board/ in your browser" in caught.value.message
    assert_plain_message(caught.value.message)
    with pytest.raises(NotAllowed, match="JupyterHub"):
        Forum.connect(f"{board.url}/services/board/", code=board.code, handle="amina_k", pin="4821")
    assert [m.handle for m in board.forum.members()] == ["trainer"]
    # The trainer key still opens the same connection for the trainer.
    base, code = base_and_code(board.learner_url, "")
    remote = RemoteForum(base, code)
    try:
        trainer = remote.trainer_login(board.trainer_key)
        post = remote.post(trainer, "Welcome", "Glad to have you all on the hub board today.")
        assert board.forum.get(post.id).author.handle == "trainer"
    finally:
        remote.close()
