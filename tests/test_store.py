"""SQLite storage: persistence, schema versions, the append-only log, concurrent and killed writers.

Bad input cases 24 (concurrent writers) and 25 (a process killed mid-write) of FORUM_RULES.md.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from forum_fixtures import assert_plain_message, new_world

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import StorageError
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum
from toolkit.forum.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
N = 200


def _run_child(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_reopening_a_file_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    with Forum(path, clock=SimulatedClock()) as forum:
        amina = forum.join("amina_k", "Amina", signature="Amina from the library")
        bob = forum.join("bob_t", "Bob")
        tessa = forum.join("tessa", "Tessa", role="trainer")
        post = forum.post(amina, "Clean water", "Our well needs a new pump soon.")
        comment = forum.comment(post, bob, "My cousin repairs pumps.")
        forum.edit(comment, bob, "My cousin repairs pumps and wells.")
        forum.react(post, bob, "support")
        forum.send(bob, amina, "Hello Amina, how are you?")
        forum.report(post, bob, "other", "Just testing reports.")
        forum.lock(post, tessa, "Solved")
        forum.set_profile(amina, "town", "Leeds", "members")
        before = list(forum.store.conn.iterdump())
    with Forum(path, clock=SimulatedClock()) as again:
        assert list(again.store.conn.iterdump()) == before
        thread = again.thread(post)
        assert thread.post.locked
        assert thread.comments[0].body == "My cousin repairs pumps and wells."
        assert thread.post.reactions == (("support", 1),)
        assert len(again.revisions(comment)) == 1
        assert again.member("AMINA_K").signature == "Amina from the library"
        assert len(again.inbox("amina_k")) == 1
        assert [a.action for a in again.moderation_log()] == ["lock"]
        assert again.profile("amina_k", viewer="bob_t") == {"town": ("Leeds", "members")}


def test_file_uses_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "f.sqlite")
    conn = forum.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    forum.close()


def test_newer_schema_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError) as caught:
        Forum(path)
    assert_plain_message(str(caught.value))
    assert "newer" in str(caught.value)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database. " * 200)
    with pytest.raises(StorageError):
        Forum(path)


def test_opening_twice_does_not_recreate_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "f.sqlite"
    Store(path).close()
    store = Store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_moderation_log_is_append_only() -> None:
    w = new_world()
    w.forum.hide(w.post, w.tessa, "Checking a report")
    conn = w.forum.store.conn
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE moderation_log SET reason = 'nothing happened'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM moderation_log")
    assert [a.reason for a in w.forum.moderation_log()] == ["Checking a report"]


def test_a_failed_write_rolls_back() -> None:
    w = new_world()
    before = list(w.forum.store.conn.iterdump())

    def half_done() -> None:
        with w.forum.store.write() as db:
            db.execute("UPDATE entries SET body = 'changed'")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        half_done()
    assert list(w.forum.store.conn.iterdump()) == before


def test_parent_must_be_older_than_child() -> None:
    w = new_world()
    with pytest.raises(sqlite3.IntegrityError):
        w.forum.store.conn.execute(
            "UPDATE entries SET parent_id = ? WHERE id = ?", (w.other_post.id, w.comment.id)
        )


WRITER = """
import sys
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum

path, handle, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
forum = Forum(path, rules=Rules(flood_posts=10**6))
post = forum.posts()[-1]
print("ready", flush=True)
sys.stdin.readline()
for i in range(n):
    forum.comment(post, handle, f"Comment {i} from {handle}.")
print("done", flush=True)
"""


@pytest.mark.slow
def test_24_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    with Forum(path) as forum:
        amina = forum.join("amina_k", "Amina")
        forum.join("bob_t", "Bob")
        forum.post(amina, "Shared thread", "Everyone writes here at once.")
    writers = [_run_child(WRITER, str(path), handle, str(N)) for handle in ("amina_k", "bob_t")]
    for proc in writers:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    # Start both at once so their writes interleave.
    for proc in writers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = []
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        outputs.append((proc.returncode, out, err))
    for code, out, err in outputs:
        assert code == 0, err
        assert "database is locked" not in err
        assert out.strip().endswith("done")
    with Forum(path) as forum:
        (count,) = forum.store.conn.execute(
            "SELECT COUNT(*) FROM entries WHERE kind = 'comment'"
        ).fetchone()
        assert count == 2 * N
        thread = forum.thread(forum.posts()[0])
        bodies = {c.body for c in thread.comments}
        assert len(bodies) == 2 * N


KILLED = """
import sys
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum

forum = Forum(sys.argv[1], rules=Rules(flood_posts=10**9, duplicate_window_s=0))
member = forum.join("writer_w", "Writer")
i = 0
while True:
    post = forum.post(member, f"Post {i}", f"Body of post number {i}. " * 20)
    print(post.id, flush=True)
    i += 1
"""


@pytest.mark.slow
def test_25_killed_writer_leaves_a_clean_file(tmp_path: Path) -> None:
    path = tmp_path / "killed.sqlite"
    proc = _run_child(KILLED, str(path))
    assert proc.stdout is not None
    reported = []
    for _ in range(60):
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        reported.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    # Read what it managed to report before dying: each id was committed before printing.
    rest, _ = proc.communicate(timeout=30)
    reported += [int(x) for x in rest.split()]
    assert proc.returncode == -signal.SIGKILL
    with Forum(path, rules=Rules(flood_posts=10**9)) as forum:
        conn = forum.store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM entries WHERE kind = 'post'")}
        assert set(reported) <= stored
        # The forum still works after the crash.
        forum.post("writer_w", "After the crash", "Still here and still writing.")


@pytest.mark.slow
def test_25_kill_during_a_transaction_commits_nothing(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite"
    with Forum(path) as forum:
        forum.join("amina_k", "Amina")
    code = """
    import sys, time
    from toolkit.forum.store import Store
    store = Store(sys.argv[1])
    with store.write() as db:
        db.execute("UPDATE members SET display_name = 'half written'")
        print("inside", flush=True)
        time.sleep(60)
    """
    proc = _run_child(code, str(path))
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    start = time.perf_counter()
    with Forum(path) as forum:
        assert forum.member("amina_k").display_name == "Amina"
        forum.set_display_name("amina_k", "Amina K")
    assert time.perf_counter() - start < 10


def test_concurrent_rules_are_set_per_forum(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "f.sqlite", rules=Rules(flood_posts=10**6))
    assert forum.rules.flood_posts == 10**6
    forum.close()
