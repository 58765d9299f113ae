"""SQL for direct messages and blocks."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from toolkit.forum.model import Member, Message
from toolkit.forum.queries import dt, members, ts


# ------------------------------------------------------------------------ messages
def insert(
    db: sqlite3.Connection,
    *,
    sender_id: int,
    recipient_id: int,
    subject: str,
    body: str,
    at: datetime,
) -> int:
    cur = db.execute(
        "INSERT INTO messages (sender_id, recipient_id, subject, body, sent_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (sender_id, recipient_id, subject, body, ts(at)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def sent_since(db: sqlite3.Connection, sender_id: int, since: datetime) -> int:
    row = db.execute(
        "SELECT COUNT(*) AS n FROM messages WHERE sender_id = ? AND sent_at > ?",
        (sender_id, ts(since)),
    ).fetchone()
    return int(row["n"])


def mark_read(db: sqlite3.Connection, message_id: int, at: datetime) -> None:
    db.execute("UPDATE messages SET read_at = ? WHERE id = ?", (ts(at), message_id))


def by_id(db: sqlite3.Connection, message_id: int) -> Message | None:
    found = _messages(db, "g.id = ?", (message_id,))
    return found[0] if found else None


def inbox(db: sqlite3.Connection, member_id: int) -> list[Message]:
    """Messages to a member, oldest first, without those from members she blocked."""
    return _messages(
        db,
        "g.recipient_id = ? AND g.sender_id NOT IN"
        " (SELECT blocked_id FROM blocks WHERE blocker_id = ?)",
        (member_id, member_id),
    )


def _messages(db: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[Message]:
    rows = db.execute(
        "SELECT g.id, g.sender_id, g.recipient_id, g.subject, g.body, g.sent_at, g.read_at"
        f" FROM messages g WHERE {where} ORDER BY g.id",
        args,
    ).fetchall()
    people: dict[int, Member] = {}

    def person(member_id: int) -> Member:
        if member_id not in people:
            people[member_id] = members.by_id(db, member_id)
        return people[member_id]

    return [
        Message(
            id=r["id"],
            sender=person(r["sender_id"]),
            recipient=person(r["recipient_id"]),
            subject=r["subject"],
            body=r["body"],
            sent_at=dt(r["sent_at"]),  # type: ignore[arg-type]
            read=r["read_at"] is not None,
        )
        for r in rows
    ]


# ------------------------------------------------------------------------ blocks
def is_blocked(db: sqlite3.Connection, blocker_id: int, blocked_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?", (blocker_id, blocked_id)
        ).fetchone()
        is not None
    )


def add_block(db: sqlite3.Connection, blocker_id: int, blocked_id: int, at: datetime) -> bool:
    """Store a block; False when it was already there."""
    try:
        db.execute(
            "INSERT INTO blocks (blocker_id, blocked_id, at) VALUES (?, ?, ?)",
            (blocker_id, blocked_id, ts(at)),
        )
    except sqlite3.IntegrityError:
        return False
    return True


def remove_block(db: sqlite3.Connection, blocker_id: int, blocked_id: int) -> bool:
    """Lift a block; False when there was none."""
    return bool(
        db.execute(
            "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", (blocker_id, blocked_id)
        ).rowcount
    )


def blocked_ids(db: sqlite3.Connection, blocker_id: int) -> frozenset[int]:
    rows = db.execute("SELECT blocked_id FROM blocks WHERE blocker_id = ?", (blocker_id,))
    return frozenset(r["blocked_id"] for r in rows)
