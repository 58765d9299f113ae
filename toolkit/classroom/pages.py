"""The learners' pages: join, log in, log out, and the route table of every learner page.

Every page works with JavaScript off: forms post, the server answers with a redirect after a
success (Post-Redirect-Get) or the same form again with her text and a plain message.
``board.js`` only adds live updates. The reading pages are in ``pages_read``, the writing
forms in ``pages_write``, the "me" page in ``pages_me`` and messages in ``pages_messages``.
"""

from __future__ import annotations

from typing import Any

from toolkit.checks import check_alias
from toolkit.checks.feedback import Feedback
from toolkit.classroom import pages_me, pages_messages, pages_read, pages_write
from toolkit.classroom.pages_base import Note, PageHandler
from toolkit.forum import handles
from toolkit.forum.board import WRONG_CODE
from toolkit.forum.errors import ForumError, HandleError, NotAllowed
from toolkit.i18n import _

# The lesson-2 check without its progress record: a visitor's alias idea is not a lesson
# result, and the server's progress file is the trainer's, not hers.
_alias_check = getattr(check_alias, "__wrapped__", check_alias)


def alias_feedback(alias: str, real_name: str, town: str) -> Feedback | None:
    """The lesson-2 alias check on what she typed (real name and town are compared, never kept)."""
    if not alias.strip():
        return None
    result: Feedback = _alias_check(alias, real_name=real_name or None, town=town or None)
    return result


def alias_notes(alias: str, feedback: Feedback | None) -> list[Note]:
    """What to ask about before joining: details about her in an alias the forum would take."""
    if feedback is None or feedback.passed:
        return []
    try:
        handles.validate(alias)
    except HandleError:
        return []  # the forum refuses it anyway; its own message says why
    hint = feedback.hint or ""
    return [Note(_("Your alias"), alias, why, hint) for why in feedback.missing]


class JoinPage(PageHandler):
    """GET/POST /join: the code from the wall, an alias, optionally a display name and a PIN."""

    def get(self) -> None:
        if self.member is not None:
            self.redirect(self.url("/"))
            return
        code = self.get_query_argument("code", default="") or ""
        self.render_page(
            "join.html",
            code=code[:20],
            alias="",
            display_name="",
            real_name="",
            town="",
            feedback=None,
        )

    def post(self) -> None:
        code, alias = self.field("code"), self.field("alias")
        display_name, pin = self.field("display_name"), self.field("pin")
        real_name, town = self.field("real_name"), self.field("town")
        # The PIN is never sent back in a page; she types it again after a refusal.
        form: dict[str, Any] = dict(
            code=code, alias=alias, display_name=display_name, real_name=real_name, town=town
        )
        feedback = alias_feedback(alias, real_name, town)
        throttle = self.settings["throttle"]  # app.Throttle
        key = f"code:{self.request.remote_ip}"
        try:
            throttle.check(key)
            if not self.forum.board.check_code(code):
                throttle.failed(key)
                raise NotAllowed(_(WRONG_CODE))
            if self.field("choice") == "check":
                self.render_page("join.html", feedback=feedback, **form)
                return
            nudge = self.nudge(alias_notes(alias, feedback), [alias])
            if nudge is not None:
                self.render_page("join.html", feedback=None, nudge=nudge, **form)
                return
            member = self.forum.board.join(code, alias, display_name or None, pin or None)
        except ForumError as error:
            self.refuse(error, "join.html", feedback=feedback, **form)
            return
        self.start_session(member)
        self.redirect(self.url("/"))


class LoginPage(PageHandler):
    """GET/POST /login: come back from another phone with the alias and PIN."""

    def get(self) -> None:
        code = self.get_query_argument("code", default="") or ""
        self.render_page("login.html", code=code[:20], alias="")

    def post(self) -> None:
        code, alias, pin = self.field("code"), self.field("alias"), self.field("pin")
        throttle = self.settings["throttle"]  # app.Throttle
        key = f"login:{self.request.remote_ip}"
        try:
            throttle.check(key)
            try:
                member = self.forum.board.log_in(code, alias, pin)
            except NotAllowed:
                throttle.failed(key)
                raise
        except ForumError as error:
            self.refuse(error, "login.html", code=code, alias=alias)
            return
        self.start_session(member)
        self.redirect(self.url("/"))


class LogoutPage(PageHandler):
    """POST /logout: this phone only, or (``everywhere``) every phone she used."""

    def post(self) -> None:
        member = self.member
        if member is not None and self.field("choice") == "everywhere":
            self.forum.board.end_sessions(member)
        self.end_session()
        self.redirect(self.url("/join"))


ROUTES: list[Any] = [
    (r"/join", JoinPage),
    (r"/login", LoginPage),
    (r"/logout", LogoutPage),
    *pages_read.ROUTES,
    *pages_write.ROUTES,
    *pages_me.ROUTES,
    *pages_messages.ROUTES,
]
