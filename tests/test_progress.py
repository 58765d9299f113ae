"""toolkit.progress: recording, the card, reset and export round-trips, and "off"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from toolkit import Forum, progress
from toolkit.checks import Feedback, check_alias, check_first_post
from toolkit.forum.clock import SimulatedClock
from toolkit.progress import Progress


class Tick:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Progress:
    return Progress(tmp_path / "deep" / "progress.sqlite", clock=Tick())


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


def test_unwritable_place_never_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert Progress(blocker / "progress.sqlite").record(Feedback("x", True, [], [])) is False
