"""Printed handouts (PDF) for course lessons, typeset with Typst - no browser, no LaTeX.

    render_handout(nb, audience="learner")   one lesson, learner or trainer variant
    render_trainer_guide(nbs)                  every lesson with notes and answers, one PDF
    render_takehome(nb)                        a take-home sheet per lesson (1-2 pages, 11 pt)
    render_card_pack(blocks)                   the cut-out cards of every card activity
    HandoutExporter                            ``jupyter nbconvert --to handout lesson.ipynb``

:mod:`toolkit.course.handout_data` turns the notebook into plain JSON (text stays text; Markdown
becomes escaped Typst markup) and ``templates/handout.typ`` lays it out.
Images go through :mod:`toolkit.course.images` first: one Typst cannot read becomes a
placeholder, and Typst only ever reads checked copies in a private folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default, validate

from toolkit.course import guide
from toolkit.course.cards import CardBlock, card_data, collect
from toolkit.course.errors import HandoutError
from toolkit.course.fonts import MONO_FAMILIES, compile_pdf, font_families, text_scale
from toolkit.course.format import AUDIENCES, PAPERS, LessonMeta, typst_paper
from toolkit.course.handout_data import lesson_data
from toolkit.course.images import HandoutImages
from toolkit.course.languages import direction, speaking
from toolkit.course.print_words import words
from toolkit.i18n import _, base_language

__all__ = [
    "AUDIENCES",
    "PAPERS",
    "HandoutExporter",
    "course_minutes",
    "render_card_pack",
    "render_handout",
    "render_takehome",
    "render_trainer_guide",
]

DEFAULT_COURSE_TITLE = "Digital Empowerment"
TAKEHOME_PAGES = 2  # a take-home sheet is one sheet of paper, printed on both sides
# What a take-home sheet may leave out, in this order, when it does not fit.
_TAKEHOME_TRIES = (
    {"exercises": True, "glossary": True},
    {"exercises": True, "glossary": False},
    {"exercises": False, "glossary": False},
)
# Typst writes one page object per page, uncompressed: "/Type/Page" (not "/Pages").
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


@dataclass(frozen=True)
class _Setup:
    """What every page of one PDF shares: who it is for, the paper and the course's title."""

    audience: str
    paper: str  # Typst's name for it ("a4", "us-letter")
    course_title: str


@cache
def _template() -> str:
    """handout.typ with the card library (cards.typ) in its place."""
    folder = importlib_resources.files("toolkit.course").joinpath("templates")
    handout = folder.joinpath("handout.typ").read_text(encoding="utf-8")
    cards = folder.joinpath("cards.typ").read_text(encoding="utf-8")
    return handout.replace("// @cards.typ@", cards, 1)


def page_count(pdf: bytes) -> int:
    """How many pages a PDF Typst wrote has."""
    return len(_PAGE_OBJECT.findall(pdf))


def _check(audience: str, paper: str, course_title: str) -> _Setup:
    if audience not in AUDIENCES:
        msg = f"audience must be one of {AUDIENCES}, not {audience!r}"
        raise HandoutError(msg)
    name = typst_paper(paper)
    if name is None:
        msg = f"paper must be one of {sorted(PAPERS)}, not {paper!r}"
        raise HandoutError(msg)
    return _Setup(audience, name, course_title)


def _lang(nb: Mapping[str, Any]) -> str:
    lang = (nb.get("metadata") or {}).get("language") or LessonMeta.read(nb).lang or "en"
    return base_language(str(lang))


def _document(
    mode: str, setup: _Setup, doc_title: str, lang: str, lessons: list[dict[str, Any]]
) -> dict[str, Any]:
    """The data the Typst template reads (``handout``, ``guide`` or ``takehome`` mode)."""
    fonts = list(font_families())
    return {
        "mode": mode,
        "audience": setup.audience,
        "paper": setup.paper,
        "course_title": setup.course_title,
        "doc_title": doc_title,
        "lang": lang,
        "dir": direction(lang),
        "fonts": fonts,
        "text_scale": text_scale(lang),
        "mono": [*MONO_FAMILIES, *fonts],
        "lessons": lessons,
        "front": [],
        "total_minutes": None,
        "cards": [],
        "takehome_parts": _TAKEHOME_TRIES[0],
        # The fixed words, in the document's language whatever the process speaks.
        "words": words(lang),
    }


