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
from collections.abc import Callable
from pathlib import Path

import pytest
from forum_fixtures import assert_plain_message, new_world, snapshot

from toolkit.forum import store as store_module
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import HandleError, StorageError
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
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError) as caught:
        Forum(path)
    assert_plain_message(str(caught.value))
    assert "newer" in str(caught.value)


def test_a_forum_from_version_1_gets_case_folded_skeletons(tmp_path: Path) -> None:
    # A file saved before look-alikes were compared case-folded: lena_m's old fingerprint must
    # not let "Iena_m" (capital I) in once the file is opened by this version.
    path = tmp_path / "old.sqlite"
    forum = Forum(path)
    forum.join("lena_m", "Lena")
    forum.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE members SET skeleton = 'stale'")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    again = Forum(path)
    assert again.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(HandleError, match="looks too much like"):
        again.join("Iena_m", "Not Lena")
    assert [m.handle for m in again.members()] == ["lena_m"]
    again.close()


def _as_version_2(path: Path, *extra: str) -> None:
    # Version 2 files have no reports.resolved_by: take it out again, as such a file was made.
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE reports DROP COLUMN resolved_by")
    for statement in extra:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_forum_from_version_2_upgrades_and_records_who_resolves(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    with Forum(path, clock=SimulatedClock()) as forum:
        amina, bob = forum.join("amina_k", "Amina"), forum.join("bob_t", "Bob")
        tessa = forum.join("tessa", "Tessa", role="trainer")
        post = forum.post(amina, "Clean water", "Our well needs a new pump soon.")
        closed = forum.report(post, bob, "spam", "Looks like an advert.")
        forum.resolve_report(closed, tessa)
        still_open = forum.report(amina, bob, "impersonation")
    _as_version_2(path)
    columns = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(reports)")}
    assert "resolved_by" not in columns
    with Forum(path, clock=SimulatedClock()) as again:
        conn = again.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # What the old file held is all there; who closed the old report was never saved.
        assert [(r.id, r.status, r.resolved_by) for r in again.reports(None)] == [
            (closed.id, "resolved", None),
            (still_open.id, "open", None),
        ]
        assert again.resolve_report(still_open, "tessa").resolved_by == "tessa"
    with Forum(path) as third:
        assert [r.resolved_by for r in third.reports(None)] == [None, "tessa"]


def test_a_version_2_file_with_a_column_of_its_own_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite"
    Forum(path).close()
    _as_version_2(path, "ALTER TABLE reports ADD COLUMN secret TEXT")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a forum"):
        Forum(path)
    assert path.read_bytes() == before


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
    # The killed writer's lock is gone: a busy file would raise after the busy timeout.
    with Forum(path) as forum:
        assert forum.member("amina_k").display_name == "Amina"
        forum.set_display_name("amina_k", "Amina K")


def test_concurrent_rules_are_set_per_forum(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "f.sqlite", rules=Rules(flood_posts=10**6))
    assert forum.rules.flood_posts == 10**6
    forum.close()


# --------------------------------------------------------------------------- issue 9 attacks
OPENER = """
import sys
from toolkit.forum.service import Forum

print("ready", flush=True)
for line in sys.stdin:
    try:
        with Forum(line.strip()) as forum:
            forum.members()
        print("ok", flush=True)
    except Exception as exc:
        print("failed:", type(exc).__name__, str(exc).replace("\\n", " ")[:200], flush=True)
"""


@pytest.mark.slow
def test_four_processes_opening_fresh_files_at_once_all_succeed(tmp_path: Path) -> None:
    # 4 processes x 40 fresh files, each file opened by all four at the same moment: switching
    # to WAL and creating the schema answer "busy" at once, whatever the busy timeout says.
    procs = [_run_child(OPENER) for _ in range(4)]
    results: list[str] = []
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
        for i in range(40):
            path = tmp_path / f"fresh-{i}.db"
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(f"{path}\n")
                proc.stdin.flush()
            for proc in procs:
                assert proc.stdout is not None
                results.append(proc.stdout.readline().strip())
    finally:
        for proc in procs:
            proc.communicate(timeout=60)
    failures = [r for r in results if r != "ok"]
    assert len(results) == 160
    assert failures == []
    with Forum(tmp_path / "fresh-0.db") as forum:
        assert forum.store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _sqlite_file(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _forum_file(path: Path, *statements: str) -> None:
    Forum(path).close()
    _sqlite_file(path, *statements)


UNUSABLE: dict[str, tuple[Callable[[Path], object], str]] = {
    "not-a-database": (
        lambda p: p.write_bytes(b"These are my notes, not a database. " * 200),
        "not a forum",
    ),
    "foreign-tables": (
        lambda p: _sqlite_file(
            p,
            "CREATE TABLE photos (name TEXT, taken TEXT)",
            "INSERT INTO photos VALUES ('beach.jpg', '2025-07-01')",
        ),
        "another program",
    ),
    "foreign-table-named-members": (
        lambda p: _sqlite_file(
            p, "CREATE TABLE members (name TEXT)", "INSERT INTO members VALUES ('Grandma')"
        ),
        "not a forum",
    ),
    "foreign-tables-beside-forum-names": (
        lambda p: _sqlite_file(
            p, "CREATE TABLE messages (id INTEGER)", "CREATE TABLE accounts (iban TEXT)"
        ),
        "another program",
    ),
    "newer-schema": (
        lambda p: _sqlite_file(p, f"PRAGMA user_version = {SCHEMA_VERSION + 1}"),
        "newer",
    ),
    "much-newer-schema": (lambda p: _sqlite_file(p, "PRAGMA user_version = 2147483647"), "newer"),
    "negative-schema": (lambda p: _sqlite_file(p, "PRAGMA user_version = -1"), "not a forum"),
    "forum-missing-a-table": (lambda p: _forum_file(p, "DROP TABLE reactions"), "not a forum"),
    "forum-with-a-reshaped-table": (
        lambda p: _forum_file(p, "DROP TABLE blocks", "CREATE TABLE blocks (who TEXT)"),
        "not a forum",
    ),
    "forum-with-its-own-trigger": (
        lambda p: _forum_file(
            p, "CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN DELETE FROM members; END"
        ),
        "not a forum",
    ),
    "forum-with-its-own-view": (
        lambda p: _forum_file(p, "CREATE VIEW posts AS SELECT 1"),
        "not a forum",
    ),
    "a-folder": (lambda p: p.mkdir(), "could not be opened"),
}


@pytest.mark.parametrize(("make", "says"), list(UNUSABLE.values()), ids=list(UNUSABLE))
def test_unusable_file_is_refused_and_left_as_it_was(
    tmp_path: Path, make: Callable[[Path], object], says: str
) -> None:
    path = tmp_path / "class.db"
    make(path)
    before = sorted(tmp_path.iterdir())
    content = path.read_bytes() if path.is_file() else None
    with pytest.raises(StorageError) as caught:
        Forum(path)
    assert says in str(caught.value)
    assert_plain_message(str(caught.value))
    # Nothing written: same bytes, and no -wal or -shm files beside it.
    assert sorted(tmp_path.iterdir()) == before
    if content is not None:
        assert path.read_bytes() == content


BAD_PATHS: dict[str, object] = {
    "int": 5,
    "float": 1.5,
    "bytes": b"class.db",
    "list": ["class.db"],
    "dict": {"path": "class.db"},
    "empty": "",
    "blank": "   ",
    "nul-in-name": "class\x00.db",
    "missing-folder": "no/such/folder/class.db",
    "name-too-long": "x" * 5000 + ".db",
}


@pytest.mark.parametrize("path", list(BAD_PATHS.values()), ids=list(BAD_PATHS))
def test_bad_path_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: object
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StorageError) as caught:
        Forum(path)  # type: ignore[arg-type]
    assert_plain_message(str(caught.value))
    assert list(tmp_path.iterdir()) == []


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod does not stop writing; opening read-only is what a learner without write
    # permission (or on a read-only share) gets from SQLite.
    def read_only(target: str) -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{target}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )

    monkeypatch.setattr(store_module, "_open", read_only)


