"""Put a catalogue's translations into a copy of a notebook.

Every unit with a translation that is not fuzzy is replaced in place, between the prefixes it
had (list marker, indent, ``#``s, ``> ``, table pipes stay as the author wrote them). A unit
with no usable translation stays English and is marked for readers and screen readers:

- a paragraph (or HTML block) outside lists: ``<div lang="en">``, a blank line, the Markdown,
  a blank line, ``</div>`` (CommonMark ends a raw HTML block at a blank line, so the Markdown
  inside is still formatted);
- a heading, a paragraph in a list item, each cell of a table row: ``<span lang="en">…</span>``
  (a div there would break the heading, the list or the table);
- code strings and metadata: English, unmarked (they are not Markdown).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.messages.catalog import Catalog
from nbformat import NotebookNode

from toolkit.course.l10n.units import (
    META_KEYS,
    Block,
    Unit,
    code_strings,
    markdown_blocks,
    units,
)
from toolkit.i18n import direction

__all__ = [
    "Coverage",
    "coverage",
    "lookup",
    "rejoin",
    "translate",
    "translate_quiz_bank",
]

OPEN_DIV, CLOSE_DIV = '<div lang="en">', "</div>"
OPEN_SPAN, CLOSE_SPAN = '<span lang="en">', "</span>"


@dataclass(frozen=True)
class Coverage:
    """How much of one notebook a catalogue translates (counted per catalogue entry)."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def lookup(catalog: Catalog | None, text: str) -> tuple[str | None, str]:
    """The usable translation of ``text`` (None if none) and its state: ``translated``,
    ``fuzzy`` or ``untranslated``."""
    message = catalog.get(text) if catalog is not None else None
    if message is None or not message.string:
        return None, "untranslated"
    if message.fuzzy:
        return None, "fuzzy"
    return str(message.string), "translated"


def coverage(catalog: Catalog | None, texts: Iterable[str]) -> Coverage:
    """Count each distinct text once, as the catalogue holds it once."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    unique = dict.fromkeys(texts)
    for text in unique:
        counts[lookup(catalog, text)[1]] += 1
    return Coverage(len(unique), counts["translated"], counts["fuzzy"], counts["untranslated"])


def _continuation(block: Block) -> str:
    if len(block.prefixes) > 1:
        return block.prefixes[-1]
    # A list marker becomes spaces of its width; quote markers stay.
    return "".join(ch if ch in "> \t" else " " for ch in block.prefixes[0])


def _blank(prefix: str) -> str:
    return prefix.rstrip()


def _lines(block: Block, text: str) -> list[str]:
    """``text`` placed on the block's lines, each between its original prefix and suffix."""
    if block.kind in ("heading", "row"):
        text = " ".join(part.strip() for part in text.split("\n"))
    cont = _continuation(block)
    out = []
    for number, part in enumerate(text.split("\n")):
        inside = number < len(block.prefixes)
        prefix = block.prefixes[number] if inside else cont
        suffix = block.suffixes[number] if inside else ""
        out.append(prefix + part + suffix if part else _blank(prefix))
    return out


def _mark_row(text: str, cells: tuple[str, ...]) -> str:
    out, at = [], 0
    for cell in cells:
        found = text.find(cell, at) if cell.strip() else -1
        if found < 0:
            continue
        out += [text[at:found], OPEN_SPAN, cell, CLOSE_SPAN]
        at = found + len(cell)
    return "".join(out) + text[at:]


def _english(block: Block, next_line: str | None) -> list[str]:
    """The block in English, marked ``lang="en"``."""
    if block.kind == "row":
        return _lines(block, _mark_row(block.text, block.cells))
    if block.kind == "heading" or (block.in_list and block.kind == "paragraph"):
        return _lines(block, OPEN_SPAN + block.text + CLOSE_SPAN)
    if block.in_list:
        return _lines(block, block.text)  # raw HTML in a list item: a div would end the item
    cont = _continuation(block)
    lines = [block.prefixes[0] + OPEN_DIV, _blank(cont), *_lines(block, block.text)]
    lines += [_blank(cont), cont + CLOSE_DIV]
    # A raw HTML block runs on to the next blank line: keep what follows out of it.
    if next_line is not None and next_line.strip(" \t>"):
        lines.append(_blank(cont))
    return lines


def rejoin(source: str, catalog: Catalog | None) -> str:
    """A Markdown cell with every unit translated, or left English and marked."""
    lines = source.split("\n")
    out: list[str] = []
    done = 0
    for block in markdown_blocks(source):
        out += lines[done : block.start]
        text = lookup(catalog, block.text)[0]
        if text is not None:
            out += _lines(block, text)
        else:
            out += _english(block, lines[block.end] if block.end < len(lines) else None)
        done = block.end
    out += lines[done:]
    return "\n".join(out)


def _code(source: str, catalog: Catalog | None) -> str:
    for item in reversed(code_strings(source)):
        text, _state = lookup(catalog, item.value)
        if text is not None and text != item.value:
            source = source[: item.begin] + repr(text) + source[item.end :]
    return source


def _meta(meta: Mapping[str, Any], catalog: Catalog | None) -> dict[str, Any]:
    english: list[str] = []  # left untranslated: printed and shown marked lang="en"

    def say(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        found = lookup(catalog, text)[0]
        if found is None and text.strip():
            english.append(text)
        return text if found is None else found

    out = dict(meta)
    for name in META_KEYS:
        value = meta.get(name)
        if isinstance(value, list):
            out[name] = [say(item) for item in value]
        elif isinstance(value, str):
            out[name] = say(value)
    glossary = meta.get("glossary")
    if isinstance(glossary, Mapping):
        out["glossary"] = {say(term): say(text) for term, text in glossary.items()}
    if english:
        out["english"] = sorted(set(english))
    return out


def translate_quiz_bank(bank: Mapping[str, Any], catalog: Catalog | None) -> dict[str, Any]:
    """A quiz bank's TOML data with question, option text and why translated (for the loader).

    Ids, letters and ``correct`` stay; an untranslated string stays English."""
    result = copy.deepcopy(dict(bank))
    for entry in result.get("quiz", []):
        entry["question"] = lookup(catalog, entry["question"])[0] or entry["question"]
        for option in entry.get("options", {}).values():
            for field in ("text", "why"):
                if option.get(field):
                    option[field] = lookup(catalog, option[field])[0] or option[field]
    return result


def translate(
    nb: NotebookNode,
    catalog: Catalog | None,
    lang: str,
    extra: Iterable[Unit] = (),
) -> tuple[NotebookNode, Coverage]:
    """A translated copy of ``nb`` and its coverage.

    ``extra`` are more units counted in the coverage (the quiz bank's, see ``units.quiz_units``),
    so the numbers match the notebook's catalogue. The copy's ``metadata["course"]`` gets
    ``language`` (and ``dir: "rtl"`` for a right-to-left language).
    """
    result = copy.deepcopy(nb)
    texts = [unit.text for unit in units(nb)] + [unit.text for unit in extra]
    meta = _meta(result.metadata.get("course", {}), catalog)
    meta["language"] = lang
    if direction(lang) == "rtl":  # Babel's CLDR data, as everywhere else
        meta["dir"] = "rtl"
    result.metadata["course"] = meta
    for cell in result.cells:
        if cell.cell_type == "markdown":
            cell.source = rejoin(cell.source, catalog)
        elif cell.cell_type == "code":
            cell.source = _code(cell.source, catalog)
    return result, coverage(catalog, texts)
