"""Text checks: graphemes, clean() and gentle warnings."""

from __future__ import annotations

import unicodedata

import pytest
from forum_fixtures import assert_plain_message
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import any_text

import toolkit.forum.text as text_module
from toolkit.forum.errors import InvalidText
from toolkit.forum.text import (
    COMMENT_BODY,
    ECHO_MAX,
    MAX_MARKS,
    POST_BODY,
    TITLE,
    Limits,
    clean,
    collapse_spaces,
    graphemes,
    is_blank,
    shorten,
    warnings_for,
    words,
)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("", 0),
        ("abc", 3),
        ("a\r\nb", 3),
        ("សួស្តី", 2),
        ("ស្តី", 1),
        ("e\u0301", 1),
        ("👩🏽‍💻", 1),
        ("🇬🇧🇰🇭", 2),
        ("مرحبا", 5),
    ],
    ids=[
        "empty",
        "ascii",
        "crlf",
        "khmer-word",
        "khmer-cluster",
        "combining",
        "emoji-zwj",
        "flags",
        "arabic",
    ],
)
def test_graphemes(text: str, n: int) -> None:
    assert graphemes(text) == n


def test_khmer_is_six_code_points_two_graphemes_eighteen_bytes() -> None:
    word = "សួស្តី"
    assert (len(word), graphemes(word), len(word.encode())) == (6, 2, 18)


def test_clean_trims_and_normalises() -> None:
    assert clean("  Jose\u0301 went home  \n", "comment", COMMENT_BODY) == "Jos\u00e9 went home"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "\u00a0",
        "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a",
        "\u3000",
        "\u200b\u200c\u200d",
        "\ufeff",
        "\u2060\u00a0\u202f",
    ],
    ids=[
        "empty",
        "spaces",
        "newline-tab",
        "nbsp",
        "u2000-200a",
        "ideographic",
        "zero-width",
        "bom",
        "word-joiner-mix",
    ],
)
def test_blank_text_is_refused(text: str) -> None:
    assert is_blank(text)
    with pytest.raises(InvalidText, match="empty") as caught:
        clean(text, "comment", COMMENT_BODY)
    assert_plain_message(str(caught.value))


@pytest.mark.parametrize(
    "text",
    ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", f"a{chr(0xD800)}b", f"a{chr(0xDFFF)}b"],
    ids=["nul", "bell", "escape", "delete", "high-surrogate", "low-surrogate"],
)
def test_control_characters_and_surrogates_are_refused(text: str) -> None:
    with pytest.raises(InvalidText, match="hidden control character"):
        clean(text, "comment", COMMENT_BODY)


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["a"]], ids=["none", "int", "bytes", "list"])
def test_non_text_is_refused_plainly(value: object) -> None:
    with pytest.raises(InvalidText) as caught:
        clean(value, "comment", COMMENT_BODY)
    assert_plain_message(str(caught.value))


def test_tabs_and_newlines_are_kept() -> None:
    assert clean("a\tb\nc", "comment", COMMENT_BODY) == "a\tb\nc"


def test_a_browser_forms_line_breaks_are_stored_as_newlines() -> None:
    # A form sends CR LF (and old Macs CR alone): stored like a typed newline.
    assert clean("one\r\ntwo\rthree", "comment", COMMENT_BODY) == "one\ntwo\nthree"
    with pytest.raises(InvalidText, match="one line"):
        clean("two\r\nlines", "title", TITLE)


@pytest.mark.parametrize("override", ["\u202e", "\u202d"], ids=["rlo", "lro"])
def test_a_bidi_override_is_refused_but_isolates_are_kept(override: str) -> None:
    # "invoice<RLO>fdp.exe" would show as "invoiceexe.pdf".
    with pytest.raises(InvalidText, match="turns the text around") as caught:
        clean(f"the invoice{override}fdp.exe is here", "comment", COMMENT_BODY)
    assert_plain_message(str(caught.value))
    isolated = "the word \u2067\u0646\u0648\u0631\u2069 in Arabic"
    assert clean(isolated, "comment", COMMENT_BODY) == isolated


def test_lengths_in_graphemes() -> None:
    limits = Limits(2, 3)
    assert clean("សួស្តី", "title", limits) == "សួស្តី"
    with pytest.raises(InvalidText, match="too short"):
        clean("ស្តី", "title", limits)
    with pytest.raises(InvalidText, match="too long"):
        clean("abcd", "title", limits)


class _NoNormalize:
    """``unicodedata`` for toolkit.forum.text only, whose ``normalize`` must not be called."""

    def normalize(self, *_args: object) -> str:
        msg = "NFC ran on a text that should have been refused first"
        raise AssertionError(msg)

    def __getattr__(self, name: str) -> object:
        return getattr(unicodedata, name)


