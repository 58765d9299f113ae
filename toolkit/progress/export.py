"""Exports a learner hands in or keeps (CSV, JSON), written so that nothing is half-written.

Progress sits below the course layer, so it has its own small atomic write rather than
``toolkit.course.files``. Every refusal is a :class:`ProgressError` raised before anything is
written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
from contextlib import suppress
from pathlib import Path
from typing import Any

from toolkit.i18n import _
from toolkit.progress.card import Attempt
from toolkit.progress.errors import ProgressError, shown

__all__ = ["FIELDS", "as_csv", "as_json", "read_csv", "target", "write_atomically"]

FIELDS = ("learner", "check", "passed", "at", "messages")


def target(path: str | Path, suffix: str, store: Path | None) -> Path:
    """Where to export, checked first: the right suffix, a file in a folder that exists.

    The suffix rule means a typo cannot replace a notebook or the progress file itself.
    """
    if not isinstance(path, (str, os.PathLike)) or "\0" in os.fspath(path):
        msg = _("Nothing was exported: give a file name in quotation marks, such as {example}.")
        raise ProgressError(msg.format(example=f'"progress{suffix}"'))
    where = Path(path).expanduser()
    text = shown(where)
    if where.is_dir():
        msg = _(
            "Nothing was exported: {path} is a folder. "
            "Give a file name inside it, such as {example}."
        ).format(path=text, example=shown(where / f"progress{suffix}"))
        raise ProgressError(msg)
    if where.suffix.casefold() != suffix:
        msg = _(
            "Nothing was exported: {path} does not end in {suffix}. "
            "Give a file name such as progress{suffix}, so no other file is replaced."
        ).format(path=text, suffix=suffix)
        raise ProgressError(msg)
    if not where.parent.is_dir():
        msg = _(
            "Nothing was exported: the folder {folder} does not exist. "
            "Create it first, or choose another folder."
        ).format(folder=shown(where.parent))
        raise ProgressError(msg)
    if store is not None and _same_file(where, store):
        msg = _(
            "Nothing was exported: {path} is where your progress is saved. "
            "Choose another file name."
        ).format(path=text)
        raise ProgressError(msg)
    return where


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def as_json(attempts: list[Attempt]) -> str:
    rows = [a.to_row() for a in attempts]
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def as_csv(attempts: list[Attempt]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for attempt in attempts:
        row = attempt.to_row()
        row["messages"] = " | ".join(row["messages"])
        writer.writerow(row)
    return out.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write next to ``path``, then rename over it: a failure leaves no half-written file.

    ``os.open(..., 0o666)`` lets the user's umask decide the permissions, as for any file she
    saves (``mkstemp`` would make it private, 0600).
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        msg = _(
            "Nothing was exported: {path} could not be written ({detail}). "
            "Choose a folder you can write to, such as your home folder."
        ).format(path=shown(path), detail=exc.strerror or type(exc).__name__)
        raise ProgressError(msg) from None


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    """Rows written by ``export_csv``, typed back (for checking a hand-in)."""
    try:
        with Path(path).open(newline="", encoding="utf-8") as src:
            reader = csv.DictReader(src)
            rows: list[dict[str, Any]] = list(reader)
        if tuple(reader.fieldnames or ()) != FIELDS:
            raise KeyError(FIELDS)  # another CSV file, not an export
        for row in rows:
            row["passed"] = row["passed"] == "True"
            row["messages"] = row["messages"].split(" | ") if row["messages"] else []
    except (OSError, UnicodeDecodeError, csv.Error, KeyError, AttributeError) as exc:
        msg = _(
            "{path} could not be read as a progress export ({detail}). "
            "Ask for the file that progress.export_csv made."
        ).format(path=shown(Path(path)), detail=type(exc).__name__)
        raise ProgressError(msg) from None
    return rows
