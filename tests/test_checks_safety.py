"""check_signature, check_alias, check_privacy."""

from __future__ import annotations

import pytest
import textstat

from toolkit import Forum
from toolkit.checks import check_alias, check_privacy, check_signature
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.model import PROFILE_FIELDS


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    return f


# ----------------------------------------------------------------------------- signature
@pytest.mark.parametrize(
    "signature",
    ["River Song", "River Song\nReading circle helper", "A\nB\nC\nD"],
    ids=["one-line", "two-lines", "four-lines"],
)
def test_safe_signatures_pass(forum: Forum, signature: str) -> None:
    forum.set_signature("amina_k", signature)
    fb = check_signature(forum, "amina_k")
    assert fb.passed, fb


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        ("A\nB\nC\nD\nE", "more than 4 lines"),
        ("Amina\nCall 0123 456 789", "“0123 456 789”"),
        ("Amina\namina@example.org", "“amina@example.org”"),
        ("Amina\n12 Market Road", "“12 Market Road”"),
    ],
    ids=["five-lines", "phone", "email", "street"],
)
def test_unsafe_signatures_fail(forum: Forum, signature: str, expected: str) -> None:
    forum.set_signature("amina_k", signature)
    fb = check_signature(forum, "amina_k")
    assert not fb.passed
    assert any(expected in m for m in fb.missing), fb.missing
    assert fb.hint


@pytest.mark.parametrize(
    ("signature", "words"),
    [
        ("Farida Osei / Nurse, Saint Mary's Hospital, Ward 3", "Ward 3"),
        ("Coach of the girls' team, Kibera Primary, Wednesdays 3 pm", "Wednesdays 3 pm"),
    ],
    ids=["nurse-ward", "coach-routine"],
)
def test_issue_signatures_fail_naming_the_words_and_why(
    forum: Forum, signature: str, words: str
) -> None:
    forum.set_signature("amina_k", signature)
    fb = check_signature(forum, "amina_k")
    assert not fb.passed
    line = next(m for m in fb.missing if words in m)
    assert line.startswith("Your signature says “")
    # The why: a full sentence after the words.
    assert line.split("”. ", 1)[1].endswith(".")
    assert (fb.hint or "").startswith("A safer way: ")
    assert words in fb.private


def test_signature_messages_read_at_grade_six_or_below(forum: Forum) -> None:
    forum.set_signature("amina_k", "Coach of the girls' team, Kibera Primary, Wednesdays 3 pm")
    failed = check_signature(forum, "amina_k")
    forum.set_signature("amina_k", "River Song\nReading circle helper")
    passed = check_signature(forum, "amina_k")
    # recorded(): the messages with her own words left out, so only our sentences are measured.
    for line in [*failed.recorded(), *passed.recorded(), failed.hint or ""]:
        assert textstat.flesch_kincaid_grade(line) <= 6, line


def test_no_signature_yet(forum: Forum) -> None:
    fb = check_signature(forum, "amina_k")
    assert not fb.passed
    assert fb.missing == ["You have no signature yet."]


# ----------------------------------------------------------------------------- alias
DETAILS = {
    "real_name": "Amélie Kora",
    "town": "Riverside",
    "phone": "+44 7700 900123",
    "birth_year": 1992,
}


@pytest.mark.parametrize(
    "alias",
    ["river_song", "blue_heron", "reader_2024", "moon_42"],
    ids=["words", "other-words", "unrelated-year", "short-number"],
)
def test_safe_aliases_pass(alias: str) -> None:
    fb = check_alias(alias, **DETAILS)
    assert fb.passed, fb


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("amelie_k", "real name"),
        ("AMELIE", "real name"),
        ("a_m_e_l_i_e", "real name"),
        ("kora_writes", "real name"),
        ("riverside_mum", "town"),
        ("r1v3rs1de", None),  # digits stripped: "rvrsde" is not the town, and that is fine
        ("sun_900123", "phone"),
        ("sun_1992", "birth year"),
        ("sun_92", "birth year"),
        ("sun92__", "birth year"),
    ],
    ids=[
        "first-name",
        "caps",
        "underscores",
        "last-name",
        "town",
        "leet-not-caught",
        "phone-digits",
        "year",
        "two-digit-year",
        "two-digit-year-underscores",
    ],
)
def test_aliases_that_reveal_her(alias: str, expected: str | None) -> None:
    fb = check_alias(alias, **DETAILS)
    if expected is None:
        assert fb.passed
        return
    assert not fb.passed
    assert any(expected in m for m in fb.missing), fb.missing


