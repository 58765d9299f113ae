"""Helpers for the site's safety tests: the hostile course built once, and the safety check.

The check is written independently of ``toolkit.course.sanitize`` (its own lists, its own URL
reading) so a mistake in the sanitiser's allow-list cannot hide itself.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PAYLOAD_HOST = "example.invalid"

# Elements that run code, load something, navigate, or submit: never in a sanitised body.
DANGEROUS_TAGS = frozenset(
    {
        *("script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object"),
        *("embed", "applet", "form", "svg", "math", "template", "video", "audio", "source"),
        *("track", "picture", "portal", "noscript", "isindex", "xmp", "plaintext", "body"),
        *("html", "head", "title", "param", "canvas", "dialog", "slot"),
    }
)
# Attributes that hold a URL the browser fetches or navigates to.
URL_ATTRIBUTES = frozenset(
    {
        *("href", "src", "srcset", "poster", "background", "action", "formaction", "data"),
        *("cite", "ping", "xlink:href", "codebase", "longdesc", "lowsrc", "dynsrc", "manifest"),
        *("icon", "usemap", "archive", "classid", "imagesrcset", "srcdoc"),
    }
)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)


def browser_url(value: str) -> str:
    """A URL as a browser reads it (outer controls stripped, tabs and newlines removed)."""
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))


def _scheme(url: str) -> str | None:
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def link_problem(value: str) -> str | None:
    url = browser_url(value)
    scheme = _scheme(url)
    if scheme is not None:
        return None if scheme in {"http", "https", "mailto"} else f"link scheme {scheme}:"
    if url.startswith(("//", "\\", "/\\", "/")):
        return "link to another host or the disk root"
    return None


def image_problem(value: str) -> str | None:
    url = browser_url(value)
    if _DATA_IMAGE.match(url):
        return None
    if _scheme(url) is not None:
        return "image from outside the site"
    path = unquote(url).replace("\\", "/")
    if path.startswith("/") or ".." in path.split("/"):
        return "image outside the page's folder"
    return None


def safety_problems(body: str) -> list[str]:
    """Everything unsafe in ``body`` (HTML), by parsing it: empty when it is safe to publish."""
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", MarkupResemblesLocatorWarning
        )  # short bodies look like URLs
        soup = BeautifulSoup(body, "html.parser")
    problems = []
    for el in soup.find_all(True):
        if el.name in DANGEROUS_TAGS:
            problems.append(f"<{el.name}> element")
        for name, value in el.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                problems.append(f"event handler {name} on <{el.name}>")
            elif name.lower() == "style":
                problems.append(f"style attribute on <{el.name}>")
            elif name.lower() in {"href", "cite"}:
                problem = link_problem(text)
                if problem:
                    problems.append(f"{problem} in <{el.name} {name}={text!r}>")
            elif name.lower() == "src" and el.name == "img":
                problem = image_problem(text)
                if problem:
                    problems.append(f"{problem}: <img src={text!r}>")
            elif name.lower() in URL_ATTRIBUTES:
                problems.append(f"URL attribute {name} on <{el.name}>")
            if "javascript:" in browser_url(text).lower().replace(" ", ""):
                problems.append(f"javascript: in {name} of <{el.name}>")
    return problems


def lesson_body(page: str) -> str:
    """The ``<main>`` of a built page: the part that comes from the lesson."""
    main = BeautifulSoup(page, "html.parser").find("main")
    assert main is not None
    return main.decode_contents()


def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/hostile built once per test session (HTML only); its output folder."""
    from toolkit.course.build import build_course
    from toolkit.course.config import load_course

    root = tmp_path_factory.getbasetemp() / "hostile-course"
    out = root / "_build"
    if (out / "learner" / "01-hostile.html").is_file():
        return out
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(HOSTILE, root / "course")
    report = build_course(
        load_course(root / "course" / "course.toml"), out, jobs=1, progress=False, pdf=False
    )
    assert report.ok, [str(r.error) for r in report.failed] + [str(e) for e in report.course_errors]
    return out


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {str(el["id"]) for el in soup.find_all(id=True)}
    return cache[page]


def broken_links(site: Path) -> list[str]:
    """Every link on the built site (learner and trainer pages) that leads nowhere.

    ``href="#x"`` needs an element with id ``x`` on its page (as written or percent-decoded,
    as browsers look it up); a relative href needs its file, and its ``#x`` an id there.
    Links to other sites (http, https, mailto) are not followed: the site works offline.
    """
    ids: dict[Path, set[str]] = {}
    problems = []
    for page in sorted(site.glob("*/*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = str(a["href"])
            if re.match(r"[a-zA-Z][a-zA-Z0-9+.\-]*:", href):
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / unquote(path)) if path else page
            where = f"{page.relative_to(site)}: <a href={href!r}> ({a.get_text(' ', strip=True)!r})"
            if not target.is_file():
                problems.append(f"{where}: no file {target.name}")
            elif fragment and target.suffix == ".html":
                if not {fragment, unquote(fragment)} & _ids(target, ids):
                    problems.append(f"{where}: no id {unquote(fragment)!r} on {target.name}")
    return problems
