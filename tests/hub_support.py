"""A real JupyterHub on loopback for tests/test_hub.py and bench/hub_bench.py.

``Hub`` writes a config of its own into a fresh folder (database, cookie secret, proxy pid file),
starts ``jupyterhub`` from this venv with the npm configurable-http-proxy, and talks to it the way
a deployment would: the hub's REST API with a service token (admin role), a learner's browser
with a cookie jar, and a single-user server's kernel through its websocket. Every wait has a
timeout, and ``stop`` ends the hub's whole process group (proxy and single-user servers too), so
a failed test leaves nothing running.

Without the proxy (``.hub/node_modules/.bin/configurable-http-proxy`` or on PATH) the test skips,
unless TOOLKIT_REQUIRE_HUB=1 (CI), then it fails.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LOCAL_PROXY = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
START_TIMEOUT_S = 60.0
SERVER_TIMEOUT_S = 120.0
CELL_TIMEOUT_S = 90.0


def find_proxy() -> str | None:
    """The configurable-http-proxy command: the local npm install first, then PATH."""
    if LOCAL_PROXY.exists():
        return str(LOCAL_PROXY)
    return shutil.which("configurable-http-proxy")


def need_hub() -> str:
    """The proxy's path; skip without it or jupyterhub, fail when TOOLKIT_REQUIRE_HUB=1."""
    import pytest

    reason = ""
    if not (VENV_BIN / "jupyterhub").exists():
        reason = "jupyterhub is not installed: .venv/bin/pip install -e '.[hub]'"
    proxy = find_proxy()
    if proxy is None:
        reason = (
            "configurable-http-proxy is missing: "
            "npm install --prefix .hub configurable-http-proxy (node 20)"
        )
    if reason:
        if os.environ.get("TOOLKIT_REQUIRE_HUB") == "1":
            pytest.fail(f"TOOLKIT_REQUIRE_HUB=1 but {reason}")
        pytest.skip(reason)
    assert proxy is not None
    return proxy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces: the parent pid is after its ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_kib(pid: int) -> int:
    """Resident memory of one process in KiB (0 once it has gone)."""
    return _proc_kib(f"/proc/{pid}/status", "VmRSS:")


