"""Retrain the hostility finder's word cues from the labelled replies.

    python -m toolkit.safety.train [corpus folder ...] [--lang en] [--check]

Reads every ``replies.toml`` under the folders given (default: tests/corpus and its dev sets;
never a folder named ``heldout``, kept for the honest measurement, nor another language's
folder such as tests/corpus/fr/),
picks the threshold by cross-validation (the lowest score at which at most 3% of the kind
replies held out of each fold are flagged), prints what the folds measured and writes
``toolkit/safety/patterns/hostility.cues.<lang>.json``. ``--check`` writes nothing and fails
when the shipped file differs from what the corpora give (the tests run it).
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from toolkit.safety.cues import PATTERNS, CueModel, train

ROOT = Path(__file__).resolve().parents[2]
MAX_FLAGGED = 0.03  # of kind replies, in cross-validation
FOLDS = 5

Item = tuple[str, bool, tuple[str, ...]]
# Corpus folders of other languages (tests/corpus/fr/...): those with patterns of their own.
_OTHER_LANGUAGES = frozenset(
    p.name.split(".")[1] for p in PATTERNS.glob("hostility.*.toml") if p.name.count(".") == 2
) - {"en"}


def load(folders: Sequence[Path]) -> list[Item]:
    """(text, hostile?, kinds) for every labelled reply under ``folders``, in a stable order."""
    items: list[Item] = []
    for folder in folders:
        for path in sorted(folder.rglob("replies.toml")):
            if "heldout" in path.parts:
                continue  # the honest measure: never learned from
            if _OTHER_LANGUAGES & set(path.relative_to(folder).parts):
                continue  # tests/corpus/fr/, ar/: another language's words, another model
            for item in tomllib.loads(path.read_text(encoding="utf-8"))["item"]:
                items.append((item["text"], item["label"] == "hostile", tuple(item["kinds"])))
    return items


def cross_validate(items: list[Item]) -> tuple[float, float, float]:
    """(threshold, recall, flagged) over ``FOLDS`` folds, at the chosen threshold."""
    scores: list[tuple[float, bool]] = []
    for fold in range(FOLDS):
        learn = [it for i, it in enumerate(items) if i % FOLDS != fold]
        m = train(learn)
        scores += [(m.score(t), bad) for i, (t, bad, _k) in enumerate(items) if i % FOLDS == fold]
    kind = sorted((s for s, bad in scores if not bad), reverse=True)
    allowed = int(len(kind) * MAX_FLAGGED)
    # Rounded up, so the shipped threshold never lets more through than the folds measured.
    threshold = max(math.ceil((kind[allowed] if allowed < len(kind) else 0.0) * 100) / 100, 0.0)
    hostile = [s for s, bad in scores if bad]
    recall = sum(s > threshold for s in hostile) / max(len(hostile), 1)
    flagged = sum(s > threshold for s in kind) / max(len(kind), 1)
    return threshold, recall, flagged


def build(folders: Sequence[Path]) -> tuple[CueModel, str]:
    items = load(folders)
    threshold, recall, flagged = cross_validate(items)
    m = train(items)
    m = CueModel(m.prior, threshold, m.weights, m.kinds)
    report = (
        f"{len(items)} replies ({sum(b for _t, b, _k in items)} hostile); {len(m.weights)} cues; "
        f"threshold {threshold}; {FOLDS}-fold: caught {recall:.0%} of hostile, "
        f"flagged {flagged:.1%} of kind"
    )
    return m, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "tests" / "corpus"])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args(argv)
    m, report = build(args.folders)
    print(report)
    target = PATTERNS / f"hostility.cues.{args.lang}.json"
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == m.to_json()
        if not same:
            print(f"{target.name} is not what the corpora give: run python -m toolkit.safety.train")
        return 0 if same else 1
    target.write_text(m.to_json(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
