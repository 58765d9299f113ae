"""check_quote: exact, credited, linked, short, with her own words."""

from __future__ import annotations

import pytest
import textstat

from toolkit import Forum
from toolkit.checks import check_quote
from toolkit.checks.quotes import check_ask_first, check_copied_quote, share_link
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


# ----------------------------------------------------------------------- copied by hand
def _copied(forum: Forum, **changes: str) -> dict[str, str]:
    post = forum.posts()[0]
    answer = {"excerpt": f"“{EXCERPT}”", "author": "Amina", "link": share_link(post)}
    return {**answer, **changes}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="curly-quotes-display-name"),
        pytest.param({"excerpt": EXCERPT, "author": "@amina_k"}, id="at-handle"),
        pytest.param({"excerpt": f'"{EXCERPT}"', "author": "amina_k"}, id="straight-quotes"),
        pytest.param({"excerpt": "Families  walk forty\nminutes"}, id="spaces-and-a-part"),
        pytest.param({"link": "#post-{id}"}, id="anchor-only"),
    ],
)
def test_a_quote_copied_by_hand_passes(forum: Forum, changes: dict[str, str]) -> None:
    post = forum.posts()[0]
    answer = _copied(forum, **changes)
    answer["link"] = answer["link"].format(id=post.id)
    fb = check_copied_quote(answer, post=post)
    assert fb.passed, fb
    assert fb.check == "copied_quote"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        pytest.param(
            {"excerpt": "Families walk forty long minutes to the river."},
            "These words are not in the post: “long”.",
            id="added-word",
        ),
        pytest.param(
            {"excerpt": "families walk forty minutes to the river for water"},
            "a capital letter or a mark like a comma is different",
            id="capital-letter",
        ),
        pytest.param(
            {"excerpt": "Families walk to the river for water."},
            "not in this order, or some words are left out",
            id="skipped-words",
        ),
        pytest.param({"excerpt": ""}, "The excerpt box is empty.", id="empty-excerpt"),
        pytest.param({"excerpt": SOURCE}, "whole post", id="whole-post"),
        pytest.param({"author": "Lena"}, "“Lena” did not write this post.", id="someone-else"),
        pytest.param({"author": ""}, "The name box is empty.", id="no-name"),
        pytest.param({"link": "Clean water"}, "not the link of a post", id="title-not-link"),
        pytest.param({"link": ""}, "The link box is empty.", id="no-link"),
    ],
)
def test_a_copy_that_is_not_yet_names_what_is_wrong(
    forum: Forum, changes: dict[str, str], says: str
) -> None:
    fb = check_copied_quote(_copied(forum, **changes), post=forum.posts()[0])
    assert not fb.passed
    assert any(says in line for line in fb.missing), fb.missing
    # The parts that are right are still praised.
    assert len(fb.good) == 2, fb.good


def test_a_link_to_another_post_is_not_yet(forum: Forum) -> None:
    other = forum.post("lena_m", "Market day", "The market opens early on Friday this week.")
    fb = check_copied_quote(_copied(forum, link=share_link(other)), post=forum.posts()[-1])
    assert not fb.passed
    assert "This link leads to another post." in " ".join(fb.missing)


def test_copying_a_risky_detail_by_hand_is_not_yet(forum: Forum, risky_post: object) -> None:
    answer = {
        "excerpt": "Call me on 0712 345 678 if you want to share a delivery.",
        "author": "Amina",
        "link": share_link(risky_post),  # type: ignore[arg-type]
    }
    fb = check_copied_quote(answer, post=risky_post)  # type: ignore[arg-type]
    assert not fb.passed
    assert any("could put Amina at risk" in m for m in fb.missing)
    assert not any("0712" in m for m in fb.recorded())


def test_the_copy_check_needs_the_form(forum: Forum) -> None:
    fb = check_copied_quote("Families walk", post=forum.posts()[0])
    assert not fb.passed
    assert "boxes of the form" in fb.missing[0]


# ----------------------------------------------------------------------- asking first
KIND_ASK = (
    "Hello Amina, I read your post about the pump. May I quote one sentence in my post? "
    "It is fine if you say no."
)


