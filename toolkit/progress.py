"""A learner's progress: every check result, saved on this computer (SQLite, no network).

    from toolkit import progress
    progress.card()                    # a progress card in the notebook
    progress.export_csv("me.csv")      # to hand in or keep
    progress.reset()                   # forget everything (e.g. on a shared computer)

Where it is saved, first match wins:

1. ``Progress(path)`` given explicitly;
2. the ``TOOLKIT_PROGRESS`` environment variable: a file path, or ``off`` to save nothing (the
   course build and the tests use ``off`` or a temporary file, so they never write into a home);
3. the user's data folder (``platformdirs`` when installed), else
   ``~/.local/share/digital-empowerment-toolkit/progress.sqlite``.

The checks call :func:`record` through this module's hook. Saving progress must never get in a
learner's way: if the file cannot be written, the result is simply not saved.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any, Protocol

from toolkit.i18n import _

__all__ = [
    "ENV",
    "Attempt",
    "Progress",
    "ProgressCard",
    "card",
    "default_path",
    "export_csv",
    "export_json",
    "record",
    "reset",
]

ENV = "TOOLKIT_PROGRESS"
APP = "digital-empowerment-toolkit"
FILENAME = "progress.sqlite"
_OFF = frozenset({"off", "0", "false", "no", "none"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    check_name TEXT NOT NULL,
    passed INTEGER NOT NULL,
    at TEXT NOT NULL,
    messages TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_check ON attempts (learner, check_name, id);
"""
_FIELDS = ("learner", "check", "passed", "at", "messages")


class Result(Protocol):
    """What :func:`record` needs from a result (``toolkit.checks.Feedback`` has it)."""

    check: str
    passed: bool
    good: list[str]
    missing: list[str]


@dataclass(frozen=True, slots=True)
class Attempt:
    learner: str
    check: str
    passed: bool
    at: datetime
    messages: tuple[str, ...]

    def to_row(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "check": self.check,
            "passed": self.passed,
            "at": self.at.isoformat(),
            "messages": list(self.messages),
        }


def default_path() -> Path | None:
    """Where progress is saved by default; None when ``TOOLKIT_PROGRESS=off``."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return None if env.casefold() in _OFF else Path(env).expanduser()
    try:
        from platformdirs import user_data_path  # noqa: PLC0415 - optional dependency
    except ImportError:
        return Path.home() / ".local" / "share" / APP / FILENAME
    return user_data_path(APP, appauthor=False) / FILENAME


def _now() -> datetime:
    return datetime.now(UTC)


class Progress:
    """Check results in one SQLite file (``path=None`` keeps nothing)."""

    def __init__(self, path: str | Path | None, *, clock: Callable[[], datetime] = _now) -> None:
        self.path = None if path is None else Path(path)
        self.clock = clock

    def __repr__(self) -> str:
        return f"<Progress {str(self.path) if self.path else 'off'}>"

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.executescript(_SCHEMA)
        return conn

    def record(self, result: Result, learner: str | None = None) -> bool:
        """Save one check result; True if saved. Never raises: saving must not stop a lesson."""
        if self.path is None:
            return False
        who = learner or getattr(result, "learner", None) or ""
        try:
            messages = [*result.missing, *result.good]
            row = (
                str(who),
                str(result.check),
                int(bool(result.passed)),
                self.clock().astimezone(UTC).isoformat(),
                json.dumps(messages, ensure_ascii=False),
            )
            with _closing(self._connect()) as conn, conn:
                conn.execute(
                    "INSERT INTO attempts (learner, check_name, passed, at, messages)"
                    " VALUES (?, ?, ?, ?, ?)",
                    row,
                )
        except (sqlite3.Error, OSError, TypeError, ValueError, AttributeError):
            return False
        return True

    def attempts(self, learner: str | None = None) -> list[Attempt]:
        """Every saved result, oldest first (only ``learner``'s when given)."""
        if self.path is None or not self.path.exists():
            return []
        where, args = ("WHERE learner = ?", (learner,)) if learner is not None else ("", ())
        with _closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT learner, check_name, passed, at, messages FROM attempts"
                f" {where} ORDER BY id",
                args,
            ).fetchall()
        return [
            Attempt(who, check, bool(ok), datetime.fromisoformat(at), tuple(json.loads(msgs)))
            for who, check, ok, at, msgs in rows
        ]

    def reset(self, learner: str | None = None) -> int:
        """Forget saved results (all, or one learner's); returns how many were removed."""
        if self.path is None or not self.path.exists():
            return 0
        where, args = ("WHERE learner = ?", (learner,)) if learner is not None else ("", ())
        with _closing(self._connect()) as conn, conn:
            return conn.execute(f"DELETE FROM attempts {where}", args).rowcount

    def card(self, learner: str | None = None) -> ProgressCard:
        """A card with one line per check: passed or not yet, attempts, first and last try."""
        return ProgressCard(self.attempts(learner), learner, enabled=self.enabled)

    def export_json(self, path: str | Path, learner: str | None = None) -> Path:
        """Write every attempt to a JSON file (a list of objects)."""
        path = Path(path)
        rows = [a.to_row() for a in self.attempts(learner)]
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path

    def export_csv(self, path: str | Path, learner: str | None = None) -> Path:
        """Write every attempt to a CSV file (messages joined with " | ")."""
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=_FIELDS)
            writer.writeheader()
            for attempt in self.attempts(learner):
                row = attempt.to_row()
                row["messages"] = " | ".join(row["messages"])
                writer.writerow(row)
        return path

    @staticmethod
    def read_csv(path: str | Path) -> list[dict[str, Any]]:
        """Rows written by :meth:`export_csv`, typed back (for checking a hand-in)."""
        with Path(path).open(newline="", encoding="utf-8") as src:
            rows = list(csv.DictReader(src))
        for row in rows:
            row["passed"] = row["passed"] == "True"
            row["messages"] = row["messages"].split(" | ") if row["messages"] else []
        return rows


