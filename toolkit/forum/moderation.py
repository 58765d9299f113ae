"""Moderation: reactions, reports and what trainers do (hide, remove, restore, lock), logged."""

from __future__ import annotations

from toolkit.forum import text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import Duplicate, InvalidText, NotAllowed, NotFound
from toolkit.forum.members import Members
from toolkit.forum.messages import Messages
from toolkit.forum.model import (
    REACTIONS,
    REPORT_REASONS,
    Member,
    Message,
    ModerationAction,
    Post,
    Reaction,
    Report,
)
from toolkit.forum.posts import Posts
from toolkit.forum.queries import members as members_q
from toolkit.forum.queries import moderation as q
from toolkit.forum.queries import posts as posts_q
from toolkit.forum.refs import ANCHOR, EntryRef, MemberRef, is_empty, missing, row_id
from toolkit.forum.text import shorten
from toolkit.i18n import N_, _

# What each action needs the entry's status to be, and what it makes it.
STATUS_CHANGES = {
    "hide": ({"visible"}, "hidden"),
    "unhide": ({"hidden"}, "visible"),
    "remove": ({"visible", "hidden"}, "removed"),
    "restore": ({"removed"}, "visible"),
}
REPORT_OUTCOMES = ("resolved", "dismissed")


class Moderation:
    """Reactions, reports and the trainers' tools of one forum (``Forum`` calls it)."""

    def __init__(
        self, ctx: ForumContext, members: Members, posts: Posts, messages: Messages
    ) -> None:
        self.ctx = ctx
        self.members = members
        self.posts = posts
        self.messages = messages

    # ----------------------------------------------------------------- reactions
    def react(self, target: EntryRef, member: MemberRef, kind: str) -> Reaction:
        who = self.members.get(member)
        entry = self.posts.get(target)
        _check_reaction(kind)
        if entry.author.id == who.id:
            msg = _("You cannot react to your own post. React to what others wrote instead.")
            raise NotAllowed(msg)
        if entry.status != "visible":
            msg = _("This has been taken down, so you cannot react to it.")
            raise NotAllowed(msg)
        with self.ctx.store.write() as db:
            if not q.add_reaction(db, entry.id, who.id, kind, self.ctx.now()):
                msg = _('You already reacted "{kind}" to this. Each reaction counts once.')
                raise Duplicate(msg.format(kind=kind))
        return Reaction(who.handle, entry.anchor, kind)

    def reactions(self, member: MemberRef | None) -> list[Reaction]:
        member_id = None if member is None else self.members.get(member).id
        return q.reactions(self.ctx.store.conn, member_id)

    def unreact(self, target: EntryRef, member: MemberRef, kind: str) -> None:
        who = self.members.get(member)
        entry = self.posts.get(target)
        _check_reaction(kind)
        with self.ctx.store.write() as db:
            if not q.remove_reaction(db, entry.id, who.id, kind):
                msg = _('You had not reacted "{kind}" to this, so there is nothing to take back.')
                raise NotFound(msg.format(kind=kind))

    # ----------------------------------------------------------------- reports
    def report(
        self, target: EntryRef | Message | Member, reporter: MemberRef, reason: str, note: str
    ) -> Report:
        who = self.members.get(reporter)
        if reason not in REPORT_REASONS:
            msg = _("Choose a reason for the report: {choices}.")
            raise InvalidText(msg.format(choices=", ".join(REPORT_REASONS)))
        clean_note = "" if is_empty(note) else text.clean(note, N_("note"), text.NOTE)
        kind, target_id = self._report_target(target, who)
        with self.ctx.store.write() as db:
            report_id = q.add_report(
                db,
                target_kind=kind,
                target_id=target_id,
                reporter_id=who.id,
                reason=reason,
                note=clean_note,
                at=self.ctx.now(),
            )
            if report_id is None:
                msg = _(
                    "You already reported this and a trainer has not looked at it yet. "
                    "There is no need to report it again."
                )
                raise Duplicate(msg)
        return q.report(self.ctx.store.conn, report_id)

    def _report_target(self, target: object, who: Member) -> tuple[str, int]:
        if isinstance(target, Message):
            return "message", self.messages.message(target, who).id
        if isinstance(target, Member):
            return "member", self.members.get(target).id
        anchor = ANCHOR.fullmatch(target) if isinstance(target, str) else None
        if anchor is not None and anchor["kind"] in ("member", "message"):
            if anchor["kind"] == "message":
                return "message", self.messages.message(int(anchor["number"]), who).id
            number = row_id(int(anchor["number"]))
            if number is None or not members_q.exists(self.ctx.store.conn, number):
                error = missing(f"member-{anchor['number']}")
                raise error
            return "member", number
        entry = self.posts.get(target)  # type: ignore[arg-type]
        return entry.kind, entry.id

    def reports(self, status: str | None) -> list[Report]:
        if status is not None and status not in ("open", *REPORT_OUTCOMES):
            msg = _('Reports are listed by status: "open", "resolved" or "dismissed". Choose one.')
            raise InvalidText(msg)
        return q.reports(self.ctx.store.conn, status)

    def resolve_report(self, report: Report | int, trainer: MemberRef, outcome: str) -> Report:
        who = self.members.trainer(trainer)
        report_id = row_id(report.id if isinstance(report, Report) else report)
        if outcome not in REPORT_OUTCOMES:
            msg = _('The outcome must be "resolved" or "dismissed".')
            raise InvalidText(msg)
        with self.ctx.store.write() as db:
            closed = report_id is not None and q.close_report(db, report_id, outcome, who.id)
            if not closed:
                if report_id is None:
                    msg = _("There is no open report. Check the list of reports.")
                else:
                    msg = _("There is no open report number {number}. Check the list of reports.")
                raise NotFound(msg.format(number=report_id))
        assert report_id is not None
        return q.report(self.ctx.store.conn, report_id)

    # ----------------------------------------------------------------- trainers' actions
    def moderate(
        self, item: EntryRef, trainer: MemberRef, reason: str, action: str
    ) -> ModerationAction:
        """Do ``action`` (hide, unhide, remove, restore, lock, unlock) and log it."""
        who = self.members.trainer(trainer)
        why = text.clean(reason, N_("reason"), text.NOTE)
        entry = self.posts.get(item)
        with self.ctx.store.write() as db:
            if action in ("lock", "unlock"):
                if not isinstance(entry, Post):
                    msg = _("Only a whole thread can be locked. Lock the post that starts it.")
                    raise NotAllowed(msg)
                want = action == "lock"
                if entry.locked == want:
                    if want:
                        msg = _("This thread is already locked.")
                    else:
                        msg = _("This thread is already open.")
                    raise NotAllowed(msg)
                posts_q.set_locked(db, entry.id, want)
            else:
                from_states, to_state = STATUS_CHANGES[action]
                if entry.status not in from_states:
                    # The states are the values ``entry.status`` shows, so they stay as they are.
                    first, *rest = sorted(from_states)
                    if rest:
                        msg = _("This cannot be done now: it is {status}, not {first} or {second}.")
                    else:
                        msg = _("This cannot be done now: it is {status}, not {first}.")
                    second = rest[0] if rest else ""
                    raise NotAllowed(msg.format(status=entry.status, first=first, second=second))
                posts_q.set_status(db, entry.id, to_state)
            log_id = q.log_action(
                db,
                actor_id=who.id,
                action=action,
                target_kind=entry.kind,
                target_id=entry.id,
                reason=why,
                at=self.ctx.now(),
            )
        return q.action(self.ctx.store.conn, log_id)

    def log(self) -> list[ModerationAction]:
        return q.log(self.ctx.store.conn)


def _check_reaction(kind: object) -> None:
    if kind not in REACTIONS:
        if isinstance(kind, str):
            msg = _('"{kind}" is not a reaction. Choose one of: {choices}.')
        else:
            msg = _("That is not a reaction. Choose one of: {choices}.")
        shown = shorten(kind) if isinstance(kind, str) else ""
        raise InvalidText(msg.format(kind=shown, choices=", ".join(REACTIONS)))
