"""Lesson 4: a first post in her own words, with a clear title, long enough, not shouting, safe.

"Safe" comes from the risk finder (:mod:`toolkit.checks.risky`): the post does not pass while
its title or body gives a detail that could put her at risk (a phone number, where she lives,
when she is out...). The check names those words and says why; the progress file keeps the
message without them (``Feedback.private``).
"""

from __future__ import annotations

import re

from toolkit.checks._base import checked, entries_by, latest, need_forum, need_member, shouting
from toolkit.checks._base import words as word_list
from toolkit.checks.feedback import Feedback
from toolkit.checks.risky import notes as risk_notes
from toolkit.checks.risky import risks, words_of
from toolkit.forum.model import Member, Post
from toolkit.forum.service import Forum
from toolkit.i18n import _

__all__ = ["MIN_BODY_WORDS", "MIN_TITLE_CHARS", "MIN_TITLE_WORDS", "check_first_post"]

MIN_TITLE_WORDS = 2
MIN_TITLE_CHARS = 8
MIN_BODY_WORDS = 15

# A link does not count as her words: http(s)://..., www..., or a bare domain like example.org/x.
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)


def own_words(body: str) -> list[str]:
    """The words of the body that are not part of a link."""
    return word_list(_LINK.sub(" ", body))


@checked("first_post")
def check_first_post(forum: Forum, member: Member | str) -> Feedback:
    """Check her latest post: her own words (not only a link), a clear title, long enough, calm."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    post = latest(e for e in entries_by(forum, me) if isinstance(e, Post))
    if post is None:
        return Feedback(
            "first_post",
            False,
            [],
            [_("You have not posted anything yet.")],
            _("Fill in the form above and press the Post button, then run this check again."),
            learner=me.handle,
        )
    good: list[str] = [_("You posted in the forum.")]
    missing: list[str] = []
    hints: list[str] = []

    title = post.title or ""
    if len(word_list(title)) >= MIN_TITLE_WORDS or len(title.strip()) >= MIN_TITLE_CHARS:
        good.append(_("Your title tells readers what the post is about."))
    else:
        missing.append(_("Your title is very short."))
        hints.append(_('Use a title of two words or more, like "Clean water for our street".'))

    mine = own_words(post.body)
    has_link = bool(_LINK.search(post.body))
    if len(mine) >= MIN_BODY_WORDS:
        good.append(
            _("You wrote {n} words of your own.").format(n=len(mine))
            if not has_link
            else _("You wrote {n} words of your own, not just a link.").format(n=len(mine))
        )
    elif has_link:
        missing.append(_("Your post is mostly a link. Readers want to hear from you."))
        hints.append(
            _(
                "Add at least {n} words of your own: what is the link about, and why does it "
                "matter to you?"
            ).format(n=MIN_BODY_WORDS)
        )
    else:
        missing.append(
            _("Your post is short: {n} words. Write at least {min} words.").format(
                n=len(mine), min=MIN_BODY_WORDS
            )
        )
        hints.append(_("Say what the issue is, who it affects, and what you would like to happen."))

    if shouting(f"{title}\n{post.body}"):
        missing.append(_("Your post is all in capital letters, which reads like shouting."))
        hints.append(_("Edit your post and write it in normal letters."))
    else:
        good.append(_("You wrote in normal letters, not all capitals."))

    # The title too: a street in the title is as public as one in the body. Each on its own, so
    # a body as long as the forum allows is still scanned.
    found = [*risks(title, forum), *risks(post.body, forum)]
    if found:
        # Safety first: what could put her at risk is what she should read before the rest.
        missing[:0] = risk_notes(found)
        # The forms cannot edit: a new version counts too, as the check reads the newest post.
        hints.insert(
            0,
            _(
                "A safer way: {hint} Then take it out: edit your post, or post a new version "
                "without it."
            ).format(hint=found[0].hint),
        )
    else:
        good.append(_("Your post does not say how to reach you, or where and when to find you."))

    return Feedback(
        "first_post",
        not missing,
        good,
        missing,
        hints[0] if hints else None,
        learner=me.handle,
        private=words_of(found),
    )