def test_read_only_new_file_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "class.db"
    path.write_bytes(b"")
    path.chmod(0o444)
    _read_only(monkeypatch)
    with pytest.raises(StorageError, match="read-only") as caught:
        Forum(path)
    assert "Copy it to a folder you can write to" in str(caught.value)
    assert_plain_message(str(caught.value))
    assert path.read_bytes() == b""


@pytest.mark.parametrize(
    "act",
    [
        lambda f: f.join("carla_m", "Carla"),
        lambda f: f.post("amina_k", "Read only", "Can anyone save this post?"),
        lambda f: f.set_display_name("amina_k", "Amina K"),
        lambda f: f.message(1, "bob_t"),  # marking a message read is a write too
    ],
    ids=["join", "post", "rename", "read-message"],
)
def test_read_only_forum_can_be_read_and_refuses_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, act: Callable[[Forum], object]
) -> None:
    path = tmp_path / "class.db"
    with Forum(path) as forum:
        amina = forum.join("amina_k", "Amina")
        bob = forum.join("bob_t", "Bob")
        forum.post(amina, "Clean water", "Our well needs a new pump soon.")
        forum.send(amina, bob, "Hello Bob, can you help with the pump?")
    _read_only(monkeypatch)
    content = path.read_bytes()
    with Forum(path) as forum:
        assert [p.title for p in forum.posts()] == ["Clean water"]
        before = snapshot(forum)
        with pytest.raises(StorageError, match="read-only") as caught:
            act(forum)
        assert_plain_message(str(caught.value))
        assert snapshot(forum) == before
        assert not forum.store.conn.in_transaction
    assert path.read_bytes() == content


