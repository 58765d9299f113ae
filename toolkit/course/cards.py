"""The card pack: every card activity's cards, collected from the lessons' trainer notes.

A trainer-tagged Markdown cell may hold one or more blocks like this (docs/AUTHORING.md)::

    **Cards: Safe or risky?**

    - **Card 1** A post that names her street.
    - A post about the weather.

One bullet is one card (it may start with a bold phrase). :func:`collect` reads the blocks
from a notebook's Markdown syntax tree (markdown-it-py, never regular expressions over
Markdown); ``handout.render_card_pack`` prints them as cut-out cards
(``trainer/card-pack.pdf``, written by ``outputs.write_card_pack``) and the trainer guide prints the
same cards at its end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from toolkit.course import cells as C
from toolkit.course.format import LessonMeta, lesson_title
from toolkit.course.typst_markdown import nodes_to_typst, parse_markdown, plain_text
from toolkit.i18n import _

__all__ = ["CardBlock", "card_data", "collect", "collect_course"]

# The bold line's text: "Cards: <activity name>" (the colon may sit inside or after the bold).
_NAME = re.compile(r"^\s*Cards\s*:\s*(?P<name>\S.*?)\s*$", re.IGNORECASE)
_LESSON_NUMBER = re.compile(r"^0*(\d+)\b")


@dataclass(frozen=True)
class CardBlock:
    """One card activity: its name, where it comes from, and its cards (Typst markup)."""

    activity: str
    lesson: str  # "Lesson 3", or the notebook's title when it has no number
    cards: tuple[str, ...]  # escaped Typst markup, one per card
    texts: tuple[str, ...]  # the same cards as plain text (for tests and summaries)


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source")
    return "".join(src) if isinstance(src, list) else str(src or "")


def _activity(node: SyntaxTreeNode) -> str | None:
    """The activity name when ``node`` is a paragraph that opens with bold "Cards: ..."."""
    if node.type != "paragraph" or not node.children:
        return None
    inline = node.children[0]
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if not parts or parts[0].type != "strong":
        return None
    match = _NAME.match(plain_text(inline))
    return match.group("name").strip() if match else None


def _lesson_label(nb: Mapping[str, Any]) -> str:
    meta = LessonMeta.read(nb)
    match = _LESSON_NUMBER.match(meta.id or "")
    if match:
        return _("Lesson {number}").format(number=int(match.group(1)))
    return lesson_title(nb, meta)


def collect(nb: Mapping[str, Any]) -> list[CardBlock]:
    """Every Cards block in the notebook's trainer notes, in order."""
    label = None
    blocks: list[CardBlock] = []
    for cell in nb.get("cells") or ():
        if cell.get("cell_type") != "markdown" or not C.is_trainer(cell):
            continue
        nodes = parse_markdown(_source(cell)).children
        for here, after in zip(nodes, [*nodes[1:], None], strict=True):
            name = _activity(here)
            if name is None or after is None or after.type != "bullet_list":
                continue
            items = [item for item in after.children if plain_text(item).strip()]
            if not items:
                continue
            label = label or _lesson_label(nb)
            blocks.append(
                CardBlock(
                    activity=name,
                    lesson=label,
                    cards=tuple(nodes_to_typst(item.children) for item in items),
                    texts=tuple(" ".join(plain_text(item).split()) for item in items),
                )
            )
    return blocks


def collect_course(paths: Iterable[Path]) -> list[CardBlock]:
    """The Cards blocks of the notebooks at ``paths``, in course order (unreadable: none)."""
    blocks: list[CardBlock] = []
    for path in paths:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # the lint reports a broken notebook against its lesson
        if isinstance(nb, dict):
            blocks += collect(nb)
    return blocks


def card_data(blocks: Sequence[CardBlock]) -> list[dict[str, Any]]:
    """The blocks as the Typst template reads them."""
    return [{"activity": b.activity, "lesson": b.lesson, "cards": list(b.cards)} for b in blocks]