def _render(doc: Mapping[str, Any], images: HandoutImages) -> bytes:
    try:
        return compile_pdf(
            _template(),
            sys_inputs={"data": json.dumps(doc, ensure_ascii=False)},
            root=images.root,
        )
    finally:
        images.cleanup()


def _base_dir(base_dir: str | Path | None) -> Path | None:
    return Path(base_dir) if base_dir else None


def course_minutes(nbs: Iterable[Mapping[str, Any]]) -> int:
    """The course's teaching time, as the site's outline counts it.

    A lesson's exercise notebook shares the lesson's id and its minutes are already the
    lesson's ``exercises`` part, so each id counts once, with its longest notebook.
    """
    by_id: dict[str, int] = {}
    for index, nb in enumerate(nbs):
        meta = LessonMeta.read(nb)
        key = meta.id or f"#{index}"
        by_id[key] = max(by_id.get(key, 0), meta.minutes or 0)
    return sum(by_id.values())


# -- public API -------------------------------------------------------------------------------


def render_handout(
    nb: Mapping[str, Any],
    *,
    audience: str = "learner",
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
    base_dir: str | Path | None = None,
    label: str | None = None,
) -> bytes:
    """PDF bytes of one lesson's handout; ``base_dir`` resolves relative image paths;
    ``label`` replaces the header's "Learner handout" (a kit page is not a lesson's handout)."""
    setup = _check(audience, paper, course_title)
    images = HandoutImages(_base_dir(base_dir))
    lang = _lang(nb)
    with speaking(lang):
        lesson = lesson_data(nb, audience, images)
    doc = _document("handout", setup, f"{lesson['title']} - {course_title}", lang, [lesson])
    doc["label"] = label
    return _render(doc, images)


