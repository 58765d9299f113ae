"""The progress card a learner sees in a notebook, and one saved attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from toolkit.i18n import _

__all__ = ["Attempt", "ProgressCard"]


@dataclass(frozen=True, slots=True)
class Attempt:
    """One check result as saved."""

    learner: str
    check: str
    passed: bool
    at: datetime
    messages: tuple[str, ...]

    def to_row(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "check": self.check,
            "passed": self.passed,
            "at": self.at.isoformat(),
            "messages": list(self.messages),
        }


@dataclass(frozen=True)
class _Line:
    learner: str
    check: str
    attempts: int
    passed: bool
    ever_passed: bool
    first: datetime
    last: datetime


class ProgressCard:
    """One line per learner and check; shows itself as a card in a notebook.

    ``problem``: why the saved progress could not be read (the card says so instead of a summary).
    """

    def __init__(
        self,
        attempts: list[Attempt],
        learner: str | None,
        *,
        enabled: bool,
        problem: str | None = None,
    ) -> None:
        self.learner = learner
        self.enabled = enabled
        self.problem = problem
        lines: dict[tuple[str, str], _Line] = {}
        for a in attempts:
            old = lines.get((a.learner, a.check))
            lines[(a.learner, a.check)] = _Line(
                a.learner,
                a.check,
                1 if old is None else old.attempts + 1,
                a.passed,
                a.passed or (old is not None and old.ever_passed),
                a.at if old is None else old.first,
                a.at,
            )
        self.lines = list(lines.values())

    @property
    def done(self) -> int:
        return sum(1 for line in self.lines if line.ever_passed)

    def _summary(self) -> str:
        if self.problem:
            return self.problem
        if not self.enabled:
            return _("Saving progress is turned off on this computer.")
        if not self.lines:
            return _("No checks yet. Do an exercise and run its check: your progress shows here.")
        return _("{done} of {total} checks passed.").format(done=self.done, total=len(self.lines))

    def _status(self, line: _Line) -> str:
        return _("✓ passed") if line.ever_passed else _("○ not yet")

    def __str__(self) -> str:
        out = [_("Your progress"), self._summary()]
        for line in self.lines:
            who = f"{line.learner}: " if self.learner is None and line.learner else ""
            out.append(
                _("{who}{check}: {status} ({n} tries, last {when})").format(
                    who=who,
                    check=line.check,
                    status=self._status(line),
                    n=line.attempts,
                    when=line.last.strftime("%Y-%m-%d %H:%M"),
                )
            )
        return "\n".join(out)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Plain-text frontends (a terminal IPython, a saved notebook's text) show the card too.
        printer.text(str(self))

    def _repr_html_(self) -> str:
        label = escape(_("Your progress"))
        head = (
            f'<section class="toolkit-progress" role="region" aria-label="{label}"'
            ' dir="auto" style="border:2px solid #444;border-radius:6px;padding:0.6em 1em;'
            'max-width:42em;background:#fff;color:#111">'
            f'<h3 style="margin:0 0 0.3em 0">{label}</h3>'
            f"<p>{escape(self._summary())}</p>"
        )
        if not self.lines:
            return head + "</section>"
        cols = [_("Check"), _("Result"), _("Tries"), _("First try"), _("Last try")]
        if self.learner is None:
            cols.insert(0, _("Learner"))
        rows = []
        for line in self.lines:
            cells = [
                line.check,
                self._status(line),
                str(line.attempts),
                line.first.strftime("%Y-%m-%d %H:%M"),
                line.last.strftime("%Y-%m-%d %H:%M"),
            ]
            if self.learner is None:
                cells.insert(0, line.learner)
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        header = "".join(f'<th scope="col" style="text-align:left">{escape(c)}</th>' for c in cols)
        return (
            head
            + f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + "</section>"
        )
