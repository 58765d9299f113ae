"""What the learner mode may serve, and the app copy it serves instead of the original.

Only learner editions: a notebook or folder is refused (nothing is copied) when it is

- inside the course's sources (``lessons/``, ``exercises/`` or any folder ``course.toml``
  takes notebooks from): those hold the answers;
- or any notebook in it holds a cell tagged ``solution`` or ``trainer`` (a trainer's copy,
  e.g. ``_build/trainer/``).

The app copy lives in a private folder (so a notebook added later is never served, and Voilà
never writes beside the learner's files). Each copy leaves out cells tagged ``app-skip`` (text
for learners who code, "run the cell below"), drops old outputs (Voilà runs every cell again),
and is named by its title ("04 Exercise – Your first post") for the list of exercises, which
keeps the order of the original file names.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from toolkit.course import cells
from toolkit.i18n import _
from toolkit.learn.errors import LearnerModeError

__all__ = ["APP_SKIP", "AppWorkspace", "find_notebooks", "prepare_workspace"]

APP_SKIP = cells.APP_SKIP
ANSWER_TAGS = frozenset({cells.SOLUTION, cells.TRAINER})
SOURCE_FOLDERS = ("lessons", "exercises")
# The built site's pages and handouts: the app needs none of them.
SITE_SUFFIXES = frozenset({".html", ".pdf", ".css"})
_SKIP_DIRS = frozenset({".ipynb_checkpoints", "__pycache__"})
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_MAX_NAME = 80
_SHOWN = 3  # refused notebooks named in one message
_ORDER_EPOCH = 1_000_000_000


@dataclass(frozen=True)
class AppWorkspace:
    """The private folder Voilà serves: ``root`` holds the app copies."""

    root: Path
    notebooks: tuple[Path, ...]  # relative to root, in the order of the originals
    single: bool  # a notebook was named (Voilà shows it at "/"), not a folder

    @property
    def entry(self) -> Path:
        """What to give Voilà: the one notebook, or the folder."""
        return self.root / self.notebooks[0] if self.single else self.root


def _course_root(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / "course.toml").is_file():
            return folder
    return None


def _source_folders(root: Path) -> set[Path]:
    """Folders the course takes its source notebooks from (answers live there)."""
    folders = {(root / name).resolve() for name in SOURCE_FOLDERS}
    try:
        from toolkit.course.config import load_course

        course = load_course(root / "course.toml")
    except Exception:  # noqa: BLE001 - a broken course.toml still leaves lessons/ refused
        return folders
    for entry in course.lessons:
        folders.add(entry.lesson.parent)
        if entry.exercise is not None:
            folders.add(entry.exercise.parent)
    folders.update(front.path.parent for front in course.front_matter)
    # The course root itself is a source folder only when notebooks sit right there.
    return folders


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_not_source(target: Path, shown: str) -> None:
    root = _course_root(target if target.is_dir() else target.parent)
    if root is None:
        return
    for folder in sorted(_source_folders(root)):
        # A folder that holds the sources (the course itself) is refused like the sources.
        if _inside(target, folder) or (target.is_dir() and _inside(folder, target)):
            raise LearnerModeError(
                _(
                    "{path} is the course's source ({folder}/), which holds the answers: the "
                    "learner mode never opens it. Learners open the learner edition instead: "
                    "run 'make build', then 'python -m toolkit.learn' (it opens _build/learner/)."
                ).format(path=shown, folder=folder.name)
            )


def find_notebooks(folder: Path) -> Iterator[Path]:
    """Notebooks under ``folder`` in course order, leaving out hidden folders and symlinks.

    Sorted by stem: "04-first-post" comes before "04-first-post-exercise" ("." > "-").
    """
    for path in sorted(folder.iterdir(), key=lambda p: (p.stem, p.name)):
        if path.name.startswith(".") or path.name in _SKIP_DIRS or path.is_symlink():
            continue
        if path.is_dir():
            yield from find_notebooks(path)
        elif path.suffix == ".ipynb":
            yield path


def _read(path: Path, shown: str) -> Any:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same plain answer
        message = _("{path} cannot be read as a notebook ({error}). Rebuild it with 'make build'.")
        raise LearnerModeError(message.format(path=shown, error=type(exc).__name__)) from None


def holds_answers(nb: Any) -> bool:
    """True when any cell is an answer or a trainer note (a learner edition has none)."""
    return any(cells.tags(cell) & ANSWER_TAGS for cell in nb.cells)


def app_name(nb: Any, stem: str) -> str:
    """The copy's file name (no suffix): "04 Exercise – Your first post" from its title."""
    course = nb.metadata.get("course")
    title = course.get("title") if isinstance(course, dict) else None
    if not isinstance(title, str) or not title.strip():
        return stem
    number = re.match(r"\d+", stem)
    name = title.strip().replace(": ", " – ")
    if number:
        name = f"{number.group(0)} {name}"
    name = re.sub(r" {2,}", " ", _UNSAFE_NAME.sub(" ", name)).strip(" .")[:_MAX_NAME].strip(" .")
    return name or stem


