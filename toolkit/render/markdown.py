"""Member text to safe HTML: markdown-it-py without raw HTML, then nh3 with an allow-list.

Results are cached by text, so a thread renders each body once; plain prose (no Markdown marks)
skips the parser entirely.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from html import escape, unescape
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt

# Tags and attributes a member's text may produce. Nothing that runs, loads or styles.
BODY_TAGS = frozenset(
    {
        "a",
        "p",
        "br",
        "strong",
        "em",
        "del",
        "s",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
BODY_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_SURROGATE = re.compile("[\ud800-\udfff]")
# Prose with none of these needs no Markdown parser.
_MARKDOWN_CHARS = re.compile(
    r"[*_`\[\]<>&#\\~|!\t]|^\s|^[-+=>]|^\d+[.)]|  $|://|@|\n\s*\n\s*\n", re.M
)


_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def link_scheme(url: str) -> str | None:
    """The scheme of a link, read the most suspicious way: entities and %-escapes decoded (again),
    controls, invisible characters and spaces dropped, compatibility forms folded. So
    "&#x6A;avascript:", "java%09script:" and "ｊａｖａｓｃｒｉｐｔ:" all read as "javascript"."""
    text = unicodedata.normalize("NFKC", unquote(unescape(url)))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CZ")
    found = _SCHEME.match(text.casefold())
    return found.group(1) if found else None


def _safe_link(url: str) -> bool:
    # On top of markdown-it's own refusal of javascript:, vbscript:, file: and data:, a link is
    # kept only when it reads, however decoded, as http(s), mailto or a relative or #link.
    scheme = link_scheme(url)
    return scheme is None or scheme in URL_SCHEMES


@cache
def _parser() -> MarkdownIt:
    # js-default: CommonMark with tables and strikethrough, raw HTML off.
    md = MarkdownIt("js-default", {"linkify": False, "typographer": False})
    md.validateLink = _safe_link  # type: ignore[method-assign]
    # Only the system makes quotes; a hand-typed "> " must not look like one. Images would
    # load from the network, so they are off too.
    md.disable(["blockquote", "image"])
    # Options already turn these off; disabling the rules too saves their per-text checks.
    md.disable(["linkify", "replacements", "smartquotes"])
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    # Built once: nh3 compiles the allow-list into its sanitiser here, not on every call.
    return nh3.Cleaner(
        tags=set(BODY_TAGS),
        attributes={k: set(v) for k, v in BODY_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=50_000)
def body_html(text: str) -> str:
    """Safe HTML for a post, comment or signature body."""
    # The forum refuses lone surrogates; text from elsewhere gets U+FFFD instead of an error
    # (a page holding one cannot be saved as UTF-8).
    text = _SURROGATE.sub("\ufffd", text)
    if not _MARKDOWN_CHARS.search(text):
        return _plain_paragraphs(text)
    return _cleaner().clean(_parser().render(text))


def _plain_paragraphs(text: str) -> str:
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    out = []
    for para in paragraphs:
        lines = "\n".join(line.strip() for line in para.splitlines())
        out.append(f"<p>{escape(lines, quote=False)}</p>\n")
    return "".join(out)


def plain_text(text: str) -> str:
    """What a reader sees of the Markdown, without marks (for excerpts and summaries)."""
    html = body_html(text)
    stripped = nh3.clean(html, tags=set())
    return " ".join(unescape(stripped).split())