def test_byte_cap_is_checked_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The size alone refuses these; the slow readers must not run (bench/hostile_input_bench.py
    # times the refusal).
    def never(*_args: object) -> None:
        msg = "the text was parsed before its size was checked"
        raise AssertionError(msg)

    monkeypatch.setattr(text_module, "graphemes", never)
    monkeypatch.setattr(text_module, "has_mark_pile", never)
    monkeypatch.setattr(text_module, "unicodedata", _NoNormalize())
    with pytest.raises(InvalidText, match="too long"):
        clean("\u0301" * 1_000_000, "post", POST_BODY)
    with pytest.raises(InvalidText, match="too long"):
        clean("💧" * (POST_BODY.max_bytes // 4 + 1), "post", POST_BODY)


def test_title_is_one_line() -> None:
    with pytest.raises(InvalidText, match="one line"):
        clean("two\nlines", "title", TITLE)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_clean_either_refuses_or_returns_clean_text(text: str) -> None:
    try:
        out = clean(text, "comment", COMMENT_BODY)
    except InvalidText as exc:
        assert_plain_message(str(exc))
        return
    assert out == out.strip()
    assert not is_blank(out)
    assert "\x00" not in out
    assert "\r" not in out
    assert "\u202e" not in out
    assert not any("\ud800" <= ch <= "\udfff" for ch in out)
    out.encode("utf-8")


def test_collapse_spaces_and_words() -> None:
    assert collapse_spaces("  a\n\tb   c ") == "a b c"
    assert words("Hello, مرحبا! 42 សួស្តី") == ["Hello", "مرحبا", "42", "សួស្តី"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("THE WELL IS BROKEN AGAIN", "capital letters"),
        ("!!!! ???? 1234", "no letters"),
        ("qwertyuiop", "random keys"),
        ("asdfg hello", "random keys"),
        ("xkcdrtzpq", "random keys"),
    ],
    ids=["all-caps", "symbols-only", "keyboard-row", "short-row", "no-vowels"],
)
def test_warnings_for(text: str, kind: str) -> None:
    notes = warnings_for(text)
    assert any(kind in note for note in notes), notes
    for note in notes:
        assert_plain_message(note)


@pytest.mark.parametrize(
    "text",
    [
        "Our well needs a new pump.",
        "OK",
        "I love NASA and the BBC.",
        "مرحبا بالجميع",
        "សួស្តី អ្នកទាំងអស់គ្នា",
        "Rhythm of the city",
    ],
    ids=["sentence", "short-caps", "acronyms", "arabic", "khmer", "rhythm"],
)
def test_no_warnings_for_ordinary_text(text: str) -> None:
    assert warnings_for(text) == ()


@given(st.text(max_size=200))
@settings(max_examples=100, deadline=None)
def test_warnings_never_fail(text: str) -> None:
    assert isinstance(warnings_for(text), tuple)


# --------------------------------------------------------------------------- combining marks
@pytest.mark.parametrize(
    "text",
    [
        "Hello" + "\u0301" * 79_000,
        "Hello" + "\u0301\u0316\u0337" * 26_000,
        "H\u0336\u0336\u0336\u0336\u0336ello",
        "Zalgo " + "".join(ch + "\u030d\u0350\u0346\u0352\u0357" for ch in "comes"),
        "a" + "\u20dd" * 5,  # enclosing marks pile up too
        "e" + "\u0302\u0301\u0323\u0306\u0303",  # composes to fewer, but was typed as a pile
    ],
    ids=["79000-acute", "78000-mixed", "five-strokes", "every-letter", "enclosing", "pre-nfc"],
)
def test_piled_combining_marks_are_refused(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Refused before NFC, whose reordering of a long pile takes quadratic time: NFC must not
    # run on it at all (bench/hostile_input_bench.py times the refusal).
    monkeypatch.setattr(text_module, "unicodedata", _NoNormalize())
    with pytest.raises(InvalidText, match="accent marks") as caught:
        clean(text, "post", POST_BODY)
    assert_plain_message(str(caught.value))


@pytest.mark.parametrize(
    "text",
    [
        "Tie\u0302\u0301ng Vie\u0323\u0302t",  # Vietnamese typed decomposed: two per letter
        "בְּרֵאשִׁ֖ית",  # pointed Hebrew with a cantillation mark
        "សួស្តី អ្នកទាំងអស់គ្នា",
        "क्षत्रिय",
        "བསྒྲུབས",  # Tibetan stacks
        "1\ufe0f\u20e3 keycap",
        "a" + "\u0301" * MAX_MARKS,
    ],
    ids=["vietnamese", "hebrew", "khmer", "devanagari", "tibetan", "keycap", "four-marks"],
)
def test_real_scripts_keep_their_marks(text: str) -> None:
    assert clean(text, "comment", COMMENT_BODY)


# --------------------------------------------------------------------------- quoting input
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("amina_k", "amina_k"),
        ("x" * ECHO_MAX, "x" * ECHO_MAX),
        ("x" * (ECHO_MAX + 1), "x" * ECHO_MAX + "…"),
        ("x" * 10_000_000, "x" * ECHO_MAX + "…"),
        ("two\nlines\r\n  here", "two lines here"),
        ("evil\u202egnp.exe", "evil\ufffdgnp.exe"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("\x1b[31mred", "\ufffd[31mred"),
        ("a" + "\u0301" * 1000, "a" + "\u0301" * MAX_MARKS + "…"),
        (" " * 500 + "tail", "…"),
    ],
    ids=[
        "short",
        "at-limit",
        "one-over",
        "ten-megabytes",
        "newlines",
        "bidi-override",
        "surrogate",
        "escape-sequence",
        "zalgo",
        "leading-spaces",
    ],
)
def test_shorten_quotes_input_safely(value: str, expected: str) -> None:
    assert shorten(value) == expected
    assert len(shorten(value)) <= ECHO_MAX + 1
    shorten(value).encode("utf-8")
