"""Grade exercise notebooks: run each one and list what its checks said.

    python -m toolkit.grade exercises/04-first-post.ipynb learners/*.ipynb
    python -m toolkit.grade --json --timeout 60 submitted.ipynb

Each notebook runs top to bottom with papermill (kernel ``python3``, in the notebook's folder, a
time limit per cell). Every check a notebook displays carries its result as data
(``application/vnd.toolkit.feedback+json``); the grader reads those back from the run notebook and
prints one row per check, then one summary line per notebook.

Exit code 0 only when every notebook ran to the end, showed at least one check, and every check
passed; otherwise 1 (2 for a usage mistake). A notebook that stops on an error is not a crash:
it gets a "not yet" row saying where it stopped, and the checks before that still count.
Progress is not saved while grading (``TOOLKIT_PROGRESS=off`` in the kernel) unless the
environment already sets ``TOOLKIT_PROGRESS``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.checks.feedback import FEEDBACK_MIME
from toolkit.i18n import _, ngettext

__all__ = ["KERNEL", "CheckResult", "NotebookResult", "grade_notebook", "main", "read_feedback"]

KERNEL = "python3"
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
            rows.append(
                CheckResult(NOTEBOOK_ROW, False, [_("No check ran in this notebook.")])
            )
        return rows

    def summary(self) -> str:
        n, total = sum(c.passed for c in self.checks), len(self.checks)
        if total == 0:
            line = _("{notebook}: no checks ran").format(notebook=self.notebook)
        else:
            line = ngettext(
                "{notebook}: {n} of {total} check passed",
                "{notebook}: {n} of {total} checks passed",
                total,
            ).format(notebook=self.notebook, n=n, total=total)
        if self.stopped is not None:
            line += " " + _("(stopped early)")
        return line

    def to_data(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook,
            "passed": self.passed,
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


def first_line(source: Any) -> str:
    """The first non-blank line of a cell's source."""
    for line in _text(source).splitlines():
        if line.strip():
            return line.strip()
    return ""


def read_feedback(nb: Any) -> list[CheckResult]:
    """Every Feedback a run notebook displayed, in order (outputs with the feedback MIME type)."""
    found = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data", {}) if isinstance(output, dict) else {}
            item = data.get(FEEDBACK_MIME)
            if isinstance(item, str):  # some writers store JSON MIME types as text
                with contextlib.suppress(ValueError):
                    item = json.loads(item)
            if not isinstance(item, dict) or "check" not in item:
                continue
            found.append(
                CheckResult(
                    str(item["check"]),
                    item.get("passed") is True,
                    [str(m) for m in item.get("messages", [])],
                    item.get("hint"),
                )
            )
    return found


@contextlib.contextmanager
def _quiet_progress() -> Iterator[None]:
    # The kernel inherits this environment: grading must not fill the trainer's progress file.
    if os.environ.get("TOOLKIT_PROGRESS"):
        yield
        return
    os.environ["TOOLKIT_PROGRESS"] = "off"
    try:
        yield
    finally:
        os.environ.pop("TOOLKIT_PROGRESS", None)


@contextlib.contextmanager
def _kernel_noise_hidden() -> Iterator[None]:
    # Kernels inherit stderr and print start-up warnings that mean nothing to a trainer.
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _cell_number(source_nb: Any, index: int | None, source: str) -> int | None:
    """The 1-based number of the failing cell in the learner's own notebook."""
    cells = source_nb.get("cells", []) if source_nb is not None else []
    matches = [i for i, c in enumerate(cells) if _text(c.get("source")) == source]
    if matches:
        best = min(matches, key=lambda i: abs(i - (index or 0)))
        return best + 1
    return None if index is None else index + 1


def grade_notebook(path: str | Path, *, timeout: int = DEFAULT_TIMEOUT) -> NotebookResult:
    """Run one notebook and collect its checks. Never raises for a learner's notebook."""
    import nbformat  # noqa: PLC0415 - heavy imports only when grading
    import papermill  # noqa: PLC0415
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    path = Path(path)
    result = NotebookResult(str(path))
    try:
        source_nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a missing or broken file is one "not yet" row
        result.stopped = _("The notebook could not be opened ({error}).").format(
            error=type(exc).__name__
        )
        result.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return result

    with tempfile.TemporaryDirectory(prefix="toolkit-grade-") as tmp:
        out = Path(tmp) / path.name
        try:
            with _quiet_progress():
                papermill.execute_notebook(
                    str(path),
                    str(out),
                    kernel_name=KERNEL,
                    cwd=str(path.parent.resolve()),
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=timeout,
                )
        except PapermillExecutionError as exc:
            number = _cell_number(source_nb, exc.cell_index, _text(exc.source))
            line = first_line(exc.source)
            result.stopped = _("The notebook stopped at cell {n}: {line}").format(
                n=number if number is not None else "?", line=line
            )
            result.error = f"{exc.ename}: {exc.evalue}" if exc.evalue else str(exc.ename)
        except Exception as exc:  # noqa: BLE001 - kernel died, a cell timed out, no kernel...
            result.stopped = _("The notebook could not finish ({error}).").format(
                error=type(exc).__name__
            )
            result.error = (str(exc).splitlines() or [type(exc).__name__])[0]
        if out.exists():
            with contextlib.suppress(Exception):
                result.checks = read_feedback(nbformat.read(out, as_version=4))
    return result


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_table(results: Sequence[NotebookResult]) -> str:
    """A plain-text table: one row per check (notebook, check, result, first message)."""
    head = [_("Notebook"), _("Check"), _("Result"), _("Message")]
    rows = [
        [
            r.notebook,
            c.check,
            _("passed") if c.passed else _("not yet"),
            _shorten(c.first_message, MESSAGE_WIDTH),
        ]
        for r in results
        for c in r.rows
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head) - 1)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)) + "  " + cells[-1]

    rule = "  ".join("-" * w for w in widths) + "  " + "-" * max(len(head[-1]), 7)
    return "\n".join([line(head), rule, *(line(row).rstrip() for row in rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.grade",
        description=_("Run exercise notebooks and show what their checks said."),
    )
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help=_("notebooks to grade"))
    parser.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        help=_("seconds each cell may run (default: {n})").format(n=DEFAULT_TIMEOUT),
    )
    args = parser.parse_args(argv)
    if args.timeout <= 0:
        parser.error(_("--timeout must be a positive number of seconds"))

    with _kernel_noise_hidden():
        results = [grade_notebook(nb, timeout=args.timeout) for nb in args.notebooks]
    ok = all(r.passed for r in results)
    if args.json:
        data = {"passed": ok, "notebooks": [r.to_data() for r in results]}
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(format_table(results))
        print()
        for r in results:
            print(r.summary())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
