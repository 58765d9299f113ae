"""ProfileForm: check a username idea; display name, profile fields and privacy."""

from __future__ import annotations

import sys
import types

import pytest
from widget_support import (
    FakeFeedback,
    assert_bundle,
    new_forum,
    snapshot,
    strict_callbacks,
    visible_text,
)

from toolkit.widgets import ProfileForm
from toolkit.widgets._alias import alias_warnings

FACTS = {
    "real_name": "Amina Kone",
    "town": "Riverside",
    "phone": "+44 7700 900123",
    "birth_year": 1987,
}


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


@pytest.fixture
def no_checks(monkeypatch):
    """As if toolkit.checks did not exist: the widget's own small check is used."""
    monkeypatch.setitem(sys.modules, "toolkit.checks", None)


@pytest.mark.parametrize(
    ("alias", "needle"),
    [
        pytest.param("amina_reads", "real name", id="name"),
        pytest.param("KONE_k", "real name", id="surname-case"),
        pytest.param("riverside_mum", "town", id="town"),
        pytest.param("star_0123", "phone", id="phone-digits"),
        pytest.param("sun_1987", "birth year", id="year"),
        pytest.param("sun87", "birth year", id="two-digit-year"),
    ],
)
def test_alias_warnings_find_what_gives_you_away(alias, needle):
    assert any(needle in note for note in alias_warnings(alias, **FACTS))


def test_alias_warnings_quiet_for_a_safe_alias():
    assert alias_warnings("blue_heron", **FACTS) == []
    assert alias_warnings("blue_heron") == []


def test_alias_check_uses_own_helper_without_toolkit_checks(no_checks):
    form = ProfileForm(new_forum(), "amina_k", **FACTS)
    form.alias.value = "amina_riverside"
    assert isinstance(form.alias_feedback, list)
    assert "real name" in form.alias_status.value
    assert "town" in form.alias_status.value
    form.alias.value = "blue_heron"
    assert form.alias_feedback == []
    assert "Done:" in form.alias_status.value


def test_alias_check_prefers_toolkit_checks(monkeypatch):
    calls = []

    def check_alias(handle, *, real_name=None, town=None, phone=None, birth_year=None):
        calls.append((handle, real_name, town, phone, birth_year))
        return FakeFeedback(passed=False, text="Leave out your name.")

    fake = types.ModuleType("toolkit.checks")
    fake.check_alias = check_alias
    monkeypatch.setitem(sys.modules, "toolkit.checks", fake)
    form = ProfileForm(new_forum(), "amina_k", **FACTS)
    form.alias.value = "amina_k2"
    form.alias_button.click()
    assert calls[-1] == ("amina_k2", "Amina Kone", "Riverside", "+44 7700 900123", 1987)
    assert "Leave out your name." in form.alias_status.value
    assert form.alias_feedback.passed is False


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        pytest.param("lena_m", "already taken", id="taken"),
        pytest.param("LENA_M", "already taken", id="case-variant"),
        pytest.param("lеna_m", "looks too much like", id="cyrillic-homoglyph"),
        pytest.param("admin", "", id="reserved"),
        pytest.param("a\u200bmina", "", id="zero-width"),
    ],
)
def test_alias_that_cannot_be_used_is_a_plain_alert(no_checks, alias, message):
    form = ProfileForm(new_forum(), "amina_k", **FACTS)
    form.alias.value = alias
    assert 'role="alert"' in form.alias_status.value
    assert message in form.alias_status.value
    assert form.alias_feedback is None


def test_save_profile_and_privacy():
    forum = new_forum()
    form = ProfileForm(forum, "amina_k")
    form.display_name.value = "Amina K."
    about, about_vis = form.fields["about"]
    town, town_vis = form.fields["town"]
    assert town_vis.value == "only_me"  # the safe default
    about.value, about_vis.value = "I grow vegetables.", "public"
    town.value = "Riverside"
    form.messages_from.value = "trainers"
    form.submit.click()
    member = forum.member("amina_k")
    assert member.display_name == "Amina K."
    assert member.messages_from == "trainers"
    assert forum.profile(member) == {"about": ("I grow vegetables.", "public")}
    assert forum.profile(member, viewer=member)["town"] == ("Riverside", "only_me")
    assert form.result == member
    assert "Only me" in form.status.value
    assert "Riverside" in form.status.value


