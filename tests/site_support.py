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
