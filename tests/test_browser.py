"""A real browser opens the built site from file://, follows the navigation, sees no failures.

Skips when Debian's chromium is missing, unless TOOLKIT_REQUIRE_BROWSER=1 (CI), then fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TOOLKIT_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


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
