"""The board as one Tornado application: settings, limits and the route table.

Tornado comes with Jupyter (no new server to install), parses HTTP, signs cookies and checks
CSRF tokens itself, and its JupyterHub helpers let the board run as a hub service later.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any

import tornado.web

from toolkit.classroom import api, pages, trainer
from toolkit.classroom.base import templates
from toolkit.forum.errors import TooFast
from toolkit.forum.service import Forum
from toolkit.i18n import _

STATIC = Path(__file__).with_name("static")
# A request body larger than this is refused before it is read (a post is at most ~10 KB).
MAX_BODY = 64 * 1024


class Throttle:
    """At most ``limit`` events per key in ``window_s`` seconds (wrong join codes, wrong PINs).

    Kept in memory: a restart forgets it, which costs an attacker a restart per few guesses.
    """

    def __init__(self, limit: int = 10, window_s: float = 600.0) -> None:
        self.limit, self.window_s = limit, window_s
        self._events: dict[str, deque[float]] = {}

    def check(self, key: str) -> None:
        """Raise TooFast when ``key`` has used up its tries."""
        now = time.monotonic()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] > self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            msg = _("Too many wrong tries. Wait ten minutes, or ask your trainer for help.")
            raise TooFast(msg)

    def failed(self, key: str) -> None:
        self._events.setdefault(key, deque()).append(time.monotonic())
        if len(self._events) > 10_000:  # a flood of made-up keys cannot fill the memory
            self._events.clear()


def make_app(forum: Forum, **settings: Any) -> tornado.web.Application:
    """The board in front of ``forum`` (the trainer member and join code must exist)."""
    routes: list[Any] = [*api.ROUTES, *pages.ROUTES, *trainer.ROUTES]
    return tornado.web.Application(
        routes,
        forum=forum,
        jinja=templates(),
        throttle=Throttle(),
        cookie_secret=forum.board.secret("cookie"),
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": False, "samesite": "Strict"},
        static_path=str(STATIC),
        static_url_prefix="/static/",
        compress_response=True,
        **settings,
    )
