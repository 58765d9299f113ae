"""The output folder: the build only ever writes into, and deletes from, a folder it made.

Every output folder gets a marker file (:data:`MARKER`). Before a build or ``--clean``,
:func:`prepare_output` refuses (and changes nothing) when ``--out`` is

- an existing file, ``/``, the home folder or a folder that contains it;
- a folder that holds ``course.toml`` or a listed lesson (the course itself);
- a folder that already holds things and no marker (someone's own files).

``--clean`` then removes only what the build lists as its own (:func:`clean_output`); a
trainer's own file inside the output folder stays. Every path read from a state file is
checked with :func:`confined` first: a path that leaves the folder (``..``, absolute, or
through a symbolic link) is ignored, never followed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from toolkit.course.errors import OutputFolderError
from toolkit.course.files import make_marked_folder

__all__ = [
    "BUILD_NAMES",
    "MARKER",
    "clean_output",
    "confined",
    "discard_if_unused",
    "prepare_output",
]

MARKER = ".toolkit-build"
MARKER_TEXT = (
    "This folder was made by build_course.py (the digital-safety course toolkit).\n"
    "It holds generated files only: learner and trainer pages, notebooks, PDFs.\n"
    "`build_course.py --clean` deletes the files it lists as its own (manifest.json,\n"
    ".state.json, .cache/) and keeps anything else you put here.\n"
)
# Names the build makes at the top of its folder: a folder holding only these, with its
# manifest.json or .state.json, and no marker is a build from before the marker: adopted.
BUILD_NAMES = frozenset(
    {"learner", "trainer", "certificates", ".cache", "manifest.json", ".state.json", MARKER}
)
# Leftovers of an interrupted atomic write (files.atomic_write_bytes, certificate writes).
_TEMP = re.compile(r"^\..+\.tmp$")
_SHOWN = 5  # names shown when refusing a folder that holds other files
_NAME_MAX, _PATH_MAX = 255, 1024  # bytes; the smallest of Linux, macOS and BSD limits


def confined(out: Path, rel: object) -> Path | None:
    """``out / rel`` when ``rel`` is a relative path that stays inside ``out``, else ``None``.

    ``out`` must be resolved. The parent folders are resolved (symbolic links followed) and
    must stay inside ``out``; the last part is not followed, so deleting it removes at most a
    link inside the folder, never the file it points to.
    """
    if not isinstance(rel, str) or not rel or "\x00" in rel or "\\" in rel:
        return None
    try:  # a lone surrogate cannot be a file name: os calls would raise, not answer
        encoded = os.fsencode(rel)
    except UnicodeError:
        return None
    # Longer than the system allows: every os call on it fails (ENAMETOOLONG), so it cannot be
    # a file the build made; refused here rather than failing the whole build later.
    if len(encoded) > _PATH_MAX or any(len(p) > _NAME_MAX for p in encoded.split(b"/")):
        return None
    parts = PurePosixPath(rel).parts
    if PurePosixPath(rel).is_absolute() or ".." in parts or not parts or parts == (".",):
        return None
    target = out.joinpath(*parts)
    try:
        parent = target.parent.resolve()
    except (OSError, RuntimeError):  # a symlink loop or an unreadable folder
        return None
    if parent != out and out not in parent.parents:
        return None
    return parent / target.name


def _contains(folder: Path, path: Path) -> bool:
    return path == folder or folder in path.parents


def _show(path: str | Path) -> str:
    text = str(path)
    return text if len(text) <= 60 else text[:57] + "..."


def prepare_output(out: str | Path, *, protected: Iterable[Path] = ()) -> Path:
    """Check ``out`` is safe to build into, create it with its marker; return it resolved.

    ``protected`` are the course's own files (course.toml, lesson notebooks): ``out`` must not
    hold any of them. Raises :class:`OutputFolderError` (nothing changed) when it is unsafe.
    """
    given = _show(out) or "''"
    try:
        path = Path(out).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        msg = f"--out {given}: cannot use that path ({exc}). Choose a folder such as _build."
        raise OutputFolderError(msg) from None
    _refuse_special(path, given, protected)
    if path.is_dir() and not (path / MARKER).is_file():
        _refuse_others_files(path, given)
    for name in ("learner", "trainer", "certificates", ".cache"):
        sub = path / name
        if sub.is_symlink() or (sub.exists() and not sub.is_dir()):
            msg = (
                f"--out {given}: {name} there is a link or a file, not a folder of the "
                "build's; nothing was changed. Remove it or build into a new folder."
            )
            raise OutputFolderError(msg)
    try:
        make_marked_folder(path, MARKER, MARKER_TEXT)  # undoes the folders it made on failure
    except OSError as exc:
        msg = f"--out {given}: cannot write there ({exc.strerror}). Choose a folder you can write."
        raise OutputFolderError(msg) from None
    return path


def _refuse_special(path: Path, given: str, protected: Iterable[Path]) -> None:
    """A file, the top of the disk, the home folder, or a folder holding the course itself."""
    if path.exists() and not path.is_dir():
        msg = (
            f"--out {given} is a file, not a folder; nothing was changed. "
            "Choose a folder name for the outputs, e.g. --out _build."
        )
        raise OutputFolderError(msg)
    try:
        home: Path | None = Path.home().resolve()
    except (OSError, RuntimeError):  # no home folder known: nothing to compare with
        home = None
    if path == Path(path.anchor) or (home is not None and _contains(path, home)):
        what = "the top of the disk" if path == Path(path.anchor) else "your home folder"
        msg = (
            f"--out {given} is {what}; the build never writes into or cleans it. "
            "Choose a folder of its own, e.g. --out _build."
        )
        raise OutputFolderError(msg)
    for own in protected:
        own = own.resolve()
        if _contains(path, own):
            what = "course.toml and the lessons" if own.is_dir() else f"the lesson {own.name}"
            msg = (
                f"--out {given} holds the course itself ({_show(what)}); the build never "
                "writes into or cleans it. Choose a folder of its own, e.g. --out _build."
            )
            raise OutputFolderError(msg)


def _refuse_others_files(path: Path, given: str) -> None:
    """An existing folder without the marker: only a build from before the marker is adopted."""
    names = sorted(p.name for p in path.iterdir())
    # Adopted only with the files a build leaves: a bare learner/ may be someone's own.
    earlier = (path / ".state.json").is_file() or (path / "manifest.json").is_file()
    # A build killed mid-write (also by an earlier version) leaves .<name>.<random>.tmp.
    others = [n for n in names if not earlier or (n not in BUILD_NAMES and not _TEMP.match(n))]
    if not others:
        return
    outer = next((p for p in path.parents if (p / MARKER).is_file()), None)
    if outer is not None:
        msg = (
            f"--out {given} is a folder inside the build folder {_show(outer)}; nothing "
            f"was changed. Use --out {_show(outer)} itself."
        )
        raise OutputFolderError(msg)
    shown = ", ".join(_show(n) for n in others[:_SHOWN])
    more = f" and {len(others) - _SHOWN} more" if len(others) > _SHOWN else ""
    msg = (
        f"--out {given} already holds files the build did not make ({shown}{more}); "
        "nothing was changed. Build into a new or empty folder, e.g. --out _build."
    )
    raise OutputFolderError(msg)


def clean_output(out: Path, listed: Iterable[str], folders: Iterable[str]) -> list[str]:
    """Delete what the build made in ``out``; return the names of the other files it kept.

    ``out`` must have passed :func:`prepare_output`. ``listed`` are output paths the build's
    state files name (each checked with :func:`confined`); ``folders`` are the build's own
    folders (relative), whose leftover temporary files go too, then every folder left empty.
    """
    for rel in listed:
        target = confined(out, rel)
        if target is not None and (target.is_symlink() or target.is_file()):
            target.unlink(missing_ok=True)
    own = [f for f in (confined(out, rel) for rel in folders) if f is not None]
    for folder in own:
        if folder.is_dir() and not folder.is_symlink():
            for item in folder.iterdir():
                if _TEMP.match(item.name) and (item.is_symlink() or item.is_file()):
                    item.unlink(missing_ok=True)
    # Deepest first, so a folder emptied above is removed too; rmdir never removes a file.
    for folder in sorted(own, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty: the trainer's own files stay
            folder.rmdir()
    kept = []
    for top, dirs, files in os.walk(out):  # never follows a link to a folder
        here = Path(top).relative_to(out)
        kept += [(here / name).as_posix() for name in files if name != MARKER]
        kept += [(here / name).as_posix() for name in dirs if Path(top, name).is_symlink()]
    return sorted(kept)


def discard_if_unused(out: Path) -> None:
    """Undo :func:`prepare_output` for a run that was then refused: remove ``out`` (resolved)
    when it holds nothing but the marker and empty build folders. Call it only for a folder
    that did not exist before the run."""
    try:
        inside = sorted(out.iterdir())
        if not (out / MARKER).is_file() or any(
            p.name != MARKER and (p.is_symlink() or not p.is_dir() or any(p.iterdir()))
            for p in inside
        ):
            return
        for p in inside:
            if p.name == MARKER:
                p.unlink()
            else:
                p.rmdir()
        out.rmdir()
    except OSError:  # someone else is writing there: leave it
        return
