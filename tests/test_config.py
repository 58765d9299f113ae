"""course.toml into typed dataclasses."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.course.config import load_course
from toolkit.course.errors import CourseConfigError

FIXTURES = Path(__file__).parent / "fixtures"


def test_fixture_course():
    course = load_course(FIXTURES / "course.toml")
    assert course.title == "Fixture Course"
    assert course.lesson_ids() == ["01-basics", "02-forum"]
    docs = course.documents()
    assert [d.id for d in docs] == ["00-personas", "01-basics", "02-forum"]
    assert docs[0].trainer_only
    assert not docs[1].trainer_only
    assert all(d.path.is_absolute() and d.path.is_file() for d in docs)


def test_exercise_documents(tmp_path):
    (tmp_path / "l.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "e.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "course.toml").write_text(
        '[course]\ntitle = "T"\n[[lessons]]\nid = "01-a"\ntitle = "A"\n'
        'lesson = "l.ipynb"\nexercise = "e.ipynb"\n',
        encoding="utf-8",
    )
    docs = load_course(tmp_path / "course.toml").documents()
    assert [(d.id, d.lesson, d.part) for d in docs] == [
        ("01-a", "01-a", "lesson"),
        ("01-a-exercise", "01-a", "exercise"),
    ]


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("", "[course]"),
        (
            '[course]\ntitle = "T"\n[[lessons]]\nid = "Bad Id"\ntitle = "x"\nlesson = "l.ipynb"',
            "lower-case",
        ),
        (
            '[course]\ntitle = "T"\n[[lessons]]\nid = "a"\ntitle = "x"\nlesson = "missing.ipynb"',
            "does not exist",
        ),
        ('[course]\ntitle = "T"\n[[lessons]]\nid = "a"\nlesson = "l.ipynb"', "'title'"),
        ("[course\n", "not valid TOML"),
    ],
    ids=["no-course-table", "bad-id", "missing-file", "no-title", "syntax"],
)
def test_errors_say_what_to_fix(tmp_path, toml, words):
    (tmp_path / "l.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "course.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(CourseConfigError, match=None) as info:
        load_course(tmp_path / "course.toml")
    assert words in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(CourseConfigError, match="not found"):
        load_course(tmp_path / "course.toml")
