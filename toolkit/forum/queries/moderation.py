"""SQL for reactions, reports and the append-only moderation log."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from toolkit.forum.model import ModerationAction, Reaction, Report
from toolkit.forum.queries import dt, ts


# ------------------------------------------------------------------------ reactions
def add_reaction(
    db: sqlite3.Connection, entry_id: int, member_id: int, kind: str, at: datetime
) -> bool:
    """Store a reaction; False when the member already gave this one."""
    try:
        db.execute(
            "INSERT INTO reactions (entry_id, member_id, kind, at) VALUES (?, ?, ?, ?)",
            (entry_id, member_id, kind, ts(at)),
        )
    except sqlite3.IntegrityError:
        return False
    return True


def remove_reaction(db: sqlite3.Connection, entry_id: int, member_id: int, kind: str) -> bool:
    """Take a reaction back; False when there was none."""
    return bool(
        db.execute(
            "DELETE FROM reactions WHERE entry_id = ? AND member_id = ? AND kind = ?",
            (entry_id, member_id, kind),
        ).rowcount
    )


def reactions(db: sqlite3.Connection, member_id: int | None = None) -> list[Reaction]:
    """Reactions, oldest first: all of them, or those one member gave."""
    where, args = ("1", ()) if member_id is None else ("r.member_id = ?", (member_id,))
    rows = db.execute(
        "SELECT m.handle, e.kind || '-' || e.id AS target, r.kind FROM reactions r"
        " JOIN members m ON m.id = r.member_id JOIN entries e ON e.id = r.entry_id"
        f" WHERE {where} ORDER BY r.at, r.entry_id, r.kind",
        args,
    )
    return [Reaction(member=r["handle"], target=r["target"], kind=r["kind"]) for r in rows]


# ------------------------------------------------------------------------ reports
def add_report(
    db: sqlite3.Connection,
    *,
    target_kind: str,
    target_id: int,
    reporter_id: int,
    reason: str,
    note: str,
    at: datetime,
) -> int | None:
    """Store a report; None when the reporter already has one open about the same target."""
    try:
        cur = db.execute(
            "INSERT INTO reports (target_kind, target_id, reporter_id, reason, note,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (target_kind, target_id, reporter_id, reason, note, ts(at)),
        )
    except sqlite3.IntegrityError:
        return None
    return cur.lastrowid


def close_report(db: sqlite3.Connection, report_id: int, outcome: str, resolver_id: int) -> bool:
    """Close an open report, recording who closed it; False when none is open."""
    return bool(
        db.execute(
            "UPDATE reports SET status = ?, resolved_by = ? WHERE id = ? AND status = 'open'",
            (outcome, resolver_id, report_id),
        ).rowcount
    )


def report(db: sqlite3.Connection, report_id: int) -> Report:
    """The report with this id (the caller knows it exists)."""
    return _reports(db, "r.id = ?", (report_id,))[0]


def reports(db: sqlite3.Connection, status: str | None = None) -> list[Report]:
    """Reports in the order they were made: all of them, or those with ``status``."""
    if status is None:
        return _reports(db, "1", ())
    return _reports(db, "r.status = ?", (status,))


def _reports(db: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[Report]:
    rows = db.execute(
        "SELECT r.id, r.target_kind || '-' || r.target_id AS target, m.handle AS reporter,"
        " r.reason, r.note, r.status, r.created_at, k.handle AS resolver"
        " FROM reports r JOIN members m ON m.id = r.reporter_id"
        " LEFT JOIN members k ON k.id = r.resolved_by"
        f" WHERE {where} ORDER BY r.id",
        args,
    )
    return [
        Report(
            id=r["id"],
            target=r["target"],
            reporter=r["reporter"],
            reason=r["reason"],
            note=r["note"],
            status=r["status"],
            created_at=dt(r["created_at"]),  # type: ignore[arg-type]
            resolved_by=r["resolver"],
        )
        for r in rows
    ]


# ------------------------------------------------------------------------ moderation log
def log_action(
    db: sqlite3.Connection,
    *,
    actor_id: int,
    action: str,
    target_kind: str,
    target_id: int,
    reason: str,
    at: datetime,
) -> int:
    cur = db.execute(
        "INSERT INTO moderation_log (actor_id, action, target_kind, target_id, reason, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (actor_id, action, target_kind, target_id, reason, ts(at)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def action(db: sqlite3.Connection, log_id: int) -> ModerationAction:
    """The logged action with this id (the caller knows it exists)."""
    return _log(db, "l.id = ?", (log_id,))[0]


def log(db: sqlite3.Connection) -> list[ModerationAction]:
    """Every moderation action, oldest first."""
    return _log(db, "1", ())


def _log(db: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> list[ModerationAction]:
    rows = db.execute(
        "SELECT l.id, m.handle, l.action, l.target_kind || '-' || l.target_id AS target,"
        " l.reason, l.at FROM moderation_log l JOIN members m ON m.id = l.actor_id"
        f" WHERE {where} ORDER BY l.id",
        args,
    )
    return [
        ModerationAction(
            id=r["id"],
            actor=r["handle"],
            action=r["action"],
            target=r["target"],
            reason=r["reason"],
            at=dt(r["at"]),  # type: ignore[arg-type]
        )
        for r in rows
    ]
