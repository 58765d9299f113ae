"""A translation's reading level: French ease offline, beside English, global state kept."""

from __future__ import annotations

import socket
from pathlib import Path

import nbformat
import pyphen
import pytest
import textstat
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from nbformat.v4 import new_markdown_cell, new_notebook

from toolkit.course import quality
from toolkit.course.quality_lang import (
    PLAIN_EASE,
    learner_prose,
    main,
    measure,
    paragraphs,
    reading_ease,
    reading_grade,
)

PLAIN_FR = "Le chat dort. Il fait beau. Nous lisons un livre. Tu bois de l'eau."
HARD_FR = (
    "Conformément aux dispositions réglementaires actuellement applicables, l'administration "
    "intercommunale procédera ultérieurement à l'harmonisation systématique des modalités "
    "organisationnelles relatives à l'accessibilité numérique des établissements "
    "d'enseignement professionnel, nonobstant les considérations budgétaires particulièrement "
    "préoccupantes évoquées précédemment par les représentants départementaux."
)
PLAIN_EN = "Write a short post. Tap Send. Read the reply from your friend."
HARD_EN = "Configure notification preferences appropriately."


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        msg = "the readability measure tried to use the network"
        raise AssertionError(msg)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_french_ease_runs_offline_on_a_tiny_text(offline: None) -> None:
    ease = reading_ease(PLAIN_FR, "fr")
    assert ease > PLAIN_EASE


def test_a_long_complex_french_paragraph_scores_lower_than_a_plain_one(offline: None) -> None:
    hard = reading_ease(HARD_FR, "fr")
    assert hard < PLAIN_EASE < reading_ease(PLAIN_FR, "fr")


def test_french_uses_kandel_and_moles_with_french_syllables() -> None:
    words, sentences = len(PLAIN_FR.split()), PLAIN_FR.count(".")
    french = pyphen.Pyphen(lang="fr")
    syllables = sum(
        len(french.positions(w.strip(".").replace("'", "").lower())) + 1 for w in PLAIN_FR.split()
    )
    expected = 207 - 1.015 * words / sentences - 73.6 * syllables / words
    assert reading_ease(PLAIN_FR, "fr") == pytest.approx(expected)
    assert reading_ease(PLAIN_FR, "en") != pytest.approx(expected)


def test_textstat_language_is_left_as_it_was() -> None:
    before = textstat.flesch_reading_ease(HARD_FR)
    reading_ease(HARD_FR, "fr")
    assert textstat.flesch_reading_ease(HARD_FR) == before
    textstat.set_lang("fr")  # someone else's setting: ours neither changes it nor depends on it
    try:
        grade = reading_grade(PLAIN_EN)
        english = reading_ease(HARD_FR, "en")
        french_global = textstat.flesch_reading_ease(HARD_FR)
    finally:
        textstat.set_lang("en_US")
    assert grade == reading_grade(PLAIN_EN)
    assert english == reading_ease(HARD_FR, "en")
    assert french_global == reading_ease(HARD_FR, "fr")


def test_the_english_grade_is_unchanged() -> None:
    text = "Write a short post\nTap Send.\nRead the reply"
    expected = textstat.flesch_kincaid_grade("Write a short post. Tap Send. Read the reply.")
    assert quality.reading_grade(text) == reading_grade(text) == expected
    assert reading_grade(HARD_EN) > quality.MAX_GRADE > reading_grade(PLAIN_EN)


def _course(tmp_path: Path, translations: dict[str, str]) -> Path:
    (tmp_path / "course.toml").write_text("[course]\n", encoding="utf-8")
    cells = [
        new_markdown_cell("# Lesson 99: A test\n\n" + PLAIN_EN),
        new_markdown_cell("Only in English. It stays."),
        new_markdown_cell("Trainers read this long note."),
    ]
    cells[2].metadata["tags"] = ["trainer"]
    path = tmp_path / "lessons" / "99-test.ipynb"
    path.parent.mkdir()
    nbformat.write(new_notebook(cells=cells, metadata={"course": {"id": "99-test"}}), path)
    catalog = Catalog(locale="fr")
    for english, french in translations.items():
        catalog.add(english, french)
    po = tmp_path / "locale" / "fr" / "lessons" / "99-test.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as out:
        write_po(out, catalog)
    return path


def test_a_plain_translation_meets_the_target(tmp_path: Path, offline: None) -> None:
    path = _course(tmp_path, {"Lesson 99: A test": "Leçon 99 : un test", PLAIN_EN: PLAIN_FR})
    report = measure(path, "fr")
    assert report is not None
    assert report.grade == reading_grade(learner_prose(nbformat.read(path, as_version=4)))
    assert report.grade == quality.check_lesson(path).grade  # the English check's own figure
    assert report.translated_ease is not None
    assert report.translated_ease > PLAIN_EASE
    assert report.english_left == 1  # the untranslated block, left out of the French measure
    assert report.problems == ["1 blocks are still in English and were not measured"]


def test_a_hard_translation_is_reported_with_its_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heading = {"Lesson 99: A test": "Leçon 99 : un test"}
    path = _course(tmp_path, {**heading, PLAIN_EN: HARD_FR, "Only in English. It stays.": PLAIN_FR})
    report = measure(path, "fr")
    assert report is not None
    assert report.english_left == 0
    assert report.translated_ease is not None
    assert report.translated_ease < PLAIN_EASE
    assert "aim for 60 or more" in report.problems[0]
    found = paragraphs(path, "fr")  # paragraphs only: not the heading
    pairs = [(p.english, p.translated) for p in found]
    assert pairs == [(PLAIN_EN, HARD_FR), ("Only in English. It stays.", PLAIN_FR)]
    assert found[0].translated_ease < PLAIN_EASE < found[1].translated_ease
    assert quality.main(["--lang", "fr", str(path)]) == 1
    out = capsys.readouterr().out
    assert "lessons/99-test.ipynb: English grade" in out
    assert HARD_FR in out
    assert PLAIN_EN in out
    assert "0 of 1 notebooks read at the target." in out


def test_no_catalogue_and_no_notebook_are_plain_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _course(tmp_path, {})
    (tmp_path / "locale" / "fr" / "lessons" / "99-test.po").unlink()
    report = measure(path, "fr")
    assert report is not None
    assert report.translated_ease is None
    assert "no fr translation yet" in report.problems[0]
    assert main([tmp_path / "missing.ipynb"], "fr") == 1
    assert "cannot be read as a notebook" in capsys.readouterr().out
