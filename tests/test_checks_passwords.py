"""Lesson 3 checks: passphrase, practice dice words, 2-step code and the log-out drill."""

from __future__ import annotations

import pytest

from toolkit.checks.passwords import (
    DICE_WORDS,
    EXAMPLE_ROLLS,
    LOGOUT_STEPS,
    check_login_code,
    check_logout_drill,
    check_passphrase,
    dice_words,
)


def test_the_practice_list_covers_every_pair_of_dice() -> None:
    pairs = {f"{a}{b}" for a in range(1, 7) for b in range(1, 7)}
    assert set(DICE_WORDS) == pairs
    assert len(set(DICE_WORDS.values())) == 36


@pytest.mark.parametrize(
    ("rolls", "phrase", "problems"),
    [
        pytest.param("53 36 46 61", "cloud river yogurt ladder", 0, id="spaces"),
        pytest.param("53,36,46,61,11", "cloud river yogurt ladder apple", 0, id="commas"),
        pytest.param("5336", "cloud river", 0, id="no-spaces"),
        pytest.param("53 7 36", "cloud river", 1, id="seven-is-not-on-a-die"),
        pytest.param("53 3", "cloud", 1, id="odd-number"),
        pytest.param("", "", 1, id="empty"),
        pytest.param(None, "", 1, id="none"),
    ],
)
def test_dice_words(rolls: object, phrase: str, problems: int) -> None:
    result = dice_words(rolls)
    assert result.phrase == phrase
    assert len(result.problems) == problems


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("quilt honey rocket eagle", id="four-dice-words"),
        pytest.param("Mango  tiger salt window spoon", id="five-words-extra-space"),
        pytest.param("violin-garden-anchor-pepper", id="hyphens"),
        pytest.param(dice_words("22 64 42 15"), id="dice-object"),
    ],
)
def test_good_passphrases(phrase: object) -> None:
    assert check_passphrase(phrase).passed


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        pytest.param("", "quotation marks", id="empty"),
        pytest.param(None, "quotation marks", id="none"),
        pytest.param("river cloud", "fewer than 4 words", id="two-words"),
        pytest.param("a b c d e", "shorter than 20", id="short"),
        pytest.param("Correct horse battery staple", "many people", id="famous"),
        pytest.param("password", "many people", id="password"),
        pytest.param(dice_words(EXAMPLE_ROLLS).phrase, "example", id="lesson-example"),
        pytest.param("mango tiger salt rocket 1990", "year", id="year"),
        pytest.param("mango tiger salt rocket 12/05", "date", id="date"),
        pytest.param("mango tiger salt rocket 5550123", "phone", id="digits"),
        pytest.param("spoon spoon spoon spoon spoon", "same word", id="repeated"),
    ],
)
def test_weak_passphrases(phrase: object, reason: str) -> None:
    result = check_passphrase(phrase)
    assert not result.passed
    assert any(reason in line for line in result.missing), result.missing


def test_names_to_avoid() -> None:
    result = check_passphrase("rosa eagle hillcrest mango", avoid=["Rosa Delgado", "Hillcrest"])
    assert not result.passed
    assert check_passphrase("quilt honey rocket eagle", avoid=["Rosa Delgado"]).passed


@pytest.mark.parametrize("phrase", ["quilt honey rocket eagle", "mango tiger salt rocket 1990"])
def test_the_phrase_is_never_repeated(phrase: str) -> None:
    result = check_passphrase(phrase)
    shown = str(result) + result._repr_html_() + repr(result.to_data())
    for word in phrase.split():
        assert word not in shown


@pytest.mark.parametrize(
    ("code", "passed"),
    [
        ("417263", True),
        ("417 263", True),
        (" 417-263 ", True),
        ("471263", False),
        ("123", False),
        ("", False),
        (None, False),
    ],
)
def test_login_code(code: object, passed: bool) -> None:
    assert check_login_code(code).passed is passed


@pytest.mark.parametrize(
    ("choices", "passed"),
    [
        pytest.param("A C D F", True, id="right"),
        pytest.param("f,d,c,a", True, id="any-order-and-case"),
        pytest.param(["A", "C", "D", "F"], True, id="list"),
        pytest.param("A C D", False, id="missed-downloads"),
        pytest.param("A B C D F", False, id="closing-the-tab"),
        pytest.param("A C D E F", False, id="remember-me"),
        pytest.param("A C D F G", False, id="leave-it-open"),
        pytest.param("A C D F Z", False, id="unknown-letter"),
        pytest.param("", False, id="empty"),
        pytest.param(None, False, id="none"),
    ],
)
def test_logout_drill(choices: object, passed: bool) -> None:
    result = check_logout_drill(choices)
    assert result.passed is passed
    if not passed:
        assert result.missing


def test_each_wrong_step_names_its_misconception() -> None:
    for letter, step in LOGOUT_STEPS.items():
        if not step.needed:
            result = check_logout_drill(f"A C D F {letter}")
            assert any(step.why in line for line in result.missing)
