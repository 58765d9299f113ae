"""Atomic file writes: a killed build never leaves a half-written file behind.

Outputs are shared (a trainer copies the site to a web server or a USB stick), so they are
created like any other file: mode ``0o666`` and folders ``0o777``, less the user's umask
(``0644``/``0755`` under the usual umask 022; ``0600`` under 077).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text", "make_marked_folder", "remove_quietly"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TRIES = 20


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new file ``.<name>.<random>.tmp`` in ``folder``, mode 0o666 less the umask.

    ``tempfile.mkstemp`` would make it 0600 whatever the umask; opening it ourselves with
    ``O_EXCL`` is as safe (never an existing file or link) and lets the kernel apply the umask.
    """
    for _ in range(_TRIES):
        tmp = folder / f".{name[:200]}.{secrets.token_hex(6)}.tmp"  # within NAME_MAX
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    msg = f"could not create a temporary file next to {folder / name}"
    raise FileExistsError(msg)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, then ``os.replace`` it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # 0o777 less the umask
    fd, tmp = _create_temp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # the data is on disk before the name points at it
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_quietly(path: str | Path) -> None:
    """Delete a file if it exists."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def make_marked_folder(path: Path, marker: str, text: str) -> None:
    """Create ``path`` (and missing parents) holding the ``marker`` file that says what made it.

    On an OSError every folder this call created is removed again (deepest first; ``rmdir``
    only ever removes an empty folder) before the error is re-raised.
    """
    made = [p for p in (path, *path.parents) if not p.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not (path / marker).is_file():
            atomic_write_text(path / marker, text)
    except OSError:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
