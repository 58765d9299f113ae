"""Content-addressed cache of executed notebooks.

The key of an execution is the sha256 of the notebook source bytes, the parameters (sorted JSON),
the toolkit's own source (every ``toolkit/**/*.py``) and the versions of the packages that execute
or render notebooks. An unchanged lesson is therefore never executed twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course.files import atomic_write_text

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "DEPENDENCIES",
    "ExecutionCache",
    "dependency_versions",
    "execution_key",
    "hash_parts",
    "toolkit_fingerprint",
]

DEPENDENCIES = (
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "ipywidgets",
    "typst",
)
TOOLKIT_DIR = Path(__file__).resolve().parent.parent
_KEY = re.compile(r"[0-9a-f]{64}")
_PREFIX = re.compile(r"[0-9a-f]{2}")


def hash_parts(parts: Iterable[str | bytes]) -> str:
    """sha256 over length-prefixed parts (so ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@cache
def toolkit_fingerprint(root: Path = TOOLKIT_DIR) -> str:
    """Hash of every ``*.py`` file of the toolkit package (paths and contents)."""
    parts: list[str | bytes] = []
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return hash_parts(parts)


@cache
def dependency_versions() -> tuple[tuple[str, str], ...]:
    """Installed versions of the packages that execute and render notebooks."""
    out = []
    for name in DEPENDENCIES:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name, "-"))
    return tuple(out)


def execution_key(source: bytes, params: Mapping[str, Any]) -> str:
    """The cache key of executing notebook ``source`` with ``params``."""
    return hash_parts(
        [
            b"execute-v1",
            source,
            json.dumps(dict(params), sort_keys=True, default=str),
            toolkit_fingerprint(),
            json.dumps(dependency_versions()),
        ]
    )


class ExecutionCache:
    """Executed notebooks stored as ``<dir>/<key[:2]>/<key>.ipynb`` (written atomically).

    Keys are sha256 hex digests; the cache reads and writes only inside its own folder (a
    sub-folder that is a link to elsewhere makes the entry a miss, never a write through it).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            msg = f"cache key {key[:70]!r} is not a sha256 hex digest"
            raise ValueError(msg)
        return self.directory / key[:2] / f"{key}.ipynb"

    def _inside(self, key: str) -> Path | None:
        """The entry's path when its folder really is inside the cache folder."""
        path = self.path(key)
        try:
            if path.parent.resolve().parent != self.directory.resolve():
                return None
        except (OSError, RuntimeError):
            return None
        return path

    def get(self, key: str) -> nbformat.NotebookNode | None:
        """The executed notebook for ``key``, or ``None`` (also when the entry is unreadable)."""
        path = self._inside(key)
        if path is None or path.is_symlink() or not path.is_file():
            return None
        import nbformat  # keep a no-op build free of heavy imports

        try:
            return nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a failure
            return None

    def put(self, key: str, nb: nbformat.NotebookNode) -> None:
        """Store ``nb`` (skipped when the entry's folder is a link out of the cache)."""
        import nbformat

        path = self._inside(key)
        if path is not None:
            atomic_write_text(path, nbformat.writes(nb))

    def own_files(self) -> list[str]:
        """The cache's entries, relative to its folder (what ``--clean`` may delete)."""
        if not self.directory.is_dir() or self.directory.is_symlink():
            return []
        return sorted(
            f"{sub.name}/{entry.name}"
            for sub in self.directory.iterdir()
            if _PREFIX.fullmatch(sub.name) and sub.is_dir() and not sub.is_symlink()
            for entry in sub.iterdir()
            if entry.suffix == ".ipynb"
            and _KEY.fullmatch(entry.stem)
            and entry.stem[:2] == sub.name
        )
