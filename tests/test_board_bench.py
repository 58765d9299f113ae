"""bench/board_bench.py: a tiny run against a real board process finishes cleanly and honestly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_tiny_run_has_no_errors_and_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "bench/board_bench.py", "--learners", "5", "--seconds", "3",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text())
    assert result["errors"] == {}, result["error_examples"]
    assert result["too_fast"] == {}
    stored = result["stored"]
    # Every learner posts in the burst at least, and each acknowledged post is in the file once.
    assert stored["acknowledged"] >= 5
    assert stored["acknowledged"] == stored["stored"]
    assert stored["lost"] == 0
    assert stored["duplicated"] == 0
    assert result["latency_ms"]["join"]["count"] == 5
    assert result["latency_ms"]["static file"]["count"] > 0
    assert result["memory_mb"]["peak"] > 0
    # The table is printed with one PASS/FAIL line per target.
    assert result["targets"]
    assert sum(run.stdout.count(w) for w in ("  PASS  ", "  FAIL  ")) == len(result["targets"])
