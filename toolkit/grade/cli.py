"""``python -m toolkit.grade``: options, the grading loop, the report and the exit code.

Exit 0 only when every notebook passed; 1 otherwise; 2 for a usage mistake, no course, or an
answer key that does not pass (see the package's docstring for the whole contract).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.course.runner import quiet
from toolkit.grade.collect import grade_notebook
from toolkit.grade.keys import DEFAULT_TIMEOUT
from toolkit.grade.table import print_text
from toolkit.i18n import _
from toolkit.terminal import for_terminal, json_for_terminal

if TYPE_CHECKING:
    from toolkit.course.config import Course

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.grade",
        description=_("Run exercise notebooks and show what their checks said."),
    )
    parser.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK", help=_("learners' notebooks to grade")
    )
    parser.add_argument(
        "--check-keys",
        action="store_true",
        help=_(
            "for course authors: grade the course's own answer keys as they are (the NOTEBOOKs "
            "given, else every exercise in course.toml); a key that does not pass exits 2"
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    parser.add_argument(
        "--course",
        metavar="COURSE",
        help=_(
            "the course whose exercises grade the notebooks: its course.toml or folder "
            "(default: course.toml in this folder or a parent, else the toolkit's own)"
        ),
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        help=_("seconds each cell may run (default: {n})").format(n=DEFAULT_TIMEOUT),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error(_("--timeout must be a positive number of seconds"))
    if not args.notebooks and not args.check_keys:
        parser.error(
            _("name the learners' notebooks to grade (or use --check-keys to test the answer keys)")
        )

    from toolkit.course.errors import CourseError
    from toolkit.course.submission import AnswerKeyError, find_course

    try:
        course = find_course(args.course)
    except CourseError as exc:
        print(for_terminal(_("error: {problem}").format(problem=exc)), file=sys.stderr)
        return 2
    notebooks = args.notebooks or _course_keys(course)
    results, broken = [], []
    with quiet():
        for nb in notebooks:
            try:
                results.append(
                    grade_notebook(nb, timeout=args.timeout, course=course, keys=args.check_keys)
                )
            except AnswerKeyError as exc:  # the course is broken, not the learner's work
                broken.append(_("error: {problem}").format(problem=exc))
                if not args.check_keys:
                    break  # grading learners against a broken key means nothing
    for line in broken:
        print(for_terminal(line), file=sys.stderr)
    if broken and not args.check_keys:
        return 2
    ok = all(r.passed for r in results) and not broken
    if args.json:
        data = {"passed": ok, "notebooks": [r.to_data() for r in results]}
        print(json_for_terminal(data))
    else:
        print_text(results, len(broken), check_keys=args.check_keys)
    if broken:
        return 2
    return 0 if ok else 1


def _course_keys(course: Course) -> list[str]:
    """Every exercise notebook of the course, shown relative to this folder when inside it."""
    found = []
    for entry in course.lessons:
        if entry.exercise is not None:
            try:
                found.append(str(entry.exercise.resolve().relative_to(Path.cwd().resolve())))
            except ValueError:
                found.append(str(entry.exercise))
    return found
