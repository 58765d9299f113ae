"""SQL for the classroom board: its settings, browser sessions, PINs and the change counter."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from toolkit.forum.model import Member
from toolkit.forum.queries import dt, ts
from toolkit.forum.queries.members import COLUMNS, member_from

# The board_settings key counting board changes that leave no row elsewhere (pin, unpin).
CHANGES = "changes"
# board_settings keys "hub_user:<hub name>" hold the handle of the member that hub user is.
HUB_USER = "hub_user:"


# ------------------------------------------------------------------------ settings
def setting(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM board_settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_setting(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO board_settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def add_setting(db: sqlite3.Connection, key: str, value: str) -> str:
    """Store ``value`` unless ``key`` already has one; the value kept either way."""
    db.execute("INSERT OR IGNORE INTO board_settings (key, value) VALUES (?, ?)", (key, value))
    kept = setting(db, key)
    assert kept is not None
    return kept


def delete_setting(db: sqlite3.Connection, key: str) -> None:
    db.execute("DELETE FROM board_settings WHERE key = ?", (key,))


def hub_handle(db: sqlite3.Connection, name: str) -> str | None:
    """The handle of the member the hub user ``name`` is linked to, or None."""
    return setting(db, HUB_USER + name)


def link_hub_user(db: sqlite3.Connection, name: str, handle: str) -> None:
    set_setting(db, HUB_USER + name, handle)


def hub_linked(db: sqlite3.Connection, handle: str) -> bool:
    """Whether some hub user is linked to the member ``handle``."""
    row = db.execute(
        "SELECT 1 FROM board_settings WHERE substr(key, 1, ?) = ? AND value = ?",
        (len(HUB_USER), HUB_USER, handle),
    ).fetchone()
    return row is not None


def bump(db: sqlite3.Connection) -> None:
    """Count one more board change (so ``latest`` moves on)."""
    db.execute(
        "INSERT INTO board_settings (key, value) VALUES (?, '1') ON CONFLICT (key)"
        " DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
        (CHANGES,),
    )


def latest(db: sqlite3.Connection) -> int:
    """A number that grows with every post, comment, edit, deletion, moderation action or pin.

    Each term only ever grows and each of those actions raises at least one: new entries raise
    the largest entry id, an edit adds a revision (never deleted), a deletion makes one more
    entry "withdrawn" (for good: it cannot be edited, restored or removed afterwards), a
    moderation action appends to the append-only log, and pinning counts in board_settings.
    The largest ids are read from the rowid b-trees, so only the withdrawn count scans.
    """
    row = db.execute(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM entries)"
        " + (SELECT COALESCE(MAX(rowid), 0) FROM revisions)"
        " + (SELECT COUNT(*) FROM entries WHERE status = 'withdrawn')"
        " + (SELECT COALESCE(MAX(id), 0) FROM moderation_log)"
        " + COALESCE((SELECT CAST(value AS INTEGER) FROM board_settings WHERE key = ?), 0)"
        " AS latest",
        (CHANGES,),
    ).fetchone()
    return int(row["latest"])


# ------------------------------------------------------------------------ sessions
def add_session(db: sqlite3.Connection, token_hash: str, member_id: int, at: datetime) -> None:
    db.execute(
        "INSERT INTO board_sessions (token_hash, member_id, created_at) VALUES (?, ?, ?)",
        (token_hash, member_id, ts(at)),
    )


def session_member(db: sqlite3.Connection, token_hash: str) -> Member | None:
    row = db.execute(
        f"SELECT {', '.join('m.' + c.strip() for c in COLUMNS.split(','))}"
        " FROM board_sessions s JOIN members m ON m.id = s.member_id WHERE s.token_hash = ?",
        (token_hash,),
    ).fetchone()
    return None if row is None else member_from(row)


def delete_session(db: sqlite3.Connection, token_hash: str) -> None:
    db.execute("DELETE FROM board_sessions WHERE token_hash = ?", (token_hash,))


def delete_sessions(db: sqlite3.Connection, member_id: int) -> None:
    db.execute("DELETE FROM board_sessions WHERE member_id = ?", (member_id,))


# ------------------------------------------------------------------------ PINs
def pin(db: sqlite3.Connection, member_id: int) -> tuple[str, str, int, datetime | None] | None:
    """``(pin_hash, salt, failures, failed_at)`` of the member's PIN, or None when none is set."""
    row = db.execute(
        "SELECT pin_hash, salt, failures, failed_at FROM board_pins WHERE member_id = ?",
        (member_id,),
    ).fetchone()
    if row is None:
        return None
    return row["pin_hash"], row["salt"], int(row["failures"]), dt(row["failed_at"])


def set_pin(db: sqlite3.Connection, member_id: int, pin_hash: str, salt: str) -> None:
    db.execute(
        "INSERT INTO board_pins (member_id, pin_hash, salt, failures, failed_at)"
        " VALUES (?, ?, ?, 0, NULL) ON CONFLICT (member_id) DO UPDATE SET"
        " pin_hash = excluded.pin_hash, salt = excluded.salt, failures = 0, failed_at = NULL",
        (member_id, pin_hash, salt),
    )


def delete_pin(db: sqlite3.Connection, member_id: int) -> None:
    db.execute("DELETE FROM board_pins WHERE member_id = ?", (member_id,))


def set_failures(
    db: sqlite3.Connection, member_id: int, failures: int, at: datetime | None
) -> None:
    db.execute(
        "UPDATE board_pins SET failures = ?, failed_at = ? WHERE member_id = ?",
        (failures, None if at is None else ts(at), member_id),
    )
