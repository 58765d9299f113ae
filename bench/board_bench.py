"""Classroom board benchmark: N simulated learners against a real board server on loopback.

    python bench/board_bench.py [--learners 200] [--seconds 60] [--strict] [--json OUT]

The board runs as its own process (``python -m toolkit.classroom``) on a free loopback port with
a fresh file, so its memory is read from /proc/<pid>/status (VmRSS now, VmHWM = peak). Learners
arrive over the first seconds and each joins through the JSON API (a quarter set a PIN), loads the
static files, then until the end of the run waits 2-8 s between actions: read the front page or a
thread (HTML, with its session cookie), post or reply (JSON API). Each also polls
/api/v1/changes every ~5 s, as board.js does. At the end every learner posts at once (the burst).

Learners keep to the forum's pace (6 posts and comments a minute): each makes at most 5 in any
65 s before the burst, so the burst post is always allowed. A 429 TooFast is a pacing bug in this
client, counted apart from errors. Then the server is stopped and the file is read with
``toolkit.Forum``: every acknowledged id must be stored with its text, and no member's text twice.

The baseline is a static file GET in the same run (the server's cheapest answer under the same
load); each read's p50 is shown as a ratio to it. Latency is measured by the client, which shares
the machine (and its cores) with the server, so the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.web import create_signed_value

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import Forum  # noqa: E402

CODE = "BENCH7"
ACTIONS = (
    "join", "front page", "thread", "post", "reply", "changes poll", "static file",
    "burst post", "burst static",
)  # fmt: skip
READS = ("front page", "thread", "changes poll")
WRITES = ("post", "reply", "burst post")
PAGE_LIMIT = 30 * 1024
READ_P99_MS, WRITE_P99_MS, RSS_LIMIT_MB = 100.0, 150.0, 200.0
PACE_MAX, PACE_WINDOW_S = 5, 65.0  # one under the forum's 6 a minute, with a margin
POLL_S = 5.0
PS = ("p50", "p95", "p99")


@dataclass
class Stats:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    too_fast: Counter[str] = field(default_factory=Counter)
    # Acknowledged entries: id -> (handle, body); and the bodies sent that got no answer.
    acked: dict[int, tuple[str, str]] = field(default_factory=dict)
    posts: list[int] = field(default_factory=list)
    comments: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def error(self, action: str, what: str, kind: str = "") -> None:
        self.errors[action] += 1
        # One example per action and kind of failure is enough to find the cause.
        if len(self.error_examples) < 10 and not any(
            e.startswith(f"{action} {kind}:") for e in self.error_examples
        ):
            self.error_examples.append(f"{action} {kind}: {what[:300]}")


class Client:
    """One HTTP client for every learner; each call's time goes to its action's samples."""

    def __init__(self, base: str, stats: Stats) -> None:
        AsyncHTTPClient.configure(None, max_clients=2000)
        self.http = AsyncHTTPClient()
        self.base, self.stats = base, stats

    async def call(
        self,
        action: str,
        path: str,
        *,
        method: str = "GET",
        data: dict[str, Any] | None = None,
        token: str | None = None,
        cookie: str | None = None,
        record: bool = True,
    ) -> tuple[int, bytes]:
        headers = {"Accept-Encoding": "identity"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if cookie:
            headers["Cookie"] = cookie
        body = None
        if data is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(data)
        request = HTTPRequest(
            self.base + path,
            method=method,
            headers=headers,
            body=body,
            request_timeout=30,
            follow_redirects=False,
        )
        start = time.perf_counter()
        try:
            response = await self.http.fetch(request, raise_error=False)
        except (OSError, HTTPClientError) as exc:
            self.stats.error(action, f"{path}: {exc!r}", type(exc).__name__)
            return 0, b""
        ms = (time.perf_counter() - start) * 1000
        code, content = response.code, response.body or b""
        if not record:
            return code, content
        self.stats.samples[action].append(ms)
        if code == 429:
            self.stats.too_fast[action] += 1
        elif not 200 <= code < 300:
            self.stats.error(action, f"{method} {path} -> {code} {content[:200]!r}", str(code))
        return code, content


def entry_id(data: Any) -> int | None:
    """The id in an API answer: the object itself or wrapped ({"post": {...}})."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), int) and data.get("type") in ("Post", "Comment", None):
            return int(data["id"])
        for key in ("post", "comment", "entry"):
            found = entry_id(data.get(key))
            if found is not None:
                return found
    return None


