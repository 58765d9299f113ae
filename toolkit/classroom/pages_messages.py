"""Direct messages: the inbox, one message, and sending one (with the risk nudge)."""

from __future__ import annotations

from typing import Any

from toolkit.classroom.pages_base import PageHandler
from toolkit.classroom.pages_read import ReadHandler
from toolkit.classroom.pages_write import body_notes
from toolkit.forum import text
from toolkit.forum.errors import ForumError
from toolkit.i18n import _


class InboxPage(PageHandler):
    """GET /inbox: her messages, newest first, and a form to send one."""

    def get(self) -> None:
        me = self.me()
        to = self.get_query_argument("to", default="") or ""
        sent = self.get_query_argument("done", default="") == "sent"
        self.render_page(
            "inbox.html",
            inbox=self.forum.inbox(me),
            sent=sent,
            to=to[:40],
            subject="",
            body_text="",
        )


class MessagePage(ReadHandler):
    """GET /m/<id>: one message she sent or received (reading it marks it read)."""

    def get(self, message_id: str) -> None:
        me = self.me()
        try:
            message = self.forum.message(int(message_id), me)
        except ForumError as error:
            self.show_refusal(error)
            return
        self.render_page("message.html", message=message)


class SendPage(PageHandler):
    """POST /send: a message to one member; refusals show the inbox form again."""

    def post(self) -> None:
        me = self.me()
        to = self.field("to").lstrip("@")
        subject, body = self.field("subject"), self.field("body", strip=False)
        form: dict[str, Any] = {"to": to, "subject": subject, "body_text": body, "sent": False}
        try:
            text.clean(body, "message", text.MESSAGE)
            notes = body_notes(_("Your message"), body, self.forum)
            nudge = self.nudge(notes, [to, subject, body])
            if nudge is not None:
                self.render_page("inbox.html", inbox=self.forum.inbox(me), nudge=nudge, **form)
                return
            self.forum.send(me, to, body, subject)
        except ForumError as error:
            self.refuse(error, "inbox.html", inbox=self.forum.inbox(me), **form)
            return
        self.redirect(self.url("/inbox?done=sent"))


ROUTES: list[Any] = [
    (r"/inbox", InboxPage),
    (r"/m/([0-9]{1,18})", MessagePage),
    (r"/send", SendPage),
]
