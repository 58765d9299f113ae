"""A classroom board running in a background thread on a free loopback port, for tests.

    with running_board(tmp_path / "b.sqlite") as board:
        board.url, board.code, board.trainer_key, board.forum

The forum object is shared with the server thread (its calls hold the store's lock), so a test
may read it directly to see what a request stored.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.web

from toolkit.classroom.base import SESSION_COOKIE
from toolkit.classroom.server import LOOPBACK, Listening, Opened, learner_url, listen, open_board
from toolkit.forum.service import Forum


@dataclass
class RunningBoard:
    url: str
    port: int
    code: str
    trainer_key: str
    opened: Opened
    loop: asyncio.AbstractEventLoop
    serving: Listening
    base_url: str = "/"

    @property
    def forum(self) -> Forum:
        """The forum served now (after a reset, the new one)."""
        return self.serving.forum

    @property
    def learner_url(self) -> str:
        return learner_url(LOOPBACK, self.port, self.code, base_url=self.base_url)

    def trainer_login_url(self) -> str:
        return f"{self.url}{self.base_url}trainer/login?key={self.trainer_key}"


@contextmanager
def running_board(
    db: str | Path,
    *,
    code: str | None = "TEST42",
    base_url: str = "/",
    app_settings: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Iterator[RunningBoard]:
    """Serve a board from ``db`` until the block ends (under ``base_url``; ``board.url`` stays
    the server's root, so a test names the prefix in its paths)."""
    opened = open_board(db, code=code, **kwargs)
    ready = threading.Event()
    box: dict[str, Any] = {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        async def start() -> None:
            serving = listen(opened, LOOPBACK, 0, base_url=base_url, **(app_settings or {}))
            serving.show_address(
                learner_url(LOOPBACK, serving.port, opened.code, base_url=base_url)
            )
            box.update(serving=serving, server=serving.server, port=serving.port, loop=loop)
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()
        box["server"].stop()
        loop.run_until_complete(box["server"].close_all_connections())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not ready.wait(15):
        msg = "the board did not start"
        raise RuntimeError(msg)
    port = box["port"]
    try:
        yield RunningBoard(
            f"http://{LOOPBACK}:{port}",
            port,
            opened.code,
            opened.trainer_key,
            opened,
            box["loop"],
            box["serving"],
            box["serving"].app.settings["base_url"],
        )
    finally:
        box["loop"].call_soon_threadsafe(box["loop"].stop)
        thread.join(15)
        box["serving"].forum.close()
        opened.forum.close()


@dataclass
class Reply:
    """One answer as a browser saw it (redirects are not followed, so they can be checked)."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One phone's browser without JavaScript: keeps its cookies and sends the CSRF token of its
    forms, as a browser does (``xsrf=False`` leaves it out)."""

    def __init__(self, board: RunningBoard) -> None:
        self.board = board
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, body: bytes | None = None) -> Reply:
        try:
            with self.opener.open(self.board.url + path, body, timeout=30) as answer:
                return Reply(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def get(self, path: str) -> Reply:
        return self.request(path)

    def post(
        self, path: str, data: dict[str, str] | None = None, *, xsrf: bool = True, **fields: str
    ) -> Reply:
        form = {**(data or {}), **fields}
        if xsrf:
            form = {"_xsrf": self.xsrf(), **form}
        return self.request(path, urllib.parse.urlencode(form).encode())

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def xsrf(self) -> str:
        """The CSRF token every page with a form sets (a member's /join redirects: try /)."""
        for page in (self.board.base_url + "join", self.board.base_url):
            if self.cookie("_xsrf") is None:
                self.get(page)
        value = self.cookie("_xsrf")
        assert value, "no page set the _xsrf cookie"
        return value

    def join(self, alias: str, **extra: str) -> Reply:
        form = {"code": self.board.code, "alias": alias, **extra}
        reply = self.post(self.board.base_url + "join", form)
        assert reply.status == 302, reply.text
        return reply

    def sign_in_as(self, token: str) -> None:
        """Carry a session token as the board's signed cookie (as /join would set it)."""
        secret = self.board.forum.board.secret("cookie")
        signed = tornado.web.create_signed_value(secret, SESSION_COOKIE, token).decode()
        host = urllib.parse.urlparse(self.board.url).hostname or ""
        cookie = http.cookiejar.Cookie(
            0, SESSION_COOKIE, signed, None, False, host, False, False, "/", True,
            False, None, False, None, None, {},
        )  # fmt: skip
        self.jar.set_cookie(cookie)
