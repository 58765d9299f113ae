"""The trainer's kit (front matter): the pages agree with each other, the course and the lessons."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
FRONT = ROOT / "lessons" / "front"
SCALE = ("Not yet", "A little", "Mostly", "Yes")


def _course() -> dict:
    return tomllib.loads((ROOT / "course.toml").read_text("utf-8"))


def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(FRONT / f"{name}.ipynb", as_version=4)


def _section(nb: nbformat.NotebookNode, heading: str) -> str:
    """The one markdown cell that holds this heading (a whole line)."""
    found = [
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and re.search(rf"^{re.escape(heading)}\s*$", c.source, re.M)
    ]
    assert len(found) == 1, f"expected one cell with {heading!r}, found {len(found)}"
    return found[0]


def _table_rows(markdown: str) -> list[list[str]]:
    """The cells of every Markdown table row, header and separator rows left out."""
    rows = []
    for line in markdown.splitlines():
        line = line.strip()
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _numbered(rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if row[0].isdigit()]


def _statements(sheet: str) -> list[str]:
    rows = _numbered(_table_rows(sheet))
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)), "numbered 1, 2, 3..."
    for row in rows:
        assert row[2:] == ["[ ]"] * len(SCALE), f"statement {row[0]}: one tick box per answer"
    return [row[1] for row in rows]


def test_the_self_assessment_asks_the_same_ten_statements_at_the_start_and_the_end() -> None:
    nb = _notebook("self-assessment")
    start = _section(nb, "## My sheet: at the start")
    end = _section(nb, "## My sheet: at the end")
    before, after = _statements(start), _statements(end)
    assert len(before) == 10
    assert len(set(before)) == 10, "no statement twice"
    assert after == before
    for sheet in (start, end):
        header = _table_rows(sheet)[0]
        assert tuple(header[2:]) == SCALE
        # A code she picks, never her name.
        assert "Do **not** write your name" in sheet
        assert "My secret code:" in sheet


def test_the_self_assessment_tally_has_a_row_for_each_statement() -> None:
    nb = _notebook("self-assessment")
    statements = _statements(_section(nb, "## My sheet: at the start"))
    tally = _section(nb, "## Trainer page 2: count the change (do not copy this page for learners)")
    numbered = _numbered(_table_rows(tally))
    # Start counts, end counts, the change, the outcomes: each numbered 1..10 once.
    assert [int(r[0]) for r in numbered] == list(range(1, len(statements) + 1)) * 4


def test_the_blank_risk_plan_asks_the_questions_of_the_example() -> None:
    nb = _notebook("risk-plan")
    example = _table_rows(_section(nb, "## An example: Amina's plan"))
    asked = [row[1].strip("*") for row in _numbered(example)]
    blank = [
        m.group(1)
        for c in nb.cells
        if "lines-4" in c.metadata.get("tags", [])
        and (m := re.match(r"\*\*\d\. (.+?)\*\*", c.source))
    ]
    assert len(asked) == 5
    assert blank == asked
    # Her plan is never handed in: the page says so to the learner, not only in the notes.
    intro = nb.cells[0].source
    assert "You keep it." in intro
    assert "never hand it in" in intro


@pytest.mark.parametrize("entry", _course()["front_matter"], ids=lambda e: e["id"])
def test_every_front_matter_entry_is_a_front_matter_notebook(entry: dict) -> None:
    path = ROOT / entry["path"]
    assert path.exists(), f"course.toml lists {entry['path']}, which does not exist"
    meta = nbformat.read(path, as_version=4).metadata["course"]
    assert meta["kind"] == "front-matter"
    assert meta["id"] == entry["id"]
    assert meta.get("title")


def test_running_the_workshop_gives_each_lessons_teaching_and_exercise_minutes() -> None:
    nb = _notebook("running-the-workshop")
    timing = _numbered(
        _table_rows(_section(nb, "## 3. Timing: the whole course and three schedules"))
    )
    exercise = _numbered(
        _table_rows(_section(nb, "## 11. Exercise time: where the exercise notebooks fit"))
    )
    lessons = _course()["lessons"]
    assert len(exercise) == len(lessons)
    for number, entry in enumerate(lessons, start=1):
        minutes = nbformat.read(ROOT / entry["lesson"], as_version=4).metadata["course"]["minutes"]
        row = exercise[number - 1]
        assert row[0] == str(number)
        assert row[1] == entry["title"]
        expected = f"{minutes['teaching']} + {minutes['exercises']}"
        assert row[2] == expected, f"lesson {number}: the table says {row[2]}, not {expected}"
        assert len(row) == 5
        assert all(row[3:]), f"lesson {number}: say where the exercise fits and for phones"
        # Section 3's running timetable counts the same lesson time.
        assert int(timing[number - 1][2]) == minutes["teaching"] + minutes["exercises"]


def test_the_kit_files_named_in_running_the_workshop_are_in_the_course() -> None:
    kit = _section(_notebook("running-the-workshop"), "## 12. The trainer's kit")
    named = set(re.findall(r"`front/(front-[a-z0-9-]+)\.pdf`", kit))
    listed = {entry["id"] for entry in _course()["front_matter"]}
    assert len(named) >= 5
    assert named <= listed, f"not in course.toml: {sorted(named - listed)}"


def _agreement_points(text: str) -> list[str]:
    """The bold starter points ("1. **What is said here stays here.** ...") of an agreement."""
    return [" ".join(m.split()) for m in re.findall(r"(?m)^\d+\.\s+\*\*(.+?)\*\*", text)]


def test_lesson_one_and_the_printed_sheet_share_one_agreement() -> None:
    lesson = nbformat.read(ROOT / "lessons" / "01-welcome.ipynb", as_version=4)
    sheet = _notebook("group-agreement")
    in_lesson = [p for c in lesson.cells for p in _agreement_points(c.source)]
    on_sheet = [p for c in sheet.cells for p in _agreement_points(c.source)]
    assert len(on_sheet) >= 9
    assert in_lesson == on_sheet


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_each_translation_keeps_one_agreement(lang: str) -> None:
    # Two translators wrote lesson 1 and the sheet: the learners must read the same points.
    from toolkit.course import l10n

    def points(path: Path) -> list[str]:
        nb = nbformat.read(path, as_version=4)
        translated, _coverage = l10n.translate(nb, l10n.load(lang, path), lang)
        return [p for c in translated.cells for p in _agreement_points(c.source)]

    in_lesson = points(ROOT / "lessons" / "01-welcome.ipynb")
    on_sheet = points(ROOT / "lessons" / "front" / "group-agreement.ipynb")
    assert len(on_sheet) >= 9
    assert in_lesson == on_sheet
