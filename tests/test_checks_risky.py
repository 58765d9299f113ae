"""Risky details (phone, e-mail, street, place + time), and the checks that use them."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_privacy, check_signature
from toolkit.checks.risky import profile_risks, risky_details
from toolkit.forum.clock import SimulatedClock


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.set_privacy("amina_k", messages_from="trainers")
    return f


RISKY = [
    pytest.param("call me 07700 900123", "phone", id="uk-mobile"),
    pytest.param("ring 06 12 34 56 78", "phone", id="fr-mobile"),
    pytest.param("tel 012 345 678", "phone", id="kh-phone"),
    pytest.param("+44 20 7946 0018", "phone", id="international"),
    pytest.param("me@example.org", "email", id="email"),
    pytest.param("Amina, 12 Station Road", "street", id="street"),
    pytest.param("I teach at Hill school every Monday at 8", "place_time", id="school-schedule"),
    pytest.param("My stall at the market, Fridays from 7", "place_time", id="stall-weekday"),
    pytest.param("Library, Saturdays 10:30", "place_time", id="library-clock"),
    pytest.param("Find me at the bus stop every morning", "place_time", id="bus-stop"),
]
SAFE = [
    pytest.param("Amina, Riverside reading group", id="group"),
    pytest.param("I love books and I want to start a reading club.", id="books"),
    pytest.param("Born 1995. I have 3 goats and 12 hens.", id="numbers"),
    pytest.param("I like Saturdays", id="time-only"),
    pytest.param("I went to school here", id="place-only"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize(("text", "kind"), RISKY)
def test_risky_details_found(text: str, kind: str) -> None:
    assert kind in [d.kind for d in risky_details(text)]


@pytest.mark.parametrize("text", SAFE)
def test_safe_text_has_no_risky_details(text: str) -> None:
    assert risky_details(text) == []


@pytest.mark.parametrize(("text", "kind"), RISKY)
def test_signature_check_fails_while_a_risky_detail_remains(
    forum: Forum, text: str, kind: str
) -> None:
    forum.set_signature("amina_k", f"Amina\n{text}")
    fb = check_signature(forum, "amina_k")
    assert not fb.passed, (kind, fb.missing)
    # The note never repeats the detail itself (feedback is saved in the progress file).
    assert not any(text in note for note in fb.missing)
    forum.set_signature("amina_k", "Amina\nRiverside reading group")
    assert check_signature(forum, "amina_k").passed


@pytest.mark.parametrize(("text", "kind"), RISKY)
def test_privacy_check_fails_while_about_you_shows_a_risky_detail(
    forum: Forum, text: str, kind: str
) -> None:
    forum.set_profile("amina_k", "about", text, "members")
    fb = check_privacy(forum, "amina_k")
    assert not fb.passed
    assert any("about you" in note for note in fb.missing), fb.missing
    forum.set_profile("amina_k", "about", text, "only_me")
    assert check_privacy(forum, "amina_k").passed


def test_phone_in_its_own_field_for_members_is_a_choice_not_a_risk() -> None:
    assert profile_risks({"phone": ("07700 900123", "members")}) == []
    assert [d.kind for _f, d in profile_risks({"phone": ("07700 900123", "public")})] == ["phone"]
    assert profile_risks({"about": ("call 07700 900123", "only_me")}) == []


def test_lesson_8_answer_passes_and_its_start_fails(forum: Forum) -> None:
    about = "I love books. Find me at the Hillview library every Saturday at 10."
    forum.set_profile("amina_k", "about", about, "members")
    assert not check_privacy(forum, "amina_k").passed
    answer = "I love books and I want to start a reading club."
    forum.set_profile("amina_k", "about", answer, "members")
    assert check_privacy(forum, "amina_k").passed


def test_phone_found_without_phonenumbers_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "phonenumbers", None)  # import fails: the forum's pattern
    assert [d.kind for d in risky_details("call me 07700 900123")] == ["phone"]
    assert risky_details("Born 1995. I have 3 goats.") == []
