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

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.checks.feedback import FEEDBACK_MIME
from toolkit.course.format import KERNEL
from toolkit.course.runner import NotebookRunError, Origin, quiet, run_notebook
from toolkit.i18n import _, ngettext
from toolkit.terminal import for_terminal, json_for_terminal

if TYPE_CHECKING:
    from toolkit.course.config import Course

__all__ = [
    "KERNEL",
    "AnswerKey",
    "CheckResult",
    "NotebookResult",
    "answer_key",
    "grade_notebook",
    "main",
    "read_feedback",
]

DEFAULT_TIMEOUT = 120
MESSAGE_WIDTH = 64
NOTEBOOK_ROW = "(notebook)"


@dataclass
class CheckResult:
    check: str
    passed: bool
    messages: list[str]
    hint: str | None = None

    @property
    def first_message(self) -> str:
        return self.messages[0] if self.messages else ""


@dataclass
class NotebookResult:
    notebook: str
    checks: list[CheckResult] = field(default_factory=list)
    # Why the notebook did not run to the end (None when it did).
    stopped: str | None = None
    error: str | None = None
    # The course's lesson id the notebook was graded against (None when it matched none).
    lesson: str | None = None
    refused: bool = False
    # The course's own answer key was given instead of a learner's work: not graded.
    answer_key: bool = False

    @property
    def passed(self) -> bool:
        return self.stopped is None and bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def rows(self) -> list[CheckResult]:
        """The checks, plus a "not yet" row when the notebook stopped or showed no check."""
        rows = list(self.checks)
        if self.stopped is not None:
            rows.append(CheckResult(NOTEBOOK_ROW, False, [self.stopped]))
        elif not self.checks:
            rows.append(CheckResult(NOTEBOOK_ROW, False, [_("No check ran in this notebook.")]))
        return rows

    def summary(self) -> str:
        n, total = sum(c.passed for c in self.checks), len(self.checks)
        if self.answer_key:
            return for_terminal(
                _(
                    "{notebook} is the course's answer key, not a learner's work: not graded."
                ).format(notebook=self.notebook)
            )
        if self.refused:
            line = _("{notebook}: not graded (no matching exercise)").format(notebook=self.notebook)
        elif total == 0:
            line = _("{notebook}: no checks ran").format(notebook=self.notebook)
        else:
            line = ngettext(
                "{notebook}: {n} of {total} check passed",
                "{notebook}: {n} of {total} checks passed",
                total,
            ).format(notebook=self.notebook, n=n, total=total)
        if self.stopped is not None and not self.refused:
            line += " " + _("(stopped early)")
        return for_terminal(line)

    def to_data(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook,
            "lesson": self.lesson,
            "passed": self.passed,
            "answer_key": self.answer_key,
            "checks_passed": sum(c.passed for c in self.checks),
            "checks_total": len(self.checks),
            "stopped": self.stopped,
            "error": self.error,
            "checks": [
                {"check": c.check, "passed": c.passed, "messages": c.messages, "hint": c.hint}
                for c in self.checks
            ],
        }


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def read_feedback(nb: Any, cell_ids: Collection[str] | None = None) -> list[CheckResult]:
    """Every Feedback a run notebook displayed, in order (outputs with the feedback MIME type).

    With ``cell_ids``, only the outputs of those cells count (the official check cells).
    """
    found = []
    for cell in nb.get("cells", []):
        if cell_ids is not None and cell.get("id") not in cell_ids:
            continue
        for output in cell.get("outputs", []) or []:
            data = output.get("data", {}) if isinstance(output, dict) else {}
            item = data.get(FEEDBACK_MIME)
            if isinstance(item, str):  # some writers store JSON MIME types as text
                with contextlib.suppress(ValueError):
                    item = json.loads(item)
            if not isinstance(item, dict) or "check" not in item:
                continue
            messages = item.get("messages")
            hint = item.get("hint")
            found.append(
                CheckResult(
                    str(item["check"]),
                    item.get("passed") is True,
                    [str(m) for m in messages] if isinstance(messages, list) else [],
                    hint if isinstance(hint, str) else None,
                )
            )
    return found


def _execute(
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


def _shown(run: Any, graded: Any, check_ids: Collection[str]) -> dict[str, list[CheckResult]]:
    """The checks each official code cell showed, by cell id, in notebook order."""
    ids = [c.get("id") for c in graded.cells if c.get("id") in check_ids]
    return {cid: read_feedback(run, {cid}) if run is not None else [] for cid in ids}


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
    run, problem = _execute(graded, timeout)
    shown = _shown(run, graded, check_ids)
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


def _with_expected(
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
    run, problem = _execute(graded, timeout, Origin.of(source_nb))
    if problem is not None:
        _stopped(result, problem)
    missing = (
        _("This check did not run: the notebook stopped before it.")
        if result.stopped is not None
        else _("This check did not show its result. Run every cell from the top, then save.")
    )
    result.checks = _with_expected(_shown(run, graded, check_ids), key, missing)
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


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_table(results: Sequence[NotebookResult]) -> str:
    """A plain-text table: one row per check (notebook, check, result, first message)."""
    head = [_("Notebook"), _("Check"), _("Result"), _("Message")]
    # Everything a submission wrote is escaped first, then measured: no row can hide another.
    rows = [
        [
            for_terminal(r.notebook),
            for_terminal(c.check),
            _("passed") if c.passed else _("not yet"),
            _shorten(for_terminal(c.first_message), MESSAGE_WIDTH),
        ]
        for r in results
        for c in r.rows
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head) - 1)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)) + "  " + cells[-1]

    rule = "  ".join("-" * w for w in widths) + "  " + "-" * max(len(head[-1]), 7)
    return "\n".join([line(head), rule, *(line(row).rstrip() for row in rows)])


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
        _print_text(results, len(broken), check_keys=args.check_keys)
    if broken:
        return 2
    return 0 if ok else 1


def _print_text(results: list[NotebookResult], broken: int, *, check_keys: bool) -> None:
    """The table, one summary line per notebook, and what to do next."""
    print(format_table(results))
    print()
    for r in results:
        print(r.summary())
    if any(r.answer_key for r in results):
        print(
            _(
                "Grade the learners' own copies (made from the learner edition, e.g. by "
                "make lab); course authors test the answer keys with --check-keys."
            )
        )
    if check_keys:
        total = len(results) + broken
        print(
            ngettext(
                "Answer keys: {n} of {total} passes.",
                "Answer keys: {n} of {total} pass.",
                total,
            ).format(n=sum(r.passed for r in results), total=total)
        )


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


if __name__ == "__main__":
    sys.exit(main())
