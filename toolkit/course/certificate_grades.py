"""Certifying against the grader's results: who passed every notebook, and who is not done.

    check_grades(learners, grades)    certified learners, plus who is left out and why
    certified(learners, grades)       only those whose graded notebooks passed

``grades`` is the parsed output of ``python -m toolkit.grade --json NOTEBOOK...``. A learner is
matched by the names CSV's ``notebook`` column (same file, or a unique path suffix), or by
``handle``. Lesson titles come from ``course.toml`` (by the lesson id the grader matched),
never from a submitted notebook.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.course.certificate_names import Learner, clean_text
from toolkit.course.config import Course
from toolkit.course.errors import CertificateError, CourseError
from toolkit.course.submission import find_course, lesson_for

__all__ = ["Certification", "NotCertified", "certified", "check_grades"]


@dataclass(frozen=True)
class NotCertified:
    """A learner left out when certifying against the grader's results, and why."""

    learner: Learner
    reason: str

    def __str__(self) -> str:
        return f"{self.learner.name}: {self.reason}"


@dataclass
class Certification:
    """The result of :func:`check_grades`: who gets a certificate and who is not finished yet."""

    certified: list[Learner] = field(default_factory=list)
    not_certified: list[NotCertified] = field(default_factory=list)


def _grade_entries(grades: Any) -> list[Mapping[str, Any]]:
    """The per-notebook results from the grader's JSON (``{"notebooks": [...]}`` or a list)."""
    if isinstance(grades, Mapping):
        entries = grades.get("notebooks")
    else:
        entries = grades
    if not isinstance(entries, list) or not all(
        isinstance(e, Mapping) and "notebook" in e and "passed" in e for e in entries
    ):
        msg = (
            "the grader results are not in the expected shape. Fix: pass the output of "
            "'python -m toolkit.grade --json NOTEBOOK...' unchanged."
        )
        raise CertificateError(msg)
    return entries


def _parts(path: str) -> tuple[str, ...]:
    text = path.replace("\\", "/")
    return tuple(p for p in PurePosixPath(os.path.normpath(text)).parts if p not in ("/", "."))


def _resolved(path: str, base: Path | None) -> str | None:
    p = Path(path).expanduser()
    if not p.is_absolute():
        if base is None:
            return None
        p = base / p
    try:
        return str(p.resolve())
    except OSError:
        return None


def _same_tail(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when the shorter path ends the longer one: ``x/y.ipynb`` ~ ``/a/x/y.ipynb``."""
    n = min(len(a), len(b))
    return n > 0 and a[-n:] == b[-n:]


def _match(
    notebook: str, base: Path | None, entries: list[Mapping[str, Any]], grades_dir: Path | None
) -> list[Mapping[str, Any]]:
    """Grader entries for one notebook from the CSV: same file, else a unique path suffix."""
    mine = _parts(notebook)
    mine_abs = _resolved(notebook, base)
    exact = []
    for e in entries:
        theirs = str(e["notebook"])
        if _parts(theirs) == mine:
            exact.append(e)
            continue
        if mine_abs is not None and mine_abs in {
            _resolved(theirs, grades_dir),
            _resolved(theirs, Path.cwd()),
        }:
            exact.append(e)
    if exact:
        return exact
    # The grader ran somewhere else: "submissions/ana/04.ipynb" still matches
    # "/home/t/submissions/ana/04.ipynb", but only when exactly one result ends like that.
    suffix = [e for e in entries if _same_tail(_parts(str(e["notebook"])), mine)]
    return suffix if len(suffix) == 1 else []


def _course_lesson_title(entry: Mapping[str, Any], course: Course | None) -> str | None:
    """The course.toml title of the lesson a grader entry was graded against, or None.

    The grader records the lesson id it matched (``lesson``); older results are matched by the
    notebook's file name. Titles never come from the submitted notebook itself.
    """
    if course is None:
        return None
    by_id = {lesson.id: lesson for lesson in course.lessons}
    lesson = entry.get("lesson")
    found = by_id.get(lesson) if isinstance(lesson, str) else None
    if found is None and "lesson" not in entry:
        found = lesson_for(course, PurePosixPath(str(entry["notebook"]).replace("\\", "/")).stem)
    return clean_text(found.title) if found is not None else None


def _default_course() -> Course | None:
    try:
        return find_course()
    except CourseError:
        return None


def _entry_handle(entry: Mapping[str, Any]) -> str | None:
    for key in ("handle", "learner"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lstrip("@").casefold()
    return None


def _summary(entry: Mapping[str, Any]) -> str:
    name = PurePosixPath(str(entry["notebook"]).replace("\\", "/")).name
    if entry.get("stopped"):
        return f"{name} stopped early"
    total, n = entry.get("checks_total"), entry.get("checks_passed")
    if isinstance(total, int) and isinstance(n, int) and total:
        return f"{name}: {n} of {total} checks passed"
    return f"{name}: no checks ran"


def check_grades(
    learners: Iterable[Learner],
    grades: Any,
    *,
    grades_dir: str | Path | None = None,
    course: Course | None = None,
) -> Certification:
    """Split learners by the grader's results: certified, or not certified (not finished yet).

    A learner is matched by the ``notebook`` column (same file, or a unique path suffix), or by
    ``handle`` when the grader's entries carry one. Every matched notebook must have passed;
    a learner with no matching result is not certified. ``grades=None`` certifies everyone.
    ``grades_dir`` is where relative paths in the grader's JSON start (its folder).
    Lesson titles come from ``course`` (default: the course found from the current folder).
    """
    learners = list(learners)
    if grades is None:
        return Certification(certified=learners)
    entries = _grade_entries(grades)
    course = course if course is not None else _default_course()
    base = Path(grades_dir) if grades_dir is not None else None
    result = Certification()
    for learner in learners:
        matched: list[Mapping[str, Any]] = []
        missing: list[str] = []
        for nb in learner.notebooks:
            found = _match(nb, learner.base_dir, entries, base)
            if found:
                matched.extend(found)
            else:
                missing.append(nb)
        if learner.handle:
            handle = learner.handle.casefold()
            matched.extend(e for e in entries if _entry_handle(e) == handle and e not in matched)
        failed = [e for e in matched if e.get("passed") is not True]
        if missing:
            reason = f"no grader result for {', '.join(missing)}"
        elif not matched:
            reason = "no grader result (add their notebook to the names list and grade it)"
        elif failed:
            reason = "not finished yet (" + "; ".join(_summary(e) for e in failed) + ")"
        else:
            titles = tuple(
                dict.fromkeys(t for t in (_course_lesson_title(e, course) for e in matched) if t)
            )
            result.certified.append(replace(learner, lessons=titles))
            continue
        result.not_certified.append(NotCertified(learner, reason))
    return result


def certified(learners: Iterable[Learner], grades: Any) -> list[Learner]:
    """The learners whose graded notebooks all passed (see :func:`check_grades`)."""
    return check_grades(learners, grades).certified
