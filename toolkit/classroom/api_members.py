"""API v1: joining, logging in and out, the trainer's key, members and one's own settings."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from toolkit.classroom.api_common import PREFIX, JsonApi, NoSessionYet
from toolkit.classroom.base import forum_errors
from toolkit.forum.errors import NotAllowed
from toolkit.i18n import _


class Join(NoSessionYet):
    @forum_errors
    def post(self) -> None:
        """{code, handle, display_name?, pin?} -> {token, member}: a new learner."""
        self.refuse_on_the_hub()
        data = self.body()
        throttle, key = self.settings["throttle"], self.client("code")
        throttle.check(key)
        code, handle = self.text(data, "code"), self.text(data, "handle")
        display_name, pin = self.text(data, "display_name", None), self.text(data, "pin", None)
        try:
            member = self.forum.board.join(code, handle, display_name, pin)
        except NotAllowed:  # only a wrong join code
            throttle.failed(key)
            raise
        self.send_session(member, HTTPStatus.CREATED)


class Login(NoSessionYet):
    @forum_errors
    def post(self) -> None:
        """{code, handle, pin} -> {token, member}: a learner comes back with her PIN."""
        self.refuse_on_the_hub()
        data = self.body()
        throttle, key = self.settings["throttle"], self.client("code")
        throttle.check(key)
        code, handle, pin = (
            self.text(data, "code"),
            self.text(data, "handle"),
            self.text(data, "pin"),
        )
        try:
            member = self.forum.board.log_in(code, handle, pin)
        except NotAllowed:  # a wrong code, name or PIN (the board counts PINs itself too)
            throttle.failed(key)
            raise
        self.send_session(member)


class TrainerLogin(NoSessionYet):
    @forum_errors
    def post(self) -> None:
        """{key} -> {token, member}: the trainer, with this start's trainer key."""
        data = self.body()
        throttle, key = self.settings["throttle"], self.client("trainer")
        throttle.check(key)
        if not self.forum.board.check_trainer_key(self.text(data, "key")):
            throttle.failed(key)
            msg = _(
                "That trainer key is not right. "
                "Use the trainer link the board printed when it started."
            )
            raise NotAllowed(msg)
        self.send_session(self.forum.board.trainer())


class Logout(JsonApi):
    @forum_errors
    def post(self) -> None:
        """End this session (bearer token or cookie); without one there is nothing to end."""
        token = self.bearer()
        if token is not None:
            self.forum.board.end_session(token)
        else:
            self.end_session()
        self.ok()


class Me(JsonApi):
    @forum_errors
    def get(self) -> None:
        self.send_obj(self.require_member())


class Members(JsonApi):
    @forum_errors
    def get(self) -> None:
        self.require_member()
        self.send_list(self.forum.members())


class OneMember(JsonApi):
    @forum_errors
    def get(self, handle: str) -> None:
        self.require_member()
        self.send_obj(self.forum.member(handle))


class Profile(JsonApi):
    @forum_errors
    def get(self, handle: str) -> None:
        """The profile fields the session's member may see: {field: [value, visibility]}."""
        me = self.require_member()
        self.send(profile_json(self.forum.profile(handle, me)))


def profile_json(profile: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    return {name: [value, seen_by] for name, (value, seen_by) in profile.items()}


class MySetting(JsonApi):
    """POST /me/<setting>: each changes only the session's own member."""

    @forum_errors
    def post(self, setting: str) -> None:
        me = self.require_member()
        data = self.body()
        if setting == "signature":
            self.send_obj(self.forum.set_signature(me, self.text(data, "signature", None)))
        elif setting == "display_name":
            self.send_obj(self.forum.set_display_name(me, self.text(data, "display_name")))
        elif setting == "privacy":
            self.send_obj(
                self.forum.set_privacy(me, messages_from=self.text(data, "messages_from"))
            )
        elif setting == "pin":
            self.forum.board.set_pin(me, self.text(data, "pin", None))
            self.ok()
        else:  # "profile"
            changed = self.forum.set_profile(
                me,
                self.text(data, "field"),
                self.text(data, "value", None),
                self.text(data, "visibility", "members"),
            )
            self.send(profile_json(changed))


ROUTES: list[Any] = [
    (rf"{PREFIX}/join", Join),
    (rf"{PREFIX}/login", Login),
    (rf"{PREFIX}/trainer", TrainerLogin),
    (rf"{PREFIX}/logout", Logout),
    (rf"{PREFIX}/me", Me),
    (rf"{PREFIX}/me/(signature|display_name|profile|privacy|pin)", MySetting),
    (rf"{PREFIX}/members", Members),
    (rf"{PREFIX}/members/([^/]+)", OneMember),
    (rf"{PREFIX}/members/([^/]+)/profile", Profile),
]
