"""JupyterHub sizing bench: N learners log in at once, each gets a server and runs a lesson.

    python bench/hub_bench.py [--learners 5,10,20] [--no-board] [--json OUT]

For each N, a fresh real JupyterHub on loopback (tests/hub_support.py: shared-password login,
local single-user servers from this venv, the npm configurable-http-proxy). All N learners
arrive together, as a class does when the trainer says "open the course". Each one, as her
browser would: opens the login page, logs in (next: /hub/spawn, which starts her server), waits
until her server is ready, opens /user/<name>/lab (through the hub's OAuth and back), then lesson
4's exercise runs in a kernel of her server (import the toolkit, the sample forum, a post, its
check). "Login to ready" is from the login page to the check's result. Then, with the classroom
board running as the hub's service (unless --no-board), she opens the board (hub OAuth, no join
code), reads its front page five times half a second apart and posts once. The board's read
p95 is over those reads; the post is timed apart (a form, a risk check and a redirect). All of
it happens while the other learners' servers are still starting.

With every kernel still running, memory is read from /proc: per learner, the RSS of her
single-user server plus its kernel; the hub plus the proxy. RSS counts shared pages once per
process, so the sum over learners is an upper bound; PSS (shared pages split between the
processes that map them, from smaps_rollup) is given beside it for the total. Client, hub and
servers share the machine's cores, so the load average is printed with the figures.

The baseline is one learner alone, measured first in the same run on the same machine: each
class size is printed as ratios against it (time to ready, memory per learner, board p95), so
the figures say how a class scales here rather than how fast this machine is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub_support import (  # noqa: E402
    BOARD_USERS_ROLE,
    Browser,
    Hub,
    board_service,
    cmdline,
    find_proxy,
    lesson_cell,
    post_on_board,
    pss_kib,
    rss_kib,
    tree_pids,
)

MIB = 1024


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (the value at or below which ``fraction`` of them lie)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


async def on_board(browser: Browser, name: str) -> tuple[list[float], float]:
    """Her board visit: five reads of the front page, then one post; each request's ms."""
    timings = []
    for _ in range(5):
        started = time.monotonic()
        page = await browser.get("/services/board/")
        timings.append((time.monotonic() - started) * 1000)
        if page.status_code != 200:
            msg = f"board page: {page.status_code} {page.url}"
            raise RuntimeError(msg)
        await asyncio.sleep(0.5)
    started = time.monotonic()
    reply = await post_on_board(browser, f"Hello from {name}", "Who wants to help the school?")
    posted = (time.monotonic() - started) * 1000
    if reply.status_code != 200 or "/services/board/t/" not in str(reply.url):
        msg = f"board post: {reply.status_code} {reply.url}"
        raise RuntimeError(msg)
    return timings, posted


async def one_learner(hub: Hub, name: str, board: bool) -> dict[str, Any]:
    """Her way in, timed: login, server ready, JupyterLab page, lesson cell result."""
    browser = Browser(hub)
    started = time.monotonic()
    try:
        await browser.login(name, hub.password, then="/hub/spawn")
        await hub.wait_server(name, ready=True, timeout=300)
        server_ready = time.monotonic() - started
        page = await browser.get(f"/user/{name}/lab")
        if page.status_code != 200 or "JupyterLab" not in page.text:
            return {"name": name, "error": f"lab page: {page.status_code} {page.url}"}
        run = await hub.run_cell(name, lesson_cell(name), timeout=300, keep=True)
        ready = time.monotonic() - started
        result = json.loads(run.stdout) if run.status == "ok" else {}
        if not result.get("passed"):
            return {"name": name, "error": f"lesson cell: {run.status} {run.error}"}
        row = {"name": name, "server_ready_s": server_ready, "login_to_ready_s": ready}
        if board:
            await browser.get("/services/board/join")  # her first visit: the OAuth round trip
            try:
                row["board_ms"], row["post_ms"] = await on_board(browser, name)
            except RuntimeError as error:
                return {"name": name, "error": str(error)}
        return row
    finally:
        await browser.close()