def app_copy(nb: Any) -> Any:
    """The notebook as the app shows it: no ``app-skip`` cells, no old outputs, a page title."""
    nb = nbformat.from_dict(nb)  # a deep copy
    nb.cells = [cell for cell in nb.cells if not cells.is_app_skip(cell)]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    course = nb.metadata.get("course")
    if isinstance(course, dict) and isinstance(course.get("title"), str):
        nb.metadata["title"] = course["title"]
    return nb


def _refuse_answers(refused: list[str]) -> LearnerModeError:
    names = ", ".join(refused[:_SHOWN])
    more = len(refused) - _SHOWN
    if more > 0:
        names += " " + _("and {n} more").format(n=more)
    return LearnerModeError(
        _(
            "{names}: holds answers or trainer notes (cells tagged 'solution' or 'trainer'), so "
            "it is a trainer's copy, and the learner mode never opens it. Learners open the "
            "learner edition: _build/learner/ after 'make build'."
        ).format(names=names)
    )


def _copy_files(source: Path, dest: Path, recursive: bool) -> None:
    """Images and other files the notebooks may read (not notebooks, site pages or handouts)."""
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or path.name in _SKIP_DIRS or path.is_symlink():
            continue
        if path.is_dir():
            if recursive:
                _copy_files(path, dest / path.name, recursive)
        elif path.suffix != ".ipynb" and path.suffix.lower() not in SITE_SUFFIXES:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / path.name)


def prepare_workspace(target: str | Path, dest: str | Path) -> AppWorkspace:
    """Check ``target`` (a learner notebook or folder) and write its app copy under ``dest``.

    Raises :class:`LearnerModeError` before writing anything when it may not be served.
    """
    shown = str(target)
    path = Path(target).expanduser()
    if not path.exists():
        raise LearnerModeError(
            _(
                "{path} does not exist. Name a learner notebook or folder, for example "
                "_build/learner (made by 'make build')."
            ).format(path=shown)
        )
    path = path.resolve()
    if path.is_file() and path.suffix != ".ipynb":
        raise LearnerModeError(
            _(
                "{path} is not a notebook (.ipynb). Name a learner notebook or a folder of them."
            ).format(path=shown)
        )
    _check_not_source(path, shown)
    single = path.is_file()
    originals = [path] if single else list(find_notebooks(path))
    if not originals:
        raise LearnerModeError(
            _(
                "{path} holds no notebooks. Build the course first ('make build') or name a "
                "folder of learner notebooks."
            ).format(path=shown)
        )
    base = path.parent if single else path
    notebooks, refused = [], []
    for original in originals:
        relative = original.relative_to(base)
        nb = _read(original, str(relative))
        if holds_answers(nb):
            refused.append(str(relative))
        notebooks.append((relative, nb))
    if refused:
        raise _refuse_answers(refused)

    root = Path(dest)
    root.mkdir(parents=True, exist_ok=False)
    _copy_files(base, root, recursive=not single)
    written: list[Path] = []
    taken: set[Path] = set()
    for relative, nb in notebooks:
        name = app_name(nb, relative.stem)
        out = relative.parent / f"{name}.ipynb"
        n = 2
        while out in taken:
            out = relative.parent / f"{name} ({n}).ipynb"
            n += 1
        taken.add(out)
        (root / out).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(app_copy(nb), root / out)
        # The list of exercises sorts by time: one second apart keeps the course's order
        # (01-welcome, 01-welcome-exercise, ...) whatever the titles.
        stamp = _ORDER_EPOCH + len(written)
        os.utime(root / out, (stamp, stamp))
        written.append(out)
    return AppWorkspace(root=root, notebooks=tuple(written), single=single)
