"""The course list: ``course.toml`` read into typed, frozen dataclasses.

[course]
title = "Digital Empowerment: Speaking Up Online"
licence = "CC BY-SA 4.0"
language = "en"

[[front_matter]]                 # optional, trainer-facing (personas, agreement, attendance)
path = "lessons/00-personas.ipynb"

[[lessons]]
id = "01-welcome"
title = "Welcome, safe space, a first look"
lesson = "lessons/01-welcome.ipynb"
exercise = "exercises/01-welcome.ipynb"   # optional
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.course.errors import CourseConfigError

__all__ = ["Course", "Document", "FrontMatter", "LessonEntry", "load_course"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class LessonEntry:
    """One lesson of the course: its notebook and optional exercise notebook."""

    id: str
    title: str
    lesson: Path
    exercise: Path | None = None


@dataclass(frozen=True)
class FrontMatter:
    """A trainer-facing notebook printed before the lessons (personas, agreement, attendance)."""

    id: str
    path: Path
    title: str = ""


@dataclass(frozen=True)
class Document:
    """One notebook the build turns into outputs.

    ``id`` names its output files; ``lesson`` is the lesson id it belongs to (manifest contract);
    ``part`` is ``"lesson"``, ``"exercise"`` or ``"front-matter"``.
    """

    id: str
    lesson: str
    part: str
    title: str
    path: Path

    @property
    def trainer_only(self) -> bool:
        return self.part == "front-matter"


@dataclass(frozen=True)
class Course:
    """The whole course as listed in ``course.toml`` (paths are absolute)."""

    title: str
    root: Path
    licence: str = "CC BY-SA 4.0"
    language: str = "en"
    lessons: tuple[LessonEntry, ...] = ()
    front_matter: tuple[FrontMatter, ...] = ()

    def documents(self) -> list[Document]:
        """Every notebook in reading order: front matter, then each lesson and its exercise."""
        docs = [
            Document(f.id, f.id, "front-matter", f.title or f.id, f.path) for f in self.front_matter
        ]
        for entry in self.lessons:
            docs.append(Document(entry.id, entry.id, "lesson", entry.title, entry.lesson))
            if entry.exercise is not None:
                docs.append(
                    Document(
                        f"{entry.id}-exercise",
                        entry.id,
                        "exercise",
                        f"{entry.title}: exercises",
                        entry.exercise,
                    )
                )
        return docs

    def lesson_ids(self) -> list[str]:
        return [entry.id for entry in self.lessons]


def _str(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        msg = f"course.toml: {where} needs a non-empty text value for {key!r} (got {value!r})"
        raise CourseConfigError(msg)
    return value


def load_course(path: str | Path) -> Course:
    """Read ``course.toml``; raise :class:`CourseConfigError` naming the entry to fix."""
    path = Path(path).resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        msg = f"{path} not found: create it (see docs/AUTHORING.md) or pass --course PATH"
        raise CourseConfigError(msg) from None
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path} is not valid TOML ({exc}); fix the syntax"
        raise CourseConfigError(msg) from None
    root = path.parent
    meta = data.get("course")
    if not isinstance(meta, dict):
        msg = f'{path}: add a [course] table with at least title = "..."'
        raise CourseConfigError(msg)

    seen: set[str] = set()

    def check_id(ident: str, where: str) -> str:
        if not _ID.match(ident):
            msg = f"course.toml: {where} id {ident!r} must be lower-case letters, digits and '-'"
            raise CourseConfigError(msg)
        if ident in seen:
            msg = f"course.toml: id {ident!r} is listed twice; give each entry its own id"
            raise CourseConfigError(msg)
        seen.add(ident)
        return ident

    def notebook(value: str, where: str) -> Path:
        p = (root / value).resolve()
        if p.suffix != ".ipynb":
            msg = f"course.toml: {where} path {value!r} must be a .ipynb notebook"
            raise CourseConfigError(msg)
        if not p.is_file():
            msg = (
                f"course.toml: {where} lists {value!r}, which does not exist; "
                "create it or fix the path"
            )
            raise CourseConfigError(msg)
        return p

    front: list[FrontMatter] = []
    for i, item in enumerate(data.get("front_matter", []) or []):
        where = f"[[front_matter]] #{i + 1}"
        p = notebook(_str(item, "path", where), where)
        ident = check_id(item.get("id", p.stem), where)
        front.append(FrontMatter(ident, p, item.get("title", "")))

    lessons: list[LessonEntry] = []
    for i, item in enumerate(data.get("lessons", []) or []):
        where = f"[[lessons]] #{i + 1}"
        ident = check_id(_str(item, "id", where), where)
        where = f"lesson {ident!r}"
        exercise = item.get("exercise")
        lessons.append(
            LessonEntry(
                id=ident,
                title=_str(item, "title", where),
                lesson=notebook(_str(item, "lesson", where), where),
                exercise=notebook(exercise, where) if exercise else None,
            )
        )
    return Course(
        title=_str(meta, "title", "[course]"),
        root=root,
        licence=str(meta.get("licence", meta.get("license", "CC BY-SA 4.0"))),
        language=str(meta.get("language", "en")),
        lessons=tuple(lessons),
        front_matter=tuple(front),
    )
