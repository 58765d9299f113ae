"""The Forum: every action a member or trainer can take, each checked, each all-or-nothing.

``Forum`` is a thin facade: each method hands over to the part of the forum it belongs to.

    members.py     join, member(s), display name, signature, profile, privacy
    posts.py       post, comment, reply, quote (quotes.py), edit, delete, revisions,
                   get, thread, posts, front page
    moderation.py  reactions, reports, hide/unhide/remove/restore/lock/unlock, the log
    messages.py    send, inbox, message, block/unblock/blocked
    queries/       all the SQL, one module per part, rows read by column name

The parts share one ``ForumContext`` (store, clock, rules, title). Every method validates first,
then writes inside one ``BEGIN IMMEDIATE`` transaction; a refusal raises a ForumError subclass
and leaves the forum exactly as it was. Every public method runs under the store's lock (see
``guard.py``), so one Forum may be shared between threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.forum import remote, text
from toolkit.forum.board import Board
from toolkit.forum.clock import Clock, system_clock
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import ForumError
from toolkit.forum.guard import guard_public_methods
from toolkit.forum.members import Members
from toolkit.forum.messages import Messages
from toolkit.forum.model import (
    Comment,
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
from toolkit.forum.moderation import Moderation
from toolkit.forum.posts import Posts
from toolkit.forum.refs import EntryRef, MemberRef
from toolkit.forum.remote import RemoteForum
from toolkit.forum.rules import Rules
from toolkit.forum.store import Store
from toolkit.i18n import N_, _

# The title a forum shows when none is given, marked for translation and translated when it opens.
DEFAULT_TITLE = N_("Community forum")


@guard_public_methods
class Forum:
    """A simulated community forum, kept in memory or in a SQLite file.

    >>> forum = Forum()
    >>> amina = forum.join("amina_k", "Amina")
    >>> post = forum.post(amina, "Our new library", "The library opens on Monday. Come and see!")
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        clock: Clock | None = None,
        rules: Rules | None = None,
        title: str = DEFAULT_TITLE,
    ) -> None:
        if clock is not None and not callable(clock):
            msg = _("clock= takes a clock such as SimulatedClock(). Pass one, or leave it out.")
            raise ForumError(msg)
        if rules is not None and not isinstance(rules, Rules):
            msg = _(
                "rules= takes Rules(...), for example Rules(flood_posts=20). "
                "Pass one, or leave it out."
            )
            raise ForumError(msg)
        if isinstance(title, str) and title == DEFAULT_TITLE:
            title = _(DEFAULT_TITLE)  # in the learner's language (a title given is kept as it is)
        clean_title = text.clean(title, N_("forum title"), text.TITLE)
        # Opened last: a refused argument leaves no file behind.
        store = Store(path)
        self._ctx = ForumContext(store, clock or system_clock, rules or Rules(), clean_title)
        self.path = store.path
        self._members = Members(self._ctx)
        self._posts = Posts(self._ctx, self._members)
        self._messages = Messages(self._ctx, self._members)
        self._moderation = Moderation(self._ctx, self._members, self._posts, self._messages)
        self._board = Board(self._ctx, self._members, self._posts)

    # ----------------------------------------------------------------- shared settings
    @property
    def store(self) -> Store:
        return self._ctx.store

    @property
    def board(self) -> Board:
        """The classroom board's join code, sessions and question of the day
        (see toolkit/forum/board.py)."""
        return self._board

    @property
    def clock(self) -> Clock:
        return self._ctx.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._ctx.clock = clock

    @property
    def rules(self) -> Rules:
        return self._ctx.rules

    @rules.setter
    def rules(self, rules: Rules) -> None:
        self._ctx.rules = rules

    @property
    def title(self) -> str:
        return self._ctx.title

    @title.setter
    def title(self, title: str) -> None:
        self._ctx.title = title

    # ----------------------------------------------------------------- lifecycle
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Forum:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "in memory" if self.path is None else str(self.path)
        return f"<Forum {self.title!r} ({where})>"

    # ----------------------------------------------------------------- members
    def join(
        self,
        handle: str,
        display_name: str | None = None,
        signature: str | None = None,
        *,
        role: str = "learner",
    ) -> Member:
        """Add a member. The handle must be unique, not a look-alike of another, not reserved."""
        return self._members.join(handle, display_name, signature, role)

    def member(self, ref: MemberRef) -> Member:
        """Look up a member by handle (any case) or check a Member belongs to this forum."""
        return self._members.get(ref)

    def members(self) -> list[Member]:
        """Every member, in the order they joined."""
        return self._members.every()

    def set_signature(self, member: MemberRef, signature: str | None) -> Member:
        """Change (None: remove) a member's signature; the result carries safety warnings."""
        return self._members.set_signature(member, signature)

    def set_display_name(self, member: MemberRef, display_name: str) -> Member:
        return self._members.set_display_name(member, display_name)

    def set_profile(
        self, member: MemberRef, field: str, value: str | None, visibility: str = "members"
    ) -> dict[str, tuple[str, str]]:
        """Set one profile field and who may see it: "public", "members" or "only_me"."""
        return self._members.set_profile(member, field, value, visibility)

    def profile(
        self, member: MemberRef, viewer: MemberRef | None = None
    ) -> dict[str, tuple[str, str]]:
        """The profile fields ``viewer`` may see, as ``{field: (value, visibility)}``.

        With no viewer, what a stranger outside the forum sees (public fields only).
        """
        return self._members.profile(member, viewer)

    def set_privacy(self, member: MemberRef, *, messages_from: str) -> Member:
        """Choose who may send direct messages: "everyone", "trainers" or "nobody"."""
        return self._members.set_privacy(member, messages_from)

    # ----------------------------------------------------------------- posts and comments
    def post(self, author: MemberRef, title: str, body: str, quote: Quote | None = None) -> Post:
        """Start a thread. ``quote`` (from ``forum.quote``) shows another member's words."""
        return self._posts.post(author, title, body, quote)

    def comment(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        """Comment on a post or reply to a comment; past the depth cap, attach one level up."""
        return self._posts.comment(target, author, body, quote)

    def reply(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        """Same as ``comment``: reads better when answering a comment."""
        return self.comment(target, author, body, quote=quote)

    def quote(self, source: EntryRef | Message, excerpt: str) -> Quote:
        """Make a quote of ``excerpt`` from a post or comment, credited to its author.

        Attach it with ``forum.post(..., quote=q)`` or ``forum.comment(..., quote=q)``.
        """
        return self._posts.quote(source, excerpt)

    def edit(
        self, item: EntryRef, editor: MemberRef, body: str, title: str | None = None
    ) -> Post | Comment:
        """Change a post or comment. Only its author or a trainer may; old versions are kept."""
        return self._posts.edit(item, editor, body, title)

    def revisions(self, item: EntryRef) -> list[Revision]:
        """Earlier versions of a post or comment, oldest first."""
        return self._posts.revisions(item)

    def delete(self, item: EntryRef, member: MemberRef) -> Post | Comment:
        """Delete your own post or comment. Replies stay; it shows as "[deleted]"."""
        return self._posts.delete(item, member)

    # ----------------------------------------------------------------- reading
    def get(self, ref: EntryRef) -> Post | Comment:
        """A post or comment by object, anchor ("post-3", "comment-7") or id."""
        return self._posts.get(ref)

    def thread(self, post: EntryRef, viewer: MemberRef | None = None) -> Thread:
        """The post and all its comments, replies right under what they answer."""
        return self._posts.thread(post, viewer)

    def posts(self, viewer: MemberRef | None = None) -> list[Post]:
        """Every thread's first post, newest first (without those by members ``viewer`` blocked)."""
        return self._posts.posts(viewer)

    def front_page(self, viewer: MemberRef | None = None) -> FrontPage:
        """The list of threads with their comment counts, as a page."""
        return self._posts.front_page(viewer)

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
        """React to someone else's post or comment (once per kind)."""
        return self._moderation.react(target, member, kind)

    def reactions(self, member: MemberRef | None = None) -> list[Reaction]:
        """Reactions, oldest first: all of them, or those ``member`` gave."""
        return self._moderation.reactions(member)

    def unreact(self, target: EntryRef, member: MemberRef, kind: str = "like") -> None:
        self._moderation.unreact(target, member, kind)

    def report(
        self,
        target: EntryRef | Message | Member,
        reporter: MemberRef,
        reason: str,
        note: str = "",
    ) -> Report:
        """Report a post, comment, message or member to the trainers, saying why."""
        return self._moderation.report(target, reporter, reason, note)

    def reports(self, status: str | None = "open") -> list[Report]:
        """Reports for trainers to look at (all of them with ``status=None``)."""
        return self._moderation.reports(status)

    def resolve_report(
        self, report: Report | int, trainer: MemberRef, outcome: str = "resolved"
    ) -> Report:
        """A trainer closes a report as "resolved" or "dismissed" (``resolved_by`` names her)."""
        return self._moderation.resolve_report(report, trainer, outcome)

    # ----------------------------------------------------------------- moderation
    def hide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Hide a post or comment while a trainer looks into it (reversible with ``unhide``)."""
        return self._moderation.moderate(item, trainer, reason, "hide")

    def unhide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderation.moderate(item, trainer, reason, "unhide")

    def remove(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Take down a post or comment; replies stay and it shows as "[removed]"."""
        return self._moderation.moderate(item, trainer, reason, "remove")

    def restore(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderation.moderate(item, trainer, reason, "restore")

    def lock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Stop new comments on a thread."""
        return self._moderation.moderate(post, trainer, reason, "lock")

    def unlock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderation.moderate(post, trainer, reason, "unlock")

    def moderation_log(self) -> list[ModerationAction]:
        """Every moderation action, oldest first. The log cannot be changed."""
        return self._moderation.log()

    # ----------------------------------------------------------------- messages and blocking
    def send(
        self, sender: MemberRef, recipient: MemberRef, body: str, subject: str = ""
    ) -> Message:
        """Send a direct message. Refused if the recipient blocked the sender or allows none."""
        return self._messages.send(sender, recipient, body, subject)

    def inbox(self, member: MemberRef) -> Inbox:
        """A member's messages, newest first, without those from members she blocked."""
        return self._messages.inbox(member)

    def message(self, ref: Message | int, reader: MemberRef) -> Message:
        """One message, if ``reader`` sent or received it; marks it read for the recipient."""
        return self._messages.message(ref, reader)

    def block(self, member: MemberRef, other: MemberRef) -> None:
        """``member`` blocks ``other``: no messages from them, their content hidden from her."""
        self._messages.block(member, other)

    def unblock(self, member: MemberRef, other: MemberRef) -> None:
        self._messages.unblock(member, other)

    def blocked(self, member: MemberRef) -> list[Member]:
        """The members ``member`` has blocked."""
        return self._messages.blocked(member)

    # ----------------------------------------------------------------- over the network
    @staticmethod
    def connect(
        url: str,
        *,
        code: str = "",
        handle: str,
        display_name: str | None = None,
        pin: str | None = None,
    ) -> RemoteForum:
        """Join (or come back to) a classroom board over the network; the result has the same
        methods as a Forum."""
        return remote.connect(url, code=code, handle=handle, display_name=display_name, pin=pin)


__all__ = ["Forum", "ForumError", "Rules"]
