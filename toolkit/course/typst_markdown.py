"""Markdown -> Typst markup, from markdown-it-py's syntax tree.

Everything that came from an author or a forum member is text, never markup: every ASCII
punctuation character is backslash-escaped (Typst treats ``\\c`` as the literal ``c``) and
raw HTML is parsed as plain text (``html`` is disabled), so ``#set page(...)``, ``#import``
or ``<script>`` print literally. Code goes through Typst string literals (``#raw("...")``),
which have their own, complete escaping.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from toolkit.i18n import _

__all__ = [
    "ImageResolver",
    "break_long_words",
    "escape_text",
    "image_placeholder",
    "inline_markdown_to_typst",
    "markdown_to_typst",
    "nodes_to_typst",
    "parse_markdown",
    "plain_text",
    "typst_string",
]

# src, alt -> a path Typst can read (e.g. "/img-1.png" under the compile root) or None.
ImageResolver = Callable[[str], str | None]

_PUNCT = frozenset(string.punctuation)
ZWSP = "\u200b"
# Runs longer than this without a space get invisible break opportunities so URLs, hashes
# and code never run off the printed page.
LONG_WORD = 28
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")
_BREAK_AFTER = re.compile(r"([/.\-_?&=#:,;@])")
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u1780-\u17ff]")
# What toolkit.course.l10n writes around a block or a line left in English in a translation
# (raw HTML is text here, so these arrive as text): printed as English, left to right.
EN_DIV, EN_DIV_END = '<div lang="en">', "</div>"
EN_SPAN, EN_SPAN_END = '<span lang="en">', "</span>"
EN_BLOCK = '#block(width: 100%)[#set text(lang: "en", dir: ltr)\n{}]'
# Code blocks with one of these info strings are prose samples (a draft post), not code.
_TEXT_FENCES = frozenset({"text", "txt", "plain", "markdown", "md"})
# "[ ]" / "[x]": a box to tick on paper (a task-list item, or a box in a table cell).
_TICK = re.compile(r"\[([ xX])\]")
_TICK_ITEM = re.compile(r"^\s*\[([ xX])\]\s*")
# An empty square the reader ticks with a pen; a ticked one carries a drawn cross (no glyph a
# font may lack). Black outline, no fill: it photocopies.
TICK_BOX = "#box(width: 0.9em, height: 0.9em, baseline: 0.12em, stroke: 0.9pt + black)"
TICKED_BOX = (
    "#box(width: 0.9em, height: 0.9em, baseline: 0.12em, stroke: 0.9pt + black, "
    "place(line(start: (15%, 15%), end: (85%, 85%), stroke: 1pt)) + "
    "place(line(start: (85%, 15%), end: (15%, 85%), stroke: 1pt)))"
)


@cache
def _parser() -> MarkdownIt:
    # commonmark + tables/strikethrough; html=False turns raw HTML into literal text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def break_long_words(text: str, limit: int = LONG_WORD) -> str:
    """Insert zero-width spaces into very long unbroken runs so they can wrap."""

    def fix(match: re.Match[str]) -> str:
        run = _BREAK_AFTER.sub(lambda m: m.group(1) + ZWSP, match.group(0))
        # Still-long pieces (hashes, base64) get a break every ``limit`` characters.
        pieces = []
        for piece in run.split(ZWSP):
            pieces.append(
                ZWSP.join(piece[i : i + limit] for i in range(0, len(piece), limit)) or piece
            )
        return ZWSP.join(pieces)

    return _LONG_RUN.sub(fix, text)


def escape_text(text: str, *, wrap: bool = True) -> str:
    """Typst markup that prints ``text`` literally (one paragraph, newlines become spaces)."""
    if wrap:
        text = break_long_words(text)
    out = []
    for ch in text:
        if ch in _PUNCT:
            out.append("\\" + ch)
        elif ch in "\r\n\t":
            # A backslash before whitespace is a Typst line break, so whitespace is never
            # escaped; newlines would end a paragraph or start a list, so they become spaces.
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def typst_string(text: str) -> str:
    """A Typst string literal (with quotes) holding ``text`` exactly."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def image_placeholder(alt: str = "", src: str = "") -> str:
    """Markup for an image that cannot be printed: its description in a dashed frame.

    A web address (``src``) is printed too, so the reader can look the picture up.
    """
    alt = " ".join(alt.split())
    label = (
        _("Image could not be printed: {alt}").format(alt=alt)
        if alt
        else _("Image could not be printed")
    )
    if re.match(r"https?://", src, re.IGNORECASE):
        label += f" ({src[:100]})"
    # Dashed frame and italics, no colour: it reads as "missing picture" on a greyscale copy.
    return (
        '#box(stroke: (paint: luma(60), thickness: 0.8pt, dash: "dashed"), radius: 2pt, '
        f"inset: (x: 5pt, y: 3pt), outset: (y: 2pt))[#emph[\\[{escape_text(label)}\\]]]"
    )


