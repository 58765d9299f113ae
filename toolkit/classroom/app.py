"""The board as one Tornado application: settings, limits and the route table.

Tornado comes with Jupyter (no new server to install), parses HTTP, signs cookies and checks
CSRF tokens itself, and its JupyterHub helpers let the board run as a hub service later.
"""

from __future__ import annotations

import time
from collections import deque
from http import HTTPStatus
from pathlib import Path
from typing import Any

import tornado.httputil
import tornado.web

from toolkit.classroom import api, pages, trainer
from toolkit.classroom.base import ApiHandler, BoardHandler, templates
from toolkit.forum.errors import TooFast
from toolkit.forum.service import Forum
from toolkit.i18n import _

STATIC = Path(__file__).with_name("static")
# A request body larger than this gets a plain "too long" answer (a post is at most ~10 KB).
MAX_BODY = 64 * 1024
# Past this the server drops the connection without reading on (the answer above needs the
# body to be read, so the two limits differ).
HARD_MAX_BODY = 1024 * 1024


class _TooLarge(BoardHandler):
    """Any request whose body is over MAX_BODY: a 413 page, and nothing is done."""

    def check_xsrf_cookie(self) -> None:
        return None

    def prepare(self) -> None:
        raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


class _TooLargeJson(_TooLarge, ApiHandler):
    """The same for the API: a JSON error."""


class BoardApplication(tornado.web.Application):
    """Refuses an oversized request by its declared length, before any handler sees it."""

    def find_handler(
        self, request: tornado.httputil.HTTPServerRequest, **kwargs: Any
    ) -> tornado.web._HandlerDelegate:
        length = request.headers.get("Content-Length", "0")
        if length.isdigit() and int(length) > MAX_BODY:
            api_call = request.path.startswith(self.settings.get("base_url", "/") + "api/")
            handler = _TooLargeJson if api_call else _TooLarge
            return self.get_handler_delegate(request, handler)
        return super().find_handler(request, **kwargs)


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


def normal_base(base_url: str) -> str:
    """``base_url`` as "/" or "/a/b/": one slash in front and one at the end."""
    inner = base_url.strip("/")
    return f"/{inner}/" if inner else "/"


def prefixed(routes: list[Any], base_url: str) -> list[Any]:
    """The route table with every pattern under ``base_url`` (nothing is left at "/")."""
    prefix = base_url.rstrip("/")
    return [(prefix + pattern, *rest) for pattern, *rest in routes]


def make_app(
    forum: Forum, base_url: str = "/", *, hub: Any = None, **settings: Any
) -> tornado.web.Application:
    """The board in front of ``forum`` (the trainer member and join code must exist).

    ``base_url``: where the board lives, "/" or (as a JupyterHub service, whose proxy passes
    the full path on) "/services/board/". Every route, link, redirect and cookie is under it.
    ``hub``: a ``toolkit.classroom.hub.Hub``; learners then sign in through JupyterHub.
    """
    base = normal_base(base_url)
    routes: list[Any] = [*api.ROUTES, *pages.ROUTES, *trainer.ROUTES]
    if hub is not None:
        # Imported only here: jupyterhub is an optional dependency (the "hub" extra).
        from toolkit.classroom.hub import hub_routes

        routes = hub_routes(routes)
    routes = prefixed(routes, base)
    if base != "/":
        # "/services/board" without its last slash: the hub links to it that way too.
        routes.append((base.rstrip("/"), tornado.web.RedirectHandler, {"url": base}))
    return BoardApplication(
        routes,
        forum=forum,
        base_url=base,
        hub=hub,
        jinja=templates(),
        throttle=Throttle(),
        cookie_secret=forum.board.secret("cookie"),
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": False, "samesite": "Strict", "path": base},
        static_path=str(STATIC),
        static_url_prefix=base + "static/",
        compress_response=True,
        **settings,
    )
