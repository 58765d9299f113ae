"""toolkit.forum.remote: Forum.connect, sessions per member, errors, a board that talks nonsense.

What both forums share is in tests/test_forum_contract.py; this file tests what only a board has.
"""

from __future__ import annotations

import http.server
import inspect
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from board_support import RunningBoard, running_board
from forum_fixtures import assert_plain_message

from toolkit.forum.errors import ForumError, HandleError, NotAllowed, QuoteError, StorageError
from toolkit.forum.remote import RemoteForum
from toolkit.forum.service import Forum

BODY = "Our well needs a new pump before the dry season. Who knows a mechanic in town?"


@pytest.fixture
def board(tmp_path: Path) -> Iterator[RunningBoard]:
    with running_board(tmp_path / "b.sqlite") as running:
        yield running


@pytest.fixture
def amina(board: RunningBoard) -> Iterator[RemoteForum]:
    remote = Forum.connect(board.url, code=board.code, handle="amina_k", display_name="Amina")
    yield remote
    remote.close()


def test_same_methods_and_signatures_as_forum() -> None:
    def public(cls: type) -> dict[str, inspect.Signature]:
        return {
            name: inspect.signature(value)
            for name, value in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_") and name != "connect"
        }

    local, remote = public(Forum), public(RemoteForum)
    assert set(local) <= set(remote)
    for name, signature in local.items():
        theirs = remote[name]
        if name == "join":  # one more keyword: the PIN to come back with
            params = [p for p in theirs.parameters.values() if p.name != "pin"]
            theirs = theirs.replace(parameters=params)
        assert str(theirs) == str(signature), name
    for hook in ("__iter__", "__str__", "_repr_html_", "_repr_mimebundle_", "__enter__"):
        assert hasattr(RemoteForum, hook)
    assert isinstance(inspect.getattr_static(RemoteForum, "title"), property)


@pytest.mark.parametrize(
    "url", ["192.168.1.20:8765", "ftp://x/", "javascript:alert(1)", "", "http://"]
)
def test_not_a_board_address(url: str) -> None:
    with pytest.raises(ForumError) as caught:
        Forum.connect(url, code="ABCD", handle="amina_k")
    assert "not a board address" in caught.value.message
    assert_plain_message(caught.value.message)


def test_a_link_without_code_asks_for_it() -> None:
    with pytest.raises(NotAllowed, match="join code"):
        Forum.connect("http://127.0.0.1:1/", handle="amina_k")


def test_a_board_that_is_not_running_is_a_storage_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(StorageError) as caught:
        Forum.connect(f"{url}/join?code=ABCD", handle="amina_k")
    assert caught.value.message.startswith(f"The board at {url} cannot be reached.")


def test_connect_joins_with_the_code_from_the_link(board: RunningBoard) -> None:
    remote = Forum.connect(f"{board.url}/join?code={board.code.lower()}", handle="amina_k")
    assert remote.me.handle == "amina_k"
    assert board.forum.member("amina_k").role == "learner"
    post = remote.post(remote.me, "Hello", BODY)
    assert board.forum.get(post.id).author.handle == "amina_k"
    assert remote.title == board.forum.title
    assert "amina_k" in repr(remote)


def test_wrong_code_is_refused(board: RunningBoard) -> None:
    with pytest.raises(NotAllowed, match="join code is not right"):
        Forum.connect(board.url, code="WRONG1", handle="amina_k")
    assert "amina_k" not in [m.handle for m in board.forum.members()]


def test_coming_back_needs_the_pin(board: RunningBoard) -> None:
    first = Forum.connect(board.url, code=board.code, handle="amina_k", pin="4821")
    first.close()
    with pytest.raises(HandleError) as caught:
        Forum.connect(board.url, code=board.code, handle="amina_k")
    assert 'pin="1234"' in caught.value.message
    with pytest.raises(NotAllowed, match="do not match"):
        Forum.connect(board.url, code=board.code, handle="amina_k", pin="0000")
    again = Forum.connect(board.url, code=board.code, handle="amina_k", pin="4821")
    assert again.me.handle == "amina_k"
    again.post(again.me, "Back again", BODY)


def test_each_member_acts_with_her_own_session(board: RunningBoard, amina: RemoteForum) -> None:
    bob = amina.join("bob_t", "Bob")
    post = amina.post(bob, "From Bob", BODY)
    assert board.forum.get(post.id).author.handle == "bob_t"
    assert amina.me.handle == "amina_k"
    # A member this connection did not join: refused here, nothing sent.
    board.forum.join("chidi", "Chidi")
    with pytest.raises(NotAllowed) as caught:
        amina.post("chidi", "Not me", BODY)
    assert caught.value.message == (
        "You are connected to the board as amina_k. You can only act as amina_k here."
    )
    assert_plain_message(caught.value.message)
    with pytest.raises(NotAllowed):
        amina.join("admin_x", role="trainer")


def test_no_token_is_written_to_disk(
    board: RunningBoard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    remote = Forum.connect(board.url, code=board.code, handle="amina_k")
    remote.post(remote.me, "Hello", BODY)
    assert list(home.iterdir()) == []


def test_close_logs_out(board: RunningBoard, amina: RemoteForum) -> None:
    token = amina._sessions[next(iter(amina._sessions))][1]
    assert board.forum.board.session_member(token) is not None
    amina.close()
    assert board.forum.board.session_member(token) is None
    with pytest.raises(StorageError, match="closed"):
        amina.posts()
    amina.close()  # twice is fine


def test_a_message_is_never_quoted(amina: RemoteForum) -> None:
    with pytest.raises(QuoteError, match="private message"):
        amina.quote("message-1", "hello")


def test_trainer_login(board: RunningBoard, amina: RemoteForum) -> None:
    with pytest.raises(NotAllowed, match="trainer key"):
        amina.trainer_login("not-the-key")
    trainer = amina.trainer_login(board.trainer_key)
    assert trainer.is_trainer
    post = amina.post(amina.me, "Hello", BODY)
    assert amina.hide(post, trainer, "Checking.").actor == trainer.handle


# ------------------------------------------------------------- a board talking nonsense
class _Nonsense(http.server.BaseHTTPRequestHandler):
    answer: bytes = b"{}"
    status: int = 200

    def do_POST(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.answer)

    do_GET = do_POST

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (200, b"not json"),
        (200, b'{"token": 5}'),
        (200, b'{"token": "t", "member": {"type": "Post"}}'),
        (200, b"[" * 100_000),
        (500, b"<html>oops</html>"),
        (404, b'{"nothing": 1}'),
    ],
)
def test_nonsense_from_the_board_is_a_plain_error(status: int, answer: bytes) -> None:
    handler = type("H", (_Nonsense,), {"answer": answer, "status": status})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(ForumError) as caught:
            Forum.connect(f"http://127.0.0.1:{server.server_port}", code="ABCD", handle="amina_k")
    finally:
        server.shutdown()
        server.server_close()
    assert type(caught.value) is ForumError
    assert caught.value.message.startswith("The board sent something this toolkit cannot read.")
