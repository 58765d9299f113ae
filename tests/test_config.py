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


LESSON = '[[lessons]]\nid = "01-a"\ntitle = "A"\nlesson = "l.ipynb"\n'


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('lessons = 5\n[course]\ntitle = "T"\n', "line 1: 'lessons' must be a list of [[lessons]]"),
        ('[course]\ntitle = "T"\n[lessons]\nid = "a"\n', "line 3: 'lessons' must be a list"),
        ('lessons = [5]\n[course]\ntitle = "T"\n', "line 1: 'lessons' must be a list"),
        (
            "[course]\ntitle = { a = 1 }\n",
            "line 2: [course] needs 'title' as text in quotes, but it is a table",
        ),
        ("[course]\n[course.title]\na = 1\n", "needs 'title' as text in quotes, but it is a table"),
        ("[course]\ntitle = 1979-05-27\n", "line 2: [course] needs 'title' as text"),
        ('[course]\ntitle = "T"\nlicence = 4\n', "line 3: [course] needs 'licence'"),
        ('[course]\ntitle = "T"\nlanguage = "en\\" onload=\\"x"\n', "line 3: [course] language"),
        (
            '[course]\ntitle = "T"\n' + LESSON + 'minutes = "ten"\n',
            "line 7: [[lessons]] #1 has an unknown setting 'minutes'",
        ),
        (
            '[course]\ntitle = "T"\n' + LESSON.replace('"01-a"', "5"),
            "line 4: [[lessons]] #1 needs 'id' as text in quotes, but it is a number (5)",
        ),
        (
            '[course]\ntitle = "T"\n' + LESSON.replace('"A"', "[1]"),
            "line 5: lesson '01-a' needs 'title'",
        ),
        (
            '[course]\ntitle = "T"\n' + LESSON + "exercise = 3\n",
            "line 7: lesson '01-a' needs 'exercise'",
        ),
        (
            '[course]\ntitle = "T"\n' + LESSON.replace("l.ipynb", "l\\u0000.ipynb"),
            "which does not exist",
        ),
        (
            '[course]\ntitle = "T"\n[[front_matter]]\npath = "l.ipynb"\ntitle = true\n',
            "line 5: [[front_matter]] #1 needs 'title'",
        ),
        (
            '[course]\ntitle = "T"\n[[lesson]]\nid = "a"\n',
            "line 3: course.toml has an unknown setting 'lesson'",
        ),
        ("course = 5\n", "line 1: the [course] table is a number (5)"),
    ],
    ids=[
        "lessons-number",
        "lessons-single-table",
        "lessons-list-of-numbers",
        "title-inline-table",
        "title-table",
        "title-date",
        "licence-number",
        "language-markup",
        "minutes-in-course-toml",
        "id-number",
        "lesson-title-list",
        "exercise-number",
        "nul-in-path",
        "front-matter-title-bool",
        "lesson-table-typo",
        "course-number",
    ],
)
def test_bad_value_types_name_the_line_and_the_fix(tmp_path, toml, words):
    (tmp_path / "l.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "course.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(CourseConfigError, match=None) as info:
        load_course(tmp_path / "course.toml")
    assert words in str(info.value)
    assert "Fix: " in str(info.value)


def test_a_file_that_is_not_utf8_says_so(tmp_path):
    (tmp_path / "course.toml").write_bytes(b'[course]\ntitle = "caf\xe9"\n')
    with pytest.raises(CourseConfigError, match="line 2 is not UTF-8 text. Fix: save"):
        load_course(tmp_path / "course.toml")


def test_a_byte_order_mark_is_fine_and_a_folder_means_its_course_toml(tmp_path):
    (tmp_path / "course.toml").write_text('\ufeff[course]\ntitle = "T"\n', encoding="utf-8")
    assert load_course(tmp_path).title == "T"


def test_an_unreadable_file_says_so(tmp_path, monkeypatch):
    (tmp_path / "course.toml").write_text('[course]\ntitle = "T"\n', encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(CourseConfigError, match=r"cannot be read \(Permission denied\)"):
        load_course(tmp_path / "course.toml")