class _closing:
    # sqlite3's own context manager commits but does not close; close so Windows can delete.
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


@dataclass(frozen=True)
class _Line:
    learner: str
    check: str
    attempts: int
    passed: bool
    ever_passed: bool
    first: datetime
    last: datetime


class ProgressCard:
    """One line per learner and check; shows itself as a card in a notebook."""

    def __init__(self, attempts: list[Attempt], learner: str | None, *, enabled: bool) -> None:
        self.learner = learner
        self.enabled = enabled
        lines: dict[tuple[str, str], _Line] = {}
        for a in attempts:
            old = lines.get((a.learner, a.check))
            lines[(a.learner, a.check)] = _Line(
                a.learner,
                a.check,
                1 if old is None else old.attempts + 1,
                a.passed,
                a.passed or (old is not None and old.ever_passed),
                a.at if old is None else old.first,
                a.at,
            )
        self.lines = list(lines.values())

    @property
    def done(self) -> int:
        return sum(1 for line in self.lines if line.ever_passed)

    def _summary(self) -> str:
        if not self.enabled:
            return _("Saving progress is turned off on this computer.")
        if not self.lines:
            return _("No checks yet. Do an exercise and run its check: your progress shows here.")
        return _("{done} of {total} checks passed.").format(done=self.done, total=len(self.lines))

    def _status(self, line: _Line) -> str:
        return _("✓ passed") if line.ever_passed else _("○ not yet")

    def __str__(self) -> str:
        out = [_("Your progress"), self._summary()]
        for line in self.lines:
            who = f"{line.learner}: " if self.learner is None and line.learner else ""
            out.append(
                _("{who}{check}: {status} ({n} tries, last {when})").format(
                    who=who,
                    check=line.check,
                    status=self._status(line),
                    n=line.attempts,
                    when=line.last.strftime("%Y-%m-%d %H:%M"),
                )
            )
        return "\n".join(out)

    def _repr_html_(self) -> str:
        label = escape(_("Your progress"))
        head = (
            f'<section class="toolkit-progress" role="region" aria-label="{label}"'
            ' dir="auto" style="border:2px solid #444;border-radius:6px;padding:0.6em 1em;'
            'max-width:42em;background:#fff;color:#111">'
            f'<h3 style="margin:0 0 0.3em 0">{escape(_("Your progress"))}</h3>'
            f"<p>{escape(self._summary())}</p>"
        )
        if not self.lines:
            return head + "</section>"
        cols = [_("Check"), _("Result"), _("Tries"), _("First try"), _("Last try")]
        if self.learner is None:
            cols.insert(0, _("Learner"))
        rows = []
        for line in self.lines:
            cells = [
                line.check,
                self._status(line),
                str(line.attempts),
                line.first.strftime("%Y-%m-%d %H:%M"),
                line.last.strftime("%Y-%m-%d %H:%M"),
            ]
            if self.learner is None:
                cells.insert(0, line.learner)
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        header = "".join(f'<th scope="col" style="text-align:left">{escape(c)}</th>' for c in cols)
        return (
            head
            + f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + "</section>"
        )


# ------------------------------------------------------------------------ module-level hook
def _default() -> Progress:
    # Read the environment each time: a notebook may set TOOLKIT_PROGRESS after importing.
    return Progress(default_path())


def record(result: Result, learner: str | None = None) -> bool:
    """Save one check result in the default place (the checks call this). Never raises."""
    try:
        store = _default()
    except Exception:  # noqa: BLE001 - e.g. no home folder: progress is optional
        return False
    return store.record(result, learner)


def card(learner: str | None = None) -> ProgressCard:
    """The progress card: everyone's on this computer, or one learner's (by forum handle)."""
    return _default().card(learner)


def reset(learner: str | None = None) -> int:
    """Forget saved progress (everyone's, or one learner's)."""
    return _default().reset(learner)


def export_csv(path: str | Path, learner: str | None = None) -> Path:
    return _default().export_csv(path, learner)


def export_json(path: str | Path, learner: str | None = None) -> Path:
    return _default().export_json(path, learner)
