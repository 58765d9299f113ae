"""Grade exercise notebooks: run each learner's answers against the course's own checks.

    python -m toolkit.grade submitted/*.ipynb
    python -m toolkit.grade --json --timeout 60 --course path/to/course.toml submitted.ipynb
    python -m toolkit.grade --check-keys          # course authors: every answer key passes

Each submission is matched to its exercise in the course (``course.toml``: found from the current
folder upwards unless ``--course`` says where) by its file name or ``course.id``; a notebook that
matches no exercise is refused. The grader then runs the *official* exercise notebook with the
learner's answers put in place of its answer cells (``exercise``/``solution`` tags, and cells
the learner added), as nbgrader does: set-up and check cells always come from the course
(``toolkit.course.submission``). Runs use papermill (kernel ``python3``, a scratch folder as
working directory, a time limit per cell). Every check carries its result as data
(``application/vnd.toolkit.feedback+json``); only results shown by the official code cells
count, one row per check, then one summary line per notebook. Control, bidi and invisible
characters in anything printed are shown as escapes (``\\x1b``).

Which checks an exercise must show is learnt from the course's answer key (the official notebook
run as is), once per exercise per grading run: a check the learner's run did not show (output
switched off, display silenced) is a "not yet" row, and the summary counts every expected check.
An answer key that does not pass means the course itself is broken: exit 2, naming the exercise.

A submission that *is* the answer key (every model answer still in its own ``solution`` cell:
``exercises/NN-*.ipynb`` or the trainer edition; see ``submission.is_answer_key``) is not a
learner's work: it is not graded and does not pass. ``--check-keys`` grades the course's own
keys as they are (all of them when no notebook is named), for course authors.

Grading runs the learner's code with your rights: see the README ("Checking learners' work")
for running it under a separate account or in a container.

Exit code 0 only when every notebook ran to the end, showed every check, and every check
passed; otherwise 1 (2 for a usage mistake, no course, or an answer key that does not pass).
A notebook that stops on an error is not a crash: it gets a "not yet" row saying where it
stopped, and the checks before that still count. Progress is not saved while grading
(``TOOLKIT_PROGRESS=off`` in the kernel) unless the environment already sets ``TOOLKIT_PROGRESS``.
"""

# The package, by concept: results (what a check said, per notebook), keys (the answer keys and
# the scratch run), collect (grading one notebook), table (the text report), cli (options, exit).
from __future__ import annotations

from toolkit.course.format import KERNEL
from toolkit.grade.cli import main
from toolkit.grade.collect import grade_notebook
from toolkit.grade.keys import DEFAULT_TIMEOUT, AnswerKey, answer_key
from toolkit.grade.results import NOTEBOOK_ROW, CheckResult, NotebookResult, read_feedback
from toolkit.grade.table import MESSAGE_WIDTH, format_table

__all__ = [
    "DEFAULT_TIMEOUT",
    "KERNEL",
    "MESSAGE_WIDTH",
    "NOTEBOOK_ROW",
    "AnswerKey",
    "CheckResult",
    "NotebookResult",
    "answer_key",
    "format_table",
    "grade_notebook",
    "main",
    "read_feedback",
]
