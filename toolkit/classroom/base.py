"""What every board page and API call shares: the session, the security headers, the errors.

A request acts as the member its session names, never as a member the request names. The
session token lives in a signed, HttpOnly, SameSite cookie (pages) or in an
``Authorization: Bearer`` header (``Forum.connect``); the database keeps only its hash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import jinja2
import tornado.web
from markupsafe import Markup

from toolkit.forum.errors import Duplicate, ForumError, NotAllowed, NotFound, TooFast
from toolkit.forum.model import Member
from toolkit.forum.service import Forum
from toolkit.i18n import _, ngettext
from toolkit.render.words import when_here

SESSION_COOKIE = "board_session"
# A session cookie lasts a workshop week; a new join code does not end it, a reset does.
SESSION_DAYS = 7
# Page scripts and styles come from /static only: a post that smuggles in <script> cannot run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)


def status_of(error: ForumError) -> int:
    """The HTTP status a refusal travels with (the API and the pages use the same)."""
    if isinstance(error, NotFound):
        return HTTPStatus.NOT_FOUND
    if isinstance(error, NotAllowed):
        return HTTPStatus.FORBIDDEN
    if isinstance(error, Duplicate):
        return HTTPStatus.CONFLICT
    if isinstance(error, TooFast):
        return HTTPStatus.TOO_MANY_REQUESTS
    return HTTPStatus.BAD_REQUEST


def templates() -> jinja2.Environment:
    """The board's page templates (``toolkit/classroom/templates``), escaping everything."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.classroom", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # "when": the room's own clock; everyone reading the board is where the trainer's laptop is.
    env.globals.update(_=_, ngettext=ngettext, when=when_here)
    return env


def _xsrf_refusal(kwargs: dict[str, Any]) -> bool:
    """True when the error is Tornado's refusal of a form without a valid CSRF token."""
    exc_info = kwargs.get("exc_info")
    error = exc_info[1] if exc_info else None
    return isinstance(error, tornado.web.HTTPError) and "_xsrf" in (error.log_message or "")


