"""check_quote: exact, credited, linked, short, with her own words."""

from __future__ import annotations

import pytest
import textstat

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


# ----------------------------------------------------------------------------- risky details
RISKY_SOURCE = (
    "I sell vegetables at my stall near the bus station. Prices went up again this month. "
    "Call me on 0712 345 678 if you want to share a delivery."
)


@pytest.fixture
def risky_post(forum: Forum) -> object:
    return forum.post("amina_k", "Prices", RISKY_SOURCE)


def test_quoting_a_risky_detail_is_not_yet(forum: Forum, risky_post: object) -> None:
    q = forum.quote(risky_post, "Call me on 0712 345 678 if you want to share a delivery.")
    forum.comment(risky_post, "lena_m", "As @amina_k wrote, we could share.", quote=q)
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    line = next(m for m in fb.missing if "0712 345 678" in m)
    assert line.startswith("You quoted a detail that could put Amina at risk: “0712 345 678”.")
    assert line.endswith("Strangers could use it to reach Amina.")
    assert "leave out the details about Amina" in (fb.hint or "")
    # Everything else about the quote is still praised.
    assert "You named the author in your own words." in fb.good
    assert not any("0712" in m for m in fb.recorded())


def test_quoting_where_to_find_her_names_the_words(forum: Forum, risky_post: object) -> None:
    q = forum.quote(risky_post, "I sell vegetables at my stall near the bus station.")
    forum.comment(risky_post, "lena_m", "As @amina_k wrote, her stall is good.", quote=q)
    fb = check_quote(forum, "lena_m")
    assert not fb.passed
    risky = [m for m in fb.missing if m.startswith("You quoted a detail")]
    assert risky, fb.missing
    assert all("where to find Amina" in m for m in risky), risky


def test_quoting_the_safe_part_of_a_risky_post_passes(forum: Forum, risky_post: object) -> None:
    q = forum.quote(risky_post, "Prices went up again this month.")
    forum.comment(risky_post, "lena_m", "As @amina_k wrote, prices are high here too.", quote=q)
    fb = check_quote(forum, "lena_m")
    assert fb.passed, fb
    assert "Your quote does not repeat details that could put someone at risk." in fb.good


def test_quote_messages_read_at_grade_six_or_below(forum: Forum, risky_post: object) -> None:
    for n, excerpt in enumerate(
        (
            "Call me on 0712 345 678 if you want to share a delivery.",
            "I sell vegetables at my stall near the bus station.",
        )
    ):
        q = forum.quote(risky_post, excerpt)
        forum.comment(risky_post, "lena_m", f"As @amina_k wrote, this matters ({n}).", quote=q)
        fb = check_quote(forum, "lena_m")
        assert not fb.passed
        # recorded(): the quoted words left out, so only our sentences are measured.
        for line in [*fb.recorded(), fb.hint or ""]:
            assert textstat.flesch_kincaid_grade(line) <= 6, line
