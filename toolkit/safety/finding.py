"""One thing a finder noticed in a text."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding"]


@dataclass(frozen=True)
class Finding:
    """``kind`` names the rule (e.g. ``"phone"``, ``"threat"``); ``words`` are the exact words
    found, ``start``/``end`` their place in the text; ``why`` and ``hint`` are plain sentences
    for the learner (already translated)."""

    kind: str
    words: str
    start: int
    end: int
    why: str
    hint: str
