"""Clocks the forum reads: the real one, or a simulated one for reproducible notebooks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


class SimulatedClock:
    """A clock that starts at a fixed time and moves on by ``step`` each time it is read.

    Notebooks use it so the same cells give byte-identical output on every run. Safe to share
    between threads (and forums): each reading gets its own moment.
    """

    def __init__(
        self,
        start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        step: timedelta = timedelta(minutes=3),
    ) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self.now = start
        self.step = step
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            current = self.now
            self.now = current + self.step
            return current

    def advance(self, delta: timedelta) -> None:
        """Jump forward, e.g. to show what happens a day later."""
        with self._lock:
            self.now += delta
