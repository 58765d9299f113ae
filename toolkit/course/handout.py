"""Printed handouts (PDF) for course lessons, typeset with Typst - no browser, no LaTeX.

    render_handout(nb, audience="learner")   one lesson, learner or trainer variant
    render_trainer_guide(nbs)                  every lesson with notes and answers, one PDF
    render_takehome(nb)                        a one-page take-home sheet per lesson
    HandoutExporter                            ``jupyter nbconvert --to handout lesson.ipynb``

Python turns the notebook into plain JSON (text stays text; Markdown becomes escaped Typst
markup via :mod:`toolkit.course.typst_markdown`) and ``templates/handout.typ`` lays it out.
Images go through :mod:`toolkit.course.images` first: one Typst cannot read becomes a
placeholder, and Typst only ever reads checked copies in a private folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Unicode, default, validate

from toolkit.course import cells as C
from toolkit.course import guide
from toolkit.course import print_rules as P
from toolkit.course.errors import HandoutError
from toolkit.course.fonts import MONO_FAMILIES, compile_pdf, font_families
from toolkit.course.format import AUDIENCES, PAPERS, LessonMeta, lesson_title, typst_paper
from toolkit.course.images import HandoutImages
from toolkit.course.typst_markdown import (
    break_long_words,
    escape_text,
    image_placeholder,
    inline_markdown_to_typst,
    markdown_to_typst,
)

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
EXERCISE_LINES = 6

# Text reprs of ipywidgets ("VBox(children=(...))") mean nothing on paper.
_WIDGET_REPR = re.compile(
    r"^\s*(?:[A-Z]\w*(?:Box|Button|Slider|Text|Textarea|Dropdown|Checkbox|Output|HTML|Label"
    r"|Widget|Select\w*|Toggle\w*|Tab|Accordion|Stack|Grid\w*|Picker|Progress|Play|Valid)"
    r"|VBox|HBox|Box|Button|Tab|Accordion|Output|HTML|Label|Image)\(",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@cache
def _template() -> str:
    return (
        importlib_resources.files("toolkit.course")
        .joinpath("templates/handout.typ")
        .read_text(encoding="utf-8")
    )


# -- notebook -> data -----------------------------------------------------------------------


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _format_minutes(meta: LessonMeta) -> str | None:
    if meta.minutes is None:
        return None
    if meta.minutes_parts:
        detail = ", ".join(f"{v} {k}" for k, v in meta.minutes_parts)
        return f"{meta.minutes} minutes ({detail})"
    return f"{meta.minutes} minutes"


def _format_time(value: Any) -> str | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{t.day} {t:%b %Y, %H:%M}"


def _mapping(raw: Any) -> Mapping[str, Any] | None:
    """A display bundle's JSON value (a dict, or a JSON string in older notebooks), else None."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    return raw if isinstance(raw, Mapping) else None


def _forum_data(raw: Any) -> dict[str, Any] | None:
    """The forum JSON reshaped for the template; every member string stays a plain string."""
    raw = _mapping(raw)
    if raw is None:
        return None
    entries = []
    for e in raw.get("entries") or ():
        if not isinstance(e, Mapping):
            continue
        quote = e.get("quote")
        reactions = e.get("reactions") or {}
        status = str(e.get("status") or "visible")
        text = str(e.get("text") or "")
        entries.append(
            {
                "depth": max(0, int(e.get("depth") or 0)),
                "author": str(e.get("author") or "unknown"),
                "display_name": str(e.get("display_name") or e.get("author") or "unknown"),
                "time": _format_time(e.get("time")),
                "title": str(e["title"]) if e.get("title") else None,
                "status": status,
                "text": text,
                "m": markdown_to_typst(text, heading_offset=3) if status == "visible" else "",
                "quote": {
                    "excerpt": break_long_words(str(quote.get("excerpt") or "")),
                    "author": str(quote.get("author") or "unknown"),
                    "state": str(quote.get("state") or "ok"),
                }
                if isinstance(quote, Mapping)
                else None,
                "signature": break_long_words(str(e["signature"])) if e.get("signature") else None,
                "reactions": " · ".join(
                    f"{k} {v}" for k, v in reactions.items() if isinstance(v, int) and v
                )
                if isinstance(reactions, Mapping)
                else "",
                "in_reply_to": str(e["in_reply_to"]) if e.get("in_reply_to") else None,
            }
        )
    title = raw.get("title")
    return {
        "kind": str(raw.get("kind") or "thread"),
        "title": str(title) if title else None,
        "entries": entries,
    }


