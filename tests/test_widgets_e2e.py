"""End to end: a PostForm in real JupyterLab, used with the keyboard in headless Chromium.

Starts JupyterLab on 127.0.0.1 (no network: news, update checks and the extension manager off),
opens a small notebook, runs all cells from the Run menu, types a title and a post, presses the
Post button and waits for the created post and the check's feedback card.

Skipped when /usr/bin/chromium is missing, unless TOOLKIT_REQUIRE_BROWSER=1 (then it fails).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60
STEP_TIMEOUT_MS = 60_000

SETUP = f"""\
import sys
sys.path.insert(0, {str(REPO)!r})
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


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nb.cells = [nbformat.v4.new_code_cell(SETUP)]
    nbformat.write(nb, path)


def _user_settings(folder: Path) -> None:
    """Start the kernel without asking, and never ask about (or fetch) news."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
            "autoStartDefaultKernel": True
        },
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, values in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    json.load(response)
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not start in {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 serving tmp_path/root; yields (base_url, token)."""
    _need_browser()
    root = tmp_path / "root"
    root.mkdir()
    _notebook(root / "form.ipynb")
    _user_settings(tmp_path / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "jupyter", "lab", "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
                f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
                f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token
    finally:
        _stop(proc)


def test_post_form_in_jupyterlab(lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            # expect() has its own 5 s default: too short for a busy CI machine.
            expect.set_options(timeout=STEP_TIMEOUT_MS)
            # Nothing may leave the machine: fail any request that is not to our server.
            page.route(
                "**/*",
                lambda route: route.continue_()
                if route.request.url.startswith(base)
                else route.abort(),
            )
            page.goto(f"{base}/lab/tree/form.ipynb?token={token}")
            page.locator(".jp-Notebook").wait_for()
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()

            # Run > Run All Cells, as a learner would (again if the kernel was not ready yet).
            prompt = page.locator(".jp-InputArea-prompt", has_text="[1]:")
            for _attempt in range(3):
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                try:
                    prompt.wait_for(timeout=15_000)
                    break
                except PlaywrightTimeout:
                    page.keyboard.press("Escape")

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