def test_alias_feedback_never_repeats_her_details() -> None:
    fb = check_alias("amelie_riverside_92", **DETAILS)
    text = str(fb).casefold()
    assert "amélie" not in text
    assert "amelie" not in text.replace("amelie_riverside_92", "")
    assert "riverside" not in text
    assert "1992" not in text


def test_alias_the_forum_refuses() -> None:
    fb = check_alias("admin_amina")
    assert not fb.passed
    assert any("staff name" in m for m in fb.missing)


@pytest.mark.parametrize("handle", [None, "", 42], ids=["none", "empty", "number"])
def test_alias_wrong_input_never_raises(handle: object) -> None:
    fb = check_alias(handle)  # type: ignore[arg-type]
    assert not fb.passed
    assert fb.missing


def test_alias_with_bad_year_ignores_it() -> None:
    assert check_alias("sun_92", birth_year="ninety-two").passed


# ----------------------------------------------------------------------------- privacy
def test_private_profile_passes(forum: Forum) -> None:
    forum.set_profile("amina_k", "phone", "0123456789", "only_me")
    forum.set_profile("amina_k", "town", "Riverside", "members")
    forum.set_profile("amina_k", "interests", "reading", "public")
    forum.set_privacy("amina_k", messages_from="trainers")
    fb = check_privacy(forum, "amina_k")
    assert fb.passed, fb


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("phone", "phone number"),
        ("email", "e-mail address"),
        ("town", "town"),
        ("birth_year", "birth year"),
    ],
    ids=["phone", "email", "town", "birth-year"],
)
def test_public_details_fail(forum: Forum, field: str, label: str) -> None:
    forum.set_profile("amina_k", field, "x1", "public")
    fb = check_privacy(forum, "amina_k")
    assert not fb.passed
    assert fb.missing == [f"Your {label} is public: anyone on the internet can see it."]


def test_messages_setting_outside_allowed(forum: Forum) -> None:
    fb = check_privacy(forum, "amina_k", messages_from=("trainers", "nobody"))
    assert not fb.passed
    assert 'messages_from="trainers"' in (fb.hint or "")


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_every_field_others_can_see_is_scanned(forum: Forum, field: str) -> None:
    text = "Find me at the bus stop every morning"
    forum.set_profile("amina_k", field, text, "members")
    fb = check_privacy(forum, "amina_k", private_fields=())
    assert not fb.passed, field
    assert any("Others can see your" in m and "bus stop" in m for m in fb.missing), fb.missing
    assert not any("bus stop" in m for m in fb.recorded())
    forum.set_profile("amina_k", field, text, "only_me")
    assert check_privacy(forum, "amina_k", private_fields=()).passed


def test_a_public_field_is_named_once(forum: Forum) -> None:
    forum.set_profile("amina_k", "phone", "0712 345 678", "public")
    fb = check_privacy(forum, "amina_k")
    assert fb.missing == ["Your phone number is public: anyone on the internet can see it."]


def test_privacy_messages_read_at_grade_six_or_below(forum: Forum) -> None:
    forum.set_profile("amina_k", "about", "Find me at the bus stop every morning", "public")
    forum.set_profile("amina_k", "town", "Riverside", "public")
    failed = check_privacy(forum, "amina_k")
    assert not failed.passed
    forum.set_profile("amina_k", "about", "I love books.", "public")
    forum.set_profile("amina_k", "town", "Riverside", "members")
    passed = check_privacy(forum, "amina_k")
    assert passed.passed
    for line in [*failed.recorded(), *passed.recorded()]:
        assert textstat.flesch_kincaid_grade(line) <= 6, line
