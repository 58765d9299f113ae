"""Shared helpers for the widget tests (plain functions, imported by each test module)."""

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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
FORM_MIME = "application/vnd.toolkit.form+json"
FORUM_MIME = "application/vnd.toolkit.forum+json"


def new_forum() -> Forum:
    """An in-memory forum on a simulated clock, with amina_k, lena_m and trainer_sam."""
    forum = Forum(clock=SimulatedClock(step=timedelta(seconds=5)), rules=Rules(flood_posts=50))
    forum.join("amina_k", "Amina")
    forum.join("lena_m", "Lena")
    forum.join("sam_trains", "Sam", role="trainer")
    return forum


def strict_callbacks(monkeypatch: Any) -> None:
    """Make ``Button.click()`` raise what a handler raises (ipywidgets only logs it)."""
    from ipywidgets.widgets.widget import CallbackDispatcher

    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call)


class FakeFeedback:
    """Stands in for toolkit.checks.Feedback."""

    def __init__(self, passed: bool = True, text: str = "Well done: a kind first post.") -> None:
        self.passed = passed
        self.text = text

    def _repr_html_(self) -> str:
        return f'<div class="fake-feedback">{self.text}</div>'


class RecordingCheck:
    """A check callable that remembers how it was called."""

    def __init__(self, feedback: Any = None) -> None:
        self.calls: list[tuple[Any, Any]] = []
        self.feedback = feedback or FakeFeedback()

    def __call__(self, forum: Any, member: Any) -> Any:
        self.calls.append((forum, member))
        return self.feedback


def assert_bundle(view: Any) -> dict[str, Any]:
    """The display bundle has the live widget, a static snapshot and the form JSON."""
    bundle = view._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert bundle[WIDGET_MIME]["model_id"] == view.model_id
    assert "<section" in bundle["text/html"]
    form = bundle[FORM_MIME]
    assert form["version"] == 1
    assert form["title"] == view.form_title
    for field in form["fields"]:
        assert field["label"]
        assert ("lines" in field) != ("choices" in field)
    assert "VBox(" not in bundle["text/plain"]
    return bundle


def visible_text(html: str) -> str:
    """What a reader sees of some HTML: the tags left out, entities read, spaces collapsed."""
    import html as html_lib
    import re

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = html_lib.unescape(re.sub(r"<[^>]*>", " ", text))
    # A tag between two words leaves a gap; a tag inside a quote ("“<b>x</b>”") does not.
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"“ | ”", lambda m: m[0].strip(), text).strip()


def snapshot(forum: Forum) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a refusal must leave this unchanged."""
    db = forum.store.conn
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


# ----------------------------------------------------------------------------- JupyterLab
# One harness for the browser tests of the widgets (test_widgets_e2e, test_widgets_layout):
# JupyterLab on 127.0.0.1 with no network (news, update checks, extension manager off).
CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def need_browser() -> None:
    """Skip without /usr/bin/chromium, or fail when TOOLKIT_REQUIRE_BROWSER=1 (CI)."""
    import pytest

    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_notebook(path: Path, cells: list[str]) -> None:
    """A notebook of code cells that imports the toolkit from this checkout."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    head = f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
    nb.cells = [nbformat.v4.new_code_cell(head + cells[0])]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells[1:]]
    nbformat.write(nb, path)


def _user_settings(folder: Path) -> None:
    """Start the kernel without asking, never fetch news, lay out every cell (no windowing)."""
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
            "autoStartDefaultKernel": True,
            "windowingMode": "none",
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


def _wait_for_server(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    import pytest

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


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextmanager
def jupyter_lab(folder: Path, notebooks: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """JupyterLab serving ``folder/root`` with the given notebooks; yields (base_url, token)."""
    need_browser()
    root = folder / "root"
    root.mkdir()
    for name, cells in notebooks.items():
        write_notebook(root / name, cells)
    _user_settings(folder / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folder / "config"),
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        "IPYTHONDIR": str(folder / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    log = folder / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
                f"--LabApp.workspaces_dir={folder / 'workspaces'}",
                f"--LabApp.user_settings_dir={folder / 'settings'}",
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


def keep_offline(page: Any, base: str) -> None:
    """Nothing may leave the machine: fail any request that is not to our server."""
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )


def open_and_run_all(page: Any, base: str, token: str, name: str, cells: int) -> None:
    """Open a notebook and Run > Run All Cells, as a learner would, until cell ``cells`` ran."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{base}/lab/tree/{name}?token={token}")
    page.locator(".jp-Notebook").wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    prompt = page.locator(".jp-InputArea-prompt", has_text=f"[{cells}]:")
    for _attempt in range(3):  # again if the kernel was not ready yet
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            prompt.wait_for(timeout=30_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