def _form_data(raw: Any) -> dict[str, Any] | None:
    raw = _mapping(raw)
    if raw is None:
        return None
    fields = []
    for f in raw.get("fields") or ():
        if not isinstance(f, Mapping):
            continue
        choices = f.get("choices")
        fields.append(
            {
                "label": str(f.get("label") or ""),
                "lines": max(1, min(20, int(f.get("lines") or 1))),
                "choices": [str(c) for c in choices] if choices else None,
            }
        )
    title = raw.get("title")
    return {"title": str(title) if title else None, "fields": fields}


def _output_items(output: Mapping[str, Any], images: HandoutImages) -> list[dict[str, Any]]:
    """Printable items for one output; widgets, HTML-only and errors print nothing."""
    kind = output.get("output_type")
    if kind == "stream":
        text = _ANSI.sub("", _text(output.get("text"))).rstrip("\n")
        return [{"t": "text", "text": break_long_words(text, 80)}] if text.strip() else []
    if kind not in ("display_data", "execute_result"):
        return []  # errors: a handout is not a traceback
    data = output.get("data") or {}
    if C.FORUM_MIME in data:
        forum = _forum_data(data[C.FORUM_MIME])
        return [{"t": "forum", "forum": forum}] if forum else []
    if C.FORM_MIME in data:
        form = _form_data(data[C.FORM_MIME])
        return [{"t": "form", "form": form}] if form else []
    path = images.output_bundle(data)
    if path:
        return [{"t": "image", "path": path}]
    if any(str(mime).startswith("image/") for mime in data):
        # An image that cannot be printed (damaged, unknown type...): say so, print the rest.
        return [{"t": "markup", "m": f"#align(center)[{image_placeholder()}]"}]
    if C.WIDGET_MIME in data:
        return []  # a live widget; its text/plain is a repr such as "VBox(children=...)"
    if "text/markdown" in data:
        markup = markdown_to_typst(_text(data["text/markdown"]), heading_offset=1)
        return [{"t": "markup", "m": markup}]
    text = _ANSI.sub("", _text(data.get("text/plain"))).rstrip("\n")
    if text.strip() and not _WIDGET_REPR.match(text) and not P.is_code_repr(text):
        return [{"t": "text", "text": break_long_words(text, 80)}]
    if "text/html" in data:
        # Its text/plain is a repr ("<IPython.core.display.HTML object>"): print what the
        # HTML shows (tables and text), never its source; nothing when it shows no text.
        return P.html_items(_text(data["text/html"]))
    return []


def _shows_feedback(cell: Mapping[str, Any]) -> bool:
    return any(C.FEEDBACK_MIME in (o.get("data") or {}) for o in cell.get("outputs") or ())


def _strip_title_heading(source: str, title: str) -> str:
    """Drop a leading ``# Title`` that repeats the lesson title printed above it."""
    match = re.match(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)", source)
    if match and match.group(1).strip().casefold() == title.strip().casefold():
        return source[match.end() :]
    return source


