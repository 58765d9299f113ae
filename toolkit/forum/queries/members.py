"""SQL for members and their profile fields."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from toolkit.forum.model import Member
from toolkit.forum.queries import dt, ts

# The columns a Member is built from (``member_from`` reads them by these names).
COLUMNS = "id, handle, display_name, role, signature, joined_at, messages_from"


def member_from(row: sqlite3.Row, warnings: tuple[str, ...] = (), prefix: str = "") -> Member:
    """A Member from a row holding ``COLUMNS`` (named ``prefix + name`` in a joined row)."""
    return Member(
        id=row[f"{prefix}id"],
        handle=row[f"{prefix}handle"],
        display_name=row[f"{prefix}display_name"],
        role=row[f"{prefix}role"],
        signature=row[f"{prefix}signature"],
        joined_at=dt(row[f"{prefix}joined_at"]),  # type: ignore[arg-type]
        messages_from=row[f"{prefix}messages_from"],
        warnings=warnings,
    )


def taken(db: sqlite3.Connection, key: str, skeleton: str) -> sqlite3.Row | None:
    """The member whose handle key or look-alike skeleton matches (``handle``, ``handle_key``)."""
    row: sqlite3.Row | None = db.execute(
        "SELECT handle, handle_key FROM members WHERE handle_key = ? OR skeleton = ?",
        (key, skeleton),
    ).fetchone()
    return row


def insert(
    db: sqlite3.Connection,
    *,
    handle: str,
    key: str,
    skeleton: str,
    display_name: str,
    role: str,
    signature: str | None,
    joined_at: datetime,
) -> int:
    cur = db.execute(
        "INSERT INTO members (handle, handle_key, skeleton, display_name, role, signature,"
        " joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (handle, key, skeleton, display_name, role, signature, ts(joined_at)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def by_id(db: sqlite3.Connection, member_id: int, warnings: tuple[str, ...] = ()) -> Member:
    """The member with this id (the caller knows it exists)."""
    row = db.execute(f"SELECT {COLUMNS} FROM members WHERE id = ?", (member_id,)).fetchone()
    return member_from(row, warnings)


def by_id_and_handle(db: sqlite3.Connection, member_id: int, handle: str) -> Member | None:
    row = db.execute(
        f"SELECT {COLUMNS} FROM members WHERE id = ? AND handle = ?", (member_id, handle)
    ).fetchone()
    return None if row is None else member_from(row)


def by_key(db: sqlite3.Connection, key: str) -> Member | None:
    row = db.execute(f"SELECT {COLUMNS} FROM members WHERE handle_key = ?", (key,)).fetchone()
    return None if row is None else member_from(row)


def exists(db: sqlite3.Connection, member_id: int) -> bool:
    return db.execute("SELECT 1 FROM members WHERE id = ?", (member_id,)).fetchone() is not None


def every(db: sqlite3.Connection) -> list[Member]:
    """Every member, in the order they joined."""
    return [member_from(r) for r in db.execute(f"SELECT {COLUMNS} FROM members ORDER BY id")]


def set_signature(db: sqlite3.Connection, member_id: int, signature: str | None) -> None:
    db.execute("UPDATE members SET signature = ? WHERE id = ?", (signature, member_id))


def set_display_name(db: sqlite3.Connection, member_id: int, display_name: str) -> None:
    db.execute("UPDATE members SET display_name = ? WHERE id = ?", (display_name, member_id))


def set_role(db: sqlite3.Connection, member_id: int, role: str) -> None:
    db.execute("UPDATE members SET role = ? WHERE id = ?", (role, member_id))


def set_messages_from(db: sqlite3.Connection, member_id: int, messages_from: str) -> None:
    db.execute("UPDATE members SET messages_from = ? WHERE id = ?", (messages_from, member_id))


def set_profile_field(
    db: sqlite3.Connection, member_id: int, field: str, value: str, visibility: str
) -> None:
    db.execute(
        "INSERT INTO profile_fields (member_id, field, value, visibility) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (member_id, field)"
        " DO UPDATE SET value = excluded.value, visibility = excluded.visibility",
        (member_id, field, value, visibility),
    )


def delete_profile_field(db: sqlite3.Connection, member_id: int, field: str) -> None:
    db.execute("DELETE FROM profile_fields WHERE member_id = ? AND field = ?", (member_id, field))


def profile_fields(db: sqlite3.Connection, member_id: int) -> list[tuple[str, str, str]]:
    """``(field, value, visibility)`` for each field the member filled in."""
    rows = db.execute(
        "SELECT field, value, visibility FROM profile_fields WHERE member_id = ?", (member_id,)
    )
    return [(r["field"], r["value"], r["visibility"]) for r in rows]