async def measure(hub: Hub, learners: int, board: bool) -> dict[str, Any]:
    names = [f"learner{number:02d}" for number in range(1, learners + 1)]
    await hub.create_users(names)
    started = time.monotonic()
    runs = await asyncio.gather(*(one_learner(hub, name, board) for name in names))
    wall = time.monotonic() - started
    load = os.getloadavg()
    per_learner, servers, shared = [], [], []
    for name in names:
        pid = await hub.server_pid(name)
        if pid is not None:
            tree = tree_pids(pid)
            per_learner.append(sum(rss_kib(each) for each in tree) / MIB)
            servers.append(rss_kib(pid) / MIB)
            shared.append(sum(pss_kib(each) for each in tree) / MIB)
    assert hub.process is not None
    proxy = hub.proxy_pid()
    hub_mib = rss_kib(hub.process.pid) / MIB
    proxy_mib = rss_kib(proxy) / MIB if proxy else 0.0
    boards = [pid for pid in tree_pids(hub.process.pid) if "toolkit.classroom" in cmdline(pid)]
    board_mib = sum(rss_kib(pid) for pid in boards) / MIB
    board_ms = [ms for run in runs for ms in run.get("board_ms", [])]
    post_ms = [run["post_ms"] for run in runs if "post_ms" in run]
    good = [run for run in runs if "error" not in run]
    ready = [run["login_to_ready_s"] for run in good]
    server = [run["server_ready_s"] for run in good]
    return {
        "learners": learners,
        "ok": len(good),
        "errors": [run["error"] for run in runs if "error" in run],
        "wall_s": round(wall, 2),
        "login_to_ready_p50_s": round(statistics.median(ready), 2) if ready else None,
        "login_to_ready_p95_s": round(percentile(ready, 0.95), 2) if ready else None,
        "server_ready_p50_s": round(statistics.median(server), 2) if server else None,
        "learner_mib_mean": round(statistics.mean(per_learner), 1) if per_learner else None,
        "learner_mib_max": round(max(per_learner), 1) if per_learner else None,
        "learners_mib_total": round(sum(per_learner), 1),
        "server_only_mib_mean": round(statistics.mean(servers), 1) if servers else None,
        "learner_pss_mib_mean": round(statistics.mean(shared), 1) if shared else None,
        "learners_pss_mib_total": round(sum(shared), 1),
        "hub_mib": round(hub_mib, 1),
        "proxy_mib": round(proxy_mib, 1),
        "hub_proxy_mib": round(hub_mib + proxy_mib, 1),
        "load_1min": round(load[0], 2),
        "cores": os.cpu_count(),
        "board_requests": len(board_ms) + len(post_ms),
        # Front-page reads; a post (form, risk check, redirect to the thread) apart.
        "board_p50_ms": round(statistics.median(board_ms), 1) if board_ms else None,
        "board_p95_ms": round(percentile(board_ms, 0.95), 1) if board_ms else None,
        "post_p50_ms": round(statistics.median(post_ms), 1) if post_ms else None,
        "post_max_ms": round(max(post_ms), 1) if post_ms else None,
        "board_mib": round(board_mib, 1) if board else None,
    }


def run_one(learners: int, proxy: str, board: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as name:
        folder = Path(name)
        services = [board_service(folder / "board.sqlite")] if board else []
        roles = [BOARD_USERS_ROLE] if board else []
        with Hub(folder, proxy, services=services, roles=roles) as hub:
            return asyncio.run(measure(hub, learners, board))


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "learners  ok  ready p50  ready p95  server p50  RSS MiB/learner  PSS MiB/learner  "
        "hub+proxy MiB  all PSS MiB  read p95 ms  post p50 ms  load1"
    )
    lines = [head, "-" * len(head)]
    for row in results:
        total = row["learners_pss_mib_total"] + row["hub_proxy_mib"] + (row["board_mib"] or 0)
        lines.append(
            f"{row['learners']:>8}  {row['ok']:>2}  {row['login_to_ready_p50_s']:>8}s  "
            f"{row['login_to_ready_p95_s']:>8}s  {row['server_ready_p50_s']:>9}s  "
            f"{row['learner_mib_mean']:>15}  {row['learner_pss_mib_mean']:>15}  "
            f"{row['hub_proxy_mib']:>13}  {total:>11.0f}  {row['board_p95_ms']!s:>11}  "
            f"{row['post_p50_ms']!s:>11}  "
            f"{row['load_1min']:>5}"
        )
    return "\n".join(lines)


RATIOS = (
    ("ready", "login_to_ready_p50_s"),
    ("PSS/learner", "learner_pss_mib_mean"),
    ("read p95", "board_p95_ms"),
)


def ratios(results: list[dict[str, Any]], baseline: dict[str, Any]) -> str:
    """Each class size against one learner alone (the same run, the same machine)."""
    head = "learners  " + "  ".join(f"{label + ' x':>14}" for label, _ in RATIOS)
    lines = ["Against the baseline (one learner alone, same run):", head, "-" * len(head)]
    for row in results:
        cells = []
        for _, key in RATIOS:
            base, value = baseline.get(key), row.get(key)
            cells.append(f"{value / base:>14.2f}" if base and value is not None else f"{'-':>14}")
        lines.append(f"{row['learners']:>8}  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", default="5,10,20", help="comma-separated class sizes")
    parser.add_argument("--no-board", action="store_true", help="without the board service")
    parser.add_argument("--json", type=Path, default=Path("hub_bench.json"))
    args = parser.parse_args(argv)
    proxy = find_proxy()
    if proxy is None:
        print(
            "configurable-http-proxy is missing: npm install --prefix .hub configurable-http-proxy"
        )
        return 2
    baseline = run_one(1, proxy, not args.no_board)
    print(f"baseline, 1 learner: ready in {baseline['wall_s']} s", flush=True)
    results = []
    for learners in (int(part) for part in args.learners.split(",")):
        row = run_one(learners, proxy, not args.no_board)
        results.append(row)
        print(f"{learners} learners: {row['ok']} ready in {row['wall_s']} s", flush=True)
        for error in row["errors"]:
            print(f"  error: {error}", flush=True)
    print(table([baseline, *results]))
    print()
    print(ratios(results, baseline))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    data = {"cores": os.cpu_count(), "baseline": baseline, "runs": results}
    args.json.write_text(json.dumps(data, indent=2) + "\n")
    print(f"JSON: {args.json}")
    return 0 if all(not row["errors"] for row in [baseline, *results]) else 1


if __name__ == "__main__":
    sys.exit(main())