def _cell_data(
    cell: Mapping[str, Any], audience: str, images: HandoutImages, title: str, first_md: bool
) -> dict[str, Any] | None:
    kind = cell.get("cell_type")
    source = _text(cell.get("source"))
    items: list[dict[str, Any]] = []
    if kind == "markdown":
        if first_md:
            source = _strip_title_heading(source, title)
        markup = markdown_to_typst(
            source,
            heading_offset=1,
            resolve_image=images.resolver(cell.get("attachments")),
            code_stand_in=None if P.prints_code(cell, audience) else P.code_block_stand_in(),
        )
        if markup.strip():
            items.append({"t": "markup", "m": markup})
    elif kind == "code":
        if audience == "learner" and _shows_feedback(cell) and not C.is_exercise(cell):
            # A check's card is for the screen, after the task; on paper it only says "not yet".
            return None
        outputs: list[dict[str, Any]] = []
        for output in cell.get("outputs") or ():
            outputs.extend(_output_items(output, images))
        # Code is for the computer: learners see a cell's results, and its code only when
        # the cell is tagged handout-code. Trainers always see what to run.
        if source.strip() and P.prints_code(cell, audience):
            items.append({"t": "code", "src": break_long_words(source.rstrip(), 80)})
        items.extend(outputs)
    else:
        return None  # raw cells are for other converters
    if not items and not C.is_exercise(cell):
        return None
    role = "solution" if C.is_solution(cell) else "trainer" if C.is_trainer(cell) else "body"
    # A form brings its own writing space or tick boxes: no extra lines after it, unless
    # the author asks for them (write-lines, lines-N).
    lines = P.writing_lines(cell)
    if not lines and C.is_exercise(cell) and not any(i["t"] == "form" for i in items):
        lines = EXERCISE_LINES
    return {"role": role, "exercise": C.is_exercise(cell), "lines": lines, "items": items}


def _note_cell(sentence: str) -> dict[str, Any]:
    markup = f"#emph[{escape_text(sentence)}]"
    return {"role": "body", "exercise": False, "lines": 0, "items": [{"t": "markup", "m": markup}]}


def _form_title(data: Mapping[str, Any]) -> str | None:
    forms = [i["form"] for i in data["items"] if i["t"] == "form"]
    return forms[0].get("title") if len(forms) == 1 else None


