"""Hostile input benchmark: the worst an attacker types, against ordinary text of that size.

    python bench/hostile_input_bench.py [--repeat 5]

The tests check that each hostile value is refused or read correctly; how long that takes is
measured here, as a ratio to a baseline taken in the same run, so a slow machine does not fail
a test and a change that makes a refusal slow still shows:

1. A 1 MB post body, a million piled accent marks and 10,000 emoji against the forum's limits
   (refused before the text is read), against ``len()`` of the same value.
   Target: refusal < 50 ms.
2. The safety finders on long repetitive texts (one letter 5,000 times, a repeated threat
   condition, ...) against an ordinary text of the same length: a regular expression that
   backtracks shows as a large ratio. Target: ratio < 20x and < 250 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.forum.clock import SimulatedClock  # noqa: E402
from toolkit.forum.errors import InvalidText  # noqa: E402
from toolkit.forum.service import Forum  # noqa: E402
from toolkit.forum.text import POST_BODY, clean, shorten  # noqa: E402
from toolkit.safety import find_hostility, find_risks  # noqa: E402

REFUSAL_TARGET_S = 0.05
FINDER_TARGET_S = 0.25
FINDER_RATIO = 20.0

ORDINARY = (
    "The pump by the school is broken again and the children walk far for water. "
    "I would like us to write to the council together this week. "
)
LONG_TEXTS = {
    "one letter": "a" * 5000,
    "many words": "word " * 1000,
    "repeated condition": "if you keep posting " * 200,
    "repeated letters": "stuuu" * 1000,
    "digits and spaces": "1 " * 2500,
    "capitals": "WHY " * 1250,
}


def _best(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def _refused(make: Callable[[], None]) -> None:
    try:
        make()
    except InvalidText:
        return
    msg = "a hostile value was not refused"
    raise AssertionError(msg)


def refusals(repeat: int) -> bool:
    forum = Forum(clock=SimulatedClock())
    forum.join("amina_k", "Amina")
    values = {
        "1 MB body": "é" * 1_000_000,
        "piled marks": "\u0301" * 1_000_000,
        "10,000 emoji": "💧" * (POST_BODY.max_bytes // 4 + 1),
    }
    ok = True
    print("== refusals (best of runs) ==")
    for name, value in values.items():
        post = _best(lambda v=value: _refused(lambda: forum.post("amina_k", "A title", v)), repeat)
        cleaned = _best(lambda v=value: _refused(lambda: clean(v, "post", POST_BODY)), repeat)
        base = _best(lambda v=value: len(v), repeat)
        print(
            f"  {name:<14} forum.post {post * 1000:7.2f} ms  clean {cleaned * 1000:7.2f} ms"
            f"  len() {base * 1e6:6.1f} µs  post/len = {post / max(base, 1e-9):,.0f}x"
        )
        ok &= post < REFUSAL_TARGET_S
    # A refusal quotes the value back, cut short: 10 MB must cost no more than the cut.
    huge = "x" * 10_000_000
    cut = _best(lambda: shorten(huge), repeat)
    base = _best(lambda: huge[:60], repeat)
    print(f"  shorten(10 MB) {cut * 1000:7.3f} ms  slice {base * 1e6:6.1f} µs")
    ok &= cut < REFUSAL_TARGET_S
    return ok


def finders(repeat: int) -> bool:
    find_hostility("warm up")
    find_risks("warm up")
    ok = True
    print("\n== finders on long repetitive texts vs ordinary text of the same length ==")
    for name, text in LONG_TEXTS.items():
        plain = (ORDINARY * (len(text) // len(ORDINARY) + 1))[: len(text)]
        for finder in (find_hostility, find_risks):
            hostile = _best(lambda f=finder, t=text: f(t), repeat)
            base = _best(lambda f=finder, t=plain: f(t), repeat)
            ratio = hostile / max(base, 1e-9)
            print(
                f"  {name:<19} {finder.__name__:<15} {hostile * 1000:7.2f} ms"
                f"  ordinary {base * 1000:7.2f} ms  ratio {ratio:5.1f}x"
            )
            ok &= hostile < FINDER_TARGET_S and ratio < FINDER_RATIO
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    ok = refusals(args.repeat) & finders(args.repeat)
    print("\nall within target" if ok else "\nOUTSIDE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