def pss_kib(pid: int) -> int:
    """Proportional memory of one process in KiB: shared pages split between their users, so
    the sum over many servers is what they cost together (0 once it has gone)."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_kib(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Execution:
    """What one cell did in a kernel: its printed text and its error, if any."""

    stdout: str = ""
    error: str = ""
    status: str = ""


@dataclass
class Hub:
    """One JupyterHub process tree in ``workdir``; use as ``with Hub(...) as hub:``."""

    workdir: Path
    proxy: str
    services: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    extra_config: str = ""
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "jupyterhub.log"

    def home(self, name: str) -> Path:
        return self.workdir / "home" / name

    def write_config(self) -> Path:
        """The hub's config: loopback ports, the npm proxy, local servers from this venv."""
        services = [{"name": "hubtest", "api_token": self.token}, *self.services]
        roles = [{"name": "admin", "services": ["hubtest"]}, *self.roles]
        home = self.workdir / "home" / "{username}"
        root_flag = ["--allow-root"] if os.getuid() == 0 else []
        lines = [
            f"c.JupyterHub.bind_url = {self.url + '/'!r}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            f"c.JupyterHub.hub_port = {free_port()}",
            f"c.JupyterHub.db_url = {'sqlite:///' + str(self.workdir / 'jupyterhub.sqlite')!r}",
            f"c.JupyterHub.cookie_secret = bytes.fromhex({secrets.token_hex(32)!r})",
            f"c.JupyterHub.pid_file = {str(self.workdir / 'jupyterhub.pid')!r}",
            f"c.ConfigurableHTTPProxy.command = [{self.proxy!r}]",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
            f"c.ConfigurableHTTPProxy.pid_file = {str(self.workdir / 'proxy.pid')!r}",
            # A shared password: any learner name logs in with it (the non-deprecated form of
            # the dummy authenticator's password since JupyterHub 5.3).
            "c.JupyterHub.authenticator_class = 'shared-password'",
            f"c.SharedPasswordAuthenticator.user_password = {self.password!r}",
            "c.Authenticator.allow_all = True",
            "c.JupyterHub.spawner_class = 'simple'",
            f"c.SimpleLocalProcessSpawner.home_dir_template = {str(home)!r}",
            f"c.Spawner.cmd = [{str(VENV_BIN / 'jupyterhub-singleuser')!r}]",
            f"c.Spawner.args = {root_flag!r}",
            "c.Spawner.ip = '127.0.0.1'",
            f"c.Spawner.start_timeout = {int(SERVER_TIMEOUT_S)}",
            f"c.Spawner.http_timeout = {int(SERVER_TIMEOUT_S)}",
            "c.Spawner.environment = {'PYTHONDONTWRITEBYTECODE': '1'}",
            f"c.JupyterHub.services = {services!r}",
            f"c.JupyterHub.load_roles = {roles!r}",
            self.extra_config,
        ]
        path = self.workdir / "jupyterhub_config.py"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self) -> None:
        """Start the hub and wait until its API answers through the proxy."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.write_config()
        env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        with self.log.open("wb") as log:
            # Its own session: stop() ends the hub, the proxy and the servers as one group.
            self.process = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(config)],
                cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                msg = f"jupyterhub exited early:\n{self.log_tail()}"
                raise RuntimeError(msg)
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                if self.sync_get("/hub/api/") is not None:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        msg = f"jupyterhub did not answer in {START_TIMEOUT_S:.0f} s:\n{self.log_tail()}"
        raise TimeoutError(msg)

    def sync_get(self, path: str) -> Any:
        import urllib.request

        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def stop(self) -> None:
        """SIGTERM the hub (it stops the servers and the proxy), then SIGKILL what is left."""
        if self.process is None:
            return
        # The spawner and the kernels start new sessions, so the tree is read, not the group.
        tree = {pid: cmdline(pid) for pid in tree_pids(self.process.pid)}
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        for pid, command in tree.items():
            if command and cmdline(pid) == command:  # still the same process, not a reused id
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if self.process.poll() is None:
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> Hub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def proxy_pid(self) -> int | None:
        """The proxy's process (a child of the hub)."""
        if self.process is None:
            return None
        for pid in tree_pids(self.process.pid):
            if "configurable-http-proxy" in cmdline(pid):
                return pid
        return None

    # The REST API, with the test service's admin token.

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        request = HTTPRequest(
            f"{self.url}/hub/api{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True,
            request_timeout=30,
        )
        response = await AsyncHTTPClient().fetch(request)
        return json.loads(response.body) if response.body else None

    async def create_users(self, names: list[str]) -> None:
        await self.api("POST", "/users", {"usernames": names})

    async def start_server(self, name: str, timeout: float = SERVER_TIMEOUT_S) -> float:
        """Ask for her server and wait until it is ready; the seconds it took."""
        started = time.monotonic()
        await self.api("POST", f"/users/{quote(name)}/server")
        await self.wait_server(name, ready=True, timeout=timeout)
        return time.monotonic() - started

    async def wait_server(self, name: str, *, ready: bool, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            user = await self.api("GET", f"/users/{quote(name)}")
            server = user.get("servers", {}).get("", {})
            if (ready and server.get("ready")) or (not ready and not server):
                return dict(server)
            if time.monotonic() > deadline:
                state = "ready" if ready else "stopped"
                msg = f"{name}'s server not {state} in {timeout:.0f} s:\n{self.log_tail()}"
                raise TimeoutError(msg)
            await asyncio.sleep(0.25)

    async def stop_server(self, name: str, timeout: float = 30.0) -> None:
        await self.api("DELETE", f"/users/{quote(name)}/server")
        await self.wait_server(name, ready=False, timeout=timeout)

    async def server_pid(self, name: str) -> int | None:
        """Her single-user server's process (the local spawner keeps it in its state)."""
        user = await self.api("GET", f"/users/{quote(name)}?include_stopped_servers")
        state = user.get("servers", {}).get("", {}).get("state") or {}
        pid = state.get("pid")
        return int(pid) if pid else None

    # Her kernel, through the single-user server's API and websocket.

    async def run_cell(
        self, name: str, code: str, timeout: float = CELL_TIMEOUT_S, *, keep: bool = False
    ) -> Execution:
        """Start a kernel in her server, run ``code`` in it, shut the kernel down (unless
        ``keep``: the bench weighs her server with its kernel)."""
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        base = f"{self.url}/user/{quote(name)}/api/kernels"
        headers = {"Authorization": f"token {self.token}"}
        client = AsyncHTTPClient()
        response = await client.fetch(
            HTTPRequest(base, method="POST", headers=headers, body="{}", request_timeout=60)
        )
        kernel_id = json.loads(response.body)["id"]
        try:
            return await asyncio.wait_for(
                self._execute(base, kernel_id, headers, code), timeout=timeout
            )
        finally:
            if not keep:
                await client.fetch(
                    HTTPRequest(f"{base}/{kernel_id}", method="DELETE", headers=headers),
                    raise_error=False,
                )

    @staticmethod
    async def _until_ready(ws: Any, session: Any, attempts: int = 12) -> None:
        """Ask the kernel for its info until it answers, as Jupyter's own clients do before they
        run code: a request sent while the server is still wiring the kernel's channels can be
        lost (seen once in twenty: the cell then waited out its whole timeout)."""
        from jupyter_client.jsonutil import json_default

        for _ in range(attempts):
            request = session.msg("kernel_info_request", {})
            request["channel"] = "shell"
            await ws.write_message(json.dumps(request, default=json_default))
            deadline = time.monotonic() + 5
            while (left := deadline - time.monotonic()) > 0:
                try:
                    raw = await asyncio.wait_for(ws.read_message(), timeout=left)
                except TimeoutError:
                    break
                if raw is None:
                    closed = "the kernel's websocket closed before the kernel was ready"
                    raise ConnectionError(closed)
                msg = json.loads(raw)
                if msg.get("msg_type") == "kernel_info_reply":
                    return
        slow = "the kernel did not answer kernel_info_request within a minute"
        raise TimeoutError(slow)

    async def _execute(
        self, base: str, kernel_id: str, headers: dict[str, str], code: str
    ) -> Execution:
        from jupyter_client.jsonutil import json_default
        from jupyter_client.session import Session
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        session = Session(key=b"")
        url = f"{base}/{kernel_id}/channels?session_id={session.session}"
        ws = await websocket_connect(
            HTTPRequest(url.replace("http://", "ws://", 1), headers=headers, request_timeout=60)
        )
        try:
            await self._until_ready(ws, session)
            content = {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            }
            request = session.msg("execute_request", content)
            request["channel"] = "shell"
            await ws.write_message(json.dumps(request, default=json_default))
            msg_id = request["header"]["msg_id"]
            result, replied, idle = Execution(), False, False
            while not (replied and idle):
                raw = await ws.read_message()
                if raw is None:
                    closed = "the kernel's websocket closed before the reply"
                    raise ConnectionError(closed)
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, body = msg["msg_type"], msg["content"]
                if kind == "stream" and body.get("name") == "stdout":
                    result.stdout += body["text"]
                elif kind == "error":
                    result.error = f"{body['ename']}: {body['evalue']}"
                elif kind == "execute_reply":
                    result.status, replied = body["status"], True
                elif kind == "status" and body.get("execution_state") == "idle":
                    idle = True
            return result
        finally:
            ws.close()


def lesson_cell(learner: str) -> str:
    """Lesson 4's exercise as one cell: her practice forum, her first post, its check, as JSON."""
    return f"""
import json, os
from toolkit.checks import check_first_post
from toolkit.forum.sample import lesson_forum

forum, me = lesson_forum("", {learner!r}, "")
forum.post(
    me,
    "A safe crossing near the school",
    "Many children cross the main road to get to school. The cars go fast and there is no "
    "crossing. I would like a zebra crossing and a sign. Who wants to help me ask the council?",
)
feedback = check_first_post(forum, me)
print(json.dumps({{"passed": feedback.passed, "good": feedback.good, "missing": feedback.missing,
                  "hub_user": os.environ.get("JUPYTERHUB_USER"), "cwd": os.getcwd()}}))
"""


class Browser:
    """A learner's browser without JavaScript: a cookie jar that follows redirects."""

    def __init__(self, hub: Hub) -> None:
        import httpx

        self.hub = hub
        self.client = httpx.AsyncClient(base_url=hub.url, follow_redirects=True, timeout=60)

    async def login(self, name: str, password: str, then: str = "/hub/home") -> Any:
        """The hub's login form, sent with the _xsrf token the login page set as a cookie;
        ``then`` is where the hub sends her next (``/hub/spawn`` starts her server)."""
        await self.client.get("/hub/login")
        form = {"username": name, "password": password, "_xsrf": self.client.cookies["_xsrf"]}
        return await self.client.post(f"/hub/login?next={quote(then)}", data=form)

    async def get(self, path: str) -> Any:
        return await self.client.get(path)

    async def close(self) -> None:
        await self.client.aclose()


def board_service(db: Path, trainer_group: str = "trainers") -> dict[str, Any]:
    """The classroom board as the hub's managed service at /services/board/ (``--hub``)."""
    return {
        "name": "board",
        "url": f"http://127.0.0.1:{free_port()}",
        "command": [
            sys.executable,
            "-m",
            "toolkit.classroom",
            "--db",
            str(db),
            "--hub",
            "--trainer-group",
            trainer_group,
        ],  # fmt: skip
        "oauth_no_confirm": True,
        "environment": {"PYTHONDONTWRITEBYTECODE": "1"},
    }


# Hub users may open the board: JupyterHub's default "user" role ("self") does not reach a
# service, so without this scope the hub answers 403 at the board's OAuth authorize step.
BOARD_USERS_ROLE: dict[str, Any] = {
    "name": "user",
    "scopes": ["self", "access:services!service=board"],
}


async def post_on_board(browser: Browser, title: str, body: str) -> Any:
    """Open the board (hub OAuth and back, as a browser), then post through its form."""
    page = await browser.get("/services/board/join")
    if page.status_code != 200:
        return page
    xsrf = browser.client.cookies.get("_xsrf", path="/services/board/")
    form = {"_xsrf": xsrf or "", "title": title, "body": body}
    return await browser.client.post("/services/board/new", data=form)
