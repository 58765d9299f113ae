"""The Forum: every action a member or trainer can take, each checked, each all-or-nothing.

Every method validates first, then writes inside one ``BEGIN IMMEDIATE`` transaction; a refusal
raises a ForumError subclass and leaves the forum exactly as it was. Every public method runs
under the store's lock (see ``guard.py``), so one Forum may be shared between threads.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from toolkit.forum import handles, text
from toolkit.forum.clock import Clock, system_clock
from toolkit.forum.errors import (
    Duplicate,
    ForumError,
    HandleError,
    InvalidText,
    NotAllowed,
    NotFound,
    QuoteError,
    TooFast,
)
from toolkit.forum.guard import guard_public_methods
from toolkit.forum.model import (
    MESSAGES_FROM,
    PROFILE_FIELDS,
    REACTIONS,
    REPORT_REASONS,
    VISIBILITIES,
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
from toolkit.forum.rules import Rules, check_excerpt, check_own_words, signature_warnings
from toolkit.forum.store import Store
from toolkit.forum.text import shorten

MemberRef = Member | str
EntryRef = Entry | str | int
E = TypeVar("E", bound=Entry)

_ENTRY_COLUMNS = (
    "e.id, e.kind, e.post_id, e.parent_id, e.reply_to_id, e.depth, e.title, e.body, e.status,"
    " e.locked, e.created_at, e.edited_at,"
    " m.id, m.handle, m.display_name, m.role, m.signature, m.joined_at, m.messages_from"
)
_MEMBER_COLUMNS = "id, handle, display_name, role, signature, joined_at, messages_from"
# Row ids are positive 64-bit SQLite integers; anything else names no row.
_MAX_ID = 2**63 - 1
# "post-3", "#comment-7", "member-2", "message-5": ASCII digits only ("post-²" names nothing).
_ANCHOR = re.compile(r"#?(post|comment|member|message)-([0-9]{1,19})")
# Longer than any handle could be, even with every allowed mark: no lookup needed.
_HANDLE_LOOKUP_MAX = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def _ts(moment: datetime) -> str:
    # One fixed format so stored times sort and compare as text.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


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
        title: str = "Community forum",
    ) -> None:
        if clock is not None and not callable(clock):
            msg = "clock= takes a clock such as SimulatedClock(). Pass one, or leave it out."
            raise ForumError(msg)
        if rules is not None and not isinstance(rules, Rules):
            msg = (
                "rules= takes Rules(...), for example Rules(flood_posts=20). "
                "Pass one, or leave it out."
            )
            raise ForumError(msg)
        self.title = text.clean(title, "forum title", text.TITLE)
        self.clock: Clock = clock or system_clock
        self.rules = rules or Rules()
        # Opened last: a refused argument leaves no file behind.
        self.store = Store(path)
        self.path = self.store.path

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

    def _now(self) -> datetime:
        moment = self.clock()
        # A home-made clock that returns a string or a number would otherwise fail deep inside
        # a call with a raw AttributeError (and after the write had begun).
        if not isinstance(moment, datetime):
            msg = (
                "The forum's clock must give a date and time (a datetime), like "
                "SimulatedClock() does. Fix the clock, or leave clock= out."
            )
            raise ForumError(msg)
        return moment

    @property
    def _db(self) -> sqlite3.Connection:
        return self.store.conn

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
        handle = handles.validate(handle)
        display = text.clean(
            handle if display_name is None else display_name, "display name", text.DISPLAY_NAME
        )
        if role not in ("learner", "trainer"):
            msg = 'The role must be "learner" or "trainer". Choose one of them.'
            raise InvalidText(msg)
        sig, warnings = self._clean_signature(signature)
        key, skel = handles.key(handle), handles.skeleton(handle)
        now = _ts(self._now())
        with self.store.write() as db:
            taken = db.execute(
                "SELECT handle, handle_key FROM members WHERE handle_key = ? OR skeleton = ?",
                (key, skel),
            ).fetchone()
            if taken is not None:
                if taken[1] == key:
                    msg = (
                        f'The username "{shorten(taken[0])}" is already taken. '
                        "Choose a different one."
                    )
                else:
                    msg = (
                        f'"{shorten(handle)}" looks too much like the member "{shorten(taken[0])}",'
                        " so people could mix you up. Choose a username that looks different."
                    )
                raise HandleError(msg)
            cur = db.execute(
                "INSERT INTO members (handle, handle_key, skeleton, display_name, role, signature,"
                " joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (handle, key, skel, display, role, sig, now),
            )
            member_id = cur.lastrowid
        assert member_id is not None
        return self._member_by_id(member_id, warnings=warnings)

    def _clean_signature(self, signature: str | None) -> tuple[str | None, tuple[str, ...]]:
        if signature is None:
            return None, ()
        sig = text.clean(signature, "signature", text.SIGNATURE)
        return sig, signature_warnings(sig, self.rules)

    def member(self, ref: MemberRef) -> Member:
        """Look up a member by handle (any case) or check a Member belongs to this forum."""
        if isinstance(ref, Member):
            member_id, handle = _row_id(ref.id), ref.handle
            row = None
            if member_id is not None and _lookup_text(handle):
                row = self._db.execute(
                    f"SELECT {_MEMBER_COLUMNS} FROM members WHERE id = ? AND handle = ?",
                    (member_id, handle),
                ).fetchone()
            if row is None:
                shown = f' "{shorten(handle)}"' if isinstance(handle, str) else ""
                msg = (
                    f"There is no member{shown} in this forum. "
                    "Check the name, or join the forum first."
                )
                raise NotFound(msg)
            return _member(row)
        if not isinstance(ref, str):
            msg = "Name a member by their username (text like amina_k) or a Member."
            raise NotFound(msg)
        handle = ref.lstrip("@")
        row = None
        if _lookup_text(handle):
            row = self._db.execute(
                f"SELECT {_MEMBER_COLUMNS} FROM members WHERE handle_key = ?",
                (handles.key(handle),),
            ).fetchone()
        if row is None:
            msg = (
                f'There is no member "{shorten(handle)}" in this forum. '
                "Check the spelling, or join the forum first."
            )
            raise NotFound(msg)
        return _member(row)

    def _member_by_id(self, member_id: int, warnings: tuple[str, ...] = ()) -> Member:
        row = self._db.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM members WHERE id = ?", (member_id,)
        ).fetchone()
        return _member(row, warnings)

    def members(self) -> list[Member]:
        """Every member, in the order they joined."""
        rows = self._db.execute(f"SELECT {_MEMBER_COLUMNS} FROM members ORDER BY id").fetchall()
        return [_member(row) for row in rows]

    def set_signature(self, member: MemberRef, signature: str | None) -> Member:
        """Change (None: remove) a member's signature; the result carries safety warnings."""
        who = self.member(member)
        sig, warnings = self._clean_signature(signature)
        with self.store.write() as db:
            db.execute("UPDATE members SET signature = ? WHERE id = ?", (sig, who.id))
        return self._member_by_id(who.id, warnings=warnings)

    def set_display_name(self, member: MemberRef, display_name: str) -> Member:
        who = self.member(member)
        display = text.clean(display_name, "display name", text.DISPLAY_NAME)
        with self.store.write() as db:
            db.execute("UPDATE members SET display_name = ? WHERE id = ?", (display, who.id))
        return self._member_by_id(who.id)

    def set_profile(
        self, member: MemberRef, field: str, value: str | None, visibility: str = "members"
    ) -> dict[str, tuple[str, str]]:
        """Set one profile field and who may see it: "public", "members" or "only_me"."""
        who = self.member(member)
        if field not in PROFILE_FIELDS:
            shown = f'"{shorten(field)}" is not' if isinstance(field, str) else "That is not"
            msg = f"{shown} a profile field. Choose one of: {', '.join(PROFILE_FIELDS)}."
            raise InvalidText(msg)
        if visibility not in VISIBILITIES:
            msg = f"Who can see it must be one of: {', '.join(VISIBILITIES)}."
            raise InvalidText(msg)
        with self.store.write() as db:
            if value is None:
                db.execute(
                    "DELETE FROM profile_fields WHERE member_id = ? AND field = ?", (who.id, field)
                )
            else:
                cleaned = text.clean(value, field.replace("_", " "), text.PROFILE_VALUE)
                db.execute(
                    "INSERT INTO profile_fields VALUES (?, ?, ?, ?) ON CONFLICT (member_id, field)"
                    " DO UPDATE SET value = excluded.value, visibility = excluded.visibility",
                    (who.id, field, cleaned, visibility),
                )
        return self.profile(who, viewer=who)

    def profile(
        self, member: MemberRef, viewer: MemberRef | None = None
    ) -> dict[str, tuple[str, str]]:
        """The profile fields ``viewer`` may see, as ``{field: (value, visibility)}``.

        With no viewer, what a stranger outside the forum sees (public fields only).
        """
        who = self.member(member)
        seen_by = None if viewer is None else self.member(viewer)
        allowed = {"public"}
        if seen_by is not None:
            allowed.add("members")
            if seen_by.id == who.id:
                allowed.add("only_me")
        rows = self._db.execute(
            "SELECT field, value, visibility FROM profile_fields WHERE member_id = ?", (who.id,)
        ).fetchall()
        order = {name: i for i, name in enumerate(PROFILE_FIELDS)}
        return {
            f: (v, vis) for f, v, vis in sorted(rows, key=lambda r: order[r[0]]) if vis in allowed
        }

    def set_privacy(self, member: MemberRef, *, messages_from: str) -> Member:
        """Choose who may send direct messages: "everyone", "trainers" or "nobody"."""
        who = self.member(member)
        if messages_from not in MESSAGES_FROM:
            msg = f"Who can message you must be one of: {', '.join(MESSAGES_FROM)}."
            raise InvalidText(msg)
        with self.store.write() as db:
            db.execute("UPDATE members SET messages_from = ? WHERE id = ?", (messages_from, who.id))
        return self._member_by_id(who.id)

    # ----------------------------------------------------------------- posts and comments
    def post(self, author: MemberRef, title: str, body: str, quote: Quote | None = None) -> Post:
        """Start a thread. ``quote`` (from ``forum.quote``) shows another member's words."""
        who = self.member(author)
        title = text.clean(title, "title", text.TITLE)
        body = text.clean(body, "post", text.POST_BODY)
        # Each field on its own: a shouted body under a calm title still gets the note.
        warnings = tuple(dict.fromkeys(text.warnings_for(title) + text.warnings_for(body)))
        with self.store.write() as db:
            moment = self._now()
            self._check_pace(db, who, body, moment)
            if quote is not None:
                self._check_quote_attach(db, quote, body)
            now = _ts(moment)
            cur = db.execute(
                "INSERT INTO entries (kind, post_id, depth, author_id, title, body, created_at)"
                " VALUES ('post', 0, 0, ?, ?, ?, ?)",
                (who.id, title, body, now),
            )
            new_id = cur.lastrowid
            db.execute("UPDATE entries SET post_id = id WHERE id = ?", (new_id,))
            if quote is not None:
                self._store_quote(db, new_id, quote)
        assert new_id is not None
        return self._fresh(new_id, Post, warnings)

    def comment(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        """Comment on a post or reply to a comment; past the depth cap, attach one level up."""
        who = self.member(author)
        body = text.clean(body, "comment", text.COMMENT_BODY)
        warnings = text.warnings_for(body)
        target_id, target_kind, target_post = _parse_ref(target)
        with self.store.write() as db:
            row = db.execute(
                "SELECT e.kind, e.post_id, e.parent_id, e.depth, e.status, p.locked, p.status,"
                " m.handle FROM entries e JOIN entries p ON p.id = e.post_id"
                " JOIN members m ON m.id = e.author_id WHERE e.id = ?",
                (target_id,),
            ).fetchone()
            if row is None or (target_kind is not None and row[0] != target_kind):
                error = _missing(f"{target_kind or 'entry'}-{target_id}")
                raise error
            kind, post_id, grand_id, depth, status, locked, post_status, parent_handle = row
            if target_post is not None and post_id != target_post:
                msg = (
                    "That comment belongs to a different thread. "
                    "Open the thread you want and reply there."
                )
                raise NotAllowed(msg)
            if status != "visible" or post_status in ("removed", "hidden"):
                msg = (
                    "You cannot reply to this: it has been deleted or taken down. "
                    "Choose another post or comment."
                )
                raise NotAllowed(msg)
            if locked:
                msg = (
                    "This thread is locked by a trainer, so no new comments can be added. "
                    "You can still read it, or start a new post."
                )
                raise NotAllowed(msg)
            moment = self._now()
            self._check_pace(db, who, body, moment)
            if quote is not None:
                self._check_quote_attach(db, quote, body)
            parent_id = None if kind == "post" else target_id
            reply_to = parent_id
            new_depth = depth + 1
            in_reply_to = None
            if new_depth > self.rules.max_depth:
                # Too deep: attach beside the parent, remembering whom it answers.
                parent_id, new_depth, in_reply_to = grand_id, depth, parent_handle
            cur = db.execute(
                "INSERT INTO entries (kind, post_id, parent_id, reply_to_id, depth, author_id,"
                " body, created_at) VALUES ('comment', ?, ?, ?, ?, ?, ?, ?)",
                (post_id, parent_id, reply_to, new_depth, who.id, body, _ts(moment)),
            )
            new_id = cur.lastrowid
            if quote is not None:
                self._store_quote(db, new_id, quote)
        assert new_id is not None
        # Built from what was just written: no need to read it back.
        return Comment(
            id=new_id,
            post_id=post_id,
            parent_id=parent_id,
            reply_to_id=reply_to,
            depth=new_depth,
            author=who,
            title=None,
            body=body,
            status="visible",
            locked=False,
            created_at=datetime.fromisoformat(_ts(moment)),
            edited_at=None,
            quote=quote,
            in_reply_to=in_reply_to,
            warnings=warnings,
        )

    def reply(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None = None
    ) -> Comment:
        """Same as ``comment``: reads better when answering a comment."""
        return self.comment(target, author, body, quote=quote)

    def _check_pace(self, db: sqlite3.Connection, who: Member, body: str, now: datetime) -> None:
        since = _ts(
            now - timedelta(seconds=max(self.rules.flood_window_s, self.rules.duplicate_window_s))
        )
        recent = db.execute(
            "SELECT body, created_at FROM entries WHERE author_id = ? AND created_at > ?"
            " ORDER BY created_at DESC LIMIT 200",
            (who.id, since),
        ).fetchall()
        dup_since = _ts(now - timedelta(seconds=self.rules.duplicate_window_s))
        if any(b == body and at > dup_since for b, at in recent):
            msg = (
                "You already posted this text a moment ago, so it was not posted twice. "
                "If you meant to add something, change the text first."
            )
            raise Duplicate(msg)
        flood_since = _ts(now - timedelta(seconds=self.rules.flood_window_s))
        if sum(1 for _, at in recent if at > flood_since) >= self.rules.flood_posts:
            msg = (
                "You are posting very fast. Wait a minute, read what others wrote, then post again."
            )
            raise TooFast(msg)

    def _check_rate(
        self, db: sqlite3.Connection, sql: str, who: Member, now: datetime, limit: int, msg: str
    ) -> None:
        """Raise TooFast(msg) when ``sql`` counts ``limit`` or more actions in the flood window.

        ``sql`` counts the member's earlier actions, with two parameters: member id and since.
        (Refused actions are not stored, so the window never holds many more than ``limit``.)
        """
        since = _ts(now - timedelta(seconds=self.rules.flood_window_s))
        (count,) = db.execute(sql, (who.id, since)).fetchone()
        if count >= limit:
            raise TooFast(msg)

    # ----------------------------------------------------------------- quotes
    def quote(self, source: EntryRef | Message, excerpt: str) -> Quote:
        """Make a quote of ``excerpt`` from a post or comment, credited to its author.

        Attach it with ``forum.post(..., quote=q)`` or ``forum.comment(..., quote=q)``.
        """
        if isinstance(source, Message) or (
            isinstance(source, str) and source.lstrip("#").startswith("message-")
        ):
            msg = (
                "A private message cannot be quoted in public. "
                "Ask the sender first, and quote only what they agree to share."
            )
            raise QuoteError(msg)
        if not isinstance(excerpt, str):
            msg = "The excerpt must be text: copy a few words from the post."
            raise QuoteError(msg)
        entry = self._resolve(source)
        if entry.status != "visible":
            msg = (
                "That post has been taken down or hidden, so it cannot be quoted. "
                "Choose another post."
            )
            raise QuoteError(msg)
        check_excerpt(excerpt, _quotable_text(entry), entry.body)
        return Quote(
            source_id=entry.id,
            source_kind=entry.kind,
            source_author=entry.author.handle,
            source_display_name=entry.author.display_name,
            excerpt=text.collapse_spaces(excerpt),
            quoted_at=self._now(),
        )

    def _check_quote_attach(self, db: sqlite3.Connection, quote: Quote, body: str) -> None:
        if not isinstance(quote, Quote):
            msg = "quote= takes a Quote made by forum.quote(post, excerpt). Make one first."
            raise QuoteError(msg)
        if not _well_formed(quote):
            msg = "This quote was changed after it was made. Make it again with forum.quote."
            raise QuoteError(msg)
        row = db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN members m ON m.id = e.author_id"
            " WHERE e.id = ?",
            (quote.source_id,),
        ).fetchone()
        if row is None or row[1] != quote.source_kind:
            raise _missing(quote.source_anchor)
        source = _entry(row)
        if source.status != "visible":
            msg = "The quoted post has been taken down, so it cannot be quoted now."
            raise QuoteError(msg)
        if source.author.handle != quote.source_author:
            msg = "This quote does not credit the right author. Make it again with forum.quote."
            raise QuoteError(msg)
        check_excerpt(quote.excerpt, _quotable_text(source), source.body)
        check_own_words(body, quote.excerpt, self.rules)

    def _store_quote(self, db: sqlite3.Connection, holder_id: int | None, quote: Quote) -> None:
        db.execute(
            "INSERT INTO quotes (holder_id, source_id, source_author, excerpt, quoted_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (holder_id, quote.source_id, quote.source_author, quote.excerpt, _ts(quote.quoted_at)),
        )

    # ----------------------------------------------------------------- reading
    def get(self, ref: EntryRef) -> Post | Comment:
        """A post or comment by object, anchor ("post-3", "comment-7") or id."""
        return self._resolve(ref)

    def _resolve(self, ref: EntryRef) -> Post | Comment:
        entry_id, kind, post_id = _parse_ref(ref)
        rows = self._load_entries("e.id = ?", (entry_id,))
        if not rows or (kind is not None and rows[0].kind != kind):
            error = _missing(f"{kind or 'entry'}-{entry_id}")
            raise error
        found = rows[0]
        if post_id is not None and post_id != found.post_id:
            msg = (
                "That comment belongs to a different thread. "
                "Open the thread you want and reply there."
            )
            raise NotAllowed(msg)
        return found

    def _fresh(self, entry_id: int, cls: type[E], warnings: tuple[str, ...]) -> E:
        entry = self._load_entries("e.id = ?", (entry_id,))[0]
        assert isinstance(entry, cls)
        return _replace(entry, warnings=warnings)

    def _load_entries(self, where: str, args: tuple[Any, ...]) -> list[Post | Comment]:
        rows = self._db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN members m ON m.id = e.author_id"
            f" WHERE {where} ORDER BY e.id",
            args,
        ).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        quotes = self._quotes_for(ids)
        reactions = self._reactions_for(ids)
        replied = self._reply_handles(rows)
        return [
            _entry(
                row,
                quote=quotes.get(row[0]),
                reactions=reactions.get(row[0], ()),
                in_reply_to=replied.get(row[0]),
            )
            for row in rows
        ]

    def _quotes_for(self, ids: list[int]) -> dict[int, Quote]:
        marks = _marks(ids)
        rows = self._db.execute(
            "SELECT q.holder_id, q.source_id, s.kind, q.source_author, m.display_name, q.excerpt,"
            " q.quoted_at, s.status, s.edited_at FROM quotes q JOIN entries s ON s.id = q.source_id"
            f" JOIN members m ON m.id = s.author_id WHERE q.holder_id IN ({marks})",
            ids,
        ).fetchall()
        found = {}
        for holder, src, kind, handle, name, excerpt, quoted_at, status, edited_at in rows:
            if status != "visible":
                state = "source removed"
            elif edited_at is not None and edited_at > quoted_at:
                state = "source edited"
            else:
                state = "ok"
            found[holder] = Quote(src, kind, handle, name, excerpt, _dt(quoted_at), state)  # type: ignore[arg-type]
        return found

    def _reactions_for(self, ids: list[int]) -> dict[int, tuple[tuple[str, int], ...]]:
        rows = self._db.execute(
            f"SELECT entry_id, kind, COUNT(*) FROM reactions WHERE entry_id IN ({_marks(ids)})"
            " GROUP BY entry_id, kind",
            ids,
        ).fetchall()
        counts: dict[int, dict[str, int]] = {}
        for entry_id, kind, n in rows:
            counts.setdefault(entry_id, {})[kind] = n
        order = {k: i for i, k in enumerate(REACTIONS)}
        return {
            e: tuple(sorted(c.items(), key=lambda kv: order.get(kv[0], 99)))
            for e, c in counts.items()
        }

    def _reply_handles(self, rows: list[tuple[Any, ...]]) -> dict[int, str]:
        wanted = {row[0]: row[4] for row in rows if row[4] is not None and row[4] != row[3]}
        if not wanted:
            return {}
        targets = sorted(set(wanted.values()))
        found = dict(
            self._db.execute(
                "SELECT e.id, m.handle FROM entries e JOIN members m ON m.id = e.author_id"
                f" WHERE e.id IN ({_marks(targets)})",
                targets,
            ).fetchall()
        )
        return {entry: found[target] for entry, target in wanted.items() if target in found}

    def thread(self, post: EntryRef, viewer: MemberRef | None = None) -> Thread:
        """The post and all its comments, replies right under what they answer."""
        root = self._resolve(post)
        if not isinstance(root, Post):
            root = self._resolve(f"post-{root.post_id}")
        entries = self._load_entries("e.post_id = ?", (root.id,))
        head = entries[0]
        assert isinstance(head, Post)
        children: dict[int | None, list[Comment]] = {}
        for entry in entries[1:]:
            assert isinstance(entry, Comment)
            children.setdefault(entry.parent_id, []).append(entry)
        ordered: list[Comment] = []
        stack = list(reversed(children.get(None, [])))
        while stack:
            node = stack.pop()
            ordered.append(node)
            stack.extend(reversed(children.get(node.id, [])))
        seen_by = None if viewer is None else self.member(viewer)
        return Thread(head, tuple(ordered), seen_by, self._blocked_ids(seen_by))

    def posts(self, viewer: MemberRef | None = None) -> list[Post]:
        """Every thread's first post, newest first (without those by members ``viewer`` blocked)."""
        found = self._load_entries("e.kind = 'post'", ())
        found.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        blocked = self._blocked_ids(None if viewer is None else self.member(viewer))
        return [p for p in found if isinstance(p, Post) and p.author.id not in blocked]

    def front_page(self, viewer: MemberRef | None = None) -> FrontPage:
        """The list of threads with their comment counts, as a page."""
        seen_by = None if viewer is None else self.member(viewer)
        counts = self._db.execute(
            "SELECT post_id, COUNT(*) - 1 FROM entries GROUP BY post_id ORDER BY post_id"
        ).fetchall()
        return FrontPage(
            self.title, tuple(self.posts()), tuple(counts), seen_by, self._blocked_ids(seen_by)
        )

    def _repr_html_(self) -> str:
        return self.front_page()._repr_html_()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return self.front_page()._repr_mimebundle_(include, exclude)

    def __str__(self) -> str:
        return str(self.front_page())

    def __iter__(self) -> Iterator[Post]:
        return iter(self.posts())

    # ----------------------------------------------------------------- edits and deletion
    def edit(
        self, item: EntryRef, editor: MemberRef, body: str, title: str | None = None
    ) -> Post | Comment:
        """Change a post or comment. Only its author or a trainer may; old versions are kept."""
        who = self.member(editor)
        entry = self._resolve(item)
        self._check_owner_or_trainer(entry, who, "edit")
        if entry.status in ("removed", "withdrawn"):
            msg = "This has been deleted, so it cannot be edited. Write a new post instead."
            raise NotAllowed(msg)
        limits = text.POST_BODY if isinstance(entry, Post) else text.COMMENT_BODY
        new_body = text.clean(body, "post" if isinstance(entry, Post) else "comment", limits)
        new_title = entry.title
        if title is not None:
            if not isinstance(entry, Post):
                msg = "Only a post has a title. Leave the title out when editing a comment."
                raise InvalidText(msg)
            new_title = text.clean(title, "title", text.TITLE)
        if entry.quote is not None:
            check_own_words(new_body, entry.quote.excerpt, self.rules)
        with self.store.write() as db:
            moment = self._now()
            self._check_rate(
                db,
                "SELECT COUNT(*) FROM revisions WHERE editor_id = ? AND edited_at > ?",
                who,
                moment,
                self.rules.flood_edits,
                "You are editing very fast. Wait a minute, read the whole text through, "
                "then make your changes in one edit.",
            )
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE entry_id = ?",
                (entry.id,),
            ).fetchone()[0]
            now = _ts(moment)
            # The revision keeps the text as it was before this edit.
            db.execute(
                "INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?)",
                (entry.id, number, entry.title, entry.body, now, who.id),
            )
            db.execute(
                "UPDATE entries SET body = ?, title = ?, edited_at = ? WHERE id = ?",
                (new_body, new_title, now, entry.id),
            )
        return self._fresh(entry.id, type(entry), text.warnings_for(new_body))

    def revisions(self, item: EntryRef) -> list[Revision]:
        """Earlier versions of a post or comment, oldest first."""
        entry = self._resolve(item)
        rows = self._db.execute(
            "SELECT r.entry_id, r.number, r.title, r.body, r.edited_at, m.handle FROM revisions r"
            " JOIN members m ON m.id = r.editor_id WHERE r.entry_id = ? ORDER BY r.number",
            (entry.id,),
        ).fetchall()
        return [Revision(e, n, t, b, _dt(at), h) for e, n, t, b, at, h in rows]  # type: ignore[arg-type]

    def delete(self, item: EntryRef, member: MemberRef) -> Post | Comment:
        """Delete your own post or comment. Replies stay; it shows as "[deleted]"."""
        who = self.member(member)
        entry = self._resolve(item)
        if entry.author.id != who.id:
            if who.is_trainer:
                msg = (
                    "Trainers take down other people's posts with "
                    "forum.remove(item, trainer, reason)."
                )
            else:
                msg = (
                    "You can only delete your own posts and comments. To flag a problem, report it."
                )
            raise NotAllowed(msg)
        if entry.status in ("withdrawn", "removed"):
            msg = "This is already deleted. There is nothing more to do."
            raise NotAllowed(msg)
        with self.store.write() as db:
            db.execute("UPDATE entries SET status = 'withdrawn' WHERE id = ?", (entry.id,))
        return self._fresh(entry.id, type(entry), ())

    def _check_owner_or_trainer(self, entry: Entry, who: Member, verb: str) -> None:
        if entry.author.id != who.id and not who.is_trainer:
            msg = (
                f"You can only {verb} your own posts and comments. "
                "If something is wrong with this one, report it to a trainer."
            )
            raise NotAllowed(msg)

    # ----------------------------------------------------------------- reactions and reports
    def react(self, target: EntryRef, member: MemberRef, kind: str = "like") -> Reaction:
        """React to someone else's post or comment (once per kind)."""
        who = self.member(member)
        entry = self._resolve(target)
        _check_reaction(kind)
        if entry.author.id == who.id:
            msg = "You cannot react to your own post. React to what others wrote instead."
            raise NotAllowed(msg)
        if entry.status != "visible":
            msg = "This has been taken down, so you cannot react to it."
            raise NotAllowed(msg)
        with self.store.write() as db:
            try:
                db.execute(
                    "INSERT INTO reactions VALUES (?, ?, ?, ?)",
                    (entry.id, who.id, kind, _ts(self._now())),
                )
            except sqlite3.IntegrityError:
                msg = f'You already reacted "{kind}" to this. Each reaction counts once.'
                raise Duplicate(msg) from None
        return Reaction(who.handle, entry.anchor, kind)

    def reactions(self, member: MemberRef | None = None) -> list[Reaction]:
        """Reactions, oldest first: all of them, or those ``member`` gave."""
        where, args = (
            ("1", ()) if member is None else ("r.member_id = ?", (self.member(member).id,))
        )
        rows = self._db.execute(
            "SELECT m.handle, e.kind || '-' || e.id, r.kind FROM reactions r"
            " JOIN members m ON m.id = r.member_id JOIN entries e ON e.id = r.entry_id"
            f" WHERE {where} ORDER BY r.at, r.entry_id, r.kind",
            args,
        ).fetchall()
        return [Reaction(h, t, k) for h, t, k in rows]

    def unreact(self, target: EntryRef, member: MemberRef, kind: str = "like") -> None:
        who = self.member(member)
        entry = self._resolve(target)
        _check_reaction(kind)
        with self.store.write() as db:
            gone = db.execute(
                "DELETE FROM reactions WHERE entry_id = ? AND member_id = ? AND kind = ?",
                (entry.id, who.id, kind),
            ).rowcount
            if not gone:
                msg = f'You had not reacted "{kind}" to this, so there is nothing to take back.'
                raise NotFound(msg)

    def report(
        self,
        target: EntryRef | Message | Member,
        reporter: MemberRef,
        reason: str,
        note: str = "",
    ) -> Report:
        """Report a post, comment, message or member to the trainers, saying why."""
        who = self.member(reporter)
        if reason not in REPORT_REASONS:
            msg = f"Choose a reason for the report: {', '.join(REPORT_REASONS)}."
            raise InvalidText(msg)
        clean_note = "" if _is_empty(note) else text.clean(note, "note", text.NOTE)
        kind, target_id = self._report_target(target, who)
        with self.store.write() as db:
            try:
                cur = db.execute(
                    "INSERT INTO reports (target_kind, target_id, reporter_id, reason, note,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, target_id, who.id, reason, clean_note, _ts(self._now())),
                )
            except sqlite3.IntegrityError:
                msg = (
                    "You already reported this and a trainer has not looked at it yet. "
                    "There is no need to report it again."
                )
                raise Duplicate(msg) from None
            report_id = cur.lastrowid
        return self._reports("r.id = ?", (report_id,))[0]

    def _report_target(self, target: object, who: Member) -> tuple[str, int]:
        if isinstance(target, Message):
            return "message", self.message(target, who).id
        if isinstance(target, Member):
            return "member", self.member(target).id
        anchor = _ANCHOR.fullmatch(target) if isinstance(target, str) else None
        if anchor is not None and anchor[1] in ("member", "message"):
            if anchor[1] == "message":
                return "message", self.message(int(anchor[2]), who).id
            number = _row_id(int(anchor[2]))
            row = None
            if number is not None:
                row = self._db.execute("SELECT id FROM members WHERE id = ?", (number,)).fetchone()
            if row is None:
                error = _missing(f"member-{anchor[2]}")
                raise error
            return "member", row[0]
        entry = self._resolve(target)  # type: ignore[arg-type]
        return entry.kind, entry.id

    def reports(self, status: str | None = "open") -> list[Report]:
        """Reports for trainers to look at (all of them with ``status=None``)."""
        if status is None:
            return self._reports("1", ())
        if status not in ("open", "resolved", "dismissed"):
            msg = 'Reports are listed by status: "open", "resolved" or "dismissed". Choose one.'
            raise InvalidText(msg)
        return self._reports("r.status = ?", (status,))

    def _reports(self, where: str, args: tuple[Any, ...]) -> list[Report]:
        rows = self._db.execute(
            "SELECT r.id, r.target_kind || '-' || r.target_id, m.handle, r.reason, r.note,"
            " r.status, r.created_at FROM reports r JOIN members m ON m.id = r.reporter_id"
            f" WHERE {where} ORDER BY r.id",
            args,
        ).fetchall()
        return [Report(i, t, h, r, n, s, _dt(at)) for i, t, h, r, n, s, at in rows]  # type: ignore[arg-type]

    def resolve_report(
        self, report: Report | int, trainer: MemberRef, outcome: str = "resolved"
    ) -> Report:
        """A trainer closes a report as "resolved" or "dismissed"."""
        who = self._trainer(trainer)
        report_id = _row_id(report.id if isinstance(report, Report) else report)
        if outcome not in ("resolved", "dismissed"):
            msg = 'The outcome must be "resolved" or "dismissed".'
            raise InvalidText(msg)
        with self.store.write() as db:
            changed = report_id is not None and db.execute(
                "UPDATE reports SET status = ? WHERE id = ? AND status = 'open'",
                (outcome, report_id),
            ).rowcount
            if not changed:
                number = "" if report_id is None else f" number {report_id}"
                msg = f"There is no open report{number}. Check the list of reports."
                raise NotFound(msg)
        del who
        return self._reports("r.id = ?", (report_id,))[0]

    # ----------------------------------------------------------------- moderation
    def hide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Hide a post or comment while a trainer looks into it (reversible with ``unhide``)."""
        return self._moderate(item, trainer, reason, "hide", {"visible"}, "hidden")

    def unhide(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate(item, trainer, reason, "unhide", {"hidden"}, "visible")

    def remove(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Take down a post or comment; replies stay and it shows as "[removed]"."""
        return self._moderate(item, trainer, reason, "remove", {"visible", "hidden"}, "removed")

    def restore(self, item: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate(item, trainer, reason, "restore", {"removed"}, "visible")

    def lock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        """Stop new comments on a thread."""
        return self._moderate(post, trainer, reason, "lock", None, None)

    def unlock(self, post: EntryRef, trainer: MemberRef, reason: str) -> ModerationAction:
        return self._moderate(post, trainer, reason, "unlock", None, None)

    def _trainer(self, ref: MemberRef) -> Member:
        who = self.member(ref)
        if not who.is_trainer:
            msg = "Only a trainer can do this. If something looks wrong, report it instead."
            raise NotAllowed(msg)
        return who

    def _moderate(
        self,
        item: EntryRef,
        trainer: MemberRef,
        reason: str,
        action: str,
        from_states: set[str] | None,
        to_state: str | None,
    ) -> ModerationAction:
        who = self._trainer(trainer)
        why = text.clean(reason, "reason", text.NOTE)
        entry = self._resolve(item)
        with self.store.write() as db:
            if action in ("lock", "unlock"):
                if not isinstance(entry, Post):
                    msg = "Only a whole thread can be locked. Lock the post that starts it."
                    raise NotAllowed(msg)
                want = 1 if action == "lock" else 0
                if entry.locked == bool(want):
                    msg = f"This thread is already {'locked' if want else 'open'}."
                    raise NotAllowed(msg)
                db.execute("UPDATE entries SET locked = ? WHERE id = ?", (want, entry.id))
            else:
                assert from_states is not None
                if entry.status not in from_states:
                    wanted = " or ".join(sorted(from_states))
                    msg = f"This cannot be done now: it is {entry.status}, not {wanted}."
                    raise NotAllowed(msg)
                db.execute("UPDATE entries SET status = ? WHERE id = ?", (to_state, entry.id))
            cur = db.execute(
                "INSERT INTO moderation_log (actor_id, action, target_kind, target_id, reason, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (who.id, action, entry.kind, entry.id, why, _ts(self._now())),
            )
            log_id = cur.lastrowid
        return self._log("l.id = ?", (log_id,))[0]

    def moderation_log(self) -> list[ModerationAction]:
        """Every moderation action, oldest first. The log cannot be changed."""
        return self._log("1", ())

    def _log(self, where: str, args: tuple[Any, ...]) -> list[ModerationAction]:
        rows = self._db.execute(
            "SELECT l.id, m.handle, l.action, l.target_kind || '-' || l.target_id, l.reason, l.at"
            f" FROM moderation_log l JOIN members m ON m.id = l.actor_id WHERE {where}"
            " ORDER BY l.id",
            args,
        ).fetchall()
        return [ModerationAction(i, h, a, t, r, _dt(at)) for i, h, a, t, r, at in rows]  # type: ignore[arg-type]

    # ----------------------------------------------------------------- messages and blocking
    def send(
        self, sender: MemberRef, recipient: MemberRef, body: str, subject: str = ""
    ) -> Message:
        """Send a direct message. Refused if the recipient blocked the sender or allows none."""
        frm, to = self.member(sender), self.member(recipient)
        if frm.id == to.id:
            msg = "You cannot send a message to yourself. Choose another member."
            raise NotAllowed(msg)
        body = text.clean(body, "message", text.MESSAGE)
        subj = "" if _is_empty(subject) else text.clean(subject, "subject", text.TITLE)
        with self.store.write() as db:
            if db.execute(
                "SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?", (to.id, frm.id)
            ).fetchone():
                msg = (
                    f"You cannot send messages to {shorten(to.handle)}: "
                    "they do not accept messages from you."
                )
                raise NotAllowed(msg)
            if to.messages_from == "nobody" or (
                to.messages_from == "trainers" and not frm.is_trainer
            ):
                msg = (
                    f"{shorten(to.handle)} does not accept direct messages. "
                    "You can reply to their posts instead."
                )
                raise NotAllowed(msg)
            moment = self._now()
            self._check_rate(
                db,
                "SELECT COUNT(*) FROM messages WHERE sender_id = ? AND sent_at > ?",
                frm,
                moment,
                self.rules.flood_messages,
                "You are sending messages very fast. Wait a minute, then send the next one.",
            )
            cur = db.execute(
                "INSERT INTO messages (sender_id, recipient_id, subject, body, sent_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (frm.id, to.id, subj, body, _ts(moment)),
            )
            message_id = cur.lastrowid
        return self._messages("g.id = ?", (message_id,))[0]

    def inbox(self, member: MemberRef) -> Inbox:
        """A member's messages, newest first, without those from members she blocked."""
        who = self.member(member)
        found = self._messages(
            "g.recipient_id = ? AND g.sender_id NOT IN"
            " (SELECT blocked_id FROM blocks WHERE blocker_id = ?)",
            (who.id, who.id),
        )
        return Inbox(who, tuple(reversed(found)))

    def message(self, ref: Message | int, reader: MemberRef) -> Message:
        """One message, if ``reader`` sent or received it; marks it read for the recipient."""
        who = self.member(reader)
        message_id = _row_id(ref.id if isinstance(ref, Message) else ref)
        found = [] if message_id is None else self._messages("g.id = ?", (message_id,))
        if not found or who.id not in (found[0].sender.id, found[0].recipient.id):
            msg = "That message is not in your inbox. Check which message you mean."
            raise NotFound(msg)
        if found[0].recipient.id == who.id and not found[0].read:
            with self.store.write() as db:
                db.execute(
                    "UPDATE messages SET read_at = ? WHERE id = ?",
                    (_ts(self._now()), message_id),
                )
            found = self._messages("g.id = ?", (message_id,))
        return found[0]

    def _messages(self, where: str, args: tuple[Any, ...]) -> list[Message]:
        rows = self._db.execute(
            "SELECT g.id, g.sender_id, g.recipient_id, g.subject, g.body, g.sent_at, g.read_at"
            f" FROM messages g WHERE {where} ORDER BY g.id",
            args,
        ).fetchall()
        people: dict[int, Member] = {}

        def person(member_id: int) -> Member:
            if member_id not in people:
                people[member_id] = self._member_by_id(member_id)
            return people[member_id]

        return [
            Message(i, person(s), person(r), subj, b, _dt(at), read is not None)  # type: ignore[arg-type]
            for i, s, r, subj, b, at, read in rows
        ]

    def block(self, member: MemberRef, other: MemberRef) -> None:
        """``member`` blocks ``other``: no messages from them, their content hidden from her."""
        who, them = self.member(member), self.member(other)
        if who.id == them.id:
            msg = "You cannot block yourself."
            raise NotAllowed(msg)
        with self.store.write() as db:
            try:
                db.execute(
                    "INSERT INTO blocks VALUES (?, ?, ?)", (who.id, them.id, _ts(self._now()))
                )
            except sqlite3.IntegrityError:
                msg = f"You have already blocked {shorten(them.handle)}."
                raise Duplicate(msg) from None

    def unblock(self, member: MemberRef, other: MemberRef) -> None:
        who, them = self.member(member), self.member(other)
        with self.store.write() as db:
            if not db.execute(
                "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", (who.id, them.id)
            ).rowcount:
                msg = f"You had not blocked {shorten(them.handle)}."
                raise NotFound(msg)

    def blocked(self, member: MemberRef) -> list[Member]:
        """The members ``member`` has blocked."""
        who = self.member(member)
        return [self._member_by_id(i) for i in sorted(self._blocked_ids(who))]

    def _blocked_ids(self, who: Member | None) -> frozenset[int]:
        if who is None:
            return frozenset()
        rows = self._db.execute(
            "SELECT blocked_id FROM blocks WHERE blocker_id = ?", (who.id,)
        ).fetchall()
        return frozenset(r[0] for r in rows)


# --------------------------------------------------------------------- row helpers
def _marks(ids: Iterable[object]) -> str:
    return ",".join("?" for _ in ids)


def _member(row: tuple[Any, ...], warnings: tuple[str, ...] = ()) -> Member:
    i, handle, name, role, sig, joined, messages_from = row
    return Member(i, handle, name, role, sig, _dt(joined), messages_from, warnings)  # type: ignore[arg-type]


def _entry(
    row: tuple[Any, ...],
    quote: Quote | None = None,
    reactions: tuple[tuple[str, int], ...] = (),
    in_reply_to: str | None = None,
) -> Post | Comment:
    (
        i,
        kind,
        post_id,
        parent,
        reply_to,
        depth,
        title,
        body,
        status,
        locked,
        created,
        edited,
        *member_row,
    ) = row
    cls = Post if kind == "post" else Comment
    return cls(
        id=i,
        post_id=post_id,
        parent_id=parent,
        reply_to_id=reply_to,
        depth=depth,
        author=_member(tuple(member_row)),
        title=title,
        body=body,
        status=status,
        locked=bool(locked),
        created_at=_dt(created),  # type: ignore[arg-type]
        edited_at=_dt(edited),
        quote=quote,
        reactions=reactions,
        in_reply_to=in_reply_to,
    )


def _row_id(value: object) -> int | None:
    """``value`` as a row id; None when it names no row (not an int, a bool, out of range)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_ID:
        return None
    return int(value)


def _lookup_text(value: object) -> bool:
    """True when ``value`` could be a stored handle: text, not huge, no lone surrogates."""
    return (
        isinstance(value, str)
        and len(value) <= _HANDLE_LOOKUP_MAX
        and _SURROGATE.search(value) is None
    )


def _is_empty(value: object) -> bool:
    # ``value == ""`` on an arbitrary object may not even return a bool.
    return isinstance(value, str) and value == ""


def _check_reaction(kind: object) -> None:
    if kind not in REACTIONS:
        shown = f'"{shorten(kind)}" is not' if isinstance(kind, str) else "That is not"
        msg = f"{shown} a reaction. Choose one of: {', '.join(REACTIONS)}."
        raise InvalidText(msg)


def _well_formed(quote: Quote) -> bool:
    # A Quote is a plain dataclass: one rebuilt by hand may hold anything in its fields.
    return (
        _row_id(quote.source_id) is not None
        and all(isinstance(v, str) for v in (quote.source_kind, quote.source_author, quote.excerpt))
        and isinstance(quote.quoted_at, datetime)
        and quote.quoted_at.tzinfo is not None
    )


def _parse_ref(ref: object) -> tuple[int, str | None, int | None]:
    """(id, kind or None, thread id or None) of a post/comment reference, without reading the DB."""
    if isinstance(ref, Entry):
        entry_id, post_id = _row_id(ref.id), _row_id(ref.post_id)
        if entry_id is None or post_id is None or ref.kind not in ("post", "comment"):
            msg = "That post or comment is not in this forum. Check which one you mean."
            raise NotFound(msg)
        return entry_id, ref.kind, post_id
    if isinstance(ref, int) and not isinstance(ref, bool):
        entry_id = _row_id(ref)
        if entry_id is None:
            msg = "There is no post or comment with that number. Check which one you mean."
            raise NotFound(msg)
        return entry_id, None, None
    if isinstance(ref, str):
        anchor = _ANCHOR.fullmatch(ref)
        if anchor is not None and anchor[1] in ("post", "comment"):
            entry_id = _row_id(int(anchor[2]))
            if entry_id is None:
                error = _missing(f"{anchor[1]}-{anchor[2]}")
                raise error
            return entry_id, anchor[1], None
        msg = (
            f'"{shorten(ref)}" is not a post or comment. '
            "Pass a Post, a Comment, or an id like post-3."
        )
    else:
        msg = "Say which post or comment you mean: pass a Post, a Comment, or an id like post-3."
    raise NotFound(msg)


def _replace(entry: E, **changes: Any) -> E:
    from dataclasses import replace

    return replace(entry, **changes)


def _quotable_text(entry: Entry) -> str:
    return entry.body if entry.title is None else f"{entry.title}\n{entry.body}"


def _missing(anchor: str) -> NotFound:
    kind = anchor.split("-")[0]
    noun = {"post": "post", "comment": "comment", "message": "message", "member": "member"}.get(
        kind, "post or comment"
    )
    return NotFound(
        f"There is no {noun} {anchor} (it may never have existed). "
        "Check which one you mean and try again."
    )


__all__ = ["Forum", "ForumError", "Rules"]
