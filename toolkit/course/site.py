"""The HTML site: one page per lesson and audience, an index with the course outline.

Pages are self-contained apart from ``course.css`` next to them, load no script and request
nothing from any remote host, so the site works offline from ``file://``. A lesson's body (its
cells, sanitised) comes from :mod:`toolkit.course.site_body`. The page shell around it comes
from Jinja2 templates (``templates/*.html.j2``, autoescaped: titles and other values are text,
only the sanitised body is passed as markup); its Content-Security-Policy forbids script and
any request outside the page's folder. The shell's fixed words go through the message
catalogue when each page is written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course.anchors import resolve_forum_links, unique_landmark_names
from toolkit.course.files import atomic_write_bytes, atomic_write_text
from toolkit.course.sanitize import CSP
from toolkit.course.site_body import left_to_right_fallbacks, render_cells, scrollable_tables
from toolkit.i18n import N_, _, ngettext

if TYPE_CHECKING:
    import jinja2
    import nbformat
    from markupsafe import Markup

__all__ = [
    "CSS_FILE",
    "STYLESHEET",
    "Edition",
    "Link",
    "OutlineItem",
    "index_page",
    "lesson_page",
    "plain_page",
    "render_cells",
    "write_stylesheet",
]

STYLESHEET = Path(__file__).with_name("site.css")
CSS_FILE = "course.css"
# Marked for the catalogue, translated when a page is written (the language can change later).
NAV_LABELS = (N_("Lesson navigation"), N_("Lesson navigation, bottom"))
EDITIONS = {
    "learner": N_("Learner edition"),
    "trainer": N_("Trainer edition: includes notes and answers"),
}


@dataclass(frozen=True)
class Edition:
    """What every page of one edition of the site shares (keyword options of the pages)."""

    course_title: str
    audience: str  # "learner" or "trainer"
    language: str = "en"
    licence: str = "CC BY-SA 4.0"
    languages: tuple[str, ...] = ()  # the course's editions (its own first): the switcher
    linked: tuple[str, ...] | None = None  # those that are there (None: all of them)
    page: str = ""  # this page's file name, the same in every edition


@dataclass(frozen=True)
class Link:
    href: str
    title: str


@dataclass(frozen=True)
class OutlineItem:
    """One entry of the course outline (read from the notebook's ``metadata["course"]``)."""

    href: str
    title: str
    part: str
    minutes: int | None = None
    objectives: tuple[str, ...] = ()
    extra: tuple[Link, ...] = field(default_factory=tuple)
    # The title and objectives left in the course's own language (no translation yet): each is
    # marked with that language (and its direction) on a translated page.
    untranslated: frozenset[str] = frozenset()


@cache
def _templates() -> jinja2.Environment:
    """The page templates (``templates/*.html.j2``), compiled once per process.

    Autoescape is on for every template: a value reaches the page as text unless the code marks
    it ``Markup`` (only the lesson body, which the sanitiser has already cleaned).
    """
    import jinja2  # ~0.1 s; a no-op rebuild imports this module, renders nothing

    return jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.course", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails the build, not a blank page
        keep_trailing_newline=True,
    )


def _words() -> dict[str, str]:
    """The site's fixed words in the learner's language (looked up per page, not at import)."""
    return {
        "skip": _("Skip to content"),
        "outline": _("Course outline"),
        "also": _("Also in this course"),
        "no_lessons": _("No lessons yet."),
        "by_the_end": _("By the end you can:"),
        "glossary": _("Glossary"),
        "glossary_intro": _("The new words in this course, from A to Z."),
        "languages": _("Languages"),
    }


def _fallback(page: str, source: str) -> Markup:
    """The attributes of a text left in ``source`` (untranslated) on a page in ``page``: its
    language, for screen readers and hyphenation, and its direction on a right-to-left page,
    so its punctuation stays where it belongs."""
    from markupsafe import Markup, escape

    from toolkit.course.languages import direction

    if page == source:
        return Markup("")
    attrs = f' lang="{escape(source)}"'
    if direction(page) != direction(source):
        attrs += f' dir="{direction(source)}"'
    return Markup(attrs)


def _nav_labels() -> tuple[str, str]:
    """The names of the navigation bars above and below a lesson, translated."""
    top, bottom = NAV_LABELS
    return _(top), _(bottom)


def _time_label(minutes: int) -> str:
    """A lesson's length on the outline ("Time: 60 minutes")."""
    return ngettext("Time: {n} minute", "Time: {n} minutes", minutes).format(n=minutes)


def _page(
    template: str,
    *,
    title: str,
    course_title: str,
    language: str,
    audience: str,
    licence: str,
    languages: tuple[str, ...] = (),
    page: str = "",
    linked: tuple[str, ...] | None = None,
    source: str | None = None,
    **context: object,
) -> str:
    """A complete page from ``template`` (one of ``templates/*.html.j2``) and its own values;
    ``languages`` (the course's, its own first), ``linked`` (those that are there) and
    ``page`` (this file's name) make the language switcher. ``source``: the language of the
    texts left untranslated (the course's own), marked on their elements."""
    from toolkit.course.languages import direction, switcher

    context.setdefault("nav", None)  # the outline has no navigation bar
    return (
        _templates()
        .get_template(template)
        .render(
            title=title,
            course_title=course_title,
            language=language,
            dir=direction(language),
            switcher=switcher(language, languages, audience, page, linked),
            fallback=_fallback(language, source or (languages[0] if languages else "en")),
            audience=audience,
            edition=_(EDITIONS[audience]),
            licence_line=_("Course content licensed {licence}.").format(licence=licence),
            csp=CSP,
            css_file=CSS_FILE,
            words=_words(),
            nav_labels=_nav_labels(),
            **context,
        )
    )


