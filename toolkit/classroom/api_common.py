"""What every call of the JSON API v1 shares: reading the request, naming things, answering.

Every answer is JSON. A forum object travels as ``toolkit.forum.wire.to_wire(obj)``; a list as a
JSON array of those; an action with nothing to give back answers ``{"ok": true}``. A refusal is
``{"error": {"type": <ForumError subclass>, "message": <plain text>}}`` (see ``base.ApiHandler``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from toolkit.classroom.base import ApiHandler
from toolkit.forum.errors import InvalidText, NotAllowed
from toolkit.forum.model import Entry, FrontPage, Member, Post, Thread
from toolkit.forum.wire import to_wire
from toolkit.i18n import _

PREFIX = "/api/v1"
# A number in a URL or a request names a row by id; longer digit runs name nothing (the forum
# says so), and stay text so int() never meets a 5,000-digit number.
_ID = re.compile(r"[0-9]{1,19}")
_MISSING = object()


def ref(value: object) -> object:
    """A post/comment/report reference as the forum takes it: "post-3", "comment-7" or an id."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return value


def shown(entry: Entry, viewer: Member) -> Entry:
    """``entry`` as ``viewer`` may read it: a hidden, removed or deleted entry keeps its place
    in the thread but not its words, except for a trainer (who moderates it)."""
    if entry.status == "visible" or viewer.is_trainer:
        return entry
    title = "" if isinstance(entry, Post) else entry.title
    return replace(entry, title=title, body="", quote=None)


def shown_thread(thread: Thread, viewer: Member) -> Thread:
    post = shown(thread.post, viewer)
    assert isinstance(post, Post)
    comments = tuple(shown(c, viewer) for c in thread.comments)
    return replace(thread, post=post, comments=comments)  # type: ignore[arg-type]


def shown_front(front: FrontPage, viewer: Member) -> FrontPage:
    posts = tuple(shown(p, viewer) for p in front.posts)
    return replace(front, posts=posts)  # type: ignore[arg-type]


class JsonApi(ApiHandler):
    """An API v1 handler: JSON in, JSON out, refusals as JSON with a plain message."""

    def check_xsrf_cookie(self) -> None:
        # A forged request matters only when it would ride on a session cookie; with neither
        # a bearer token nor that cookie it acts as nobody, and gets the plainer 401.
        if self.bearer() is None and self.session_token() is None:
            return
        super().check_xsrf_cookie()

    # ------------------------------------------------------------------ reading
    def field(self, data: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
        """``data[name]``; a missing field without a default is a plain refusal."""
        if name in data:
            return data[name]
        if default is _MISSING:
            msg = _('The request has no "{name}". Send it and try again.')
            raise InvalidText(msg.format(name=name))
        return default

    def text(self, data: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
        """A field that must be text (or its default, which may be None)."""
        value = self.field(data, name, default)
        if value is not default and not isinstance(value, str):
            msg = _('"{name}" must be text. Send it as text and try again.')
            raise InvalidText(msg.format(name=name))
        return value

    def arg(self, name: str, default: str | None = None) -> str | None:
        """A query argument (``?member=...``), or ``default``."""
        return self.get_query_argument(name, default)

    # ------------------------------------------------------------------ answering
    def ok(self, status: int = HTTPStatus.OK) -> None:
        self.send({"ok": True}, status)

    def send_obj(self, obj: object, status: int = HTTPStatus.OK) -> None:
        self.send(to_wire(obj), status)

    def send_list(self, items: list[Any]) -> None:
        self.send([to_wire(item) for item in items])

    def send_session(self, member: Member, status: int = HTTPStatus.OK) -> None:
        """A new bearer session for ``member`` (join, login, trainer login): no cookie is set."""
        token = self.forum.board.start_session(member)
        self.send({"token": token, "member": to_wire(member)}, status)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if status_code == HTTPStatus.FORBIDDEN and "_xsrf" in str(
            getattr(error, "log_message", "")
        ):
            msg = _(
                "This request has no valid XSRF token. Reload the page, or send the "
                "X-XSRFToken header with the _xsrf cookie's value."
            )
            self.send_error_json(status_code, NotAllowed.__name__, msg)
            return
        if status_code == HTTPStatus.METHOD_NOT_ALLOWED:
            msg = _("This address does not take that kind of request. Check the API v1 list.")
            self.send_error_json(status_code, "NotFound", msg)
            return
        super().write_error(status_code, **kwargs)


class NoSessionYet(JsonApi):
    """A call that starts a session (join, login, trainer): it cannot ride on a cookie, so it
    needs no CSRF token (the answer is a bearer token in the body; no cookie is set)."""

    def check_xsrf_cookie(self) -> None:
        return None

    def refuse_on_the_hub(self) -> None:
        """In hub mode (``settings["hub"]``, set by make_app) a join code or PIN makes no member:
        the hub says who a learner is, so a member made here would belong to no hub user."""
        if self.settings.get("hub") is None:
            return
        msg = _(
            "This board is on JupyterHub: it knows learners by their hub login, not by a join "
            "code or PIN. Open {address} in your browser and sign in to the hub there."
        )
        address = f"{self.request.host}{self.settings['base_url']}"
        raise NotAllowed(msg.format(address=address))

    def client(self, kind: str) -> str:
        """The throttle's key: wrong codes, PINs and keys are counted per address."""
        return f"{kind}:{self.request.remote_ip}"
