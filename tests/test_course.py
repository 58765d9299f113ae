"""The real course, built once: all outputs exist, learners see no answers, nbval re-runs clean."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from course_support import output_text, rerun_under_nbval

from toolkit.course import cells
from toolkit.course.cards import collect
from toolkit.course.config import load_course
from toolkit.course.manifest import read_manifest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow
COURSE = load_course(ROOT / "course.toml")

# real_build (the whole course, built once per session) lives in conftest.py.


def _squash(text: str) -> str:
    # PDF text has soft hyphens / zero-width breaks and reflowed lines: compare letters only.
    return re.sub(r"[\W_]+", "", text).lower()


def _secrets(sources: list[Path]) -> list[str]:
    """Distinctive lines of trainer and solution cells that no learner-visible cell also has."""
    nbs = [nbformat.read(source, as_version=4) for source in sources]
    every = [cell for nb in nbs for cell in nb.cells]
    public = _squash(" ".join(c.source for c in every if cells.is_learner_visible(c)))
    # Cards are cut out and handed to learners: a card that repeats a form's option is no leak.
    handed_out = {_squash(text) for nb in nbs for block in collect(nb) for text in block.texts}
    lines = set()
    for cell in every:
        if cells.is_learner_visible(cell):
            continue
        for line in cell.source.splitlines():
            key = _squash(line)
            if len(key) >= 30 and key not in public and key not in handed_out:
                lines.add(key)
    return sorted(lines)


def test_every_lesson_has_all_its_outputs(real_build: Path) -> None:
    entries = read_manifest(real_build)
    have = {(e.lesson, e.audience, e.kind, Path(e.path).name) for e in entries}
    for lesson in COURSE.lessons:
        for name in (f"{lesson.id}.html", f"{lesson.id}.ipynb", f"{lesson.id}-handout.pdf"):
            kind = {"html": "html", "ipynb": "notebook", "pdf": "pdf"}[name.rsplit(".", 1)[1]]
            assert (lesson.id, "learner", kind, name) in have, name
        assert (lesson.id, "learner", "pdf", f"{lesson.id}-takehome.pdf") in have
        assert (lesson.id, "trainer", "html", f"{lesson.id}.html") in have
    assert any(e.path.endswith("trainer-guide.pdf") for e in entries)
    for entry in entries:
        assert (real_build / entry.path).is_file(), entry.path


@pytest.mark.parametrize("lesson", [entry.id for entry in COURSE.lessons])
def test_learner_outputs_hold_no_answers_or_trainer_notes(real_build: Path, lesson: str) -> None:
    secrets = _secrets(_sources(lesson))
    assert secrets, f"{lesson} should have trainer notes or answers"
    _assert_learner_outputs_keep(secrets, real_build, lesson)


def _sources(lesson: str) -> list[Path]:
    """The lesson's notebook and its exercise notebook (when it has one)."""
    entry = next(e for e in COURSE.lessons if e.id == lesson)
    return [ROOT / entry.lesson] + ([ROOT / entry.exercise] if entry.exercise else [])


def _assert_learner_outputs_keep(secrets: list[str], edition: Path, lesson: str) -> None:
    """No learner output of ``lesson`` in the ``edition`` folder shows one of ``secrets``."""
    outputs = [
        edition / e.path
        for e in read_manifest(edition)
        if e.lesson == lesson and e.audience == "learner"
    ]
    assert outputs
    for path in outputs:
        text = _squash(output_text(path))
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path} shows trainer/solution text: {leaked[:3]}"


def _translated_secrets(sources: list[Path], lang: str) -> list[str]:
    """The English secrets (:func:`_secrets`) as that language's edition words them: each
    block of a trainer or solution cell whose English lines are secret, in its translation
    (an Arabic lesson not translated yet keeps the English words)."""
    from toolkit.course import l10n
    from toolkit.course.l10n.apply import lookup

    english = set(_secrets(sources))
    found = set()
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        # Code is never translated: a solution's code lines are the same secret in every edition.
        for cell in nb.cells:
            if cell.cell_type == "code" and not cells.is_learner_visible(cell):
                found.update(k for k in map(_squash, cell.source.splitlines()) if k in english)
        catalog = l10n.load(lang, source)
        for unit in l10n.units(nb):
            if not unit.where.startswith("cell-"):
                continue
            cell = nb.cells[int(unit.where.removeprefix("cell-"))]
            if cells.is_learner_visible(cell):
                continue
            if not any(_squash(line) in english for line in unit.text.splitlines()):
                continue
            key = _squash(lookup(catalog, unit.text)[0] or unit.text)
            if len(key) >= 30:
                found.add(key)
    return sorted(found)


@pytest.mark.parametrize("lang", [code for code in COURSE.editions if code != COURSE.language])
@pytest.mark.parametrize("lesson", [entry.id for entry in COURSE.lessons])
def test_translated_learner_outputs_hold_no_answers_or_trainer_notes(
    real_build: Path, lesson: str, lang: str
) -> None:
    # The translated notebooks go through the same learner steps; their secrets are in the
    # translation's words (an Arabic lesson not yet translated keeps the English ones).
    secrets = _translated_secrets(_sources(lesson), lang)
    assert secrets, f"{lesson} ({lang}) should have trainer notes or answers"
    _assert_learner_outputs_keep(secrets, real_build / lang, lesson)


def test_executed_notebooks_rerun_under_nbval(real_build: Path) -> None:
    result = rerun_under_nbval(real_build, timeout=1800)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("lang", [code for code in COURSE.editions if code != COURSE.language])
def test_translated_notebooks_rerun_under_nbval(real_build: Path, lang: str) -> None:
    result = rerun_under_nbval(real_build / lang, timeout=1800, lang=lang)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_glossary_collects_every_lesson_term(real_build: Path) -> None:
    page = (real_build / "learner" / "glossary.html").read_text(encoding="utf-8")
    terms = BeautifulSoup(page, "html.parser").select("dl.glossary dt")
    expected = sum(
        len(nbformat.read(e.lesson, 4).metadata["course"]["glossary"]) for e in COURSE.lessons
    )
    assert len(terms) == expected
    assert 'href="glossary.html"' in (real_build / "learner" / "index.html").read_text("utf-8")
