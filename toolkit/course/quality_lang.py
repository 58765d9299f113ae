"""Reading level in each language: the learner prose of a translation, measured beside English.

    python -m toolkit.course.quality --lang fr lessons/*.ipynb exercises/*.ipynb

The English check (``toolkit.course.quality``) keeps Flesch-Kincaid grade 8 or below. Grades
are an American school scale with no French form, so a translation is measured with Flesch
reading ease, which textstat 0.7.8 computes with each language's own coefficients (French:
Kandel & Moles 1958, ``207 - 1.015 * words per sentence - 73.6 * syllables per word``; the
syllables come from pyphen's bundled French hyphenation dictionary, so nothing is fetched).
Kandel & Moles fitted their coefficients so that a French text lands in the same band of the
ease scale as an English text of the same difficulty, and on Flesch's own table ease 60-70 is
"plain English", grade 8-9: the level our grade-8 limit asks for. So the target in every
language is ease 60 or more (:data:`PLAIN_EASE`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from toolkit.course import cells
from toolkit.course.format import LessonMeta
from toolkit.course.l10n import load, translate
from toolkit.course.l10n.apply import lookup
from toolkit.course.l10n.units import markdown_blocks
from toolkit.i18n import _

__all__ = [
    "PLAIN_EASE",
    "LangReport",
    "Paragraph",
    "learner_prose",
    "main",
    "measure",
    "paragraphs",
    "reading_ease",
    "reading_grade",
]

PLAIN_EASE = 60.0
MIN_WORDS = 12  # a shorter paragraph's ease swings on one word; too noisy to rank
# textstat's language ids; the root ("fr") picks the coefficients, the whole id pyphen's dictionary.
TEXTSTAT_LANG = {"en": "en_US", "fr": "fr_FR"}

_MARKS = re.compile(r"[*_`#>|\[\]]|\(https?://[^)]*\)|<[^>]+>")
# A web address or file name: one "word" of many syllables that no rewording would shorten.
_ADDRESS = re.compile(r"\S+[./]\S+[./]\S+")
# What translate() leaves in English when a block has no usable translation: not French prose.
_ENGLISH = re.compile(r'<(div|span) lang="en">.*?</\1>', re.S)


def learner_prose(nb: Any) -> str:
    """The markdown a learner reads (no trainer notes or answers), without Markdown marks."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cells.is_learner_visible(cell):
            parts.append(_MARKS.sub(" ", cell.source))
    return "\n".join(parts)


def _sentences(text: str) -> str:
    # Lists and headings without a full stop would read as one endless sentence.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(s if s[-1] in ".!?:" else s + "." for s in lines)


@cache
def _meter(lang: str) -> Any:
    """A textstat instance of our own for ``lang``: ``textstat.set_lang`` on the shared module
    object is global state (a notebook or another check could be relying on it), so we never
    call it; the module-level ``textstat`` keeps whatever language it had."""
    from textstat.textstat import textstatistics

    meter = textstatistics()
    meter.set_lang(TEXTSTAT_LANG.get(lang, lang))
    return meter


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of English text (textstat 0.7.8, which works offline)."""
    return float(_meter("en").flesch_kincaid_grade(_sentences(text)))


def reading_ease(text: str, lang: str = "en") -> float:
    """Flesch reading ease with ``lang``'s coefficients; 60 or more reads as plain."""
    return float(_meter(lang).flesch_reading_ease(_sentences(text)))


@dataclass
class LangReport:
    """One notebook's English reading level beside its translation's."""

    path: Path
    lang: str
    grade: float
    ease: float
    translated_ease: float | None = None
    english_left: int = 0  # blocks the translation leaves in English (not measured)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        there = "-"
        if self.translated_ease is not None:
            # The gap shows a translation that reads a band (10 points) harder than the English.
            there = f"{self.translated_ease:.0f} ({self.translated_ease - self.ease:+.0f})"
        head = _(
            "{name}: English grade {grade:.1f}, ease {ease:.0f}; {lang} ease {there} "
            "(target {target:.0f} or more)"
        ).format(
            name=_name(self.path),
            grade=self.grade,
            ease=self.ease,
            lang=self.lang,
            there=there,
            target=PLAIN_EASE,
        )
        return head + "".join(f"\n  - {p}" for p in self.problems)


