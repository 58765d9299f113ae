"""The no-code learner mode (toolkit.learn): what it refuses, its settings, and a real phone.

The fast tests check what may be served (never the course's sources, never a notebook holding
answers: one parametrised case per way in) and the server settings. The slow ones build the
real exercise 04 learner edition, start ``python -m toolkit.learn`` on a free loopback port and
use it: a Host header from elsewhere is refused, and in Debian's chromium at 390x844 (touch, the
network blocked except the server) the exercise shows no code, takes a post and gives feedback,
with 16 px text, 44 px targets, no sideways scroll, no outside request and no serious axe
violation. Browser tests skip without /usr/bin/chromium unless TOOLKIT_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from toolkit.learn import APP_SKIP, LearnerModeError, prepare_workspace
from toolkit.learn import server as learn_server
from toolkit.learn.__main__ import install_template, main
from toolkit.learn.workspace import app_name

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
TEMPLATE_DIR = learn_server.TEMPLATES / "voila" / "templates" / learn_server.TEMPLATE
START_TIMEOUT_S = 60
STEP_TIMEOUT_MS = 45_000


def _notebook(path: Path, *cells: tuple[str, str, list[str]], title: str = "") -> Path:
    """A small notebook: (kind, source, tags) cells, optional course title."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    if title:
        nb.metadata["course"] = {"id": "04-first-post", "title": title}
    for kind, source, tags in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


LEARNER_CELLS = (
    ("markdown", "# Exercise 4: Your first post", []),
    ("code", "print('form here')", ["exercise"]),
)


def _learner(path: Path) -> Path:
    return _notebook(path, *LEARNER_CELLS, title="Exercise: Your first post")


# ------------------------------------------------------------------ what may be served


def _answer_copy(tmp: Path) -> Path:
    """A copy of the source exercise outside the course: its answer cells give it away."""
    target = tmp / "elsewhere" / "04-first-post.ipynb"
    target.parent.mkdir()
    shutil.copy(REPO / "exercises" / "04-first-post.ipynb", target)
    return target


def _trainer_notes(tmp: Path) -> Path:
    return _notebook(tmp / "t" / "lesson.ipynb", ("markdown", "Say this slowly.", ["trainer"]))


def _mixed_folder(tmp: Path) -> Path:
    _learner(tmp / "mixed" / "a.ipynb")
    _notebook(tmp / "mixed" / "sub" / "key.ipynb", ("code", "answer = 42", ["solution"]))
    return tmp / "mixed"


def _built_trainer_folder(tmp: Path) -> Path:
    """A build's top folder: learner/ is fine, trainer/ holds the answers."""
    _learner(tmp / "_build" / "learner" / "04.ipynb")
    _notebook(tmp / "_build" / "trainer" / "04.ipynb", ("code", "x = 1", ["solution"]))
    return tmp / "_build"


def _not_a_notebook(tmp: Path) -> Path:
    (tmp / "notes.txt").write_text("hello", encoding="utf-8")
    return tmp / "notes.txt"


def _broken_notebook(tmp: Path) -> Path:
    (tmp / "broken").mkdir()
    (tmp / "broken" / "x.ipynb").write_text("{not json", encoding="utf-8")
    return tmp / "broken"


def _empty_folder(tmp: Path) -> Path:
    (tmp / "empty").mkdir()
    return tmp / "empty"


