"""Lesson 9: a record of harassment that a helper can act on, a log of reports, and a block.

A learner fills in forms (``FieldsForm``), never a Python literal; each form hands its check a
plain dictionary::

    check_evidence_log(forum, {"when": "2 Mar 2026, 11:41 UTC", "where": "comment-11",
                               "who": "grey_cloud_42", "profile": "member-10",
                               "what": "<the exact words>"}, bad)
    check_report_log(forum, me, {"when": "...", "where": "...", "answer": "..."}, bad)
    block_by_name(forum, me, "grey_cloud_42", bad.author)
    check_responses({"crowd": "mute", "cousin": "mute", "stranger": "block", "threat": "danger"})

``check_evidence_log`` compares the log with the comment itself: when it was written (date,
time and time zone), its link, the author's username and profile link, and the exact words.
Messages never repeat the abusive words, so a feedback card on a shared screen does not show
them again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from toolkit.checks._base import Problem, checked, need_forum, need_member, words
from toolkit.checks.feedback import Feedback
from toolkit.checks.when import has_date, has_zone, times_in
from toolkit.forum.errors import ForumError
from toolkit.forum.model import Entry, Member
from toolkit.forum.service import Forum
from toolkit.forum.text import collapse_spaces
from toolkit.i18n import N_, _

__all__ = [
    "EVIDENCE_FIELDS",
    "REPORT_LOG_FIELDS",
    "RESPONSES",
    "RESPONSE_CHOICES",
    "block_by_name",
    "check_blocked",
    "check_evidence_log",
    "check_report_log",
    "check_responses",
    "evidence_fields",
    "report_log_fields",
    "response_choices",
    "response_items",
]

# The form's boxes, in the order a helper reads them (labels translated when the form is made).
EVIDENCE_FIELDS = {
    "when": N_("When: the date, the time and the time zone"),
    "where": N_("Where: the link to the comment"),
    "who": N_("Who: the username"),
    "profile": N_("Their profile: the link or the ID"),
    "what": N_("What: the exact words"),
}
REPORT_LOG_FIELDS = {
    "when": N_("When you reported it: the date and the time"),
    "where": N_("Where you reported it"),
    "answer": N_("The answer you got (or: no answer yet)"),
}


# What the check says about each box: (right, wrong, empty, hint). Never the abusive words.
_NOTES = {
    "where": (
        N_("You wrote the link to the comment, so a helper can find it."),
        N_("The link does not point to this comment."),
        N_("Your log has no link to the comment."),
        N_("Copy the comment's own link, for example comment-12."),
    ),
    "who": (
        N_("You wrote who posted it."),
        N_("The username in your log is not the author of the comment."),
        N_("Your log does not say who posted it."),
        N_("Copy the username shown next to the comment, letter by letter."),
    ),
    "profile": (
        N_("You wrote the link to their profile. It stays the same if they change names."),
        N_("The profile link is not the profile of the person who wrote it."),
        N_("Your log has no link to the person's profile."),
        N_("Copy the link to the author's profile, for example member-4."),
    ),
    "what": (
        N_("You saved the exact words."),
        N_("The words you saved are not exactly the words of the comment."),
        N_("Your log does not keep the words of the comment."),
        N_("Copy the words exactly. Do not change or shorten them."),
    ),
}


def evidence_fields() -> dict[str, str]:
    """The evidence-log boxes (key: label), in the learner's language."""
    return {key: _(label) for key, label in EVIDENCE_FIELDS.items()}


def report_log_fields() -> dict[str, str]:
    """The report-log boxes (key: label), in the learner's language."""
    return {key: _(label) for key, label in REPORT_LOG_FIELDS.items()}


def _target(forum: Forum, target: object) -> Entry:
    ref: object = target.anchor if isinstance(target, Entry) else target
    if not isinstance(ref, (str, int)) or isinstance(ref, bool):
        raise Problem(_("The check needs the comment you are recording."))
    try:
        return forum.get(ref.lstrip("#") if isinstance(ref, str) else ref)
    except ForumError:
        raise Problem(_("The check cannot find that comment in the forum.")) from None


def _text(value: object) -> str:
    return collapse_spaces(value).casefold() if isinstance(value, str) else ""


