"""The lesson checker finds each kind of problem, and passes a lesson that meets the template."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course.quality import check_lesson, copied_across, main, reading_grade

PARTS = [("Activity", 10), ("Discussion", 10), ("Input", 10), ("Deepening", 20), ("Synthesis", 10)]
NOTES = (
    "**Trainer notes**\n- **Materials:** paper\n- **Preparation:** none\n- **Timing:** 10 min\n"
    "- **Tips:** go slow\n- **Variant (offline room or shared device):** use paper"
)
SAFETY = (
    "**Considerations**\n- **Operational safety:** no real names\n"
    "- **Emotional safety:** no stories"
)


def _tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def make_lesson(**changes) -> nbformat.NotebookNode:
    meta = {
        "id": "99-test",
        "title": "A test lesson",
        "minutes": {"teaching": 45, "exercises": 15},
        "questions": ["How do I post?"],
        "objectives": ["Write a short post.", "Check a post for safety."],
        "keypoints": ["Be kind.", "Stay safe."],
        "digcomp": ["2.5 Netiquette"],
        "outcomes": [4],
        "safety": True,
        "glossary": {"post": "A message that starts a talk."},
    }
    meta.update(changes.pop("meta", {}))
    cells = [new_markdown_cell("# Lesson 99: A test lesson\n\nWe will write a post. It is fun.")]
    parts = changes.pop("parts", PARTS)
    for n, (name, minutes) in enumerate(parts):
        cells.append(
            new_markdown_cell(f"## {name}: Part {n} ({minutes} min)\n\nDo the task. Ask for help.")
        )
        cells.append(_tagged(new_markdown_cell(NOTES), "trainer"))
        cells.append(new_markdown_cell(f"### Check {n + 1}: A question\n\nPick one answer."))
        cells.append(_tagged(new_code_cell("q.check('B')"), "solution"))
    if changes.pop("phone", True):
        cells.insert(3, new_markdown_cell("### On your phone\n\nOpen **Settings**. Look."))
    if changes.pop("safety_note", True):
        cells.append(_tagged(new_markdown_cell(SAFETY), "trainer"))
    nb = new_notebook(cells=cells, metadata={"course": meta})
    return nb


def run(tmp_path: Path, nb: nbformat.NotebookNode, folder: str = "lessons"):
    path = tmp_path / folder / "99-test.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return check_lesson(path)


def test_a_complete_lesson_passes(tmp_path: Path) -> None:
    report = run(tmp_path, make_lesson())
    assert report.ok, report.summary()
    assert (report.minutes, report.objectives, report.checks) == (60, 2, 5)


def _stored_output(nb):
    nb.cells[-2].outputs = [nbformat.v4.new_output("stream", text="hi")]
    return nb


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(lambda: make_lesson(meta={"glossary": {}}), "glossary", id="no-glossary"),
        pytest.param(
            lambda: make_lesson(meta={"objectives": ["Posts"]}),
            "two objectives",
            id="one-objective",
        ),
        pytest.param(
            lambda: make_lesson(meta={"objectives": ["Posting online.", "Safety."]}),
            "action verb",
            id="objective-not-a-verb",
        ),
        pytest.param(
            lambda: make_lesson(meta={"title": ""}), '["title"] is missing', id="no-title"
        ),
        pytest.param(lambda: make_lesson(meta={"outcomes": [14]}), "outcome 14", id="bad-outcome"),
        pytest.param(
            lambda: make_lesson(meta={"outcomes": [3, "four"]}),
            """metadata["course"]["outcomes"] = [3, 'four'] is not valid""",
            id="outcome-not-a-number",
        ),
        pytest.param(
            lambda: make_lesson(parts=PARTS[:4]), "ADIDS parts found", id="missing-synthesis"
        ),
        pytest.param(
            lambda: make_lesson(parts=[*PARTS[:4], ("Synthesis", 20)]),
            "add up to 70 minutes",
            id="minutes-do-not-add-up",
        ),
        pytest.param(
            lambda: make_lesson(safety_note=False), "Considerations", id="no-considerations"
        ),
        pytest.param(lambda: _stored_output(make_lesson()), "stored outputs", id="stored-output"),
    ],
)
def test_each_problem_is_named(tmp_path: Path, change, expected: str) -> None:
    report = run(tmp_path, change())
    assert not report.ok
    assert any(expected in p for p in report.problems), report.problems


def test_missing_trainer_variant_is_named_per_part(tmp_path: Path) -> None:
    nb = make_lesson()
    nb.cells[2].source = "**Trainer notes**\n- **Materials:** paper"
    report = run(tmp_path, nb)
    assert any(p.startswith("Activity: trainer notes") and "Variant" in p for p in report.problems)


def test_too_few_checks(tmp_path: Path) -> None:
    nb = make_lesson()
    nb.cells = [c for c in nb.cells if "### Check" not in c.source]
    report = run(tmp_path, nb)
    assert any("formative checks" in p for p in report.problems)


def test_hard_prose_fails_the_reading_grade(tmp_path: Path) -> None:
    nb = make_lesson()
    nb.cells[0].source = "# Lesson\n\n" + 8 * (
        "Notwithstanding considerable institutional heterogeneity, participatory "
        "communicative infrastructures necessitate comprehensive epistemological deliberation "
        "regarding authenticity, accountability and representational legitimacy. "
    )
    report = run(tmp_path, nb)
    assert any("reads at grade" in p for p in report.problems)


def test_trainer_text_does_not_count_toward_the_grade() -> None:
    easy = "We post. We read. We help."
    assert reading_grade(easy) < 3


def test_exercise_needs_task_answer_and_check(tmp_path: Path) -> None:
    nb = new_notebook(
        cells=[new_markdown_cell("# Exercise\n\nWrite a post.")],
        metadata={
            "course": {
                "title": "Ex",
                "minutes": 15,
                "questions": ["q"],
                "objectives": ["Write a post."],
                "keypoints": ["k"],
                "digcomp": ["2.5 Netiquette"],
                "outcomes": [4],
            }
        },
    )
    report = run(tmp_path, nb, folder="exercises")
    assert {"learner task", "answer key", "check cell"} <= {
        word
        for p in report.problems
        for word in ("learner task", "answer key", "check cell")
        if word in p
    }


def test_cli_reports_an_unreadable_notebook_plainly(tmp_path: Path, capsys) -> None:
    from toolkit.course.quality import main

    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    assert main([str(broken), str(tmp_path / "missing.ipynb")]) == 1
    out = capsys.readouterr().out
    assert out.count("cannot be read as a notebook") == 2
    assert "Traceback" not in out


def test_a_lesson_without_a_phone_part_is_named(tmp_path: Path) -> None:
    report = run(tmp_path, make_lesson(phone=False))
    assert any("On your phone" in p for p in report.problems), report.summary()


def test_a_phone_heading_only_the_trainer_sees_does_not_count(tmp_path: Path) -> None:
    nb = make_lesson(phone=False)
    nb.cells.append(_tagged(new_markdown_cell("### On your phone\n\nTap."), "trainer"))
    assert any("On your phone" in p for p in run(tmp_path, nb).problems)


def test_considerations_copied_between_parts_are_named(tmp_path: Path) -> None:
    nb = make_lesson()
    copy = SAFETY.replace("no real names", "No  real names")  # spacing and case do not hide it
    nb.cells.insert(4, _tagged(new_markdown_cell(copy), "trainer"))
    report = run(tmp_path, nb)
    named = [p for p in report.problems if "more than once" in p]
    assert [p.split('"')[1] for p in named] == ["no real names...", "no stories..."]
    assert named[0].endswith("write each part's considerations in its own words")


def test_considerations_copied_between_lessons_fail_the_cli(tmp_path: Path, capsys) -> None:
    first = tmp_path / "lessons" / "98-a.ipynb"
    second = tmp_path / "lessons" / "99-b.ipynb"
    first.parent.mkdir(parents=True)
    nbformat.write(make_lesson(), first)
    nbformat.write(make_lesson(), second)
    assert copied_across([first, second]) == ["no real names", "no stories"]
    assert main([str(first), str(second)]) == 1
    assert "considerations copied between lessons" in capsys.readouterr().out
    nbformat.write(make_lesson(), second)
    other = make_lesson()
    other.cells[-1].source = SAFETY.replace("no real names", "use made-up names").replace(
        "no stories", "never ask for stories"
    )
    nbformat.write(other, second)
    assert copied_across([first, second]) == []
