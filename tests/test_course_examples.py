"""The course's own examples follow its rules: no model answer, sample post or signature gives
away a home, a routine, a workplace, a child's school or a phone number (issue 11, part 6).

Walked: every string in a ``solution`` code cell, every ``solution`` markdown answer, every post,
comment and signature of the sample community, and the public scenario posts. Only drafts a
lesson shows on purpose as unsafe are let through: cells tagged ``risky-example`` and the
sample comments listed in ``sample.RISKY_ON_PURPOSE``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.course import cells
from toolkit.forum.model import Comment, Post
from toolkit.forum.sample import MEMBERS, RISKY_ON_PURPOSE, sample_forum
from toolkit.forum.scenarios import ABUSIVE_AUTHOR, CLAIMS, PHISHING_SENDERS, claims_feed
from toolkit.forum.service import Forum
from toolkit.safety.risks import find_risks

_PROSE = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}")
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("lessons/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])

# Members' names and handles are known people on the forum, not private names.
KNOWN = [n for handle, name, _role, _sig in MEMBERS for n in (handle, name)] + [
    "Hana",
    "Rosa",
    "Zanele",
    "Nour",
    "Fern",
    "Heron",
    *(handle for handle, _name in PHISHING_SENDERS.values()),
    ABUSIVE_AUTHOR[0],
    "coach_lnes",
]


def _strings(source: str) -> Iterator[str]:
    """Every string literal in a code cell (adjacent literals count as one, as in Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with IPython magics: read it as text
        yield source
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def _solution_texts() -> Iterator[tuple[str, str]]:
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if not cells.is_solution(cell) or cells.is_risky_example(cell):
                continue
            source = "".join(cell["source"])
            texts = _strings(source) if cell["cell_type"] == "code" else [source]
            for text in texts:
                if not _PROSE.search(text):
                    continue  # dice rolls, a date, a code: values to type, not words to publish
                yield f"{path.parent.name}/{path.stem}#cell{i}", text


def _sample_texts() -> Iterator[tuple[str, str]]:
    forum = sample_forum()
    feed = claims_feed(forum)
    for entry in _walk(forum):
        if entry.body in RISKY_ON_PURPOSE:
            continue
        yield entry.anchor, f"{entry.title or ''}\n{entry.body}"
    for member in forum.members():
        if member.signature:
            yield f"signature:{member.handle}", member.signature
    assert len(feed) == len(CLAIMS)  # the claims are public posts: walked above


def _walk(forum: Forum) -> Iterator[Post | Comment]:
    for post in forum.posts():
        thread = forum.thread(post)
        yield thread.post
        yield from thread.comments


SOLUTIONS = list(_solution_texts())
SAMPLES = list(_sample_texts())


def _report(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.words) for f in find_risks(text, names=KNOWN)]


@pytest.mark.parametrize(("where", "text"), SOLUTIONS, ids=[w for w, _t in SOLUTIONS])
def test_model_answers_give_nothing_away(where: str, text: str) -> None:
    assert _report(text) == [], f"{where}: {text!r}"


@pytest.mark.parametrize(("where", "text"), SAMPLES, ids=[w for w, _t in SAMPLES])
def test_sample_community_gives_nothing_away(where: str, text: str) -> None:
    assert _report(text) == [], f"{where}: {text!r}"


def test_the_walk_sees_the_answers_and_the_sample() -> None:
    # A walk that finds nothing would pass every test above: make sure it reads real content.
    assert len(SOLUTIONS) > 100
    assert any("forum.set_signature" not in t and "Lemon Star" in t for _w, t in SOLUTIONS)
    assert len(SAMPLES) >= 10 + len(CLAIMS)


def test_risky_on_purpose_examples_are_still_risky() -> None:
    # The drafts kept risky for a lesson to discuss must really show what they are kept for.
    for text in RISKY_ON_PURPOSE:
        assert _report(text), text
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cells.is_risky_example(cell):
                assert _report("".join(cell["source"])), path.name
