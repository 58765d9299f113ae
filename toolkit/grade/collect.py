"""Grade one learner's notebook: match it to its exercise, run it, collect the checks it showed.

Never raises for a learner's notebook: a broken file, one that matches no exercise, or one that
stops on an error is a "not yet" row in its ``NotebookResult``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course.runner import NotebookRunError, Origin
from toolkit.grade.keys import DEFAULT_TIMEOUT, answer_key, execute, with_expected
from toolkit.grade.results import NotebookResult, shown_checks
from toolkit.i18n import _

if TYPE_CHECKING:
    from toolkit.course.config import Course

__all__ = ["grade_notebook"]


def grade_notebook(
    path: str | Path,
    *,
    timeout: int = DEFAULT_TIMEOUT,
    course: Course | None = None,
    keys: bool = False,
) -> NotebookResult:
    """Run one learner's answers against the course's own exercise and collect its checks.

    ``course`` defaults to :func:`toolkit.course.submission.find_course`. Never raises for a
    learner's notebook: a broken file or one that matches no exercise is a "not yet" row, and
    the course's answer key given as a submission is not graded (``answer_key``) unless
    ``keys`` is true (``--check-keys``). Raises AnswerKeyError when the course's own exercise
    (its answer key) does not pass.
    """
    import nbformat  # heavy imports only when grading

    from toolkit.course.submission import is_answer_key, overlay

    result = NotebookResult(str(path))
    opened = _open(Path(path), result, course)
    if opened is None:
        return result
    source_nb, entry, official = opened
    result.lesson = entry.id
    if not keys and is_answer_key(official, source_nb):
        # Its model answers would pass in the learner's name: say so, count it as not passed.
        result.answer_key = True
        result.stopped = _("The course's answer key (model answers), not a learner's work.")
        return result
    key = answer_key(entry.id, entry.exercise, official, timeout)
    graded, check_ids = overlay(official, source_nb)
    if nbformat.writes(graded) == key.graded:
        # The answer key itself, unchanged: its one run already graded it.
        result.checks = [copy.deepcopy(c) for c in key.checks]
        return result

    # A failing cell is named by its number in the learner's own notebook.
    run, problem = execute(graded, timeout, Origin.of(source_nb))
    if problem is not None:
        _stopped(result, problem)
    missing = (
        _("This check did not run: the notebook stopped before it.")
        if result.stopped is not None
        else _("This check did not show its result. Run every cell from the top, then save.")
    )
    result.checks = with_expected(shown_checks(run, graded, check_ids), key, missing)
    return result


def _open(path: Path, result: NotebookResult, course: Course | None) -> tuple[Any, Any, Any] | None:
    """The learner's notebook, its exercise (course.toml entry) and the official notebook; or
    None, with the reason in ``result``, when it cannot be graded."""
    import nbformat

    from toolkit.course.submission import SubmissionError, find_course, match_exercise

    try:
        source_nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a missing or broken file is one "not yet" row
        result.stopped = _("The notebook could not be opened ({error}).").format(
            error=type(exc).__name__
        )
        result.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None
    course = course if course is not None else find_course()
    try:
        entry = match_exercise(course, source_nb, path)
        assert entry.exercise is not None  # match_exercise checked it
        official = nbformat.read(entry.exercise, as_version=4)
    except SubmissionError as exc:
        result.refused = True
        result.stopped = _("Not graded: {reason}.").format(reason=exc)
        result.error = type(exc).__name__
        return None
    except Exception as exc:  # noqa: BLE001 - the course's own copy is unreadable
        result.refused = True
        result.stopped = _(
            "Not graded: the course's exercise could not be opened ({error})."
        ).format(error=type(exc).__name__)
        result.error = (str(exc).splitlines() or [type(exc).__name__])[0]
        return None
    return source_nb, entry, official


def _stopped(result: NotebookResult, problem: NotebookRunError) -> None:
    """Say where and why the learner's notebook stopped."""
    if problem.cell_index is not None:
        result.stopped = _("The notebook stopped at cell {n}: {line}").format(
            n=problem.cell_index + 1, line=problem.first_line
        )
        result.error = problem.error
    else:  # kernel died, a cell timed out, no kernel...
        result.stopped = _("The notebook could not finish ({error}).").format(error=problem.kind)
        result.error = problem.message or problem.kind