@dataclass
class Learner:
    number: int
    handle: str
    token: str = ""
    cookie: str = ""
    writes: deque[float] = field(default_factory=deque)
    sent: int = 0

    def may_write(self, now: float) -> bool:
        while self.writes and now - self.writes[0] > PACE_WINDOW_S:
            self.writes.popleft()
        return len(self.writes) < PACE_MAX

    def text(self, kind: str) -> str:
        # Unique per member (the forum refuses the same text twice in 10 minutes) and harmless.
        self.sent += 1
        return (
            f"{kind.capitalize()} {self.sent} from learner {self.number}: I liked today's "
            "session and I would like to practise replying kindly to the others."
        )


class Run:
    """One bench run against the server at ``base``."""

    def __init__(self, base: str, secret: str, learners: int, seconds: float) -> None:
        self.stats = Stats()
        self.client = Client(base, stats=self.stats)
        self.secret = secret.encode()
        self.n, self.seconds = learners, seconds
        self.spread = min(10.0, max(1.0, seconds / 4))
        self.learners: list[Learner] = []
        self.rng = random.Random(14)

    async def write(
        self, who: Learner, kind: str, path: str, data: dict[str, Any], thread: int = 0
    ) -> None:
        who.writes.append(time.monotonic())
        code, content = await self.client.call(
            kind, path, method="POST", data=data, token=who.token
        )
        if not 200 <= code < 300:
            return
        try:
            new_id = entry_id(json.loads(content))
        except ValueError:
            new_id = None
        if new_id is None:
            self.stats.error(kind, f"2xx without an id: {content[:200]!r}", "no id")
            return
        self.stats.acked[new_id] = (who.handle, data["body"])
        if kind in ("post", "burst post"):
            self.stats.posts.append(new_id)
        else:
            self.stats.comments[thread].append(new_id)

    async def post(self, who: Learner, kind: str = "post") -> None:
        body = who.text("post")
        data = {"title": f"Learner {who.number} asks, number {who.sent}", "body": body}
        await self.write(who, kind, "/api/v1/posts", data)

    async def reply(self, who: Learner) -> None:
        post = self.rng.choice(self.stats.posts)
        comments = self.stats.comments[post]
        # Half the replies answer the post, half answer a comment in its thread.
        if comments and self.rng.random() < 0.5:
            target = f"comment-{self.rng.choice(comments)}"
        else:
            target = f"post-{post}"
        path = f"/api/v1/entries/{target}/comments"
        await self.write(who, "reply", path, {"body": who.text("reply")}, thread=post)

    async def read(self, who: Learner) -> None:
        if self.stats.posts and self.rng.random() < 0.55:
            post = self.rng.choice(self.stats.posts)
            await self.client.call("thread", f"/t/{post}", cookie=who.cookie)
        else:
            await self.client.call("front page", "/", cookie=who.cookie)

    async def poll(self, who: Learner, until: float) -> None:
        since = 0
        await asyncio.sleep(self.rng.uniform(0, POLL_S))
        while time.monotonic() < until:
            code, content = await self.client.call(
                "changes poll", f"/api/v1/changes?since={since}", token=who.token
            )
            if code == 200:
                try:
                    since = int(json.loads(content).get("latest", since))
                except (ValueError, AttributeError, TypeError):
                    self.stats.error("changes poll", f"unreadable: {content[:100]!r}", "json")
            await asyncio.sleep(POLL_S + self.rng.uniform(-1, 1))

    async def learner(self, number: int, start: float, burst: asyncio.Event) -> None:
        await asyncio.sleep(self.spread * number / max(1, self.n))
        who = Learner(number, f"bench_{number:03d}")
        data: dict[str, Any] = {"code": CODE, "handle": who.handle}
        if number % 4 == 0:
            data["pin"] = f"{4000 + number:04d}"[-4:]
        code, content = await self.client.call("join", "/api/v1/join", method="POST", data=data)
        if not 200 <= code < 300:
            return
        who.token = json.loads(content)["token"]
        signed = create_signed_value(self.secret, "board_session", who.token).decode()
        who.cookie = f"board_session={signed}"
        self.learners.append(who)
        for name in ("board.css", "board.js"):
            await self.client.call("static file", f"/static/{name}")
        await self.client.call("front page", "/", cookie=who.cookie)
        end = start + self.spread + self.seconds
        poller = asyncio.create_task(self.poll(who, end))
        while True:
            await asyncio.sleep(self.rng.uniform(2, 8))
            now = time.monotonic()
            if now >= end:
                break
            roll = self.rng.random()
            if roll < 0.35 and who.may_write(now) and (self.stats.posts or roll < 0.12):
                await (self.post(who) if roll < 0.12 or not self.stats.posts else self.reply(who))
            else:
                await self.read(who)
        await burst.wait()
        await self.post(who, "burst post")
        await poller

    async def baseline(self, until: float) -> None:
        while time.monotonic() < until:
            await self.client.call("static file", "/static/board.css")
            await asyncio.sleep(0.25)

    async def main(self) -> None:
        start = time.monotonic()
        burst = asyncio.Event()
        tasks = [asyncio.create_task(self.learner(i, start, burst)) for i in range(self.n)]
        base = asyncio.create_task(self.baseline(start + self.spread + self.seconds + 8))
        # Every learner's last think time ends within 8 s of the end; then all post at once.
        await asyncio.sleep(self.spread + self.seconds + 8)
        # The burst's own baseline: as many static GETs at once as there are learners, so the
        # cost of 200 requests arriving together (client and server queueing) is seen apart
        # from the cost of storing 200 posts.
        await asyncio.gather(
            *(self.client.call("burst static", "/static/board.css") for _ in self.learners)
        )
        burst.set()
        await asyncio.gather(*tasks, base)

    async def weights(self) -> dict[str, tuple[int, int]]:
        """Bytes of each learner page, raw and gzipped, with every post of the run present."""
        who = self.learners[0]
        busiest = max(self.stats.posts, key=lambda p: len(self.stats.comments[p]), default=1)
        pages = {"/": who.cookie, f"/t/{busiest}": who.cookie, "/join": "", "/new": who.cookie,
                 "/me": who.cookie}  # fmt: skip
        out = {}
        for path, cookie in pages.items():
            code, content = await self.client.call(
                "page weight", path, cookie=cookie or None, record=False
            )
            out[path if code == 200 else f"{path} ({code})"] = (
                len(content),
                len(gzip.compress(content, 6)),
            )
        return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def wait_ready(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        if server.poll() is not None:
            msg = f"the board stopped at start (exit {server.returncode})"
            raise SystemExit(msg)
        try:
            with urllib.request.urlopen(url + "/static/board.css", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    msg = "the board did not answer within 30 s"
    raise SystemExit(msg)


def check_stored(db: Path, acked: dict[int, tuple[str, str]]) -> dict[str, int]:
    """Compare what the file holds with what the server acknowledged."""
    stored: dict[int, tuple[str, str]] = {}
    with Forum(db) as forum:
        for post in forum.posts():
            stored[post.id] = (post.author.handle, post.body)
            for comment in forum.thread(post).comments:
                stored[comment.id] = (comment.author.handle, comment.body)
    lost = sum(1 for i, entry in acked.items() if stored.get(i) != entry)
    per_member = Counter(stored.values())
    return {
        "acknowledged": len(acked),
        "stored": len(stored),
        "lost": lost,
        "duplicated": sum(n - 1 for n in per_member.values() if n > 1),
        "stored_not_acknowledged": len(set(stored) - set(acked)),
    }


def pct(values: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank), or None without samples."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(result: dict[str, Any]) -> list[tuple[str, bool]]:
    """Print the table; return (target, passed) pairs."""
    lat = result["latency_ms"]
    base = lat["static file"]["p50"]
    before, after = result["load_before"][0], result["load_after"][0]
    print(
        f"\nBoard bench: {result['learners']} learners, {result['seconds']:g} s + burst; "
        f"load average (1 min) {before:.2f} before, {after:.2f} after; {os.cpu_count()} cores"
    )
    print(f"\n{'action':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p50/base':>10}")
    bases = dict.fromkeys(READS, base) | {"burst post": lat["burst static"]["p50"]}
    for action in ACTIONS:
        s = lat[action]
        # Reads against a static GET; the burst's posts against the burst of static GETs.
        ref = bases.get(action)
        ratio = f"{s['p50'] / ref:.1f}x" if ref and s["p50"] else ""
        ms = "".join(f"{s[p]:>9.1f}" if s[p] is not None else f"{'-':>9}" for p in PS)
        print(f"{action:<14}{s['count']:>7}{ms}{ratio:>10}")
    errors, too_fast = result["errors"], result["too_fast"]
    print(
        f"\nerrors: {sum(errors.values())} {dict(errors) or ''}; "
        f"TooFast (client pacing bugs): {sum(too_fast.values())} {dict(too_fast) or ''}"
    )
    for example in result["error_examples"]:
        print(f"  e.g. {example}")
    st = result["stored"]
    print(f"posts and replies: acknowledged {st['acknowledged']}, stored {st['stored']}, lost "
          f"{st['lost']}, duplicated {st['duplicated']}, stored but never acknowledged "
          f"{st['stored_not_acknowledged']}")  # fmt: skip
    rss, hwm = result["memory_mb"]["rss"], result["memory_mb"]["peak"]
    print(f"server memory: RSS {rss:.0f} MB at the end, peak (VmHWM) {hwm:.0f} MB")
    print("\npage weights (bytes)      raw     gzip")
    for page, (raw, packed) in result["pages"].items():
        print(f"  {page:<20}{raw:>9}{packed:>9}")
    targets: list[tuple[str, bool]] = []
    for action in READS + WRITES:
        limit = READ_P99_MS if action in READS else WRITE_P99_MS
        p99 = lat[action]["p99"]
        # No sample is no evidence: a FAIL (a short run may have made no reply at all).
        targets.append((f"{action} p99 < {limit:.0f} ms", p99 is not None and p99 < limit))
    targets.append(("0 errors", sum(errors.values()) == 0))
    targets.append(("0 lost, 0 duplicated", st["lost"] == 0 and st["duplicated"] == 0))
    targets.append(("acknowledged == stored", st["acknowledged"] == st["stored"]))
    targets.append((f"server peak memory < {RSS_LIMIT_MB:.0f} MB", hwm < RSS_LIMIT_MB))
    pages_ok = all(raw < PAGE_LIMIT and "(" not in p for p, (raw, _gz) in result["pages"].items())
    targets.append(("every page answers 200 and < 30 KB raw", pages_ok))
    print("\ntargets")
    for name, ok in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return targets


async def bench(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    db, port = folder / "board.sqlite", free_port()
    url = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("wb")
    command = [sys.executable, "-m", "toolkit.classroom", "--db", str(db), "--port", str(port),
               "--code", CODE]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            await asyncio.to_thread(wait_ready, url, server)
        except SystemExit:
            log.flush()
            print((folder / "server.log").read_text()[-3000:], file=sys.stderr)
            raise
        # Pages need the signed session cookie: sign the API token with the board's own secret
        # (read from its file), as the join form would have set it.
        with Forum(db) as forum:
            secret = forum.board.secret("cookie")
        load_before = os.getloadavg()
        run = Run(url, secret, args.learners, args.seconds)
        limit = run.spread + args.seconds + 8 + 60
        await asyncio.wait_for(run.main(), timeout=limit)
        pages = await run.weights() if run.learners else {}
        load_after = os.getloadavg()
        rss, hwm = memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    if server.returncode not in (0, -15):
        print((folder / "server.log").read_text()[-3000:], file=sys.stderr)
    s = run.stats
    latency = {
        a: {"count": len(s.samples[a]), **{p: pct(s.samples[a], int(p[1:])) for p in PS}}
        for a in ACTIONS
    }
    return {
        "learners": args.learners,
        "seconds": args.seconds,
        "load_before": load_before,
        "load_after": load_after,
        "latency_ms": latency,
        "errors": dict(s.errors),
        "error_examples": s.error_examples,
        "too_fast": dict(s.too_fast),
        "stored": check_stored(db, s.acked),
        "memory_mb": {"rss": rss, "peak": hwm},
        "pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the paced part")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(bench(args, Path(tmp)))
    targets = report(result)
    result["targets"] = {name: ok for name, ok in targets}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if args.strict and not all(ok for _name, ok in targets) else 0


if __name__ == "__main__":
    raise SystemExit(main())
