"""A real browser opens the built site from file://, follows the navigation, sees no failures.

Skips when Debian's chromium is missing, unless TOOLKIT_REQUIRE_BROWSER=1 (CI), then fails.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_site_works_offline_from_file_urls(built_course, browser, audience):
    page = browser.new_page()
    remote, failed, errors = [], [], []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    index = (built_course.out / audience / "index.html").as_uri()
    page.goto(index)
    assert page.locator("h1").first.inner_text() == "Fixture Course"
    page.locator("ol.outline h3 a").first.click()
    page.wait_for_load_state()
    visited = [page.url]
    while page.locator("nav.lesson-nav a[rel=next]").count():
        page.locator("nav.lesson-nav a[rel=next]").first.click()
        page.wait_for_load_state()
        visited.append(page.url)
        assert page.locator("h1").count() >= 1
    page.locator("nav.lesson-nav a[rel=prev]").first.click()
    page.wait_for_load_state()
    assert page.url == visited[-2]
    page.locator("nav.lesson-nav a", has_text="Course outline").first.click()
    page.wait_for_load_state()
    assert page.url == index
    # the stylesheet loaded (the skip link is moved off screen by course.css)
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == (
        "absolute"
    )
    page.close()

    expected = 2 if audience == "learner" else 3
    assert len(visited) == expected
    assert remote == [], f"requests to remote hosts: {remote}"
    assert failed == [], f"failed requests: {failed}"
    assert errors == [], f"console errors: {errors}"


# ----------------------------------------------------------------- a hostile lesson (issue 9)
PWNED = "window.__pwned === undefined ? null : window.__pwned"


class Watch:
    """Everything a page did that it must not: dialogs, outside requests, console messages."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.console: list[str] = []
        self.failed: list[str] = []
        page.on("requestfailed", lambda req: self.failed.append(req.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda msg: self.console.append(msg.text))
        page.on("pageerror", lambda exc: self.console.append(str(exc)))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    @property
    def csp_reports(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from site_support import hostile_build

    return hostile_build(tmp_path_factory)


@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_hostile_lesson_runs_no_script_and_requests_nothing(hostile_site, browser, audience):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    watch = Watch(page)
    page.goto((hostile_site / audience / "01-hostile.html").as_uri())
    page.wait_for_timeout(500)  # time for a meta refresh, a lazy image or a timer to fire
    for details in page.locator("details").all():
        details.locator("summary").click()  # an ontoggle handler would fire now
    page.mouse.move(5, 5)

    assert watch.dialogs == []
    assert page.evaluate(PWNED) is None, "a payload script ran"
    assert page.title() == "Hostile lesson · Hostile Course"
    assert page.url.endswith("/01-hostile.html"), "the page navigated away"
    assert watch.outside == [], f"requests to remote hosts: {watch.outside}"
    # The sanitiser removed everything: the CSP, the second wall, had nothing left to block.
    assert watch.csp_reports == []
    # The only failures: the lesson's images of files that are not there (inside its folder).
    folder = (hostile_site / audience).as_uri() + "/"
    assert watch.failed
    assert [url for url in watch.failed if not url.startswith(folder)] == []
    missing = "Failed to load resource: net::ERR_FILE_NOT_FOUND"
    assert [m for m in watch.console if m != missing] == []

    # Still the normal page: text, stylesheet (from file:// under style-src 'self'), outputs.
    assert "welcome, everyone" in page.locator("main").inner_text()
    style = "(s, p) => getComputedStyle(document.querySelector(s)).getPropertyValue(p)"
    assert page.evaluate(f"({style})('.skip-link', 'position')") == "absolute"
    assert page.evaluate(f"({style})('.toolkit-feedback', 'border-top-style')") == "dashed"
    assert page.evaluate(f"({style})('.tk-forum article', 'border-top-style')") == "solid"
    square = "document.querySelector(\"img[alt='A blue square']\")"
    assert page.evaluate(f"{square}.complete && {square}.naturalWidth") == 40
    assert not page.evaluate("document.scrollingElement.scrollWidth > innerWidth")
    page.close()


def test_csp_alone_blocks_what_a_sanitiser_might_miss(browser, tmp_path, monkeypatch):
    """The second wall: with the sanitiser switched off, the page's CSP still stops script,
    remote loads, ``<base>`` and form posts (and says so in the console)."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from toolkit.course import site, site_body

    # The lesson body is sanitised in site_body (site.py assembles the page around it).
    monkeypatch.setattr(site_body, "sanitize_html", lambda body: body)
    raw = (
        "# Unsanitised\n\n"
        '<base href="http://example.invalid/">'
        "<script>window.__pwned = 1; alert(1)</script>"
        '<img src="missing.png" alt="x" onerror="window.__pwned = 2">'
        '<img src="http://example.invalid/remote.png" alt="remote">'
        "<style>@import url(http://example.invalid/import.css);</style>"
        '<p style="background:url(http://example.invalid/bg.png)">styled</p>'
        '<iframe src="http://example.invalid/frame"></iframe>'
        '<object data="http://example.invalid/object"></object>'
        '<form action="http://example.invalid/post" method="post">'
        '<button id="send" type="submit">Send</button></form>\n'
    )
    nb = new_notebook(cells=[new_markdown_cell(raw)], metadata={"language_info": {"name": "py"}})
    html = site.lesson_page(nb, title="Raw", course_title="C", audience="learner")
    assert "<script>window.__pwned" in html  # really unsanitised
    site.write_page(tmp_path / "raw.html", html)
    site.write_stylesheet(tmp_path)

    page = browser.new_page()
    watch = Watch(page)
    page.goto((tmp_path / "raw.html").as_uri())
    page.click("#send", no_wait_after=True)  # the blocked post never "finishes"
    page.wait_for_timeout(500)

    assert page.evaluate(PWNED) is None
    assert watch.dialogs == []
    assert watch.outside == []
    assert page.url.endswith("/raw.html")
    assert watch.csp_reports, "the CSP blocked nothing: is the meta tag still there?"
    # <base> was refused, so course.css still came from the page's own folder
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == (
        "absolute"
    )
    page.close()
