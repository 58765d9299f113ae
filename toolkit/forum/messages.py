"""Direct messages and blocking: who may write to whom, inboxes, read state."""

from __future__ import annotations

from toolkit.forum import text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import Duplicate, NotAllowed, NotFound
from toolkit.forum.members import Members
from toolkit.forum.model import Inbox, Member, Message
from toolkit.forum.queries import messages as q
from toolkit.forum.refs import MemberRef, is_empty, row_id
from toolkit.forum.text import shorten
from toolkit.i18n import N_, _


class Messages:
    """The direct messages and blocks of one forum (``Forum`` calls it; see ``service.py``)."""

    def __init__(self, ctx: ForumContext, members: Members) -> None:
        self.ctx = ctx
        self.members = members

    def send(self, sender: MemberRef, recipient: MemberRef, body: str, subject: str) -> Message:
        frm, to = self.members.get(sender), self.members.get(recipient)
        if frm.id == to.id:
            msg = _("You cannot send a message to yourself. Choose another member.")
            raise NotAllowed(msg)
        body = text.clean(body, N_("message"), text.MESSAGE)
        subj = "" if is_empty(subject) else text.clean(subject, N_("subject"), text.TITLE)
        with self.ctx.store.write() as db:
            if q.is_blocked(db, to.id, frm.id):
                msg = _(
                    "You cannot send messages to {handle}: they do not accept messages from you."
                )
                raise NotAllowed(msg.format(handle=shorten(to.handle)))
            if to.messages_from == "nobody" or (
                to.messages_from == "trainers" and not frm.is_trainer
            ):
                msg = _(
                    "{handle} does not accept direct messages. "
                    "You can reply to their posts instead."
                )
                raise NotAllowed(msg.format(handle=shorten(to.handle)))
            moment = self.ctx.now()
            self.ctx.check_pace(
                q.sent_since(db, frm.id, self.ctx.flood_since(moment)),
                self.ctx.rules.flood_messages,
                N_("You are sending messages very fast. Wait a minute, then send the next one."),
            )
            message_id = q.insert(
                db, sender_id=frm.id, recipient_id=to.id, subject=subj, body=body, at=moment
            )
        found = q.by_id(self.ctx.store.conn, message_id)
        assert found is not None
        return found

    def inbox(self, member: MemberRef) -> Inbox:
        who = self.members.get(member)
        found = q.inbox(self.ctx.store.conn, who.id)
        return Inbox(who, tuple(reversed(found)))

    def message(self, ref: Message | int, reader: MemberRef) -> Message:
        who = self.members.get(reader)
        message_id = row_id(ref.id if isinstance(ref, Message) else ref)
        found = None if message_id is None else q.by_id(self.ctx.store.conn, message_id)
        if found is None or who.id not in (found.sender.id, found.recipient.id):
            msg = _("That message is not in your inbox. Check which message you mean.")
            raise NotFound(msg)
        if found.recipient.id == who.id and not found.read:
            with self.ctx.store.write() as db:
                q.mark_read(db, found.id, self.ctx.now())
            found = q.by_id(self.ctx.store.conn, found.id)
            assert found is not None
        return found

    def block(self, member: MemberRef, other: MemberRef) -> None:
        who, them = self.members.get(member), self.members.get(other)
        if who.id == them.id:
            msg = _("You cannot block yourself.")
            raise NotAllowed(msg)
        with self.ctx.store.write() as db:
            if not q.add_block(db, who.id, them.id, self.ctx.now()):
                msg = _("You have already blocked {handle}.")
                raise Duplicate(msg.format(handle=shorten(them.handle)))

    def unblock(self, member: MemberRef, other: MemberRef) -> None:
        who, them = self.members.get(member), self.members.get(other)
        with self.ctx.store.write() as db:
            if not q.remove_block(db, who.id, them.id):
                msg = _("You had not blocked {handle}.")
                raise NotFound(msg.format(handle=shorten(them.handle)))

    def blocked(self, member: MemberRef) -> list[Member]:
        who = self.members.get(member)
        ids = q.blocked_ids(self.ctx.store.conn, who.id)
        return [self.members.by_id(i) for i in sorted(ids)]
