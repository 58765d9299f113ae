"""A learner's submission laid over the course's own exercise notebook (as nbgrader does).

    course = find_course()                           # course.toml from cwd upwards
    entry = match_exercise(course, submitted, path)  # which official exercise this is, or refuse
    graded, check_ids = overlay(official, submitted)

Only the learner's *answers* are taken from the submission: the cells that replace the official
``exercise`` and ``solution`` cells (matched by cell id, else by identical source) and cells the
learner added (kept after the official cell they followed); an exercise cell she deleted comes
back blank, as she got it. Everything else (set-up, checks,
text) comes from the official copy, so a submission cannot edit, remove or add a check.
:func:`is_answer_key` tells a copy of the course's answer key (its model answers still in their
own ``solution`` cells) from a learner's work, so the key is never graded as hers.
``check_ids`` are the ids of the official code cells in the graded notebook: the grader reads
feedback only from their outputs, never from an answer cell's.

This stops forged *notebooks*. It cannot stop forged *code*: answers run in the same Python
kernel as the checks, so an answer that replaces a check function at run time can still fake a
pass. Treat grades as a teaching aid, and see the README on running the grader safely.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course import cells
from toolkit.course.config import Course, LessonEntry, load_course
from toolkit.course.errors import CourseError
from toolkit.mime import FORM_MIME

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "AnswerKeyError",
    "SubmissionError",
    "find_course",
    "form_answers",
    "is_answer_key",
    "lesson_for",
    "match_exercise",
    "overlay",
]

COURSE_FILE = "course.toml"


class SubmissionError(CourseError, ValueError):
    """A submitted notebook cannot be matched to an exercise of the course."""


class AnswerKeyError(CourseError):
    """The course's own exercise notebook, run as is, does not pass: the course is broken."""


def find_course(course: str | Path | None = None) -> Course:
    """The course: ``course`` (course.toml or its folder), else ./course.toml or a parent's,
    else the one next to the toolkit package. Raises CourseConfigError when none is found."""
    if course is not None:
        path = Path(course)
        return load_course(path / COURSE_FILE if path.is_dir() else path)
    here = Path.cwd().resolve()
    package_root = Path(__file__).resolve().parents[2]
    for folder in (here, *here.parents, package_root):
        if (folder / COURSE_FILE).is_file():
            return load_course(folder / COURSE_FILE)
    return load_course(here / COURSE_FILE)  # raises the "not found, pass --course" message


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def lesson_for(course: Course, key: str) -> LessonEntry | None:
    """The lesson whose id is ``key`` or appears in it as a whole word (``amina-04-first-post``)."""
    by_id = {entry.id: entry for entry in course.lessons}
    if key in by_id:
        return by_id[key]
    found = [
        entry
        for entry in course.lessons
        if re.search(rf"(?<![a-z0-9]){re.escape(entry.id)}(?![a-z0-9])", key.lower())
    ]
    # Longest id wins ("10-verify" over a hypothetical "10"); two equally long ones: no match.
    found.sort(key=lambda e: len(e.id), reverse=True)
    if found and (len(found) == 1 or len(found[0].id) > len(found[1].id)):
        return found[0]
    return None


def match_exercise(course: Course, submitted: Mapping[str, Any], path: str | Path) -> LessonEntry:
    """The official exercise a submission answers, from its file name and ``course.id``.

    Both keys come from the learner, so they only choose *which* official notebook grades the
    answers; when they disagree, or name no exercise of this course, the submission is refused.
    """
    meta = submitted.get("metadata") or {}
    course_meta = meta.get("course") if isinstance(meta, Mapping) else None
    claimed = course_meta.get("id") if isinstance(course_meta, Mapping) else None
    by_meta = lesson_for(course, claimed) if isinstance(claimed, str) and claimed else None
    by_name = lesson_for(course, Path(path).stem)
    if by_meta and by_name and by_meta.id != by_name.id:
        msg = (
            f"its file name says exercise {by_name.id!r} but the notebook says it is "
            f"{by_meta.id!r}; rename the file or grade the learner's own copy of one exercise"
        )
        raise SubmissionError(msg)
    entry = by_meta or by_name
    if entry is None:
        ids = ", ".join(e.id for e in course.lessons if e.exercise is not None) or "none"
        msg = (
            f"it does not match any exercise of the course {course.title!r} (exercises: {ids}); "
            f"grade a learner's copy of a course exercise, named like its lesson id"
        )
        raise SubmissionError(msg)
    if entry.exercise is None or not entry.exercise.is_file():
        msg = f"lesson {entry.id!r} has no exercise notebook in the course: nothing to grade"
        raise SubmissionError(msg)
    return entry


def _is_answer(cell: Mapping[str, Any]) -> bool:
    return cells.is_exercise(cell) or cells.is_solution(cell)


def _tags(cell: Mapping[str, Any]) -> frozenset[str]:
    # A submission's metadata may be malformed: read it without trusting its shape.
    meta = cell.get("metadata")
    found = meta.get("tags") if isinstance(meta, Mapping) else None
    if not isinstance(found, list):
        return frozenset()
    return frozenset(t for t in found if isinstance(t, str))


