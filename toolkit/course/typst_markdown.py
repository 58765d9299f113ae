"""Markdown -> Typst markup, from markdown-it-py's syntax tree.

Everything that came from an author or a forum member is text, never markup: every ASCII
punctuation character is backslash-escaped (Typst treats ``\\c`` as the literal ``c``) and
raw HTML is parsed as plain text (``html`` is disabled), so ``#set page(...)``, ``#import``
or ``<script>`` print literally. Code goes through Typst string literals (``#raw("...")``),
which have their own, complete escaping.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from toolkit.course.typst_text import (
    EN_BLOCK,
    EN_DIV,
    EN_DIV_END,
    EN_SPAN,
    EN_SPAN_END,
    TICK_BOX,
    TICKED_BOX,
    ZWSP,
    ImageResolver,
    break_long_words,
    english_inline,
    escape_text,
    image_placeholder,
    is_rtl,
    typst_string,
)

__all__ = [
    # Re-exported from typst_text, where they moved: callers keep importing them from here.
    "EN_BLOCK",
    "EN_DIV",
    "EN_DIV_END",
    "EN_SPAN",
    "EN_SPAN_END",
    "TICKED_BOX",
    "TICK_BOX",
    "ZWSP",
    "is_rtl",
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

# Code blocks with one of these info strings are prose samples (a draft post), not code.
_TEXT_FENCES = frozenset({"text", "txt", "plain", "markdown", "md"})
# "[ ]" / "[x]": a box to tick on paper (a task-list item, or a box in a table cell).
_TICK = re.compile(r"\[([ xX])\]")
_TICK_ITEM = re.compile(r"^\s*\[([ xX])\]\s*")


@cache
def _parser() -> MarkdownIt:
    # commonmark + tables/strikethrough; html=False turns raw HTML into literal text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


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
            return english_inline(inner)
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