def _drop_repeated_forms(cells_out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A question shown, then the same question as the learner's form: print it once."""
    kept: list[dict[str, Any]] = []
    for data in cells_out:
        title = _form_title(data)
        if (
            title
            and data["exercise"]
            and kept
            and not kept[-1]["exercise"]
            and _form_title(kept[-1]) == title
            and all(i["t"] in ("form", "code") for i in kept[-1]["items"])
        ):
            kept.pop()
        kept.append(data)
    return kept


def _keep(cell: Mapping[str, Any], audience: str) -> bool:
    if C.is_parameters(cell) or C.is_handout_skip(cell):
        return False  # handout-skip: screen only, for trainers too (docs/AUTHORING.md)
    return audience == "trainer" or C.is_learner_visible(cell)


def _lesson_data(nb: Mapping[str, Any], audience: str, images: HandoutImages) -> dict[str, Any]:
    meta = LessonMeta.read(nb)
    title = lesson_title(nb, meta)
    cells_out = []
    exercises = []
    first_md = True
    leads_in = False  # the last printed cell is text, which may lead into a code cell
    for index, cell in enumerate(nb.get("cells") or ()):
        if not _keep(cell, audience):
            continue
        images.where = f"{title}, cell {index}"
        data = _cell_data(cell, audience, images, title, first_md)
        if cell.get("cell_type") == "markdown":
            first_md = False
        if data is None and leads_in and audience == "learner" and cell.get("cell_type") == "code":
            # "Run the check." / "...passes:" then a result only the screen shows: one
            # sentence says so, instead of text that leads nowhere.
            data = _note_cell(P.code_stand_in())
            leads_in = False
        elif data is not None:
            leads_in = cell.get("cell_type") == "markdown"
        if data is not None:
            cells_out.append(data)
        if (
            C.is_exercise(cell)
            and C.is_learner_visible(cell)
            and cell.get("cell_type") == "markdown"
        ):
            stand_in = None if P.prints_code(cell, audience) else P.code_block_stand_in()
            source = _text(cell.get("source"))
            exercises.append(markdown_to_typst(source, heading_offset=3, code_stand_in=stand_in))
    cells_out = _drop_repeated_forms(cells_out)
    objectives = [inline_markdown_to_typst(s) for s in meta.objectives]
    questions = [inline_markdown_to_typst(s) for s in meta.questions]
    keypoints = [inline_markdown_to_typst(s) for s in meta.keypoints]
    minutes = _format_minutes(meta)
    return {
        "title": title,
        "id": meta.id,
        "minutes": minutes,
        "total_minutes": meta.minutes or 0,
        "objectives": objectives,
        "questions": questions,
        "keypoints": keypoints,
        # Plain strings: the template prints them as text, never as markup.
        "glossary": [
            {"term": term, "definition": definition}
            for term, definition in sorted(meta.glossary, key=lambda td: td[0].casefold())
        ],
        "digcomp": list(meta.digcomp),
        "outcomes": [str(n) for n in meta.outcomes],
        "has_meta": bool(objectives or questions or minutes),
        "cells": cells_out,
        "exercises": exercises,
    }


def _check(audience: str, paper: str) -> str:
    if audience not in AUDIENCES:
        msg = f"audience must be one of {AUDIENCES}, not {audience!r}"
        raise HandoutError(msg)
    name = typst_paper(paper)
    if name is None:
        msg = f"paper must be one of {sorted(PAPERS)}, not {paper!r}"
        raise HandoutError(msg)
    return name


def _lang(nb: Mapping[str, Any]) -> str:
    lang = (nb.get("metadata") or {}).get("language") or LessonMeta.read(nb).lang or "en"
    return str(lang).split("-")[0].split("_")[0].lower()[:3] or "en"


def _document(
    mode: str,
    audience: str,
    paper: str,
    course_title: str,
    doc_title: str,
    lang: str,
    lessons: list[dict[str, Any]],
    *,
    front: list[dict[str, Any]] | None = None,
    total_minutes: str | None = None,
) -> dict[str, Any]:
    """The data the Typst template reads (``handout``, ``guide`` or ``takehome`` mode)."""
    return {
        "mode": mode,
        "audience": audience,
        "paper": paper,
        "course_title": course_title,
        "doc_title": doc_title,
        "lang": lang,
        "fonts": list(font_families()),
        "mono": [*MONO_FAMILIES, *font_families()],
        "lessons": lessons,
        "front": front or [],
        "total_minutes": total_minutes,
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
    paper_name = _check(audience, paper)
    images = HandoutImages(_base_dir(base_dir))
    lesson = _lesson_data(nb, audience, images)
    doc = _document(
        "handout",
        audience,
        paper_name,
        course_title,
        f"{lesson['title']} - {course_title}",
        _lang(nb),
        [lesson],
    )
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
    paper_name = _check("trainer", paper)
    images = HandoutImages(_base_dir(base_dir))
    nbs = list(nbs)
    lessons = [_lesson_data(nb, "trainer", images) for nb in nbs]
    for index, (nb, lesson) in enumerate(zip(nbs, lessons, strict=True)):
        # Finding aids: the lesson's plan on one page, and its answers in the appendix.
        lesson.update(key=f"n{index}", glance=guide.glance(nb), answers=guide.answer_key(nb))
    front = [_lesson_data(nb, "trainer", images) for nb in front_matter]
    total = course_minutes(nbs)
    doc = _document(
        "guide",
        "trainer",
        paper_name,
        course_title,
        f"{course_title} - Trainer guide",
        "en",
        lessons,
        front=front,
        total_minutes=f"{total // 60} h {total % 60:02d} min" if total else None,
    )
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
    paper_name = _check("learner", paper)
    images = HandoutImages(None)
    lesson = _lesson_data(nb, "learner", images)
    lesson["cells"] = []  # only the summary parts are printed
    doc = _document(
        "takehome",
        "learner",
        paper_name,
        course_title,
        f"{lesson['title']} - take-home sheet",
        _lang(nb),
        [lesson],
    )
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
