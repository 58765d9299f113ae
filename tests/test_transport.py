"""toolkit.forum.transport: the board's address and join code from the trainer's link.

A board may live under a path (on JupyterHub at /services/board/, behind any proxy): the
address keeps that path, and only a path a board could have is taken.
"""

from __future__ import annotations

from typing import Any

import pytest
from forum_fixtures import assert_plain_message

from toolkit.forum.errors import ForumError, NotAllowed
from toolkit.forum.transport import API, Transport, base_and_code

SB = "/services/board"


@pytest.mark.parametrize(
    ("url", "code", "expected"),
    [
        ("http://192.168.1.20:8765/join?code=K7M4QP", "", ("http://192.168.1.20:8765", "K7M4QP")),
        ("http://192.168.1.20:8765/", "ABCD", ("http://192.168.1.20:8765", "ABCD")),
        ("http://192.168.1.20:8765", "ABCD", ("http://192.168.1.20:8765", "ABCD")),
        (" https://board.local/join?code=X&y=1 ", "", ("https://board.local", "X")),
        ("http://user:pw@10.0.0.2:80/join?code=AB12", "", ("http://10.0.0.2:80", "AB12")),
        ("http://host:8000/login?code=K7M4QP", "", ("http://host:8000", "K7M4QP")),
        # Under a prefix, as on JupyterHub: the page name and the query go, the path stays.
        (
            "http://host/services/board/join?code=K7M4QP",
            "",
            ("http://host/services/board", "K7M4QP"),
        ),
        ("http://host/services/board/", "K7M4QP", ("http://host/services/board", "K7M4QP")),
        ("http://host/services/board", "K7M4QP", ("http://host/services/board", "K7M4QP")),
        (
            "https://hub.school.org/services/board/login",
            "AB",
            ("https://hub.school.org" + SB, "AB"),
        ),
        ("http://u:p@host:81/services/board/join?code=Q#top", "", ("http://host:81" + SB, "Q")),
        # Normalised: doubled slashes and "." segments go; only a last page name is dropped.
        ("http://host//services///board//join?code=Q", "", ("http://host/services/board", "Q")),
        ("http://host/services/./board/./", "Q", ("http://host/services/board", "Q")),
        ("http://host/join/board/", "Q", ("http://host/join/board", "Q")),
        ("http://host/board/joined/", "Q", ("http://host/board/joined", "Q")),
        # A code given in the call wins over the link's.
        ("http://host/services/board/join?code=OLD", "NEW", ("http://host/services/board", "NEW")),
    ],
)
def test_the_link_gives_address_and_code(url: str, code: str, expected: Any) -> None:
    assert base_and_code(url, code) == expected


@pytest.mark.parametrize(
    "url",
    [
        "192.168.1.20:8765",
        "ftp://x/",
        "javascript:alert(1)",
        "",
        "http://",
        "http://host:99999/",
        "http://host:port/",
        # Paths that climb out or hide a separator: no board lives there.
        "http://host/services/../board/",
        "http://host/services/board/..",
        "http://host/services/%2e%2e/board/",
        "http://host/services/%2E%2E/",
        "http://host/services%2Fboard/",
        "http://host/services%2fboard/",
        "http://host/services%5Cboard/",
        "http://host/services\\board/",
        "http://host\\evil/board/",
        "http://host/my board/",
    ],
)
def test_not_a_board_address(url: str) -> None:
    with pytest.raises(ForumError) as caught:
        base_and_code(url, "ABCD")
    assert type(caught.value) is ForumError
    assert caught.value.message.startswith("That is not a board address.")
    assert_plain_message(caught.value.message)


def test_a_link_without_a_code_asks_for_it() -> None:
    with pytest.raises(NotAllowed) as caught:
        base_and_code("http://192.168.1.20:8765/join", "")
    assert 'code="..."' in caught.value.message
    assert_plain_message(caught.value.message)


def test_a_hub_service_without_a_code_says_to_use_the_browser() -> None:
    # On JupyterHub learners never see a join code: asking for one would leave her stuck.
    with pytest.raises(NotAllowed) as caught:
        base_and_code("https://hub.example.org/services/board/join", "")
    message = caught.value.message
    assert "JupyterHub" in message
    assert "hub.example.org/services/board/" in message
    assert 'code="..."' not in message
    assert_plain_message(message)
    # With a code (a trainer's own board behind a prefix) nothing changes.
    assert base_and_code("https://hub.example.org/services/board/", "K7M4QP") == (
        "https://hub.example.org/services/board",
        "K7M4QP",
    )


def test_the_transport_calls_under_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    class Answer:
        def __enter__(self) -> Answer:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def read(self, limit: int) -> bytes:
            return b'{"ok": true}'

    def fake_open(request: Any, timeout: float) -> Answer:
        seen.append(request.full_url)
        return Answer()

    from toolkit.forum import transport

    monkeypatch.setattr(transport._OPENER, "open", fake_open)
    base, _code = base_and_code("http://host/services/board/join?code=Q", "")
    assert Transport(base).call("GET", "/front", query={"a": "1"}) == {"ok": True}
    assert Transport(base + "/").call("GET", "/me") == {"ok": True}
    assert seen == [
        f"http://host/services/board{API}/front?a=1",
        f"http://host/services/board{API}/me",
    ]
