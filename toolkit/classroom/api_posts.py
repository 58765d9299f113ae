"""API v1: reading and writing posts and comments, quotes, reactions, live updates, the pin.

Whatever the request says, the author is the session's member. Entries a learner may not read
(hidden, removed, deleted) come back in their place without their words (``api_common.shown``).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from toolkit.classroom.api_common import (
    PREFIX,
    JsonApi,
    ref,
    shown,
    shown_front,
    shown_thread,
)
from toolkit.classroom.base import forum_errors
from toolkit.forum.errors import InvalidText, NotAllowed
from toolkit.forum.model import Member, Quote
from toolkit.forum.refs import ANCHOR
from toolkit.forum.wire import to_wire
from toolkit.i18n import _

_REF = r"([^/]+)"


class ApiPosts(JsonApi):
    """A handler that may carry a quote: the server makes it again from its source."""

    def quote_of(self, data: dict[str, Any], me: Member) -> Quote | None:
        given = self.field(data, "quote", None)
        if given is None:
            return None
        if not isinstance(given, dict):
            msg = _('"quote" must be an object with "source" and "excerpt". Send it that way.')
            raise InvalidText(msg)
        return self.make_quote(given, me)

    def make_quote(self, data: dict[str, Any], me: Member) -> Quote:
        source, excerpt = self.field(data, "source"), self.text(data, "excerpt")
        anchor = ANCHOR.fullmatch(source) if isinstance(source, str) else None
        if anchor is not None and anchor["kind"] == "message":
            # A message is quoted only by someone who may read it.
            return self.forum.quote(self.forum.message(int(anchor["number"]), me), excerpt)
        return self.forum.quote(ref(source), excerpt)  # type: ignore[arg-type]


class Posts(ApiPosts):
    @forum_errors
    def get(self) -> None:
        """Every thread's first post, newest first (without authors the member blocked)."""
        me = self.require_member()
        self.send_list([shown(p, me) for p in self.forum.posts(me)])

    @forum_errors
    def post(self) -> None:
        """{title, body, quote?} -> Post."""
        me = self.require_member()
        data = self.body()
        title, body = self.text(data, "title"), self.text(data, "body")
        made = self.forum.post(me, title, body, self.quote_of(data, me))
        self.send_obj(made, HTTPStatus.CREATED)


class Front(JsonApi):
    @forum_errors
    def get(self) -> None:
        me = self.require_member()
        self.send_obj(shown_front(self.forum.front_page(me), me))


class OneEntry(JsonApi):
    @forum_errors
    def get(self, entry: str) -> None:
        me = self.require_member()
        self.send_obj(shown(self.forum.get(ref(entry)), me))  # type: ignore[arg-type]


class OneThread(JsonApi):
    @forum_errors
    def get(self, entry: str) -> None:
        me = self.require_member()
        self.send_obj(shown_thread(self.forum.thread(ref(entry), me), me))  # type: ignore[arg-type]


class Comments(ApiPosts):
    @forum_errors
    def post(self, entry: str) -> None:
        """{body, quote?} -> Comment (on a post, or a reply to a comment)."""
        me = self.require_member()
        data = self.body()
        body = self.text(data, "body")
        made = self.forum.comment(ref(entry), me, body, self.quote_of(data, me))  # type: ignore[arg-type]
        self.send_obj(made, HTTPStatus.CREATED)


class Quotes(ApiPosts):
    @forum_errors
    def post(self) -> None:
        """{source, excerpt} -> Quote: checked and credited, not stored."""
        me = self.require_member()
        self.send_obj(self.make_quote(self.body(), me))


class Edit(JsonApi):
    @forum_errors
    def post(self, entry: str) -> None:
        """{body, title?} -> the entry, changed (only its author or a trainer may)."""
        me = self.require_member()
        data = self.body()
        body, title = self.text(data, "body"), self.text(data, "title", None)
        self.send_obj(self.forum.edit(ref(entry), me, body, title))  # type: ignore[arg-type]


class Delete(JsonApi):
    @forum_errors
    def post(self, entry: str) -> None:
        me = self.require_member()
        self.send_obj(shown(self.forum.delete(ref(entry), me), me))  # type: ignore[arg-type]


class Revisions(JsonApi):
    @forum_errors
    def get(self, entry: str) -> None:
        me = self.require_member()
        found = self.forum.get(ref(entry))  # type: ignore[arg-type]
        if found.status != "visible" and not me.is_trainer:
            msg = _("This was deleted or taken down, so its earlier versions are not shown.")
            raise NotAllowed(msg)
        self.send_list(self.forum.revisions(found))


class Reactions(JsonApi):
    @forum_errors
    def post(self, entry: str) -> None:
        """{kind} -> Reaction (kind "like" when not given)."""
        me = self.require_member()
        kind = self.text(self.body(), "kind", "like")
        self.send_obj(self.forum.react(ref(entry), me, kind), HTTPStatus.CREATED)  # type: ignore[arg-type]


class Unreact(JsonApi):
    @forum_errors
    def delete(self, entry: str, kind: str) -> None:
        me = self.require_member()
        self.forum.unreact(ref(entry), me, kind)  # type: ignore[arg-type]
        self.ok()


class AllReactions(JsonApi):
    @forum_errors
    def get(self) -> None:
        """Every reaction, oldest first, or those one member gave (``?member=<handle>``)."""
        self.require_member()
        self.send_list(self.forum.reactions(self.arg("member") or None))


class Changes(JsonApi):
    @forum_errors
    def get(self) -> None:
        """{"latest": n}: a number that grows with every change (board.js polls it)."""
        self.require_member()
        self.send({"latest": self.forum.board.latest()})


class Pinned(JsonApi):
    @forum_errors
    def get(self) -> None:
        """{"post": Post or null}: the question of the day."""
        self.require_member()
        post = self.forum.board.pinned()
        self.send({"post": None if post is None else to_wire(post)})

    @forum_errors
    def post(self) -> None:
        """{post} -> {"post": Post}: the trainer pins a post."""
        trainer = self.require_trainer()
        post = self.forum.board.pin_post(ref(self.field(self.body(), "post")), trainer)  # type: ignore[arg-type]
        self.send({"post": to_wire(post)})

    @forum_errors
    def delete(self) -> None:
        self.forum.board.unpin(self.require_trainer())
        self.ok()


ROUTES: list[Any] = [
    (rf"{PREFIX}/posts", Posts),
    (rf"{PREFIX}/front", Front),
    (rf"{PREFIX}/entries/{_REF}", OneEntry),
    (rf"{PREFIX}/threads/{_REF}", OneThread),
    (rf"{PREFIX}/entries/{_REF}/comments", Comments),
    (rf"{PREFIX}/entries/{_REF}/edit", Edit),
    (rf"{PREFIX}/entries/{_REF}/delete", Delete),
    (rf"{PREFIX}/entries/{_REF}/revisions", Revisions),
    (rf"{PREFIX}/entries/{_REF}/reactions", Reactions),
    (rf"{PREFIX}/entries/{_REF}/reactions/([^/]+)", Unreact),
    (rf"{PREFIX}/quotes", Quotes),
    (rf"{PREFIX}/reactions", AllReactions),
    (rf"{PREFIX}/changes", Changes),
    (rf"{PREFIX}/pinned", Pinned),
]
