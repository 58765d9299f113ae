"""API v1: reports and the trainer's moderation, direct messages and blocking."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from toolkit.classroom.api_common import PREFIX, JsonApi, ref
from toolkit.classroom.base import forum_errors
from toolkit.forum.model import Member

# Moderation actions by their name in the URL: the Forum method that does each.
ACTIONS = ("hide", "unhide", "remove", "restore", "lock", "unlock")


class Reports(JsonApi):
    @forum_errors
    def post(self) -> None:
        """{target, reason, note?} -> Report. ``target``: "post-3", "comment-7", "message-5",
        "member-2" or "@handle"."""
        me = self.require_member()
        data = self.body()
        target = self.field(data, "target")
        if isinstance(target, str) and target.startswith("@"):
            target = self.forum.member(target[1:])
        reason, note = self.text(data, "reason"), self.text(data, "note", "")
        self.send_obj(self.forum.report(ref(target), me, reason, note), HTTPStatus.CREATED)  # type: ignore[arg-type]

    @forum_errors
    def get(self) -> None:
        """Reports with ``?status=`` open (default), resolved, dismissed or all (trainer)."""
        self.require_trainer()
        status = self.arg("status", "open")
        self.send_list(self.forum.reports(None if status == "all" else status))


class Resolve(JsonApi):
    @forum_errors
    def post(self, report: str) -> None:
        """{outcome?} -> Report: "resolved" (default) or "dismissed" (trainer)."""
        # The forum refuses a learner itself, in the same words as in a notebook.
        trainer = self.require_member()
        outcome = self.text(self.body(), "outcome", "resolved")
        self.send_obj(self.forum.resolve_report(int(report), trainer, outcome))


class Moderate(JsonApi):
    @forum_errors
    def post(self, action: str) -> None:
        """{target, reason} -> ModerationAction (trainer)."""
        trainer = self.require_member()  # the forum refuses a learner in its own words
        data = self.body()
        target, reason = ref(self.field(data, "target")), self.text(data, "reason")
        done = getattr(self.forum, action)(target, trainer, reason)
        self.send_obj(done)


class ModerationLog(JsonApi):
    @forum_errors
    def get(self) -> None:
        self.require_trainer()
        self.send_list(self.forum.moderation_log())


class Messages(JsonApi):
    @forum_errors
    def post(self) -> None:
        """{recipient, body, subject?} -> Message, from the session's member."""
        me = self.require_member()
        data = self.body()
        recipient, body = self.text(data, "recipient"), self.text(data, "body")
        subject = self.text(data, "subject", "")
        self.send_obj(self.forum.send(me, recipient, body, subject), HTTPStatus.CREATED)


class Inbox(JsonApi):
    @forum_errors
    def get(self) -> None:
        self.send_obj(self.forum.inbox(self.require_member()))


class OneMessage(JsonApi):
    @forum_errors
    def get(self, message: str) -> None:
        """One message its sender or recipient reads (marks it read for the recipient)."""
        me = self.require_member()
        self.send_obj(self.forum.message(int(message), me))


class Blocks(JsonApi):
    @forum_errors
    def get(self) -> None:
        self.send_list(self.forum.blocked(self.require_member()))

    @forum_errors
    def post(self) -> None:
        """{member: handle}: the session's member blocks them."""
        me = self.require_member()
        other: Member | str = self.text(self.body(), "member")
        self.forum.block(me, other)
        self.ok()


class Unblock(JsonApi):
    @forum_errors
    def delete(self, handle: str) -> None:
        self.forum.unblock(self.require_member(), handle)
        self.ok()


_NUMBER = "([0-9]{1,19})"
ROUTES: list[Any] = [
    (rf"{PREFIX}/reports", Reports),
    (rf"{PREFIX}/reports/{_NUMBER}/resolve", Resolve),
    (rf"{PREFIX}/moderation/log", ModerationLog),
    (rf"{PREFIX}/moderation/({'|'.join(ACTIONS)})", Moderate),
    (rf"{PREFIX}/messages", Messages),
    (rf"{PREFIX}/messages/{_NUMBER}", OneMessage),
    (rf"{PREFIX}/inbox", Inbox),
    (rf"{PREFIX}/blocks", Blocks),
    (rf"{PREFIX}/blocks/([^/]+)", Unblock),
]
