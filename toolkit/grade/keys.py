"""The course's answer keys: which checks each exercise must show, learnt by running its key.

Each key is run once per file content in a grading run (``_KEYS``); a key that does not pass
means the course itself is broken (``AnswerKeyError``, exit 2). ``execute`` is the one scratch
run both the keys and the learners' notebooks go through.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.course.runner import NotebookRunError, Origin, quiet, run_notebook
from toolkit.grade.results import CheckResult, shown_checks
from toolkit.i18n import _

__all__ = ["DEFAULT_TIMEOUT", "AnswerKey", "answer_key", "execute", "with_expected"]

DEFAULT_TIMEOUT = 120


def execute(
    graded: Any, timeout: int, origin: Origin | None = None
) -> tuple[Any, NotebookRunError | None]:
    """Run a graded notebook in a scratch folder: (the run notebook or None, why it stopped).

    The run is there when it ended or a cell raised (the checks before that cell count); a time
    limit or a kernel that died leaves none.
    """
    # A scratch folder: files an answer writes by accident land nowhere real.
    with tempfile.TemporaryDirectory(prefix="toolkit-grade-") as tmp, quiet():
        try:
            return run_notebook(graded, lesson="", cwd=tmp, timeout=timeout, origin=origin), None
        except NotebookRunError as exc:
            return exc.notebook, exc


@dataclass(frozen=True)
class AnswerKey:
    """What the course's answer key shows: the check names each official cell displays."""

    expected: tuple[tuple[str, tuple[str, ...]], ...]
    # The key's own graded notebook and results: a submission identical to it needs no run.
    graded: str
    checks: tuple[CheckResult, ...]


# One run of each answer key per grading run: (resolved path, SHA-256 of the file) -> the key,
# or why it failed (re-raised for every submission of that exercise).
_KEYS: dict[tuple[str, str], AnswerKey | str] = {}


def _run_answer_key(lesson: str, path: Path, official: Any, timeout: int) -> AnswerKey | str:
    """Run the official notebook as is; its checks, or a plain sentence saying why it fails."""
    import nbformat

    from toolkit.course.submission import overlay

    graded, check_ids = overlay(official, official)
    run, problem = execute(graded, timeout)
    shown = shown_checks(run, graded, check_ids)
    checks = [c for found in shown.values() for c in found]
    failing = [c.check for c in checks if not c.passed]
    if problem is not None:
        line = problem.first_line
        where = _(" at: {line}").format(line=line) if line else ""
        why = _("it stopped{where} ({error})").format(where=where, error=problem.error)
    elif not checks:
        why = _("it shows no check")
    elif failing:
        why = _("its check {names} does not pass").format(names=", ".join(map(repr, failing)))
    else:
        return AnswerKey(
            tuple((cid, tuple(c.check for c in found)) for cid, found in shown.items()),
            nbformat.writes(graded),
            tuple(checks),
        )
    return _(
        "the answer key of exercise {lesson!r} ({path}) does not pass: {why}. The course itself "
        "needs fixing: run that notebook from the top, correct it, then grade again"
    ).format(lesson=lesson, path=path, why=why)


def answer_key(lesson: str, path: Path, official: Any, timeout: int = DEFAULT_TIMEOUT) -> AnswerKey:
    """The exercise's answer key, run once per file content (cached in this process).

    Raises AnswerKeyError when the course's own notebook does not pass.
    """
    from toolkit.course.submission import AnswerKeyError

    cache_key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    key = _KEYS.get(cache_key)
    if key is None:
        key = _KEYS[cache_key] = _run_answer_key(lesson, path, official, timeout)
    if isinstance(key, str):
        raise AnswerKeyError(key)
    return key


def with_expected(
    shown: dict[str, list[CheckResult]], key: AnswerKey, missing: str
) -> list[CheckResult]:
    """The checks shown, plus a "not yet" row for each check of the key that was not shown."""
    expected = dict(key.expected)
    rows = []
    for cid, found in shown.items():
        rows.extend(found)
        left = Counter(c.check for c in found)
        for name in expected.get(cid, ()):
            if left[name] > 0:
                left[name] -= 1
            else:
                rows.append(CheckResult(name, False, [missing]))
    return rows
