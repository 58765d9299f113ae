"""has_date, has_zone, times_in: a moment a learner copied, in her language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from toolkit.checks.when import has_date, has_zone, times_in
from toolkit.course.languages import speaking


@pytest.mark.parametrize(
    ("lang", "written", "same_day"),
    [
        ("fr", "le 2 mars 2026 à 09:14", True),
        ("fr", "2 Mars", True),
        ("fr", "3 mars 2026", False),
        ("ar", "2 مارس 2026", True),
        ("ar", "٢ مارس ٢٠٢٦", True),
        ("ar", "3 مارس 2026", False),
    ],
)
def test_the_date_is_read_in_the_learners_language(lang: str, written: str, same_day: bool) -> None:
    with speaking(lang):
        assert has_date(written, datetime(2026, 3, 2, 9, 14, tzinfo=UTC)) is same_day


def test_times_and_zone_as_people_write_them() -> None:
    moment = datetime(2026, 3, 2, 9, 14, tzinfo=UTC)
    assert times_in("à 09h14, puis 9.20") == [(9, 14), (9, 20)]
    assert has_zone("09:14 UTC", moment)
    assert has_zone("09:14+00:00", moment)
    assert not has_zone("09:14", moment)
