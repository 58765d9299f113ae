"""The trainer guide's finding aids: a lesson "at a glance" page and the answer key.

    glance(nb)      the ADIDS parts with their minutes, materials, preparation and printouts,
                    read from the "## Activity: ... (10 min)" headings and the trainer notes
    answer_key(nb)  every answer of the lesson, under the check it answers

Both return plain data for ``templates/handout.typ``; text stays text (escaped markup only
where Markdown is kept).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from toolkit.course import cells as C
from toolkit.course.print_words import NOTE_NAMES, PART_NAMES, names_pattern
from toolkit.course.typst_markdown import markdown_to_typst
from toolkit.course.typst_text import EN_SPAN, EN_SPAN_END
from toolkit.i18n import _, base_language, language

__all__ = ["answer_key", "glance"]


def _part_pattern() -> re.Pattern[str]:
    """A part's heading, "## Activity: ... (10 min)", in English or the active language."""
    names = names_pattern(PART_NAMES)
    return re.compile(rf"^##\s+({names})\b\s*:?\s*(.*?)\s*\((\d+)\s*(?:min|[^\W\d_]+)\)\s*$", re.M)


def _note_pattern() -> re.Pattern[str]:
    """ "- **Materials:** ...", or the active language's "- **Matériel :** ..."."""
    names = names_pattern(NOTE_NAMES.values())
    return re.compile(rf"^\s*[-*]\s+\*\*({names})\s*:\*\*\s*(.+?)\s*$", re.M)


def _print_pattern() -> re.Pattern[str]:
    """A printout in the notes, in English or the active language's words."""
    lang = base_language(language())
    words = {_PRINT_WORDS["en"], _PRINT_WORDS.get(lang, _PRINT_WORDS["en"])}
    return re.compile("|".join(sorted(words)), re.I)


def _note_key(label: str) -> str:
    """ "materials" or "preparation" for a note's label in English or the active language."""
    for key, name in NOTE_NAMES.items():
        if label in (name, _(name)):
            return key
    return "preparation"


_HEADING = re.compile(r"^#{2,4}\s+(.+?)\s*#*\s*$", re.M)
# What marks a printout in the notes, by language: "Print the cards", "Imprimez les cartes",
# "اطبعي البطاقات". English always counts too: a note a translation left in English.
_PRINT_WORDS = {"en": r"\bprint", "fr": r"\bimprim|\bphotocopi", "ar": r"طبع|طباع|مطبوع"}
_MARKS = re.compile(r"\*\*|__|`")
# Between two items of a note: a semicolon (Latin or Arabic), or a full stop and a new sentence
# (a letter that is not a small Latin one: "e.g. the" stays whole; Arabic has no capitals).
_ITEM_BREAK = re.compile(r"[;؛]\s+|(?:(?<=[^\W\d_])|(?<=\)))\.\s+(?=[^\W\d_])(?![a-zà-öø-ÿ])")


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source")
    return "".join(src) if isinstance(src, list) else str(src or "")


def _unmarked(text: str) -> str:
    # A heading a translation left in English arrives wrapped in <span lang="en">: the plan
    # and the answer key print its words, never the markers.
    return text.replace(EN_SPAN, "").replace(EN_SPAN_END, "")


def _plain(text: str) -> str:
    return _MARKS.sub("", _unmarked(text)).strip()


def _pieces(text: str) -> list[str]:
    """A notes line split into its items ("A; B. C" -> A, B, C; "أ؛ ب" -> أ, ب)."""
    parts = _ITEM_BREAK.split(_plain(text))
    return [p.strip().rstrip(".") for p in parts if p.strip()]


def glance(nb: Mapping[str, Any]) -> dict[str, Any] | None:
    """The lesson's plan on one page, or None when it has no ADIDS parts (exercises, front)."""
    parts: list[dict[str, Any]] = []
    part_re, note_re = _part_pattern(), _note_pattern()
    for cell in nb.get("cells") or ():
        if cell.get("cell_type") != "markdown":
            continue
        source = _unmarked(_source(cell))
        if C.is_learner_visible(cell):
            for match in part_re.finditer(source):
                parts.append(
                    {
                        "part": match.group(1),
                        "title": _plain(match.group(2)),
                        "minutes": int(match.group(3)),
                        "materials": [],
                        "preparation": [],
                    }
                )
        elif C.is_trainer(cell) and parts:
            for label, text in note_re.findall(source):
                parts[-1][_note_key(label)].extend(_pieces(text))
    if not parts:
        return None
    printouts: list[str] = []
    printout = _print_pattern()
    for part in parts:
        for item in part["materials"] + part["preparation"]:
            if printout.search(item) and item not in printouts:
                printouts.append(item)
    return {
        "parts": parts,
        "minutes": sum(p["minutes"] for p in parts),
        "printouts": printouts,
    }


def answer_key(nb: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each answer (a ``solution`` Markdown cell) under the heading of the check it answers.

    A check answered only in code keeps that code, so the key is never silently short.
    """
    key: list[dict[str, Any]] = []
    heading = ""
    for cell in nb.get("cells") or ():
        source = _source(cell)
        if cell.get("cell_type") == "markdown" and not C.is_solution(cell):
            found = _HEADING.findall(source)
            if found:
                heading = _plain(found[-1])
            continue
        if not C.is_solution(cell) or not source.strip():
            continue
        if cell.get("cell_type") == "markdown":
            markup = markdown_to_typst(source, heading_offset=3)
            if key and key[-1]["check"] == heading and key[-1]["code"]:
                key[-1] = {"check": heading, "m": markup, "code": None}  # prose beats code
            elif key and key[-1]["check"] == heading and key[-1]["m"]:
                key[-1]["m"] += "\n\n" + markup
            else:
                key.append({"check": heading, "m": markup, "code": None})
        elif cell.get("cell_type") == "code":
            if key and key[-1]["check"] == heading:
                continue  # the prose answer for this check is already there
            key.append({"check": heading, "m": "", "code": source.rstrip()})
    return key
