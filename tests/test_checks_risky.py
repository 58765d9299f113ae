"""toolkit.checks.risky: one door from the checks and forms to the risk and hostility finders."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_privacy, check_signature
from toolkit.checks.risky import (
    MAX_SCAN,
    hurtful,
    member_names,
    note,
    notes,
    profile_findings,
    risks,
    words_of,
)
from toolkit.forum.clock import SimulatedClock
from toolkit.safety import Finding, find_hostility, find_risks


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.set_privacy("amina_k", messages_from="trainers")
    return f


RISKY = [
    pytest.param("call me 07700 900123", "phone", "07700 900123", id="uk-mobile"),
    pytest.param("ring 06 12 34 56 78", "phone", "06 12 34 56 78", id="fr-mobile"),
    pytest.param("+44 20 7946 0018", "phone", "+44 20 7946 0018", id="international"),
    pytest.param("me@example.org", "email", "me@example.org", id="email"),
    pytest.param("Amina, 12 Station Road", "home", "12 Station Road", id="street"),
    pytest.param(
        "My stall at the market, Fridays from 7", "routine", "Fridays from 7", id="stall-weekday"
    ),
    pytest.param("Library, Saturdays 10:30", "routine", "Saturdays 10:30", id="library-clock"),
]
SAFE = [
    pytest.param("Amina, Riverside reading group", id="group"),
    pytest.param("I love books and I want to start a reading club.", id="books"),
    pytest.param("Born 1995. I have 3 goats and 12 hens.", id="numbers"),
    pytest.param("I like Saturdays", id="time-only"),
    pytest.param("I went to school here", id="place-only"),
]


@pytest.mark.parametrize(("text", "kind", "words"), RISKY)
def test_risks_names_the_kind_and_the_exact_words(text: str, kind: str, words: str) -> None:
    found = risks(text)
    assert (kind, words) in [(f.kind, f.words) for f in found]
    for f in found:
        assert text[f.start : f.end] == f.words


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_has_no_risks(text: str) -> None:
    assert risks(text) == []


@pytest.mark.parametrize(
    "text",
    [None, 42, "", "   \n", "x" * (MAX_SCAN + 1)],
    ids=["none", "int", "empty", "blank", "too-long"],
)
def test_what_cannot_be_posted_is_not_scanned(text: object) -> None:
    assert risks(text) == []
    assert hurtful(text) == []


def test_a_long_text_the_forum_accepts_is_still_scanned() -> None:
    text = "Hello. " * ((MAX_SCAN - 40) // 7) + "Call me on 0712 345 678"
    assert len(text) <= MAX_SCAN
    assert [f.words for f in risks(text)] == ["0712 345 678"]


def test_risks_is_the_finder_with_the_forums_members(forum: Forum) -> None:
    forum.join("grace_w", "Grace Wanjiru")
    text = "Thank you Grace Wanjiru for the tips. Call me on 0712 345 678."
    # Without the forum, "Grace Wanjiru" is a private person's full name.
    assert "name" in [f.kind for f in risks(text)]
    assert [f.kind for f in risks(text, forum)] == ["phone"]
    assert risks(text, forum) == find_risks(text, names=member_names(forum))


def test_member_names_are_handles_and_display_names(forum: Forum) -> None:
    forum.join("grace_w", "Grace Wanjiru")
    assert set(member_names(forum)) == {"amina_k", "Amina", "grace_w", "Grace Wanjiru"}
    assert member_names(None) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I know where you live. Keep posting and see what happens to your family.", "threat"),
        ("Shut up and go back to the kitchen.", "silencing"),
        ("What a stupid idea.", "insult"),
        ("THIS IS THE WORST IDEA I HAVE EVER READ", "shouting"),
    ],
    ids=["threat", "silencing", "insult", "shouting"],
)
def test_hurtful_finds_threats_silencing_insults_and_shouting(text: str, kind: str) -> None:
    found = hurtful(text)
    assert kind in [f.kind for f in found]
    assert found == find_hostility(text)


@pytest.mark.parametrize(
    "text",
    [
        "I do not agree: the council will not pay for a new pump, so we should ask the church.",
        "I see it in a different way, because the bus is cheaper.",
    ],
    ids=["disagree", "different-way"],
)
def test_polite_disagreement_is_not_hurtful(text: str) -> None:
    assert hurtful(text) == []


# ------------------------------------------------------------------------------ note and words
PHONE = Finding("phone", "0712 345 678", 8, 20, "Anyone can call you.", "Take it out.")


def test_note_names_the_words_and_why() -> None:
    assert note(PHONE) == "“0712 345 678”. Anyone can call you."
    assert note(PHONE, "Your signature") == (
        "Your signature says “0712 345 678”. Anyone can call you."
    )
    assert notes([PHONE, PHONE], "Here") == [note(PHONE, "Here")] * 2
    assert notes([]) == []


def test_words_of_findings_and_field_pairs() -> None:
    street = Finding("home", "12 Station Road", 0, 15, "Why.", "Hint.")
    assert words_of([PHONE, street]) == ("0712 345 678", "12 Station Road")
    assert words_of([("about", PHONE), ("town", street)]) == ("0712 345 678", "12 Station Road")
    assert words_of([]) == ()


# ------------------------------------------------------------------------------ profiles
def test_phone_in_its_own_field_for_members_is_a_choice_not_a_risk() -> None:
    assert profile_findings({"phone": ("07700 900123", "members")}) == []
    public = profile_findings({"phone": ("07700 900123", "public")})
    assert [(name, f.kind, f.words) for name, f in public] == [("phone", "phone", "07700 900123")]
    # In another field, the same number is a risk for members too.
    about = profile_findings({"about": ("call 07700 900123", "members")})
    assert [(name, f.kind) for name, f in about] == [("about", "phone")]
    assert profile_findings({"about": ("call 07700 900123", "only_me")}) == []


def test_every_field_others_can_see_is_scanned() -> None:
    profile = {
        "about": ("Find me at the bus stop every morning", "public"),
        "interests": ("sewing, and my stall at the market on Fridays from 7", "members"),
        "town": ("Riverside", "public"),
        "languages": ("Swahili, English", "public"),
    }
    fields = {name for name, _f in profile_findings(profile)}
    assert fields == {"about", "interests"}


# ------------------------------------------------------------------------------ in the checks
@pytest.mark.parametrize(("text", "kind", "words"), RISKY)
def test_signature_check_names_the_words_while_they_remain(
    forum: Forum, text: str, kind: str, words: str
) -> None:
    forum.set_signature("amina_k", f"Amina\n{text}")
    fb = check_signature(forum, "amina_k")
    assert not fb.passed, (kind, fb.missing)
    # Shown on her screen, so she knows what to change...
    assert any(words in m for m in fb.missing), fb.missing
    # ...and left out of the progress file.
    assert not any(words in m for m in fb.recorded())
    forum.set_signature("amina_k", "Amina\nRiverside reading group")
    assert check_signature(forum, "amina_k").passed


@pytest.mark.parametrize(("text", "kind", "words"), RISKY)
def test_privacy_check_fails_while_about_you_shows_a_risky_detail(
    forum: Forum, text: str, kind: str, words: str
) -> None:
    forum.set_profile("amina_k", "about", text, "members")
    fb = check_privacy(forum, "amina_k")
    assert not fb.passed
    assert any("About you" in m and words in m for m in fb.missing), fb.missing
    assert not any(words in m for m in fb.recorded())
    forum.set_profile("amina_k", "about", text, "only_me")
    assert check_privacy(forum, "amina_k").passed


def test_lesson_8_answer_passes_and_its_start_fails(forum: Forum) -> None:
    about = "I love books. Find me at the Hillview library every Saturday at 10."
    forum.set_profile("amina_k", "about", about, "members")
    assert not check_privacy(forum, "amina_k").passed
    answer = "I love books and I want to start a reading club."
    forum.set_profile("amina_k", "about", answer, "members")
    assert check_privacy(forum, "amina_k").passed
