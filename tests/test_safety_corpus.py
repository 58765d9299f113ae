"""Both safety finders on the corpora, file by file: the labelled set (written with the finders)
and the dev sets (written blind by other authors, tests/corpus/dev/, dev2/ and dev4/, the last
written to bait false alarms: famous people, books, festivals, opening hours). The held-out set
(tests/corpus/heldout/) is never read here: it is measured only by bench/safety_bench.py.
French and Arabic have the same pair (tests/corpus/fr/, ar/): dev/ is tested here with the
finders in that language; heldout/ is only measured.

Thresholds (issue 11): on a dev set, at least 95% of risky or hostile items caught and at most 5%
of safe or kind ones flagged, per file; on the labelled set, at least 98% caught and none flagged.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from toolkit.safety import find_hostility, find_risks

CORPUS = Path(__file__).parent / "corpus"

# corpus file -> (label that should be flagged, label that should pass, finder)
# (each item carries the language of its set)
FILES: dict[str, tuple[str, str, Callable[[dict[str, Any]], list[Any]]]] = {
    "posts.toml": (
        "risky",
        "safe",
        lambda i: find_risks(i["text"], names=i.get("names", ()), lang=i["lang"]),
    ),
    "signatures.toml": (
        "risky",
        "safe",
        lambda i: find_risks(i["text"], names=i.get("names", ()), lang=i["lang"]),
    ),
    "replies.toml": ("hostile", "kind", lambda i: find_hostility(i["text"], lang=i["lang"])),
}

# set -> (least share caught, most share flagged)
SETS = {
    # The patterns flag no labelled safe item; the cue layer (safety/cues.py) is statistical and
    # may flag a kind reply whose words are mostly hostile ones ("People like you make this forum
    # a better place"): at most 1% here, and its cross-validated rate is tested in test_safety_cues.
    "labelled": (CORPUS, 0.98, 0.01),
    "dev": (CORPUS / "dev", 0.95, 0.05),
    "dev2": (CORPUS / "dev2", 0.95, 0.05),
    "dev4": (CORPUS / "dev4", 0.95, 0.05),
    "fr dev": (CORPUS / "fr" / "dev", 0.95, 0.05),
    "ar dev": (CORPUS / "ar" / "dev", 0.95, 0.05),
    "fr dev2": (CORPUS / "fr" / "dev2", 0.95, 0.05),
    "ar dev2": (CORPUS / "ar" / "dev2", 0.95, 0.05),
}
LANGUAGE = {"fr dev": "fr", "ar dev": "ar", "fr dev2": "fr", "ar dev2": "ar"}


def _items(folder: Path, name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = tomllib.loads((folder / name).read_text(encoding="utf-8"))["item"]
    return items


# Every (set, file) pair that exists: dev2 has no signatures, dev4 no replies.
PAIRS = [(s, n) for s in sorted(SETS) for n in sorted(FILES) if (SETS[s][0] / n).exists()]


@pytest.mark.parametrize(("set_name", "name"), PAIRS)
def test_caught_and_flagged_per_file(set_name: str, name: str) -> None:
    folder, least_caught, most_flagged = SETS[set_name]
    positive, negative, finder = FILES[name]
    lang = LANGUAGE.get(set_name, "en")
    items = [{**i, "lang": lang} for i in _items(folder, name)]
    bad = [i for i in items if i["label"] == positive]
    good = [i for i in items if i["label"] == negative]
    assert bad
    assert good
    assert len(bad) + len(good) == len(items), "unknown labels"
    missed = [i["text"] for i in bad if not finder(i)]
    flagged = [i["text"] for i in good if finder(i)]
    assert len(bad) - len(missed) >= least_caught * len(bad), missed
    assert len(flagged) <= most_flagged * len(good), flagged


@pytest.mark.parametrize("name", sorted(FILES))
def test_dev_set_is_not_the_labelled_set(name: str) -> None:
    # The dev figures mean something only if its sentences are not copied into the labelled set.
    labelled = {i["text"].strip().lower() for i in _items(CORPUS, name)}
    for folder in (CORPUS / "dev", CORPUS / "dev2", CORPUS / "dev4"):
        if (folder / name).exists():
            dev = {i["text"].strip().lower() for i in _items(folder, name)}
            assert not labelled & dev


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("name", sorted(FILES))
def test_a_language_dev_set_is_not_its_held_out_set(lang: str, name: str) -> None:
    # The held-out figures mean something only if no tuned sentence is in them.
    held = {i["text"].strip().lower() for i in _items(CORPUS / lang / "heldout", name)}
    assert held
    for folder in ("dev", "dev2"):
        if (CORPUS / lang / folder / name).exists():
            dev = {i["text"].strip().lower() for i in _items(CORPUS / lang / folder, name)}
            assert dev
            assert not dev & held
