"""The course list: ``course.toml`` read into typed, frozen dataclasses.

[course]
title = "Digital Empowerment: Speaking Up Online"
licence = "CC BY-SA 4.0"
language = "en"                  # the language the notebooks are written in
languages = ["en", "fr", "ar"]   # optional: the editions to build (default: language only)

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
from typing import Any, NoReturn

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
    # Every edition the build makes, the source language first (``locale/<lang>/`` holds the
    # catalogues of the others); default: the source language alone.
    languages: tuple[str, ...] = ()

    @property
    def editions(self) -> tuple[str, ...]:
        """The languages to build, the source language first."""
        return self.languages or (self.language,)

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


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# The settings each table knows; anything else is a typo or belongs elsewhere.
_KEYS = {
    "": {"course", "lessons", "front_matter"},
    "course": {"title", "licence", "license", "language", "languages"},
    "lessons": {"id", "title", "lesson", "exercise"},
    "front_matter": {"id", "path", "title"},
}
_HINTS = {
    "minutes": "timing lives in each notebook's metadata (course.minutes), not in course.toml",
    "objectives": "objectives live in each notebook's metadata, not in course.toml",
    "exercises": "the key is 'exercise' (one notebook per lesson)",
    "lesson": "each lesson is a [[lessons]] table (with an s)",
    "front-matter": "the table is [[front_matter]] (with an underscore)",
}
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY_LINE = re.compile(r"^\s*[\"']?([A-Za-z0-9_-]+)[\"']?\s*=")


def _kind(value: object) -> str:
    """What a TOML value is, in a trainer's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "empty text" if not value.strip() else "text"
    return f"a date or time ({value})"


