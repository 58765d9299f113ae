"""Feedback: the card, the plain text, the JSON for the grader, and the public names."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

import toolkit.checks
from toolkit.checks import FEEDBACK_MIME, Feedback


def test_exported_names() -> None:
    # The lessons call these names; other checks may be added beside them.
    assert set(toolkit.checks.__all__) >= {
        "FEEDBACK_MIME",
        "Feedback",
        "check_alias",
        "check_first_post",
        "check_kind_reply",
        "check_phishing_sort",
        "check_privacy",
        "check_quote",
        "check_report",
        "check_signature",
    }
    assert all(hasattr(toolkit.checks, name) for name in toolkit.checks.__all__)


@pytest.mark.parametrize(
    ("passed", "heading", "icon"),
    [(True, "Well done!", "✓"), (False, "Not yet — keep going", "○")],
    ids=["passed", "not-yet"],
)
def test_card_says_result_in_words_and_icons(passed: bool, heading: str, icon: str) -> None:
    fb = Feedback("demo", passed, ["Good <b>thing</b>"], ["Missing & more"], "Try <this>")
    soup = BeautifulSoup(fb._repr_html_(), "html.parser")
    card = soup.find("section")
    assert card["role"] == "status"
    assert heading in card.find("h3").text
    assert icon in card.find("h3").text
    items = [li.text for li in card.find_all("li")]
    assert items == ["✓ Good <b>thing</b>", "○ Missing & more"]
    assert card.find("b") is None  # escaped, not rendered
    assert "Try <this>" in card.find("p").text


def test_card_leaves_out_empty_lists() -> None:
    html = Feedback("demo", True, ["Fine."], [], None)._repr_html_()
    assert "What is missing" not in html
    assert "Hint" not in html


def test_plain_text() -> None:
    text = str(Feedback("demo", False, ["A"], ["B"], "C"))
    assert text.splitlines() == [
        "○ Not yet — keep going",
        "What went well:",
        "  ✓ A",
        "What is missing:",
        "  ○ B",
        "Hint: C",
    ]


def test_mimebundle_carries_json_for_the_grader() -> None:
    fb = Feedback("first_post", False, ["Posted."], ["Too short."], "Add words.")
    bundle = fb._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", FEEDBACK_MIME}
    data = json.loads(json.dumps(bundle[FEEDBACK_MIME]))
    assert data["check"] == "first_post"
    assert data["passed"] is False
    assert data["messages"] == ["Too short.", "Posted."]
    assert data["hint"] == "Add words."


# ----------------------------------------------------------------------------- private words
def test_recorded_leaves_out_her_private_words() -> None:
    fb = Feedback(
        "first_post",
        False,
        ["You posted."],
        ["“0712 345 678”. Anyone can call you.", "“14 Lotus Lane”. This says where you live."],
        "Take it out.",
        private=("0712 345 678", "14 Lotus Lane"),
    )
    assert fb.recorded() == [
        "“…”. Anyone can call you.",
        "“…”. This says where you live.",
        "You posted.",
    ]
    # On her screen and for the grader, the words stay: she needs to know what to change.
    assert "0712 345 678" in str(fb)
    assert "0712 345 678" in fb.to_data()["messages"][0]


def test_recorded_replaces_the_longest_words_first() -> None:
    # "345" is inside "0712 345 678": replacing it first would leave "0712 … 678" behind.
    fb = Feedback("x", False, [], ["“0712 345 678” and “345”."], private=("345", "0712 345 678"))
    assert fb.recorded() == ["“…” and “…”."]


def test_recorded_without_private_words_is_the_messages() -> None:
    fb = Feedback("x", False, ["Good."], ["Missing."], private=("",))
    assert fb.recorded() == fb.messages == ["Missing.", "Good."]


def test_private_words_are_not_part_of_the_result() -> None:
    plain = Feedback("x", False, [], ["M."])
    secret = Feedback("x", False, [], ["M."], private=("0712 345 678",))
    assert plain == secret
    assert "0712" not in repr(secret)
    assert "private" not in secret.to_data()
