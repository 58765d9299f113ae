"""Quiz questions in the learner's language: the translated banks in the package
(toolkit/quizzes/<lang>/) are made from the catalogues, kept in sync, and read by quiz()."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from toolkit.checks.quiz import bank_language, quiz, quiz_bank
from toolkit.course.l10n import load
from toolkit.course.l10n.banks import (
    GENERATED,
    dump_bank,
    stale_banks,
    translated_bank_path,
    write_banks,
)
from toolkit.course.l10n.catalogs import languages
from toolkit.course.l10n.cli import main
from toolkit.i18n import language, set_language

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "04-first-post.ipynb"
QUESTION = "Which title is clearest?"


def _copy_course(tmp_path: Path) -> Path:
    """The course's notebooks, catalogues and English banks, without the translated banks."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(ROOT / "course.toml", root)
    for folder in ("lessons", "exercises", "locale"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "toolkit" / "quizzes").mkdir(parents=True)
    for bank in (ROOT / "toolkit" / "quizzes").glob("*.toml"):
        shutil.copy(bank, root / "toolkit" / "quizzes")
    return root


@pytest.fixture
def toolkit_lang(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """TOOLKIT_LANG=fr for one test, the toolkit's language as it was afterwards."""
    before = language()
    monkeypatch.setenv("TOOLKIT_LANG", "fr_FR.UTF-8")
    set_language()
    yield
    monkeypatch.undo()
    set_language(before)


def test_the_banks_in_the_package_are_in_sync_with_the_catalogues() -> None:
    assert languages(ROOT) == ["fr", "ar"]
    stale = [str(path.relative_to(ROOT)) for path in stale_banks(ROOT)]
    assert stale == [], "Run `make translations`: these translated quiz banks are out of date"
    for lang in ("fr", "ar"):
        for english in (ROOT / "toolkit" / "quizzes").glob("*.toml"):
            made = translated_bank_path(ROOT, lang, english.stem)
            assert made.read_text("utf-8").startswith(GENERATED), made


def test_making_the_banks_twice_gives_the_same_bytes_and_writes_nothing(tmp_path: Path) -> None:
    root = _copy_course(tmp_path)
    written = write_banks(root)
    assert len(written) == 2 * len(list((ROOT / "toolkit" / "quizzes").glob("*.toml")))
    for path in written:
        committed = ROOT / path.relative_to(root)
        assert path.read_bytes() == committed.read_bytes(), path
    assert write_banks(root) == []
    assert stale_banks(root) == []


def test_an_edited_catalogue_makes_the_bank_stale_until_translations_are_made(
    tmp_path: Path,
) -> None:
    root = _copy_course(tmp_path)
    write_banks(root)
    po = root / "locale" / "fr" / "lessons" / "04-first-post.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    catalog[QUESTION].string = ""  # a translator takes the translation back out
    catalog[
        "Capital letters read like shouting, and the words do not say which problem."
    ].string = 'Des "MAJUSCULES" crient \\ fort.'
    with po.open("wb") as handle:
        write_po(handle, catalog, width=76)
    bank = translated_bank_path(root, "fr", "04-first-post")
    assert stale_banks(root) == [bank]

    assert main(["update", "--lang", "fr", "--root", str(root)]) == 0
    assert stale_banks(root) == []
    entry = tomllib.loads(bank.read_text("utf-8"))["quiz"][0]
    assert entry["id"] == "l4-q1"
    assert entry["question"] == QUESTION  # untranslated: English
    assert entry["options"]["A"]["text"] == "Pas d'ombre à l'arrêt de bus"
    assert entry["options"]["D"]["why"] == 'Des "MAJUSCULES" crient \\ fort.'
    assert entry["options"]["A"]["correct"] is True
    assert not any(o.get("correct") for k, o in entry["options"].items() if k != "A")


def test_a_generated_bank_whose_notebook_is_gone_is_removed_a_hand_made_file_kept(
    tmp_path: Path,
) -> None:
    root = _copy_course(tmp_path)
    write_banks(root, ["fr"])
    folder = root / "toolkit" / "quizzes" / "fr"
    gone = folder / "99-old.toml"
    gone.write_text(GENERATED + "\n", encoding="utf-8")
    mine = folder / "notes.toml"
    mine.write_text("# a trainer's own file\n", encoding="utf-8")
    assert write_banks(root, ["fr"]) == [gone]
    assert not gone.exists()
    assert mine.exists()


def test_quiz_shows_french_with_toolkit_lang_fr_and_marks_the_same_letter(
    toolkit_lang: None,
) -> None:
    catalog = load("fr", LESSON)
    assert catalog is not None
    french = catalog[QUESTION].string
    assert french
    assert french != QUESTION
    question = quiz("l4-q1")
    assert question.question == french
    english = quiz_bank("en")["l4-q1"]
    assert question.answer == english.answer
    assert question.check(english.answer).passed
    wrong = next(key for key in question.options if key != english.answer)
    feedback = question.check(wrong)
    assert not feedback.passed
    assert question.options[wrong].why in str(feedback)
    assert question.options[wrong].why != english.options[wrong].why


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_translated_question_keeps_ids_letters_and_the_right_answer(lang: str) -> None:
    english, translated = quiz_bank("en"), quiz_bank(lang)
    assert translated.keys() == english.keys()
    for quiz_id, item in translated.items():
        assert list(item.options) == list(english[quiz_id].options), quiz_id
        assert item.answer == english[quiz_id].answer, quiz_id
    changed = sum(item.question != english[key].question for key, item in translated.items())
    assert changed > 0, f"no question of the {lang} bank is translated"


@pytest.mark.parametrize(
    ("asked", "read_in"),
    [
        ("fr_FR.UTF-8", "fr"),
        ("ar-MA", "ar"),
        ("en_GB", "en"),
        ("de", "en"),  # no German bank: English
        ("../toolkit", "en"),
        ("fr/../ar", "en"),
    ],
)
def test_bank_language_falls_back_to_english(asked: str, read_in: str) -> None:
    assert bank_language(asked) == read_in


def test_an_unknown_language_reads_the_english_bank() -> None:
    assert quiz_bank("de") is quiz_bank("en")
    assert quiz_bank("de")["l4-q1"].question == QUESTION


def test_the_bank_is_cached_per_language_and_follows_set_language() -> None:
    before = language()
    try:
        set_language("ar")
        arabic = quiz("l4-q1").question
        set_language("fr")
        french = quiz("l4-q1").question
    finally:
        set_language(before)
    assert len({arabic, french, QUESTION}) == 3
    assert quiz_bank("fr") is quiz_bank("fr_FR")


def test_dump_bank_writes_valid_toml_for_any_text() -> None:
    awkward = 'quote " backslash \\ newline\n tab\t DEL\x7f bell\x07 \u200f عربي é'
    data = {
        "quiz": [
            {
                "id": "x-1",
                "question": awkward,
                "options": {
                    "A": {"text": "a", "why": awkward, "correct": False},
                    "B b": {"text": "[quiz]", "why": "# not a comment", "correct": True},
                },
            }
        ]
    }
    text = dump_bank(data, ["first line", "second"])
    assert text.startswith("# first line\n# second\n\n[[quiz]]\n")
    back = tomllib.loads(text)
    assert back["quiz"][0]["question"] == awkward
    assert back["quiz"][0]["options"]["B b"] == {
        "text": "[quiz]",
        "why": "# not a comment",
        "correct": True,
    }
    assert "correct" not in back["quiz"][0]["options"]["A"]
    assert dump_bank(data, ["first line", "second"]) == text


def test_dump_bank_refuses_a_key_it_would_lose() -> None:
    entry = {"id": "x", "question": "q", "hint": "lost", "options": {}}
    with pytest.raises(ValueError, match="cannot keep"):
        dump_bank({"quiz": [entry]})
    with pytest.raises(ValueError, match="cannot keep"):
        dump_bank({"quiz": [], "title": "lost"})
