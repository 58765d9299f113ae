"""What every part of one forum shares: its store (connection and lock), clock, rules and title.

``Forum`` makes one ``ForumContext`` and hands it to each part (members, posts, moderation,
messages), so a new clock or rules set on the forum is seen by all of them at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from toolkit.forum.clock import Clock
from toolkit.forum.errors import ForumError, TooFast
from toolkit.forum.rules import Rules
from toolkit.forum.store import Store
from toolkit.i18n import _


class ForumContext:
    """One forum's shared state (a plain class: it is made once per Forum)."""

    __slots__ = ("clock", "rules", "store", "title")

    def __init__(self, store: Store, clock: Clock, rules: Rules, title: str) -> None:
        self.store = store
        self.clock = clock
        self.rules = rules
        self.title = title

    def now(self) -> datetime:
        """The clock's reading, checked to be a datetime."""
        moment = self.clock()
        # A home-made clock that returns a string or a number would otherwise fail deep inside
        # a call with a raw AttributeError (and after the write had begun).
        if not isinstance(moment, datetime):
            msg = _(
                "The forum's clock must give a date and time (a datetime), like "
                "SimulatedClock() does. Fix the clock, or leave clock= out."
            )
            raise ForumError(msg)
        return moment

    def flood_since(self, now: datetime) -> datetime:
        """The start of the pace window that ends ``now``."""
        return now - timedelta(seconds=self.rules.flood_window_s)

    def check_pace(self, count: int, limit: int, msg: str) -> None:
        """Raise TooFast(msg) when ``count`` earlier actions in the window reach ``limit``.

        ``msg`` is the English message marked with ``N_``; it is translated only when raised.
        (Refused actions are not stored, so the window never holds many more than ``limit``.)
        """
        if count >= limit:
            raise TooFast(_(msg))
