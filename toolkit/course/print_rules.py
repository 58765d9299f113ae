"""What a printed handout shows, cell by cell (docs/AUTHORING.md, "Printed handouts").

Tags read only by the handouts (the lint accepts them, see :data:`PRINT_TAGS`):

``handout-code``   print this cell's code (and its Markdown code blocks) in the learner handout;
                   without it learners never see code on paper.
``write-lines``    after this cell, print :data:`WRITE_LINES` lines to write on.
``lines-N``        the same with N lines (1-20), e.g. ``lines-8`` for a four-part plan.
``takehome``       print this learner cell on the lesson's take-home sheet too (the home plan,
                   "On your phone").

The learner rule: code is for the computer. A code cell prints its outputs (a thread, a form,
an image, a table, text) but never its source; when text comes just before it ("Run the
check.", "...passes:") and the cell prints nothing, :func:`code_stand_in` stands in (once for
a run of such cells). A Markdown code block becomes :func:`code_block_stand_in`. An output
that is only a Python repr (``<IPython.core.display.HTML object>``) is never printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from toolkit.course import cells as C
from toolkit.course.typst_markdown import escape_text
from toolkit.i18n import _

__all__ = [
    "HANDOUT_CODE",
    "MAX_LINES",
    "PRINT_TAGS",
    "TAKEHOME_TAG",
    "WRITE_LINES",
    "code_block_stand_in",
    "code_stand_in",
    "html_blocks",
    "html_items",
    "is_code_repr",
    "is_print_tag",
    "is_repr",
    "prints_code",
    "writing_lines",
]

HANDOUT_CODE = "handout-code"
TAKEHOME_TAG = "takehome"
WRITE_LINES_TAG = "write-lines"
WRITE_LINES = 5
MAX_LINES = 20
PRINT_TAGS = frozenset({HANDOUT_CODE, TAKEHOME_TAG, WRITE_LINES_TAG})
_LINES_TAG = re.compile(r"lines-(\d{1,2})")

# "<IPython.core.display.HTML object>", "<Foo at 0x7f...>", "<function f at 0x...>".
_REPR = re.compile(
    r"^\s*<[\w.]+(?: [\w.]+)* (?:object|at 0x[0-9a-fA-F]+)>\s*$|object at 0x[0-9a-fA-F]+"
)


def is_print_tag(tag: str) -> bool:
    """True for a tag only the handouts read (``handout-code``, ``write-lines``, ``lines-N``)."""
    match = _LINES_TAG.fullmatch(tag)
    return tag in PRINT_TAGS or (match is not None and 1 <= int(match.group(1)) <= MAX_LINES)


def writing_lines(cell: Mapping[str, Any]) -> int:
    """How many writing lines the cell's tags ask for after it (0: none)."""
    count = 0
    for tag in C.tags(cell):
        match = _LINES_TAG.fullmatch(tag)
        if match is not None:
            count = max(count, min(MAX_LINES, int(match.group(1))))
        elif tag == WRITE_LINES_TAG:
            count = max(count, WRITE_LINES)
    return count


def prints_code(cell: Mapping[str, Any], audience: str) -> bool:
    """Trainers always see the code; learners only in a cell tagged ``handout-code``."""
    return audience == "trainer" or HANDOUT_CODE in C.tags(cell)


def is_repr(text: str) -> bool:
    """True when ``text`` is a Python object's default repr, which means nothing on paper."""
    return bool(_REPR.search(text))


def code_stand_in() -> str:
    """The sentence printed for a learner's code cell whose result only shows on screen."""
    return _("(On the computer: run this cell to see the result.)")


def code_block_stand_in() -> str:
    """The sentence printed instead of a code example in a learner's handout."""
    return _("(On the computer: the notebook shows the code for this step.)")


# "DiceWords(pairs=(...), problems=())", "Reaction(member='x', ...)": a dataclass's repr.
_CONSTRUCTOR_REPR = re.compile(r"^\s*[A-Z]\w*\((?:\w+=|\)\s*$)")


def is_code_repr(text: str) -> bool:
    """A repr, or a constructor-call repr of a dataclass: what the object is, not what it shows."""
    return is_repr(text) or bool(_CONSTRUCTOR_REPR.match(text))


class _HTMLText(HTMLParser):
    """The text of an HTML output: its tables as rows of cells, everything else as paragraphs."""

    _BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "figcaption", "br", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, Any]] = []  # ("p", text) or ("table", [[cell, ...], ...])
        self._text: list[str] = []
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(("p", text))
        self._text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag in self._BLOCKS and self._table is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._table is not None and self._cell is not None:
            if not self._table:
                self._table.append([])
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._table is not None:
            rows = [r for r in self._table if r]
            if rows:
                self.blocks.append(("table", rows))
            self._table = None
        elif tag in self._BLOCKS and self._table is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._table is None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[str, Any]]:
    """Paragraphs (``("p", text)``) and tables (``("table", rows)``) an HTML output shows."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def html_items(html: str) -> list[dict[str, Any]]:
    """Handout items (escaped Typst markup) for what an HTML output shows: tables and text."""
    items: list[dict[str, Any]] = []
    for kind, value in html_blocks(html):
        if kind == "table":
            width = max(len(row) for row in value)
            rows = [[*row, *[""] * (width - len(row))] for row in value]
            cells = [[f"[{escape_text(c)}]" for c in row] for row in rows]
            head = f"table.header({', '.join(cells[0])}), " if len(cells) > 1 else ""
            body = ", ".join(c for row in cells[1 if head else 0 :] for c in row)
            items.append({"t": "markup", "m": f"#table(columns: {width}, {head}{body})"})
        else:
            items.append({"t": "markup", "m": escape_text(value)})
    return items
