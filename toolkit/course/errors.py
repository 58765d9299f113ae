"""Errors the course build raises.

Every message says what happened and what to do about it::

    CourseError                     root: catch this to handle any build problem
    ├── CourseConfigError           course.toml is missing or malformed (also ValueError)
    │   └── OutputFolderError       --out is unsafe to build into or clean (a file, the home
    │                               folder, the course itself, someone else's files)
    ├── LessonFormatError           a lesson notebook breaks the authoring format (also ValueError)
    ├── LessonExecutionError        a cell raised while the build executed it (also RuntimeError)
    ├── HandoutUnavailableError     the PDF renderer (toolkit.course.handout) cannot be imported
    ├── HandoutError                a handout PDF could not be rendered
    └── CertificateError            certificates cannot be made (names CSV, grades, rendering)
"""

from __future__ import annotations


class CourseError(Exception):
    """Root of every error the course build raises."""


class CourseConfigError(CourseError, ValueError):
    """``course.toml`` cannot be used as it is."""


class OutputFolderError(CourseConfigError):
    """The output folder cannot be used: nothing was written or deleted."""


class LessonFormatError(CourseError, ValueError):
    """A lesson notebook does not follow docs/AUTHORING.md.

    ``cell_index`` is ``None`` when the problem is in the notebook as a whole (its metadata).
    """

    def __init__(self, lesson: str, cell_index: int | None, problem: str, fix: str) -> None:
        self.lesson = lesson
        self.cell_index = cell_index
        self.problem = problem
        self.fix = fix
        where = f"{lesson}, cell {cell_index}" if cell_index is not None else lesson
        msg = f"{where}: {problem}. Fix: {fix}"
        super().__init__(msg)

    def __reduce__(self):  # keep the exception picklable across the process pool
        return (type(self), (self.lesson, self.cell_index, self.problem, self.fix))


class LessonExecutionError(CourseError, RuntimeError):
    """A cell of a lesson raised an error while the build executed the notebook."""

    def __init__(self, lesson: str, cell_index: int | None, first_line: str, error: str) -> None:
        self.lesson = lesson
        self.cell_index = cell_index
        self.first_line = first_line
        self.error = error
        where = f"cell {cell_index}" if cell_index is not None else "a cell"
        msg = (
            f"{lesson}: {where} ({first_line!r}) failed: {error}. "
            f"Open the lesson in JupyterLab, run it top to bottom and fix that cell; "
            f"the other lessons were still built."
        )
        super().__init__(msg)

    def __reduce__(self):
        return (type(self), (self.lesson, self.cell_index, self.first_line, self.error))


class HandoutUnavailableError(CourseError, ImportError):
    """The PDF renderer ``toolkit.course.handout`` could not be imported."""


class HandoutError(CourseError):
    """A handout PDF could not be rendered (Typst compilation failed or bad input)."""


class CertificateError(CourseError):
    """Completion certificates cannot be made (names CSV, grader results or rendering)."""
