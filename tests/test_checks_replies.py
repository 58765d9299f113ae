"""check_kind_reply: replies that respond kindly, and ones that do not."""

from __future__ import annotations

import pytest
import textstat

from toolkit import Forum
from toolkit.checks import check_kind_reply
from toolkit.checks.replies import content_words
from toolkit.checks.risky import hurtful
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.model import Post


@pytest.fixture
def forum() -> Forum:
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.join("lena_m", "Lena")
    f.post(
        "amina_k",
        "Clean water",
        "The pump at the east well has been broken for two weeks. Families walk to the river.",
    )
    return f


def _water(forum: Forum) -> Post:
    return next(p for p in forum.posts() if p.title == "Clean water")


@pytest.mark.parametrize(
    "body",
    [
        "Two weeks without the pump is too long. I will help.",
        "Could we write to the council together?",
        "Thank you, you are brave to start this.",
        "The pump matters. Small typo in the title, but the idea is great.",
    ],
    ids=["shares-content-word", "asks-question", "second-person", "grammar-plus-content"],
)
def test_kind_replies_pass(forum: Forum, body: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert fb.passed, fb


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Your spelling is bad.", "spelling or grammar"),
        ("Learn english grammar first", "spelling or grammar"),
        ("Nice weather today.", "does not say anything"),
        ("Stupid idea about the pump.", "“Stupid”"),
        ("Shut up, you idiot.", "“idiot”"),
        ("THE PUMP IS NOT MY PROBLEM AT ALL", "shouting"),
    ],
    ids=["spelling", "grammar", "off-topic", "insult", "two-insults", "shouting"],
)
def test_unkind_or_off_topic_replies_fail(forum: Forum, body: str, expected: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m")
    assert not fb.passed
    assert any(expected in line for line in fb.missing), fb.missing
    assert fb.hint


THREAT = "I know where you live. Keep posting and see what happens to your family."


def test_the_issues_threat_is_not_yet_and_names_the_words(forum: Forum) -> None:
    forum.comment(_water(forum), "lena_m", THREAT)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert not fb.passed
    assert any("“I know where you live”" in m and "threat" in m for m in fb.missing), fb.missing
    assert any("Keep posting and see what happens" in m for m in fb.missing), fb.missing
    assert not any(m.startswith("Your tone is kind") for m in fb.good)
    assert (fb.hint or "").startswith("Do not send this.")
    assert not any("where you live" in m for m in fb.recorded())


@pytest.mark.parametrize(
    "body",
    [
        "Stay quiet about the pump, women like you should know their place.",
        "I have your photo from the well. Delete this or everyone sees it.",
        "People like you are animals, the pump is not for you.",
    ],
    ids=["silencing", "blackmail", "contempt"],
)
def test_threats_silencing_blackmail_and_contempt_are_named(forum: Forum, body: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert not fb.passed
    # The words named are her own: a part of the reply, in quotation marks.
    named = [m.split("”", 1)[0].lstrip("“") for m in fb.missing if m.startswith("“")]
    assert named, fb.missing
    assert all(words in body for words in named)


@pytest.mark.parametrize(
    "body",
    [
        "I do not agree that the pump is the problem. I think the river path matters more.",
        "I see it in a different way, because the council fixed the pump last year?",
        "Respectfully, two weeks is not long for the council. Could we wait one more week?",
    ],
    ids=["disagree", "different-way", "respectfully"],
)
def test_polite_disagreement_passes(forum: Forum, body: str) -> None:
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert fb.passed, fb
    assert "Your tone is kind: no threats, no hurtful words and no shouting." in fb.good


def test_a_reply_that_gives_a_phone_number_is_not_yet(forum: Forum) -> None:
    forum.comment(_water(forum), "lena_m", "I can help with the pump. Call me on 0712 345 678.")
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert not fb.passed
    assert any("“0712 345 678”" in m for m in fb.missing), fb.missing
    assert (fb.hint or "").startswith("A safer way: ")
    assert "0712" not in " ".join(fb.recorded())


def test_hurtful_words_come_before_risky_ones(forum: Forum) -> None:
    body = "Stupid pump. Call me on 0712 345 678."
    forum.comment(_water(forum), "lena_m", body)
    fb = check_kind_reply(forum, "lena_m", _water(forum))
    assert "Stupid" in fb.missing[0]
    assert "0712 345 678" in fb.missing[1]
    # The hint is the hurtful finding's kinder way.
    assert fb.hint == hurtful(body)[0].hint


def test_reply_messages_read_at_grade_six_or_below(forum: Forum) -> None:
    forum.comment(_water(forum), "lena_m", THREAT + " Call me on 0712 345 678.")
    failed = check_kind_reply(forum, "lena_m")
    forum.comment(_water(forum), "lena_m", "Two weeks without the pump is too long. I will help.")
    passed = check_kind_reply(forum, "lena_m")
    assert passed.passed
    # recorded(): her own words left out, so only our sentences are measured.
    for line in [*failed.recorded(), *passed.recorded()]:
        assert textstat.flesch_kincaid_grade(line) <= 6, line


def test_grammar_hint_says_respond_to_content(forum: Forum) -> None:
    forum.comment(_water(forum), "lena_m", "Your grammar is wrong.")
    assert "not the grammar" in (check_kind_reply(forum, "lena_m").hint or "")


def test_reply_to_a_comment_is_compared_with_that_comment(forum: Forum) -> None:
    first = forum.comment(_water(forum), "amina_k", "I will bring the petition to the market.")
    forum.reply(first, "lena_m", "The petition at the market sounds good.")
    fb = check_kind_reply(forum, "lena_m", first)
    assert fb.passed, fb


def test_no_reply_on_that_post(forum: Forum) -> None:
    other = forum.post("lena_m", "Market lights", "Three street lights on Market Road are out.")
    forum.comment(other, "amina_k", "The lights on Market Road need fixing, yes.")
    fb = check_kind_reply(forum, "amina_k", _water(forum))
    assert not fb.passed
    assert fb.missing == ["You have not replied to this post yet."]


@pytest.mark.parametrize("target", [3.5, object()], ids=["float", "object"])
def test_wrong_target_type_never_raises(forum: Forum, target: object) -> None:
    fb = check_kind_reply(forum, "lena_m", target)  # type: ignore[arg-type]
    assert not fb.passed


def test_content_words_ignore_common_and_short_words() -> None:
    assert content_words("This is the pump, really! Wells") == {"pump", "well"}


def test_a_new_reply_without_the_number_passes_as_the_hint_says(forum: Forum) -> None:
    # The reply forms cannot edit, so the hint offers a new reply; the check reads the newest.
    forum.comment(_water(forum), "lena_m", "I can help with the pump. Call me on 0712 345 678.")
    hint = check_kind_reply(forum, "lena_m", _water(forum)).hint or ""
    assert hint.endswith("Then take it out: edit your reply, or send a new reply without it.")
    fixed = "I can help with the pump. Shall we write to the council?"
    forum.comment(_water(forum), "lena_m", fixed)
    assert check_kind_reply(forum, "lena_m", _water(forum)).passed


# -- French and Arabic: the same reading in the learner's language ----------------------------

POSTS = {
    "fr": (
        "De l'eau propre",
        "La pompe du puits est cassée depuis deux semaines. Les familles marchent jusqu'à la "
        "rivière.",
    ),
    "ar": ("مياه نظيفة", "مضخة البئر الشرقي معطلة منذ أسبوعين. العائلات تمشي إلى النهر."),
}


@pytest.fixture
def speaking(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from toolkit.course.languages import speaking as in_language

    with in_language(request.param):
        yield request.param


def _reply(lang: str, body: str):  # type: ignore[no-untyped-def]
    f = Forum(clock=SimulatedClock())
    f.join("amina_k", "Amina")
    f.join("lena_m", "Lena")
    post = f.post("amina_k", *POSTS[lang])
    f.comment(post, "lena_m", body)
    return check_kind_reply(f, "lena_m", post)


@pytest.mark.parametrize(
    ("speaking", "body"),
    [
        ("fr", "Deux semaines sans pompe, c'est trop long. Je signe la lettre."),
        ("fr", "Merci Amina, tu as raison de parler de ce puits."),
        ("ar", "أسبوعان بدون مضخة وقت طويل. سأوقع الرسالة معكِ."),
        ("ar", "شكرًا يا أمينة، هل نكتب للبلدية معًا؟"),
    ],
    indirect=["speaking"],
)
def test_a_kind_reply_in_french_or_arabic_passes(speaking: str, body: str) -> None:
    fb = _reply(speaking, body)
    assert fb.passed, fb.missing


@pytest.mark.parametrize(
    ("speaking", "body"),
    [
        ("fr", "Apprends le français d'abord. Trop de fautes d'orthographe."),
        ("ar", "تعلمي الإملاء أولًا، أخطاء كثيرة."),
    ],
    indirect=["speaking"],
)
def test_grammar_policing_in_french_or_arabic_is_named(speaking: str, body: str) -> None:
    from toolkit.i18n import _

    fb = _reply(speaking, body)
    assert not fb.passed
    assert _("Your reply is about spelling or grammar, not about what they said.") in fb.missing


def test_arabic_words_match_with_and_without_the_article() -> None:
    assert content_words("المضخة") == content_words("والمضخة") == content_words("مضخة") != set()
