"""Lesson 9: a record of harassment that a trainer or moderator can act on, and a block.

An evidence log is a plain dictionary she fills in::

    log = {"date": "2026-03-02", "where": "comment-9", "what": "<the exact words>",
           "who": "@handle"}

``check_evidence_log`` compares it with the comment itself: the date it was written, its anchor
(the link), the exact words (the "screenshot"), and who wrote it. Messages never repeat the
abusive words, so a feedback card on a shared screen does not show them again.
"""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.checks._base import Problem, checked, need_forum, need_member
from toolkit.checks.feedback import Feedback
from toolkit.forum.errors import ForumError
from toolkit.forum.model import Entry, Member
from toolkit.forum.service import Forum
from toolkit.forum.text import collapse_spaces
from toolkit.i18n import _

__all__ = ["LOG_FIELDS", "check_blocked", "check_evidence_log"]

LOG_FIELDS = ("date", "where", "what", "who")


def _target(forum: Forum, target: object) -> Entry:
    if isinstance(target, Entry):
        ref: object = target.anchor
    else:
        ref = target
    if not isinstance(ref, (str, int)) or isinstance(ref, bool):
        raise Problem(_("The check needs the comment you are recording."))
    try:
        return forum.get(ref.lstrip("#") if isinstance(ref, str) else ref)
    except ForumError:
        raise Problem(_("The check cannot find that comment in the forum.")) from None


def _text(value: object) -> str:
    return collapse_spaces(value).casefold() if isinstance(value, str) else ""


@checked("evidence_log")
def check_evidence_log(forum: Forum, log: dict[str, str], target: Entry | str) -> Feedback:
    """Check her log of ``target``: date, link (anchor), exact words and author are all right."""
    forum = need_forum(forum)
    if not isinstance(log, Mapping):
        raise Problem(
            _('Write your log as a dictionary, like {"date": "...", "where": "..."}.'),
            _("Copy the log cell again and fill in each line between the quotation marks."),
        )
    entry = _target(forum, target)
    good: list[str] = []
    missing: list[str] = []
    hints: list[str] = []

    date = _text(log.get("date"))
    if date and entry.created_at.date().isoformat() in date:
        good.append(_("You wrote the date it was posted."))
    elif date:
        missing.append(_("The date does not match the day the comment was posted."))
        hints.append(_("Copy the date shown at the top of the comment (year-month-day)."))
    else:
        missing.append(_("Your log has no date."))
        hints.append(_("Write the date shown at the top of the comment."))

    where = _text(log.get("where")).lstrip("#")
    if where and entry.anchor in where.replace("#", " ").split():
        good.append(_("You wrote where it is (its link), so a moderator can find it."))
    elif where:
        missing.append(_("The link does not point to this comment."))
        hints.append(_("Use the comment's own link, for example comment-12."))
    else:
        missing.append(_("Your log does not say where the comment is."))
        hints.append(_("Write the comment's link, for example comment-12."))

    what = _text(log.get("what"))
    if what and what == _text(entry.body):
        good.append(_("You saved the exact words, like a screenshot."))
    elif what:
        missing.append(_("The words you saved are not exactly the words of the comment."))
        hints.append(_("Copy the words exactly. Do not change or shorten them."))
    else:
        missing.append(_("Your log does not keep the words of the comment."))
        hints.append(_("Save the exact words, or take a screenshot."))

    who = _text(log.get("who")).lstrip("@")
    handles = {entry.author.handle.casefold(), entry.author.display_name.casefold()}
    if who and who in handles:
        good.append(_("You wrote who posted it."))
    elif who:
        missing.append(_("The username in your log is not the author of the comment."))
        hints.append(_("Copy the username shown next to the comment, letter by letter."))
    else:
        missing.append(_("Your log does not say who posted it."))
        hints.append(_("Write the username shown next to the comment."))

    return Feedback("evidence_log", not missing, good, missing, hints[0] if hints else None)


@checked("blocked")
def check_blocked(forum: Forum, member: Member | str, other: Member | str) -> Feedback:
    """Check ``member`` has blocked ``other``."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    them = need_member(forum, other)
    if any(m.id == them.id for m in forum.blocked(me)):
        return Feedback(
            "blocked",
            True,
            [
                _(
                    "You blocked {handle}. Their posts are hidden from you "
                    "and they cannot message you."
                ).format(handle=them.handle)
            ],
            [],
            None,
            learner=me.handle,
        )
    return Feedback(
        "blocked",
        False,
        [],
        [_("You have not blocked {handle} yet.").format(handle=them.handle)],
        _("Block them with forum.block(me, ...) with their username."),
        learner=me.handle,
    )
