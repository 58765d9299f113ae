"""A classroom board over the network, with the same methods as a ``Forum``.

    >>> board = Forum.connect("http://192.168.1.20:8765/join?code=K7M4QP", handle="amina_k")
    >>> board.post(board.me, "Hello", "Glad to be here with everyone today!")

The board checks everything again (the network could send anything), so this client only turns
calls into API v1 requests (``transport.py``) and answers back into model objects (``wire.py``).
The acting member is always one this connection joined or logged in: each request carries that
member's own session token. Tokens stay in memory only: nothing is written to a shared laptop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from toolkit.forum import handles
from toolkit.forum.errors import HandleError, NotAllowed, NotFound
from toolkit.forum.model import (
    Comment,
    Entry,
    FrontPage,
    Inbox,
    Member,
    Message,
    ModerationAction,
    Post,
    Quote,
    Reaction,
    Report,
    Revision,
    Thread,
)
from toolkit.forum.quotes import refuse_private
from toolkit.forum.refs import EntryRef, MemberRef
from toolkit.forum.transport import (
    Session,
    base_and_code,
    entry_path,
    handle_of,
    quote_part,
    target_of,
)
from toolkit.forum.wire import expect, expect_list, profile_from_wire, unreadable
from toolkit.i18n import _

__all__ = ["RemoteForum", "connect"]


def _entry(data: Any) -> Post | Comment:
    entry = expect(data, Entry)
    if not isinstance(entry, (Post, Comment)):
        raise unreadable()
    return entry


class RemoteForum(Session):
    """A Forum on a classroom board: same methods, each one a request to the board."""

    @property
    def title(self) -> str:
        if self._title is None:
            self._title = self.front_page().title
        return self._title

    # ----------------------------------------------------------------- members
    def join(
        self,
        handle: str,
        display_name: str | None = None,
        signature: str | None = None,
        *,
        role: str = "learner",
        pin: str | None = None,
    ) -> Member:
        """Join another member through this board (the first one joined is ``me``)."""
        if role != "learner":
            msg = _("Only the trainer can be a trainer on a classroom board. Join as a learner.")
            raise NotAllowed(msg)
        body: dict[str, Any] = {"code": self._code, "handle": handle}
        if display_name is not None:
            body["display_name"] = display_name
        if pin is not None:
            body["pin"] = pin
        member = self._keep(self._call("POST", "/join", body))
        if signature is not None:
            member = self.set_signature(member, signature)
        return member

    def member(self, ref: MemberRef) -> Member:
        path = f"/members/{quote_part(handle_of(ref))}"
        found = expect(self._call("GET", path, token=self._token(self.me)), Member)
        if isinstance(ref, Member) and ref.id != found.id:
            return self._missing_member(ref.handle)
        return cast(Member, found)

    def _missing_member(self, handle: str) -> Member:
        msg = _(
            'There is no member "{handle}" in this forum. Check the name, or join the forum first.'
        )
        raise NotFound(msg.format(handle=handle))

    def members(self) -> list[Member]:
        return expect_list(self._call("GET", "/members", token=self._token(self.me)), Member)

    def _me_call(self, member: MemberRef, what: str, body: dict[str, Any]) -> Any:
        return self._call("POST", f"/me/{what}", body, token=self._token(member))

    def _me_update(self, member: MemberRef, what: str, body: dict[str, Any]) -> Member:
        updated = expect(self._me_call(member, what, body), Member)
        self._sessions[handles.key(updated.handle)] = (updated, self._token(member))
        return updated

    def set_signature(self, member: MemberRef, signature: str | None) -> Member:
        return self._me_update(member, "signature", {"signature": signature})

    def set_display_name(self, member: MemberRef, display_name: str) -> Member:
        return self._me_update(member, "display_name", {"display_name": display_name})

    def set_profile(
        self, member: MemberRef, field: str, value: str | None, visibility: str = "members"
    ) -> dict[str, tuple[str, str]]:
        body = {"field": field, "value": value, "visibility": visibility}
        return profile_from_wire(self._me_call(member, "profile", body))

    def profile(
        self, member: MemberRef, viewer: MemberRef | None = None
    ) -> dict[str, tuple[str, str]]:
        path = f"/members/{quote_part(handle_of(member))}/profile"
        # The board shows profiles to its members only: without a viewer, as "me" sees it.
        return profile_from_wire(self._call("GET", path, token=self._viewer_token(viewer)))

    def set_privacy(self, member: MemberRef, *, messages_from: str) -> Member:
        return self._me_update(member, "privacy", {"messages_from": messages_from})

    # ----------------------------------------------------------------- posts and comments
    @staticmethod
    def _with_quote(body: dict[str, Any], quote: Quote | None) -> dict[str, Any]:
        if quote is not None:
            if not isinstance(quote, Quote):
                raise unreadable()
            # Only where from and which words: the board makes the quote again and checks it.
            body["quote"] = {"source": quote.source_anchor, "excerpt": quote.excerpt}
        return body

    def post(self, author: MemberRef, title: str, body: str, quote: Quote | None = None) -> Post:
        data = self._with_quote({"title": title, "body": body}, quote)
        return expect(self._call("POST", "/posts", data, token=self._token(author)), Post)

    def comment(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        path = f"/entries/{entry_path(target)}/comments"
        data = self._with_quote({"body": body}, quote)
        return expect(self._call("POST", path, data, token=self._token(author)), Comment)

    def reply(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        return self.comment(target, author, body, quote=quote)

    def quote(self, source: EntryRef | Message, excerpt: str) -> Quote:
        refuse_private(source)
        body = {"source": entry_path(cast(EntryRef, source)), "excerpt": excerpt}
        return expect(self._call("POST", "/quotes", body, token=self._token(self.me)), Quote)

    def edit(
        self, item: EntryRef, editor: MemberRef, body: str, title: str | None = None
    ) -> Post | Comment:
        data: dict[str, Any] = {"body": body}
        if title is not None:
            data["title"] = title
        path = f"/entries/{entry_path(item)}/edit"
        return _entry(self._call("POST", path, data, token=self._token(editor)))

    def revisions(self, item: EntryRef) -> list[Revision]:
        path = f"/entries/{entry_path(item)}/revisions"
        return expect_list(self._call("GET", path, token=self._token(self.me)), Revision)

    def delete(self, item: EntryRef, member: MemberRef) -> Post | Comment:
        path = f"/entries/{entry_path(item)}/delete"
        return _entry(self._call("POST", path, {}, token=self._token(member)))

    # ----------------------------------------------------------------- reading
    def get(self, ref: EntryRef) -> Post | Comment:
        path = f"/entries/{entry_path(ref)}"
        return _entry(self._call("GET", path, token=self._token(self.me)))

    def thread(self, post: EntryRef, viewer: MemberRef | None = None) -> Thread:
        path = f"/threads/{entry_path(post)}"
        return expect(self._call("GET", path, token=self._viewer_token(viewer)), Thread)

    def posts(self, viewer: MemberRef | None = None) -> list[Post]:
        return expect_list(self._call("GET", "/posts", token=self._viewer_token(viewer)), Post)

    def front_page(self, viewer: MemberRef | None = None) -> FrontPage:
        page = expect(self._call("GET", "/front", token=self._viewer_token(viewer)), FrontPage)
        self._title = page.title
        return page

    def _repr_html_(self) -> str:
        return self.front_page()._repr_html_()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return self.front_page()._repr_mimebundle_(include, exclude)

    def __str__(self) -> str:
        return str(self.front_page())

    def __iter__(self) -> Iterator[Post]:
        return iter(self.posts())

    # ----------------------------------------------------------------- reactions and reports
    def react(self, target: EntryRef, member: MemberRef, kind: str = "like") -> Reaction:
        path = f"/entries/{entry_path(target)}/reactions"
        answer = self._call("POST", path, {"kind": kind}, token=self._token(member))
        return expect(answer, Reaction)

    def reactions(self, member: MemberRef | None = None) -> list[Reaction]:
        query = None if member is None else {"member": handle_of(member)}
        answer = self._call("GET", "/reactions", token=self._token(self.me), query=query)
        return expect_list(answer, Reaction)

    def unreact(self, target: EntryRef, member: MemberRef, kind: str = "like") -> None:
        if not isinstance(kind, str):
            kind = str(kind)
        path = f"/entries/{entry_path(target)}/reactions/{quote_part(kind)}"
        self._call("DELETE", path, token=self._token(member))

    def report(
        self,
        target: EntryRef | Message | Member,
        reporter: MemberRef,
        reason: str,
        note: str = "",
    ) -> Report:
        body = {"target": target_of(target), "reason": reason, "note": note}
        answer = self._call("POST", "/reports", body, token=self._token(reporter))
        return expect(answer, Report)

    def reports(self, status: str | None = "open") -> list[Report]:
        query = {"status": "all" if status is None else status}
        answer = self._call("GET", "/reports", token=self._trainer_token(), query=query)
        return expect_list(answer, Report)

    def resolve_report(
        self, report: Report | int, trainer: MemberRef, outcome: str = "resolved"
    ) -> Report:
        number = report.id if isinstance(report, Report) else report
        path = f"/reports/{quote_part(str(number))}/resolve"
        answer = self._call("POST", path, {"outcome": outcome}, token=self._token(trainer))
        return expect(answer, Report)

    # ----------------------------------------------------------------- moderation
    def _moderate(
        self, action: str, item: EntryRef, trainer: MemberRef, reason: str
    ) -> ModerationAction:
        body = {"target": entry_path(item), "reason": reason}
        answer = self._call("POST", f"/moderation/{action}", body, token=self._token(trainer))
        return expect(answer, ModerationAction)

    def hide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("hide", item, trainer, reason)

    def unhide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("unhide", item, trainer, reason)

    def remove(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("remove", item, trainer, reason)

    def restore(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("restore", item, trainer, reason)

    def lock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("lock", post, trainer, reason)

    def unlock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate("unlock", post, trainer, reason)

    def moderation_log(self) -> list[ModerationAction]:
        answer = self._call("GET", "/moderation/log", token=self._trainer_token())
        return expect_list(answer, ModerationAction)

    # ----------------------------------------------------------------- messages and blocking
    def send(
        self, sender: MemberRef, recipient: MemberRef, body: str, subject: str = ""
    ) -> Message:
        data = {"recipient": handle_of(recipient), "body": body, "subject": subject}
        answer = self._call("POST", "/messages", data, token=self._token(sender))
        return expect(answer, Message)

    def inbox(self, member: MemberRef) -> Inbox:
        return expect(self._call("GET", "/inbox", token=self._token(member)), Inbox)

    def message(self, ref: Message | int, reader: MemberRef) -> Message:
        number = ref.id if isinstance(ref, Message) else ref
        path = f"/messages/{quote_part(str(number))}"
        return expect(self._call("GET", path, token=self._token(reader)), Message)

    def block(self, member: MemberRef, other: MemberRef) -> None:
        self._call("POST", "/blocks", {"member": handle_of(other)}, token=self._token(member))

    def unblock(self, member: MemberRef, other: MemberRef) -> None:
        path = f"/blocks/{quote_part(handle_of(other))}"
        self._call("DELETE", path, token=self._token(member))

    def blocked(self, member: MemberRef) -> list[Member]:
        return expect_list(self._call("GET", "/blocks", token=self._token(member)), Member)


def connect(
    url: str,
    *,
    code: str = "",
    handle: str,
    display_name: str | None = None,
    pin: str | None = None,
) -> RemoteForum:
    """Join the board at ``url`` as ``handle`` (or come back to it with ``pin``).

    ``url``: the trainer's link or the board's address, with the path it is served under
    (on JupyterHub, like ``http://host/services/board/``).
    """
    base, code = base_and_code(url, code)
    handles.validate(handle)  # a malformed name is refused here, as the board would
    board = RemoteForum(base, code)
    try:
        board.join(handle, display_name, pin=pin)
    except HandleError as taken:
        if not pin:
            msg = _(
                '{reason} If "{handle}" is your name from before, '
                'connect with your PIN too: pin="1234".'
            )
            raise HandleError(msg.format(reason=taken.message, handle=handle)) from None
        board.log_in(handle, pin)
    return board
