"""toolkit.progress: recording, the card, reset and export round-trips, "off", and every bad
place a careless user or an attacker can point it at (one parametrised case each)."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import sqlite3
import stat
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from toolkit import Forum, progress
from toolkit.checks import Feedback, check_alias, check_first_post
from toolkit.forum.clock import SimulatedClock
from toolkit.i18n import _
from toolkit.progress import APPLICATION_ID, Progress, ProgressError, ProgressWarning


class Tick:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Progress:
    # make_folders: as for the default place in the user's data folder, which may not exist yet.
    return Progress(tmp_path / "deep" / "progress.sqlite", clock=Tick(), make_folders=True)


def test_record_and_card(store: Progress) -> None:
    store.record(Feedback("first_post", False, [], ["Too short."]), "amina_k")
    store.record(Feedback("first_post", True, ["Good."], []), "amina_k")
    store.record(Feedback("quote", False, [], ["No credit."]), "lena_m")
    attempts = store.attempts()
    assert [(a.learner, a.check, a.passed) for a in attempts] == [
        ("amina_k", "first_post", False),
        ("amina_k", "first_post", True),
        ("lena_m", "quote", False),
    ]
    card = store.card("amina_k")
    assert "1 of 1 checks passed." in str(card)
    assert "(2 tries" in str(card)
    soup = BeautifulSoup(card._repr_html_(), "html.parser")
    assert soup.find("h3").text == "Your progress"
    cells = [td.text for td in soup.find("tbody").find_all("td")]
    assert cells[:3] == ["first_post", "✓ passed", "2"]
    everyone = BeautifulSoup(store.card()._repr_html_(), "html.parser")
    assert [th.text for th in everyone.find_all("th")][0] == "Learner"


def test_export_round_trip(store: Progress, tmp_path: Path) -> None:
    store.record(Feedback("signature", False, ["Has one."], ["Phone | number"]), "amina_k")
    store.record(Feedback("signature", True, ["Safe."], []), "amina_k")
    rows = json.loads(store.export_json(tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [r["passed"] for r in rows] == [False, True]
    assert rows[0]["messages"] == ["Phone | number", "Has one."]
    back = Progress.read_csv(store.export_csv(tmp_path / "p.csv"))
    assert [(r["learner"], r["check"], r["passed"], r["at"]) for r in back] == [
        (r["learner"], r["check"], r["passed"], r["at"]) for r in rows
    ]


def test_reset(store: Progress) -> None:
    store.record(Feedback("quote", True, [], []), "amina_k")
    store.record(Feedback("quote", True, [], []), "lena_m")
    assert store.reset("lena_m") == 1
    assert [a.learner for a in store.attempts()] == ["amina_k"]
    assert store.reset() == 1
    assert store.attempts() == []
    assert "No checks yet" in str(store.card())


def test_checks_record_through_the_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(path))
    forum = Forum(clock=SimulatedClock())
    forum.join("amina_k", "Amina")
    check_first_post(forum, "amina_k")
    check_first_post(forum, "ghost_x")  # a mistake is recorded too, without a learner
    check_alias("river_song")
    got = [(a.learner, a.check, a.passed) for a in Progress(path).attempts()]
    assert got == [
        ("amina_k", "first_post", False),
        ("", "first_post", False),
        ("river_song", "alias", True),
    ]
    assert len(progress.card().lines) == 3
    out = progress.export_json(tmp_path / "out.json")
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3
    assert progress.reset() == 3


def test_a_risky_posts_row_keeps_her_details_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(path))
    forum = Forum(clock=SimulatedClock())
    forum.join("amina_k", "Amina")
    forum.post(
        "amina_k",
        "Hello everyone",
        "I live at 14 Lotus Lane, next to the blue school. Call me on 0712 345 678",
    )
    fb = check_first_post(forum, "amina_k")
    assert not fb.passed
    assert any("0712 345 678" in m for m in fb.missing)  # on her screen
    [attempt] = Progress(path).attempts()
    assert not attempt.passed
    with closing(sqlite3.connect(path)) as conn:
        raw = "\n".join(str(v) for row in conn.execute("SELECT * FROM attempts") for v in row)
    assert "0712" not in raw
    assert "Lotus" not in raw
    # The row still says what was missing, with the words left out.
    assert "“…”. Anyone who reads this can call or text you, at any hour." in raw
    exported = progress.export_json(tmp_path / "out.json").read_text(encoding="utf-8")
    assert "0712" not in exported


def test_a_result_without_recorded_keeps_its_messages(store: Progress) -> None:
    class Plain:  # a result from a trainer's own check: only the Result fields
        check = "own_check"
        passed = False
        missing = ["Missing."]
        good = ["Good."]

    assert store.record(Plain(), "amina_k")  # type: ignore[arg-type]
    assert store.attempts()[0].messages == ("Missing.", "Good.")


@pytest.mark.parametrize("value", ["off", "OFF", " off "], ids=["lower", "upper", "spaces"])
def test_off_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str) -> None:
    monkeypatch.setenv("TOOLKIT_PROGRESS", value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert progress.default_path() is None
    assert progress.record(Feedback("quote", True, [], [])) is False
    assert "turned off" in str(progress.card())
    assert list(tmp_path.iterdir()) == []


def test_default_path_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOOLKIT_PROGRESS", raising=False)
    path = progress.default_path()
    assert path is not None
    assert path.name == "progress.sqlite"
    assert "digital-empowerment-toolkit" in path.parts


@pytest.mark.parametrize("make_folders", [True, False], ids=["default-place", "chosen-place"])
def test_a_file_in_place_of_a_folder_never_raises(tmp_path: Path, make_folders: bool) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = Progress(blocker / "progress.sqlite", make_folders=make_folders)
    with pytest.warns(ProgressWarning, match="could not be saved"):
        assert store.record(Feedback("x", True, [], [])) is False
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# ------------------------------------------------------------------ places that cannot be used
# Each case is what a careless user or an attacker points TOOLKIT_PROGRESS at. Whatever it is,
# recording, the card, reset and export raise nothing, say what happened in one warning, and
# leave a file that is not progress's own byte for byte as it was.


@dataclass
class Place:
    path: Path
    problem: str  # words the warning must contain
    card_lines: int = 0  # lines on the card (an own file that cannot be written is still read)
    card_warns: bool = True
    as_learner: bool = False  # permissions only hold for a learner, not for root
    hold: Callable[[], AbstractContextManager[object]] = nullcontext


def _own(path: Path, attempts: int = 1) -> Path:
    store = Progress(path, clock=Tick())
    for n in range(attempts):
        assert store.record(Feedback("quote", n % 2 == 0, ["Credited."], []), "amina_k")
    return path


def _sqlite(path: Path, *statements: str) -> Path:
    with closing(sqlite3.connect(path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)
    return path


def folder(room: Path) -> Place:
    (room / "progress.sqlite").mkdir()
    return Place(room / "progress.sqlite", "is a folder")


def random_bytes(room: Path) -> Place:
    (room / "progress.sqlite").write_bytes(random.Random(9).randbytes(8192))
    return Place(room / "progress.sqlite", "not a progress file")


def truncated_db(room: Path) -> Place:
    data = _own(room / "progress.sqlite", 300).read_bytes()
    (room / "progress.sqlite").write_bytes(data[: len(data) // 2])
    return Place(room / "progress.sqlite", "is damaged")


def text_file(room: Path) -> Place:
    (room / "notes.txt").write_text("My bank: 1234\n", encoding="utf-8")
    return Place(room / "notes.txt", "not a progress file")


def course_state(room: Path) -> Place:
    (room / ".state.json").write_text('{"lessons": {}}\n', encoding="utf-8")
    return Place(room / ".state.json", "not a progress file")


def read_only_file(room: Path) -> Place:
    _own(room / "progress.sqlite").chmod(0o444)
    return Place(room / "progress.sqlite", "read-only", 1, card_warns=False, as_learner=True)


def read_only_folder(room: Path) -> Place:
    (room / "locked").mkdir(mode=0o555)
    (room / "locked").chmod(0o555)
    path = room / "locked" / "progress.sqlite"
    return Place(path, "folder may be read-only", card_warns=False, as_learner=True)


def missing_folder(room: Path) -> Place:
    return Place(room / "Documnts" / "progress.sqlite", "does not exist")


def locked_db(room: Path) -> Place:
    path = _own(room / "progress.sqlite")

    @contextmanager
    def another_program_writing() -> Iterator[None]:
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN EXCLUSIVE")
            yield
            other.execute("ROLLBACK")

    return Place(path, "kept busy by another program", hold=another_program_writing)


def forum_file(room: Path) -> Place:
    forum = Forum(room / "forum.sqlite", clock=SimulatedClock())
    forum.join("amina_k", "Amina")
    forum.close()
    return Place(room / "forum.sqlite", "not a progress file")


def foreign_sqlite(room: Path) -> Place:
    _sqlite(
        room / "notes.sqlite", "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')"
    )
    return Place(room / "notes.sqlite", "not a progress file")


def other_application(room: Path) -> Place:
    # Another program's mark (MBTiles), even with a table called attempts.
    path = _sqlite(
        room / "map.sqlite", "CREATE TABLE attempts (x)", "PRAGMA application_id = 0x4d504258"
    )
    return Place(path, "not a progress file")


def look_alike(room: Path) -> Place:
    # The old progress table plus someone else's table: not adopted.
    path = _sqlite(room / "progress.sqlite", *LEGACY_SCHEMA, "CREATE TABLE secrets (pin TEXT)")
    return Place(path, "not a progress file")


def newer_toolkit(room: Path) -> Place:
    path = _sqlite(_own(room / "progress.sqlite"), "PRAGMA user_version = 99")
    return Place(path, "newer version of the toolkit")


def named_pipe(room: Path) -> Place:
    os.mkfifo(room / "progress.sqlite")  # reading it would wait for ever
    return Place(room / "progress.sqlite", "not a regular file")


BAD_PLACES = [
    folder,
    random_bytes,
    truncated_db,
    text_file,
    course_state,
    read_only_file,
    read_only_folder,
    missing_folder,
    locked_db,
    forum_file,
    foreign_sqlite,
    other_application,
    look_alike,
    newer_toolkit,
    named_pipe,
]

# The table as the previous version made it (no application_id, no user_version).
LEGACY_SCHEMA = (
    "CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner TEXT NOT NULL,"
    " check_name TEXT NOT NULL, passed INTEGER NOT NULL, at TEXT NOT NULL, messages TEXT NOT NULL)",
    "CREATE INDEX attempts_by_check ON attempts (learner, check_name, id)",
)


def _folder(mode: int) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="progress-test-"))
    path.chmod(mode)
    yield path
    for sub in path.rglob("*"):
        if sub.is_dir():
            sub.chmod(0o755)
    shutil.rmtree(path)


@pytest.fixture
def room() -> Iterator[Path]:
    """A folder a learner (uid nobody, when the tests run as root) may enter but not change."""
    yield from _folder(0o755)


@pytest.fixture
def outbox() -> Iterator[Path]:
    """A folder anyone may write in, for exports made as a learner."""
    yield from _folder(0o777)


@contextmanager
def learner(active: bool) -> Iterator[None]:
    """Act as an ordinary user: root can write any file, whatever its permissions say."""
    if not active or os.geteuid() != 0:
        yield
        return
    _("Your progress")  # load the message catalogue while it can still be read
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _snapshot(room: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for path in sorted(room.rglob("*")):
        regular = path.is_file() and not path.is_fifo()
        out[str(path.relative_to(room))] = path.read_bytes() if regular else None
    return out


@pytest.mark.parametrize("make", BAD_PLACES, ids=lambda make: make.__name__)
def test_a_bad_place_warns_and_changes_nothing(
    make: Callable[[Path], Place], room: Path, outbox: Path
) -> None:
    place = make(room)
    before = _snapshot(room)
    store = Progress(place.path, timeout=0.05)
    with place.hold(), learner(place.as_learner):
        with pytest.warns(ProgressWarning, match=place.problem) as saved:
            assert store.record(Feedback("quote", True, ["Credited."], [])) is False
        with warnings.catch_warnings(record=True) as read:
            warnings.simplefilter("always")
            shown = store.card()
            removed = store.reset()
            exported = store.export_json(outbox / "out.json")
    assert _snapshot(room) == before  # byte for byte, and no -journal, -wal or new folder
    assert removed == 0
    assert len(json.loads(exported.read_text(encoding="utf-8"))) == place.card_lines
    assert len(shown.lines) == place.card_lines
    message = str(saved[0].message)
    assert message.startswith("Your progress could not be saved: ")
    assert "\n" not in message
    assert message.endswith(
        "Ask your trainer, or set TOOLKIT_PROGRESS to another file name, or to off."
    )
    assert all(issubclass(w.category, ProgressWarning) for w in read)
    if place.card_warns:
        assert place.problem in str(shown)
        soup = BeautifulSoup(shown._repr_html_(), "html.parser")
        assert place.problem in soup.find("p").text
        assert any("was not reset" in str(w.message) for w in read)
    else:
        assert place.problem not in str(shown)


def test_record_warns_once_per_problem(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(tmp_path))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        for _n in range(5):
            assert progress.record(Feedback("quote", True, [], [])) is False
    assert [str(w.message).split(":")[0] for w in seen] == ["Your progress could not be saved"]


@pytest.mark.parametrize("action", ["simplefilter-error", "normal"])
def test_a_check_shows_its_feedback_when_progress_is_a_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, action: str
) -> None:
    # As in a lesson: TOOLKIT_PROGRESS points at a folder, the learner runs the exercise's check.
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(tmp_path))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("error" if action == "simplefilter-error" else "always")
        feedback = check_alias("river_song")
    assert feedback.passed
    soup = BeautifulSoup(feedback._repr_html_(), "html.parser")
    assert "toolkit-feedback--passed" in soup.find("section")["class"]
    assert list(tmp_path.iterdir()) == []
    if action == "normal":
        assert [w.category for w in seen] == [ProgressWarning]
        assert "is a folder" in str(seen[0].message)


def test_module_card_reset_export_on_a_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(tmp_path))
    with pytest.warns(ProgressWarning, match="is a folder"):
        shown = progress.card()
    assert shown.lines == []
    assert "is a folder" in str(shown)
    with pytest.warns(ProgressWarning, match="was not reset"):
        assert progress.reset() == 0
    with pytest.warns(ProgressWarning, match="could not be read"):
        out = progress.export_csv(tmp_path / "me.csv")
    assert Progress.read_csv(out) == []


# ------------------------------------------------------------------ files progress may adopt
def test_an_empty_file_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    path.touch()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Progress(path).card().lines == []
        assert Progress(path).reset() == 0
        assert path.stat().st_size == 0  # reading and resetting make nothing
        assert Progress(path).record(Feedback("quote", True, [], []), "amina_k")
    assert _marks(path) == (APPLICATION_ID, 1)
    assert len(Progress(path).card().lines) == 1


def test_a_progress_file_from_before_the_mark_is_adopted(tmp_path: Path) -> None:
    path = _sqlite(
        tmp_path / "progress.sqlite",
        *LEGACY_SCHEMA,
        "INSERT INTO attempts (learner, check_name, passed, at, messages)"
        " VALUES ('amina_k', 'quote', 0, '2026-03-01T09:00:00+00:00', '[\"No credit.\"]')",
    )
    before = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [a.check for a in Progress(path).attempts()] == ["quote"]
        assert path.read_bytes() == before  # read as it is: only saving marks it
        assert Progress(path, clock=Tick()).record(Feedback("quote", True, [], []), "amina_k")
    assert _marks(path) == (APPLICATION_ID, 1)
    card_ = Progress(path).card("amina_k")
    assert "1 of 1 checks passed." in str(card_)
    assert "(2 tries" in str(card_)


def test_a_new_file_is_marked_as_progress(tmp_path: Path) -> None:
    path = _own(tmp_path / "progress.sqlite")
    assert _marks(path) == (APPLICATION_ID, 1)
    assert path.read_bytes()[68:72] == b"TKpg"


def test_a_damaged_row_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    path = _sqlite(_own(tmp_path / "progress.sqlite", 2), "UPDATE attempts SET at = 'yesterday'")
    with pytest.warns(ProgressWarning, match="is damaged"):
        assert Progress(path).card().lines == []


def _marks(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as conn:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )


# ------------------------------------------------------------------ exports
def _exports_into_a_folder(tmp_path: Path, store: Progress) -> tuple[Path, str]:
    (tmp_path / "out.csv").mkdir()
    return tmp_path / "out.csv", "is a folder"


def _exports_into_a_missing_folder(tmp_path: Path, store: Progress) -> tuple[Path, str]:
    return tmp_path / "nope" / "out.csv", "does not exist"


def _exports_over_a_notebook(tmp_path: Path, store: Progress) -> tuple[Path, str]:
    (tmp_path / "lesson.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path / "lesson.ipynb", "does not end in .csv"


def _exports_over_the_progress_file(tmp_path: Path, store: Progress) -> tuple[Path, str]:
    link = tmp_path / "sneaky.csv"
    assert store.path is not None
    link.symlink_to(store.path)
    return link, "where your progress is saved"


def _exports_into_a_read_only_folder(tmp_path: Path, store: Progress) -> tuple[Path, str]:
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "out.csv").write_text("old export\n", encoding="utf-8")
    (tmp_path / "ro").chmod(0o555)
    return tmp_path / "ro" / "out.csv", "could not be written (Permission denied)"


BAD_EXPORTS = [
    _exports_into_a_folder,
    _exports_into_a_missing_folder,
    _exports_over_a_notebook,
    _exports_over_the_progress_file,
    _exports_into_a_read_only_folder,
]


@pytest.mark.parametrize("make", BAD_EXPORTS, ids=lambda make: make.__name__[9:])
def test_a_bad_export_is_a_plain_error_and_writes_nothing(
    make: Callable[[Path, Progress], tuple[Path, str]], room: Path
) -> None:
    store = Progress(_own(room / "progress.sqlite"))
    target, problem = make(room, store)
    before = _snapshot(room)
    with learner(True), pytest.raises(ProgressError, match=re.escape(problem)) as raised:
        store.export_csv(target)
    assert _snapshot(room) == before  # no partial file, no temporary file left behind
    assert raised.value.message.startswith("Nothing was exported: ")
    assert isinstance(raised.value, OSError)
    assert "Nothing was exported" in raised.value._repr_html_()


def test_an_export_replaced_half_way_keeps_the_old_file(
    store: Progress, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.record(Feedback("quote", True, [], []), "amina_k")
    out = tmp_path / "me.json"
    out.write_text("[]\n", encoding="utf-8")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ProgressError, match="No space left on device"):
        store.export_json(out)
    assert out.read_text(encoding="utf-8") == "[]\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_exports_follow_the_umask(store: Progress, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = store.export_csv(tmp_path / "me.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe binary", b"[1, 2]\n", b"name,town\nAmina,Lyon\n"],
    ids=["bytes", "json", "other-csv"],
)
def test_read_csv_of_a_wrong_file_is_a_plain_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hand-in.csv"
    path.write_bytes(content)
    with pytest.raises(ProgressError, match="could not be read as a progress export"):
        Progress.read_csv(path)


@pytest.mark.parametrize("name", [5, None, "out\0.csv"], ids=["number", "none", "nul"])
def test_an_export_without_a_file_name_is_a_plain_error(store: Progress, name: object) -> None:
    with pytest.raises(ProgressError, match="give a file name in quotation marks"):
        store.export_csv(name)  # type: ignore[arg-type]


def test_the_card_has_a_plain_text_form(store: Progress) -> None:
    from IPython.lib.pretty import pretty

    store.record(Feedback("quote", True, [], []), "amina_k")
    assert pretty(store.card()).startswith("Your progress\n1 of 1 checks passed.")
