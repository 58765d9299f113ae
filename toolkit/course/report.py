"""The summary table the build prints at the end."""

from __future__ import annotations

import sys
from typing import TextIO

from toolkit.course.build import BuildReport

__all__ = ["format_report", "print_report"]


def format_report(report: BuildReport) -> str:
    """A plain-text table: one row per notebook, then errors and where the outputs are."""
    if report.message and not report.results:
        return report.message
    rows = [("notebook", "lesson", "status", "executed", "seconds", "outputs")]
    for r in report.results:
        rows.append(
            (
                r.doc_id,
                r.lesson,
                r.status,
                "yes" if r.executed else "no",
                f"{r.seconds:.1f}",
                str(len(r.outputs)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    errors = [r.error for r in report.failed if r.error is not None] + report.course_errors
    if errors:
        lines += ["", f"{len(errors)} problem(s):"]
        lines += [f"  - {e}" for e in errors]
    built = sum(r.status in ("built", "cached") for r in report.results)
    lines += [
        "",
        f"{built} built, {len(report.executed)} executed, "
        f"{sum(r.status == 'skipped' for r in report.results)} unchanged, "
        f"{len(report.failed)} failed in {report.seconds:.1f} s.",
        f"Open {report.out / 'learner' / 'index.html'} (learners) or "
        f"{report.out / 'trainer' / 'index.html'} (trainers); list: {report.out / 'manifest.json'}",
    ]
    return "\n".join(lines)


def print_report(report: BuildReport, file: TextIO | None = None) -> None:
    print(format_report(report), file=file or sys.stdout)
