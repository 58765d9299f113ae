"""Handle rules: identity key, look-alike skeleton, shape validation, reserved names."""

from __future__ import annotations

import pytest
from forum_fixtures import assert_plain_message

from toolkit.forum.errors import HandleError
from toolkit.forum.handles import MAX_GRAPHEMES, key, skeleton, validate


@pytest.mark.parametrize(
    ("a", "b"),
    [("Amina", "amina"), ("ＡＭＩＮＡ", "amina"), ("STRASSE", "strasse"), ("Straße", "strasse")],
    ids=["case", "fullwidth", "upper", "sharp-s-casefold"],
)
def test_key_folds_case_and_width(a: str, b: str) -> None:
    assert key(a) == key(b)


def test_key_keeps_different_names_apart() -> None:
    assert key("amina") != key("amira")


@pytest.mark.parametrize(
    "lookalike",
    ["\u0391mina", "\u0430mina", "arnina", "AMINA", "am\u0131na", "ａｍｉｎａ", "a_mina"],
    ids=["greek-alpha", "cyrillic-a", "rn-for-m", "upper", "dotless-i", "fullwidth", "underscore"],
)
def test_skeleton_matches_lookalikes(lookalike: str) -> None:
    assert skeleton(lookalike) == skeleton("amina")


@pytest.mark.parametrize(
    ("a", "b"), [("b\u043eb", "bob"), ("b0b", "bob"), ("pau1", "paul"), ("vvill", "will")],
    ids=["cyrillic-o", "zero-for-o", "one-for-l", "vv-for-w"],
)
def test_skeleton_digits_and_pairs(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_skeleton_keeps_different_names_apart() -> None:
    assert skeleton("amina") != skeleton("amira")
    assert skeleton("أمينة") != skeleton("amina")


@pytest.mark.parametrize(
    "handle", ["amina_k", "Bob", "أمينة_ك", "נועה", "សុខា_ក", "李小龙", "user_2026", "a" * 20]
)
def test_valid_handles(handle: str) -> None:
    assert validate(handle) == handle


def test_validate_returns_nfc() -> None:
    assert validate("Jose\u0301") == "Jos\u00e9"


@pytest.mark.parametrize(
    "handle",
    [
        "", "ab", "a" * (MAX_GRAPHEMES + 1), "a" * 1000, "amina k", "amina-k", "amina.k",
        "am\u200bina", "amina\u202e", "\u2066amina", "amina\u00ad", "<script>", "amina@home",
        "admin", "Administrator", "m0derator", "SYSTEM", "tra\u0456ner", "the_admin_team",
        "bank_official", None, 42, "ab\ud800",
    ],
    ids=[
        "empty", "too-short", "too-long", "huge", "space", "hyphen", "dot", "zero-width",
        "bidi-override", "bidi-isolate", "soft-hyphen", "html", "at-sign", "reserved-admin",
        "reserved-administrator", "reserved-moderator-lookalike", "reserved-system-upper",
        "reserved-trainer-cyrillic-i", "contains-admin", "contains-official", "none", "number",
        "lone-surrogate",
    ],
)
def test_invalid_handles(handle: object) -> None:
    with pytest.raises(HandleError) as caught:
        validate(handle)
    assert_plain_message(str(caught.value))


def test_length_counts_graphemes() -> None:
    # "សួស្តី" is 6 code points but 2 graphemes: too short for a handle.
    with pytest.raises(HandleError, match="this one has 2"):
        validate("សួស្តី")
    assert validate("សួស្តីសួ") == "សួស្តីសួ"
