"""Typed predicates over notebook cells: the only place that reads cell tags.

Tags the course understands (see docs/AUTHORING.md):
``trainer`` trainer-only notes, ``solution`` answers, ``exercise`` a learner task,
``parameters`` papermill parameters, ``handout-skip`` not printed, ``app-skip`` left out of the
no-code learner mode (toolkit.learn), ``risky-example`` a draft shown on purpose as unsafe
(the course-examples test lets it hold details the risk finder flags).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Re-exported: the course build reads these from executed notebooks.
from toolkit.mime import FEEDBACK_MIME, FORM_MIME, FORUM_MIME, WIDGET_MIME  # noqa: F401

TRAINER = "trainer"
SOLUTION = "solution"
EXERCISE = "exercise"
PARAMETERS = "parameters"
HANDOUT_SKIP = "handout-skip"
APP_SKIP = "app-skip"
INJECTED_PARAMETERS = "injected-parameters"
RISKY_EXAMPLE = "risky-example"

COURSE_TAGS = frozenset(
    {TRAINER, SOLUTION, EXERCISE, PARAMETERS, HANDOUT_SKIP, APP_SKIP, RISKY_EXAMPLE}
)


def tags(cell: Mapping[str, Any]) -> frozenset[str]:
    """The cell's tags (an empty set when it has none)."""
    return frozenset(cell.get("metadata", {}).get("tags", ()) or ())


def is_trainer(cell: Mapping[str, Any]) -> bool:
    return TRAINER in tags(cell)


def is_solution(cell: Mapping[str, Any]) -> bool:
    return SOLUTION in tags(cell)


def is_exercise(cell: Mapping[str, Any]) -> bool:
    return EXERCISE in tags(cell)


def is_parameters(cell: Mapping[str, Any]) -> bool:
    t = tags(cell)
    return PARAMETERS in t or INJECTED_PARAMETERS in t


def is_handout_skip(cell: Mapping[str, Any]) -> bool:
    return HANDOUT_SKIP in tags(cell)


def is_app_skip(cell: Mapping[str, Any]) -> bool:
    return APP_SKIP in tags(cell)


def is_risky_example(cell: Mapping[str, Any]) -> bool:
    """True for a draft the lesson shows on purpose as unsafe (learners spot its risky details)."""
    return RISKY_EXAMPLE in tags(cell)


def is_learner_visible(cell: Mapping[str, Any]) -> bool:
    """True unless the cell is for trainers only (notes or answers)."""
    return not (is_trainer(cell) or is_solution(cell))
