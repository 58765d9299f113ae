"""The course in other languages: what each edition reads, where it goes, how pages link.

    editions(course, asked)              the languages to build (``--lang``), checked
    edition_dir(course, lang)            "" for the course's own language, else "<lang>/"
    course_title(course, lang)           the course's title in ``lang`` (locale/<lang>/course.po)
    translated_source(doc, lang)         a notebook translated by its catalogue (l10n), its
                                         title, and the catalogue's fingerprint (for the keys)
    linked_languages(course, out, building)  the editions the switcher may link: those this
                                         build makes, and those already on disk beside it
    switcher(lang, languages, audience, page)  links to the same page in the other editions
    speaking(lang)                       the toolkit's own words in ``lang`` meanwhile

The course's own language is built at the top of the output folder (``learner/``,
``trainer/``); every other one is a whole build of its own under ``<out>/<lang>/``
(:func:`toolkit.course.build.build_editions`), from the notebooks translated where the build
reads them, so the keys and the cache follow the catalogues.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError

from toolkit.course.cache import hash_parts
from toolkit.course.config import Course, Document
from toolkit.course.errors import CourseError
from toolkit.i18n import LOCALE_DIR, _, base_language
from toolkit.i18n import direction as i18n_direction

if TYPE_CHECKING:
    from toolkit.course.l10n import Coverage

__all__ = [
    "Translated",
    "course_title",
    "direction",
    "edition_dir",
    "editions",
    "language_name",
    "linked_languages",
    "speaking",
    "switcher",
    "translated_source",
]

OUTLINE = "learner/index.html"  # every build of an edition writes it (outline.write_outline)


def direction(lang: str) -> str:
    """``rtl`` for a right-to-left language, else ``ltr`` (Babel's CLDR data)."""
    return i18n_direction(lang)


def language_name(lang: str) -> str:
    """The language's own name for itself, as a reader finds hers in a list ("Français",
    "العربية"); the code when CLDR does not know it."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def editions(course: Course, asked: Sequence[str] = ()) -> list[str]:
    """The languages to build, in course order: ``asked`` (codes, or comma lists), else every
    language ``course.toml`` lists. Raises :class:`CourseError` for one it does not list."""
    listed = list(course.editions)
    wanted = [code.strip() for item in asked for code in item.split(",") if code.strip()]
    unknown = [code for code in wanted if code not in listed]
    if unknown:
        msg = _(
            "--lang {unknown}: course.toml lists only {listed}. Add the language to [course] "
            "languages, or build one of those."
        ).format(unknown=", ".join(unknown), listed=", ".join(listed))
        raise CourseError(msg)
    return [code for code in listed if code in wanted] if wanted else listed


def edition_dir(course: Course, lang: str) -> str:
    """Where an edition sits in the output folder: the top for the course's own language."""
    return "" if lang == course.language else f"{lang}/"


def course_title(course: Course, lang: str) -> str:
    """The course's title in ``lang``; as course.toml gives it when not translated (yet)."""
    if lang == course.language:
        return course.title
    from toolkit.course.l10n.apply import lookup
    from toolkit.course.l10n.catalogs import load_course_catalog

    return lookup(load_course_catalog(lang, course.root), course.title)[0] or course.title


@dataclass(frozen=True)
class Translated:
    """One notebook in one language: its JSON, its title and what its translation read."""

    source: bytes
    title: str
    fingerprint: str  # the catalogue's entries and the toolkit's own catalogue
    coverage: Coverage | None


def _fingerprint(catalog: Any, lang: str) -> str:
    """A hash of every entry (text, translation, fuzzy) and the toolkit's messages in ``lang``:
    a quiz string or a toolkit message changes what the kernel prints, not the notebook."""
    parts: list[str | bytes] = [lang]
    for message in catalog or ():
        parts.append(json.dumps([str(message.id), str(message.string), message.fuzzy]))
    mo = LOCALE_DIR / base_language(lang) / "LC_MESSAGES" / "toolkit.mo"
    parts.append(mo.read_bytes() if mo.is_file() else b"")
    return hash_parts(parts)


def _title(doc: Document, catalog: Any, lookup: Any, lang: str) -> str:
    """The title course.toml gives, translated when the notebook's catalogue has it (for an
    exercise, its lesson's title from the lesson's catalogue when its own has not)."""
    if doc.part == "exercise" and doc.title.endswith(": exercises"):
        base = doc.title.removesuffix(": exercises")
        found = lookup(catalog, base)[0]
        if found is None:
            from toolkit.course import l10n

            lesson = doc.path.parent.parent / "lessons" / doc.path.name
            found = lookup(l10n.load(lang, lesson), base)[0] if lesson.is_file() else None
        return _("{title}: exercises").format(title=found or base)
    return lookup(catalog, doc.title)[0] or doc.title


def translated_source(doc: Document, lang: str) -> Translated:
    """``doc`` translated into ``lang`` by its catalogue (``locale/<lang>/...``); English where
    there is no translation yet, marked ``lang="en"`` (:func:`toolkit.course.l10n.translate`)."""
    import nbformat

    from toolkit.course import l10n
    from toolkit.course.l10n.apply import lookup

    raw = doc.path.read_bytes()
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except (ValueError, UnicodeDecodeError):  # lint names the problem in the worker
        return Translated(raw, doc.title, hash_parts([lang]), None)
    catalog = l10n.load(lang, doc.path)
    translated, coverage = l10n.translate(nb, catalog, lang)
    with speaking(lang):
        title = _title(doc, catalog, lookup, lang)
    source = nbformat.writes(translated).encode("utf-8")
    return Translated(source, title, _fingerprint(catalog, lang), coverage)


def linked_languages(course: Course, out: str | Path, building: Collection[str]) -> tuple[str, ...]:
    """The editions a page's language switcher links (``()``: no switcher), in course order:
    those this build makes (``building``) and those an earlier build left in ``out`` (the
    course's own build folder), so no page links to an edition that is not there."""
    if len(course.editions) < 2:
        return ()
    root = Path(out)
    present = [
        code
        for code in course.editions
        # Its outline: the top manifest.json is there for the others' sake too.
        if code in building or (root / edition_dir(course, code) / OUTLINE).is_file()
    ]
    return tuple(present) if len(present) > 1 else ()


def switcher(
    lang: str,
    languages: Sequence[str],
    audience: str,
    page: str,
    linked: Sequence[str] | None = None,
) -> list[dict[str, str]]:
    """Links from one page to the same page in the other editions: ``href`` (relative),
    ``lang``, ``dir`` and ``name``. ``languages`` are the course's, its own first; a page of
    the first sits at ``<audience>/<page>``, of the others at ``<lang>/<audience>/<page>``.
    ``linked`` (default: all of them) are the editions that are there
    (:func:`linked_languages`): no link leads to one that is not."""
    shown = [code for code in languages if linked is None or code in linked]
    if len(languages) < 2 or not page:
        return []
    source = languages[0]
    up = "../" if lang == source else "../../"
    return [
        {
            "href": f"{up}{'' if other == source else other + '/'}{audience}/{page}",
            "lang": other,
            "dir": direction(other),
            "name": language_name(other),
        }
        for other in shown
        if other != lang
    ]


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """The toolkit's messages (``_()``) in ``lang`` meanwhile; ``None`` changes nothing."""
    from toolkit.i18n import language, set_language

    if lang is None:
        yield
        return
    before = language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)