def _need_log(log: object) -> Mapping[str, object]:
    if not isinstance(log, Mapping):
        raise Problem(
            _("The check needs the boxes of the form, one answer in each."),
            _("Run the form cell again, fill in each box, then press Check."),
        )
    return log


_WHEN_NOTES = {
    "date": (
        N_("You wrote the date it was posted."),
        N_("The date does not match the day the comment was posted."),
        N_("Copy the date shown at the top of the comment."),
    ),
    "time": (
        N_("You wrote the time it was posted."),
        N_("The time does not match the time the comment was posted."),
        N_("Copy the time shown next to the date, like 09:56."),
    ),
    "zone": (
        N_("You wrote the time zone, so anyone can tell the exact moment."),
        N_("Your log does not say the time zone."),
        N_("Write the time zone shown after the time, like UTC."),
    ),
}


def _check_when(text: str, when: datetime) -> tuple[list[str], list[tuple[str, str]]]:
    """(what went well, [(what is missing, hint)]) for the "when" box."""
    if not text:
        nothing = _("Your log does not say when it was posted.")
        return [], [(nothing, _("Copy the date, the time and the time zone from the comment."))]
    times = times_in(text)
    right = {
        "date": has_date(text, when),
        "time": (when.hour, when.minute) in times or (when.hour % 12 or 12, when.minute) in times,
        "zone": has_zone(text, when),
    }
    good: list[str] = []
    missing: list[tuple[str, str]] = []
    for key, ok in right.items():
        done, wrong, hint = _WHEN_NOTES[key]
        if ok:
            good.append(_(done))
        elif key == "time" and not times:
            missing.append((_("Your log has no time, only a day."), _(hint)))
        else:
            missing.append((_(wrong), _(hint)))
    return good, missing


@checked("evidence_log")
def check_evidence_log(forum: Forum, log: Mapping[str, object], target: Entry | str) -> Feedback:
    """Check her log of ``target``: when, link, username, profile link and exact words."""
    forum = need_forum(forum)
    log = _need_log(log)
    entry = _target(forum, target)
    good, problems = _check_when(_text(log.get("when")), entry.created_at)

    author = entry.author
    links = {key: re.split(r"[\s#/?=@]+", _text(log.get(key))) for key in ("where", "profile")}
    right = {
        "where": entry.anchor in links["where"],
        "who": _text(log.get("who")).lstrip("@")
        in {author.handle.casefold(), author.display_name.casefold()},
        "profile": author.anchor in links["profile"] or _text(log.get("profile")) == str(author.id),
        "what": _text(log.get("what")) == _text(entry.body),
    }
    for key, ok in right.items():
        done, wrong, empty, hint = _NOTES[key]
        if ok:
            good.append(_(done))
        else:
            problems.append((_(wrong) if _text(log.get(key)) else _(empty), _(hint)))

    missing = [line for line, _hint in problems]
    return Feedback(
        "evidence_log", not missing, good, missing, problems[0][1] if problems else None
    )


