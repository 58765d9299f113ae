"""The forum views' own words: placeholders, reactions, comment counts and dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from toolkit.forum.model import REACTIONS
from toolkit.render.words import (
    PLACEHOLDERS,
    REACTION_LABELS,
    comments_label,
    placeholder,
    reaction_label,
    when,
    when_here,
)


def test_a_status_the_toolkit_does_not_know_hides_the_text() -> None:
    assert placeholder("removed") == "[removed by a trainer]"
    assert placeholder("no-such-status") == PLACEHOLDERS["hidden"]


def test_every_reaction_has_a_word() -> None:
    assert set(REACTIONS) <= set(REACTION_LABELS)
    assert reaction_label("thanks") == "Thanks"
    assert reaction_label("wave") == "wave"


@pytest.mark.parametrize(("n", "words"), [(0, "0 comments"), (1, "1 comment"), (12, "12 comments")])
def test_comments_are_counted_in_words(n: int, words: str) -> None:
    assert comments_label(n) == words


def test_a_date_reads_the_same_on_every_machine() -> None:
    assert when(datetime(2026, 3, 2, 9, 5, tzinfo=UTC)) == "2 Mar 2026, 09:05 UTC"
    assert when(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == "31 Dec 2026, 23:59 UTC"


def test_the_board_shows_the_rooms_own_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Africa/Nairobi")  # UTC+3 all year
    time.tzset()
    try:
        moment = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
        assert when_here(moment) == "3 Mar 2026, 01:30"
        assert when(moment) == "2 Mar 2026, 22:30 UTC"
    finally:
        monkeypatch.undo()
        time.tzset()