def is_rtl(text: str) -> bool:
    """True when the first strongly directional letter is Arabic/Hebrew script."""
    rtl = _RTL.search(text)
    if rtl is None:
        return False
    ltr = _STRONG_LTR.search(text)
    return ltr is None or rtl.start() < ltr.start()


class _Converter:
    def __init__(
        self,
        heading_offset: int,
        resolve_image: ImageResolver | None,
        code_stand_in: str | None = None,
        tick_lists: bool = False,
    ) -> None:
        self.heading_offset = heading_offset
        self.resolve_image = resolve_image
        self.code_stand_in = code_stand_in
        self.tick_lists = tick_lists
        self.strip_mark = False  # the next text starts a task item: drop its "[ ]"
        self.small_print = True  # a link's address in smaller type after its text

    # -- blocks -------------------------------------------------------------------------
    def blocks(self, nodes: list[SyntaxTreeNode]) -> str:
        parts: list[str] = []
        english = -1  # english: where the open <div lang="en"> is in parts
        for node in nodes:
            marker = _plain(node).strip() if node.type == "paragraph" else None
            if marker == EN_DIV and english < 0:
                english = len(parts)
            elif marker == EN_DIV_END and english >= 0:
                inner = "\n\n".join(p for p in parts[english:] if p)
                parts[english:] = [EN_BLOCK.format(inner)]
                english = -1
            else:
                parts.append(self.block(node))
        return "\n\n".join(p for p in parts if p)

    def block(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "paragraph":
            body = self.inlines(node.children)
            if node.hidden:  # tight list item: no paragraph spacing
                return body
            if is_rtl(_plain(node)):
                # Right-to-left paragraph: Typst derives direction and start alignment from lang.
                return f'#block(width: 100%)[#set text(lang: "ar")\n{body}]'
            return body
        if kind == "heading":
            level = min(6, int(node.tag[1:]) + self.heading_offset)
            return f"#heading(level: {level})[{self.inlines(node.children)}]"
        if kind in ("bullet_list", "ordered_list"):
            return self.list_(node)
        if kind in ("fence", "code_block"):
            lang = (node.info or "").strip().split(" ")[0]
            if self.code_stand_in is not None and lang.lower() not in _TEXT_FENCES:
                return f"#emph[{escape_text(self.code_stand_in)}]"
            code = break_long_words(node.content.rstrip("\n"), limit=60)
            lang_arg = f", lang: {typst_string(lang)}" if re.fullmatch(r"[\w+-]+", lang) else ""
            return f"#raw({typst_string(code)}, block: true{lang_arg})"
        if kind == "blockquote":
            return f"#quote(block: true)[{self.blocks(node.children)}]"
        if kind == "hr":
            return "#line(length: 100%, stroke: 0.6pt + luma(120))"
        if kind == "table":
            return self.table(node)
        if kind in ("html_block", "html_inline"):  # unreachable with html=False; belt and braces
            return escape_text(node.content)
        if kind == "inline":
            return self.inlines(node.children)
        return self.blocks(node.children) if node.children else escape_text(node.content)

    def list_(self, node: SyntaxTreeNode) -> str:
        if node.type == "bullet_list" and (self.tick_lists or _is_task_list(node)):
            return self.tick_list(node)
        items = []
        for item in node.children:
            items.append(f"[{self.blocks(item.children)}]")
        tight = (
            "true"
            if all(
                c.hidden for item in node.children for c in item.children if c.type == "paragraph"
            )
            else "false"
        )
        if node.type == "ordered_list":
            start = int(node.attrs.get("start", 1) or 1)
            return f"#enum(tight: {tight}, start: {start}, {', '.join(items)})"
        return f"#list(tight: {tight}, {', '.join(items)})"

    def tick_list(self, node: SyntaxTreeNode) -> str:
        """A list to tick on paper: one box per item ("- [ ] ..." or, on a take-home sheet,
        any bullet list); "[x]" items keep their tick."""
        rows = []
        for item in node.children:
            ticked = _task_mark(item) in ("x", "X")
            self.strip_mark = True
            body = self.blocks(item.children)
            self.strip_mark = False
            box = TICKED_BOX if ticked else TICK_BOX
            rows.append(f"#grid(columns: (1.5em, 1fr), column-gutter: 0.2em, {box[1:]}, [{body}])")
        # Items stay apart enough to tick one with a pen.
        row = "#block(above: 0.55em, below: 0.55em, breakable: false)[{}]"
        inner = "\n".join(row.format(r) for r in rows)
        return f"#block(above: 0.8em, below: 0.8em)[{inner}]"

    def table(self, node: SyntaxTreeNode) -> str:
        header: list[str] = []
        body: list[str] = []
        aligns: list[str] = []
        columns = 0
        for section in node.children:
            for row in section.children:
                cells = []
                for cell in row.children:
                    style = str(cell.attrs.get("style", ""))
                    if section.type == "thead":
                        # "start": the left in English, the right in Arabic.
                        aligns.append(
                            "right" if "right" in style else "center" if "center" in style
                            else "start"
                        )  # fmt: skip
                    text = self.inlines(cell.children[0].children) if cell.children else ""
                    cells.append(f"[{text}]")
                columns = max(columns, len(cells))
                (header if section.type == "thead" else body).extend(cells)
        if not columns:
            return ""
        align = f"({', '.join(aligns)},)" if aligns else "start"
        parts = [f"columns: {columns}", f"align: {align}"]
        if header:
            parts.append(f"table.header({', '.join(header)})")
        parts.extend(body)
        return f"#table({', '.join(parts)})"

    # -- inlines ------------------------------------------------------------------------
    def inlines(self, nodes: list[SyntaxTreeNode]) -> str:
        first, last = (nodes[0], nodes[-1]) if nodes else (None, None)
        if (
            first is not None and last is not None and first.type == last.type == "text"
            and first.content.startswith(EN_SPAN) and last.content.endswith(EN_SPAN_END)
            and (first is not last or len(first.content) >= len(EN_SPAN + EN_SPAN_END))
        ):  # fmt: skip
            # A line left in English inside a translation: marked, the markers not printed.
            head, tail = first.content[len(EN_SPAN) :], last.content[: -len(EN_SPAN_END)]
            if first is last:
                inner = self.text(head[: -len(EN_SPAN_END)])
            else:
                middle = "".join(self.inline(n) for n in nodes[1:-1])
                inner = self.text(head) + middle + self.text(tail)
            return f'#text(lang: "en", dir: ltr)[{inner}]'
        return "".join(self.inline(n) for n in nodes)

    def text(self, content: str) -> str:
        """Plain text; every "[ ]" or "[x]" in it prints as a box (a form's tick box)."""
        if self.strip_mark:
            # The first text of a task item: its "[ ]" is the list's box, already drawn.
            content = _TICK_ITEM.sub("", content, count=1)
            self.strip_mark = False
        out = []
        last = 0
        for match in _TICK.finditer(content):
            out.append(escape_text(content[last : match.start()]))
            out.append(TICK_BOX if match.group(1) == " " else TICKED_BOX)
            last = match.end()
        out.append(escape_text(content[last:]))
        return "".join(out)

    def inline(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "text":
            return self.text(node.content)
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "#linebreak()"
        if kind == "em":
            return f"#emph[{self.inlines(node.children)}]"
        if kind == "strong":
            return f"#strong[{self.inlines(node.children)}]"
        if kind == "s":
            return f"#strike[{self.inlines(node.children)}]"
        if kind == "code_inline":
            return f"#raw({typst_string(break_long_words(node.content))})"
        if kind == "link":
            return self.link(node)
        if kind == "image":
            return self.image(node)
        if kind == "html_inline":
            return escape_text(node.content)
        if node.children:
            return self.inlines(node.children)
        return escape_text(node.content)

    def link(self, node: SyntaxTreeNode) -> str:
        href = str(node.attrs.get("href", ""))
        label = self.inlines(node.children)
        plain = _plain(node)
        shown = href.removeprefix("mailto:")
        # Paper cannot be clicked: print the address after the text unless the text is it.
        if not href or href.startswith("#") or plain.strip() in (href, shown):
            return label or escape_text(shown)
        url = escape_text(shown)
        address = f"(#link({typst_string(href)})[{url}])"
        if self.small_print:
            return f"{label} #text(size: 0.85em)[{address}]"
        return f"{label} {address}"

    def image(self, node: SyntaxTreeNode) -> str:
        src = str(node.attrs.get("src", ""))
        alt = _plain(node).strip()
        path = self.resolve_image(src) if self.resolve_image else None
        if path is None:
            # Remote, missing or unreadable image: its description keeps the page meaningful.
            return image_placeholder(alt, src)
        caption = escape_text(alt)
        alt_arg = f", alt: {typst_string(alt)}" if alt else ""
        img = f"image({typst_string(path)}, width: 80%{alt_arg})"
        if alt:
            return f"#figure({img}, caption: [{caption}])"
        return f"#figure({img})"


def _task_mark(item: SyntaxTreeNode) -> str | None:
    """ " ", "x" or "X" when a list item starts with "[ ]" / "[x]", else None."""
    first = item.children[0] if item.children else None
    if first is None or first.type != "paragraph":
        return None
    match = _TICK_ITEM.match(_plain(first))
    return match.group(1) if match else None


def _is_task_list(node: SyntaxTreeNode) -> bool:
    """Every item starts with "[ ]" or "[x]" (GitHub's task list)."""
    return bool(node.children) and all(_task_mark(i) is not None for i in node.children)


def _plain(node: SyntaxTreeNode) -> str:
    """The visible text of a node (for alt text, link comparisons and direction)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.children:
        return "".join(_plain(c) for c in node.children)
    return node.content or ""


def markdown_to_typst(
    text: str,
    *,
    heading_offset: int = 0,
    resolve_image: ImageResolver | None = None,
    code_stand_in: str | None = None,
    tick_lists: bool = False,
) -> str:
    """Typst markup for Markdown ``text``; safe to ``eval(..., mode: "markup")``.

    With ``code_stand_in``, every code block (except ```` ```text ```` samples) prints as that
    sentence instead: learner handouts show no code. "- [ ]" task lists (and, with
    ``tick_lists``, every bullet list) print as boxes to tick.
    """
    tree = SyntaxTreeNode(_parser().parse(text or ""))
    conv = _Converter(heading_offset, resolve_image, code_stand_in, tick_lists)
    return conv.blocks(tree.children)


def nodes_to_typst(
    nodes: list[SyntaxTreeNode],
    *,
    heading_offset: int = 0,
    code_stand_in: str | None = None,
    takehome: bool = False,
) -> str:
    """Markup for part of a parsed Markdown tree (one list item: one card; one block).

    ``takehome``: every bullet list is a tick list and nothing prints smaller than the text
    around it (a link's address too): the take-home sheet's smallest text is its body text.
    """
    conv = _Converter(heading_offset, None, code_stand_in, tick_lists=takehome)
    conv.small_print = not takehome
    return conv.blocks(nodes)


def parse_markdown(text: str) -> SyntaxTreeNode:
    """The Markdown syntax tree, parsed the way every printed page reads Markdown."""
    return SyntaxTreeNode(_parser().parse(text or ""))


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of a parsed node (no markup)."""
    return _plain(node)


def inline_markdown_to_typst(text: str) -> str:
    """Markup for a one-line Markdown snippet (objectives, key points): no paragraphs."""
    tree = SyntaxTreeNode(_parser().parseInline(text or ""))
    conv = _Converter(0, None)
    return "".join(conv.block(n) for n in tree.children)
