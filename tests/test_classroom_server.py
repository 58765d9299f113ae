"""The board's command line: one command starts it, Ctrl-C stops it, a restart continues it,
and a server killed mid-write loses no post it had acknowledged."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from toolkit.classroom.server import announce, learner_url, open_board, sign_path
from toolkit.forum.errors import ForumError
from toolkit.forum.service import Forum

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``python -m toolkit.classroom`` as a learner's trainer would run it."""

    def __init__(self, db: Path, *args: str) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "toolkit.classroom",
                "--db",
                str(db),
                "--port",
                str(self.port),
                *args,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 30
        while "Ctrl-C" not in self.output:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                msg = f"the board did not start:\n{self.output}"
                raise AssertionError(msg)
            time.sleep(0.05)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(30)
        self._reader.join(5)
        return code


def _api(
    url: str, path: str, body: dict[str, object], token: str | None = None
) -> dict[str, object]:
    request = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data: dict[str, object] = json.load(response)
        return data


def test_the_announcement_names_the_address_code_and_trainer_link() -> None:
    url = learner_url("192.168.1.20", 8000, "K7M4QP")
    text = announce(url, "K7M4QP", "http://127.0.0.1:8000/trainer/login?key=abc", lan=True)
    assert "http://192.168.1.20:8000/join?code=K7M4QP" in text
    assert "Join code: K7M4QP" in text
    assert "trainer/login?key=abc" in text
    assert "HTTPS" in text  # the plain-HTTP warning on a shared network
    # The QR code is drawn with block characters, several lines of it.
    assert sum(1 for line in text.splitlines() if "█" in line or "▀" in line) > 5


def test_a_reopened_board_keeps_its_code_and_a_new_code_replaces_it(tmp_path: Path) -> None:
    first = open_board(tmp_path / "b.sqlite")
    code, key = first.code, first.trainer_key
    first.forum.close()
    again = open_board(tmp_path / "b.sqlite")
    assert again.code == code
    assert again.trainer_key != key  # a new key each start: an old trainer link stops working
    assert not again.forum.board.check_trainer_key(key)
    again.forum.close()
    chosen = open_board(tmp_path / "b.sqlite", code="garden7")
    assert chosen.code == "GARDEN7"
    chosen.forum.close()


def test_a_new_board_can_start_with_the_lessons_sample(tmp_path: Path) -> None:
    opened = open_board(tmp_path / "b.sqlite", sample=True)
    try:
        titles = {p.title for p in opened.forum.posts()}
        assert "Clean water for Riverside" in titles
        assert opened.forum.get("post-1").title == "Clean water for Riverside"
        assert opened.forum.board.trainer().is_trainer
    finally:
        opened.forum.close()
    # Once learners have posted, the sample would take the wrong numbers: refused, file kept.
    with pytest.raises(ForumError, match="already has posts"):
        open_board(tmp_path / "b.sqlite", sample=True)
    again = open_board(tmp_path / "b.sqlite")
    try:
        assert len(again.forum.posts()) == len(titles)
    finally:
        again.forum.close()


@pytest.mark.slow
def test_one_command_starts_it_ctrl_c_stops_it_and_a_restart_continues(tmp_path: Path) -> None:
    db = tmp_path / "workshop.sqlite"
    sign = tmp_path / "sign.pdf"
    server = Server(db, "--code", "K7M4QP", "--print-sign", str(sign))
    try:
        assert f"{server.url}/join?code=K7M4QP" in server.output
        assert sign.read_bytes().startswith(b"%PDF-")
        assert f"Sign written: {sign}" in server.output
        assert "Join code: K7M4QP" in server.output
        key = re.search(r"trainer/login\?key=(\S+)", server.output)
        assert key is not None
        with urllib.request.urlopen(f"{server.url}/join?code=K7M4QP", timeout=10) as page:
            assert page.status == 200
        joined = _api(server.url, "/api/v1/join", {"code": "K7M4QP", "handle": "river_song"})
        post = {"title": "Hello all", "body": "My first post on the board."}
        _api(server.url, "/api/v1/posts", post, str(joined["token"]))
        # The trainer's notebook opens the same file while the board runs: the live board.
        projector = Forum(db)
        try:
            assert [(p.title, p.author.handle) for p in projector.posts()] == [
                ("Hello all", "river_song")
            ]
        finally:
            projector.close()
    finally:
        code = server.stop(signal.SIGINT)
    assert code == 0, server.output
    assert "Traceback" not in server.output
    assert "stopped" in server.output

    again = Server(db)
    try:
        assert "Join code: K7M4QP" in again.output  # the same code without --code
        reader = _api(again.url, "/api/v1/join", {"code": "K7M4QP", "handle": "rain_reader"})
        request = urllib.request.Request(
            f"{again.url}/api/v1/posts", headers={"Authorization": f"Bearer {reader['token']}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            titles = [p["title"] for p in json.load(response)]
        assert titles == ["Hello all"]
    finally:
        assert again.stop(signal.SIGTERM) == 0


@pytest.mark.parametrize("name", ["notes.txt", "lesson.ipynb", "old.pdf"])
def test_the_sign_never_replaces_a_file_of_another_kind(tmp_path: Path, name: str) -> None:
    precious = tmp_path / name
    precious.write_text("a trainer's own notes", encoding="utf-8")
    with pytest.raises(ForumError, match="the sign is a PDF"):
        sign_path(precious)
    assert precious.read_text(encoding="utf-8") == "a trainer's own notes"
    assert sign_path(tmp_path / "new-sign.pdf") == tmp_path / "new-sign.pdf"


@pytest.mark.slow
def test_a_port_in_use_is_a_plain_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "toolkit.classroom", "--db", str(tmp_path / "b.sqlite"),
             "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_killed_server_loses_no_acknowledged_post(tmp_path: Path) -> None:
    db = tmp_path / "workshop.sqlite"
    server = Server(db, "--code", "K7M4QP")
    acknowledged: list[tuple[str, int]] = []
    stop = threading.Event()

    def writer(n: int) -> None:
        handle = f"writer_{n}"
        token = str(_api(server.url, "/api/v1/join", {"code": "K7M4QP", "handle": handle})["token"])
        i = 0
        while not stop.is_set():
            i += 1
            body = f"Post number {i} from writer {n}, written during the test."
            try:
                made = _api(
                    server.url, "/api/v1/posts", {"title": f"Note {n}-{i}", "body": body}, token
                )
            except urllib.error.HTTPError as error:
                if error.code == 429:  # the forum's pace limit: wait, as a learner would
                    time.sleep(0.5)
                    continue
                raise
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return  # the server is gone: this post was never acknowledged
            acknowledged.append((handle, int(made["id"])))  # type: ignore[call-overload]

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    time.sleep(2.0)
    server.stop(signal.SIGKILL)
    stop.set()
    for t in threads:
        t.join(15)
    assert len(acknowledged) >= 4, "too few posts were written before the kill to test anything"
    forum = Forum(db)
    try:
        stored = {(p.author.handle, p.id) for p in forum.posts()}
    finally:
        forum.close()
    missing = [pair for pair in acknowledged if pair not in stored]
    assert missing == []
