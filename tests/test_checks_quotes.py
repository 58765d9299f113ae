"""check_quote: exact, credited, linked, short, with her own words."""

from __future__ import annotations

import pytest

from toolkit import Forum
from toolkit.checks import check_quote
from toolkit.forum.clock import SimulatedClock

SOURCE = (
    "The pump at the east well has been broken for two weeks. "
    "Families walk forty minutes to the river for water. "
    "I want to ask the council to repair it, and I need your help to count the families "
    "who use the well every day, so that the letter has good numbers in it. "
    "Please write to me if you can help with the counting on Saturday or on Sunday morning. "
    "We will meet at the school gate at eight, bring a pen and a notebook, and walk from house "
    "to house along the river road. Children are welcome to come with their parents. "
    "After the counting we will share tea at my house and write the letter together."
)
EXCERPT = "Families walk forty minutes to the river for water."


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.join("lena_m", "Lena")
    f.join("coach_ines", "Ines", role="trainer")
    f.post("amina_k", "Clean water", SOURCE)
    return f


@pytest.mark.parametrize(
    "body",
    [
        "As @amina_k wrote, the walk is long. It matters to me.",
        "Amina is right: this walk takes time from school.",
        "I agree with amina_k about the walk and the pump.",
    ],
    ids=["at-handle", "display-name", "bare-handle"],
)
def test_credited_quotes_pass(forum: Forum, body: str) -> None:
    q = forum.quote(forum.posts()[0], EXCERPT)
    forum.comment(forum.posts()[0], "lena_m", body, quote=q)
    fb = check_quote(forum, "lena_m")
    assert fb.passed, fb


def test_uncredited_quote_fails(forum: Forum) -> None:
    q = forum.quote(forum.posts()[0], EXCERPT)
    forum.comment(forum.posts()[0], "lena_m", "This is so true for my street.", quote=q)
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    assert fb.missing == ["Your own words do not name the author of the quote."]
    assert "@amina_k" in (fb.hint or "")


def test_name_inside_another_word_is_no_credit(forum: Forum) -> None:
    forum.set_display_name("amina_k", "Lena")
    q = forum.quote(forum.posts()[0], EXCERPT)
    forum.comment(forum.posts()[0], "lena_m", "A lenient council will not act fast.", quote=q)
    assert not check_quote(forum, "lena_m").passed


def test_long_quote_fails(forum: Forum) -> None:
    long_excerpt = (
        "I want to ask the council to repair it, and I need your help to count the families "
        "who use the well every day, so that the letter has good numbers in it. "
        "Please write to me if you can help"
    )
    q = forum.quote(forum.posts()[0], long_excerpt)
    forum.comment(forum.posts()[0], "lena_m", "As @amina_k wrote, we need numbers.", quote=q)
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    assert any("Your quote is long" in m for m in fb.missing)


def test_quote_of_removed_comment_has_no_link(forum: Forum) -> None:
    c = forum.comment(forum.posts()[0], "amina_k", "The council meets on Monday at nine.")
    q = forum.quote(c, "council meets on Monday")
    forum.post("lena_m", "Council", "As @amina_k said, we should all go there.", quote=q)
    forum.remove(c, "coach_ines", "testing a removed source")
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    assert any("no link" in m for m in fb.missing)


def test_no_quote_yet(forum: Forum) -> None:
    forum.comment(forum.posts()[0], "lena_m", "As @amina_k wrote, yes.")
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    assert fb.missing == ["You have not posted a quote yet."]


def test_unknown_member_never_raises(forum: Forum) -> None:
    assert not check_quote(forum, "ghost_x").passed
