"""The trainer guide's finding aids: the "at a glance" plan and the answer key."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.course.guide import answer_key, glance


def _md(source: str, *tags: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": source}


def _code(source: str, *tags: str) -> dict[str, Any]:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source, "outputs": []}


def _nb(*cells: dict[str, Any]) -> dict[str, Any]:
    return {"metadata": {}, "cells": list(cells)}


LESSON = _nb(
    _md("# Your first post"),
    _md("## Activity: Warm-up (10 min)\n\nSay hello."),
    _md(
        "- **Materials:** Print the persona cards; pens\n- **Preparation:** Charge the laptops",
        "trainer",
    ),
    _md("## Discussion (5 min)\n\nTalk."),
    _md("- **Materials:** Print the persona cards. Sticky notes", "trainer"),
    _md("## Input: Hidden (99 min)", "trainer"),  # a trainer note's heading is no part
)


def test_glance_lists_the_parts_with_their_notes() -> None:
    plan = glance(LESSON)
    assert plan is not None
    assert [(p["part"], p["title"], p["minutes"]) for p in plan["parts"]] == [
        ("Activity", "Warm-up", 10),
        ("Discussion", "", 5),
    ]
    assert plan["parts"][0]["materials"] == ["Print the persona cards", "pens"]
    assert plan["parts"][0]["preparation"] == ["Charge the laptops"]
    assert plan["parts"][1]["materials"] == ["Print the persona cards", "Sticky notes"]
    assert plan["minutes"] == 15


def test_glance_collects_each_printout_once() -> None:
    plan = glance(LESSON)
    assert plan is not None
    assert plan["printouts"] == ["Print the persona cards"]


@pytest.mark.parametrize(
    ("lang", "part", "notes", "printout"),
    [
        (
            "fr",
            "## Activité : Échauffement (10 min)",
            "- **Matériel :** Imprimez les cartes ; stylos\n"
            "- **Préparation :** Chargez les portables",
            "Imprimez les cartes",
        ),
        (
            "ar",
            "## نشاط: تمهيد (10 دقائق)",
            "- **المواد:** خطة منشور مطبوعة؛ أقلام\n- **التحضير:** اشحني الحواسيب",
            "خطة منشور مطبوعة",
        ),
    ],
)
def test_a_translated_lesson_lists_its_printouts(
    lang: str, part: str, notes: str, printout: str
) -> None:
    from toolkit.course.languages import speaking

    nb = _nb(_md(part), _md(notes, "trainer"), _md("- **Materials:** Print the map", "trainer"))
    with speaking(lang):
        plan = glance(nb)
    assert plan is not None
    # A note the translation left in English still counts.
    assert plan["printouts"] == [printout, "Print the map"]
    assert len(plan["parts"][0]["materials"]) == 3


def test_a_notebook_without_parts_has_no_glance() -> None:
    assert glance(_nb(_md("# Exercises"), _md("Write a post.", "exercise"))) is None
    assert glance(_nb(_md("## Activity: Only for trainers (10 min)", "trainer"))) is None


def test_answer_key_puts_each_answer_under_its_check() -> None:
    key = answer_key(
        _nb(
            _md("## Input (10 min)"),
            _md("### Check 1"),
            _md("The **post** starts the thread.", "solution"),
            _md("### Check 2"),
            _code("forum.post(amina, 'Hi', 'Hello all')", "solution"),
        )
    )
    assert [entry["check"] for entry in key] == ["Check 1", "Check 2"]
    assert "post" in key[0]["m"]
    assert key[0]["code"] is None
    assert key[1] == {"check": "Check 2", "m": "", "code": "forum.post(amina, 'Hi', 'Hello all')"}


def test_prose_beats_code_and_two_proses_join() -> None:
    key = answer_key(
        _nb(
            _md("### Check 1"),
            _code("answer = 42", "solution"),
            _md("First part of the answer.", "solution"),
            _md("Second part.", "solution"),
            _code("more_code()", "solution"),  # the prose answer is already there
        )
    )
    assert len(key) == 1
    assert key[0]["code"] is None
    assert "First part" in key[0]["m"]
    assert "Second part" in key[0]["m"]


def test_blank_answers_and_non_answers_are_left_out() -> None:
    key = answer_key(
        _nb(_md("### Check 1"), _md("   ", "solution"), _md("Not an answer."), _code("x = 1"))
    )
    assert key == []