@pytest.mark.parametrize(
    ("to", "message"),
    [
        pytest.param("@amina_k", KIND_ASK, id="handle"),
        pytest.param("Amina", KIND_ASK.replace("?", "."), id="asks-without-a-question-mark"),
        pytest.param(
            "amina_k",
            "Hi! Would you mind if I share your words on the forum? You don’t have to agree.",
            id="curly-apostrophe",
        ),
    ],
)
def test_a_kind_request_passes(forum: Forum, to: str, message: str) -> None:
    fb = check_ask_first({"to": to, "message": message}, post=forum.posts()[0])
    assert fb.passed, fb
    assert fb.check == "ask_first"


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        pytest.param(
            {"to": "Lena", "message": KIND_ASK},
            "Your message goes to “Lena”, but Amina wrote the post.",
            id="wrong-person",
        ),
        pytest.param(
            {
                "to": "amina_k",
                "message": "I will quote your post tomorrow. It is fine if you say no.",
            },
            "does not ask a question yet",
            id="tells-not-asks",
        ),
        pytest.param(
            {"to": "amina_k", "message": "Hello Amina, is it ok? It is fine if you say no."},
            "Say what you want to do",
            id="does-not-say-what",
        ),
        pytest.param(
            {"to": "amina_k", "message": "Hello Amina, may I quote your post?"},
            "fine to say no",
            id="no-way-to-say-no",
        ),
        pytest.param({"to": "", "message": KIND_ASK}, "who gets the message", id="nobody"),
        pytest.param({"to": "amina_k", "message": " "}, "message box is empty", id="empty"),
    ],
)
def test_a_request_that_is_not_yet_names_what_is_missing(
    forum: Forum, answer: dict[str, str], says: str
) -> None:
    fb = check_ask_first(answer, post=forum.posts()[0])
    assert not fb.passed
    assert any(says in line for line in fb.missing), fb.missing


def test_new_messages_read_at_grade_six_or_below(forum: Forum) -> None:
    post = forum.posts()[0]
    results = [
        check_ask_first({"to": "Lena", "message": "Hello."}, post=post),
        check_copied_quote({"excerpt": "Families walk far", "author": "Lena"}, post=post),
        check_copied_quote({"excerpt": "families walk", "link": "#post-99"}, post=post),
    ]
    for fb in results:
        for line in [*fb.recorded(), fb.hint or ""]:
            assert textstat.flesch_kincaid_grade(line) <= 6, line


@pytest.mark.parametrize(
    ("excerpt", "passed"),
    [
        pytest.param("I want to ask the council to repair it", True, id="the-part-she-allowed"),
        pytest.param(EXCERPT, False, id="the-part-she-kept-out"),
        pytest.param("walk forty minutes", False, id="three-words-of-it"),
        pytest.param("Families", False, id="one-word-inside-it"),
    ],
)
def test_words_the_author_kept_out_are_not_yet(forum: Forum, excerpt: str, passed: bool) -> None:
    fb = check_copied_quote(
        _copied(forum, excerpt=excerpt), post=forum.posts()[0], keep_out=[EXCERPT]
    )
    assert fb.passed is passed, fb
    if not passed:
        assert (
            fb.missing[0]
            == "Amina asked you not to quote these words. Choose the part she said yes to."
        )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "fr",
            "Bonjour Amina, j'ai lu ta publication. Est-ce que je peux citer une phrase dans "
            "mon post sur le forum ? Tu peux dire non, ce n'est pas grave.",
        ),
        (
            "ar",
            "مرحبًا أمينة، قرأتُ منشوركِ. هل يمكنني أن أقتبس جملة منه في منشوري على المنتدى؟ "
            "لا بأس إن رفضتِ.",
        ),
    ],
)
def test_asking_first_in_french_or_arabic_passes(forum: Forum, lang: str, message: str) -> None:
    from toolkit.course.languages import speaking

    with speaking(lang):
        fb = check_ask_first({"to": "@amina_k", "message": message}, post=forum.posts()[0])
    assert fb.passed, fb.missing


def test_a_french_request_without_a_way_to_say_no_is_not_yet(forum: Forum) -> None:
    from toolkit.course.languages import speaking

    with speaking("fr"):
        fb = check_ask_first(
            {"to": "@amina_k", "message": "Bonjour, est-ce que je peux citer ta phrase ?"},
            post=forum.posts()[0],
        )
        assert not fb.passed
        from toolkit.i18n import _

        assert _("Tell her that it is fine to say no.") in fb.missing


def test_a_cast_members_name_in_arabic_script_credits_her(forum: Forum) -> None:
    # The forum shows "Amina"; an Arabic learner writes «أمينة» (toolkit/forum/cast.toml also).
    q = forum.quote(forum.posts()[0], EXCERPT)
    forum.comment(forum.posts()[0], "lena_m", "كما كتبت أمينة، الطريق طويل جدًا.", quote=q)
    assert check_quote(forum, "lena_m").passed
    q2 = forum.quote(forum.posts()[0], EXCERPT)
    forum.comment(forum.posts()[0], "lena_m", "كما كتبت سوخا، الطريق طويل جدًا.", quote=q2)
    assert not check_quote(forum, "lena_m").passed  # Sokha did not write it
