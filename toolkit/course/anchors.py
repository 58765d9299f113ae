"""In-page links and landmarks of a finished lesson page (run on the sanitised body).

A forum output links to the entries it mentions (``#post-1``): in JupyterLab that entry may be
shown by another cell, on a site page it may not be there at all. Such a link (class
``tk-anchor``, written by :mod:`toolkit.render.html`) is kept only when its target is on the
page; otherwise its words stay, as plain text, and a quote's link says where the post is not.
Links the lesson's author wrote are left alone (a broken one is an authoring mistake that the
site's link test reports). Two form snapshots with the same name would be two landmarks a
screen reader cannot tell apart, so repeated names are numbered.

The input is nh3's output: attributes double-quoted, ``&``, ``<``, ``>`` and ``"`` escaped, no
``<a>`` inside an ``<a>``, so these patterns match whole tags.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from toolkit.i18n import _

__all__ = ["fragment_targets", "page_ids", "resolve_forum_links", "unique_landmark_names"]

_ID = re.compile(r'\sid="([^"]*)"')
_A = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="#([^"]*)"')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_LANDMARK = re.compile(r'<(section|nav|aside)\b([^>]*?)\saria-label="([^"]*)"')


def page_ids(page: str) -> set[str]:
    """Every ``id`` on the page, as the browser reads it (entities decoded)."""
    return {html.unescape(value) for value in _ID.findall(page)}


def fragment_targets(fragment: str) -> set[str]:
    """The ids a ``#fragment`` may name: browsers try it as written, then percent-decoded."""
    return {fragment, unquote(fragment)}


def _classes(attributes: str) -> list[str]:
    match = _CLASS.search(attributes)
    return match.group(1).split() if match else []


def resolve_forum_links(body: str, ids: set[str] | None = None) -> str:
    """``body`` with every forum link (``a.tk-anchor``) whose target is not on the page unlinked.

    ``ids`` are the page's ids (default: those in ``body``).
    """
    known = page_ids(body) if ids is None else ids

    def fix(match: re.Match[str]) -> str:
        attributes, words = match.group(1), match.group(2)
        href = _HREF.search(attributes)
        classes = _classes(attributes)
        if "tk-anchor" not in classes or href is None:
            return match.group(0)
        if fragment_targets(html.unescape(href.group(1))) & known:
            return match.group(0)
        if "tk-source" in classes:  # "read the full post": say it is not here
            note = html.escape(_("(not on this page)"))
            return (
                f'<span class="tk-source">{words}</span> <span class="tk-quote-state">{note}</span>'
            )
        return f'<span class="tk-unlinked">{words}</span>'

    return _A.sub(fix, body)


def unique_landmark_names(body: str, taken: set[str] | None = None) -> str:
    """``body`` with a repeated landmark name numbered: "Quote a post", "Quote a post (2)".

    ``taken`` are names already used on the page outside ``body`` (the navigation).
    """
    seen: dict[str, int] = dict.fromkeys((t.strip().casefold() for t in taken or ()), 1)

    def number(match: re.Match[str]) -> str:
        tag, attributes, name = match.groups()
        key = html.unescape(name).strip().casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 1:
            return match.group(0)
        return f'<{tag}{attributes} aria-label="{name} ({seen[key]})"'

    return _LANDMARK.sub(number, body)
