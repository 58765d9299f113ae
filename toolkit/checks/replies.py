"""Lesson 5: a kind reply that responds to the content, not the grammar, and stays safe.

The heuristic, kept simple so a trainer can explain it:

- *responds*: the reply shares at least one content word (four letters or more, not a common
  word like "that" or "really") with what it answers, or it talks to the author (asks a
  question, or says "you"/"your"). A reply that corrects spelling or grammar must share a
  content word: "your spelling is wrong" talks to the author but not about her post.
- *kind*: the hostility finder (:func:`toolkit.checks.risky.hurtful`) finds no threat,
  silencing, blackmail, contempt, insult or shouting. Polite disagreement is kind.
- *safe*: the risk finder finds no detail that could put someone at risk (a phone number,
  where she lives...). A reply is as public as a post.

Hurtful and risky words are named on her screen and kept out of the progress file
(``Feedback.private``).
"""

from __future__ import annotations

import re

from toolkit.checks import wordlists
from toolkit.checks._base import (
    Problem,
    checked,
    contains_phrase,
    entries_by,
    latest,
    need_forum,
    need_member,
    plain,
    words,
)
from toolkit.checks.feedback import Feedback
from toolkit.checks.risky import hurtful, risks, words_of
from toolkit.checks.risky import notes as risk_notes
from toolkit.checks.wordlists import for_language
from toolkit.forum.model import Comment, Entry, Member, Post
from toolkit.forum.service import Forum
from toolkit.i18n import _

__all__ = ["check_kind_reply", "content_words"]

MIN_CONTENT_LETTERS = 4


def content_words(text: str) -> set[str]:
    """Words that carry the topic: four letters or more, not common, not about grammar."""
    grammar = {w for phrase in for_language(wordlists.GRAMMAR_POLICING) for w in phrase.split()}
    common = {plain(w) for w in for_language(wordlists.STOPWORDS)}
    return {
        _stem(w)
        for w in words(plain(text))
        if len(w) >= MIN_CONTENT_LETTERS
        and w not in common
        and w not in grammar
        and not w.isdigit()
    }


def _stem(word: str) -> str:
    # "wells" and "well", "schools" and "school" should match; nothing cleverer than that.
    # Arabic joins "and", "the", "for" to the word: "والبئر" and "البئر" and "بئر" are one.
    word = _ARABIC_PREFIX.sub("", word) if _ARABIC_PREFIX.match(word) else word
    return word[:-1] if word.endswith("s") and len(word) > MIN_CONTENT_LETTERS else word


# (Stripped alike on both sides, so a word that only looks prefixed still matches itself.)
_ARABIC_PREFIX = re.compile(r"^(?:[وف]?[بلك]?(?:ال|لل)|[وف][بلك]?|[بلك])(?=\w{3})")


def _answered(forum: Forum, reply: Comment) -> Entry:
    """What the reply answers: the comment it replied to, else the post."""
    target = reply.reply_to_id if reply.reply_to_id is not None else reply.parent_id
    if target is not None:
        return forum.get(f"comment-{target}")
    return forum.get(f"post-{reply.post_id}")


def _mine_on(forum: Forum, entries: list[Post | Comment], target: object) -> list[Comment]:
    comments = [e for e in entries if isinstance(e, Comment)]
    if target is None:
        return comments
    if not isinstance(target, (Post, Comment, str, int)) or isinstance(target, bool):
        raise Problem(
            _(
                "The check needs the post you replied to, like this: "
                "check_kind_reply(forum, me, post)."
            ),
        )
    found = forum.get(target)
    if isinstance(found, Post):
        return [c for c in comments if c.post_id == found.id]
    return [c for c in comments if found.id in (c.reply_to_id, c.parent_id)]


@checked("kind_reply")
def check_kind_reply(
    forum: Forum, member: Member | str, post: Post | Comment | str | None = None
) -> Feedback:
    """Her latest comment (on ``post`` if given): it responds to the content, kindly and safely."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    reply = latest(_mine_on(forum, entries_by(forum, me), post))
    if reply is None:
        return Feedback(
            "kind_reply",
            False,
            [],
            [
                _("You have not replied yet.")
                if post is None
                else _("You have not replied to this post yet.")
            ],
            _(
                "Write your reply in the form above and press the Reply button, then run this "
                "check again."
            ),
            learner=me.handle,
        )
    assert isinstance(reply, Comment)
    source = _answered(forum, reply)
    body = reply.body
    good: list[str] = [_("You replied.")]
    missing: list[str] = []
    hints: list[str] = []

    shared = content_words(body) & content_words(f"{source.title or ''}\n{source.body}")
    lowered = set(words(plain(body)))
    talks_to_author = any(q in body for q in "?؟") or bool(
        lowered & {plain(w) for w in for_language(wordlists.SECOND_PERSON)}
    )
    grammar = contains_phrase(body, for_language(wordlists.GRAMMAR_POLICING))
    if grammar and not shared:
        missing.append(_("Your reply is about spelling or grammar, not about what they said."))
        hints.append(
            _("Talk about what they said, not the grammar. What do you think of their idea?")
        )
    elif shared or talks_to_author:
        good.append(_("Your reply responds to what they wrote."))
        if grammar:
            hints.append(
                _(
                    "You could leave out the remark about spelling: many members write in their "
                    "second or third language."
                )
            )
    else:
        missing.append(_("Your reply does not say anything about their post."))
        hints.append(_("Mention something from their post, or ask them a question about it."))

    unkind = hurtful(body)
    if unkind:
        # How she says it matters more than whether she answered: read it first.
        missing[:0] = risk_notes(unkind)
        hints.insert(0, unkind[0].hint)
    else:
        good.append(_("Your tone is kind: no threats, no hurtful words and no shouting."))

    found = risks(body, forum)
    if found:
        missing[len(unkind) : len(unkind)] = risk_notes(found)
        hints.insert(
            1 if unkind else 0,
            # The forms cannot edit: a new reply counts too, as the check reads the newest one.
            _(
                "A safer way: {hint} Then take it out: edit your reply, or send a new reply "
                "without it."
            ).format(hint=found[0].hint),
        )
    else:
        good.append(_("Your reply does not say how to reach someone, or where to find them."))

    return Feedback(
        "kind_reply",
        not missing,
        good,
        missing,
        hints[0] if hints else None,
        learner=me.handle,
        private=words_of([*unkind, *found]),
    )
