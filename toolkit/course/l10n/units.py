"""The translatable units of a notebook: one per Markdown block, metadata string, quiz string.

Markdown is split by markdown-it-py's block tokens (``token.map`` gives each block's source
lines), so a :class:`Block` knows exactly which lines it came from and what stood around its
text on each line (list marker, indent, ``> ``, ``#``s): :mod:`toolkit.course.l10n.apply`
puts a translation back between the same prefixes. Units, in notebook order:

- Markdown cells (trainer cells too): paragraphs (also inside list items and quotes), headings,
  table rows (the row's line, pipes included), HTML blocks that hold text. Code fences are not.
- ``metadata["course"]``: title, questions, objectives, keypoints, outcomes and safety when
  they are text, summative when it is text, glossary terms and definitions.
- Code cells: string literals on a line ending with the comment ``# i18n``.
- The notebook's quiz bank (``toolkit/quizzes/<id>.toml``): question, option text, why.
"""

from __future__ import annotations

import ast
import io
import tokenize
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from markdown_it import MarkdownIt
from nbformat import NotebookNode

__all__ = ["Block", "CodeString", "Unit", "code_strings", "markdown_blocks", "units"]

# Metadata keys whose text a reader sees (id, digcomp and minutes are codes, not prose).
META_KEYS = ("title", "questions", "objectives", "keypoints", "outcomes", "safety", "summative")
I18N_COMMENT = "# i18n"


@dataclass(frozen=True)
class Unit:
    """One translatable text: ``key`` is unique in its notebook, ``where`` names it for the PO
    comment (``cell-7``, ``metadata.title``, ``quiz.l4-q1.question``), ``line`` its first source
    line in the cell (None outside cells)."""

    key: str
    text: str
    where: str
    line: int | None = None


@dataclass(frozen=True)
class Block:
    """One Markdown unit inside a cell: lines ``start``..``end`` (end excluded) of the source.

    Line ``start + i`` is ``prefixes[i] + text.split("\\n")[i] + suffixes[i]``. ``kind`` is
    ``paragraph``, ``heading``, ``row`` or ``html``; ``in_list`` says it sits in a list item;
    ``cells`` are a table row's cell texts.
    """

    start: int
    end: int
    text: str
    kind: str
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    in_list: bool = False
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeString:
    """A string literal marked ``# i18n`` in a code cell: its value and where its token sits
    (character offsets into the cell source)."""

    value: str
    begin: int
    end: int
    line: int


@cache
def parser() -> MarkdownIt:
    """CommonMark with tables and raw HTML, as notebooks are written."""
    return MarkdownIt("commonmark").enable("table")


def _split_line(line: str, content: str) -> tuple[str, str]:
    """The prefix and suffix around ``content`` on its source line."""
    if line.endswith(content):
        return line[: len(line) - len(content)], ""
    stripped = line.rstrip()
    if stripped.endswith(content):
        return stripped[: len(stripped) - len(content)], line[len(stripped) :]
    at = line.rfind(content)  # an ATX heading's closing #s
    if at < 0:
        msg = f"cannot find {content!r} in {line!r}"
        raise ValueError(msg)
    return line[:at], line[at + len(content) :]


def _text_block(lines: list[str], start: int, content: str, kind: str, in_list: bool) -> Block:
    parts = content.split("\n")
    prefixes, suffixes = [], []
    for offset, part in enumerate(parts):
        prefix, suffix = _split_line(lines[start + offset], part)
        prefixes.append(prefix)
        suffixes.append(suffix)
    return Block(
        start, start + len(parts), content, kind, tuple(prefixes), tuple(suffixes), in_list
    )


def _row_block(lines: list[str], start: int, cells: list[str], quote_depth: int) -> Block:
    line = lines[start]
    body = line.rstrip()
    # What stands before the row: indentation and the quote markers of its container.
    at = len(body) - len(body.lstrip())
    for _ in range(quote_depth):
        if body[at : at + 1] == ">":
            at += 1
            at = len(body) - len(body[at:].lstrip())
    text = body[at:]
    return Block(
        start, start + 1, text, "row", (body[:at],), (line[len(body) :],), False, tuple(cells)
    )


def _has_text(html: str) -> bool:
    return bool(nh3.clean(html, tags=set()).strip())


