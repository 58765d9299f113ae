"""Posts and comments: writing, replying, quoting, editing, deleting, and reading threads."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from toolkit.forum import quotes, text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import Duplicate, InvalidText, NotAllowed, QuoteError, TooFast
from toolkit.forum.members import Members
from toolkit.forum.model import (
    Comment,
    Entry,
    FrontPage,
    Member,
    Message,
    Post,
    Quote,
    Revision,
    Thread,
)
from toolkit.forum.queries import dt, ts
from toolkit.forum.queries import messages as blocks_q
from toolkit.forum.queries import posts as q
from toolkit.forum.refs import EntryRef, MemberRef, missing, parse_entry
from toolkit.forum.rules import check_own_words
from toolkit.i18n import N_, _

E = TypeVar("E", bound=Entry)

# Marked here, translated where it is raised (the language may change after import).
_OTHER_THREAD = N_(
    "That comment belongs to a different thread. Open the thread you want and reply there."
)


class Posts:
    """The posts and comments of one forum (``Forum`` calls it; see ``service.py``)."""

    def __init__(self, ctx: ForumContext, members: Members) -> None:
        self.ctx = ctx
        self.members = members

    # ----------------------------------------------------------------- writing
    def post(self, author: MemberRef, title: str, body: str, quote: Quote | None) -> Post:
        who = self.members.get(author)
        title = text.clean(title, N_("title"), text.TITLE)
        body = text.clean(body, N_("post"), text.POST_BODY)
        # Each field on its own: a shouted body under a calm title still gets the note.
        warnings = tuple(dict.fromkeys(text.warnings_for(title) + text.warnings_for(body)))
        with self.ctx.store.write() as db:
            moment = self.ctx.now()
            self._check_pace(who, body, moment)
            if quote is not None:
                quotes.check_attach(self.ctx, db, quote, body)
            new_id = q.insert_post(db, who.id, title, body, moment)
            if quote is not None:
                q.insert_quote(db, new_id, quote)
        return self._fresh(new_id, Post, warnings)

    def comment(
        self, target: EntryRef, author: MemberRef, body: str, quote: Quote | None
    ) -> Comment:
        who = self.members.get(author)
        body = text.clean(body, N_("comment"), text.COMMENT_BODY)
        warnings = text.warnings_for(body)
        target_id, target_kind, target_post = parse_entry(target)
        with self.ctx.store.write() as db:
            row = q.reply_target(db, target_id)
            _check_reply_target(row, target_id, target_kind, target_post)
            assert row is not None
            moment = self.ctx.now()
            self._check_pace(who, body, moment)
            if quote is not None:
                quotes.check_attach(self.ctx, db, quote, body)
            parent_id = None if row["kind"] == "post" else target_id
            reply_to = parent_id
            depth = row["depth"] + 1
            in_reply_to = None
            if depth > self.ctx.rules.max_depth:
                # Too deep: attach beside the parent, remembering whom it answers.
                parent_id, depth, in_reply_to = row["parent_id"], row["depth"], row["handle"]
            new_id = q.insert_comment(
                db,
                post_id=row["post_id"],
                parent_id=parent_id,
                reply_to_id=reply_to,
                depth=depth,
                author_id=who.id,
                body=body,
                at=moment,
            )
            if quote is not None:
                q.insert_quote(db, new_id, quote)
        # Built from what was just written: no need to read it back.
        return Comment(
            id=new_id,
            post_id=row["post_id"],
            parent_id=parent_id,
            reply_to_id=reply_to,
            depth=depth,
            author=who,
            title=None,
            body=body,
            status="visible",
            locked=False,
            created_at=dt(ts(moment)),  # type: ignore[arg-type]
            edited_at=None,
            quote=quote,
            in_reply_to=in_reply_to,
            warnings=warnings,
        )

    def _check_pace(self, who: Member, body: str, now: datetime) -> None:
        rules = self.ctx.rules
        repeated, recent = q.recent_pace(
            self.ctx.store.conn,
            who.id,
            body,
            now,
            duplicate_window=timedelta(seconds=rules.duplicate_window_s),
            flood_window=timedelta(seconds=rules.flood_window_s),
        )
        if repeated:
            msg = _(
                "You already posted this text a moment ago, so it was not posted twice. "
                "If you meant to add something, change the text first."
            )
            raise Duplicate(msg)
        if recent >= rules.flood_posts:
            msg = _(
                "You are posting very fast. Wait a minute, read what others wrote, then post again."
            )
            raise TooFast(msg)

    def quote(self, source: EntryRef | Message, excerpt: str) -> Quote:
        quotes.refuse_private(source)
        if not isinstance(excerpt, str):
            msg = _("The excerpt must be text: copy a few words from the post.")
            raise QuoteError(msg)
        return quotes.make(self.ctx, self.get(source), excerpt)  # type: ignore[arg-type]

    # ----------------------------------------------------------------- edits and deletion
    def edit(
        self, item: EntryRef, editor: MemberRef, body: str, title: str | None
    ) -> Post | Comment:
        who = self.members.get(editor)
        entry = self.get(item)
        if entry.author.id != who.id and not who.is_trainer:
            msg = _(
                "You can only edit your own posts and comments. "
                "If something is wrong with this one, report it to a trainer."
            )
            raise NotAllowed(msg)
        if entry.status in ("removed", "withdrawn"):
            msg = _("This has been deleted, so it cannot be edited. Write a new post instead.")
            raise NotAllowed(msg)
        is_post = isinstance(entry, Post)
        limits = text.POST_BODY if is_post else text.COMMENT_BODY
        new_body = text.clean(body, N_("post") if is_post else N_("comment"), limits)
        new_title = entry.title
        if title is not None:
            if not is_post:
                msg = _("Only a post has a title. Leave the title out when editing a comment.")
                raise InvalidText(msg)
            new_title = text.clean(title, N_("title"), text.TITLE)
        if entry.quote is not None:
            check_own_words(new_body, entry.quote.excerpt, self.ctx.rules)
        with self.ctx.store.write() as db:
            moment = self.ctx.now()
            self.ctx.check_pace(
                q.edits_since(db, who.id, self.ctx.flood_since(moment)),
                self.ctx.rules.flood_edits,
                N_(
                    "You are editing very fast. Wait a minute, read the whole text through, "
                    "then make your changes in one edit."
                ),
            )
            q.save_edit(db, entry, body=new_body, title=new_title, editor_id=who.id, at=moment)
        return self._fresh(entry.id, type(entry), text.warnings_for(new_body))

    def revisions(self, item: EntryRef) -> list[Revision]:
        return q.revisions(self.ctx.store.conn, self.get(item).id)

    def delete(self, item: EntryRef, member: MemberRef) -> Post | Comment:
        who = self.members.get(member)
        entry = self.get(item)
        if entry.author.id != who.id:
            if who.is_trainer:
                msg = _(
                    "Trainers take down other people's posts with "
                    "forum.remove(item, trainer, reason)."
                )
            else:
                msg = _(
                    "You can only delete your own posts and comments. To flag a problem, report it."
                )
            raise NotAllowed(msg)
        if entry.status in ("withdrawn", "removed"):
            msg = _("This is already deleted. There is nothing more to do.")
            raise NotAllowed(msg)
        with self.ctx.store.write() as db:
            q.set_status(db, entry.id, "withdrawn")
        return self._fresh(entry.id, type(entry), ())

    # ----------------------------------------------------------------- reading
    def get(self, ref: EntryRef) -> Post | Comment:
        """A post or comment by object, anchor or id, checked to be in the thread it claims."""
        entry_id, kind, post_id = parse_entry(ref)
        rows = q.by_id(self.ctx.store.conn, entry_id)
        if not rows or (kind is not None and rows[0].kind != kind):
            error = missing(f"{kind or 'entry'}-{entry_id}")
            raise error
        found = rows[0]
        if post_id is not None and post_id != found.post_id:
            raise NotAllowed(_(_OTHER_THREAD))
        return found

    def _fresh(self, entry_id: int, cls: type[E], warnings: tuple[str, ...]) -> E:
        entry = q.by_id(self.ctx.store.conn, entry_id)[0]
        assert isinstance(entry, cls)
        return replace(entry, warnings=warnings)

    def thread(self, post: EntryRef, viewer: MemberRef | None) -> Thread:
        root = self.get(post)
        if not isinstance(root, Post):
            root = self.get(f"post-{root.post_id}")
        entries = q.in_thread(self.ctx.store.conn, root.id)
        head = entries[0]
        assert isinstance(head, Post)
        children: dict[int | None, list[Comment]] = {}
        for entry in entries[1:]:
            assert isinstance(entry, Comment)
            children.setdefault(entry.parent_id, []).append(entry)
        # Reading order: each reply right after what it answers (depth first, oldest first).
        ordered: list[Comment] = []
        stack = list(reversed(children.get(None, [])))
        while stack:
            node = stack.pop()
            ordered.append(node)
            stack.extend(reversed(children.get(node.id, [])))
        seen_by = None if viewer is None else self.members.get(viewer)
        return Thread(head, tuple(ordered), seen_by, self.blocked_ids(seen_by))

    def posts(self, viewer: MemberRef | None) -> list[Post]:
        found = q.every_post(self.ctx.store.conn)
        found.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        blocked = self.blocked_ids(None if viewer is None else self.members.get(viewer))
        return [p for p in found if isinstance(p, Post) and p.author.id not in blocked]

    def front_page(self, viewer: MemberRef | None) -> FrontPage:
        seen_by = None if viewer is None else self.members.get(viewer)
        counts = q.comment_counts(self.ctx.store.conn)
        return FrontPage(
            self.ctx.title,
            tuple(self.posts(None)),
            tuple(counts),
            seen_by,
            self.blocked_ids(seen_by),
        )

    def blocked_ids(self, who: Member | None) -> frozenset[int]:
        """Members ``who`` blocked (none for a visitor): their content is hidden from her."""
        return frozenset() if who is None else blocks_q.blocked_ids(self.ctx.store.conn, who.id)


def _check_reply_target(
    row: sqlite3.Row | None, target_id: int, kind: str | None, post_id: int | None
) -> None:
    """Refuse a reply to what does not exist, is in another thread, is gone, or is locked."""
    if row is None or (kind is not None and row["kind"] != kind):
        error = missing(f"{kind or 'entry'}-{target_id}")
        raise error
    if post_id is not None and row["post_id"] != post_id:
        raise NotAllowed(_(_OTHER_THREAD))
    if row["status"] != "visible" or row["post_status"] in ("removed", "hidden"):
        msg = _(
            "You cannot reply to this: it has been deleted or taken down. "
            "Choose another post or comment."
        )
        raise NotAllowed(msg)
    if row["locked"]:
        msg = _(
            "This thread is locked by a trainer, so no new comments can be added. "
            "You can still read it, or start a new post."
        )
        raise NotAllowed(msg)
