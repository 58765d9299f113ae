"""The course-wide pages: the outline (``index.html``) and the glossary, for each audience.

Read from each notebook's ``metadata["course"]`` header (:class:`format.LessonMeta`) as JSON:
no notebook library is imported, so the build's parent stays quick.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.course import site
from toolkit.course.config import Course, Document
from toolkit.course.files import atomic_write_text
from toolkit.course.format import AUDIENCES, LessonMeta
from toolkit.course.outputs import CARD_PACK, TRAINER_GUIDE
from toolkit.i18n import _

__all__ = ["notebook_header", "write_outline"]


def _notebook(path: Path) -> dict[str, Any]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return nb if isinstance(nb, dict) else {}


def notebook_header(path: Path) -> dict[str, Any]:
    """The raw ``metadata["course"]`` table of a notebook (empty when it has none)."""
    meta = _notebook(path).get("metadata", {})
    header = meta.get("course", {}) if isinstance(meta, dict) else {}
    return header if isinstance(header, dict) else {}


def _meta(doc: Document, headers: Mapping[str, Any] | None) -> LessonMeta:
    """The notebook's header: given (a translation's), or read from the file."""
    if headers is not None and doc.id in headers:
        return LessonMeta.read({"metadata": {"course": headers[doc.id]}})
    return LessonMeta.read(_notebook(doc.path))


def _untranslated(doc: Document, meta: LessonMeta, translated: bool) -> frozenset[str]:
    """The title and objectives of a translated edition still as the course's notebook has
    them (no translation yet); nothing in the course's own edition."""
    if not translated:
        return frozenset()
    source = LessonMeta.read(_notebook(doc.path))
    original = {source.title or doc.title, *source.objectives}
    return frozenset(t for t in (meta.title or doc.title, *meta.objectives) if t in original)


def _item(
    doc: Document,
    audience: str,
    pdf: bool,
    headers: Mapping[str, Any] | None = None,
    translated: bool = False,
) -> site.OutlineItem:
    meta = _meta(doc, headers)
    extra: list[site.Link] = []
    if pdf and audience == "learner":
        extra.append(site.Link(f"{doc.id}-handout.pdf", _("Printable handout (PDF)")))
        if doc.part == "lesson":
            extra.append(site.Link(f"{doc.id}-takehome.pdf", _("Take-home sheet (PDF)")))
    if pdf and audience == "trainer" and doc.trainer_only:
        # outputs.DOCUMENT_OUTPUTS: trainer/front/<id>.pdf, the page to copy for learners.
        extra.append(site.Link(f"front/{doc.id}.pdf", _("Printable copy for learners (PDF)")))
    extra.append(site.Link(f"{doc.id}.ipynb", _("Notebook")))
    return site.OutlineItem(
        href=f"{doc.id}.html",
        title=meta.title or doc.title,
        part=doc.part,
        minutes=meta.minutes or None,
        objectives=meta.objectives,
        extra=tuple(extra),
        untranslated=_untranslated(doc, meta, translated),
    )


def _glossary(
    present: Sequence[Document], headers: Mapping[str, Any] | None = None, translated: bool = False
) -> list[site.GlossaryEntry]:
    """Every lesson's new words; in a translated edition, those still in the course's own
    language are marked (terms and definitions each on their own)."""
    entries = []
    for d in (d for d in present if d.part == "lesson"):
        terms: set[str] = set()
        definitions: set[str] = set()
        if translated:
            source = LessonMeta.read(_notebook(d.path)).glossary
            terms, definitions = {t for t, _d in source}, {x for _t, x in source}
        link = site.Link(f"{d.id}.html", d.title)
        entries += [
            site.GlossaryEntry(term, text, link, term in terms, text in definitions)
            for term, text in _meta(d, headers).glossary
        ]
    return entries


def write_outline(
    course: Course,
    present: Sequence[Document],
    out: Path,
    *,
    pdf: bool,
    hub_links: bool = False,
    headers: Mapping[str, Any] | None = None,
    language: str | None = None,
    languages: Sequence[str] = (),
    linked: Sequence[str] | None = None,
) -> None:
    """Write each audience's ``index.html`` and ``glossary.html`` for the notebooks present;
    with ``hub_links`` (the build has made them) the learner index links the hub links page.
    ``headers``: each notebook's header by id (a translation's; default: read from the file);
    ``language`` the edition's (default: the course's), ``languages`` the course's and
    ``linked`` those of them the switcher links (default: all)."""
    from toolkit.course.languages import speaking

    edition = language or course.language
    # The pages' own words (headings, times, link names) in the edition's language.
    with speaking(None if edition == course.language else edition):
        _write_outline(course, present, out, pdf, hub_links, headers, edition, languages, linked)


def _write_outline(
    course: Course,
    present: Sequence[Document],
    out: Path,
    pdf: bool,
    hub_links: bool,
    headers: Mapping[str, Any] | None,
    language: str,
    languages: Sequence[str],
    linked: Sequence[str] | None,
) -> None:
    common: dict[str, Any] = {"course_title": course.title}
    common["language"] = language
    common["licence"] = course.licence
    common["languages"] = tuple(languages)
    common["linked"] = None if linked is None else tuple(linked)
    common["source"] = course.language
    translated = common["language"] != course.language
    glossary = _glossary(present, headers, translated)
    for audience in AUDIENCES:
        items = [
            _item(d, audience, pdf, headers, translated)
            for d in present
            if not (d.trainer_only and audience == "learner")
        ]
        downloads: tuple[site.Link, ...] = ()
        if hub_links and audience == "learner":  # hublinks.HUB_PAGE, beside this page
            downloads += (site.Link("hub-links.html", _("Open the lessons on the hub")),)
        downloads += (site.Link("glossary.html", _("Glossary: the new words in this course")),)
        if pdf and audience == "trainer" and (out / TRAINER_GUIDE).is_file():
            downloads += (site.Link("trainer-guide.pdf", _("Trainer guide, all lessons (PDF)")),)
        if pdf and audience == "trainer" and (out / CARD_PACK).is_file():
            downloads += (site.Link("card-pack.pdf", _("Card pack: cards to cut out (PDF)")),)
        page = site.index_page(items, audience=audience, extra=downloads, **common)
        atomic_write_text(out / audience / "index.html", page)
        atomic_write_text(
            out / audience / "glossary.html",
            site.glossary_page(glossary, audience=audience, **common),
        )
