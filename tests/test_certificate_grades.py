"""Certifying against the grader's results: matched by notebook path or handle, reasons why not."""

from __future__ import annotations

import pytest

from toolkit.course.certificate_grades import certified, check_grades
from toolkit.course.certificate_names import Learner
from toolkit.course.errors import CertificateError


def grade_entry(notebook: str, passed: bool, **extra: object) -> dict[str, object]:
    return {
        "notebook": notebook,
        "passed": passed,
        "checks_passed": 1 if passed else 0,
        "checks_total": 1,
        "stopped": None,
        "error": None,
        "checks": [],
        **extra,
    }


GRADES = {
    "passed": False,
    "notebooks": [
        grade_entry("/home/trainer/subs/amina/04-first-post.ipynb", True),
        grade_entry("/home/trainer/subs/ben/04-first-post.ipynb", False),
        grade_entry("/home/trainer/subs/chen/04-first-post.ipynb", True),
        grade_entry("/home/trainer/subs/chen/05-replying.ipynb", False),
        grade_entry("elsewhere/dara.ipynb", True, handle="dara_s"),
    ],
}


def test_certified_keeps_only_learners_whose_notebooks_all_passed() -> None:
    learners = [
        Learner("Amina", notebooks=("subs/amina/04-first-post.ipynb",)),
        Learner("Ben", notebooks=("subs/ben/04-first-post.ipynb",)),
        Learner(
            "Chen",
            notebooks=("subs/chen/04-first-post.ipynb", "subs/chen/05-replying.ipynb"),
        ),
        Learner("Dara", handle="Dara_S"),  # matched by the handle the grader JSON carries
        Learner("Esi"),  # no grader result at all
        Learner("Fay", notebooks=("subs/fay/04-first-post.ipynb",)),  # not graded yet
    ]
    assert [x.name for x in certified(learners, GRADES)] == ["Amina", "Dara"]
    result = check_grades(learners, GRADES)
    left_out = {n.learner.name: n.reason for n in result.not_certified}
    assert list(left_out) == ["Ben", "Chen", "Esi", "Fay"]
    assert "not finished yet" in left_out["Ben"]
    assert "0 of 1 checks passed" in left_out["Ben"]
    assert "05-replying.ipynb" in left_out["Chen"]
    assert "no grader result" in left_out["Esi"]
    assert "subs/fay/04-first-post.ipynb" in left_out["Fay"]
    assert "Esi" in str(result.not_certified[2])


def test_certified_lists_the_passed_lessons() -> None:
    [amina] = certified([Learner("Amina", notebooks=("amina/04-first-post.ipynb",))], GRADES)
    # The title is course.toml's, for the lesson the file name names (old grader results).
    assert amina.lessons == ("Your first post",)


def test_no_grades_certifies_everyone() -> None:
    learners = [Learner("Amina"), Learner("Ben")]
    assert certified(learners, None) == learners


def test_an_ambiguous_file_name_is_not_a_match() -> None:
    # Both Amina's and Ben's notebooks are called 04-first-post.ipynb: the bare name is unsafe.
    [left] = check_grades([Learner("X", notebooks=("04-first-post.ipynb",))], GRADES).not_certified
    assert "no grader result" in left.reason


def test_grades_as_a_bare_list_and_bad_shapes() -> None:
    entries = GRADES["notebooks"]
    learners = [Learner("Amina", notebooks=("subs/amina/04-first-post.ipynb",))]
    assert [x.name for x in certified(learners, entries)] == ["Amina"]
    for bad in ({"notebooks": "x"}, [{"passed": True}], 3, {"nothing": []}):
        with pytest.raises(CertificateError, match="toolkit.grade --json"):
            certified(learners, bad)