REFUSED = {
    "source-exercise": (lambda tmp: REPO / "exercises" / "04-first-post.ipynb", "source"),
    "source-lesson": (lambda tmp: REPO / "lessons" / "04-first-post.ipynb", "source"),
    "source-folder": (lambda tmp: REPO / "exercises", "source"),
    "front-matter-folder": (lambda tmp: REPO / "lessons" / "front", "source"),
    "course-root": (lambda tmp: REPO, "source"),
    "answer-key-copied-elsewhere": (_answer_copy, "answers"),
    "trainer-notes": (_trainer_notes, "answers"),
    "answer-key-among-learner-notebooks": (_mixed_folder, "answers"),
    "whole-build-with-trainer-edition": (_built_trainer_folder, "answers"),
    "missing-path": (lambda tmp: tmp / "nope.ipynb", "does not exist"),
    "not-a-notebook": (_not_a_notebook, "not a notebook"),
    "unreadable-notebook": (_broken_notebook, "cannot be read"),
    "no-notebooks": (_empty_folder, "holds no notebooks"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_plainly_and_nothing_written(tmp_path, case):
    make, expected = REFUSED[case]
    target = make(tmp_path)
    dest = tmp_path / "served"
    with pytest.raises(LearnerModeError) as caught:
        prepare_workspace(target, dest)
    message = str(caught.value)
    assert {"source": "the course's source", "answers": "holds answers"}.get(
        expected, expected
    ) in message
    assert "Traceback" not in message
    assert not dest.exists(), "a refused target must not leave an app copy"


def test_a_symlink_to_a_source_exercise_is_never_served(tmp_path):
    folder = tmp_path / "learner"
    _learner(folder / "04.ipynb")
    (folder / "sneaky.ipynb").symlink_to(REPO / "exercises" / "04-first-post.ipynb")
    workspace = prepare_workspace(folder, tmp_path / "served")
    assert [p.name for p in workspace.notebooks] == ["04 Exercise – Your first post.ipynb"]
    assert not any("sneaky" in p.name for p in workspace.root.rglob("*"))


def test_app_copy_leaves_out_app_skip_cells_and_old_outputs(tmp_path):
    nb_path = _notebook(
        tmp_path / "learner" / "04-first-post-exercise.ipynb",
        ("markdown", "# Exercise 4", []),
        ("markdown", "**Do you like code?** `forum.post(me, ...)`", [APP_SKIP]),
        ("code", "form", ["exercise"]),
        ("code", "check_first_post(forum, me)", [APP_SKIP]),
        title="Exercise: Your first post",
    )
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="old output")]
    nbformat.write(nb, nb_path)
    (tmp_path / "learner" / "map.png").write_bytes(b"\x89PNG")
    (tmp_path / "learner" / "04-first-post.pdf").write_bytes(b"%PDF")

    workspace = prepare_workspace(tmp_path / "learner", tmp_path / "served")

    assert workspace.notebooks == (Path("04 Exercise – Your first post.ipynb"),)
    copy = nbformat.read(workspace.root / workspace.notebooks[0], as_version=4)
    assert [c.source for c in copy.cells] == ["# Exercise 4", "form"]
    assert copy.cells[1].outputs == []
    assert copy.metadata["title"] == "Exercise: Your first post"
    assert (workspace.root / "map.png").exists()  # images the page may show
    assert not (workspace.root / "04-first-post.pdf").exists()  # handouts are not needed
    assert nbformat.read(nb_path, as_version=4).cells[1].source.startswith("**Do you")


def test_app_copies_keep_the_course_order(tmp_path):
    """The list sorts by date: lesson 04 before its exercise, though "E" sorts before "Y"."""
    _notebook(tmp_path / "l" / "04-first-post.ipynb", *LEARNER_CELLS, title="Your first post")
    _learner(tmp_path / "l" / "04-first-post-exercise.ipynb")
    _notebook(tmp_path / "l" / "05-replying.ipynb", *LEARNER_CELLS, title="Replying")
    workspace = prepare_workspace(tmp_path / "l", tmp_path / "served")
    by_date = sorted(workspace.notebooks, key=lambda p: (workspace.root / p).stat().st_mtime)
    assert [p.stem for p in by_date] == [
        "04 Your first post",
        "04 Exercise – Your first post",
        "05 Replying",
    ]


@pytest.mark.parametrize(
    ("title", "stem", "expected"),
    [
        ("Exercise: Your first post", "04-first-post-exercise", "04 Exercise – Your first post"),
        ("Why/how: a <test>?", "07-x", "07 Why how – a test"),
        ("", "05-replying", "05-replying"),
        ("   ", "x", "x"),
    ],
)
def test_app_names_are_titles_safe_for_any_file_system(title, stem, expected):
    nb = nbformat.v4.new_notebook()
    nb.metadata["course"] = {"title": title}
    assert app_name(nb, stem) == expected


# ------------------------------------------------------------------ server settings


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_token_and_keeps_the_host_check(host):
    plan = learn_server.plan(host, 8866)
    assert plan.token == ""
    config = learn_server.voila_config(plan, open_browser=False)
    assert config.Voila.tornado_settings["allow_remote_access"] is False
    assert "?token" not in plan.url


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_any_other_address_gets_a_random_token(host):
    first, second = learn_server.plan(host, 8866), learn_server.plan(host, 8866)
    assert len(first.token) >= 24
    assert first.token != second.token
    assert f"?token={first.token}" in first.url
    config = learn_server.voila_config(first, open_browser=False)
    assert config.Voila.token == first.token