def _key_lines(text: str) -> dict[tuple[str, int, str], int]:
    """Where each key is written: ``(table, n-th table of that name, key) -> line number``."""
    counts: dict[str, int] = {}
    table, index = "", 0
    lines: dict[tuple[str, int, str], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(2)
            counts[table] = counts.get(table, 0) + 1
            index = counts[table]
            lines.setdefault(("", 0, table), number)
            lines.setdefault((table, index, ""), number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            lines.setdefault((table, index, key.group(1)), number)
    return lines


class _Reader:
    """Checks one parsed course.toml; every complaint names the line and the fix."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.root = path.parent  # notebook paths are relative to course.toml
        self.lines = _key_lines(text)
        self.seen: set[str] = set()  # ids so far: front matter and lessons share one space

    def fail(self, where: tuple[str, int, str], problem: str, fix: str) -> NoReturn:
        table, index, key = where
        line = self.lines.get(where) or self.lines.get((table, index, ""))
        at = f"{self.path.name} line {line}" if line else self.path.name
        msg = f"{at}: {problem}. Fix: {fix}"
        raise CourseConfigError(msg)

    def known_keys(self, data: dict[str, Any], table: str, index: int, label: str) -> None:
        for key in data:
            if key not in _KEYS[table]:
                known = ", ".join(sorted(_KEYS[table] - {"license"}))
                hint = _HINTS.get(key, f"check the spelling; {label} knows {known}")
                self.fail((table, index, key), f"{label} has an unknown setting {key!r}", hint)

    def text(
        self, data: dict[str, Any], key: str, where: tuple[str, int], label: str, *, required: bool
    ) -> str | None:
        """``data[key]`` as non-empty text (``None`` when optional and absent)."""
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            got = "it is missing" if value is None else f"it is {_kind(value)}"
            self.fail(
                (*where, key),
                f"{label} needs {key!r} as text in quotes, but {got}",
                f'write {key} = "..." in that table',
            )
        return value

    def tables(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        """``[[name]]`` tables (an absent list is empty)."""
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            got = _kind(value) if not isinstance(value, list) else "a list of other values"
            self.fail(
                ("", 0, name),
                f"{name!r} must be a list of [[{name}]] tables, but it is {got}",
                f"write each entry as its own [[{name}]] table (see docs/AUTHORING.md)",
            )
        return value

    def check_id(self, ident: str, where: tuple[str, int], label: str) -> str:
        """``ident``, when it is a valid id not used before."""
        if not _ID.match(ident):
            self.fail(
                (*where, "id"),
                f"{label} id {ident[:60]!r} is not a valid id",
                "use lower-case letters, digits and '-', e.g. id = \"01-welcome\"",
            )
        if ident in self.seen:
            self.fail(
                (*where, "id"),
                f"id {ident!r} is listed twice",
                "give each entry its own id",
            )
        self.seen.add(ident)
        return ident

    def notebook(self, value: str, where: tuple[str, int, str], label: str) -> Path:
        """The notebook ``value`` names (relative to course.toml), when it exists."""
        try:
            p = (self.root / value).resolve()
            found = p.is_file()
        except (OSError, RuntimeError, ValueError):
            p, found = Path(value), False
        if p.suffix != ".ipynb":
            self.fail(where, f"{label} path {value[:60]!r} is not a notebook", "name a .ipynb file")
        if not found:
            self.fail(
                where,
                f"{label} lists {value[:60]!r}, which does not exist",
                "create it or fix the path (relative to course.toml)",
            )
        return p


def _read_text(path: Path) -> tuple[Path, str]:
    """The file's text (a folder means the course.toml inside it)."""
    if path.is_dir():
        path = path / "course.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        msg = f"{path} not found: create it (see docs/AUTHORING.md) or pass --course PATH"
        raise CourseConfigError(msg) from None
    except OSError as exc:
        msg = f"{path} cannot be read ({exc.strerror}); check its permissions or pass --course"
        raise CourseConfigError(msg) from None
    try:
        return path, raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = (
            f"{path.name} line {line} is not UTF-8 text. Fix: save the file as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8)"
        )
        raise CourseConfigError(msg) from None


def _parse(path: str | Path) -> tuple[_Reader, dict[str, Any]]:
    """The checker and the parsed TOML of the course list at ``path`` (a file or its folder)."""
    try:
        path = Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        msg = f"--course {str(path)[:60]!r}: cannot use that path ({exc}); pass a course.toml"
        raise CourseConfigError(msg) from None
    path, text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path} is not valid TOML ({exc}); fix the syntax"
        raise CourseConfigError(msg) from None
    check = _Reader(path, text)
    check.known_keys(data, "", 0, "course.toml")
    return check, data


def _course_table(check: _Reader, data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("course")
    if not isinstance(meta, dict):
        got = "missing" if meta is None else _kind(meta)
        check.fail(
            ("", 0, "course"),
            f"the [course] table is {got}",
            'start the file with a [course] table holding at least title = "..."',
        )
    check.known_keys(meta, "course", 1, "[course]")
    return meta


def _front_matter(check: _Reader, data: dict[str, Any]) -> list[FrontMatter]:
    front: list[FrontMatter] = []
    for i, item in enumerate(check.tables(data, "front_matter"), start=1):
        where, label = ("front_matter", i), f"[[front_matter]] #{i}"
        check.known_keys(item, "front_matter", i, label)
        path = check.text(item, "path", where, label, required=True) or ""
        p = check.notebook(path, (*where, "path"), label)
        ident = check.text(item, "id", where, label, required=False) or p.stem
        title = check.text(item, "title", where, label, required=False) or ""
        front.append(FrontMatter(check.check_id(ident, where, label), p, title))
    return front


def _lessons(check: _Reader, data: dict[str, Any]) -> list[LessonEntry]:
    lessons: list[LessonEntry] = []
    for i, item in enumerate(check.tables(data, "lessons"), start=1):
        where, label = ("lessons", i), f"[[lessons]] #{i}"
        check.known_keys(item, "lessons", i, label)
        ident = check.text(item, "id", where, label, required=True) or ""
        ident = check.check_id(ident, where, label)
        label = f"lesson {ident!r}"
        exercise = check.text(item, "exercise", where, label, required=False)
        lesson = check.text(item, "lesson", where, label, required=True) or ""
        lessons.append(
            LessonEntry(
                id=ident,
                title=check.text(item, "title", where, label, required=True) or "",
                lesson=check.notebook(lesson, (*where, "lesson"), label),
                exercise=check.notebook(exercise, (*where, "exercise"), label)
                if exercise
                else None,
            )
        )
    return lessons


def _languages(check: _Reader, meta: dict[str, Any], source: str) -> tuple[str, ...]:
    """``[course] languages``: codes, no repeats, the source language first (added if left out)."""
    listed = meta.get("languages", [source])
    where = ("course", 1, "languages")
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        got = _kind(listed) if not isinstance(listed, list) else "a list of other values"
        check.fail(where, f"[course] languages must be a list of codes, but it is {got}",
                   'write for example languages = ["en", "fr", "ar"]')  # fmt: skip
    for code in listed:
        if not _LANGUAGE.match(code):
            check.fail(where, f"[course] languages lists {code[:60]!r}, not a language code",
                       'use codes such as "en", "fr", "ar" or "pt-BR"')  # fmt: skip
    return tuple(dict.fromkeys([source, *listed]))


def load_course(path: str | Path) -> Course:
    """Read ``course.toml``; raise :class:`CourseConfigError` naming the line and the fix."""
    check, data = _parse(path)
    meta = _course_table(check, data)
    front = _front_matter(check, data)
    lessons = _lessons(check, data)
    course_at = ("course", 1)
    licence_key = "licence" if "licence" in meta or "license" not in meta else "license"
    licence = check.text(meta, licence_key, course_at, "[course]", required=False)
    language = check.text(meta, "language", course_at, "[course]", required=False) or "en"
    if not _LANGUAGE.match(language):
        check.fail(
            (*course_at, "language"),
            f"[course] language {language[:60]!r} is not a language code",
            'use a code such as language = "en", "fr" or "pt-BR"',
        )
    return Course(
        languages=_languages(check, meta, language),
        title=check.text(meta, "title", course_at, "[course]", required=True) or "",
        root=check.root,
        licence=licence or "CC BY-SA 4.0",
        language=language,
        lessons=tuple(lessons),
        front_matter=tuple(front),
    )