class BoardHandler(tornado.web.RequestHandler):
    """A board page: knows the forum, the signed-in member, and how to show a refusal."""

    @property
    def forum(self) -> Forum:
        forum: Forum = self.application.settings["forum"]
        return forum

    # ------------------------------------------------------------------ headers
    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Frame-Options", "DENY")
        # Pages show who is signed in: a shared phone's back button must not replay them.
        self.set_header("Cache-Control", "no-store")

    # ------------------------------------------------------------------ the session
    def session_token(self) -> str | None:
        """The token from the signed cookie, or None."""
        raw = self.get_signed_cookie(SESSION_COOKIE, max_age_days=SESSION_DAYS)
        return raw.decode("ascii", "replace") if raw else None

    def get_current_user(self) -> Member | None:
        token = self.session_token()
        return self.forum.board.session_member(token) if token else None

    @property
    def base(self) -> str:
        """The board's base URL ("/" or, as a hub service, "/services/board/")."""
        base: str = self.application.settings.get("base_url", "/")
        return base

    def url(self, path: str) -> str:
        """``path`` ("/new", "/?page=2") under the board's base URL."""
        return self.base + path.lstrip("/")

    @property
    def member(self) -> Member | None:
        user: Member | None = self.current_user
        return user

    def start_session(self, member: Member) -> str:
        """Sign ``member`` in on this browser (a new token; any old cookie is replaced)."""
        token = self.forum.board.start_session(member)
        self.set_signed_cookie(
            SESSION_COOKIE,
            token,
            expires_days=SESSION_DAYS,
            httponly=True,
            samesite="Lax",
            secure=self.request.protocol == "https",
            path=self.base,
        )
        self._current_user = member
        return token

    def end_session(self) -> None:
        token = self.session_token()
        if token:
            self.forum.board.end_session(token)
        self.clear_cookie(SESSION_COOKIE, path=self.base)
        self._current_user = None

    def require_member(self) -> Member:
        """The signed-in member; others are sent to the join page."""
        member = self.member
        if member is None:
            raise tornado.web.HTTPError(HTTPStatus.UNAUTHORIZED)
        return member

    def require_trainer(self) -> Member:
        member = self.require_member()
        if not member.is_trainer:
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        return member

    # ------------------------------------------------------------------ pages
    def render_page(self, name: str, status: int = HTTPStatus.OK, **context: Any) -> None:
        """Render ``templates/<name>`` with what every page needs, and finish."""
        env: jinja2.Environment = self.application.settings["jinja"]
        page = env.get_template(name).render(
            member=self.member,
            board_title=self.forum.title,
            xsrf_form_html=Markup(self.xsrf_form_html()),
            static_url=self.static_url,
            base=self.base,
            **context,
        )
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(page)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A plain page, never a traceback; unknown visitors are sent to the join page."""
        if status_code == HTTPStatus.UNAUTHORIZED and self.request.method == "GET":
            self.redirect(self.url("/join"))
            return
        messages = {
            HTTPStatus.UNAUTHORIZED: _("Please join the board first, then try again."),
            HTTPStatus.FORBIDDEN: _("This page is for the trainer. Go back to the board."),
            HTTPStatus.NOT_FOUND: _("There is no such page. Go back to the board."),
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE: _("That was too long to send. Make it shorter."),
        }
        default = _("Something went wrong on the board. Go back and try again.")
        message = messages.get(HTTPStatus(status_code), default)
        if status_code == HTTPStatus.FORBIDDEN and _xsrf_refusal(kwargs):
            message = _("This form is out of date. Go back, reload the page and send it again.")
        self.render_page("error.html", status=status_code, message=message)

    def refuse(self, error: ForumError, template: str, **context: Any) -> None:
        """Show ``template`` again with the plain refusal above the form (nothing was changed)."""
        self.render_page(template, status=status_of(error), error=error.message, **context)


class ApiHandler(BoardHandler):
    """A JSON call of API v1: bearer token or cookie session; errors as JSON, never HTML."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Content-Type", "application/json; charset=UTF-8")

    def bearer(self) -> str | None:
        auth = self.request.headers.get("Authorization", "")
        scheme, _sep, token = auth.partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def get_current_user(self) -> Member | None:
        token = self.bearer()
        if token is not None:
            return self.forum.board.session_member(token)
        return super().get_current_user()

    def check_xsrf_cookie(self) -> None:
        # A bearer token is never sent by a browser on its own, so it needs no CSRF token;
        # a call riding on the cookie does (board.js sends X-XSRFToken).
        if self.bearer() is None:
            super().check_xsrf_cookie()

    def body(self) -> dict[str, Any]:
        """The request's JSON object; anything else is a plain 400."""
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            msg = _("The board could not read that request. Send a JSON object.")
            raise ForumError(msg)
        return data

    def send(self, data: object, status: int = HTTPStatus.OK) -> None:
        self.set_status(status)
        self.finish(json.dumps(data, ensure_ascii=False))

    def send_error_json(self, status: int, kind: str, message: str) -> None:
        self.clear_header("Location")
        self.send({"error": {"type": kind, "message": message}}, status)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        names = {
            HTTPStatus.UNAUTHORIZED: ("NotAllowed", _("Join the board first, then try again.")),
            HTTPStatus.FORBIDDEN: ("NotAllowed", _("Only the trainer may do this.")),
            HTTPStatus.NOT_FOUND: ("NotFound", _("There is no such address on the board.")),
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE: (
                "InvalidText",
                _("That was too long to send. Make it shorter."),
            ),
        }
        kind, message = names.get(
            HTTPStatus(status_code),
            ("ForumError", _("Something went wrong on the board. Try again.")),
        )
        self.send_error_json(status_code, kind, message)


def forum_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """For API handlers: a ForumError becomes its JSON error with the matching status."""

    def call(self: ApiHandler, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ForumError as error:
            self.send_error_json(status_of(error), type(error).__name__, error.message)
            return None

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call
