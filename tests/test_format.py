"""The lesson format: the metadata["course"] header read once, typed, with plain errors."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from toolkit.course.errors import CourseError, LessonFormatError
from toolkit.course.format import (
    AUDIENCES,
    REQUIRED,
    LessonMeta,
    header_problems,
    lesson_title,
    paper,
    typst_paper,
)

FIXTURE = Path(__file__).parent / "fixtures" / "lessons" / "01-basics.ipynb"

HEADER: dict[str, Any] = {
    "id": "04-first-post",
    "title": "Your first post",
    "minutes": {"teaching": 45, "exercises": 15},
    "questions": ["How do I start a talk?"],
    "objectives": ["Write a post with a clear title.", "Choose words that are kind."],
    "keypoints": ["A post starts a thread."],
    "digcomp": ["2.1 Interacting", "2.5 Netiquette"],
    "outcomes": [4, 7],
    "glossary": {"thread": "A post and its comments.", "alias": "A name you choose."},
    "safety": True,
}


def _nb(header: Any = None, cells: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    metadata = {} if header is None else {"course": header}
    return {"metadata": metadata, "cells": cells or [], "nbformat": 4, "nbformat_minor": 5}


def _md(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def test_a_valid_header_becomes_typed_fields() -> None:
    meta = LessonMeta.from_notebook(_nb(HEADER), "04-first-post")
    assert meta.title == "Your first post"
    assert meta.id == "04-first-post"
    assert meta.minutes == 60
    assert meta.minutes_parts == (("teaching", 45), ("exercises", 15))
    assert meta.objectives == tuple(HEADER["objectives"])
    assert meta.questions == ("How do I start a talk?",)
    assert meta.keypoints == ("A post starts a thread.",)
    assert meta.digcomp == ("2.1 Interacting", "2.5 Netiquette")
    assert meta.outcomes == (4, 7)
    # Written order is kept; sorting is the printer's choice.
    assert meta.glossary == (
        ("thread", "A post and its comments."),
        ("alias", "A name you choose."),
    )
    assert meta.safety is True
    assert meta.kind is None


def test_a_plain_total_has_no_parts() -> None:
    meta = LessonMeta.from_notebook(_nb({**HEADER, "minutes": 30}), "x")
    assert (meta.minutes, meta.minutes_parts) == (30, ())


def test_the_fixture_lesson_reads() -> None:
    nb = json.loads(FIXTURE.read_text(encoding="utf-8"))
    meta = LessonMeta.from_notebook(nb, "01-basics")
    assert meta.title == nb["metadata"]["course"]["title"]
    assert meta.minutes == nb["metadata"]["course"]["minutes"]


def test_the_meta_is_frozen() -> None:
    meta = LessonMeta.from_notebook(_nb(HEADER), "x")
    with pytest.raises(AttributeError):
        meta.title = "Other"  # type: ignore[misc]


def test_no_header_is_one_plain_error() -> None:
    with pytest.raises(LessonFormatError) as info:
        LessonMeta.from_notebook(_nb(), "03-passwords")
    err = info.value
    assert isinstance(err, CourseError)
    assert isinstance(err, ValueError)
    assert err.lesson == "03-passwords"
    assert err.cell_index is None
    assert 'no metadata["course"] table' in err.problem
    assert "docs/AUTHORING.md" in err.fix
    assert str(err).startswith("03-passwords: ")


@pytest.mark.parametrize(
    ("key", "bad", "said"),
    [
        ("title", None, "is missing"),
        ("title", "   ", "is not valid"),
        ("title", 7, "is not valid"),
        ("minutes", None, "is missing"),
        ("minutes", 0, "is not valid"),
        ("minutes", "60", "is not valid"),
        ("minutes", True, "is not valid"),
        ("minutes", {"teaching": 45, "exercises": 0}, "is not valid"),
        ("minutes", {}, "is not valid"),
        ("questions", [], "is not valid"),
        ("objectives", "Write a post.", "is not valid"),
        ("keypoints", ["ok", ""], "is not valid"),
        ("digcomp", [2.5], "is not valid"),
        ("outcomes", ["4"], "is not valid"),
        ("outcomes", [True], "is not valid"),
    ],
)
def test_each_bad_field_is_named_with_its_fix(key: str, bad: Any, said: str) -> None:
    header = copy.deepcopy(HEADER)
    if bad is None:
        del header[key]
    else:
        header[key] = bad
    with pytest.raises(LessonFormatError) as info:
        LessonMeta.from_notebook(_nb(header), "04-first-post")
    err = info.value
    assert err.lesson == "04-first-post"
    written = "" if bad is None else f" = {bad!r}"
    assert err.problem == f'metadata["course"]["{key}"]{written} {said}'
    assert f'set metadata["course"]["{key}"] = ' in err.fix


def test_the_lesson_name_defaults_to_the_header_id() -> None:
    header = {k: v for k, v in HEADER.items() if k != "questions"}
    with pytest.raises(LessonFormatError, match=r"^04-first-post: .*questions"):
        LessonMeta.from_notebook(_nb(header))


def test_the_part_decides_what_is_required() -> None:
    exercise = {"title": "Exercises", "minutes": 15}
    assert LessonMeta.from_notebook(_nb(exercise), "e", part="exercise").minutes == 15
    assert LessonMeta.from_notebook(_nb({"title": "Personas"}), "f", part="front-matter").title
    with pytest.raises(LessonFormatError, match="questions"):
        LessonMeta.from_notebook(_nb(exercise), "e", part="lesson")
    with pytest.raises(LessonFormatError, match="minutes"):
        LessonMeta.from_notebook(_nb({"title": "Exercises"}), "e", part="exercise")


def test_header_problems_lists_every_problem_in_field_order() -> None:
    problems = header_problems(_nb({"title": "Only a title"}), "x", "lesson")
    fields = [p.problem.split('"]["')[1].split('"')[0] for p in problems]
    assert fields == [k for k in REQUIRED["lesson"] if k != "title"]
    assert header_problems(_nb(HEADER), "x", "lesson") == []


@pytest.mark.parametrize(
    "header", [None, [], "title", {"title": 5, "minutes": "60", "objectives": {"a": 1}}]
)
def test_read_never_raises_on_a_malformed_header(header: Any) -> None:
    meta = LessonMeta.read(_nb(header))
    assert meta.minutes is None
    assert meta.objectives == ()


def test_read_keeps_what_it_can() -> None:
    header = {
        "title": "T",
        "minutes": {"teaching": 40.0, "note": "about an hour"},
        "objectives": "Write one post.",  # one text stands for a list of one
        "outcomes": [3, "four", False, 5],
        "glossary": ["not", "a", "mapping"],
        "kind": "front-matter",
        "lang": "fr",
    }
    meta = LessonMeta.read(_nb(header))
    assert (meta.minutes, meta.minutes_parts) == (40, (("teaching", 40),))
    assert meta.objectives == ("Write one post.",)
    assert meta.outcomes == (3, 5)
    assert meta.glossary == ()
    assert (meta.kind, meta.lang) == ("front-matter", "fr")


def test_zero_minutes_are_written_not_missing() -> None:
    assert LessonMeta.read(_nb({"minutes": 0})).minutes == 0
    assert LessonMeta.read(_nb({})).minutes is None


def test_lesson_title_falls_back_to_the_first_heading() -> None:
    assert lesson_title(_nb(HEADER, [_md("# Something else")])) == "Your first post"
    cells = [_md("Intro text"), _md("Some words\n## Posting, step by step ##\n")]
    assert lesson_title(_nb(None, cells)) == "Posting, step by step"
    assert lesson_title({"metadata": {"title": "Saved title"}, "cells": []}) == "Saved title"
    assert lesson_title(_nb({"title": ""}, [_md("### Too deep")])) == "Lesson"


@pytest.mark.parametrize(
    ("written", "name", "typst"),
    [
        ("a4", "a4", "a4"),
        (" A4 ", "a4", "a4"),
        ("letter", "letter", "us-letter"),
        ("Letter", "letter", "us-letter"),
        ("us-letter", "letter", "us-letter"),
        ("US Letter", "letter", "us-letter"),
        ("usletter", "letter", "us-letter"),
    ],
)
def test_paper_spellings(written: str, name: str, typst: str) -> None:
    assert paper(written) == name
    assert typst_paper(written) == typst
    # The Typst name reads back as the same paper: the handout accepts what the build passes.
    assert typst_paper(typst) == typst


@pytest.mark.parametrize("written", ["a5", "tabloid", "", "a 5"])
def test_unknown_paper_is_none(written: str) -> None:
    assert paper(written) is None
    assert typst_paper(written) is None


def test_audiences_match_the_manifest_and_the_site() -> None:
    from toolkit.course.manifest import AUDIENCES as MANIFEST_AUDIENCES
    from toolkit.course.site import EDITIONS

    assert AUDIENCES == MANIFEST_AUDIENCES
    assert tuple(EDITIONS) == AUDIENCES


def test_the_module_does_not_import_nbformat() -> None:
    # The build's parent process reads headers through it and must stay light.
    code = "import sys, toolkit.course.format; print('nbformat' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
