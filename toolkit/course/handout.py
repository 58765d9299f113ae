"""Printed handouts (PDF) for course lessons, typeset with Typst - no browser, no LaTeX.

    render_handout(nb, audience="learner")   one lesson, learner or trainer variant
    render_trainer_guide(nbs)                  every lesson with notes and answers, one PDF
    render_takehome(nb)                        a one-page take-home sheet per lesson
    HandoutExporter                            ``jupyter nbconvert --to handout lesson.ipynb``

:mod:`toolkit.course.handout_data` turns the notebook into plain JSON (text stays text; Markdown
becomes escaped Typst markup) and ``templates/handout.typ`` lays it out.
Images go through :mod:`toolkit.course.images` first: one Typst cannot read becomes a
placeholder, and Typst only ever reads checked copies in a private folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default, validate

from toolkit.course import guide
from toolkit.course.errors import HandoutError
from toolkit.course.fonts import MONO_FAMILIES, compile_pdf, font_families
from toolkit.course.format import AUDIENCES, PAPERS, LessonMeta, typst_paper
from toolkit.course.handout_data import lesson_data
from toolkit.course.images import HandoutImages

__all__ = [
    "AUDIENCES",
    "PAPERS",
    "HandoutExporter",
    "course_minutes",
    "render_handout",
    "render_takehome",
    "render_trainer_guide",
]

DEFAULT_COURSE_TITLE = "Digital Empowerment"


@dataclass(frozen=True)
class _Setup:
    """What every page of one PDF shares: who it is for, the paper and the course's title."""

    audience: str
    paper: str  # Typst's name for it ("a4", "us-letter")
    course_title: str


@cache
def _template() -> str:
    return (
        importlib_resources.files("toolkit.course")
        .joinpath("templates/handout.typ")
        .read_text(encoding="utf-8")
    )


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
    return str(lang).split("-")[0].split("_")[0].lower()[:3] or "en"


def _document(
    mode: str, setup: _Setup, doc_title: str, lang: str, lessons: list[dict[str, Any]]
) -> dict[str, Any]:
    """The data the Typst template reads (``handout``, ``guide`` or ``takehome`` mode)."""
    return {
        "mode": mode,
        "audience": setup.audience,
        "paper": setup.paper,
        "course_title": setup.course_title,
        "doc_title": doc_title,
        "lang": lang,
        "fonts": list(font_families()),
        "mono": [*MONO_FAMILIES, *font_families()],
        "lessons": lessons,
        "front": [],
        "total_minutes": None,
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
) -> bytes:
    """PDF bytes of one lesson's handout; ``base_dir`` resolves relative image paths."""
    setup = _check(audience, paper, course_title)
    images = HandoutImages(_base_dir(base_dir))
    lesson = lesson_data(nb, audience, images)
    doc = _document("handout", setup, f"{lesson['title']} - {course_title}", _lang(nb), [lesson])
    return _render(doc, images)


def render_trainer_guide(
    nbs: Iterable[Mapping[str, Any]],
    *,
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
    front_matter: Iterable[Mapping[str, Any]] = (),
    base_dir: str | Path | None = None,
) -> bytes:
    """One PDF: title page, contents, front matter, then every lesson (trainer audience)."""
    setup = _check("trainer", paper, course_title)
    images = HandoutImages(_base_dir(base_dir))
    nbs = list(nbs)
    lessons = [lesson_data(nb, "trainer", images) for nb in nbs]
    for index, (nb, lesson) in enumerate(zip(nbs, lessons, strict=True)):
        # Finding aids: the lesson's plan on one page, and its answers in the appendix.
        lesson.update(key=f"n{index}", glance=guide.glance(nb), answers=guide.answer_key(nb))
    total = course_minutes(nbs)
    doc = _document("guide", setup, f"{course_title} - Trainer guide", "en", lessons)
    doc["front"] = [lesson_data(nb, "trainer", images) for nb in front_matter]
    doc["total_minutes"] = f"{total // 60} h {total % 60:02d} min" if total else None
    # An exercise notebook shares its lesson's id: 11 lessons, not 22.
    doc["lesson_count"] = len({LessonMeta.read(nb).id or i for i, nb in enumerate(nbs)})
    return _render(doc, images)


def render_takehome(
    nb: Mapping[str, Any],
    *,
    paper: str = "a4",
    course_title: str = DEFAULT_COURSE_TITLE,
) -> bytes:
    """A one-page take-home sheet: objectives, key points and the exercise prompts."""
    setup = _check("learner", paper, course_title)
    images = HandoutImages(None)
    lesson = lesson_data(nb, "learner", images)
    lesson["cells"] = []  # only the summary parts are printed
    doc = _document("takehome", setup, f"{lesson['title']} - take-home sheet", _lang(nb), [lesson])
    return _render(doc, images)


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
