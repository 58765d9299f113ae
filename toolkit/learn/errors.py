"""The learner mode's one error: what it refused, and what to do instead."""

from __future__ import annotations

from toolkit.course.errors import CourseError


class LearnerModeError(CourseError):
    """The learner mode cannot start as asked; nothing was served or written."""
