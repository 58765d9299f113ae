"""SQL for posts and comments (one ``entries`` table), their quotes, reactions and revisions."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from toolkit.forum.model import REACTIONS, Comment, Member, Post, Quote, Revision
from toolkit.forum.queries import dt, marks, ts
from toolkit.forum.queries.members import member_from

# An entry with its author (author columns prefixed ``author_``, read by ``member_from``).
_ENTRY = (
    "SELECT e.id, e.kind, e.post_id, e.parent_id, e.reply_to_id, e.depth, e.title, e.body,"
    " e.status, e.locked, e.created_at, e.edited_at,"
    " m.id AS author_id, m.handle AS author_handle, m.display_name AS author_display_name,"
    " m.role AS author_role, m.signature AS author_signature, m.joined_at AS author_joined_at,"
    " m.messages_from AS author_messages_from"
    " FROM entries e JOIN members m ON m.id = e.author_id"
)


def entry_from(
    row: sqlite3.Row,
    quote: Quote | None = None,
    reactions: tuple[tuple[str, int], ...] = (),
    in_reply_to: str | None = None,
    author: Member | None = None,
) -> Post | Comment:
    """A Post or Comment from an ``_ENTRY`` row (``author``: already built from the same row)."""
    cls = Post if row["kind"] == "post" else Comment
    return cls(
        id=row["id"],
        post_id=row["post_id"],
        parent_id=row["parent_id"],
        reply_to_id=row["reply_to_id"],
        depth=row["depth"],
        author=member_from(row, prefix="author_") if author is None else author,
        title=row["title"],
        body=row["body"],
        status=row["status"],
        locked=bool(row["locked"]),
        created_at=dt(row["created_at"]),  # type: ignore[arg-type]
        edited_at=dt(row["edited_at"]),
        quote=quote,
        reactions=reactions,
        in_reply_to=in_reply_to,
    )


# ------------------------------------------------------------------------ reading
def plain(db: sqlite3.Connection, entry_id: int) -> Post | Comment | None:
    """One entry without its quote, reactions or reply handle (enough to check a quote)."""
    row = db.execute(f"{_ENTRY} WHERE e.id = ?", (entry_id,)).fetchone()
    return None if row is None else entry_from(row)


def by_id(db: sqlite3.Connection, entry_id: int) -> list[Post | Comment]:
    """The entry with this id, in full (an empty list when there is none)."""
    return _load(db, "e.id = ?", (entry_id,))


def in_thread(db: sqlite3.Connection, post_id: int) -> list[Post | Comment]:
    """A post and all its comments, oldest first."""
    return _load(db, "e.post_id = ?", (post_id,))


def every_post(db: sqlite3.Connection) -> list[Post | Comment]:
    """Every thread's first post, oldest first."""
    return _load(db, "e.kind = 'post'", ())


def comment_counts(db: sqlite3.Connection) -> list[tuple[int, int]]:
    """``(post id, number of comments)`` for every thread."""
    rows = db.execute(
        "SELECT post_id, COUNT(*) - 1 AS comments FROM entries GROUP BY post_id ORDER BY post_id"
    )
    return [(r["post_id"], r["comments"]) for r in rows]


def reply_target(db: sqlite3.Connection, entry_id: int) -> sqlite3.Row | None:
    """What a new comment needs to know about what it answers, and about its thread.

    Columns: kind, post_id, parent_id, depth, status, locked (the thread's), post_status,
    handle (the target's author).
    """
    row: sqlite3.Row | None = db.execute(
        "SELECT e.kind, e.post_id, e.parent_id, e.depth, e.status, p.locked,"
        " p.status AS post_status, m.handle FROM entries e JOIN entries p ON p.id = e.post_id"
        " JOIN members m ON m.id = e.author_id WHERE e.id = ?",
        (entry_id,),
    ).fetchone()
    return row


def recent_pace(
    db: sqlite3.Connection,
    author_id: int,
    body: str,
    now: datetime,
    *,
    duplicate_window: timedelta,
    flood_window: timedelta,
) -> tuple[bool, int]:
    """(the same body posted within ``duplicate_window``, entries within ``flood_window``).

    Counts at most the last 200 entries: more is flooding under any sensible rule.
    """
    since = ts(now - max(flood_window, duplicate_window))
    rows = db.execute(
        "SELECT body, created_at FROM entries WHERE author_id = ? AND created_at > ?"
        " ORDER BY created_at DESC LIMIT 200",
        (author_id, since),
    ).fetchall()
    dup_since, flood_since = ts(now - duplicate_window), ts(now - flood_window)
    repeated = any(r["body"] == body and r["created_at"] > dup_since for r in rows)
    return repeated, sum(1 for r in rows if r["created_at"] > flood_since)


def revisions(db: sqlite3.Connection, entry_id: int) -> list[Revision]:
    """Earlier versions of an entry, oldest first."""
    rows = db.execute(
        "SELECT r.entry_id, r.number, r.title, r.body, r.edited_at, m.handle FROM revisions r"
        " JOIN members m ON m.id = r.editor_id WHERE r.entry_id = ? ORDER BY r.number",
        (entry_id,),
    )
    return [
        Revision(
            entry_id=r["entry_id"],
            number=r["number"],
            title=r["title"],
            body=r["body"],
            edited_at=dt(r["edited_at"]),  # type: ignore[arg-type]
            editor=r["handle"],
        )
        for r in rows
    ]


def edits_since(db: sqlite3.Connection, editor_id: int, since: datetime) -> int:
    row = db.execute(
        "SELECT COUNT(*) AS n FROM revisions WHERE editor_id = ? AND edited_at > ?",
        (editor_id, ts(since)),
    ).fetchone()
    return int(row["n"])


