"""Every SQL statement the forum runs, split by the same concerns as the forum itself.

    queries.members     members, profile fields
    queries.posts       posts and comments (entries), quotes, revisions
    queries.moderation  reactions, reports, the moderation log
    queries.messages    direct messages, blocks

Each function takes the connection (``Store.conn``, or the one ``Store.write()`` yields), reads
rows by column name (the store sets ``sqlite3.Row``) and returns model objects or plain values.
Times are stored as text in one fixed format (``ts``), so they sort and compare as text; this
package is the only place that turns a ``datetime`` into that text and back. A new column is
added here, in ``schema.sql`` and (for old files) in a migration in ``store.py``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime


def ts(moment: datetime) -> str:
    """``moment`` as stored: UTC, ISO 8601 with microseconds (sorts as text)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def dt(value: str | None) -> datetime | None:
    """A stored time back as a ``datetime`` (None stays None)."""
    return None if value is None else datetime.fromisoformat(value)


def marks(ids: Collection[object]) -> str:
    """``?, ?, ?``: one placeholder per id, for ``IN (...)``."""
    return ",".join("?" * len(ids))
