"""One allow-list for everything a lesson puts on the course site.

Lesson markdown and notebook outputs come from trainers who remix lessons and from notebooks
found online, so the rendered body of every page goes through :func:`sanitize_html` once: nh3
(the Ammonia sanitiser, a real HTML5 parser, so tricks like ``<scr<script>x</script>ipt>`` or
mixed-case tags do not slip past) keeps only the tags and attributes below. No script, event
handler, ``style`` attribute or element, frame, object, form, ``base``/``meta``/``link``. Links
may be relative, ``#``, http(s) or mailto; images only come from the page's own folder or from a
``data:`` URL of an image type. An image from anywhere else is replaced by its alt text, so an
offline page never makes a request. The page's Content-Security-Policy (:data:`CSP`) is a second
wall behind this one.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import cache
from urllib.parse import unquote

import nh3

from toolkit.i18n import N_, _

__all__ = ["CSP", "NO_ALT", "TAGS", "image_src_allowed", "link_allowed", "sanitize_html"]

# Pages load course.css and images from their own folder or data: URLs; nothing else at all.
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
# English here; translated where it is written into a page (``_(NO_ALT)``).
NO_ALT = N_("No description has been provided for this image")

TAGS = frozenset(
    {
        *("a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "button"),
        *("caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div"),
        *("dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark"),
        *("nav", "ol", "optgroup", "option", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp"),
        *("section", "select", "small", "span", "strong", "sub", "summary", "sup", "table"),
        *("tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var"),
        "wbr",
    }
)
# Removed together with everything inside them (their content is code, not text to read).
# Inline <svg>/<math> go too: an SVG *output* is shown as an <img> instead (see site.py).
DROP_WITH_CONTENT = frozenset(
    {
        *("script", "style", "svg", "math", "iframe", "frame", "frameset", "object", "embed"),
        *("applet", "template", "noscript", "noembed", "noframes", "xmp", "title"),
    }
)
_CELL = {"colspan", "rowspan", "headers", "scope"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "td": _CELL,
    "th": _CELL,
    "col": {"span"},
    "colgroup": {"span"},
    "table": {"border"},
    "details": {"open"},
    "label": {"for"},
    # Static snapshots of the toolkit's forms: disabled controls, never submitted anywhere.
    "input": {"disabled", "readonly", "size", "value", "placeholder", "checked"},
    "select": {"disabled", "multiple"},
    "option": {"disabled", "selected", "value", "label"},
    "optgroup": {"disabled", "label"},
    "textarea": {"disabled", "readonly", "rows", "cols", "placeholder"},
    "button": {"disabled"},
}
ATTRIBUTE_VALUES = {
    "input": {"type": {"text", "checkbox", "radio"}},
    "button": {"type": {"button"}},
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|jpg|gif|webp|svg\+xml)[;,]", re.I)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_SPACE = "".join(map(chr, range(0x21)))


def _normalise_url(value: str) -> str:
    """The URL as a browser reads it: outer controls and spaces gone, tabs and newlines removed."""
    return _TAB_NEWLINE.sub("", value.strip(_C0_SPACE))


def _relative_inside(url: str) -> bool:
    """A relative path that cannot leave the page's folder (no ``/``, ``//host``, ``..``)."""
    # Browsers read "\" as "/" and decode %2e as "." in file: and http(s): paths.
    path = unquote(url.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if url.startswith(("/", "\\")) or path.startswith("/"):
        return False
    return not posixpath.normpath(path or ".").startswith("..")


def link_allowed(value: str) -> str | None:
    """``value`` (normalised) if it is fine as a link: ``#``, relative, http(s) or mailto."""
    url = _normalise_url(value)
    scheme = _SCHEME.match(url)
    if scheme:
        return url if scheme.group(1).lower() in LINK_SCHEMES else None
    # //host and \\host are another machine (on Windows, file://host/ also sends a login hash).
    return None if url.startswith(("//", "\\", "/\\")) else url


def image_src_allowed(value: str) -> str | None:
    """``value`` (normalised) if it is a data: image or a file inside the page's own folder."""
    url = _normalise_url(value)
    if _IMAGE_DATA.match(url):
        return url
    if _SCHEME.match(url) or not url:
        return None
    return url if _relative_inside(url) else None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in _URL_ATTRIBUTES:
        return value
    return image_src_allowed(value) if tag == "img" else link_allowed(value)


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values=ATTRIBUTE_VALUES,
        attribute_filter=_attribute_filter,
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(LINK_SCHEMES | {"data"}),  # data: only for images (_attribute_filter)
        strip_comments=True,
    )


# nh3 writes attributes double-quoted with <, >, & and " escaped, so this matches whole tags.
_IMG = re.compile(r"<img\b([^>]*)>")
_ALT = re.compile(r'\salt="([^"]*)"')


def _image(match: re.Match[str]) -> str:
    attributes = match.group(1)
    alt = _ALT.search(attributes)
    if re.search(r'\ssrc="', attributes):
        if alt:
            return match.group(0)
        return f'<img alt="{html.escape(_(NO_ALT))}"{attributes}>'
    # Its source was refused (remote, or outside the site): show its words instead.
    if alt is None:
        text = html.escape(_("[An image that is not part of this course: not shown.]"))
    elif not alt.group(1).strip():
        return ""  # decorative
    else:
        text = alt.group(1)  # already escaped by nh3
    return f'<span class="tk-image-removed">{text}</span>'


# A Markdown tick list ("- [ ] Call a friend") comes out as a disabled checkbox with no label,
# which screen readers announce as an unnamed control. On a page to read, it is a drawn box.
_TASK_BOX = re.compile(r'<input class="task-list-item-checkbox"[^>]*>')


def _task_box(match: re.Match[str]) -> str:
    box = "☑" if "checked" in match.group(0) else "☐"
    return f'<span class="tk-task-box" aria-hidden="true">{box}</span> '


def sanitize_html(body: str) -> str:
    """``body`` with everything outside the allow-list removed (see the module docstring)."""
    return _TASK_BOX.sub(_task_box, _IMG.sub(_image, _cleaner().clean(body)))
