"""In-page links and landmark names of a site page (toolkit.course.anchors)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from toolkit.course.anchors import fragment_targets, resolve_forum_links, unique_landmark_names


def _links(body: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(body, "html.parser")
    return [(str(a["href"]), a.get_text()) for a in soup.find_all("a", href=True)]


# (case, body, links left, text that must remain)
CASES = [
    (
        "topic title, its thread not on the page",
        '<h3 class="tk-title"><a class="tk-anchor" href="#post-1">Clean water</a></h3>',
        [],
        "Clean water",
    ),
    (
        "topic title, its thread shown further down",
        '<a class="tk-anchor" href="#post-1">Clean water</a><article id="post-1">x</article>',
        [("#post-1", "Clean water")],
        "Clean water",
    ),
    (
        "quote of a post that is not on the page",
        '<footer>— Amina, <a class="tk-anchor tk-source" href="#post-1">read the full post</a>'
        "</footer>",
        [],
        "read the full post (not on this page)",
    ),
    (
        "quote of a comment that is on the page",
        '<article id="comment-4"></article>'
        '<a class="tk-anchor tk-source" href="#comment-4">read the full comment</a>',
        [("#comment-4", "read the full comment")],
        "read the full comment",
    ),
    (
        "report about a member whose profile is not shown",
        'about <a class="tk-anchor" href="#member-11">member-11</a> by @x',
        [],
        "about member-11 by @x",
    ),
    (
        "a link the lesson's author wrote is left for the link test to report",
        '<a href="#nowhere">see below</a>',
        [("#nowhere", "see below")],
        "see below",
    ),
    (
        "percent-encoded fragment of an id with accents (browsers decode it)",
        '<h2 id="café">C</h2><a class="tk-anchor" href="#caf%C3%A9">C</a>',
        [("#caf%C3%A9", "C")],
        "C",
    ),
    (
        "id with an escaped quote",
        '<h2 id="say-&quot;hi&quot;">C</h2><a class="tk-anchor" href="#say-&quot;hi&quot;">C</a>',
        [('#say-"hi"', "C")],
        "C",
    ),
    (
        "no fragment at all",
        '<a class="tk-anchor" href="other.html">x</a>',
        [("other.html", "x")],
        "x",
    ),
]


@pytest.mark.parametrize(
    ("body", "links", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_forum_links_lead_somewhere_or_are_plain_text(body, links, text):
    fixed = resolve_forum_links(body)
    assert _links(fixed) == links
    assert text in BeautifulSoup(fixed, "html.parser").get_text()


def test_ids_outside_the_body_count():
    body = '<a class="tk-anchor" href="#main">Top</a>'
    assert _links(resolve_forum_links(body, ids={"main"})) == [("#main", "Top")]
    assert _links(resolve_forum_links(body)) == []


def test_fragment_targets_as_written_and_decoded():
    assert fragment_targets("a%20b") == {"a%20b", "a b"}


def test_repeated_landmark_names_are_numbered():
    body = (
        '<section class="tk-form-static" aria-label="Quote a post"></section>'
        '<section aria-label="Quote a post"></section>'
        '<section aria-label="quote a POST"></section>'
        '<section aria-label="Your profile"></section>'
        '<nav aria-label="Lesson navigation"></nav>'
    )
    soup = BeautifulSoup(unique_landmark_names(body, taken={"Lesson navigation"}), "html.parser")
    names = [el["aria-label"] for el in soup.find_all(attrs={"aria-label": True})]
    assert names == [
        "Quote a post",
        "Quote a post (2)",
        "quote a POST (3)",
        "Your profile",
        "Lesson navigation (2)",
    ]
