"""Forum benchmark: ratios measured against baselines taken in the same run.

    python bench/forum_bench.py [--comments 20000] [--thread 1000]

1. Storing N comments through the toolkit (validated, one transaction each) against the same rows
   inserted with raw sqlite3 (one BEGIN IMMEDIATE ... COMMIT each, same file settings).
   Target: toolkit speed >= 25% of raw.
2. Rendering a 1,000-comment thread to HTML, cold (first render) and warm (cached bodies).
   Target: < 50 ms.
3. `import toolkit` in a fresh interpreter, against `python -c pass`. Target: < 150 ms.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import Forum  # noqa: E402
from toolkit.forum.clock import SimulatedClock  # noqa: E402
from toolkit.forum.rules import Rules  # noqa: E402
from toolkit.forum.store import Store  # noqa: E402

AUTHORS = 100


def body(i: int) -> str:
    return f"Comment number {i}: I agree with this idea and I can help on Saturday."


def bench_store(n: int, folder: Path) -> tuple[float, float]:
    # Toolkit: a simulated clock one second apart keeps every author under the flood limit,
    # so each comment goes through the full set of checks.
    forum = Forum(folder / "toolkit.sqlite", clock=SimulatedClock(step=timedelta(seconds=1)))
    people = [forum.join(f"member_{i:03d}", f"Member {i}") for i in range(AUTHORS)]
    post = forum.post(people[0], "A busy thread", "Please share your ideas for the market day.")
    start = time.perf_counter()
    for i in range(n):
        forum.comment(post, people[i % AUTHORS], body(i))
    toolkit_s = time.perf_counter() - start
    forum.close()

    # Raw: same schema, same pragmas, same rows, one transaction each.
    store = Store(folder / "raw.sqlite")
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    for i in range(AUTHORS):
        conn.execute(
            "INSERT INTO members (handle, handle_key, skeleton, display_name, role, joined_at)"
            " VALUES (?, ?, ?, ?, 'learner', '2026-03-02T09:00:00')",
            (f"member_{i:03d}", f"member_{i:03d}", f"member_{i:03d}", f"Member {i}"),
        )
    conn.execute(
        "INSERT INTO entries (kind, post_id, depth, author_id, title, body, created_at)"
        " VALUES ('post', 1, 0, 1, 'A busy thread', 'Please share.', '2026-03-02T09:00:00')"
    )
    conn.execute("COMMIT")
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO entries (kind, post_id, parent_id, reply_to_id, depth, author_id, body,"
            " created_at) VALUES ('comment', 1, NULL, NULL, 1, ?, ?, ?)",
            (i % AUTHORS + 1, body(i), f"2026-03-02T09:{i % 60:02d}:00"),
        )
        conn.execute("COMMIT")
    raw_s = time.perf_counter() - start
    store.close()
    return toolkit_s, raw_s


def bench_render(n: int) -> tuple[float, float, float]:
    from toolkit.render.html import to_html
    from toolkit.render.markdown import body_html

    forum = Forum(clock=SimulatedClock(step=timedelta(seconds=1)), rules=Rules(flood_posts=10**9))
    people = [forum.join(f"member_{i:03d}", f"Member {i}") for i in range(AUTHORS)]
    post = forum.post(people[0], "A long thread", "What should the new community hall offer?")
    parents = [post]
    for i in range(n):
        # A mix of comments and replies up to a few levels deep, some with Markdown.
        target = parents[i % len(parents)] if i % 3 else post
        text = (
            body(i)
            if i % 4
            else f"I **really** like idea {i}. See [the plan](https://example.org/{i})."
        )
        c = forum.comment(target, people[(i + 1) % AUTHORS], text)
        if c.depth < 4:
            parents.append(c)
    start = time.perf_counter()
    thread = forum.thread(post)
    load_s = time.perf_counter() - start
    body_html.cache_clear()
    start = time.perf_counter()
    html = to_html(thread)
    cold_s = time.perf_counter() - start
    start = time.perf_counter()
    html2 = to_html(forum.thread(post))
    warm_s = time.perf_counter() - start
    # Same output both times, and every comment rendered.
    assert html == html2
    assert html.count("<article") == n + 1
    return load_s, cold_s, warm_s


def bench_import() -> tuple[float, float]:
    def best(code: str) -> float:
        times = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
        return min(times)

    return best("import toolkit"), best("pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--thread", type=int, default=1_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        toolkit_s, raw_s = bench_store(args.comments, Path(tmp))
    load_s, cold_s, warm_s = bench_render(args.thread)
    import_s, python_s = bench_import()

    n = args.comments
    rows = [
        ("store: toolkit", f"{toolkit_s:.2f} s", f"{n / toolkit_s:,.0f} comments/s"),
        ("store: raw sqlite3", f"{raw_s:.2f} s", f"{n / raw_s:,.0f} comments/s"),
        ("store: toolkit speed / raw", f"{raw_s / toolkit_s:.0%}", "target >= 25%"),
        (f"thread of {args.thread}: load", f"{load_s * 1000:.1f} ms", ""),
        (f"thread of {args.thread}: render cold", f"{cold_s * 1000:.1f} ms", "target < 50 ms"),
        (f"thread of {args.thread}: render warm", f"{warm_s * 1000:.1f} ms", ""),
        (
            "import toolkit (fresh interpreter)",
            f"{import_s * 1000:.0f} ms",
            f"python alone {python_s * 1000:.0f} ms; "
            f"toolkit adds {(import_s - python_s) * 1000:.0f} ms; target < 150 ms",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")


if __name__ == "__main__":
    main()