def plain_page(template: str, *, title: str, edition: Edition, **context: object) -> str:
    """A page of the site that has no lesson body (nothing to sanitise), from ``template``
    (one of ``templates/*.html.j2``) and its own values; every value is autoescaped text."""
    return _page(
        template,
        title=title,
        course_title=edition.course_title,
        language=edition.language,
        audience=edition.audience,
        licence=edition.licence,
        languages=edition.languages,
        linked=edition.linked,
        source=None,  # the course's own: languages[0]
        page=edition.page,
        **context,
    )


def _nav(prev: Link | None, nxt: Link | None) -> dict[str, dict[str, str] | None]:
    """The links of a lesson's navigation bar, with their words."""
    return {
        "prev": None
        if prev is None
        else {"href": prev.href, "text": _("Previous: {title}").format(title=prev.title)},
        "next": None
        if nxt is None
        else {"href": nxt.href, "text": _("Next: {title}").format(title=nxt.title)},
    }


def lesson_page(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    prev: Link | None = None,
    next: Link | None = None,  # reads naturally at the call site
    **edition: Any,
) -> str:
    """A complete HTML page for one notebook (already cut down to the audience).

    ``edition`` are the fields of :class:`Edition`: ``course_title`` and ``audience``
    (required), ``language``, ``licence``, ``languages``, ``linked`` and ``page``.
    """
    e = Edition(**edition)
    body = render_cells(nb)
    if not re.search(r"<h1\b", body, re.I):
        body = f"<h1>{html.escape(title)}</h1>\n{body}"
    # A forum link to an entry no cell on this page shows would lead nowhere; two snapshots of
    # one form would be two landmarks with one name.
    body = resolve_forum_links(body)
    body = unique_landmark_names(body, taken=set(_nav_labels()))
    body = scrollable_tables(body)
    from toolkit.course.languages import direction

    body = left_to_right_fallbacks(body, direction(e.language))
    from markupsafe import Markup  # comes with jinja2, imported on first page

    return _page(
        "lesson.html.j2",
        title=title,
        course_title=e.course_title,
        language=e.language,
        audience=e.audience,
        licence=e.licence,
        languages=e.languages,
        linked=e.linked,
        page=e.page,
        nav=_nav(prev, next),
        body=Markup(body),  # sanitised by render_cells; our own markup added since
    )


def index_page(
    items: list[OutlineItem],
    *,
    course_title: str,
    audience: str,
    language: str = "en",
    licence: str = "CC BY-SA 4.0",
    extra: tuple[Link, ...] = (),
    languages: tuple[str, ...] = (),
    linked: tuple[str, ...] | None = None,
    source: str | None = None,
) -> str:
    """The course outline: title, time and objectives per lesson, each linked to its page."""
    total = sum(i.minutes or 0 for i in items if i.part == "lesson")
    hours, minutes = divmod(total, 60)
    about = _("About {hours} h {minutes} min of teaching.").format(
        hours=hours, minutes=f"{minutes:02d}"
    )
    return _page(
        "index.html.j2",
        title=_("Course outline"),
        course_title=course_title,
        language=language,
        audience=audience,
        licence=licence,
        languages=languages,
        linked=linked,
        source=source,
        page="index.html",
        items=items,
        extra=extra,
        total=about if total else "",
        time_label=_time_label,
    )


@dataclass(frozen=True)
class GlossaryEntry:
    """A new word, its plain definition, and the lesson that introduces it."""

    term: str
    definition: str
    lesson: Link
    # Left in the course's own language (no translation yet): marked with it on the page.
    term_untranslated: bool = False
    definition_untranslated: bool = False


def glossary_page(
    entries: list[GlossaryEntry],
    *,
    course_title: str,
    audience: str,
    language: str = "en",
    licence: str = "CC BY-SA 4.0",
    languages: tuple[str, ...] = (),
    linked: tuple[str, ...] | None = None,
    source: str | None = None,
) -> str:
    """Every new word in the course, A to Z, each linked to the lesson that introduces it."""
    return _page(
        "glossary.html.j2",
        title=_("Glossary"),
        course_title=course_title,
        language=language,
        audience=audience,
        licence=licence,
        languages=languages,
        linked=linked,
        source=source,
        page="glossary.html",
        nav=_nav(None, None),
        entries=sorted(entries, key=lambda e: e.term.casefold()),
    )


def stylesheet() -> bytes:
    """``course.css``: the site's own rules, then the forum's (toolkit/render/forum.css).

    The forum HTML carries its CSS in a ``<style>`` element, which the sanitiser removes and the
    page's Content-Security-Policy would block: the site gets the same rules from here instead.
    """
    forum = resources.files("toolkit.render").joinpath("forum.css").read_bytes()
    return STYLESHEET.read_bytes() + b"\n/* Forum (toolkit/render/forum.css) */\n" + forum


def write_stylesheet(directory: str | Path) -> Path:
    """Write ``course.css`` next to the pages (atomically; skipped when identical)."""
    target = Path(directory) / CSS_FILE
    data = stylesheet()
    if not (target.is_file() and target.read_bytes() == data):
        atomic_write_bytes(target, data)
    return target


def write_page(path: str | Path, text: str) -> None:
    """Write one page atomically."""
    atomic_write_text(path, text)
