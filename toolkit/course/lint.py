"""The authoring-format checker (docs/AUTHORING.md).

    python -m toolkit.course.lint lessons/*.ipynb   # no arguments: all of course.toml

Each problem is a :class:`LessonFormatError` naming the lesson, the cell index and the fix.
The build runs the same checks before it executes anything.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from toolkit.course import cells, print_rules
from toolkit.course.errors import CourseError, LessonFormatError
from toolkit.course.format import LessonMeta, header_problems

__all__ = ["KNOWN_TAGS", "check_notebook", "check_path", "main"]

NBVAL_TAGS = frozenset(
    {
        "nbval-ignore-output",
        "nbval-check-output",
        "nbval-skip",
        "nbval-raises-exception",
        "raises-exception",
    }
)
# Plus lines-N (1-20), which print_rules.is_print_tag accepts.
KNOWN_TAGS = cells.COURSE_TAGS | NBVAL_TAGS | print_rules.PRINT_TAGS

_IMG_NO_ALT = re.compile(r"!\[\s*\]\(|<img\b(?![^>]*\balt\s*=\s*\"[^\"]+\")[^>]*>", re.IGNORECASE)


def total_minutes(minutes: Any) -> int:
    """A lesson's time from ``metadata["course"]["minutes"]``: a total, or the sum of
    ``{"teaching": 45, "exercises": 15}``; 0 when it is missing or not a number.

    The build still calls it; new code reads :attr:`LessonMeta.minutes` (the same total).
    """
    return LessonMeta.read({"metadata": {"course": {"minutes": minutes}}}).minutes or 0


def _tag_problems(tags: frozenset[str], ctype: Any, previous: int | None) -> list[tuple[str, str]]:
    """``(problem, fix)`` for one cell's tags; ``previous`` is the last 'parameters' cell."""
    found: list[tuple[str, str]] = []
    if cells.INJECTED_PARAMETERS in tags:
        found.append(
            (
                "the cell is tagged 'injected-parameters' (a papermill output)",
                "delete this cell; the build injects parameters itself",
            )
        )
    unknown = tags - KNOWN_TAGS - {cells.INJECTED_PARAMETERS}
    for tag in sorted(t for t in unknown if not print_rules.is_print_tag(t)):
        found.append(
            (
                f"unknown tag {tag!r}",
                f"use one of {', '.join(sorted(KNOWN_TAGS))} or lines-N (a misspelt "
                "'solution' or 'trainer' tag would print answers in the learner handout)",
            )
        )
    if cells.PARAMETERS in tags:
        if ctype != "code":
            found.append(
                (
                    "a markdown cell is tagged 'parameters'",
                    "tag a code cell that assigns default values instead",
                )
            )
        if previous is not None:
            found.append(
                (
                    f"a second 'parameters' cell (the first is cell {previous})",
                    "keep every parameter in one cell tagged 'parameters'",
                )
            )
    if cells.EXERCISE in tags and cells.SOLUTION in tags:
        found.append(
            (
                "the cell is tagged both 'exercise' and 'solution'",
                "split it: the task in an 'exercise' cell, the answer in a 'solution' cell",
            )
        )
    return found


def _content_problems(cell: Mapping[str, Any], ctype: Any) -> list[tuple[str, str]]:
    """``(problem, fix)`` for what one cell holds: saved outputs, images without alt text."""
    found: list[tuple[str, str]] = []
    if ctype == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
        found.append(
            (
                "the code cell has saved outputs or an execution count",
                "clear outputs before committing (Edit > Clear Outputs of All Cells, or "
                "`jupyter nbconvert --clear-output --inplace NOTEBOOK`)",
            )
        )
    if ctype == "markdown":
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if _IMG_NO_ALT.search(source):
            found.append(
                (
                    "an image has no alt text",
                    "describe the image: ![A trainer pointing at a forum post](picture.png)",
                )
            )
    return found


def check_notebook(
    nb: Mapping[str, Any], lesson: str, *, part: str = "lesson"
) -> list[LessonFormatError]:
    """Every format problem of one notebook (an empty list when it is fine).

    ``part`` is ``"lesson"``, ``"exercise"`` or ``"front-matter"``: it decides which
    ``metadata["course"]`` fields are required.
    """
    problems: list[LessonFormatError] = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        first = str(exc).splitlines()[0]
        problems.append(
            LessonFormatError(
                lesson,
                None,
                f"not a valid notebook ({first})",
                "open and save it in JupyterLab 4, which repairs the structure",
            )
        )
    problems += header_problems(nb, lesson, part)
    seen_parameters: int | None = None
    for index, cell in enumerate(nb.get("cells", [])):
        tags, ctype = cells.tags(cell), cell.get("cell_type")
        found = _tag_problems(tags, ctype, seen_parameters) + _content_problems(cell, ctype)
        problems += [LessonFormatError(lesson, index, problem, fix) for problem, fix in found]
        if cells.PARAMETERS in tags:
            seen_parameters = index
    return problems


def check_path(
    path: str | Path, lesson: str | None = None, *, part: str = "lesson"
) -> list[LessonFormatError]:
    """Read and check one notebook file; ``lesson`` defaults to the file name."""
    path = Path(path)
    name = lesson or path.name
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one format problem
        return [
            LessonFormatError(
                name,
                None,
                f"cannot be read as a notebook ({type(exc).__name__}: {exc})",
                "open it in JupyterLab and save it again, or restore it from git",
            )
        ]
    return check_notebook(nb, name, part=part)


def _targets(argv: Sequence[str]) -> list[tuple[Path, str, str]]:
    """``(path, name, part)`` per notebook: the arguments, or everything in ./course.toml.

    A path listed in course.toml is checked under its lesson id and part; any other file is a
    lesson (or an exercise when it lives under ``exercises/``).
    """
    from toolkit.course.config import load_course  # only the CLI needs it

    try:
        docs = load_course(Path("course.toml")).documents()
    except CourseError:
        if not argv:
            raise
        docs = []
    if not argv:
        return [(d.path, d.id, d.part) for d in docs]
    by_path = {d.path: d for d in docs}
    targets = []
    for arg in argv:
        doc = by_path.get(Path(arg).resolve())
        if doc is not None:
            targets.append((Path(arg), f"{doc.id} ({arg})", doc.part))
        else:
            part = "exercise" if "exercises" in Path(arg).parts else "lesson"
            targets.append((Path(arg), arg, part))
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """Check notebooks; print one line per problem; return 1 if there are any."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    try:
        targets = _targets(argv)
    except CourseError as exc:
        print(exc, file=sys.stderr)
        return 2
    problems = [p for path, name, part in targets for p in check_path(path, name, part=part)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {len(targets)} notebook(s).", file=sys.stderr)
        return 1
    print(f"{len(targets)} notebook(s) follow docs/AUTHORING.md.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
