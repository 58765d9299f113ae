"""Every "Bad input" case of FORUM_RULES.md: a clear refusal that changes nothing, or safe HTML.

Cases 24 (concurrent writers) and 25 (a killed writer) live in test_store.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from forum_fixtures import (
    World,
    assert_plain_message,
    assert_safe_html,
    new_world,
    render_all,
    snapshot,
)

from toolkit.forum.errors import (
    Duplicate,
    ForumError,
    HandleError,
    InvalidText,
    NotAllowed,
    NotFound,
    QuoteError,
    TooFast,
)
from toolkit.forum.model import Member
from toolkit.forum.rules import MAX_WINDOW_S, Rules
from toolkit.render.html import to_html


@pytest.fixture
def world() -> World:
    return new_world()


# --------------------------------------------------------------------------- refusals
@dataclass(frozen=True)
class Refusal:
    """``act`` must raise ``error`` with a plain message and leave every table as it was."""

    act: Callable[[World], Any]
    error: type[ForumError]
    # Run before the snapshot (e.g. to fill the flood window or remove a post).
    setup: Callable[[World], Any] | None = None
    rules: Rules | None = None


def _flood(w: World) -> None:
    # Amina's post in the seed is already inside the window.
    for i in range(w.forum.rules.flood_posts - 1):
        w.forum.comment(w.other_post, w.amina, f"Quick note number {i} about the roof.")


def _remove_comment(w: World) -> None:
    w.forum.remove(w.comment, w.tessa, "Off topic")


def _remove_post(w: World) -> None:
    w.forum.remove(w.post, w.tessa, "Shares private details")


def _hide_post(w: World) -> None:
    w.forum.hide(w.post, w.tessa, "Checking a report")


def _lock(w: World) -> None:
    w.forum.lock(w.post, w.tessa, "The pump is fixed, thank you all")


def _make_stale_quote(w: World) -> None:
    w.extra["quote"] = w.forum.quote(w.post, "needs a new pump")
    w.forum.remove(w.post, w.tessa, "Shares private details")


def _message(w: World) -> None:
    w.extra["message"] = w.forum.send(
        w.amina, w.bob, "My new phone number is secret, please keep it."
    )


def _blocked(w: World) -> None:
    w.forum.block(w.amina, w.bob)


KHMER_ONE = "ស្តី"  # 4 code points, 1 grapheme
WS = {
    "nbsp": "\u00a0",
    "en-quad-u2000": "\u2000",
    "em-space-u2003": "\u2003",
    "hair-space-u200a": "\u200a",
    "ideographic-u3000": "\u3000",
    "zero-width-u200b": "\u200b",
}
BODY = "A body with enough words to be a post."


def _blank_title(ch: str) -> Callable[[World], Any]:
    return lambda w: w.forum.post(w.amina, ch * 5, BODY)


def _blank_body(ch: str) -> Callable[[World], Any]:
    return lambda w: w.forum.post(w.amina, "A title", ch * 20)


REFUSALS: dict[str, Refusal] = {
    # 1. HTML in a handle is refused outright (elsewhere it is rendered safely, below).
    "01-script-tag-in-handle": Refusal(lambda w: w.forum.join("<script>", "X"), HandleError),
    "01-onerror-in-handle": Refusal(lambda w: w.forum.join("x onerror=alert(1)", "X"), HandleError),
    # 4. Empty and blank text.
    "04-empty-title": Refusal(lambda w: w.forum.post(w.amina, "", BODY), InvalidText),
    "04-empty-body": Refusal(lambda w: w.forum.post(w.amina, "A title", ""), InvalidText),
    "04-whitespace-body": Refusal(
        lambda w: w.forum.post(w.amina, "A title", " \n\t \n "), InvalidText
    ),
    "04-empty-comment": Refusal(lambda w: w.forum.comment(w.post, w.bob, "  "), InvalidText),
    "04-empty-message": Refusal(lambda w: w.forum.send(w.bob, w.amina, "\n"), InvalidText),
    "04-empty-display-name": Refusal(lambda w: w.forum.join("carla_m", " "), InvalidText),
    **{f"04-{name}-title": Refusal(_blank_title(ch), InvalidText) for name, ch in WS.items()},
    **{f"04-{name}-body": Refusal(_blank_body(ch), InvalidText) for name, ch in WS.items()},
    "04-mixed-exotic-whitespace-comment": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, "\u00a0\u2000\u2005\u200a\u3000\u200b\ufeff"),
        InvalidText,
    ),
    # 5. Length, counted in graphemes; the byte cap first.
    "05-khmer-graphemes-title-too-short": Refusal(
        lambda w: w.forum.post(w.amina, KHMER_ONE, BODY), InvalidText
    ),
    "05-khmer-graphemes-comment-too-long": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, KHMER_ONE * 5001), InvalidText
    ),
    "05-title-too-long": Refusal(lambda w: w.forum.post(w.amina, "t" * 121, BODY), InvalidText),
    "05-body-too-short": Refusal(lambda w: w.forum.post(w.amina, "A title", "Hi"), InvalidText),
    "05-body-too-long": Refusal(
        lambda w: w.forum.post(w.amina, "A title", "word " * 2001 + "end"), InvalidText
    ),
    "05-title-two-lines": Refusal(
        lambda w: w.forum.post(w.amina, "A title\nand more", BODY), InvalidText
    ),
    "05-one-megabyte-body": Refusal(
        lambda w: w.forum.post(w.amina, "A title", "x" * 1_000_000), InvalidText
    ),
    "05-one-megabyte-emoji-comment": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, "💧" * 250_000), InvalidText
    ),
    "05-display-name-too-long": Refusal(lambda w: w.forum.join("carla_m", "C" * 51), InvalidText),
    "05-signature-too-long": Refusal(
        lambda w: w.forum.set_signature(w.amina, "s" * 301), InvalidText
    ),
    # 6. NUL, invalid UTF-8, lone surrogates.
    "06-nul-in-body": Refusal(
        lambda w: w.forum.post(w.amina, "A title", "abc\x00 def ghi"), InvalidText
    ),
    "06-nul-in-title": Refusal(lambda w: w.forum.post(w.amina, "A\x00title", BODY), InvalidText),
    "06-nul-in-message": Refusal(
        lambda w: w.forum.send(w.bob, w.amina, "hi\x00there"), InvalidText
    ),
    "06-lone-surrogate-in-comment": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, "broken \ud800 text"), InvalidText
    ),
    "06-invalid-utf8-surrogateescape": Refusal(
        lambda w: w.forum.comment(
            w.post, w.bob, b"caf\xe9 au lait".decode("utf-8", "surrogateescape")
        ),
        InvalidText,
    ),
    "06-invalid-utf8-bytes-body": Refusal(
        lambda w: w.forum.post(w.amina, "A title", b"\xff\xfe bad bytes"), InvalidText
    ),
    "06-lone-surrogate-in-handle": Refusal(lambda w: w.forum.join("ab\udc80cd", "X"), HandleError),
    "06-control-char-in-display-name": Refusal(
        lambda w: w.forum.join("carla_m", "Carla\x1b[31m"), InvalidText
    ),
    # 8. Double submit.
    "08-same-comment-twice": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, w.comment.body),
        Duplicate,
    ),
    "08-same-post-twice": Refusal(
        lambda w: w.forum.post(w.bob, "Roof again", "The school roof leaks when it rains hard."),
        Duplicate,
    ),
    # 9. Flooding.
    "09-flooding-comments": Refusal(
        lambda w: w.forum.comment(w.post, w.amina, "One more thing to add here."),
        TooFast,
        setup=_flood,
    ),
    "09-flooding-post": Refusal(
        lambda w: w.forum.post(w.amina, "Another thread", "A brand new topic to talk about."),
        TooFast,
        setup=_flood,
    ),
    # 10. Replies to nothing, to removed content, across threads.
    "10-reply-to-missing-comment": Refusal(
        lambda w: w.forum.comment("comment-999", w.bob, "Hello there."), NotFound
    ),
    "10-reply-to-missing-id": Refusal(lambda w: w.forum.comment(999, w.bob, "Hello."), NotFound),
    "10-reply-to-nothing": Refusal(lambda w: w.forum.comment(None, w.bob, "Hello."), NotFound),
    "10-reply-to-garbage-ref": Refusal(
        lambda w: w.forum.comment("my post", w.bob, "Hello."), NotFound
    ),
    "10-reply-to-removed-comment": Refusal(
        lambda w: w.forum.reply(w.comment, w.amina, "Thank you so much!"),
        NotAllowed,
        setup=_remove_comment,
    ),
    "10-reply-to-removed-post": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, "Any news?"), NotAllowed, setup=_remove_post
    ),
    "10-reply-to-comment-of-removed-post": Refusal(
        lambda w: w.forum.reply(w.comment, w.amina, "Thanks!"), NotAllowed, setup=_remove_post
    ),
    "10-reply-in-another-thread": Refusal(
        lambda w: w.forum.reply(
            dataclasses.replace(w.comment, post_id=w.other_post.id), w.amina, "Thanks!"
        ),
        NotAllowed,
    ),
    "10-post-anchor-naming-a-comment": Refusal(
        lambda w: w.forum.comment(f"post-{w.comment.id}", w.amina, "Thanks!"), NotFound
    ),
    # 11. Locked thread.
    "11-comment-on-locked-thread": Refusal(
        lambda w: w.forum.comment(w.post, w.bob, "One more idea."), NotAllowed, setup=_lock
    ),
    "11-reply-in-locked-thread": Refusal(
        lambda w: w.forum.reply(w.comment, w.amina, "Great, thanks!"), NotAllowed, setup=_lock
    ),
    "11-lock-twice": Refusal(
        lambda w: w.forum.lock(w.post, w.tessa, "Again"), NotAllowed, setup=_lock
    ),
    # 13. Quotes that are not honest or add nothing.
    "13-excerpt-not-in-source": Refusal(
        lambda w: w.forum.quote(w.post, "needs a new tractor"), QuoteError
    ),
    "13-empty-excerpt": Refusal(lambda w: w.forum.quote(w.post, ""), QuoteError),
    "13-blank-excerpt": Refusal(lambda w: w.forum.quote(w.post, " \n "), QuoteError),
    "13-excerpt-not-text": Refusal(lambda w: w.forum.quote(w.post, None), QuoteError),
    "13-whole-body-quoted": Refusal(lambda w: w.forum.quote(w.post, w.post.body), QuoteError),
    "13-whole-source-quoted": Refusal(
        lambda w: w.forum.quote(w.post, f"{w.post.title} {w.post.body}"), QuoteError
    ),
    "13-whole-body-of-short-post-quoted": Refusal(
        lambda w: w.forum.quote(w.other_post, w.other_post.body), QuoteError
    ),
    "13-whole-body-quoted-with-other-spacing": Refusal(
        lambda w: w.forum.quote(w.other_post, w.other_post.body.replace(" ", "\n  ")), QuoteError
    ),
    "13-whole-comment-quoted": Refusal(
        lambda w: w.forum.quote(w.comment, w.comment.body), QuoteError
    ),
    "13-excerpt-too-long": Refusal(lambda w: w.forum.quote(w.post, w.post.body[:100]), QuoteError),
    "13-quote-without-own-words": Refusal(
        lambda w: w.forum.comment(
            w.post, w.bob, "needs a new pump", quote=w.forum.quote(w.post, "needs a new pump")
        ),
        QuoteError,
    ),
    "13-quote-with-one-own-word": Refusal(
        lambda w: w.forum.comment(
            w.post,
            w.bob,
            "> needs a new pump\n\nTrue!",
            quote=w.forum.quote(w.post, "needs a new pump"),
        ),
        QuoteError,
    ),
    "13-hand-made-quote-object": Refusal(
        lambda w: w.forum.comment(
            w.post,
            w.bob,
            "I agree with this completely.",
            quote=dataclasses.replace(w.forum.quote(w.post, "new pump"), excerpt="free money"),
        ),
        QuoteError,
    ),
    "13-quote-crediting-wrong-author": Refusal(
        lambda w: w.forum.comment(
            w.post,
            w.bob,
            "I agree with this completely.",
            quote=dataclasses.replace(w.forum.quote(w.post, "new pump"), source_author="tessa"),
        ),
        QuoteError,
    ),
    # 14. Quoting what is not public.
    "14-quote-removed-post": Refusal(
        lambda w: w.forum.quote(w.post, "new pump"), QuoteError, setup=_remove_post
    ),
    "14-quote-hidden-post": Refusal(
        lambda w: w.forum.quote(w.post, "new pump"), QuoteError, setup=_hide_post
    ),
    "14-quote-removed-comment": Refusal(
        lambda w: w.forum.quote(w.comment, "repairs pumps"), QuoteError, setup=_remove_comment
    ),
    "14-quote-private-message": Refusal(
        lambda w: w.forum.quote(w.extra["message"], "phone number"), QuoteError, setup=_message
    ),
    "14-quote-private-message-by-anchor": Refusal(
        lambda w: w.forum.quote(f"message-{w.extra['message'].id}", "phone number"),
        QuoteError,
        setup=_message,
    ),
    "14-attach-quote-of-since-removed-post": Refusal(
        lambda w: w.forum.comment(
            w.other_post, w.bob, "Look what she wrote before.", quote=w.extra["quote"]
        ),
        QuoteError,
        setup=_make_stale_quote,
    ),
    # 16. Someone else's post.
    "16-learner-edits-others-post": Refusal(
        lambda w: w.forum.edit(w.post, w.bob, "I changed your words."), NotAllowed
    ),
    "16-learner-edits-others-comment": Refusal(
        lambda w: w.forum.edit(w.comment, w.amina, "I changed your words."), NotAllowed
    ),
    "16-learner-deletes-others-post": Refusal(lambda w: w.forum.delete(w.post, w.bob), NotAllowed),
    "16-trainer-deletes-others-post": Refusal(
        lambda w: w.forum.delete(w.post, w.tessa), NotAllowed
    ),
    "16-learner-removes-post": Refusal(
        lambda w: w.forum.remove(w.post, w.bob, "I do not like it"), NotAllowed
    ),
    "16-learner-hides-post": Refusal(
        lambda w: w.forum.hide(w.post, w.bob, "I do not like it"), NotAllowed
    ),
    # 17. Editing taken-down content.
    "17-author-edits-removed-post": Refusal(
        lambda w: w.forum.edit(w.post, w.amina, "Let me put it back."),
        NotAllowed,
        setup=_remove_post,
    ),
    # 18. Deleting twice.
    "18-delete-twice": Refusal(
        lambda w: w.forum.delete(w.comment, w.bob),
        NotAllowed,
        setup=lambda w: w.forum.delete(w.comment, w.bob),
    ),
    # 19. Reactions and reports.
    "19-react-to-own-post": Refusal(lambda w: w.forum.react(w.post, w.amina), NotAllowed),
    "19-react-twice": Refusal(
        lambda w: w.forum.react(w.post, w.bob, "thanks"),
        Duplicate,
        setup=lambda w: w.forum.react(w.post, w.bob, "thanks"),
    ),
    "19-react-to-removed-post": Refusal(
        lambda w: w.forum.react(w.post, w.bob), NotAllowed, setup=_remove_post
    ),
    "19-unknown-reaction": Refusal(lambda w: w.forum.react(w.post, w.bob, "angry"), InvalidText),
    "19-report-twice": Refusal(
        lambda w: w.forum.report(w.post, w.bob, "spam"),
        Duplicate,
        setup=lambda w: w.forum.report(w.post, w.bob, "spam", "Looks like an advert."),
    ),
    "19-report-unknown-reason": Refusal(
        lambda w: w.forum.report(w.post, w.bob, "boring"), InvalidText
    ),
    # 20. Handles.
    "20-duplicate-handle": Refusal(lambda w: w.forum.join("amina_k", "Amina 2"), HandleError),
    "20-case-variant": Refusal(lambda w: w.forum.join("AMINA_K", "Amina 2"), HandleError),
    "20-fullwidth-variant": Refusal(
        lambda w: w.forum.join("ａｍｉｎａ_ｋ", "Amina 2"), HandleError
    ),
    "20-greek-alpha-homoglyph": Refusal(
        lambda w: w.forum.join("\u0391MINA_K", "Amina 2"), HandleError
    ),
    "20-cyrillic-o-homoglyph": Refusal(lambda w: w.forum.join("b\u043eb_t", "Bob 2"), HandleError),
    "20-cyrillic-a-homoglyph": Refusal(
        lambda w: w.forum.join("\u0430mina_k", "Amina 2"), HandleError
    ),
    "20-rn-for-m-lookalike": Refusal(lambda w: w.forum.join("arnina_k", "Amina 2"), HandleError),
    "20-zero-width-space-u200b": Refusal(
        lambda w: w.forum.join("am\u200bina", "Amina 2"), HandleError
    ),
    "20-bidi-override-u202e": Refusal(lambda w: w.forum.join("carla\u202ek", "Carla"), HandleError),
    "20-reserved-admin": Refusal(lambda w: w.forum.join("admin", "Admin"), HandleError),
    "20-reserved-trainer": Refusal(lambda w: w.forum.join("Trainer", "Trainer"), HandleError),
    "20-reserved-moderator-lookalike": Refusal(
        lambda w: w.forum.join("m0derator", "Mod"), HandleError
    ),
    "20-reserved-part-official": Refusal(
        lambda w: w.forum.join("bank_official", "Bank"), HandleError
    ),
    "20-too-short": Refusal(lambda w: w.forum.join("ab", "Ab"), HandleError),
    "20-too-short-khmer-graphemes": Refusal(lambda w: w.forum.join("សួស្តី", "Suosdei"), HandleError),
    "20-too-long": Refusal(lambda w: w.forum.join("a" * 21, "Long"), HandleError),
    "20-space-in-handle": Refusal(lambda w: w.forum.join("carla m", "Carla"), HandleError),
    "20-empty-handle": Refusal(lambda w: w.forum.join("", "Nobody"), HandleError),
    "20-handle-not-text": Refusal(lambda w: w.forum.join(None, "Nobody"), HandleError),
    # 23. Unknown members, acting for someone else, blocked senders.
    "23-unknown-member-posts": Refusal(
        lambda w: w.forum.post("ghost_99", "Hello", "I am not a member."), NotFound
    ),
    "23-unknown-member-comments": Refusal(
        lambda w: w.forum.comment(w.post, "ghost_99", "I am not a member."), NotFound
    ),
    "23-member-not-given": Refusal(lambda w: w.forum.post(None, "Hello", BODY), NotFound),
    "23-member-from-another-forum": Refusal(
        lambda w: w.forum.post(dataclasses.replace(w.bob, id=42), "Hello", BODY), NotFound
    ),
    "23-forged-member-object": Refusal(
        lambda w: w.forum.edit(
            w.post, dataclasses.replace(w.bob, id=w.amina.id), "Not really Amina."
        ),
        NotFound,
    ),
    "23-learner-acting-as-trainer": Refusal(
        lambda w: w.forum.remove(w.post, dataclasses.replace(w.bob, role="trainer"), "Spam"),
        NotAllowed,
    ),
    "23-blocked-member-sends-message": Refusal(
        lambda w: w.forum.send(w.bob, w.amina, "Why did you block me?"),
        NotAllowed,
        setup=_blocked,
    ),
    "23-message-to-nobody": Refusal(
        lambda w: w.forum.send(w.bob, "ghost_99", "Hello there."), NotFound
    ),
    "23-message-to-self": Refusal(
        lambda w: w.forum.send(w.bob, w.bob, "Note to self."), NotAllowed
    ),
    "23-messages-from-trainers-only": Refusal(
        lambda w: w.forum.send(w.bob, w.amina, "Hello there."),
        NotAllowed,
        setup=lambda w: w.forum.set_privacy(w.amina, messages_from="trainers"),
    ),
    "23-reading-someone-elses-message": Refusal(
        lambda w: w.forum.message(w.extra["message"].id, w.tessa), NotFound, setup=_message
    ),
    "23-block-twice": Refusal(lambda w: w.forum.block(w.amina, w.bob), Duplicate, setup=_blocked),
}


@pytest.mark.parametrize(("case"), list(REFUSALS.values()), ids=list(REFUSALS))
def test_refused_and_nothing_changes(case: Refusal) -> None:
    w = new_world(rules=case.rules)
    if case.setup is not None:
        case.setup(w)
    before = snapshot(w.forum)
    with pytest.raises(case.error) as caught:
        case.act(w)
    assert type(caught.value) is case.error
    assert_plain_message(str(caught.value))
    assert caught.value.message == str(caught.value)
    assert snapshot(w.forum) == before


# Sanity check that the ids are readable and cover the numbered cases.
def test_every_bad_input_case_is_covered() -> None:
    covered = {int(name[:2]) for name in [*REFUSALS, *SAFE_RENDERING, *OTHER_CASES]}
    assert covered == set(range(1, 24))


def test_one_megabyte_body_is_refused_before_it_is_read(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused on its size alone: counting graphemes or marks in a megabyte would be the slow
    # part (timed in bench/hostile_input_bench.py), so here they must not run at all.
    import toolkit.forum.text as text_module

    real_graphemes, real_pile = text_module.graphemes, text_module.has_mark_pile

    def guarded(real):  # the short title is read as usual; the megabyte must not be
        def call(text: str) -> object:
            if len(text) > 100_000:
                msg = "the text was read before its size was checked"
                raise AssertionError(msg)
            return real(text)

        return call

    monkeypatch.setattr(text_module, "graphemes", guarded(real_graphemes))
    monkeypatch.setattr(text_module, "has_mark_pile", guarded(real_pile))
    before = snapshot(world.forum)
    with pytest.raises(InvalidText, match="too long"):
        world.forum.post(world.amina, "A title", "é" * 1_000_000)
    assert snapshot(world.forum) == before


def test_khmer_is_counted_in_graphemes(world: World) -> None:
    # 2 graphemes (6 code points, 18 bytes) is a long enough title...
    post = world.forum.post(world.amina, "សួស្តី", "Khmer greetings for everyone.")
    assert post.title == "សួស្តី"
    # ...and 5000 Khmer graphemes (20 000 code points) still fit a comment.
    comment = world.forum.comment(post, world.bob, KHMER_ONE * 5000)
    assert len(comment.body) == 20_000


# --------------------------------------------------------------------------- safe rendering
SCRIPT = "<script>alert('x')</script>"
ONERROR = "<img src=x onerror=alert(1)>"
IFRAME = '<iframe src="https://evil.example/"></iframe>'
FORM = '<form action="https://evil.example/"><input name="password"></form>'
SVG = "<svg onload=alert(1)><circle r=4 /></svg>"
STYLE = '<p style="position:fixed;top:0">cover</p><span style=color:red>x</span>'
STYLE_TAG = "<style>body{display:none}</style>"
HOSTILE = [SCRIPT, ONERROR, IFRAME, FORM, SVG, STYLE, STYLE_TAG]


def _in_every_field(payload: str) -> Callable[[World], None]:
    def act(w: World) -> None:
        f = w.forum
        carla = f.join("carla_m", f"Carla {payload}"[:50], signature=f"Bye {payload}")
        post = f.post(carla, f"Title {payload}"[:120], f"Body {payload} end")
        f.comment(post, w.bob, f"Comment {payload}")
        f.comment(w.post, carla, f"Reply {payload}")
        f.send(carla, w.amina, f"Message {payload}", subject=f"Subject {payload}"[:120])
        f.report(w.post, carla, "other", f"Note {payload}")
        f.set_display_name(w.bob, f"Bob {payload}"[:50])

    return act


@dataclass(frozen=True)
class SafeCase:
    act: Callable[[World], Any]
    # A forged quote or typed "> quote" must never become a <blockquote>.
    no_blockquote: bool = False


def _post(body: str, title: str = "A title") -> Callable[[World], Any]:
    return lambda w: w.forum.post(w.amina, title, body)


def _comment(body: str) -> Callable[[World], Any]:
    return lambda w: w.forum.comment(w.post, w.bob, body)


SAFE_RENDERING: dict[str, SafeCase] = {
    "01-script-tag-in-body": SafeCase(_post(f"Look at this {SCRIPT} now")),
    "01-script-tag-in-every-field": SafeCase(_in_every_field(SCRIPT)),
    "01-onerror-in-title": SafeCase(_post("A normal body text.", title=f"Hi {ONERROR}")),
    "01-onerror-in-every-field": SafeCase(_in_every_field(ONERROR)),
    "01-iframe-in-comment": SafeCase(_comment(IFRAME)),
    "01-iframe-in-every-field": SafeCase(_in_every_field(IFRAME)),
    "01-form-in-body": SafeCase(_post(f"Log in here: {FORM}")),
    "01-form-in-every-field": SafeCase(_in_every_field(FORM)),
    "01-svg-in-comment": SafeCase(_comment(SVG)),
    "01-svg-in-every-field": SafeCase(_in_every_field(SVG)),
    "01-style-attribute-in-body": SafeCase(_post(STYLE)),
    "01-style-element-in-body": SafeCase(_post(f"{STYLE_TAG} hello")),
    "01-style-in-every-field": SafeCase(_in_every_field(STYLE + STYLE_TAG)),
    "01-all-tricks-in-signature": SafeCase(
        lambda w: w.forum.set_signature(w.amina, "\n".join(HOSTILE[:4]))
    ),
    "02-raw-html-block": SafeCase(_post('<div onclick="steal()">\n\nclick me\n\n</div>')),
    "02-raw-inline-html": SafeCase(_comment(f"text with **bold** and {ONERROR} inline")),
    "02-html-comment": SafeCase(_post("visible <!-- <script>alert(1)</script> --> text")),
    "02-details-and-object": SafeCase(
        _post("<details open ontoggle=alert(1)>x</details>\n<object data=x.swf></object>")
    ),
    "02-markdown-image-with-onerror": SafeCase(
        _comment('![pic](https://example.org/x.png "t" onerror=alert(1))')
    ),
    "02-html-in-table": SafeCase(
        _post("| a | b |\n|---|---|\n| <script>x</script> | <b onmouseover=x>y</b> |")
    ),
    "03-javascript-link": SafeCase(_post("[click me](javascript:alert(1))")),
    "03-javascript-upper-case": SafeCase(_post("[click me](JaVaScRiPt:alert(1))")),
    "03-javascript-entity-tab": SafeCase(_post("[click me](jav&#x09;ascript:alert(1))")),
    "03-javascript-entity-colon": SafeCase(_post("[click me](javascript&colon;alert(1))")),
    "03-javascript-entity-letters": SafeCase(
        _post("[click me](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1))")
    ),
    "03-javascript-newline": SafeCase(_post("[click me](<java\nscript:alert(1)>)")),
    "03-javascript-leading-space": SafeCase(_post("[click me](<  javascript:alert(1)>)")),
    "03-javascript-autolink": SafeCase(_post("<javascript:alert(1)>")),
    "03-javascript-reference-link": SafeCase(_post("[click me][1]\n\n[1]: javascript:alert(1)")),
    "03-data-link": SafeCase(_post("[x](data:text/html;base64,PHNjcmlwdD4=)")),
    "03-vbscript-link": SafeCase(_comment("[x](vbscript:msgbox(1))")),
    "03-javascript-raw-anchor": SafeCase(_comment('<a href="javascript:alert(1)">x</a>')),
    "15-forged-bbcode-quote": SafeCase(
        _comment('[quote="trainer"]Send me your password.[/quote] Please do it now.'),
        no_blockquote=True,
    ),
    "15-forged-bbcode-quote-in-post": SafeCase(
        _post("[quote=tessa]You must pay 10 dollars.[/quote]\n\nSee above."), no_blockquote=True
    ),
    "15-typed-markdown-quote": SafeCase(
        _comment("> Tessa said: everyone must share their PIN\n\nSo do it."), no_blockquote=True
    ),
    "15-nested-typed-quote": SafeCase(
        _comment(">> deep\n> quote\n\n- > in a list"), no_blockquote=True
    ),
    "15-raw-blockquote-html": SafeCase(
        _comment('<blockquote cite="#post-1">I am the trainer</blockquote>'), no_blockquote=True
    ),
}


@pytest.mark.parametrize("case", list(SAFE_RENDERING.values()), ids=list(SAFE_RENDERING))
def test_rendered_safely(case: SafeCase) -> None:
    w = new_world()
    case.act(w)
    for viewer in (None, w.amina, w.tessa):
        for html in render_all(w.forum, viewer):
            soup = assert_safe_html(html)
            if case.no_blockquote:
                assert soup.find("blockquote") is None


def test_forged_quote_text_is_shown_as_plain_text(world: World) -> None:
    body = '[quote="trainer"]Send me your password.[/quote] Please do it now.'
    comment = world.forum.comment(world.post, world.bob, body)
    soup = assert_safe_html(to_html(world.forum.thread(world.post)))
    article = soup.find(id=comment.anchor)
    assert article.find("blockquote") is None
    assert '[quote="trainer"]Send me your password.[/quote]' in article.get_text()


def test_typed_quote_keeps_its_marker_as_text(world: World) -> None:
    comment = world.forum.comment(world.post, world.bob, "> Tessa said: share your PIN")
    soup = soup_of_thread(world)
    assert "> Tessa said: share your PIN" in soup.find(id=comment.anchor).get_text()


def soup_of_thread(w: World) -> Any:
    return assert_safe_html(to_html(w.forum.thread(w.post)))


def test_script_text_is_visible_not_run(world: World) -> None:
    post = world.forum.post(world.amina, f"Hi {SCRIPT}", f"Body {SCRIPT} end")
    soup = assert_safe_html(to_html(world.forum.thread(post)))
    assert SCRIPT in soup.find(id=post.anchor).find(class_="tk-title").get_text()


# --------------------------------------------------------------------------- the other cases
RTL_NAME = "أمينة"
HEBREW_NAME = "נועה"
ARABIC = "مرحبا بالجميع، البئر يحتاج إلى مضخة جديدة"
HEBREW = "שלום לכולם, הבאר צריכה משאבה חדשה"


def _warns(kind: str, text: str, title: str | None = None) -> None:
    w = new_world()
    before = len(w.forum.posts())
    post = w.forum.post(w.amina, title or "A question", text)
    assert len(w.forum.posts()) == before + 1, "a warning must not block the post"
    assert any(kind in note for note in post.warnings), post.warnings
    for note in post.warnings:
        assert_plain_message(note)
    assert "Please check" in to_html(post)
    if title is not None:
        return
    # A comment with the same text gets the same note.
    comment = w.forum.comment(w.other_post, w.bob, text)
    assert any(kind in note for note in comment.warnings), comment.warnings


def _deep_chain() -> None:
    w = new_world(rules=Rules(max_depth=3))
    parent = w.comment
    people = [w.amina, w.bob]
    chain = [w.comment]
    for i in range(4):
        parent = w.forum.reply(parent, people[i % 2], f"Reply number {i} in the chain.")
        chain.append(parent)
    depths = [c.depth for c in chain]
    assert depths == [1, 2, 3, 3, 3]
    too_deep = chain[3]
    assert too_deep.parent_id == chain[2].parent_id == chain[1].id
    assert too_deep.reply_to_id == chain[2].id
    assert too_deep.in_reply_to == chain[2].author.handle
    assert chain[4].in_reply_to == chain[3].author.handle
    thread = w.forum.thread(w.post)
    assert max(c.depth for c in thread.comments) == 3
    soup = soup_of_thread(w)
    article = soup.find(id=too_deep.anchor)
    assert f"replying to @{chain[2].author.handle}" in article.get_text()
    # Nested no deeper than the cap: 3 levels of <ol class="tk-replies">.
    assert len(article.find_parents("ol", class_="tk-replies")) == 3


def _edit_after_hide() -> None:
    w = new_world()
    original = w.post.body
    w.forum.hide(w.post, w.tessa, "Checking a report")
    edited = w.forum.edit(w.post, w.amina, "Our well needs a new pump. Mechanics, please call.")
    assert edited.status == "hidden", "editing must not bring hidden content back"
    revisions = w.forum.revisions(w.post)
    assert [r.body for r in revisions] == [original]
    assert revisions[0].editor == "amina_k"
    w.forum.edit(w.post, w.tessa, "Our well needs a new pump. Trainer edit here.")
    revisions = w.forum.revisions(w.post)
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].body == edited.body
    assert revisions[1].editor == "tessa"
    # Members still see the placeholder, not the new text.
    soup = soup_of_thread(w)
    assert "[hidden by a trainer]" in soup.find(id=w.post.anchor).get_text()
    assert "Trainer edit" not in soup.find(id=w.post.anchor).get_text()


def _delete_with_replies() -> None:
    w = new_world()
    reply = w.forum.reply(w.comment, w.amina, "Thank you, that would be great!")
    w.forum.delete(w.post, w.amina)
    w.forum.delete(w.comment, w.bob)
    thread = w.forum.thread(w.post)
    assert [c.id for c in thread.comments] == [w.comment.id, reply.id]
    assert thread.post.status == "withdrawn"
    assert thread.comments[0].status == "withdrawn"
    soup = soup_of_thread(w)
    post_text = soup.find(id=w.post.anchor).get_text()
    assert "[deleted by the author]" in post_text
    assert "Clean water" not in post_text
    assert "[deleted by the author]" in soup.find(id=w.comment.anchor).get_text()
    assert "Thank you, that would be great!" in soup.find(id=reply.anchor).get_text()
    # A trainer's removal shows its own placeholder, replies still there.
    w.forum.remove(reply, w.tessa, "Shares a phone number")
    soup = soup_of_thread(w)
    assert "[removed by a trainer]" in soup.find(id=reply.anchor).get_text()
    assert "Thank you" not in soup.get_text()


def _signature(kind: str, signature: str) -> None:
    w = new_world()
    member = w.forum.join("carla_m", "Carla", signature=signature)
    assert member.signature == signature.strip()
    assert any(kind in note for note in member.warnings), member.warnings
    changed = w.forum.set_signature(w.bob, signature)
    assert any(kind in note for note in changed.warnings)
    for note in member.warnings:
        assert_plain_message(note)
    assert "Please check" in to_html(member)


def _rtl(body: str, name: str, handle: str) -> None:
    w = new_world()
    member = w.forum.join(handle, name)
    post = w.forum.post(member, body.split(",")[0], body)
    comment = w.forum.comment(post, w.bob, body + " ?")
    pages = [to_html(w.forum.thread(post)), to_html(w.forum.front_page()), to_html(member)]
    for html in pages:
        soup = assert_safe_html(html)
        for bdi_text in (name, handle):
            found = [b for b in soup.find_all("bdi") if b.get_text() == bdi_text]
            assert found, f"{bdi_text} is not inside <bdi>"
    soup = assert_safe_html(pages[0])
    for entry in (post, comment):
        article = soup.find(id=entry.anchor)
        assert article.get("dir") == "auto"
        body_div = article.find(class_="tk-body")
        assert body_div.get("dir") == "auto"
        assert body.split(",")[0] in body_div.get_text()
    title = soup.find(id=post.anchor).find(class_="tk-title")
    assert title.find_parent(attrs={"dir": "auto"}) is not None


OTHER_CASES: dict[str, Callable[[], None]] = {
    "07-keyboard-mash-warns": lambda: _warns("random keys", "qwertyuiop asdfghjkl zxcvbnm"),
    "07-symbols-only-warns": lambda: _warns("no letters", "!!!! ???? #### 1234 ...."),
    "07-all-caps-warns": lambda: _warns("capital letters", "THE WELL IS BROKEN AGAIN TODAY"),
    "07-all-caps-title-warns": lambda: _warns(
        "capital letters", "The well broke again.", title="URGENT WATER PROBLEM"
    ),
    "07-mash-title-warns": lambda: _warns("random keys", "Sorry, testing.", title="asdfghjkl"),
    "12-reply-deeper-than-cap": _deep_chain,
    "17-edit-after-trainer-hid": _edit_after_hide,
    "18-delete-post-with-replies": _delete_with_replies,
    "21-signature-over-four-lines": lambda: _signature("lines", "a\nb\nc\nd\ne"),
    "21-signature-phone-number": lambda: _signature("phone", "Amina, call me on +44 7700 900123"),
    "21-signature-email": lambda: _signature("e-mail", "Write to amina.k@example.org"),
    "21-signature-street-address": lambda: _signature("address", "12 High Street, Leeds"),
    "22-arabic-text-and-name": lambda: _rtl(ARABIC, RTL_NAME, "أمينة_ك"),
    "22-hebrew-text-and-name": lambda: _rtl(HEBREW, HEBREW_NAME, "נועה_כ"),
    "22-khmer-text-and-name": lambda: _rtl("សួស្តី អ្នកទាំងអស់គ្នា, សូមជួយ", "សុខា", "សុខា_ក"),
}


@pytest.mark.parametrize("check", list(OTHER_CASES.values()), ids=list(OTHER_CASES))
def test_handled_case(check: Callable[[], None]) -> None:
    check()


def test_warnings_are_not_stored() -> None:
    w = new_world()
    post = w.forum.post(w.amina, "HELP", "THE WELL IS BROKEN AGAIN TODAY")
    assert post.warnings
    assert w.forum.get(post.anchor).warnings == ()


def test_blocked_sender_message_never_arrives() -> None:
    w = new_world()
    _blocked(w)
    with pytest.raises(NotAllowed):
        w.forum.send(w.bob, w.amina, "Hello again.")
    assert len(w.forum.inbox(w.amina)) == 0


def test_member_type_is_checked_not_trusted() -> None:
    w = new_world()
    fake = Member(w.amina.id, "amina_k", "Amina", "trainer", None, w.amina.joined_at)
    # Same id and handle, but the forum reads the role from its own table.
    with pytest.raises(NotAllowed):
        w.forum.hide(w.other_post, fake, "Pretending to be a trainer")


# --------------------------------------------------------------------------- issue 9 attacks
# Hostile values in lookups, 10 MB echoed in messages, Zalgo text, flooding messages and edits.
# Each is refused with the toolkit's own error, a plain (short) message, and nothing changed.
HUGE = "x" * 10_000_000
ZALGO = "Hello" + "\u0301\u0316\u0337" * 26_000  # 78,000 marks on a 5-letter word


def _send_many(w: World) -> None:
    for i in range(w.forum.rules.flood_messages):
        w.forum.send(w.bob, w.amina, f"Quick question number {i} about the pump.")


def _edit_many(w: World) -> None:
    for i in range(w.forum.rules.flood_edits):
        w.forum.edit(w.comment, w.bob, f"My cousin repairs pumps (edit {i}).")


def _report_of(w: World) -> None:
    w.extra["report"] = w.forum.report(w.post, w.bob, "spam", "Looks like an advert.")


BAD_IDS: dict[str, object] = {
    "2-pow-70": 2**70,
    "2-pow-63": 2**63,
    "minus-2-pow-70": -(2**70),
    "zero": 0,
    "negative": -1,
    "true": True,
    "float": 1.0,
    "nan": float("nan"),
    "superscript-two": "post-²",
    "arabic-indic-three": "post-٣",
    "fullwidth-one": "post-１",
    "anchor-2-pow-70": f"post-{2**70}",
    "anchor-2-pow-63": f"comment-{2**63}",
    "anchor-newline": "post-1\n",
    "lone-surrogate": "post-\ud800",
    "surrogate-only": "\udc80",
    "list": ["post-1"],
    "dict": {"id": 1},
    "none": None,
    "bytes": b"post-1",
    "empty": "",
    "ten-megabytes": HUGE,
    "sql": "post-1'; DROP TABLE entries; --",
}


def _forged(field: str, value: object) -> Callable[[World], Any]:
    return lambda w: w.forum.get(dataclasses.replace(w.post, **{field: value}))


ATTACKS: dict[str, Refusal] = {
    **{
        f"id-get-{name}": Refusal(lambda w, v=v: w.forum.get(v), NotFound)
        for name, v in BAD_IDS.items()
    },
    **{
        f"id-comment-on-{name}": Refusal(
            lambda w, v=v: w.forum.comment(v, w.bob, "Hello."), NotFound
        )
        for name, v in BAD_IDS.items()
    },
    **{
        f"id-member-{name}": Refusal(lambda w, v=v: w.forum.member(v), NotFound)
        for name, v in BAD_IDS.items()
    },
    **{
        f"id-message-{name}": Refusal(lambda w, v=v: w.forum.message(v, w.bob), NotFound)
        for name, v in BAD_IDS.items()
    },
    **{
        f"id-resolve-report-{name}": Refusal(
            lambda w, v=v: w.forum.resolve_report(v, w.tessa), NotFound, setup=_report_of
        )
        for name, v in BAD_IDS.items()
    },
    "id-forged-post-id-2-pow-70": Refusal(_forged("id", 2**70), NotFound),
    "id-forged-post-id-text": Refusal(_forged("id", "1"), NotFound),
    "id-forged-thread-id-2-pow-70": Refusal(_forged("post_id", 2**70), NotFound),
    "id-forged-member-id-2-pow-70": Refusal(
        lambda w: w.forum.post(dataclasses.replace(w.amina, id=2**70), "Hello", BODY), NotFound
    ),
    "id-forged-member-handle-list": Refusal(
        lambda w: w.forum.post(dataclasses.replace(w.amina, handle=["x"]), "Hello", BODY),
        NotFound,
    ),
    "id-forged-member-handle-surrogate": Refusal(
        lambda w: w.forum.post(dataclasses.replace(w.amina, handle="\ud800"), "Hello", BODY),
        NotFound,
    ),
    "id-forged-report-id": Refusal(
        lambda w: w.forum.resolve_report(dataclasses.replace(w.extra["report"], id=2**70), w.tessa),
        NotFound,
        setup=_report_of,
    ),
    "id-forged-quote-source-2-pow-70": Refusal(
        lambda w: w.forum.comment(
            w.post,
            w.bob,
            "I agree with this completely.",
            quote=dataclasses.replace(w.forum.quote(w.post, "new pump"), source_id=2**70),
        ),
        QuoteError,
    ),
    "id-forged-quote-excerpt-list": Refusal(
        lambda w: w.forum.comment(
            w.post,
            w.bob,
            "I agree with this completely.",
            quote=dataclasses.replace(w.forum.quote(w.post, "new pump"), excerpt=["new"]),
        ),
        QuoteError,
    ),
    "id-report-member-2-pow-63": Refusal(
        lambda w: w.forum.report(f"member-{2**63}", w.bob, "spam"), NotFound
    ),
    "id-report-message-superscript": Refusal(
        lambda w: w.forum.report("message-²", w.bob, "spam"), NotFound
    ),
    "id-react-2-pow-64": Refusal(lambda w: w.forum.react(2**64, w.bob), NotFound),
    "id-thread-2-pow-70": Refusal(lambda w: w.forum.thread(2**70), NotFound),
    "id-unreact-kind-list": Refusal(
        lambda w: w.forum.unreact(w.post, w.bob, ["like"]), InvalidText
    ),
    "id-reports-status-list": Refusal(lambda w: w.forum.reports(["open"]), InvalidText),
    # Ten megabytes in any field that a message might quote.
    "echo-member-lookup": Refusal(lambda w: w.forum.member(HUGE), NotFound),
    "echo-send-to": Refusal(lambda w: w.forum.send(w.bob, HUGE, "Hello there."), NotFound),
    "echo-profile-field": Refusal(lambda w: w.forum.set_profile(w.bob, HUGE, "x"), InvalidText),
    "echo-reaction-kind": Refusal(lambda w: w.forum.react(w.post, w.bob, HUGE), InvalidText),
    "echo-role": Refusal(lambda w: w.forum.join("carla_m", "Carla", role=HUGE), InvalidText),
    "echo-handle": Refusal(lambda w: w.forum.join(HUGE, "Carla"), HandleError),
    "echo-body": Refusal(lambda w: w.forum.post(w.amina, "A title", HUGE), InvalidText),
    "echo-entry-ref": Refusal(lambda w: w.forum.get(HUGE + "-1"), NotFound),
    # Zalgo: 78,000 combining marks on a five-letter word, in every kind of text.
    "zalgo-post-body": Refusal(lambda w: w.forum.post(w.amina, "A title", ZALGO), InvalidText),
    "zalgo-title": Refusal(lambda w: w.forum.post(w.amina, "Hi" + "\u0301" * 5, BODY), InvalidText),
    "zalgo-comment": Refusal(lambda w: w.forum.comment(w.post, w.bob, ZALGO), InvalidText),
    "zalgo-message": Refusal(lambda w: w.forum.send(w.bob, w.amina, ZALGO[:2000]), InvalidText),
    "zalgo-display-name": Refusal(
        lambda w: w.forum.join("carla_m", "Carla" + "\u0336" * 5), InvalidText
    ),
    "zalgo-handle": Refusal(lambda w: w.forum.join("carla" + "\u0301" * 6, "Carla"), HandleError),
    "zalgo-edit": Refusal(lambda w: w.forum.edit(w.comment, w.bob, ZALGO), InvalidText),
    # Pace: direct messages and edits, like posts.
    "pace-messages": Refusal(
        lambda w: w.forum.send(w.bob, w.amina, "One more question, sorry."),
        TooFast,
        setup=_send_many,
    ),
    "pace-messages-to-someone-else": Refusal(
        lambda w: w.forum.send(w.bob, w.tessa, "Hello, can you help?"),
        TooFast,
        setup=_send_many,
    ),
    "pace-edits": Refusal(
        lambda w: w.forum.edit(w.comment, w.bob, "My cousin repairs pumps, final edit."),
        TooFast,
        setup=_edit_many,
    ),
    "pace-edits-of-another-entry": Refusal(
        lambda w: w.forum.edit(w.other_post, w.bob, "The school roof leaks a lot."),
        TooFast,
        setup=_edit_many,
    ),
}


@pytest.mark.parametrize("case", list(ATTACKS.values()), ids=list(ATTACKS))
def test_attack_refused_and_nothing_changes(case: Refusal) -> None:
    w = new_world(rules=case.rules)
    if case.setup is not None:
        case.setup(w)
    before = snapshot(w.forum)
    # How long a refusal takes is measured in bench/hostile_input_bench.py.
    with pytest.raises(case.error) as caught:
        case.act(w)
    assert type(caught.value) is case.error
    # Short and plain whatever came in (a quoted value is cut to 60 characters).
    assert_plain_message(str(caught.value))
    assert snapshot(w.forum) == before


# ------------------------------------------- a trainer's Rules or clock (review of issue 9)
BAD_RULES = {
    "window-huge": {"flood_window_s": 1e300},
    "window-inf": {"duplicate_window_s": float("inf")},
    "window-nan": {"flood_window_s": float("nan")},
    "window-negative": {"flood_window_s": -1},
    "window-text": {"duplicate_window_s": "600"},
    "count-text": {"flood_posts": "6"},
    "count-float": {"flood_messages": 2.5},
    "count-none": {"flood_edits": None},
    "count-bool": {"max_depth": True},
    "count-negative": {"own_words": -1},
}


@pytest.mark.parametrize("kwargs", BAD_RULES.values(), ids=BAD_RULES)
def test_bad_rules_are_refused_when_made(kwargs: dict[str, Any]) -> None:
    # Before: Rules accepted them and the first post ended in a raw TypeError or OverflowError.
    with pytest.raises(ForumError) as caught:
        Rules(**kwargs)
    assert_plain_message(str(caught.value))


def test_largest_allowed_window_still_posts() -> None:
    w = new_world(rules=Rules(flood_window_s=MAX_WINDOW_S, duplicate_window_s=MAX_WINDOW_S))
    assert w.forum.post(w.amina, "Still fine", "A window of ages works.").title == "Still fine"


@pytest.mark.parametrize(
    "moment", ["2024-01-01", 1_700_000_000, None], ids=["text", "number", "none"]
)
def test_a_clock_that_gives_no_datetime_is_refused_and_stores_nothing(moment: object) -> None:
    w = new_world()
    before = snapshot(w.forum)
    w.forum.clock = lambda: moment
    with pytest.raises(ForumError) as caught:
        w.forum.post(w.amina, "A title", "A body that would be stored.")
    assert_plain_message(str(caught.value))
    assert snapshot(w.forum) == before
