"""Every lesson and exercise in the repository meets the course guide's quality criteria."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from toolkit.course.quality import check_lesson, copied_across

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    [
        *ROOT.glob("lessons/*.ipynb"),
        *ROOT.glob("lessons/front/*.ipynb"),
        *ROOT.glob("exercises/*.ipynb"),
    ]
)


def _course() -> dict:
    return tomllib.loads((ROOT / "course.toml").read_text("utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_meets_quality_criteria(path: Path) -> None:
    report = check_lesson(path)
    assert report.ok, report.summary()


def test_every_listed_notebook_exists_and_every_notebook_is_listed() -> None:
    course = _course()
    listed: set[Path] = set()
    for entry in course.get("lessons", []):
        for key in ("lesson", "exercise"):
            if key in entry:
                path = ROOT / entry[key]
                assert path.exists(), f"course.toml lists {entry[key]}, which does not exist"
                listed.add(path)
    for entry in course.get("front_matter", []):
        listed.add(ROOT / entry["path"])
    unlisted = [str(p.relative_to(ROOT)) for p in NOTEBOOKS if p not in listed]
    assert not unlisted, f"add these to course.toml: {unlisted}"


def test_lesson_ids_and_files_match() -> None:
    for entry in _course().get("lessons", []):
        assert Path(entry["lesson"]).stem == entry["id"]
        if "exercise" in entry:
            assert Path(entry["exercise"]).stem == entry["id"]


def test_no_lesson_copies_another_lessons_considerations() -> None:
    lessons = sorted(ROOT.glob("lessons/*.ipynb"))
    assert copied_across(lessons) == []