def test_voila_settings_strip_code_and_load_nothing_from_outside():
    config = learn_server.voila_config(learn_server.plan(), open_browser=False)
    vc = config.VoilaConfiguration
    assert vc.strip_sources is True
    assert vc.show_tracebacks is False
    assert vc.template == "toolkit-learner"
    assert vc.allow_template_override == "NO"
    assert vc.allow_theme_override == "NO"
    assert config.Voila.config_file_paths == []  # no voila.py from the folder is run
    csp = config.Voila.tornado_settings["headers"]["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert "Tell your trainer" in config.VoilaExecutor.cell_error_instruction


def test_template_links_nothing_outside():
    for path in TEMPLATE_DIR.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), path


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("example.org", 8866, "give an IP address"),
        ("127.0.0.1; rm -rf", 8866, "give an IP address"),
        ("127.0.0.1", 0, "choose a number"),
        ("127.0.0.1", 70000, "choose a number"),
    ],
)
def test_bad_addresses_and_ports_are_refused(host, port, expected):
    with pytest.raises(LearnerModeError, match=expected):
        learn_server.plan(host, port)


def test_a_busy_port_is_refused_plainly():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(LearnerModeError, match="may be open already"):
            learn_server.check_port_free("127.0.0.1", port)


def test_command_line_refuses_a_source_with_exit_2(capsys):
    code = main([str(REPO / "exercises" / "04-first-post.ipynb"), "--no-browser"])
    err = capsys.readouterr().err
    assert code == 2
    assert "never opens it" in err
    assert "Traceback" not in err


