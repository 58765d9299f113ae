"""One gettext catalogue per notebook per language, kept up to date with Babel.

``locale/templates/<group>/<stem>.pot`` holds a notebook's English units (and its quiz bank's);
``locale/<lang>/<group>/<stem>.po`` their translations. Groups: ``lessons``, ``exercises``,
``front``; ``locale/<lang>/course.po`` translates course.toml's own words (the course title,
printed on every page). :func:`update` rewrites the templates and merges each language with
``Catalog.update``: new units are added, a changed one is matched to its old entry and marked
fuzzy (keeping the old translation to review), a removed one is kept as obsolete (``#~``).

Writing is deterministic: entries in notebook order, a fixed width, and the dates of the file
already there kept while its content is the same, so an unchanged notebook gives a
byte-identical file and git shows only real changes.
"""

from __future__ import annotations

import datetime
import io
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import nbformat
from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from toolkit.course.config import Course, Document, load_course
from toolkit.course.errors import CourseError
from toolkit.course.l10n.units import units
from toolkit.i18n import _

__all__ = [
    "CatalogError",
    "Entry",
    "catalog_path",
    "course_catalog_path",
    "course_template",
    "entries",
    "languages",
    "load",
    "load_course_catalog",
    "quiz_bank_path",
    "read",
    "template",
    "update",
]

SOURCE_LANGUAGE = "en"
GROUPS = {"lesson": "lessons", "exercise": "exercises", "front-matter": "front"}
WIDTH = 76
# The first version of a file gets this date: no clock, so a fresh clone makes the same bytes.
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class CatalogError(CourseError):
    """A translation catalogue cannot be read or the language list is wrong."""


@dataclass(frozen=True)
class Entry:
    """A notebook of the course and where its catalogues live."""

    document: Document
    group: str
    stem: str
    bank: Path


def languages(root: Path) -> list[str]:
    """The languages ``course.toml`` lists besides English (``[course] languages``)."""
    data = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))
    listed = data.get("course", {}).get("languages", [SOURCE_LANGUAGE])
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        msg = _(
            "course.toml: [course] languages must be a list of language codes. "
            'Fix: write for example languages = ["en", "fr", "ar"].'
        )
        raise CatalogError(msg)
    return [lang for lang in listed if lang != SOURCE_LANGUAGE]


def quiz_bank_path(root: Path, document_id: str) -> Path:
    """The quiz bank a notebook loads its questions from: ``toolkit/quizzes/<id>.toml``."""
    return root / "toolkit" / "quizzes" / f"{document_id}.toml"


def entries(course: Course) -> list[Entry]:
    """Every lesson, exercise and front-matter notebook of the course, in course order."""
    return [
        Entry(doc, GROUPS[doc.part], doc.path.stem, quiz_bank_path(course.root, doc.id))
        for doc in course.documents()
    ]


def catalog_path(locale_dir: Path, lang: str | None, group: str, stem: str) -> Path:
    """``<locale>/<lang>/<group>/<stem>.po``, or the template when ``lang`` is None."""
    if lang is None:
        return locale_dir / "templates" / group / f"{stem}.pot"
    return locale_dir / lang / group / f"{stem}.po"


def course_catalog_path(locale_dir: Path, lang: str | None) -> Path:
    """``<locale>/<lang>/course.po``, or the template ``<locale>/templates/course.pot``."""
    return locale_dir / (lang or "templates") / ("course.po" if lang else "course.pot")


def course_template(course: Course, *, creation_date: datetime.datetime = FIXED_DATE) -> Catalog:
    """course.toml's own words: the course title. (Lesson titles are in their notebooks'.)"""
    catalog = Catalog(
        locale=None,
        project=course.title,
        version="course",
        creation_date=creation_date,
        fuzzy=False,
        header_comment=(
            "# course.toml: the course's own words.\n"
            "# The title prints on every page, handout, take-home sheet and certificate."
        ),
    )
    catalog.add(course.title, locations=[("course.toml", None)])  # type: ignore[list-item]
    return catalog


def template(
    path: Path,
    bank: Path | None = None,
    *,
    project: str = "",
    creation_date: datetime.datetime = FIXED_DATE,
) -> Catalog:
    """The template of one notebook: a msgid per unit, where it sits as location comments.

    Two units with the same English share one entry (like Sphinx); no msgctxt is needed.
    """
    nb = nbformat.read(path, as_version=4)
    title = str(nb.metadata.get("course", {}).get("title", path.stem))
    catalog = Catalog(
        locale=None,
        project=project or title,
        version=path.stem,
        creation_date=creation_date,
        fuzzy=False,
        header_comment=(
            f"# {path.parent.name}/{path.name}: {title}\n"
            "# One entry per Markdown block, metadata string and quiz string.\n"
            "# Keep the Markdown marks (**, `, [..](..)) and a table row's | pipes."
        ),
    )
    for unit in units(nb, bank):
        # Babel writes a location without a line number as the bare name (metadata.title).
        catalog.add(unit.text, locations=[(unit.where, unit.line)])  # type: ignore[list-item]
    return catalog


