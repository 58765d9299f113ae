"""Safety finders benchmark: precision and recall on the labelled corpora, and time per text.

    python bench/safety_bench.py [--repeat 20]

Corpora: posts.toml and signatures.toml for the risk finder (toolkit/safety/risks.py);
replies.toml for the hostility finder (toolkit/safety/hostility.py), in three sets:
tests/corpus/ (written with the finders), tests/corpus/dev/ (written blind by a second author,
then used to generalise the patterns; dev2/ to dev4/ likewise, each measured once before
anyone tuned on it) and tests/corpus/heldout/ (written blind by a third
author; never tuned on: the honest figure for sentences the finders have not seen).
tests/corpus/fr/ and tests/corpus/ar/ hold French and Arabic sets the same way: dev/ and
dev2/ (written blind, then used to tune that language's patterns) and heldout/ (written blind,
never tuned on), measured with the finders and checks in that language.
For each corpus it prints, per kind, precision and recall against the
kinds each item expects, then the item-level numbers (any finding = flagged), then the mean and
95th-percentile time per text. The baseline, measured in the same run over the same texts, is a
plain ``re.search(r"\\d", text)``; the ratio says how many times slower the finder is.
Target: < 2 ms per text.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.i18n import set_language  # noqa: E402
from toolkit.safety.risks import find_risks  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
# (name, folder, language of its texts)
SETS = (
    ("labelled", CORPUS, "en"),
    ("dev", CORPUS / "dev", "en"),
    ("dev2", CORPUS / "dev2", "en"),
    ("dev3", CORPUS / "dev3", "en"),
    ("dev4", CORPUS / "dev4", "en"),
    ("held out", CORPUS / "heldout", "en"),
    ("fr dev", CORPUS / "fr" / "dev", "fr"),
    ("fr dev2", CORPUS / "fr" / "dev2", "fr"),
    ("fr held", CORPUS / "fr" / "heldout", "fr"),
    ("ar dev", CORPUS / "ar" / "dev", "ar"),
    ("ar dev2", CORPUS / "ar" / "dev2", "ar"),
    ("ar held", CORPUS / "ar" / "heldout", "ar"),
)
TARGET_MS = 2.0
_DIGIT = re.compile(r"\d")

Finder = Callable[[dict[str, Any]], list[Any]]


def _risk(item: dict[str, Any]) -> list[Any]:
    return find_risks(item["text"], names=item.get("names", ()), lang=item["lang"])


def _finders() -> list[tuple[str, str, str, Finder]]:
    """(corpus file, finder name, label that means "should be flagged", finder)."""
    out: list[tuple[str, str, str, Finder]] = [
        ("posts.toml", "find_risks", "risky", _risk),
        ("signatures.toml", "find_risks", "risky", _risk),
    ]
    try:  # written by another part of issue 11; reported only when it is there
        hostility = importlib.import_module("toolkit.safety.hostility")
    except ImportError:
        print("(toolkit/safety/hostility.py not found: the replies corpus is skipped)")
        return out

    def _hostile(item: dict[str, Any]) -> list[Any]:
        return list(hostility.find_hostility(item["text"], lang=item["lang"]))

    out.append(("replies.toml", "find_hostility", "hostile", _hostile))
    return out


def _checks() -> list[tuple[str, str, str, Callable[[dict[str, Any]], Any]]]:
    """(corpus file, check name, label that should fail, run the check on one item)."""
    from toolkit.checks import check_first_post, check_kind_reply, check_signature
    from toolkit.forum.clock import SimulatedClock
    from toolkit.forum.rules import Rules
    from toolkit.forum.service import Forum

    def forum(item: dict[str, Any]) -> Forum:
        f = Forum(clock=SimulatedClock(), rules=Rules(flood_posts=10_000))
        for i, name in enumerate(item.get("names", [])):
            f.join(f"member_{i}", name)
        f.join("new_member", "New member")
        f.join("amina_k", "Amina")
        return f

    def post(item: dict[str, Any]) -> Any:
        f = forum(item)
        f.post("new_member", "My first post", item["text"])
        return check_first_post(f, "new_member")

    def reply(item: dict[str, Any]) -> Any:
        f = forum(item)
        answered = item.get("post") or "The water pump on our street is broken again. Ideas?"
        p = f.post("amina_k", "Our street", answered)
        f.comment(p, "new_member", item["text"])
        return check_kind_reply(f, "new_member", p)

    def signature(item: dict[str, Any]) -> Any:
        f = forum(item)
        f.set_signature("new_member", item["text"])
        return check_signature(f, "new_member")

    return [
        ("posts.toml", "check_first_post", "risky", post),
        ("replies.toml", "check_kind_reply", "hostile", reply),
        ("signatures.toml", "check_signature", "risky", signature),
    ]


def _check_line(
    items: Sequence[dict[str, Any]], run: Callable[[dict[str, Any]], Any], positive: str
) -> str:
    # A safety message quotes her words in curly quotes, or « » in French and Arabic
    # (checks.risky.note); other messages of these checks (too short, off topic) do not count.
    flagged = [
        not fb.passed and any(q in m for m in fb.missing for q in "“«") for fb in map(run, items)
    ]
    actual = [item["label"] == positive for item in items]
    tp = sum(f and a for f, a in zip(flagged, actual, strict=True))
    fp = sum(f and not a for f, a in zip(flagged, actual, strict=True))
    fn = sum(a and not f for f, a in zip(flagged, actual, strict=True))
    p, r = _ratio(tp, fp, fn)
    n_pos, n_neg = sum(actual), len(actual) - sum(actual)
    return f"caught {tp}/{n_pos} {positive} ({r}), flagged {fp}/{n_neg} others, precision {p}"


def _ratio(tp: int, fp: int, fn: int) -> tuple[str, str]:
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
    return precision, recall


def _quality(items: Sequence[dict[str, Any]], finder: Finder, positive: str) -> str:
    """Print precision and recall per kind; return the item-level line for the summary."""
    kinds = sorted({k for item in items for k in item["kinds"]})
    found = [{f.kind for f in finder(item)} for item in items]
    kinds += sorted({k for f in found for k in f} - set(kinds))
    print(f"  {'kind':<12} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in kinds:
        pairs = [(kind in got, kind in it["kinds"]) for it, got in zip(items, found, strict=True)]
        tp = sum(g and e for g, e in pairs)
        fp = sum(g and not e for g, e in pairs)
        fn = sum(e and not g for g, e in pairs)
        p, r = _ratio(tp, fp, fn)
        print(f"  {kind:<12} {p:>9} {r:>7} {tp:>4} {fp:>4} {fn:>4}")
    flagged = [bool(got) for got in found]
    actual = [item["label"] == positive for item in items]
    tp = sum(f and a for f, a in zip(flagged, actual, strict=True))
    fp = sum(f and not a for f, a in zip(flagged, actual, strict=True))
    fn = sum(a and not f for f, a in zip(flagged, actual, strict=True))
    p, r = _ratio(tp, fp, fn)
    n_pos, n_neg = sum(actual), len(actual) - sum(actual)
    line = f"caught {tp}/{n_pos} {positive} ({r}), flagged {fp}/{n_neg} others"
    print(f"  {'ANY (item)':<12} {p:>9} {r:>7} {tp:>4} {fp:>4} {fn:>4}   {line}")
    return line


def _times(
    items: Sequence[dict[str, Any]], call: Callable[[dict[str, Any]], object], repeat: int
) -> list[float]:
    per_text: list[float] = []
    for item in items:
        start = time.perf_counter()
        for _ in range(repeat):
            call(item)
        per_text.append((time.perf_counter() - start) / repeat * 1000)
    return per_text


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per text for the timing")
    args = parser.parse_args(argv)
    find_risks("warm up: compile the patterns once")
    slow = False
    summary: list[str] = []
    for set_name, folder, lang in SETS:
        for name, finder_name, positive, finder in _finders():
            path = folder / name
            if not path.exists():
                print(f"\n{set_name}/{name}: not found, skipped")
                continue
            items = _items(path, lang)
            print(f"\n== {set_name}: {name} ({len(items)} items) with {finder_name} ==")
            summary.append(f"  {set_name:<9} {name:<16} " + _quality(items, finder, positive))
            slow |= _timing(items, finder, args.repeat)
    print("\n== per check: caught = not passed with a message naming the words ==")
    for set_name, folder, lang in SETS:
        set_language(lang)  # the checks speak, and read, the corpus's language
        for name, check_name, positive, run in _checks():
            path = folder / name
            if path.exists():
                items = _items(path, lang)
                summary.append(
                    f"  {set_name:<9} {check_name:<16} " + _check_line(items, run, positive)
                )
    set_language(None)
    print("\n== summary (item level) ==")
    print("\n".join(summary))
    print("\nall within target" if not slow else "\nSLOWER THAN TARGET (p95)")
    return 1 if slow else 0


def _items(path: Path, lang: str) -> list[dict[str, Any]]:
    items = tomllib.loads(path.read_text(encoding="utf-8"))["item"]
    return [{**item, "lang": lang} for item in items]


def _timing(items: Sequence[dict[str, Any]], finder: Finder, repeat: int) -> bool:
    """Print the time per text; True when the 95th percentile misses the target."""
    finder(items[0])  # warm up this finder's own cache
    ms = _times(items, finder, repeat)
    base = _times(items, lambda item: _DIGIT.search(item["text"]), repeat)
    mean, p95 = statistics.mean(ms), _p95(ms)
    base_mean = statistics.mean(base)
    print(
        f"  time per text: mean {mean:.3f} ms, p95 {p95:.3f} ms, max {max(ms):.3f} ms"
        f" (target < {TARGET_MS} ms)"
    )
    print(
        f"  baseline re.search(r'\\d'): mean {base_mean * 1000:.2f} µs;"
        f" finder/baseline = {mean / base_mean:.0f}x"
    )
    return p95 >= TARGET_MS


if __name__ == "__main__":
    raise SystemExit(main())
