"""SQLite storage: one connection, a versioned schema, and write transactions that queue.

Several processes (a classroom sharing one file) can write at once: the file uses WAL, every
write starts with ``BEGIN IMMEDIATE`` (so a writer waits for the lock up front instead of failing
half-way), and a busy timeout makes waiting writers queue instead of seeing "database is locked".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from toolkit.forum.errors import StorageError

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0


class Store:
    """A connection to the forum's database (a file, or memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        target = ":memory:" if self.path is None else str(self.path)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self.conn = sqlite3.connect(
                target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path is not None:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is safe with WAL: a killed process never corrupts the file.
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            msg = (
                f"The forum file {target} could not be opened ({exc}). "
                "Check the file name, or start a new forum with a new file."
            )
            raise StorageError(msg) from exc

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            msg = (
                f"This forum file was made by a newer toolkit (schema {version}). "
                "Update the toolkit, then open it again."
            )
            raise StorageError(msg)
        if version == SCHEMA_VERSION:
            return
        sql = resources.files("toolkit.forum").joinpath("schema.sql").read_text("utf-8")
        with self.write():
            # Re-check inside the lock: another process may have created the schema meanwhile.
            if self.conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is saved, or (on any error) none of it."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def _statements(sql: str) -> Iterator[str]:
    # Split on complete statements (triggers contain semicolons inside BEGIN ... END).
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer:
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