def markdown_blocks(source: str) -> list[Block]:
    """The units of one Markdown cell, in reading order."""
    tokens = parser().parse(source)
    lines = source.split("\n")
    blocks: list[Block] = []
    depth_list = depth_quote = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("list_item_open", "list_item_close"):
            depth_list += 1 if kind == "list_item_open" else -1
        elif kind in ("blockquote_open", "blockquote_close"):
            depth_quote += 1 if kind == "blockquote_open" else -1
        elif kind in ("paragraph_open", "heading_open") and token.map:
            content = tokens[index + 1].content
            name = "paragraph" if kind == "paragraph_open" else "heading"
            if content.strip():
                blocks.append(_text_block(lines, token.map[0], content, name, depth_list > 0))
        elif kind == "html_block" and token.map and _has_text(token.content):
            content = token.content.rstrip("\n")
            blocks.append(_text_block(lines, token.map[0], content, "html", depth_list > 0))
        elif kind == "tr_open" and token.map:
            cells: list[str] = []
            while tokens[index].type != "tr_close":
                if tokens[index].type == "inline":
                    cells.append(tokens[index].content)
                index += 1
            blocks.append(_row_block(lines, token.map[0], cells, depth_quote))
        index += 1
    return blocks


def code_strings(source: str) -> list[CodeString]:
    """String literals on lines that end with ``# i18n`` (read with ``tokenize``)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []  # not Python (a magic, a half-written cell): nothing marked to find
    marked = {
        tok.start[0]
        for number, tok in enumerate(tokens)
        if tok.type == tokenize.COMMENT
        and tok.string.strip() == I18N_COMMENT
        and tokens[number + 1].type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)
    }
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    found = []
    for tok in tokens:
        if tok.type != tokenize.STRING or tok.end[0] not in marked:
            continue
        try:
            value = ast.literal_eval(tok.string)
        except (ValueError, SyntaxError):
            continue  # an f-string is built at run time: it cannot be looked up
        if isinstance(value, str) and value.strip():
            begin = starts[tok.start[0] - 1] + tok.start[1]
            end = starts[tok.end[0] - 1] + tok.end[1]
            found.append(CodeString(value, begin, end, tok.start[0]))
    return found


def _meta_units(meta: Mapping[str, Any]) -> Iterator[Unit]:
    for name in META_KEYS:
        value = meta.get(name)
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for number, item in enumerate(values):
            if isinstance(item, str) and item.strip():
                key = f"metadata.{name}" if isinstance(value, str) else f"metadata.{name}.{number}"
                yield Unit(key, item, f"metadata.{name}")
    glossary = meta.get("glossary")
    if isinstance(glossary, Mapping):
        for term, definition in glossary.items():
            yield Unit(f"metadata.glossary.{term}", str(term), "metadata.glossary")
            if isinstance(definition, str) and definition.strip():
                yield Unit(f"metadata.glossary.{term}=", definition, f"metadata.glossary.{term}")


def quiz_units(bank: Mapping[str, Any]) -> Iterator[Unit]:
    """Question, option text and why of every question in a quiz bank (TOML data)."""
    for entry in bank.get("quiz", []):
        base = f"quiz.{entry['id']}"
        yield Unit(f"{base}.question", entry["question"], f"{base}.question")
        for letter, option in entry.get("options", {}).items():
            for field in ("text", "why"):
                if option.get(field):
                    where = f"{base}.options.{letter}.{field}"
                    yield Unit(where, option[field], where)


def read_bank(path: Path) -> dict[str, Any]:
    """A quiz bank's TOML data ({} when the notebook has none)."""
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def units(nb: NotebookNode, bank: Path | None = None) -> list[Unit]:
    """Every translatable unit of a notebook (and of its quiz bank file), in order."""
    found = list(_meta_units(nb.metadata.get("course", {})))
    for number, cell in enumerate(nb.cells):
        where = f"cell-{number}"
        if cell.cell_type == "markdown":
            for block in markdown_blocks(cell.source):
                key = f"{where}:{block.start + 1}"
                found.append(Unit(key, block.text, where, block.start + 1))
        elif cell.cell_type == "code":
            for item in code_strings(cell.source):
                key = f"{where}@{item.begin}"
                found.append(Unit(key, item.value, where, item.line))
    if bank is not None:
        found += quiz_units(read_bank(bank))
    return found
