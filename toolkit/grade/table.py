"""The grader's plain-text report: a table of checks, a summary line per notebook, next steps.

Everything a submission wrote is escaped (``for_terminal``) before it is measured or printed.
"""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.grade.results import NotebookResult
from toolkit.i18n import _, ngettext
from toolkit.terminal import for_terminal

__all__ = ["MESSAGE_WIDTH", "format_table", "print_text"]

MESSAGE_WIDTH = 64


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


def print_text(results: Sequence[NotebookResult], broken: int, *, check_keys: bool) -> None:
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