def _render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # No "#| msgid" lines: Babel cannot read them back, so a second run would drop them.
    write_po(out, catalog, width=WIDTH, include_previous=False, ignore_obsolete=False)
    return out.getvalue()


def read(path: Path, lang: str | None = None) -> Catalog:
    """A .po or .pot file, or a plain :class:`CatalogError` naming the file and the line."""
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, abort_invalid=True)
    except PoFileError as error:
        msg = _(
            "{file}, line {line}: this translation file is broken ({problem}). Fix: open it in "
            "Poedit or a text editor, mend that line (every msgid and msgstr is in double "
            'quotes, a quote inside is \\"), then run the command again.'
        ).format(file=path, line=error.lineno, problem=error)
        raise CatalogError(msg) from error
    except (UnknownLocaleError, ValueError) as error:
        msg = _("{file}: this translation file cannot be read ({problem}). Fix: {fix}").format(
            file=path, problem=error, fix=_("check its Language header and its encoding (UTF-8).")
        )
        raise CatalogError(msg) from error


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _template_file(build: Callable[[datetime.datetime], Catalog], pot: Path) -> Catalog:
    """Write the template ``build`` makes; keep the old creation date while it is the same."""
    old = read(pot) if pot.is_file() else None
    date = FIXED_DATE
    if old is not None and isinstance(old.creation_date, datetime.datetime):
        date = old.creation_date
    fresh = build(date)
    if old is not None and _render(fresh) != pot.read_bytes():
        now = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
        fresh.creation_date = now
    _write_if_changed(pot, _render(fresh))
    return fresh


def merge(pot: Catalog, po: Path, lang: str) -> Catalog:
    """The language's catalogue brought up to date with the template (not written)."""
    if po.is_file():
        catalog = read(po, lang)
    else:
        catalog = Catalog(
            locale=lang,
            project=pot.project,
            version=pot.version,
            creation_date=pot.creation_date,
            fuzzy=False,
            header_comment=pot.header_comment,
        )
    catalog.update(pot)
    # An entry back in the notebook is live again with its old translation (as msgmerge does).
    for key in [key for key in catalog.obsolete if key in catalog]:
        old = catalog.obsolete.pop(key)
        if not catalog[key].string:
            catalog[key].string = old.string
    return catalog


def update(lang: str | None = None, root: Path | None = None) -> list[Path]:
    """Extract every notebook of ``root/course.toml`` and update its catalogues.

    ``lang``: one language (default: every language course.toml lists). Returns the files
    written (an unchanged file is not rewritten)."""
    root = (root or Path.cwd()).resolve()
    course = load_course(root / "course.toml")
    langs = [lang] if lang else languages(root)
    locale_dir = root / "locale"
    written: list[Path] = []
    files: list[tuple[Path, Callable[[datetime.datetime], Catalog], Callable[[str], Path]]] = [
        (
            catalog_path(locale_dir, None, entry.group, entry.stem),
            partial(_notebook_template, entry, course.title),
            partial(catalog_path, locale_dir, group=entry.group, stem=entry.stem),
        )
        for entry in entries(course)
    ]
    files.append(
        (
            course_catalog_path(locale_dir, None),
            partial(_course_template, course),
            partial(course_catalog_path, locale_dir),
        )
    )
    for pot_path, build, po_for in files:
        before = pot_path.read_bytes() if pot_path.is_file() else None
        pot = _template_file(build, pot_path)
        if pot_path.read_bytes() != before:
            written.append(pot_path)
        for code in langs:
            po_path = po_for(code)
            if _write_if_changed(po_path, _render(merge(pot, po_path, code))):
                written.append(po_path)
    return written


def _notebook_template(entry: Entry, project: str, date: datetime.datetime) -> Catalog:
    return template(entry.document.path, entry.bank, project=project, creation_date=date)


def _course_template(course: Course, date: datetime.datetime) -> Catalog:
    return course_template(course, creation_date=date)


def load_course_catalog(lang: str, root: Path) -> Catalog | None:
    """``root/locale/<lang>/course.po`` (None when there is none yet)."""
    path = course_catalog_path(Path(root) / "locale", lang)
    return read(path, lang) if path.is_file() else None


def load(lang: str, nb_path: Path, locale_dir: Path | None = None) -> Catalog | None:
    """The catalogue of one notebook in ``lang`` (None when there is none yet).

    The group follows the notebook's folder (``exercises``, ``front``, else ``lessons``);
    ``locale_dir`` defaults to ``locale/`` beside the course.toml above the notebook."""
    nb_path = Path(nb_path).resolve()
    folder = nb_path.parent.name
    group = folder if folder in ("exercises", "front") else "lessons"
    if locale_dir is None:
        root = next((p for p in nb_path.parents if (p / "course.toml").is_file()), nb_path.parent)
        locale_dir = root / "locale"
    path = catalog_path(locale_dir, lang, group, nb_path.stem)
    return read(path, lang) if path.is_file() else None
