"""The one cast (toolkit/forum/cast.toml): the sample community and the scenarios come from it."""

from __future__ import annotations

from toolkit.forum import scenarios
from toolkit.forum.cast import _load, cast
from toolkit.forum.sample import sample_forum


def test_the_sample_community_is_the_casts_members_in_order() -> None:
    forum = sample_forum()
    joined = [(m.handle, m.display_name, m.role) for m in forum.members()]
    listed = [(m.handle, m.name, m.role) for m in cast().members]
    assert joined == listed
    assert forum.title == cast().title


def test_every_scenario_member_is_in_the_cast() -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    scenarios.phishing_inbox(forum, me)
    scenarios.abusive_comment(forum)
    scenarios.claims_feed(forum)
    strangers = {m.handle for m in forum.members()} - set(cast().handles)
    assert not strangers, f"the scenarios use handles that are not in the cast: {strangers}"


def test_names_surnames_towns_and_spellings_are_read() -> None:
    small = _load(
        """
        [community]
        title = "Test Forum"
        town = "Riverside"
        [[members]]
        handle = "nour_h"
        name = "نور"
        also = ["Nour"]
        role = "learner"
        [[people]]
        name = "Kofi"
        surname = "Mensah-Ade"
        towns = ["Hillcrest"]
        [[places]]
        name = "Market Road"
        kind = "street"
        [[places]]
        name = "Hillcrest"
        kind = "town"
        [[handles]]
        handle = "grey_cloud_42"
        who = "the harasser"
        [[sources]]
        name = "Data Detox Kit"
        [words]
        not_cast = ["Monday"]
        """
    )
    assert small.names() == {"نور", "Nour", "Kofi", "Mensah", "Ade"}
    assert small.place_words() == {"Market", "Road", "Hillcrest"}
    assert small.towns() == {"Hillcrest"}
    assert small.handles == {"nour_h": "نور", "grey_cloud_42": "the harasser"}
    assert small.people[0].towns == ("Hillcrest",)
    assert "Monday" in small.not_cast
    assert small.source_words() == {"Data", "Detox", "Kit"}