# ------------------------------------------------------------------------ writing
def insert_post(db: sqlite3.Connection, author_id: int, title: str, body: str, at: datetime) -> int:
    """A new post, its own thread root (``post_id`` is its id)."""
    cur = db.execute(
        "INSERT INTO entries (kind, post_id, depth, author_id, title, body, created_at)"
        " VALUES ('post', 0, 0, ?, ?, ?, ?)",
        (author_id, title, body, ts(at)),
    )
    new_id = cur.lastrowid
    assert new_id is not None
    db.execute("UPDATE entries SET post_id = id WHERE id = ?", (new_id,))
    return new_id


def insert_comment(
    db: sqlite3.Connection,
    *,
    post_id: int,
    parent_id: int | None,
    reply_to_id: int | None,
    depth: int,
    author_id: int,
    body: str,
    at: datetime,
) -> int:
    cur = db.execute(
        "INSERT INTO entries (kind, post_id, parent_id, reply_to_id, depth, author_id,"
        " body, created_at) VALUES ('comment', ?, ?, ?, ?, ?, ?, ?)",
        (post_id, parent_id, reply_to_id, depth, author_id, body, ts(at)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_quote(db: sqlite3.Connection, holder_id: int, quote: Quote) -> None:
    db.execute(
        "INSERT INTO quotes (holder_id, source_id, source_author, excerpt, quoted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (holder_id, quote.source_id, quote.source_author, quote.excerpt, ts(quote.quoted_at)),
    )


def save_edit(
    db: sqlite3.Connection,
    entry: Post | Comment,
    *,
    body: str,
    title: str | None,
    editor_id: int,
    at: datetime,
) -> None:
    """Keep the entry's text as it was in a new revision, then change it."""
    now = ts(at)
    db.execute(
        "INSERT INTO revisions (entry_id, number, title, body, edited_at, editor_id)"
        " SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ? FROM revisions WHERE entry_id = ?",
        (entry.id, entry.title, entry.body, now, editor_id, entry.id),
    )
    db.execute(
        "UPDATE entries SET body = ?, title = ?, edited_at = ? WHERE id = ?",
        (body, title, now, entry.id),
    )


def set_status(db: sqlite3.Connection, entry_id: int, status: str) -> None:
    db.execute("UPDATE entries SET status = ? WHERE id = ?", (status, entry_id))


def set_locked(db: sqlite3.Connection, post_id: int, locked: bool) -> None:
    db.execute("UPDATE entries SET locked = ? WHERE id = ?", (int(locked), post_id))


# ------------------------------------------------------------------------ helpers
def _load(db: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[Post | Comment]:
    rows = db.execute(f"{_ENTRY} WHERE {where} ORDER BY e.id", args).fetchall()
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    quotes = _quotes_for(db, ids)
    reactions = _reactions_for(db, ids)
    replied = _reply_handles(db, rows)
    # One Member per author (snapshots are immutable): a long thread has few distinct authors.
    authors: dict[int, Member] = {}
    for row in rows:
        if row["author_id"] not in authors:
            authors[row["author_id"]] = member_from(row, prefix="author_")
    return [
        entry_from(
            row,
            quote=quotes.get(row["id"]),
            reactions=reactions.get(row["id"], ()),
            in_reply_to=replied.get(row["id"]),
            author=authors[row["author_id"]],
        )
        for row in rows
    ]


def _quotes_for(db: sqlite3.Connection, ids: list[int]) -> dict[int, Quote]:
    rows = db.execute(
        "SELECT q.holder_id, q.source_id, s.kind, q.source_author, m.display_name, q.excerpt,"
        " q.quoted_at, s.status, s.edited_at FROM quotes q JOIN entries s ON s.id = q.source_id"
        f" JOIN members m ON m.id = s.author_id WHERE q.holder_id IN ({marks(ids)})",
        ids,
    )
    found = {}
    for r in rows:
        if r["status"] != "visible":
            state = "source removed"
        elif r["edited_at"] is not None and r["edited_at"] > r["quoted_at"]:
            state = "source edited"
        else:
            state = "ok"
        found[r["holder_id"]] = Quote(
            source_id=r["source_id"],
            source_kind=r["kind"],
            source_author=r["source_author"],
            source_display_name=r["display_name"],
            excerpt=r["excerpt"],
            quoted_at=dt(r["quoted_at"]),  # type: ignore[arg-type]
            state=state,
        )
    return found


def _reactions_for(
    db: sqlite3.Connection, ids: list[int]
) -> dict[int, tuple[tuple[str, int], ...]]:
    rows = db.execute(
        "SELECT entry_id, kind, COUNT(*) AS n FROM reactions"
        f" WHERE entry_id IN ({marks(ids)}) GROUP BY entry_id, kind",
        ids,
    )
    counts: dict[int, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r["entry_id"], {})[r["kind"]] = r["n"]
    order = {k: i for i, k in enumerate(REACTIONS)}
    return {
        e: tuple(sorted(c.items(), key=lambda kv: order.get(kv[0], 99))) for e, c in counts.items()
    }


def _reply_handles(db: sqlite3.Connection, rows: list[sqlite3.Row]) -> dict[int, str]:
    """Whom each reply attached higher up (past the depth cap) answers: entry id -> handle."""
    wanted = {
        r["id"]: r["reply_to_id"]
        for r in rows
        if r["reply_to_id"] is not None and r["reply_to_id"] != r["parent_id"]
    }
    if not wanted:
        return {}
    targets = sorted(set(wanted.values()))
    found = {
        r["id"]: r["handle"]
        for r in db.execute(
            "SELECT e.id, m.handle FROM entries e JOIN members m ON m.id = e.author_id"
            f" WHERE e.id IN ({marks(targets)})",
            targets,
        )
    }
    return {entry: found[target] for entry, target in wanted.items() if target in found}
