"""What grading found: one row per check (``CheckResult``), one summary per notebook.

``read_feedback`` reads the checks a run notebook displayed (outputs with the feedback MIME type);
``shown_checks`` keeps those of the official check cells, cell by cell.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from toolkit.checks.feedback import FEEDBACK_MIME
from toolkit.i18n import N_, _, ngettext
from toolkit.terminal import for_terminal

__all__ = ["NOTEBOOK_ROW", "CheckResult", "NotebookResult", "read_feedback", "shown_checks"]

# The name of the row about the whole notebook. Marked here, translated where the row is made,
# so the language chosen when grading is used, not the one active at import time.
NOTEBOOK_ROW = N_("(notebook)")


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
            rows.append(CheckResult(_(NOTEBOOK_ROW), False, [self.stopped]))
        elif not self.checks:
            rows.append(CheckResult(_(NOTEBOOK_ROW), False, [_("No check ran in this notebook.")]))
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


def shown_checks(run: Any, graded: Any, check_ids: Collection[str]) -> dict[str, list[CheckResult]]:
    """The checks each official code cell showed, by cell id, in notebook order.

    ``run`` is None when the run left no notebook (time limit, dead kernel): nothing was shown.
    """
    ids = [c.get("id") for c in graded.cells if c.get("id") in check_ids]
    return {cid: read_feedback(run, {cid}) if run is not None else [] for cid in ids}
