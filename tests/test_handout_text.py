"""The real course's printed handouts read as text: no run-on cells, no code, no Python reprs.

Every learner handout of the real course is read back with pypdf (the course is built once,
by the session fixture ``real_build`` shared with tests/test_course.py), and so is the trainer
guide: one total time, a title that is not hyphenated, an "at a glance" page per lesson and
an answer key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_course import COURSE

pytestmark = pytest.mark.slow

LEARNER_HANDOUTS = [f"{d.id}-handout.pdf" for d in COURSE.documents() if not d.trainer_only]
LESSONS = [d for d in COURSE.documents() if d.part == "lesson"]

# Two sentences glued together where two cells meet: "children.Here is what...".
RUN_TOGETHER = re.compile(r"[a-z][.!?:][A-Z]")
# Real text that looks like it: addresses and abbreviations.
ALLOWED = re.compile(r"\b(?:https?://|www\.)\S+|\b\w+\.(?:org|com|net)\b\S*|\be\.g\.|\bi\.e\.")
REPR = re.compile(r"<[\w.]+(?: [\w.]+)* object>|object at 0x[0-9a-fA-F]+")
CODE = re.compile(
    r"^\s*(?:forum|practice|q\d?)\.\w+"  # forum.edit(...), practice.post(...)
    r"|^\s*from\s+[\w.]+\s+import\b|^\s*import\s+[\w.]+\s*$"  # imports
    r"|^\s*[A-Za-z_]\w*(?:\[[^\]]*\])?\s*=\s"  # alias = "", log["who"] = ...
    r"|\b[a-z_]\w*\([^()]*\)\s*$"  # a line ending in a call: check_first_post(forum, me)
    r"|^\s*print\("
)


def pdf_lines(path: Path) -> list[str]:
    lines: list[str] = []
    for page in PdfReader(path).pages:
        lines.extend((page.extract_text() or "").splitlines())
    return lines


def problems(lines: list[str]) -> list[str]:
    """Every line that runs two sentences together, prints a repr or prints code."""
    found = []
    for line in lines:
        plain = ALLOWED.sub(" ", line)
        if RUN_TOGETHER.search(plain):
            found.append(f"run-together: {line!r}")
        if REPR.search(line):
            found.append(f"python repr: {line!r}")
        if CODE.search(line):
            found.append(f"code: {line!r}")
    return found


@pytest.mark.parametrize(
    "line",
    [
        "Even with a yes, avoid full names of children.Here is what the check says",
        "The same link passes:The next part",
        "<IPython.core.display.HTML object>",
        "<toolkit.forum.Post object at 0x7f3a2b>",
        'forum.edit(mine, me, body="Your better text here.")',
        'alias = ""  # type an alias',
        "from toolkit.checks import check_first_post",
        "check_first_post(forum, me)",
        'print("When (date):", bad.created_at.date())',
    ],
)
def test_the_checker_catches_each_kind_of_problem(line: str) -> None:
    assert problems([line])


@pytest.mark.parametrize(
    "line",
    [
        "Read the report at www.example.org/bus-report. It says new shelters help.",
        "Use a word list, e.g. the one on the card.",
        "Meet at 10:30 in the hall (bring a pen).",
        "Write here:",
        "from your phone, and to leave a shared computer safely.",
        "(On the computer: run this cell to see the result.)",
    ],
)
def test_the_checker_lets_real_text_through(line: str) -> None:
    assert problems([line]) == []


@pytest.mark.parametrize("name", LEARNER_HANDOUTS)
def test_learner_handout_reads_as_text(real_build: Path, name: str) -> None:
    lines = pdf_lines(real_build / "learner" / name)
    assert lines, name
    assert problems(lines) == []


def test_paper_tasks_have_lines_to_write_on(real_build: Path) -> None:
    text = "\n".join(pdf_lines(real_build / "learner" / "04-first-post-handout.pdf"))
    plan = text.index("Fill in the plan")
    assert "Write here:" in text[plan : plan + 900]  # the lines-8 tag on the paper plan


def _guide(real_build: Path) -> PdfReader:
    return PdfReader(real_build / "trainer" / "trainer-guide.pdf")


def test_guide_total_time_is_the_sites(real_build: Path) -> None:
    site = BeautifulSoup(
        (real_build / "learner" / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text(" ")
    site_total = re.search(r"About (\d+ h \d+ min) of teaching", site)
    title_page = _guide(real_build).pages[0].extract_text()
    guide_total = re.search(r"Total time: (\d+ h \d+ min)", title_page)
    assert site_total
    assert guide_total
    assert guide_total.group(1) == site_total.group(1)


def test_guide_title_is_not_hyphenated(real_build: Path) -> None:
    first = _guide(real_build).pages[0].extract_text()
    assert "\xad" not in first
    assert not any(line.rstrip().endswith("-") for line in first.splitlines())
    assert f"{len(LESSONS)} lessons" in first


def test_guide_prints_no_repr_or_html_source(real_build: Path) -> None:
    text = "\n".join(page.extract_text() or "" for page in _guide(real_build).pages)
    assert not REPR.search(text)
    assert "HTML('<div" not in text


def test_guide_has_a_glance_page_per_lesson_and_an_answer_key(real_build: Path) -> None:
    pages = [page.extract_text() or "" for page in _guide(real_build).pages]
    glances = [i for i, text in enumerate(pages) if "AT A GLANCE" in text]
    assert len(glances) == len(LESSONS)
    for i in glances:
        assert "Total" in pages[i]
        assert "Answer key: page" in pages[i]
    key = [i for i, text in enumerate(pages) if re.search(r"^Answer key$", text, re.M)]
    assert key
    assert key[0] > glances[-1]
