"""The table of outputs: what each notebook and the course make, in manifest order."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.course import steps as S
from toolkit.course.config import Document
from toolkit.course.format import AUDIENCES
from toolkit.course.manifest import KINDS
from toolkit.course.outputs import (
    CARD_PACK,
    COURSE_OUTPUTS,
    DOCUMENT_OUTPUTS,
    TRAINER_GUIDE,
    course_entries,
    outputs_for,
    write_kit,
)

DOCS = {
    "lesson": Document("01-a", "01-a", "lesson", "A", Path("a.ipynb")),
    "exercise": Document("01-a-exercise", "01-a", "exercise", "A", Path("e.ipynb")),
    "front-matter": Document("front-x", "front-x", "front-matter", "X", Path("x.ipynb")),
}
EXPECTED = {
    ("lesson", True): [
        "learner/01-a.html",
        "learner/01-a.ipynb",
        "learner/01-a-handout.pdf",
        "learner/01-a-takehome.pdf",
        "trainer/01-a.html",
        "trainer/01-a.ipynb",
    ],
    ("lesson", False): [
        "learner/01-a.html",
        "learner/01-a.ipynb",
        "trainer/01-a.html",
        "trainer/01-a.ipynb",
    ],
    ("exercise", True): [
        "learner/01-a-exercise.html",
        "learner/01-a-exercise.ipynb",
        "learner/01-a-exercise-handout.pdf",
        "trainer/01-a-exercise.html",
        "trainer/01-a-exercise.ipynb",
    ],
    ("front-matter", True): [
        "trainer/front-x.html",
        "trainer/front-x.ipynb",
        "trainer/front/front-x.pdf",
    ],
    ("front-matter", False): ["trainer/front-x.html", "trainer/front-x.ipynb"],
}


@pytest.mark.parametrize(("part", "pdf"), list(EXPECTED), ids=lambda v: str(v))
def test_each_part_makes_the_rows_whose_condition_holds(part, pdf):
    doc = DOCS[part]
    entries = outputs_for(doc, pdf=pdf)
    assert [e.path for e in entries] == EXPECTED[(part, pdf)]
    assert {e.lesson for e in entries} == {doc.lesson}
    for e in entries:
        assert e.audience == e.path.split("/")[0]
        assert e.kind == {"html": "html", "ipynb": "notebook", "pdf": "pdf"}[e.path.split(".")[-1]]


def test_every_learner_row_removes_the_answers_first():
    for row in DOCUMENT_OUTPUTS:
        assert row.audience in AUDIENCES
        assert row.kind in KINDS
        if row.audience == "learner" or row.writer is write_kit:
            # A kit page sits in the trainer's folder but is copied for learners.
            assert row.steps[0] is S.remove_trainer_cells, row.pattern
        else:
            assert S.remove_trainer_cells not in row.steps, row.pattern


def test_the_course_outputs_list_the_guide_and_card_pack_only_when_made():
    hub = {"learner/hub-links.html", "trainer/hub-links.pdf"}
    pages = [e.path for e in course_entries(pdf=False, made=lambda rel: rel not in hub)]
    assert pages == [
        "learner/index.html",
        "trainer/index.html",
        "learner/glossary.html",
        "trainer/glossary.html",
    ]
    with_guide = course_entries(pdf=True, made=lambda rel: rel not in hub)
    assert [e.path for e in with_guide] == [*pages, TRAINER_GUIDE, CARD_PACK]
    assert TRAINER_GUIDE == "trainer/trainer-guide.pdf"
    assert CARD_PACK == "trainer/card-pack.pdf"
    assert {e.lesson for e in with_guide[-2:]} == {None}
    assert [e.path for e in course_entries(pdf=True, made=lambda _: False)] == pages
    only_guide = course_entries(pdf=True, made=lambda rel: rel == TRAINER_GUIDE)
    assert [e.path for e in only_guide] == [*pages, TRAINER_GUIDE]
    assert {o.made_by for o in COURSE_OUTPUTS} == {"outline", "guide", "hub"}


def test_the_hub_links_are_listed_only_when_made_the_sheet_only_with_pdfs():
    everything = [e.path for e in course_entries(pdf=True, made=lambda _: True)]
    assert everything[-2:] == ["learner/hub-links.html", "trainer/hub-links.pdf"]
    no_pdf = [e.path for e in course_entries(pdf=False, made=lambda _: True)]
    assert no_pdf[-1] == "learner/hub-links.html"
    assert "trainer/hub-links.pdf" not in no_pdf
    assert {o.path for o in COURSE_OUTPUTS if o.made_by == "hub"} == {
        "learner/hub-links.html",
        "trainer/hub-links.pdf",
    }
