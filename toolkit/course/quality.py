"""The lesson checker: does a lesson meet the course guide's quality criteria?

    python -m toolkit.course.quality lessons/*.ipynb exercises/*.ipynb

Checks (docs/LESSON_TEMPLATE.md): complete metadata with action-verb objectives and a glossary;
the five ADIDS parts in order with minutes that add up; trainer notes with a variant in every part
(and safety considerations in safety lessons); a formative check at least every 15 minutes, each
with an answer; an "On your phone" part for learners with only a phone; safety considerations
in each part's own words (never copied); no stored outputs; learner prose at reading grade 8 or
below.

    python -m toolkit.course.quality --lang fr lessons/*.ipynb exercises/*.ipynb

measures a translation's learner prose instead, beside the English (toolkit.course.quality_lang).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from toolkit.course import cells
from toolkit.course.errors import LessonFormatError
from toolkit.course.format import ADIDS, REQUIRED, LessonMeta, header_problems

# Shared with the reading level of translations (quality_lang), which reads the same prose.
from toolkit.course.quality_lang import learner_prose, reading_grade
from toolkit.course.quality_lang import main as main_lang

MAX_GRADE = 8.0
MINUTES_PER_CHECK = 15
TRAINER_LABELS = ("Materials", "Preparation", "Timing", "Tips", "Variant")
SAFETY_LABELS = ("Considerations", "Operational safety", "Emotional safety")
# Observable verbs an objective may start with (Bloom-style, plain words).
VERBS = frozenset(
    """
    agree ask block change check choose compare create credit decide describe document explain find
    give identify keep link list log make map name plan post publish quote react recognise recognize
    reply report rewrite say score set share show sign sort spot state tell teach turn use write
    adjust apply build draft edit follow protect read remove review search select spot test update
    """.split()
)

_PART = re.compile(r"^##\s+(" + "|".join(ADIDS) + r")\b[^\n]*\((\d+)\s*min\)\s*$", re.M)
_CHECK = re.compile(r"^###\s+Check\b", re.M)
_PHONE = re.compile(r"^###\s+On your phone\b", re.M | re.I)
# A considerations bullet: "- **Operational safety:** text" (the label is the same everywhere).
_CONSIDERATION = re.compile(r"^\s*[-*]\s+\*\*(Operational|Emotional) safety:?\*\*:?\s*(.+)$", re.M)


@dataclass
class Report:
    """What the checker found in one notebook."""

    path: Path
    kind: str
    problems: list[str] = field(default_factory=list)
    minutes: int = 0
    objectives: int = 0
    checks: int = 0
    grade: float | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        grade = "-" if self.grade is None else f"{self.grade:.1f}"
        head = (
            f"{self.path.name}: {self.minutes} min, {self.objectives} objectives, "
            f"{self.checks} checks, reading grade {grade}"
        )
        return head + "".join(f"\n  - {p}" for p in self.problems)


def check_lesson(path: Path) -> Report:
    nb = nbformat.read(path, as_version=4)
    meta = LessonMeta.read(nb)
    kind = "exercise" if "exercises" in path.parts else meta.kind or "lesson"
    report = Report(path, kind)
    _check_outputs(nb, report)
    if kind == "front-matter":
        return report
    _check_metadata(meta, report, header_problems(nb, path.name))
    report.grade = reading_grade(learner_prose(nb))
    if report.grade > MAX_GRADE:
        report.problems.append(
            f"learner text reads at grade {report.grade:.1f}; keep it at {MAX_GRADE:.0f} or "
            "below: shorter sentences and common words"
        )
    if kind == "exercise":
        _check_exercise(nb, report)
    else:
        _check_parts(nb, meta, report)
    return report


def _check_outputs(nb: Any, report: Report) -> None:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            report.problems.append(
                f"cell {index} has stored outputs; clear them (Edit > Clear Outputs of All Cells)"
            )


def _check_metadata(meta: LessonMeta, report: Report, malformed: list[LessonFormatError]) -> None:
    for key in REQUIRED["lesson"]:
        if not getattr(meta, key):
            report.problems.append(f'metadata["course"]["{key}"] is missing')
            continue
        # Kept in part, such as outcomes [3, "four"]: name what the reading left out.
        field = f'metadata["course"]["{key}"]'
        report.problems += [p.problem for p in malformed if p.problem.startswith(field)]
    report.minutes = meta.minutes or 0
    objectives = meta.objectives
    report.objectives = len(objectives)
    if report.kind == "lesson" and len(objectives) < 2:
        report.problems.append("a lesson needs at least two objectives")
    for objective in objectives:
        first = objective.split()[0].lower().strip(",.:") if objective.split() else ""
        if first not in VERBS:
            report.problems.append(
                f'objective "{objective}" should start with an action verb (Write, Choose, ...)'
            )
    for code in meta.digcomp:
        if not re.match(r"^\d\.\d+\b", code):
            report.problems.append(f'DigComp code "{code}" should look like "2.5 Netiquette"')
    for outcome in meta.outcomes:
        if not 1 <= outcome <= 13:
            report.problems.append(f"outcome {outcome!r} is not one of the guide's outcomes 1-13")
    if report.kind == "lesson" and not meta.glossary:
        report.problems.append('metadata["course"]["glossary"] needs the new terms, defined')


def _check_parts(nb: Any, meta: LessonMeta, report: Report) -> None:
    found: list[tuple[str, int, int]] = []  # (part, minutes, cell index)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cells.is_learner_visible(cell):
            for match in _PART.finditer(cell.source):
                found.append((match.group(1), int(match.group(2)), index))
    names = [name for name, _, _ in found]
    if names != list(ADIDS):
        report.problems.append(
            f"ADIDS parts found {names}; need exactly {list(ADIDS)} as headings like "
            '"## Activity: <name> (10 min)"'
        )
        return
    total = sum(m for _, m, _ in found)
    if total != report.minutes:
        report.problems.append(
            f"the parts add up to {total} minutes but the lesson takes {report.minutes}"
        )
    bounds = [i for _, _, i in found] + [len(nb.cells)]
    for (name, _, start), end in zip(found, bounds[1:], strict=True):
        notes = "\n".join(
            c.source
            for c in nb.cells[start:end]
            if c.cell_type == "markdown" and cells.is_trainer(c)
        )
        missing = [label for label in TRAINER_LABELS if label not in notes]
        if missing:
            report.problems.append(
                f"{name}: trainer notes (a cell tagged trainer) need {', '.join(missing)}"
            )
    if meta.safety:
        notes = "\n".join(c.source for c in nb.cells if cells.is_trainer(c))
        missing = [label for label in SAFETY_LABELS if label not in notes]
        if missing:
            report.problems.append(
                f"safety lesson: trainer notes need a Considerations note with {', '.join(missing)}"
            )
    _check_checks(nb, report)
    _check_phone(nb, report)
    for text in copied(considerations(nb)):
        report.problems.append(
            f'the considerations note "{text[:60]}..." appears more than once; write each '
            "part's considerations in its own words"
        )


def considerations(nb: Any) -> list[str]:
    """The text of every Operational/Emotional safety bullet in the trainer notes."""
    return [
        " ".join(match.group(2).split())
        for cell in nb.cells
        if cell.cell_type == "markdown" and cells.is_trainer(cell)
        for match in _CONSIDERATION.finditer(cell.source)
    ]


def copied(texts: Sequence[str]) -> list[str]:
    """Texts that occur more than once (case and spacing ignored), each named once."""
    seen: set[str] = set()
    twice: list[str] = []
    for text in texts:
        key = text.casefold()
        if key in seen and text not in twice:
            twice.append(text)
        seen.add(key)
    return twice


def _check_phone(nb: Any, report: Report) -> None:
    if not any(
        c.cell_type == "markdown" and cells.is_learner_visible(c) and _PHONE.search(c.source)
        for c in nb.cells
    ):
        report.problems.append(
            'no "### On your phone" part: add one for learners with only a basic Android '
            "phone (what to tap, what to check)"
        )


def _check_checks(nb: Any, report: Report) -> None:
    starts = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and cells.is_learner_visible(c) and _CHECK.search(c.source)
    ]
    report.checks = len(starts)
    needed = max(1, report.minutes // MINUTES_PER_CHECK)
    if len(starts) < needed:
        report.problems.append(
            f"{len(starts)} formative checks for {report.minutes} minutes; add checks "
            f"(### Check N) to reach {needed}, one per {MINUTES_PER_CHECK} minutes"
        )
    for start, end in zip(starts, [*starts[1:], len(nb.cells)], strict=False):
        if not any(cells.is_solution(c) for c in nb.cells[start:end]):
            report.problems.append(f"the check at cell {start} has no answer (a solution cell)")


def _check_exercise(nb: Any, report: Report) -> None:
    tasks = [c for c in nb.cells if cells.is_exercise(c)]
    answers = [c for c in nb.cells if cells.is_solution(c)]
    checks = [c for c in nb.cells if c.cell_type == "code" and "check" in c.source]
    report.checks = len(checks)
    if not tasks:
        report.problems.append(
            "an exercise needs at least one learner task (a cell tagged exercise)"
        )
    if not answers:
        report.problems.append("an exercise needs an answer key (cells tagged solution)")
    if not checks:
        report.problems.append("an exercise needs a check cell that gives feedback")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit.course.quality")
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument(
        "--lang", help="measure a translation's reading level (fr) beside the English one"
    )
    parser.add_argument("--worst", type=int, default=5, help="hardest paragraphs to show")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    paths = args.paths or sorted(Path("lessons").glob("*.ipynb"))
    if args.lang and args.lang != "en":
        return main_lang(paths, args.lang, args.worst)
    failed = 0
    for path in paths:
        try:
            report = check_lesson(path)
        except (OSError, ValueError) as exc:  # missing file, not JSON, not a notebook
            print(
                f"{path}: cannot be read as a notebook ({exc}). Check the path, or open it in "
                "JupyterLab and save it again."
            )
            failed += 1
            continue
        print(report.summary())
        failed += not report.ok
    failed += _report_copies_across(paths)
    print(f"{len(paths) - failed} of {len(paths)} notebooks meet the quality criteria.")
    return 1 if failed else 0


def copied_across(paths: Sequence[Path]) -> list[str]:
    """Considerations bullets that two or more lessons share word for word."""
    texts: list[str] = []
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError):
            continue  # already reported by check_lesson
        texts += dict.fromkeys(considerations(nb))  # repeats inside one lesson: reported there
    return copied(texts)


def _report_copies_across(paths: Sequence[Path]) -> int:
    shared = copied_across(paths)
    for text in shared:
        print(f'considerations copied between lessons: "{text[:70]}..."; reword it in each lesson')
    return 1 if shared else 0


if __name__ == "__main__":
    raise SystemExit(main())
