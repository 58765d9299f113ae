"""Member text to HTML: links go only to safe places and carry rel; odd text never breaks a page."""

from __future__ import annotations

from typing import Any

import pytest
from forum_fixtures import soup_of, url_scheme
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.render.markdown import BODY_ATTRIBUTES, BODY_TAGS, URL_SCHEMES, body_html, plain_text

# Ways to write a script or data link that browsers (or sloppy parsers) have been known to accept.
BAD_DESTINATIONS = {
    "plain": "javascript:alert(1)",
    "mixed-case": "JaVaScRiPt:alert(1)",
    "upper": "JAVASCRIPT:alert(1)",
    "decimal-entity": "&#106;avascript:alert(1)",
    "hex-entity": "&#x6A;avascript:alert(1)",
    "padded-entity": "&#0000106avascript:alert(1)",
    "named-colon": "javascript&colon;alert(1)",
    "tab-inside": "java\tscript:alert(1)",
    "tab-entity": "java&#x09;script:alert(1)",
    "newline-entity": "java&#10;script:alert(1)",
    "leading-space-entity": "&#x20;javascript:alert(1)",
    "leading-control": "\x01javascript:alert(1)",
    "nul-inside": "java\x00script:alert(1)",
    "zero-width-inside": "java\u200bscript:alert(1)",
    "fullwidth": "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "angle-brackets": "<javascript:alert(1)>",
    "vbscript": "vbscript:msgbox(1)",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data-upper": "DATA:text/html,<script>alert(1)</script>",
    "data-image": "data:image/svg+xml,<svg onload=alert(1)>",
    "file": "file:///etc/passwd",
}
FORBIDDEN = {"javascript", "vbscript", "data", "file"}


def _links(html: str) -> list[dict[str, Any]]:
    return [dict(a.attrs) for a in soup_of(html).find_all("a")]


def _assert_safe_body(html: str) -> None:
    soup = soup_of(html)
    for tag in soup.find_all(True):
        assert tag.name in BODY_TAGS, f"<{tag.name}>"
        allowed = BODY_ATTRIBUTES.get(tag.name, set()) | ({"rel"} if tag.name == "a" else set())
        assert set(tag.attrs) <= allowed, f"{tag.attrs} on <{tag.name}>"
        if tag.name == "a" and "href" in tag.attrs:
            scheme = url_scheme(tag["href"])
            assert scheme is None or scheme in URL_SCHEMES, f"href={tag['href']!r}"


@pytest.mark.parametrize("form", ["inline", "reference", "autolink", "raw-html"])
@pytest.mark.parametrize("dest", BAD_DESTINATIONS.values(), ids=BAD_DESTINATIONS)
def test_script_and_data_links_never_become_links(dest: str, form: str) -> None:
    text = {
        "inline": f"[click me]({dest})",
        "reference": f"[click me][r]\n\n[r]: {dest}",
        "autolink": f"<{dest}>",
        "raw-html": f'<a href="{dest}">click me</a>',
    }[form]
    html = body_html(text)
    _assert_safe_body(html)
    for link in _links(html):
        assert url_scheme(link.get("href", "")) not in FORBIDDEN, link


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://example.org)",
        "<https://example.org>",
        "[mail](mailto:a@example.org)",
        "[up](#post-1)",
        "[x](HTTPS://EXAMPLE.ORG/a)",
        '[t](https://example.org "title")',
    ],
)
def test_safe_links_stay_and_carry_rel(text: str) -> None:
    links = _links(body_html(text))
    assert len(links) == 1
    assert url_scheme(links[0]["href"]) in (*URL_SCHEMES, None)
    # No referrer, no opener, no search-engine credit for whatever a member links to.
    assert set(links[0]["rel"]) >= {"nofollow", "noopener", "noreferrer"}


def test_links_cannot_open_new_windows_or_bring_attributes() -> None:
    raw = '<a href="https://example.org" target="_blank" onclick="x()">a</a>'
    html = body_html(f"{raw} [b](https://example.org) [c](https://example.org){{target=_blank}}")
    _assert_safe_body(html)
    links = _links(html)
    assert len(links) == 2, "raw HTML stays text"
    for link in links:
        assert set(link) == {"href", "rel"}


@pytest.mark.parametrize(
    "text",
    ["a\ud800b", "\udfff", "**bold \udc80**", "[x](https://example.org/\ud800)", "a\ud83d"],
    ids=["high", "low-alone", "in-markdown", "in-link", "half-emoji"],
)
def test_lone_surrogates_become_replacement_characters(text: str) -> None:
    html = body_html(text)
    html.encode("utf-8")  # no lone surrogate left: the page can be saved
    assert "\ufffd" in html or "%EF%BF%BD" in html
    plain_text(text).encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("[]()<>:&#;/ \t\nJjAaVvSsCcRrIiPpTtDd\x00\ud800")),
        max_size=60,
    )
)
def test_link_shaped_noise_stays_safe(text: str) -> None:
    html = body_html(text)
    _assert_safe_body(html)
    html.encode("utf-8")
