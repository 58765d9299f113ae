"""Lesson 3 checks: passphrase, practice dice words, 2-step code and the log-out drill."""

from __future__ import annotations

import pytest

from toolkit.checks.passwords import (
    DICE_WORDS,
    EXAMPLE_ROLLS,
    LOGOUT_STEPS,
    check_dice_passphrase,
    check_login_code,
    check_logout_drill,
    check_passphrase,
    dice_words,
    logout_options,
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
        pytest.param("", "passphrase first", id="empty"),
        pytest.param(None, "passphrase first", id="none"),
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


SAFE = "A C D F H"


@pytest.mark.parametrize(
    ("choices", "passed"),
    [
        pytest.param(SAFE, True, id="right"),
        pytest.param("h,f,d,c,a", True, id="any-order-and-case"),
        pytest.param(["A", "C", "D", "F", "H"], True, id="list"),
        pytest.param("A C D H", False, id="missed-downloads"),
        pytest.param("A C D F", False, id="missed-private-window"),
        pytest.param("A B C D F H", False, id="closing-the-tab"),
        pytest.param("A C D E F H", False, id="remember-me"),
        pytest.param("A C D F G H", False, id="leave-it-open"),
        pytest.param("A C D F H I", False, id="banking-on-a-shared-computer"),
        pytest.param("A C D F H Z", False, id="unknown-letter"),
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
            result = check_logout_drill(f"{SAFE} {letter}")
            assert not result.passed
            assert any(step.why in line for line in result.missing)


def test_an_unknown_letter_names_the_real_range() -> None:
    result = check_logout_drill(f"{SAFE} Z")
    assert any("Use the letters A to I." in line for line in result.missing), result.missing


def test_the_form_shows_every_step_in_letter_order() -> None:
    options = logout_options()
    assert list(options) == list(LOGOUT_STEPS)
    assert options["A"] == LOGOUT_STEPS["A"].text


def test_the_shared_computer_is_never_called_clean() -> None:
    # Honest advice: logging out lowers the risk; a spy program can still see what she types.
    text = " ".join(step.why for step in LOGOUT_STEPS.values())
    assert "spy program" in text
    assert "nothing of yours" not in text


# ----------------------------------------------------------------------- dice numbers in a form
def test_dice_numbers_give_words_and_pass() -> None:
    result = check_dice_passphrase("35 22 64 15 41")
    assert result.passed, result
    assert result.check == "dice_passphrase"
    assert "quilt honey rocket eagle salt" in result.good[-1]
    assert "quilt" not in result.messages[0]
    # Shown on her screen, never kept in the progress file.
    assert not any("quilt" in line for line in result.recorded())


@pytest.mark.parametrize(
    ("rolls", "reason"),
    [
        pytest.param("35 22", "fewer than 4 words", id="two-rolls"),
        pytest.param(EXAMPLE_ROLLS, "example", id="lesson-example"),
        pytest.param("35 22 64 15 7", "1 to 6 only", id="a-seven"),
        pytest.param("35 22 64 15 4", "no partner", id="odd-number"),
        pytest.param("", "dice numbers", id="empty"),
        pytest.param("quilt honey", "dice numbers", id="words-not-numbers"),
        pytest.param(None, "dice numbers", id="none"),
    ],
)
def test_dice_numbers_that_are_not_yet(rolls: object, reason: str) -> None:
    result = check_dice_passphrase(rolls)
    assert not result.passed
    assert any(reason in line for line in result.missing), result.missing


def test_the_dice_check_names_a_left_out_number_first() -> None:
    result = check_dice_passphrase("35 22 64 15 41 9")
    assert not result.passed
    assert "9" in result.missing[0]
