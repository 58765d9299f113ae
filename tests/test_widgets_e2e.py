"""End to end: a PostForm in real JupyterLab, used with the keyboard in headless Chromium.

Starts JupyterLab on 127.0.0.1 (no network: news, update checks and the extension manager off),
opens a small notebook, runs all cells from the Run menu, types a title and a post, presses the
Post button and waits for the created post and the check's feedback card.

Skipped when /usr/bin/chromium is missing, unless TOOLKIT_REQUIRE_BROWSER=1 (then it fails).
"""

from __future__ import annotations

import time

import pytest
from widget_support import CHROMIUM, CHROMIUM_ARGS, jupyter_lab, keep_offline, open_and_run_all

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP_TIMEOUT_MS = 60_000

SETUP = """\
from toolkit import Forum
from toolkit.widgets import PostForm


class Feedback:
    passed = True

    def _repr_html_(self):
        return '<div class="fake-feedback">Well done: your first post is kind and clear.</div>'


forum = Forum()
forum.join("amina_k", "Amina")
form = PostForm(forum, "amina_k", check=lambda forum, member: Feedback())
form
"""


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 with form.ipynb; yields (base_url, token)."""
    with jupyter_lab(tmp_path, {"form.ipynb": [SETUP]}) as server:
        yield server


def test_post_form_in_jupyterlab(lab):
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            # expect() has its own 5 s default: too short for a busy CI machine.
            expect.set_options(timeout=STEP_TIMEOUT_MS)
            keep_offline(page, base)
            open_and_run_all(page, base, token, "form.ipynb", 1)

            # The fields are found by their visible labels (label for=...).
            title = page.get_by_label("Title", exact=True)
            expect(title).to_be_visible()
            expect(title).to_have_attribute(
                "placeholder", "For example: Clean water for our street"
            )

            # Keyboard only: type, Tab to the body, type, Tab to the Post button, press Enter.
            # After each field, wait for the kernel's character count: it proves the kernel has
            # every keystroke (ipywidgets may send a click before buffered keystrokes).
            title.focus()
            page.keyboard.type("Clean water")
            expect(page.get_by_text("11 of 120 characters")).to_be_visible()
            page.keyboard.press("Tab")
            expect(page.get_by_label("Your post", exact=True)).to_be_focused()
            page.keyboard.type("Our well needs a new pump. Who can help?")
            expect(page.get_by_text("40 of 10000 characters")).to_be_visible()
            page.keyboard.press("Tab")
            post_button = page.get_by_role("button", name="Post", exact=True)
            expect(post_button).to_be_focused()
            page.keyboard.press("Enter")

            done = page.locator(".tk-done", has_text="Your post is on the forum")
            expect(done).to_be_visible()
            expect(page.locator(".fake-feedback")).to_have_text(
                "Well done: your first post is kind and clear."
            )
            expect(page.locator(".widget-html-content article#post-1")).to_contain_text(
                "Our well needs a new pump."
            )
            expect(title).to_have_value("")  # cleared for the next post

            # A refusal shows the plain message, never a traceback.
            post_button.click()
            alert = page.locator(".tk-alert[role='alert']")
            expect(alert).to_be_visible()
            expect(alert).not_to_contain_text("Traceback")
        finally:
            browser.close()
    print(f"browser part took {time.monotonic() - started:.1f}s")
