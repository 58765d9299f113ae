"""The course's own examples follow its rules: no model answer, sample post or signature gives
away a home, a routine, a workplace, a child's school or a phone number (issue 11, part 6).

Walked: every string in a ``solution`` code cell, every ``solution`` markdown answer, every post,
comment and signature of the sample community, and the public scenario posts. Only drafts a
lesson shows on purpose as unsafe are let through: cells tagged ``risky-example`` and the
sample comments listed in ``sample.RISKY_ON_PURPOSE``. The sample and the scenarios are walked
in every language they are translated into (English, French, Arabic), each with its own finder.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit import i18n
from toolkit.course import cells
from toolkit.forum.model import Comment, Post
from toolkit.forum.sample import MEMBERS, RISKY_ON_PURPOSE, sample_forum
from toolkit.forum.scenarios import ABUSIVE_AUTHOR, CLAIMS, PHISHING_SENDERS, claims_feed
from toolkit.forum.service import Forum
from toolkit.safety.risks import find_risks

_PROSE = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}")
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("lessons/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])
LANGUAGES = ("en", "fr", "ar")

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


def _sample_texts(lang: str) -> Iterator[tuple[str, str, str]]:
    """(language, where, text) for the sample built in ``lang``; the language is put back."""
    before = i18n.language()
    i18n.set_language(lang)
    try:
        forum = sample_forum()
        feed = claims_feed(forum)
        risky = {i18n.gettext(text) for text in RISKY_ON_PURPOSE}
        found = [
            (lang, f"{lang}:{entry.anchor}", f"{entry.title or ''}\n{entry.body}")
            for entry in _walk(forum)
            if entry.body not in risky
        ]
        found += [
            (lang, f"{lang}:signature:{member.handle}", member.signature)
            for member in forum.members()
            if member.signature
        ]
        assert len(feed) == len(CLAIMS)  # the claims are public posts: walked above
    finally:
        i18n.set_language(before)
    yield from found


def _risky_texts(lang: str) -> list[str]:
    before = i18n.language()
    i18n.set_language(lang)
    try:
        return [i18n.gettext(text) for text in RISKY_ON_PURPOSE]
    finally:
        i18n.set_language(before)


def _walk(forum: Forum) -> Iterator[Post | Comment]:
    for post in forum.posts():
        thread = forum.thread(post)
        yield thread.post
        yield from thread.comments


SOLUTIONS = list(_solution_texts())
SAMPLES = [sample for lang in LANGUAGES for sample in _sample_texts(lang)]


def _report(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(f.kind, f.words) for f in find_risks(text, names=KNOWN, lang=lang)]


@pytest.mark.parametrize(("where", "text"), SOLUTIONS, ids=[w for w, _t in SOLUTIONS])
def test_model_answers_give_nothing_away(where: str, text: str) -> None:
    assert _report(text) == [], f"{where}: {text!r}"


@pytest.mark.parametrize(("lang", "where", "text"), SAMPLES, ids=[w for _l, w, _t in SAMPLES])
def test_sample_community_gives_nothing_away(lang: str, where: str, text: str) -> None:
    assert _report(text, lang) == [], f"{where}: {text!r}"


def test_the_walk_sees_the_answers_and_the_sample() -> None:
    # A walk that finds nothing would pass every test above: make sure it reads real content.
    assert len(SOLUTIONS) > 100
    assert any("forum.set_signature" not in t and "Lemon Star" in t for _w, t in SOLUTIONS)
    for lang in LANGUAGES:
        texts = [t for language, _w, t in SAMPLES if language == lang]
        assert len(texts) >= 10 + len(CLAIMS), lang
    # Each language is walked in its own words, not the English ones three times.
    assert len({t for _l, _w, t in SAMPLES}) > 2 * len(
        [1 for lang, _w, _t in SAMPLES if lang == "en"]
    )


def test_risky_on_purpose_examples_are_still_risky() -> None:
    # The drafts kept risky for a lesson to discuss must really show what they are kept for.
    for lang in LANGUAGES:
        for text in _risky_texts(lang):
            assert _report(text, lang), (lang, text)
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cells.is_risky_example(cell):
                assert _report("".join(cell["source"])), path.name