def render_trainer_guide(
    nbs: Iterable[Mapping[str, Any]],
    *,
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
    front_matter: Iterable[Mapping[str, Any]] = (),
    base_dir: str | Path | None = None,
    lang: str = "en",
) -> bytes:
    """One PDF: title page, contents, front matter, then every lesson (trainer audience);
    ``lang``: the language it is written in (hyphenation, quotes, direction)."""
    setup = _check("trainer", paper, course_title)
    images = HandoutImages(_base_dir(base_dir))
    nbs = list(nbs)
    with speaking(lang):
        lessons = [lesson_data(nb, "trainer", images) for nb in nbs]
        front = [lesson_data(nb, "trainer", images) for nb in front_matter]
        doc_title = _("{course} - Trainer guide").format(course=course_title)
    for index, (nb, lesson) in enumerate(zip(nbs, lessons, strict=True)):
        # Finding aids: the lesson's plan on one page, and its answers in the appendix.
        lesson.update(key=f"n{index}", glance=guide.glance(nb), answers=guide.answer_key(nb))
    total = course_minutes(nbs)
    doc = _document("guide", setup, doc_title, lang, lessons)
    doc["cards"] = card_data([block for nb in nbs for block in collect(nb)])
    doc["front"] = front
    with speaking(lang):
        # Words, not "1 h 15 min": on a right-to-left page the letters and numbers reorder.
        hours = _("{hours} h {minutes} min").format(hours=total // 60, minutes=f"{total % 60:02d}")
    doc["total_minutes"] = hours if total else None
    # An exercise notebook shares its lesson's id: 11 lessons, not 22.
    doc["lesson_count"] = len({LessonMeta.read(nb).id or i for i, nb in enumerate(nbs)})
    return _render(doc, images)


def _too_long(nb: Mapping[str, Any], lesson: Mapping[str, Any], pages: int) -> str:
    """The error for a sheet that needs more than two pages: which lesson, what to shorten."""
    meta = LessonMeta.read(nb)
    parts = {
        "the cells tagged 'takehome'": sum(len(c["m"]) for c in lesson["takehome"]),
        "the key points": sum(len(k) for k in meta.keypoints),
        "the objectives": sum(len(o) for o in meta.objectives),
        "the questions": sum(len(q) for q in meta.questions),
    }
    by_size = sorted(((size, name) for name, size in parts.items() if size), reverse=True)
    longest = [f"{name} ({size} characters)" for size, name in by_size]
    return (
        f"{meta.id or lesson['title']}: the take-home sheet needs {pages} pages even without "
        f"its exercises and new words; it may have {TAKEHOME_PAGES} and its text never "
        f"shrinks below 11 pt. Shorten {', then '.join(longest[:3]) or 'the lesson header'}."
    )


def render_takehome(
    nb: Mapping[str, Any],
    *,
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
) -> bytes:
    """A take-home sheet of one or two pages at 11 pt (nothing below 10 pt).

    It holds the title, questions, objectives, key points and every learner-visible Markdown
    cell tagged ``takehome`` (lists print as tick boxes); then, while they fit, the exercise
    prompts and the new words. Raises :class:`HandoutError` naming the lesson and what to
    shorten when even the required parts need more than two pages.
    """
    setup = _check("learner", paper, course_title)
    lang = _lang(nb)
    with speaking(lang):
        lesson = lesson_data(nb, "learner", HandoutImages(None))
        doc_title = _("{title} - take-home sheet").format(title=lesson["title"])
    lesson["cells"] = []  # only the summary parts are printed
    doc = _document("takehome", setup, doc_title, lang, [lesson])
    pages = 0
    for parts in _TAKEHOME_TRIES:
        doc["takehome_parts"] = parts
        pdf = _render(doc, HandoutImages(None))
        pages = page_count(pdf)
        if pages <= TAKEHOME_PAGES:
            return pdf
    raise HandoutError(_too_long(nb, lesson, pages))


def render_card_pack(
    blocks: Sequence[CardBlock],
    *,
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
    lang: str = "en",
) -> bytes:
    """The card pack: a contents page, then each activity's cards (15 pt) to cut out.

    With no blocks it is one page that says there are no cards yet and how to add them.
    """
    setup = _check("trainer", paper, course_title)
    with speaking(lang):
        doc_title = _("{course} - Card pack").format(course=course_title)
    doc = _document("cards", setup, doc_title, lang, [])
    doc["cards"] = card_data(blocks)
    return _render(doc, HandoutImages(None))


class HandoutExporter(Exporter):
    """nbconvert exporter: ``jupyter nbconvert --to handout lesson.ipynb``.

    ``--HandoutExporter.audience=trainer`` writes the trainer variant.
    """

    export_from_notebook = "Printed handout (PDF)"
    output_mimetype = "application/pdf"

    audience = Unicode("learner", help="'learner' or 'trainer'").tag(config=True)
    paper = Unicode("a4", help="'a4' or 'us-letter'").tag(config=True)
    course_title = Unicode(DEFAULT_COURSE_TITLE, help="Printed in page headers").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @validate("audience")
    def _valid_audience(self, proposal: Any) -> str:
        if proposal["value"] not in AUDIENCES:
            msg = f"HandoutExporter.audience must be one of {AUDIENCES}"
            raise HandoutError(msg)
        return proposal["value"]

    def from_notebook_node(  # type: ignore[override]  # PDF exporters return bytes
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        base_dir = None if (p := resources["metadata"].get("path")) is None else p or "."  # "": cwd
        pdf = render_handout(
            nb_copy,
            audience=self.audience,
            paper=self.paper,
            course_title=self.course_title,
            base_dir=base_dir,
        )
        resources["output_extension"] = ".pdf"
        return pdf, resources