@checked("report_log")
def check_report_log(
    forum: Forum, member: Member | str, log: Mapping[str, object], target: Entry | str
) -> Feedback:
    """Check her note of a report she made: when, where, and the answer (or that none came)."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    log = _need_log(log)
    entry = _target(forum, target)
    if not any(
        r.reporter == me.handle and r.target == entry.anchor for r in forum.reports(status=None)
    ):
        raise Problem(
            _("You have not reported this comment yet, so there is nothing to log."),
            _("Do Step 2 first: send your report. Then fill in this log."),
        )
    good: list[str] = []
    problems: list[tuple[str, str]] = []
    when = _text(log.get("when"))
    if re.search(r"\d", when) and times_in(when):
        good.append(_("You wrote when you reported it."))
    else:
        problems.append(
            (
                _("Write the date and the time you sent the report.")
                if when
                else _("Your report log does not say when you reported it."),
                _("For example: 2 March, 12:05. Look at a clock if you are not sure."),
            )
        )
    if len(words(_text(log.get("where")))) >= 2:
        good.append(_("You wrote where you reported it."))
    else:
        problems.append(
            (
                _("Your report log does not say where you reported it."),
                _("For example: the Report button of the forum, to the moderators."),
            )
        )
    if words(_text(log.get("answer"))):
        good.append(_("You wrote the answer, or that none came yet. Check again in a few days."))
    else:
        problems.append(
            (
                _("Your report log does not say what answer you got."),
                _('If nobody has answered yet, write "no answer yet".'),
            )
        )
    missing = [line for line, _hint in problems]
    return Feedback(
        "report_log",
        not missing,
        good,
        missing,
        problems[0][1] if problems else None,
        learner=me.handle,
    )


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
        _("Type their username in the form and press the button."),
        learner=me.handle,
    )


@checked("blocked")
def block_by_name(forum: Forum, member: Member | str, name: str, author: Member | str) -> Feedback:
    """Block the member she typed (the block form's button), but only if it is ``author``.

    A typo must never block a friend: a name that is not the author is refused, nothing changes.
    """
    forum = need_forum(forum)
    me = need_member(forum, member)
    them = need_member(forum, author)
    typed = _text(name).lstrip("@")
    if not typed:
        raise Problem(
            _("Type the username of the person you want to block."),
            _("Copy it from the top of the comment, letter by letter."),
        )
    if typed not in {them.handle.casefold(), them.display_name.casefold()}:
        raise Problem(
            _("That is not the person who wrote the comment. Nobody was blocked."),
            _("Copy the username shown next to the comment, letter by letter."),
        )
    forum.block(me, them)
    return check_blocked(forum, me, them)


# --------------------------------------------------------------------------- mute or block?
RESPONSE_CHOICES = (
    (N_("Mute or restrict"), "mute"),
    (N_("Block and report"), "block"),
    (N_("Save it, report it, and get help now"), "danger"),
)
# key: (the situation, the best response, why). Graded by risk, not by how polite the words are.
RESPONSES = {
    "crowd": (
        N_("1. A woman in your group posts many messages a day. They are kind, but too many."),
        "mute",
        N_("Situation 1: nothing is wrong here. Mute her: she is not told, and you get peace."),
    ),
    "cousin": (
        N_(
            "2. Your cousin leaves rude comments. If you block him, he may see it "
            "and make trouble at home."
        ),
        "mute",
        N_(
            "Situation 2: a block can be noticed, and here that brings risk. Mute or restrict "
            "him so he does not know, and keep saving what he writes."
        ),
    ),
    "stranger": (
        N_("3. A stranger sends you insults every day from a new account."),
        "block",
        N_("Situation 3: save the messages, then block and report. You owe a stranger nothing."),
    ),
    "threat": (
        N_("4. Someone writes, politely, that he knows your street and you should stop speaking."),
        "danger",
        N_(
            "Situation 4: polite words, but a threat meant to make you stop speaking. Save it, "
            "report it, and tell someone you trust and a support service or the police."
        ),
    ),
}


def response_items() -> dict[str, str]:
    """The situations for the sorting form (key: text), in the learner's language."""
    return {key: _(text) for key, (text, _best, _why) in RESPONSES.items()}


def response_choices() -> list[tuple[str, str]]:
    """(label, value) pairs for the sorting form, in the learner's language."""
    return [(_(label), value) for label, value in RESPONSE_CHOICES]


@checked("responses")
def check_responses(answers: Mapping[str, str | None]) -> Feedback:
    """Check her choice for each situation: mute, block and report, or get help now."""
    answers = _need_log(answers)  # type: ignore[assignment]
    good: list[str] = []
    missing: list[str] = []
    for key, (_situation, best, why) in RESPONSES.items():
        chosen = answers.get(key)
        if chosen == best:
            good.append(_(why))
        elif chosen is None or chosen == "":
            missing.append(
                _("You have not chosen an answer for situation {n}.").format(n=_number(key))
            )
        else:
            missing.append(_(why))
    hint = (
        None if not missing else _("Ask: how much danger is she in? Not: how rude are the words?")
    )
    return Feedback("responses", not missing, good, missing, hint)


def _number(key: str) -> int:
    """The situation's number as the form shows it (1 for the first)."""
    return list(RESPONSES).index(key) + 1