def _fill_disk(forum: Forum) -> None:
    conn = forum.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def _until_full(forum: Forum, act: Callable[[Forum, int], object]) -> tuple[list[str], str]:
    """Repeat ``act`` until the file must grow: the forum just before, and the error message."""
    for i in range(50):
        before = snapshot(forum)
        try:
            act(forum, i)
        except StorageError as exc:
            return before, str(exc)
    pytest.fail("the file never had to grow")


@pytest.mark.parametrize(
    "act",
    [
        lambda f, i: f.post("amina_k", f"A long post {i}", f"{i} " + "word " * 1900),
        lambda f, i: f.comment(f.posts()[0], "amina_k", f"{i} " + "word " * 900),
        lambda f, i: f.send("amina_k", "bob_t", f"{i} " + "word " * 350),
        lambda f, i: f.join(f"carla_{i}", "Carla " * 8, signature=f"{i} " + "s " * 140),
    ],
    ids=["post", "comment", "message", "join"],
)
def test_full_disk_saves_nothing_and_says_so(
    tmp_path: Path, act: Callable[[Forum, int], object]
) -> None:
    forum = Forum(
        tmp_path / "full.db",
        clock=SimulatedClock(),
        rules=Rules(flood_posts=10**6, flood_messages=10**6),
    )
    amina = forum.join("amina_k", "Amina")
    forum.join("bob_t", "Bob")
    forum.post(amina, "Clean water", "Our well needs a new pump soon.")
    _fill_disk(forum)
    before, message = _until_full(forum, act)
    assert "disk is full" in message
    assert_plain_message(message)
    assert snapshot(forum) == before
    assert not forum.store.conn.in_transaction
    # Space again: the forum carries on.
    forum.store.conn.execute("PRAGMA max_page_count = 1073741823")
    act(forum, 99)
    forum.close()


def test_full_disk_when_opening_is_a_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(target: str) -> sqlite3.Connection:
        msg = "database or disk is full"
        raise sqlite3.OperationalError(msg)

    monkeypatch.setattr(store_module, "_open", full)
    with pytest.raises(StorageError, match="disk is full") as caught:
        Forum(tmp_path / "class.db")
    assert_plain_message(str(caught.value))


def test_closed_forum_says_so(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "class.db")
    forum.join("amina_k", "Amina")
    forum.close()
    for act in (forum.posts, lambda: forum.join("bob_t", "Bob"), lambda: str(forum)):
        with pytest.raises(StorageError, match="closed") as caught:
            act()
        assert_plain_message(str(caught.value))