def test_form_starts_from_the_saved_profile_and_empty_removes():
    forum = new_forum()
    forum.set_profile("amina_k", "town", "Riverside", "members")
    form = ProfileForm(forum, "amina_k")
    town, town_vis = form.fields["town"]
    assert (town.value, town_vis.value) == ("Riverside", "members")
    town.value = ""
    form.submit.click()
    assert forum.profile("amina_k", viewer="amina_k") == {}


def test_refusal_changes_nothing():
    forum = new_forum()
    before = snapshot(forum)
    form = ProfileForm(forum, "amina_k")
    form.fields["about"][0].value = "I like books."
    form.display_name.value = "   "
    form.submit.click()
    assert snapshot(forum) == before
    assert 'role="alert"' in form.status.value
    assert "“Display name (the name people see)”" in form.status.value


def test_bundle():
    bundle = assert_bundle(ProfileForm(new_forum(), "amina_k"))
    labels = [f["label"] for f in bundle["application/vnd.toolkit.form+json"]["fields"]]
    assert labels[:2] == ["Username idea", "Display name (the name people see)"]
    assert "Who can see it? (Town)" in labels


RISKY_PROFILES = [
    pytest.param(
        "about",
        "Find me at the Hillview library every Saturday at 10.",
        "members",
        "About you",
        "Find me at the Hillview library every Saturday at 10",
        id="about-place-time",
    ),
    pytest.param(
        "about", "Call me on 07700 900123", "public", "About you", "07700 900123", id="about-phone"
    ),
    pytest.param(
        "languages",
        "English; write to me@example.org",
        "members",
        "Languages",
        "me@example.org",
        id="languages-email",
    ),
    pytest.param(
        "town", "Riverside, 12 Station Road", "members", "Town", "12 Station Road", id="town-street"
    ),
    pytest.param(
        "phone", "07700 900123", "public", "Phone number", "07700 900123", id="public-phone"
    ),
]


@pytest.mark.parametrize(("field", "value", "who", "label", "words"), RISKY_PROFILES)
def test_risky_profile_asks_first_then_saves_anyway_without_done(field, value, who, label, words):
    from toolkit.checks import check_privacy

    forum = new_forum()
    forum.set_privacy("amina_k", messages_from="trainers")
    before = snapshot(forum)
    form = ProfileForm(forum, "amina_k", check=check_privacy)
    box, who_sees = form.fields[field]
    box.value, who_sees.value = value, who
    form.submit.click()
    assert snapshot(forum) == before
    assert form.asking
    assert 'role="alert"' in form.status.value
    shown = visible_text(form.status.value)
    assert f"{label}: “{words}”." in shown  # the field, and the exact words in it
    assert "A safer way: " in shown
    form.save_anyway.click()
    assert forum.profile("amina_k", viewer="amina_k")[field] == (value, who)
    shown = visible_text(form.status.value)
    assert "Done:" not in shown
    assert shown.startswith("Saved, but not safe yet:")
    assert f"{label}: “{words}”." in shown
    assert not check_privacy(forum, "amina_k").passed


def test_a_phone_number_only_members_see_in_the_phone_field_saves_at_once():
    forum = new_forum()
    form = ProfileForm(forum, "amina_k")
    box, who_sees = form.fields["phone"]
    box.value, who_sees.value = "07700 900123", "members"
    form.submit.click()
    assert not form.asking
    assert forum.profile("amina_k", viewer="amina_k")["phone"] == ("07700 900123", "members")
    assert "Done:" in form.status.value


def test_change_it_goes_back_to_the_field_with_the_detail(monkeypatch):
    form = ProfileForm(new_forum(), "amina_k")
    focused = []
    for name, (box, _who) in form.fields.items():
        monkeypatch.setattr(box, "focus", lambda name=name: focused.append(name))
    box, who_sees = form.fields["town"]
    box.value, who_sees.value = "Riverside, 12 Station Road", "members"
    form.submit.click()
    form.change_it.click()
    assert focused == ["town"]
    assert "Town: “12 Station Road”." in visible_text(form.status.value)


def test_change_it_then_only_me_saves_with_done():
    from toolkit.checks import check_privacy

    forum = new_forum()
    form = ProfileForm(forum, "amina_k", check=check_privacy)
    about, about_vis = form.fields["about"]
    about.value = "Find me at the Hillview library every Saturday at 10."
    form.messages_from.value = "trainers"
    form.submit.click()
    form.change_it.click()
    assert not form.asking
    assert forum.profile("amina_k", viewer="amina_k") == {}
    about_vis.value = "only_me"  # only she sees it: nothing risky to ask about
    form.submit.click()
    assert "Done:" in form.status.value
    assert form.feedback.passed
