"""check_report, check_phishing_sort and check_real_site."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_phishing_sort, check_report
from toolkit.checks.reports import check_real_site, real_site
from toolkit.forum.clock import SimulatedClock


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.join("troll_x", "Troll")
    f.post("troll_x", "Free prizes", "Click here to win a phone, just send your password.")
    return f


@pytest.mark.parametrize(
    ("reason", "note"),
    [("phishing", ""), ("other", "It asks for passwords."), ("spam", "Looks like spam to me.")],
    ids=["reason-only", "other-with-note", "reason-and-note"],
)
def test_reports_that_say_why_pass(forum: Forum, reason: str, note: str) -> None:
    post = forum.posts()[0]
    forum.report(post, "amina_k", reason, note)
    assert check_report(forum, "amina_k", post).passed
    assert check_report(forum, "amina_k", post.anchor).passed
    assert check_report(forum, "amina_k").passed


@pytest.mark.parametrize("note", ["", "bad", "very bad"], ids=["no-note", "one-word", "two-words"])
def test_other_without_a_reason_fails(forum: Forum, note: str) -> None:
    forum.report(forum.posts()[0], "amina_k", "other", note)
    fb = check_report(forum, "amina_k")
    assert not fb.passed
    assert fb.missing == ["Your report does not say why."]


def test_report_on_another_target_does_not_count(forum: Forum) -> None:
    other = forum.post("amina_k", "Market day", "The market opens at eight on Saturday.")
    forum.report(forum.posts()[-1], "amina_k", "phishing")
    fb = check_report(forum, "amina_k", other)
    assert not fb.passed
    assert fb.missing == ["You have not reported it yet."]


def test_report_of_a_message(forum: Forum) -> None:
    msg = forum.send("troll_x", "amina_k", "I am the moderator, send me your password.")
    forum.report(msg, "amina_k", "impersonation")
    assert check_report(forum, "amina_k", msg).passed
    assert check_report(forum, "amina_k", "message-1").passed


def test_report_wrong_target_type_never_raises(forum: Forum) -> None:
    assert not check_report(forum, "amina_k", 3.5).passed  # type: ignore[arg-type]


KEY = {
    "message-1": "safe",
    "message-2": {"label": "phishing", "cue": "The link goes to a look-alike address."},
    "message-3": {"label": "impersonation", "cue": "coach_lnes has an l, not an i."},
}


def test_all_right_passes() -> None:
    answers = {"message-1": "safe", "message-2": "Phishing ", "#message-3": "impersonation"}
    fb = check_phishing_sort(answers, KEY)
    assert fb.passed
    assert fb.good == ["You sorted 3 of 3 messages correctly."]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"message-1": "safe", "message-2": "safe", "message-3": "impersonation"},
            [
                'message-2: you chose "safe", but it is "phishing". '
                "The clue: The link goes to a look-alike address."
            ],
        ),
        (
            {"message-1": "phishing", "message-2": "phishing", "message-3": "impersonation"},
            ['message-1: you chose "phishing", but it is "safe".'],
        ),
        (
            {"message-1": "safe", "message-2": "phishing"},
            ["message-3: you have not sorted it yet."],
        ),
        (
            {"message-1": "safe", "message-2": None, "message-3": "impersonation"},
            ["message-2: you have not sorted it yet."],
        ),
        (
            {"message-1": "spam", "message-2": "phishing", "message-3": "impersonation"},
            ['message-1: "spam" is not one of the choices (safe, phishing, impersonation).'],
        ),
    ],
    ids=["missed-cue", "no-cue", "unanswered", "empty-form-row", "unknown-label"],
)
def test_mistakes_are_named(answers: dict[str, str], expected: list[str]) -> None:
    fb = check_phishing_sort(answers, KEY)
    assert not fb.passed
    assert fb.missing == expected
    assert fb.hint


@pytest.mark.parametrize(
    ("answers", "key"),
    [(None, KEY), ("safe", KEY), ({"message-1": 3}, KEY), ({}, {}), ({}, None)],
    ids=["none", "text", "number-label", "empty-key", "no-key"],
)
def test_wrong_input_never_raises(answers: object, key: object) -> None:
    fb = check_phishing_sort(answers, key)  # type: ignore[arg-type]
    assert not fb.passed


# ------------------------------------------------------------------------------- reading an address
ADDRESS = "riverside-library.example.win-a-tablet.example/claim"


@pytest.mark.parametrize(
    ("address", "site"),
    [
        (ADDRESS, "win-a-tablet.example"),
        ("https://www.library.example/news", "library.example"),
        ("HTTP://Library.Example", "library.example"),
        ("library.example@win.example:8080/a?b", "win.example"),
        ("shop.example?next=/library.example", "shop.example"),
    ],
)
def test_real_site_is_the_end_of_the_name(address: str, site: str) -> None:
    assert real_site(address) == site


@pytest.mark.parametrize(
    "answer",
    ["win-a-tablet.example", " WIN-A-TABLET.EXAMPLE/ ", "https://win-a-tablet.example/claim"],
)
def test_the_real_site_passes(answer: str) -> None:
    fb = check_real_site(answer, ADDRESS)
    assert fb.passed, fb.missing
    assert fb.good == ["Right: this link really opens win-a-tablet.example."]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("riverside-library.example", "is the front of the address"),
        ("riverside-library.example.win-a-tablet.example", "You copied the whole name"),
        ("claim", "comes after the /"),
        ("win-a-tablet", "Write the whole name, with its ending"),
        ("library.example", "is not the site this address opens"),
        ("   ", "You have not typed a site name yet."),
    ],
    ids=["front", "whole-name", "path", "no-ending", "other", "empty"],
)
def test_a_wrong_site_names_the_part_she_read(answer: str, expected: str) -> None:
    fb = check_real_site(answer, ADDRESS)
    assert not fb.passed
    [line] = fb.missing
    assert expected in line
    assert fb.hint


def test_her_words_stay_out_of_the_progress_file() -> None:
    fb = check_real_site("claim", ADDRESS)
    assert "claim" in fb.missing[0]
    assert "claim" not in " ".join(fb.recorded())


@pytest.mark.parametrize(
    ("answer", "address"), [(None, ADDRESS), (3, ADDRESS), ("x", ""), ("x", None)]
)
def test_real_site_wrong_input_never_raises(answer: object, address: object) -> None:
    fb = check_real_site(answer, address)  # type: ignore[arg-type]
    assert not fb.passed
    assert fb.missing
