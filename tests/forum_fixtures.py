"""Shared helpers for the forum tests: a seeded forum, table snapshots and HTML safety checks.

Plain functions (not a conftest) so any test module can import them without owning the
rootdir conftest: ``from forum_fixtures import World, new_world, snapshot, ...``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

from bs4 import BeautifulSoup

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.model import Comment, Member, Post
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum
from toolkit.render.html import PAGE_ATTRIBUTES, PAGE_TAGS, stylesheet, to_html
from toolkit.render.markdown import BODY_ATTRIBUTES, BODY_TAGS, URL_SCHEMES

ALLOWED_TAGS = PAGE_TAGS | BODY_TAGS
ALLOWED_ATTRIBUTES = PAGE_ATTRIBUTES | frozenset().union(*BODY_ATTRIBUTES.values())
DANGEROUS_TAGS = (
    "script",
    "iframe",
    "form",
    "svg",
    "object",
    "embed",
    "img",
    "math",
    "link",
    "meta",
    "base",
    "input",
    "button",
    "textarea",
    "frame",
    "frameset",
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "cite", "xlink:href", "data", "poster")
# Words a learner should never see in an error message.
JARGON = re.compile(
    r"\b(None|NoneType|Traceback|str|int|bool|dict|tuple|Exception|self|kwargs|args)\b"
    r"|__|<class|Error\(|sqlite|IntegrityError"
)


def new_forum(step: timedelta = timedelta(seconds=5), **kwargs: object) -> Forum:
    """A fresh in-memory forum on a simulated clock (5 s per reading unless told)."""
    return Forum(clock=SimulatedClock(step=step), **kwargs)  # type: ignore[arg-type]


@dataclass
class World:
    """A small seeded forum: two learners, a trainer, a post with a comment, a second thread."""

    forum: Forum
    amina: Member
    bob: Member
    tessa: Member
    post: Post
    comment: Comment
    other_post: Post
    # Things a test's setup made, for its action to use.
    extra: dict[str, object] = field(default_factory=dict)


def new_world(rules: Rules | None = None, step: timedelta = timedelta(seconds=5)) -> World:
    forum = new_forum(step=step, rules=rules)
    amina = forum.join("amina_k", "Amina")
    bob = forum.join("bob_t", "Bob")
    tessa = forum.join("tessa", "Tessa", role="trainer")
    post = forum.post(
        amina,
        "Clean water",
        "Our well needs a new pump before the dry season starts. "
        "Who knows a mechanic in town who could help us fix it this month?",
    )
    comment = forum.comment(post, bob, "My cousin repairs pumps. I will ask him tonight.")
    other_post = forum.post(bob, "School roof", "The school roof leaks when it rains hard.")
    return World(forum, amina, bob, tessa, post, comment, other_post)


def snapshot(forum: Forum) -> list[str]:
    """Every table's schema and rows, as SQL lines: equal snapshots mean an unchanged forum."""
    return list(forum.store.conn.iterdump())


def assert_plain_message(message: str) -> None:
    """An error message a learner can read: one or two sentences, no Python words."""
    text = message.strip()
    assert text, "the error message is empty"
    assert text[-1] in ".!?", f"not a full sentence: {text!r}"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'“(@])", text) if s]
    assert 1 <= len(sentences) <= 2, f"{len(sentences)} sentences: {text!r}"
    assert not JARGON.search(text), f"Python jargon in: {text!r}"
    assert len(text) <= 300, f"too long for a learner: {text!r}"


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in a URL attribute (tabs/newlines dropped, case folded)."""
    url = unescape(value)
    url = re.sub(r"[\t\n\r]", "", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
        "\x1a\x1b\x1c\x1d\x1e\x1f \u00a0"
    )
    url = unicodedata.normalize("NFKC", url)
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    return found.group(1).lower() if found else None


def assert_safe_html(html: str) -> BeautifulSoup:
    """Nothing in the page can run, load, style or submit; only the toolkit's own <style>."""
    soup = soup_of(html)
    for name in DANGEROUS_TAGS:
        assert soup.find(name) is None, f"<{name}> in {html[-400:]!r}"
    styles = soup.find_all("style")
    assert len(styles) == 1, f"{len(styles)} <style> elements"
    assert styles[0].string == stylesheet(), "the <style> is not the toolkit's stylesheet"
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"event handler {attr} on <{tag.name}>"
            assert attr.lower() != "style", f"style attribute on <{tag.name}>"
            if attr.lower() in URL_ATTRIBUTES:
                values = value if isinstance(value, list) else [value]
                for one in values:
                    scheme = url_scheme(one)
                    assert scheme not in ("javascript", "data", "vbscript"), f"{attr}={one!r}"
    return soup


def assert_allow_listed(html: str) -> BeautifulSoup:
    """Only the renderer's tags and attributes, and links that go somewhere safe."""
    soup = assert_safe_html(html)
    for tag in soup.find_all(True):
        assert tag.name in ALLOWED_TAGS, f"<{tag.name}> is not allowed"
        for attr in tag.attrs:
            assert attr in ALLOWED_ATTRIBUTES, f"{attr}= on <{tag.name}> is not allowed"
        href = tag.get("href")
        if href is not None:
            scheme = url_scheme(href)
            in_body = tag.find_parent(class_="tk-body") is not None
            if in_body:
                assert scheme is None or scheme in URL_SCHEMES, f"href={href!r}"
            else:
                assert href.startswith("#"), f"page link href={href!r} is not an anchor"
    return soup


def render_all(forum: Forum, viewer: Member | None = None) -> list[str]:
    """HTML of every page a member could see: threads, front page, inboxes, members, reports."""
    pages = [to_html(forum.front_page())]
    for post in forum.posts():
        pages.append(to_html(forum.thread(post, viewer=viewer)))
        pages.append(to_html(post))
    for member in forum.members():
        pages.append(to_html(member))
        inbox = forum.inbox(member)
        pages.append(to_html(inbox))
        pages.extend(to_html(message) for message in inbox)
    pages.extend(to_html(report) for report in forum.reports(None))
    return pages
