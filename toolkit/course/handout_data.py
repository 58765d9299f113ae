"""Notebook -> handout data: what of a lesson is printed, as plain JSON for ``handout.typ``.

    lesson_data(nb, audience, images)   one lesson: title, summary parts, cells, exercises

Text stays text; Markdown becomes escaped Typst markup via :mod:`toolkit.course.typst_markdown`.
Which cells print for which audience follows :mod:`toolkit.course.print_rules`. The PDF itself
is made by :mod:`toolkit.course.handout`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from babel.lists import format_list

from toolkit.course import cells as C
from toolkit.course import print_rules as P
from toolkit.course.format import LessonMeta, lesson_title
from toolkit.course.images import HandoutImages
from toolkit.course.print_words import MINUTE_PARTS, PART_NAMES, names_pattern, printed_time
from toolkit.course.typst_markdown import (
    break_long_words,
    escape_text,
    image_placeholder,
    inline_markdown_to_typst,
    markdown_to_typst,
    nodes_to_typst,
    parse_markdown,
    plain_text,
)
from toolkit.course.typst_text import english_inline, is_rtl
from toolkit.i18n import _, language
from toolkit.render.words import reaction_label

__all__ = ["EXERCISE_LINES", "TAKEHOME", "lesson_data", "takehome_cells"]

# A learner-visible Markdown cell with this tag is printed on the lesson's take-home sheet.
TAKEHOME = P.TAKEHOME_TAG
# "Synthesis: Your plan (10 min)": the part's name and minutes are for the classroom.
# (In English or the edition's language: print_words.PART_NAMES.)


def _part_heading() -> re.Pattern[str]:
    names = names_pattern(PART_NAMES)
    return re.compile(rf"^(?:{names})\s*:\s*(.*?)\s*(?:\(\d+\s*(?:min|[^\W\d_]+)\))?$")


EXERCISE_LINES = 6

# Text reprs of ipywidgets ("VBox(children=(...))") mean nothing on paper.
_WIDGET_REPR = re.compile(
    r"^\s*(?:[A-Z]\w*(?:Box|Button|Slider|Text|Textarea|Dropdown|Checkbox|Output|HTML|Label"
    r"|Widget|Select\w*|Toggle\w*|Tab|Accordion|Stack|Grid\w*|Picker|Progress|Play|Valid)"
    r"|VBox|HBox|Box|Button|Tab|Accordion|Output|HTML|Label|Image)\(",
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _format_minutes(meta: LessonMeta) -> str | None:
    if meta.minutes is None:
        return None
    total = _("{minutes} minutes").format(minutes=meta.minutes)
    if meta.minutes_parts:
        parts = [
            _(MINUTE_PARTS[k]).format(minutes=v) if k in MINUTE_PARTS else f"{v} {k}"
            for k, v in meta.minutes_parts
        ]
        # Babel joins them as the language does ("20 d'exercices et 70 d'enseignement"); its
        # "unit" style repeats the last item in Arabic (Babel 2.19), so the standard one.
        detail = format_list(parts, locale=(language() or "en").split(".")[0])
        return f"{total} ({detail})"
    return total


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
                "time": printed_time(e.get("time")),
                "title": str(e["title"]) if e.get("title") else None,
                "status": status,
                "text": text,
                "m": markdown_to_typst(text, heading_offset=3) if status == "visible" else "",
                # A member's words keep their own direction on a page that runs the other way.
                "ltr": not is_rtl(text),
                "quote": {
                    "excerpt": break_long_words(str(quote.get("excerpt") or "")),
                    "author": str(quote.get("author") or "unknown"),
                    "state": str(quote.get("state") or "ok"),
                }
                if isinstance(quote, Mapping)
                else None,
                "signature": break_long_words(str(e["signature"])) if e.get("signature") else None,
                "reactions": " · ".join(
                    f"{reaction_label(str(k))} {v}"
                    for k, v in reactions.items()
                    if isinstance(v, int) and v
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


def _takehome_markup(source: str) -> str:
    """One take-home cell: lists become tick lists, an ADIDS part heading keeps only its
    name, code stays on the computer, links print their address at full size."""
    parts = []
    part_heading = _part_heading()
    for node in parse_markdown(source).children:
        part = part_heading.match(plain_text(node).strip()) if node.type == "heading" else None
        if part is not None:
            if part.group(1):
                parts.append(f"#heading(level: 3)[{escape_text(part.group(1))}]")
            continue
        stand_in = P.code_block_stand_in()
        parts.append(
            nodes_to_typst([node], heading_offset=1, code_stand_in=stand_in, takehome=True)
        )
    return "\n\n".join(p for p in parts if p)


def takehome_cells(nb: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each learner-visible Markdown cell tagged ``takehome``, in order: its Typst markup
    (``m``) and the lines to write on after it (``lines``: write-lines, lines-N)."""
    return [
        {"m": markup, "lines": P.writing_lines(cell)}
        for cell in nb.get("cells") or ()
        if cell.get("cell_type") == "markdown"
        and TAKEHOME in C.tags(cell)
        and C.is_learner_visible(cell)
        and not C.is_handout_skip(cell)
        and (markup := _takehome_markup(_text(cell.get("source"))))
    ]


def _english(nb: Mapping[str, Any]) -> frozenset[str]:
    """The header strings a translated edition left in English (``l10n.translate`` lists
    them), so paper prints them as English: hyphenation, and punctuation that does not flip
    in a right-to-left page."""
    course = (nb.get("metadata") or {}).get("course") or {}
    listed = course.get("english") if isinstance(course, Mapping) else None
    return frozenset(str(s) for s in listed) if isinstance(listed, list) else frozenset()


def _meta_markup(text: str, english: frozenset[str]) -> str:
    markup = inline_markdown_to_typst(text)
    return english_inline(markup) if text in english else markup


def lesson_data(nb: Mapping[str, Any], audience: str, images: HandoutImages) -> dict[str, Any]:
    """One lesson as the template reads it: title, summary parts, printable cells, exercises."""
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
            and TAKEHOME not in C.tags(cell)  # already on the take-home sheet, with its boxes
        ):
            stand_in = None if P.prints_code(cell, audience) else P.code_block_stand_in()
            source = _text(cell.get("source"))
            exercises.append(markdown_to_typst(source, heading_offset=3, code_stand_in=stand_in))
    cells_out = _drop_repeated_forms(cells_out)
    english = _english(nb)
    objectives = [_meta_markup(s, english) for s in meta.objectives]
    questions = [_meta_markup(s, english) for s in meta.questions]
    keypoints = [_meta_markup(s, english) for s in meta.keypoints]
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
            {
                "term": term,
                "definition": definition,
                "en_term": term in english,
                "en_definition": definition in english,
            }
            for term, definition in sorted(meta.glossary, key=lambda td: td[0].casefold())
        ],
        "digcomp": list(meta.digcomp),
        "outcomes": [str(n) for n in meta.outcomes],
        "has_meta": bool(objectives or questions or minutes),
        "cells": cells_out,
        "exercises": exercises,
        "takehome": takehome_cells(nb) if audience == "learner" else [],
    }
