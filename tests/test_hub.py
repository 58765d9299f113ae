"""The course on a real JupyterHub: learners' own servers run the lessons' code (issue 15).

A real ``jupyterhub`` on loopback (tests/hub_support.py: shared-password login, local servers
from this venv, the npm configurable-http-proxy). Learners are created through the REST API, their
servers started, and lesson 4's exercise runs in each one's kernel over the websocket. Skips
without the proxy, unless TOOLKIT_REQUIRE_HUB=1 (CI), then fails.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_support import (
    BOARD_USERS_ROLE,
    ROOT,
    Browser,
    Hub,
    board_service,
    cmdline,
    lesson_cell,
    need_hub,
    post_on_board,
    tree_pids,
)

from toolkit import Forum

pytestmark = pytest.mark.slow

LEARNERS = ["amina", "bongani", "chipo"]
TRAINER = "tumi"
BUDGET_S = 180.0


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    proxy = need_hub()
    started = time.monotonic()
    folder = tmp_path_factory.mktemp("hub")
    # The classroom board runs beside the servers as the hub's service, as deployed.
    groups = f"c.JupyterHub.load_groups = {{'trainers': {{'users': [{TRAINER!r}]}}}}"
    with Hub(
        folder,
        proxy,
        services=[board_service(folder / "board.sqlite")],
        roles=[BOARD_USERS_ROLE],
        extra_config=groups,
    ) as running:
        yield running
    # The whole module (hub, servers, kernels, stop) stays inside the budget.
    assert time.monotonic() - started < BUDGET_S


def test_three_learners_run_the_lesson_in_their_own_servers(hub: Hub) -> None:
    async def scenario() -> None:
        await hub.create_users(LEARNERS)
        await asyncio.gather(*(hub.start_server(name) for name in LEARNERS))
        pids = {name: await hub.server_pid(name) for name in LEARNERS}
        runs = await asyncio.gather(*(hub.run_cell(name, lesson_cell(name)) for name in LEARNERS))
        for name, run in zip(LEARNERS, runs, strict=True):
            assert run.status == "ok", run.error
            result = json.loads(run.stdout)
            assert result["passed"] is True, result["missing"]
            assert "You posted in the forum." in result["good"]
            # Her code ran in her own server, in her own home folder.
            assert result["hub_user"] == name
            assert Path(result["cwd"]) == hub.home(name)
        assert len(set(pids.values())) == len(LEARNERS)
        await asyncio.gather(*(hub.stop_server(name) for name in LEARNERS))
        for name, pid in pids.items():
            assert pid is not None
            assert "jupyterhub-singleuser" not in cmdline(pid), f"{name}'s server still runs"

    asyncio.run(scenario())


def test_learners_and_a_trainer_post_on_the_board_through_the_hub(hub: Hub) -> None:
    names = ["gugu", "hadiza", "ifeoma", TRAINER]

    async def post(name: str) -> str:
        browser = Browser(hub)
        try:
            await browser.login(name, hub.password)
            # No join code, no PIN: the hub says who she is (OAuth, as a browser follows it).
            reply = await post_on_board(
                browser, f"Crossing plan from {name}", "Who wants to help ask for a crossing?"
            )
            assert reply.status_code == 200, reply.text
            return str(reply.url)
        finally:
            await browser.close()

    async def scenario() -> list[str]:
        await hub.create_users(names)
        return await asyncio.gather(*(post(name) for name in names))

    landed = asyncio.run(scenario())
    assert all("/services/board/t/" in url for url in landed)
    with Forum(hub.workdir / "board.sqlite") as forum:
        titles = {post.title: post.author for post in forum.posts()}
        for name in names:
            author = titles[f"Crossing plan from {name}"]
            assert author.handle == name
            assert author.role == ("trainer" if name == TRAINER else "learner")


def test_without_a_hub_login_the_board_sends_her_to_the_hub(hub: Hub) -> None:
    async def scenario() -> None:
        browser = Browser(hub)
        try:
            page = await browser.get("/services/board/join")
        finally:
            await browser.close()
        assert "/hub/login" in str(page.url)
        assert page.status_code == 200

    asyncio.run(scenario())


def test_a_failing_cell_reports_its_error(hub: Hub) -> None:
    async def scenario() -> None:
        await hub.create_users(["dudu"])
        await hub.start_server("dudu")
        try:
            run = await hub.run_cell("dudu", "from toolkit.checks import no_such_check")
        finally:
            await hub.stop_server("dudu")
        assert run.status == "error"
        assert run.error.startswith("ImportError")

    asyncio.run(scenario())


def test_a_learner_logs_in_and_reaches_her_jupyterlab(hub: Hub) -> None:
    async def scenario() -> None:
        browser = Browser(hub)
        try:
            refused = await browser.login("esi", "not the password")
            assert refused.status_code == 403
            assert "/hub/login" in str(refused.url)
            await browser.login("esi", hub.password)
            await hub.create_users(["fumo"])
            await asyncio.gather(hub.start_server("esi"), hub.start_server("fumo"))
            # The single-user server sends her through the hub's OAuth and back, as a browser.
            page = await browser.get("/user/esi/lab")
            assert page.status_code == 200
            assert str(page.url).endswith("/user/esi/lab")
            assert "JupyterLab" in page.text
            # Another learner's running server is not hers to open.
            other = await browser.get("/user/fumo/lab")
            assert other.status_code == 403
            assert "JupyterLab" not in other.text
        finally:
            await browser.close()
            await asyncio.gather(hub.stop_server("esi"), hub.stop_server("fumo"))

    asyncio.run(scenario())


def test_stopping_the_hub_stops_the_proxy_and_the_learners_servers(tmp_path: Path) -> None:
    with Hub(tmp_path, need_hub()) as hub:
        asyncio.run(hub.create_users(["fola"]))
        asyncio.run(hub.start_server("fola"))
        assert hub.process is not None
        tree = {pid: cmdline(pid) for pid in tree_pids(hub.process.pid)}
        assert any("configurable-http-proxy" in command for command in tree.values())
        assert any("jupyterhub-singleuser" in command for command in tree.values())
        # SIGTERM alone (a service manager's stop): the hub ends what it started by itself.
        hub.process.send_signal(signal.SIGTERM)
        hub.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while (left := alive(tree)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == []


def alive(tree: dict[int, str]) -> list[str]:
    """The commands in ``tree`` still running (a reused process id has another command)."""
    return [command for pid, command in tree.items() if command and cmdline(pid) == command]


def test_the_sizing_bench_runs_a_class_of_two(tmp_path: Path) -> None:
    need_hub()
    out = tmp_path / "not-yet" / "hub_bench.json"  # a folder the bench makes
    run = subprocess.run(
        [sys.executable, "bench/hub_bench.py", "--learners", "2", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=280,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads(out.read_text())
    (row,) = data["runs"]
    baseline = data["baseline"]
    assert (baseline["learners"], baseline["ok"], baseline["board_requests"]) == (1, 1, 6)
    assert row["learners"] == 2
    assert row["ok"] == 2
    assert row["errors"] == []
    assert 0 < row["login_to_ready_p50_s"] <= row["login_to_ready_p95_s"]
    # A server with a kernel that imported the toolkit weighs tens of MiB at least.
    assert row["learner_mib_mean"] > 30
    assert row["hub_proxy_mib"] > 30
    # Shared pages split between processes: never more than the resident size.
    assert 0 < row["learner_pss_mib_mean"] <= row["learner_mib_mean"]
    # Each learner read the board five times and posted once, through the hub's proxy.
    assert row["board_requests"] == 12
    assert 0 < row["board_p50_ms"] <= row["board_p95_ms"]
    assert 0 < row["post_p50_ms"] <= row["post_max_ms"]
    assert row["board_mib"] > 10
    assert "learners  ok  ready p50" in run.stdout
    # The ratios against one learner alone, as printed, are the measured ones.
    ratio = row["login_to_ready_p50_s"] / baseline["login_to_ready_p50_s"]
    (line,) = [ln for ln in run.stdout.splitlines() if ln.split()[:1] == ["2"] and "." in ln
               and len(ln.split()) == 4]  # fmt: skip
    assert float(line.split()[1]) == round(ratio, 2)