@dataclass(frozen=True)
class Paragraph:
    """A learner paragraph and its translation, each with its reading ease."""

    path: Path
    english: str
    translated: str
    ease: float
    translated_ease: float


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"  # lessons and exercises share file names


def _read(path: Path, lang: str) -> tuple[Any, Any, bool]:
    """The notebook, its catalogue in ``lang`` and whether a learner reads it (front matter is
    trainer-facing: the English check does not grade it either)."""
    nb = nbformat.read(path, as_version=4)
    kind = "exercise" if "exercises" in path.parts else LessonMeta.read(nb).kind or "lesson"
    return nb, load(lang, path), kind != "front-matter"


def measure(path: Path, lang: str) -> LangReport | None:
    """The English and translated reading levels of one notebook (None for front matter)."""
    nb, catalog, for_learners = _read(path, lang)
    if not for_learners:
        return None
    english = learner_prose(nb)
    report = LangReport(path, lang, reading_grade(english), reading_ease(english))
    if catalog is None:
        report.problems.append(
            _("no {lang} translation yet: run make translations, then translate it").format(
                lang=lang
            )
        )
        return report
    translated, _coverage = translate(nb, catalog, lang)
    prose = "\n".join(
        cell.source
        for cell in translated.cells
        if cell.cell_type == "markdown" and cells.is_learner_visible(cell)
    )
    report.english_left = len(_ENGLISH.findall(prose))
    report.translated_ease = reading_ease(_MARKS.sub(" ", _ENGLISH.sub(" ", prose)), lang)
    if report.translated_ease < PLAIN_EASE:
        report.problems.append(
            _(
                "the {lang} text reads at ease {ease:.0f}; aim for {target:.0f} or more: "
                "shorter sentences and common words"
            ).format(lang=lang, ease=report.translated_ease, target=PLAIN_EASE)
        )
    if report.english_left:
        report.problems.append(
            _("{count} blocks are still in English and were not measured").format(
                count=report.english_left
            )
        )
    return report


def paragraphs(path: Path, lang: str) -> list[Paragraph]:
    """Every translated learner paragraph of at least MIN_WORDS words, with both eases."""
    nb, catalog, for_learners = _read(path, lang)
    found: list[Paragraph] = []
    if not for_learners:
        return found
    for cell in nb.cells:
        if cell.cell_type != "markdown" or not cells.is_learner_visible(cell):
            continue
        for block in markdown_blocks(cell.source):
            there, _state = lookup(catalog, block.text)
            if block.kind != "paragraph" or there is None:
                continue
            # Addresses are left out here only: they would top the list whatever the wording.
            english, translated = (
                _ADDRESS.sub(" ", _MARKS.sub(" ", text)) for text in (block.text, there)
            )
            if len(translated.split()) >= MIN_WORDS:
                found.append(
                    Paragraph(
                        path,
                        " ".join(english.split()),
                        " ".join(translated.split()),
                        reading_ease(english),
                        reading_ease(translated, lang),
                    )
                )
    return found


def main(paths: Sequence[Path], lang: str, worst: int = 5) -> int:
    """Print each notebook's levels and the ``worst`` hardest translated paragraphs;
    1 when a notebook misses the target or cannot be read."""
    failed = measured = 0
    hardest: list[Paragraph] = []
    for path in paths:
        try:
            report = measure(path, lang)
            hardest += paragraphs(path, lang)
        except (OSError, ValueError) as exc:  # missing file, not JSON, not a notebook
            print(
                _(
                    "{path}: cannot be read as a notebook ({error}). Check the path, or open it "
                    "in JupyterLab and save it again."
                ).format(path=path, error=exc)
            )
            failed += 1
            continue
        if report is not None:
            measured += 1
            print(report.summary())
            failed += not report.ok
    hardest.sort(key=lambda p: p.translated_ease)
    if hardest[:worst]:
        print(
            _("The {count} hardest {lang} paragraphs:").format(
                count=len(hardest[:worst]), lang=lang
            )
        )
    for p in hardest[:worst]:
        print(f"\n{_name(p.path)}: {lang} {p.translated_ease:.0f}, en {p.ease:.0f}")
        print(f"  {lang}: {p.translated}\n  en: {p.english}")
    print(
        _("{count} of {total} notebooks read at the target.").format(
            count=measured - failed, total=measured
        )
    )
    return 1 if failed else 0
