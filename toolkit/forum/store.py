"""SQLite storage: one connection, a versioned schema, and write transactions that queue.

Several processes (a classroom sharing one file) can write at once: the file uses WAL, every
write starts with ``BEGIN IMMEDIATE`` (so a writer waits for the lock up front instead of failing
half-way), and a busy timeout makes waiting writers queue instead of seeing "database is locked".
Switching to WAL and creating the schema ignore that timeout (SQLite answers "busy" at once), so
they are retried in a loop until the same deadline.

Every SQLite or file error leaves as a ``StorageError`` whose message (``failures.py``) says what
happened and what to do; a file that is not a forum (someone else's tables, a newer or broken
schema) is refused before anything is written to it. One re-entrant lock per store lets threads
share it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from toolkit.forum import failures, handles
from toolkit.forum.errors import StorageError
from toolkit.i18n import _

# 1: the first schema; 2: member skeletons recomputed with case folding (handles.skeleton);
# 3: reports record who resolved them (reports.resolved_by); 4: the classroom board's tables
# (board_settings, board_sessions, board_pins: new tables only, made by the schema itself).
SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 30.0
# Columns each version added to a table that already existed: a file from before that version
# lacks them until it is upgraded, and is still a forum file.
ADDED_COLUMNS: dict[int, dict[str, frozenset[str]]] = {3: {"reports": frozenset({"resolved_by"})}}

T = TypeVar("T")


class Store:
    """A connection to the forum's database (a file, or memory when ``path`` is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = _as_path(path)
        # Re-entrant: a Forum call holds it and may call other Forum methods.
        self.lock = threading.RLock()
        target = ":memory:" if self.path is None else str(self.path)
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        conn: sqlite3.Connection | None = None
        try:
            conn = self.conn = _open(target)
            # Rows are read by column name everywhere (toolkit.forum.queries), never by position.
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            # Look before writing anything: someone else's database stays byte for byte as it was.
            _retry(self._check_existing, deadline)
            if self.path is not None:
                _retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone(), deadline)
                # NORMAL is safe with WAL: a killed process never corrupts the file.
                conn.execute("PRAGMA synchronous = NORMAL")
            _retry(self._migrate, deadline)
        except StorageError:
            _close_quietly(conn)
            raise
        except (sqlite3.Error, OSError, ValueError) as exc:
            # ValueError: a NUL or a lone surrogate in the file name.
            _close_quietly(conn)
            raise self.storage_error(exc) from exc

    # ------------------------------------------------------------------ schema
    def _version(self) -> int:
        version = self.conn.execute("PRAGMA user_version").fetchone()["user_version"]
        if version > SCHEMA_VERSION:
            raise failures.newer_version(self.path)
        if version < 0:
            raise failures.not_a_forum(self.path)
        return int(version)

    def _check_existing(self) -> None:
        """Refuse (reading only) a file that is not a forum and cannot become one."""
        version = self._version()
        self._check_schema(complete=version == SCHEMA_VERSION, version=version)

    def _migrate(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return
        with self._transaction():
            # Re-check inside the lock: another process may have created the schema meanwhile.
            version = self._version()
            if version < SCHEMA_VERSION:
                self._check_schema(complete=False, version=version)
                if version >= 1:
                    # An older forum: each step brings it one version up, in order.
                    for step in range(version + 1, SCHEMA_VERSION + 1):
                        self._upgrade_to(step)
                # New tables and indexes (and, for a new file, everything).
                for statement in _statements(_schema_sql()):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._check_schema(complete=True)

    def _upgrade_to(self, version: int) -> None:
        """Change a forum file of ``version - 1`` into one of ``version``."""
        if version == 2:
            self._recompute_skeletons()
        elif version == 3:
            # A file whose reports already have the column (made by a newer build, then marked
            # older by hand) keeps it: only what is missing is added.
            if "resolved_by" not in _columns(self.conn, "reports"):
                self.conn.execute(
                    "ALTER TABLE reports ADD COLUMN resolved_by INTEGER REFERENCES members (id)"
                )
        # Version 4 only adds tables and an index: the schema's CREATE ... IF NOT EXISTS
        # statements, run after the steps, make them.

    def _recompute_skeletons(self) -> None:
        # Version 2 compares look-alikes after case folding (Iena_m vs lena_m): members saved
        # with the old fingerprint would otherwise escape the check against new handles.
        rows = self.conn.execute("SELECT id, handle FROM members").fetchall()
        self.conn.executemany(
            "UPDATE members SET skeleton = ? WHERE id = ?",
            [(handles.skeleton(r["handle"]), r["id"]) for r in rows],
        )

    def _check_schema(self, *, complete: bool, version: int = SCHEMA_VERSION) -> None:
        """Refuse tables that are not the forum's, or triggers and views of the file's own.

        ``complete``: every table, index and trigger of the schema must be there (a file not
        yet made into a forum may have none, or some, but nothing else). A file of an older
        ``version`` may lack the columns added since (``ADDED_COLUMNS``), and nothing else.
        """
        (expected, columns), found = _expected(), _objects(self.conn)
        if not complete and any(name not in expected for name in found):
            raise failures.not_a_forum(self.path, foreign=True)
        missing = complete and any(found.get(n) != kind for n, kind in expected.items())
        # A trigger or view of its own could change or hide what the forum stores.
        own_code = any(k in ("trigger", "view") and n not in expected for n, k in found.items())
        reshaped = any(
            not _shaped_like(_columns(self.conn, table), cols, _added_since(version, table))
            for table, cols in columns.items()
            if complete or table in found
        )
        if missing or own_code or reshaped:
            raise failures.not_a_forum(self.path)

    # ------------------------------------------------------------------ writing
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is saved, or (on any error) none of it.

        Any SQLite error on the way leaves as a StorageError (one generator, not two nested:
        this runs for every single write).
        """
        with self.lock:
            conn = self.conn
            try:
                self._begin()
            except sqlite3.Error as exc:
                raise self.storage_error(exc) from exc
            try:
                yield conn
            except BaseException as exc:
                self._rollback()
                if isinstance(exc, sqlite3.Error):
                    raise self.storage_error(exc) from exc
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                # A failed COMMIT (disk full) must not leave half a change waiting to be saved.
                self._rollback()
                raise self.storage_error(exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # Like write(), but SQLite errors stay as they are, so _retry can see "busy".
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            self._rollback()
            raise

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if failures.code(exc) not in (failures.BUSY, failures.LOCKED):
                raise
            deadline = time.monotonic() + BUSY_TIMEOUT_S
            _retry(lambda: self.conn.execute("BEGIN IMMEDIATE"), deadline)

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already undid it; the original error says what went wrong.

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # ------------------------------------------------------------------ errors
    def storage_error(self, exc: BaseException) -> StorageError:
        """A plain-language StorageError for an SQLite or file error (see ``failures.py``)."""
        return failures.storage_error(exc, self.path, BUSY_TIMEOUT_S)


def _open(target: str) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves.
    return sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )


def _as_path(path: object) -> Path | None:
    if path is None:
        return None
    name = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if not isinstance(name, str) or not name.strip():
        msg = _(
            'A forum is kept in a file named like "class.db", or in memory when no name is '
            "given. Give a file name and try again."
        )
        raise StorageError(msg)
    return Path(name)


def _retry(action: Callable[[], T], deadline: float) -> T:
    """Run ``action``, again and again while SQLite says "busy", until the deadline."""
    pause = 0.001
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            busy = failures.code(exc) in (failures.BUSY, failures.LOCKED)
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _close_quietly(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:
            pass


def _objects(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute(
        "SELECT name, type FROM sqlite_master WHERE substr(name, 1, 7) != 'sqlite_'"
    ).fetchall()
    return {r["name"]: r["type"] for r in rows}


def _columns(conn: sqlite3.Connection, table: str) -> frozenset[str]:
    rows = conn.execute("SELECT name FROM pragma_table_info(?)", (table,))
    return frozenset(r["name"] for r in rows)


def _added_since(version: int, table: str) -> frozenset[str]:
    """Columns of ``table`` that versions after ``version`` added (none for a new file)."""
    if version < 1:
        return frozenset()
    later = range(version + 1, SCHEMA_VERSION + 1)
    added = (ADDED_COLUMNS.get(v, {}).get(table, frozenset()) for v in later)
    return frozenset().union(*added)


def _shaped_like(found: frozenset[str], expected: frozenset[str], optional: frozenset[str]) -> bool:
    # Every expected column is there, except that ``optional`` ones may still be missing.
    return expected - optional <= found <= expected


@cache
def _schema_sql() -> str:
    return resources.files("toolkit.forum").joinpath("schema.sql").read_text("utf-8")


@cache
def _expected() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """The schema's objects and each table's columns, as this toolkit makes them (built once)."""
    ref = sqlite3.connect(":memory:")
    ref.row_factory = sqlite3.Row
    try:
        for statement in _statements(_schema_sql()):
            ref.execute(statement)
        objects = _objects(ref)
        columns = {name: _columns(ref, name) for name, kind in objects.items() if kind == "table"}
    finally:
        ref.close()
    return objects, columns


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