def test_without_a_build_the_command_says_to_build_first(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--no-browser"]) == 2
    assert "Build the course first ('make build')" in capsys.readouterr().err


def test_template_words_come_from_the_catalogue(tmp_path):
    share = install_template(tmp_path / "share")
    strings = (share / "voila/templates/toolkit-learner/learner_strings.j2").read_text("utf-8")
    assert '{% set tree_title = "Your exercises" %}' in strings
    assert (share / "voila/templates/toolkit-learner/static/learner.css").is_file()


# ------------------------------------------------------------------ the real thing


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def learner_app(tmp_path_factory):
    """Exercise 04's learner edition served by ``python -m toolkit.learn``; yields its URL."""
    tmp = tmp_path_factory.mktemp("learn")
    out = tmp / "build"
    env = {**os.environ, "TOOLKIT_PROGRESS": "off"}
    built = subprocess.run(
        [
            sys.executable,
            "build_course.py",
            "04-first-post",
            "--no-pdf",
            "--quiet",
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    notebook = out / "learner" / "04-first-post-exercise.ipynb"
    port = _free_port()
    log = tmp / "learn.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "toolkit.learn",
                str(notebook),
                "--port",
                str(port),
                "--no-browser",
            ],
            cwd=tmp,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the learner mode exited early:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/voila/static/voila.js", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no server after {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield base, log
    finally:
        _stop(proc)


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", ["/", "/api/kernels/00000000-0000-0000-0000-000000000000/channels"]
)
def test_server_refuses_a_host_header_from_elsewhere(learner_app, path):
    """DNS rebinding: a web page that resolves its own name to 127.0.0.1 gets 403."""
    base, _log = learner_app
    request = urllib.request.Request(base + path)
    request.add_header("Host", "attacker.example:80")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 403


@pytest.mark.slow
def test_a_classroom_address_needs_the_printed_token(tmp_path):
    """--host 0.0.0.0: the printed link carries a token; the same page without it is refused."""
    _learner(tmp_path / "learner" / "04.ipynb")
    port = _free_port()
    log = tmp_path / "learn.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "toolkit.learn",
                str(tmp_path / "learner"),
                "--host",
                "0.0.0.0",
                "--port",
                str(port),
                "--no-browser",
            ],
            cwd=tmp_path,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        token = None
        while token is None:
            found = re.search(r"\?token=([\w-]+)", log.read_text(encoding="utf-8"))
            token = found.group(1) if found else None
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "Anyone with the link can run code as you" in log.read_text(encoding="utf-8")
        base = f"http://127.0.0.1:{port}/"
        while True:
            try:
                with urllib.request.urlopen(f"{base}?token={token}", timeout=5) as page:
                    assert "Your exercises" in page.read().decode()
                    break
            except urllib.error.URLError as exc:
                if isinstance(exc, urllib.error.HTTPError) or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as caught:
            opener.open(base, timeout=5)
        assert caught.value.code in (302, 403)
        with pytest.raises(urllib.error.HTTPError):
            opener.open(f"{base}?token=wrong{token}", timeout=5)
    finally:
        _stop(proc)


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# Visible buttons, text fields and dropdowns smaller than 44 px, text under 16 px, boxes
# sticking out on the right, and whether any page element scrolls sideways.
MEASURE = """() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const targets = [...document.querySelectorAll(
    'button, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea, select'
  )].filter(visible);
  const small = targets.filter((el) => el.getBoundingClientRect().height < 44)
    .map((el) => `${el.tagName} ${el.textContent || el.placeholder}`
                 + ` ${el.getBoundingClientRect().height}`);
  const tiny = [];
  const walker = document.createTreeWalker(document.getElementById('rendered_cells'),
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el)) continue;
    if (el.closest('[aria-hidden=true]')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) tiny.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  for (const el of targets) {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) tiny.push(`${size}px: ${el.tagName}`);
  }
  const wide = [...document.querySelectorAll('#rendered_cells *')].filter(visible)
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
  const scrollers = [document.documentElement, document.body,
                     document.getElementById('rendered_cells')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.tagName);
  return {small, tiny: tiny.slice(0, 10), wide: wide.slice(0, 10), scrollers,
          scrollWidth: document.documentElement.scrollWidth, innerWidth};
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_exercise_04_as_an_app_on_a_phone(learner_app, tmp_path):
    _need_browser()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    base, _log = learner_app
    outside: list[str] = []
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                device_scale_factor=2,
            )
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            expect.set_options(timeout=STEP_TIMEOUT_MS)

            def route(r):
                if r.request.url.startswith(base + "/") or r.request.url.startswith(
                    base.replace("http", "ws") + "/"
                ):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on(
                "console",
                lambda msg: (
                    problems.append(msg.text)
                    if msg.type == "error" or "Content Security Policy" in msg.text
                    else None
                ),
            )
            page.goto(base + "/")

            # The live form (not the static snapshot inside the notebook's HTML output).
            title = page.locator(".jupyter-widgets").get_by_label("Title", exact=True)
            expect(title).to_be_visible()
            expect(page.locator("h1", has_text="Your first post")).to_be_visible()

            # No code: no input areas, no source text, no prompts.
            assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor").count() == 0
            assert page.locator(".jp-InputPrompt:visible, .jp-OutputPrompt:visible").count() == 0
            text = page.locator("#rendered_cells").inner_text()
            for source in ("forum = ", "sample_forum()", "PostForm(", "import "):
                assert source not in text, f"code shows: {source!r}"
            assert page.title() == "Exercise: Your first post"

            shots = Path(os.environ.get("TOOLKIT_SCREENSHOTS", tmp_path))
            page.screenshot(path=str(shots / "learn-04-top.png"))

            measured = page.evaluate(MEASURE)
            assert measured["small"] == [], measured["small"]
            assert measured["tiny"] == [], measured["tiny"]
            assert measured["wide"] == [], measured["wide"]
            assert measured["scrollers"] == [], measured
            assert measured["scrollWidth"] <= measured["innerWidth"]

            axe = Axe().run(page)
            serious = [
                f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s)"
                for v in axe.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], serious

            # Type a post with the on-screen keyboard's events, press Post, get feedback.
            title.tap()
            page.keyboard.type("Safe crossing near the school")
            counter = page.locator(".jupyter-widgets", has_text="29 of 120 characters")
            expect(counter.first).to_be_visible()
            body = page.locator(".jupyter-widgets").get_by_label("Your post", exact=True)
            body.tap()
            page.keyboard.type(
                "Many children cross the main road to get to school. The cars go fast and "
                "there is no crossing. I would like a zebra crossing and a sign. Who will help?"
            )
            expect(
                page.locator(".jupyter-widgets", has_text="of 10000 characters").first
            ).not_to_contain_text("0 of 10000")
            post = page.locator(".jupyter-widgets").get_by_role("button", name="Post", exact=True)
            post.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "learn-04-form.png"))
            post.tap()
            expect(page.locator(".jupyter-widgets .tk-done")).to_be_visible()
            feedback = page.locator(".jupyter-widgets .toolkit-feedback")
            expect(feedback).to_be_visible()
            expect(feedback).not_to_contain_text("Traceback")
            feedback.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "learn-04-feedback.png"))

            after = page.evaluate(MEASURE)
            assert after["small"] == [], after
            assert after["wide"] == [], after
            assert after["scrollers"] == [], after
        finally:
            browser.close()
    assert outside == [], f"requests to other hosts: {outside}"
    assert problems == [], problems
