"""A second opinion for the hostility finder: word cues learned from the labelled replies.

The patterns in ``patterns/hostility.<lang>.toml`` name exact phrases; veiled threats and
contempt come in more wordings than any list holds ("Would be a shame if that stall caught fire
one night"). This layer scores each sentence by the words and word pairs it shares with hostile
and kind replies in the course's corpora (a naive Bayes model, trained by
``python -m toolkit.safety.train``) and names the sentence when the score is high. It runs only
where no pattern found anything, and its findings say which sentence and why, like the others.

The weights live in ``patterns/hostility.cues.<lang>.json``; they are data, rebuilt from the
corpora (tests/corpus/**/replies.toml): a trainer adds labelled replies and retrains.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["CueModel", "features", "hostile_sentence", "model", "sentences", "train"]

PATTERNS = Path(__file__).parent / "patterns"
_WORD = re.compile(r"[a-z0-9']+")
# Phone spellings read as the word they stand for, so "ur" and "your" count as one cue.
_SAME = {"u": "you", "ur": "your", "ya": "you", "yer": "your", "youre": "you're", "r": "are"}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def features(text: str) -> set[str]:
    """The words and neighbouring word pairs of ``text``, lower case."""
    words = [_SAME.get(w, w) for w in _WORD.findall(text.lower().replace("’", "'"))]
    return {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence or line, without the spaces around it."""
    for m in _SENTENCE.finditer(text):
        chunk = m.group()
        if chunk.strip():
            start = m.start() + len(chunk) - len(chunk.lstrip())
            yield start, m.start() + len(chunk.rstrip())


@dataclass(frozen=True)
class CueModel:
    """Log-odds weights per cue, a prior, the threshold, and per-kind weights for the kind."""

    prior: float
    threshold: float
    weights: dict[str, float]
    kinds: dict[str, dict[str, float]]

    def score(self, text: str) -> float:
        """How much more the words look like the hostile replies than the kind ones."""
        return self.prior + sum(self.weights.get(f, 0.0) for f in features(text))

    def kind(self, text: str) -> str:
        """The hostile kind whose replies share the most telling cues with ``text``."""
        cues = features(text)
        best = max(self.kinds.items(), key=lambda kv: sum(kv[1].get(f, 0.0) for f in cues))
        return best[0]

    def to_json(self) -> str:
        data = {
            "version": 1,
            "prior": round(self.prior, 4),
            "threshold": self.threshold,
            "weights": {k: round(v, 3) for k, v in sorted(self.weights.items())},
            "kinds": {
                kind: {k: round(v, 3) for k, v in sorted(w.items())}
                for kind, w in sorted(self.kinds.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CueModel:
        data = json.loads(text)
        return cls(
            float(data["prior"]),
            float(data["threshold"]),
            {str(k): float(v) for k, v in data["weights"].items()},
            {str(k): {str(f): float(w) for f, w in v.items()} for k, v in data["kinds"].items()},
        )


@cache
def model(lang: str = "en") -> CueModel | None:
    """The shipped model for ``lang``, or None where no language has one yet."""
    path = PATTERNS / f"hostility.cues.{lang}.json"
    if not path.is_file():
        return None
    return CueModel.from_json(path.read_text(encoding="utf-8"))


def hostile_sentence(
    text: str, *, lang: str = "en", skip: Iterable[tuple[int, int]] = ()
) -> tuple[int, int, str] | None:
    """(start, end, kind) of the sentence that makes ``text`` read as hostile, or None.

    The whole text is scored (the model learned from whole replies); the finding names its most
    hostile sentence. ``skip`` spans are quotes she reports, left out of the score.
    """
    m = model(lang)
    if m is None:
        return None
    spans = list(skip)
    own = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(text))
    if m.score(own) <= m.threshold:
        return None
    parts = [(a, b) for a, b in sentences(own) if own[a:b].strip()]
    if not parts:
        return None
    start, end = max(parts, key=lambda ab: m.score(own[ab[0] : ab[1]]))
    return start, end, m.kind(own)


def train(
    items: Iterable[tuple[str, bool, Iterable[str]]], *, min_count: int = 2, smoothing: float = 0.5
) -> CueModel:
    """A model from (text, hostile?, kinds) items; cues seen fewer than ``min_count`` times drop.

    Bernoulli naive Bayes: each cue's weight is log P(cue | hostile) / P(cue | kind).
    """
    from collections import Counter

    seen = {True: Counter[str](), False: Counter[str]()}
    n = {True: 0, False: 0}
    by_kind: dict[str, Counter[str]] = {}
    per_kind: Counter[str] = Counter()
    for text, hostile, tags in items:
        cues = features(text)
        n[hostile] += 1
        seen[hostile].update(cues)
        if hostile:
            for kind in tags:
                by_kind.setdefault(kind, Counter()).update(cues)
                per_kind[kind] += 1
    weights = {}
    for cue in set(seen[True]) | set(seen[False]):
        if seen[True][cue] + seen[False][cue] < min_count:
            continue
        p_bad = (seen[True][cue] + smoothing) / (n[True] + 1)
        p_good = (seen[False][cue] + smoothing) / (n[False] + 1)
        weight = math.log(p_bad / p_good)
        if abs(weight) >= 0.2:  # cues that tell nothing only make the file longer
            weights[cue] = weight
    # Which kind: cues more common in that kind's replies than in the other hostile ones.
    kinds: dict[str, dict[str, float]] = {}
    for kind, counts in by_kind.items():
        others = Counter[str]()
        for other, c in by_kind.items():
            if other != kind:
                others.update(c)
        rest = max(n[True] - per_kind[kind], 1)
        kinds[kind] = {
            cue: w
            for cue in counts
            if cue in weights
            and (
                w := math.log(
                    ((counts[cue] + smoothing) / (per_kind[kind] + 1))
                    / ((others[cue] + smoothing) / (rest + 1))
                )
            )
            > 0
        }
    prior = math.log(max(n[True], 1) / max(n[False], 1))
    return CueModel(prior, 0.0, weights, kinds)