def is_answer_key(official: Mapping[str, Any], submitted: Mapping[str, Any]) -> bool:
    """True when ``submitted`` is the course's answer key (or a copy of it), not a learner's work.

    That is: the official exercise has model answers (non-blank ``solution`` cells) and every one
    of them is in the submission unchanged, in a cell that still has the official cell's id or
    the ``solution`` tag. A learner's own cells have neither: the learner edition has no
    solution cells, and a cell she adds gets a new id and no tags, so even a learner who typed
    the model answer word for word is graded as usual.
    """
    model = [
        c
        for c in official.get("cells", []) or []
        if cells.is_solution(c) and _text(c.get("source")).strip()
    ]
    theirs = [c for c in submitted.get("cells", []) or [] if isinstance(c, Mapping)]
    if not model:
        return False

    def present(answer: Mapping[str, Any]) -> bool:
        source = _text(answer.get("source")).strip()
        return any(
            _text(c.get("source")).strip() == source
            and (c.get("id") == answer.get("id") or cells.SOLUTION in _tags(c))
            for c in theirs
        )

    return all(present(answer) for answer in model)


MAX_FORM_ANSWER = 20_000  # characters of JSON: far more than any form holds


def form_answers(cell: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The answers a learner checked in the forms of a cell, as its saved outputs hold them
    (``{"title": ..., "answer": ...}``, in display order); malformed ones are left out."""
    found: list[dict[str, Any]] = []
    outputs = cell.get("outputs")
    for output in outputs if isinstance(outputs, list) else []:
        data = output.get("data") if isinstance(output, Mapping) else None
        form = data.get(FORM_MIME) if isinstance(data, Mapping) else None
        if not isinstance(form, Mapping) or "answer" not in form:
            continue
        title, answer = form.get("title"), form.get("answer")
        if isinstance(title, str) and len(json.dumps(answer)) <= MAX_FORM_ANSWER:
            found.append({"title": title, "answer": answer})
    return found


def _learner_cell(cell: Mapping[str, Any], number: int) -> nbformat.NotebookNode:
    """A clean copy of a learner's cell: source only, a fresh id, no outputs or tags.

    Answers she gave in a form (saved in the cell's outputs) go back to the form, as typed
    answers go back in their cell: a first line hands them to the forms the cell builds.
    """
    import nbformat  # nbformat (and jsonschema) only when grading: make lab is fast

    source = _text(cell.get("source"))
    answers = form_answers(cell) if cell.get("cell_type") == "code" else []
    if answers:
        given = json.dumps(answers, ensure_ascii=True)
        source = (
            f"from toolkit.widgets.answer import preset as _tk_preset; _tk_preset({given!r})\n"
            + source
        )
    new = (
        nbformat.v4.new_code_cell(source)
        if cell.get("cell_type") == "code"
        else nbformat.v4.new_markdown_cell(source)
    )
    # Fresh ids: a learner's cell can never pass for an official (check) cell.
    new["id"] = f"learner-answer-{number}"
    return new


_Placed = dict[int, list[Mapping[str, Any]]]


def _place(
    official_cells: list[Mapping[str, Any]], submitted: Mapping[str, Any]
) -> tuple[_Placed, _Placed]:
    """Where the learner's cells go: ``answers`` (official index -> her cell) and ``added``
    (her own cells, after official index; -1 is before the first)."""
    by_id = {c.get("id"): i for i, c in enumerate(official_cells) if c.get("id")}
    used: set[int] = set()
    answers: _Placed = {}
    added: _Placed = {}
    anchor = -1
    for cell in submitted.get("cells", []) or []:
        if not isinstance(cell, Mapping):
            continue
        index = by_id.get(cell.get("id"))
        if index is None or index in used:
            # No id (an older Jupyter) or an unknown one: an identical source still matches.
            source = _text(cell.get("source"))
            index = next(
                (
                    i
                    for i, c in enumerate(official_cells)
                    if i not in used and source.strip() and _text(c.get("source")) == source
                ),
                None,
            )
        if index is None:
            added.setdefault(anchor, []).append(cell)
            continue
        used.add(index)
        anchor = index
        if _is_answer(official_cells[index]):
            answers[index] = [cell]
    return answers, added


def overlay(
    official: nbformat.NotebookNode, submitted: Mapping[str, Any]
) -> tuple[nbformat.NotebookNode, frozenset[str]]:
    """The notebook to run: the official one with the learner's answers in place of its answer
    cells; and the ids of the official code cells, the only ones whose feedback counts."""
    official_cells = list(official.cells)
    answers, added = _place(official_cells, submitted)
    graded = copy.deepcopy(official)
    graded.cells = []
    graded.nbformat, graded.nbformat_minor = 4, max(5, int(official.get("nbformat_minor", 5)))
    check_ids: set[str] = set()
    number = 0

    def take(learner_cells: list[Mapping[str, Any]]) -> None:
        nonlocal number
        for cell in learner_cells:
            number += 1
            graded.cells.append(_learner_cell(cell, number))

    take(added.get(-1, []))
    for i, cell in enumerate(official_cells):
        if _is_answer(cell):
            # An exercise cell the learner deleted is back as she got it (no answer in it),
            # so later cells still find its defaults; a missing solution is simply no answer.
            if i in answers or cells.is_solution(cell):
                take(answers.get(i, []))
            else:
                take([cell])
        elif not cells.is_trainer(cell):
            fresh = copy.deepcopy(cell)
            fresh["id"] = fresh.get("id") or f"official-{i}"
            if fresh.get("cell_type") == "code":
                fresh["outputs"], fresh["execution_count"] = [], None
                check_ids.add(fresh["id"])
            graded.cells.append(fresh)
        take(added.get(i, []))
    return graded, frozenset(check_ids)
