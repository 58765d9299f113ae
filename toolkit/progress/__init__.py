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

Saving progress never gets in a learner's way: a place that cannot be used (a folder, a damaged
or read-only file, a missing folder, a file another program keeps locked) gives one plain
:class:`ProgressWarning` and an empty card, and :func:`record` never raises, so a check always
shows its feedback. Progress writes only into its own file (:mod:`toolkit.progress.store`); an
export that cannot be written raises :class:`ProgressError` and writes nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from toolkit.i18n import _
from toolkit.progress import export
from toolkit.progress.card import Attempt, ProgressCard
from toolkit.progress.errors import ProgressError, ProgressWarning, Unusable, sentence, warn
from toolkit.progress.store import APPLICATION_ID, BUSY_TIMEOUT_S, ProgressFile

__all__ = [
    "APPLICATION_ID",
    "ENV",
    "Attempt",
    "Progress",
    "ProgressCard",
    "ProgressError",
    "ProgressWarning",
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
# What reading or writing the file can raise; anything else is a bug and is not hidden.
_PROBLEMS = (Unusable, OSError, ValueError, TypeError, sqlite3.Error)


class Result(Protocol):
    """What :func:`record` needs from a result (``toolkit.checks.Feedback`` has it).

    A result may also have ``recorded()``: its messages as the file should keep them (a check
    that quotes her own risky words back to her leaves them out there). Without it, the file
    keeps ``missing`` then ``good``.
    """

    check: str
    passed: bool
    good: list[str]
    missing: list[str]


def default_path() -> Path | None:
    """Where progress is saved by default; None when ``TOOLKIT_PROGRESS=off``."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return None if env.casefold() in _OFF else Path(env).expanduser()
    try:
        from platformdirs import user_data_path  # optional dependency
    except ImportError:
        return Path.home() / ".local" / "share" / APP / FILENAME
    return user_data_path(APP, appauthor=False) / FILENAME


def _now() -> datetime:
    return datetime.now(UTC)


class Progress:
    """Check results in one SQLite file (``path=None`` keeps nothing).

    ``make_folders``: create missing folders on the way. Only the default place does: a typo in
    a chosen path is reported, not turned into new folders.
    """

    def __init__(
        self,
        path: str | Path | None,
        *,
        clock: Callable[[], datetime] = _now,
        make_folders: bool = False,
        timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = None if path is None else Path(path)
        self.clock = clock
        self.file = (
            None
            if self.path is None
            else ProgressFile(self.path, make_folders=make_folders, timeout=timeout)
        )

    def __repr__(self) -> str:
        return f"<Progress {str(self.path) if self.path else 'off'}>"

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def record(self, result: Result, learner: str | None = None) -> bool:
        """Save one check result; True if saved. Never raises: saving must not stop a lesson."""
        if self.file is None:
            return False
        try:
            who = learner or getattr(result, "learner", None) or ""
            # A check may quote her own risky words back to her; the file keeps them out.
            recorded = getattr(result, "recorded", None)
            messages = (
                [str(m) for m in recorded()]
                if callable(recorded)
                else [str(m) for m in (*result.missing, *result.good)]
            )
            row = (
                str(who),
                str(result.check),
                int(bool(result.passed)),
                self.clock().astimezone(UTC).isoformat(),
                json.dumps(messages, ensure_ascii=False),
            )
            with self.file.writing() as conn:
                conn.execute(
                    "INSERT INTO attempts (learner, check_name, passed, at, messages)"
                    " VALUES (?, ?, ?, ?, ?)",
                    row,
                )
        except Exception as exc:  # noqa: BLE001 - a check must show its feedback whatever happens
            try:
                template = _("Your progress could not be saved: {reason}.")
                warn(sentence(template, exc, self.file.path), once=True)
            except Exception:  # noqa: BLE001 - warnings made errors must not stop a check
                pass
            return False
        return True

    def _read(self, learner: str | None) -> tuple[list[Attempt], str | None]:
        """Every attempt, oldest first, and why the file could not be read (also warned)."""
        if self.file is None:
            return [], None
        where, args = ("WHERE learner = ?", (learner,)) if learner is not None else ("", ())
        try:
            with self.file.reading() as conn:
                if conn is None:
                    return [], None
                rows = conn.execute(
                    "SELECT learner, check_name, passed, at, messages FROM attempts"
                    f" {where} ORDER BY id",
                    args,
                ).fetchall()
            return [_attempt(*row) for row in rows], None
        except _PROBLEMS as exc:
            problem = sentence(_("Your progress could not be read: {reason}."), exc, self.file.path)
            warn(problem)
            return [], problem

    def attempts(self, learner: str | None = None) -> list[Attempt]:
        """Every saved result, oldest first (only ``learner``'s when given)."""
        return self._read(learner)[0]

    def reset(self, learner: str | None = None) -> int:
        """Forget saved results (all, or one learner's); returns how many were removed."""
        if self.file is None:
            return 0
        where, args = ("WHERE learner = ?", (learner,)) if learner is not None else ("", ())
        try:
            if self.file.kind() in ("missing", "empty"):
                return 0  # nothing saved: do not make a file only to empty it
            with self.file.writing() as conn:
                return int(conn.execute(f"DELETE FROM attempts {where}", args).rowcount)
        except _PROBLEMS as exc:
            warn(sentence(_("Your progress was not reset: {reason}."), exc, self.file.path))
            return 0

    def card(self, learner: str | None = None) -> ProgressCard:
        """A card with one line per check: passed or not yet, attempts, first and last try."""
        attempts, problem = self._read(learner)
        return ProgressCard(attempts, learner, enabled=self.enabled, problem=problem)

    def export_json(self, path: str | Path, learner: str | None = None) -> Path:
        """Write every attempt to a JSON file (a list of objects); raises ProgressError."""
        where = export.target(path, ".json", self.path)
        export.write_atomically(where, export.as_json(self.attempts(learner)))
        return where

    def export_csv(self, path: str | Path, learner: str | None = None) -> Path:
        """Write every attempt to a CSV file (messages joined with " | "); raises ProgressError."""
        where = export.target(path, ".csv", self.path)
        export.write_atomically(where, export.as_csv(self.attempts(learner)))
        return where

    @staticmethod
    def read_csv(path: str | Path) -> list[dict[str, Any]]:
        """Rows written by :meth:`export_csv`, typed back (for checking a hand-in)."""
        return export.read_csv(path)


def _attempt(who: object, check: object, ok: object, at: object, msgs: object) -> Attempt:
    # A row typed back; a damaged row raises ValueError or TypeError (the file is then damaged).
    messages = json.loads(str(msgs))
    if not isinstance(messages, list):
        msg = "messages are not a list"
        raise TypeError(msg)
    when = datetime.fromisoformat(str(at))
    return Attempt(str(who), str(check), bool(ok), when, tuple(map(str, messages)))


# ------------------------------------------------------------------------ module-level hook
def _default() -> Progress:
    # Read the environment each time: a notebook may set TOOLKIT_PROGRESS after importing.
    try:
        path = default_path()
    except (RuntimeError, OSError, KeyError) as exc:  # e.g. no home folder to save in
        template = _("Your progress cannot be saved: {reason}.")
        no_place = Unusable(_("no place was found for it ({detail})").format(detail=exc))
        warn(sentence(template, no_place, Path()), once=True)
        return Progress(None)
    # Only the default place (the user's data folder) is ours to create.
    return Progress(path, make_folders=not os.environ.get(ENV, "").strip())


def record(result: Result, learner: str | None = None) -> bool:
    """Save one check result in the default place (the checks call this). Never raises."""
    try:
        return _default().record(result, learner)
    except Exception:  # noqa: BLE001 - e.g. warnings made errors: progress is optional
        return False


def card(learner: str | None = None) -> ProgressCard:
    """The progress card: everyone's on this computer, or one learner's (by forum handle)."""
    return _default().card(learner)


def reset(learner: str | None = None) -> int:
    """Forget saved progress (everyone's, or one learner's)."""
    return _default().reset(learner)


def export_csv(path: str | Path, learner: str | None = None) -> Path:
    """Write the saved progress to a CSV file; raises ProgressError if it cannot be written."""
    return _default().export_csv(path, learner)


def export_json(path: str | Path, learner: str | None = None) -> Path:
    """Write the saved progress to a JSON file; raises ProgressError if it cannot be written."""
    return _default().export_json(path, learner)
