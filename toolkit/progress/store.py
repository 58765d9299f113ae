"""The progress file: made and marked by progress, and never another program's file.

Every file progress makes carries ``PRAGMA application_id`` = :data:`APPLICATION_ID` and
``PRAGMA user_version`` = :data:`SCHEMA_VERSION`. Before SQLite opens a file, its 100-byte
header is read: a file without the mark is refused (left byte for byte as it was), except an
empty file (adopted) and a file from before the mark whose only table is exactly the progress
table (adopted and marked). SQLite never opens a refused file: opening can roll back its
journal or add ``-wal``/``-shm`` files beside it.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Literal

from toolkit.i18n import _
from toolkit.progress.errors import Unusable, not_ours, reason, shown

__all__ = ["APPLICATION_ID", "BUSY_TIMEOUT_S", "SCHEMA_VERSION", "ProgressFile"]

APPLICATION_ID = int.from_bytes(b"TKpg", "big")
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 3.0  # a check waits at most this long for a file another notebook is writing

_SCHEMA = (
    """CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    check_name TEXT NOT NULL,
    passed INTEGER NOT NULL,
    at TEXT NOT NULL,
    messages TEXT NOT NULL
)""",
    "CREATE INDEX attempts_by_check ON attempts (learner, check_name, id)",
)
# (name, declared type, notnull, pk) of each column, as PRAGMA table_info gives them.
_COLUMNS = [
    ("id", "INTEGER", 0, 1),
    ("learner", "TEXT", 1, 0),
    ("check_name", "TEXT", 1, 0),
    ("passed", "INTEGER", 1, 0),
    ("at", "TEXT", 1, 0),
    ("messages", "TEXT", 1, 0),
]
_OBJECTS = {("table", "attempts"), ("index", "attempts_by_check")}
_MAGIC = b"SQLite format 3\x00"

Kind = Literal["missing", "empty", "ours", "legacy"]


class ProgressFile:
    """Connections to one progress file; every refusal is an :class:`Unusable`."""

    def __init__(self, path: Path, *, make_folders: bool, timeout: float) -> None:
        self.path = path
        self.make_folders = make_folders
        self.timeout = timeout

    def kind(self) -> Kind:
        """What is at the path, from its header only; raises Unusable for anything not ours."""
        path, where = self.path, shown(self.path)
        try:
            info = path.stat()
        except FileNotFoundError:
            if not self.make_folders and not path.parent.is_dir():
                folder = shown(path.parent)
                raise Unusable(
                    _("the folder {folder} does not exist").format(folder=folder)
                ) from None
            return "missing"
        except OSError as exc:
            raise Unusable(reason(exc, path)) from None
        if stat.S_ISDIR(info.st_mode):
            raise Unusable(_("{path} is a folder, not a file").format(path=where))
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: reading could block forever
            raise Unusable(_("{path} is not a regular file").format(path=where))
        if info.st_size == 0:
            return "empty"
        try:
            with path.open("rb") as src:
                head = src.read(100)
        except OSError as exc:
            raise Unusable(reason(exc, path)) from None
        if len(head) < 100 or not head.startswith(_MAGIC):
            raise not_ours(path)
        version = int.from_bytes(head[60:64], "big", signed=True)
        app = int.from_bytes(head[68:72], "big", signed=True)
        if app == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                msg = _("{path} was made by a newer version of the toolkit").format(path=where)
                raise Unusable(msg)
            return "ours"
        # From before the mark: no application_id, no user_version, never WAL (bytes 18-19 = 1).
        if app == 0 and version == 0 and head[18:20] == b"\x01\x01":
            return "legacy"
        raise not_ours(path)

    def _read_only(self) -> sqlite3.Connection:
        uri = self.path.absolute().as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)

    @staticmethod
    def _has_progress_schema(conn: sqlite3.Connection) -> bool:
        objects = set(conn.execute("SELECT type, name FROM sqlite_master").fetchall())
        if ("table", "attempts") not in objects or not objects <= _OBJECTS:
            return False
        columns = conn.execute("PRAGMA table_info(attempts)").fetchall()
        return [(c[1], c[2].upper(), c[3], c[5]) for c in columns] == _COLUMNS

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """A read-only connection; None when nothing is saved yet. Changes nothing on disk."""
        kind = self.kind()
        if kind in ("missing", "empty"):
            yield None
            return
        with closing(self._read_only()) as conn:
            if kind == "legacy" and not self._has_progress_schema(conn):
                raise not_ours(self.path)
            yield conn

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on our file (made, or adopted and marked, when needed).

        All of it is saved, or (on any error) none of it.
        """
        kind = self.kind()
        if kind == "legacy":
            # Schema checked read-only first: a file that is not ours is never opened to write.
            with closing(self._read_only()) as probe:
                if not self._has_progress_schema(probe):
                    raise not_ours(self.path)
        if kind == "missing" and self.make_folders:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(
            sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        ) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._claim(conn)
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _claim(self, conn: sqlite3.Connection) -> None:
        # Inside the write lock, so a file created or swapped since kind() is checked again.
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        if app == APPLICATION_ID:
            return
        empty = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        if app != 0 or not (empty or self._has_progress_schema(conn)):
            raise not_ours(self.path)
        if empty:
            for statement in _SCHEMA:
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
