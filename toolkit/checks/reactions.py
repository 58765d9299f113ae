"""Lesson 1: react to what other members wrote (a first, low-risk way to take part).

A reaction counts when it is on a visible post or comment written by someone else. Reacting
twice to the same post counts once: the aim is to read several posts, not to press many buttons.
"""

from __future__ import annotations

from toolkit.checks._base import checked, need_forum, need_member
from toolkit.checks.feedback import Feedback
from toolkit.forum.model import Member
from toolkit.forum.service import Forum
from toolkit.i18n import _, ngettext

__all__ = ["check_reactions", "reacted_to"]


def reacted_to(forum: Forum, member: Member) -> list[tuple[str, str]]:
    """``(anchor, kind)`` of each reaction she gave to visible content by others, oldest first."""
    found: list[tuple[str, str]] = []
    for reaction in forum.reactions(member):
        entry = forum.get(reaction.target)
        if entry.visible and entry.author.id != member.id:
            found.append((entry.anchor, reaction.kind))
    return found


@checked("reactions")
def check_reactions(forum: Forum, member: Member | str, minimum: int = 2) -> Feedback:
    """Check she reacted to at least ``minimum`` different posts or comments by other members."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    given = reacted_to(forum, me)
    targets = sorted({anchor for anchor, _kind in given})
    kinds = sorted({kind for _anchor, kind in given})
    if not given:
        return Feedback(
            "reactions",
            False,
            [],
            [_("You have not reacted to any post yet.")],
            _('Read a post by another member, then press a reaction such as "support".'),
            learner=me.handle,
        )
    good = [
        ngettext(
            "You reacted to {n} post or comment by another member.",
            "You reacted to {n} different posts or comments by other members.",
            len(targets),
        ).format(n=len(targets))
    ]
    if len(kinds) > 1:
        good.append(_("You used more than one kind of reaction."))
    if len(targets) >= minimum:
        return Feedback("reactions", True, good, [], None, learner=me.handle)
    left = minimum - len(targets)
    return Feedback(
        "reactions",
        False,
        good,
        [
            ngettext(
                "React to {n} more post or comment.",
                "React to {n} more posts or comments.",
                left,
            ).format(n=left)
        ],
        _("Choose a different post this time. One reaction per post is enough."),
        learner=me.handle,
    )
