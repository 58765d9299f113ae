"""Lessons 7 and 9: a report that says why; sorting messages (safe, phishing, impersonation);
reading a web address to find the site a link really opens."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from toolkit.checks._base import Problem, checked, need_forum, need_member, words
from toolkit.checks.feedback import Feedback
from toolkit.forum.model import Entry, Member, Message
from toolkit.forum.service import Forum
from toolkit.i18n import _

__all__ = [
    "LABELS",
    "MIN_NOTE_WORDS",
    "check_phishing_sort",
    "check_real_site",
    "check_report",
    "real_site",
]

MIN_NOTE_WORDS = 3
LABELS = ("safe", "phishing", "impersonation")


def _anchor(target: object) -> str | None:
    """The report target's anchor ("post-3", "message-2", "member-4"), or None if unknown."""
    if isinstance(target, (Entry, Message, Member)):
        return target.anchor
    if isinstance(target, str):
        return target.lstrip("#")
    return None


@checked("report")
def check_report(
    forum: Forum, member: Member | str, target: Entry | Message | Member | str | None = None
) -> Feedback:
    """Check she reported something (``target`` if given), saying why: a reason or a short note."""
    forum = need_forum(forum)
    me = need_member(forum, member)
    mine = [r for r in forum.reports(status=None) if r.reporter == me.handle]
    if target is not None:
        anchor = _anchor(target)
        if anchor is None:
            raise Problem(_("The check needs the post or message you reported."))
        mine = [r for r in mine if r.target == anchor]
    if not mine:
        return Feedback(
            "report",
            False,
            [],
            [
                _("You have not reported it yet.")
                if target is not None
                else _("You have not made a report yet.")
            ],
            _("Use the Report button, choose a reason and say why in a few words."),
            learner=me.handle,
        )
    report = mine[-1]
    good = [_("You made a report.")]
    missing: list[str] = []
    hint = None
    note_words = len(words(report.note))
    if report.reason != "other":
        good.append(_('You chose a reason: "{reason}".').format(reason=report.reason))
    if note_words >= MIN_NOTE_WORDS:
        good.append(_("Your note says why, so a trainer can act quickly."))
    if report.reason == "other" and note_words < MIN_NOTE_WORDS:
        missing.append(_("Your report does not say why."))
        hint = _(
            "Choose a reason such as phishing or harassment, or write a note of at least {n} words."
        ).format(n=MIN_NOTE_WORDS)
    elif note_words < MIN_NOTE_WORDS:
        hint = _("Next time, add a short note: where you saw it and why it worries you.")
    return Feedback("report", not missing, good, missing, hint, learner=me.handle)


def _label(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("label")
    return value.strip().casefold() if isinstance(value, str) else None


def _cue(value: Any) -> str | None:
    cue = value.get("cue") if isinstance(value, Mapping) else None
    return cue if isinstance(cue, str) and cue.strip() else None


@checked("phishing_sort")
def check_phishing_sort(answers: dict[str, str], key: dict[str, Any]) -> Feedback:
    """Compare her labels ("safe", "phishing", "impersonation") with the key, message by message.

    ``answers`` is what a ``SortForm`` hands over: ``{anchor: label}``, with None for a message
    she has not sorted yet. ``key`` maps an anchor ("message-3") to a label, or to
    ``{"label": ..., "cue": ...}`` where the cue names what gives it away; the cue is shown for
    every message she sorted wrongly.
    """
    if not isinstance(answers, Mapping):
        raise Problem(
            _("The check needs one label for each message."),
            _("Choose safe, phishing or impersonation for each message, then check again."),
        )
    if not isinstance(key, Mapping) or not key:
        raise Problem(_("The check has no answer key. Ask your trainer."))
    given = {str(k).lstrip("#"): v for k, v in answers.items()}
    choices = ", ".join(LABELS)
    right: list[str] = []
    missing: list[str] = []
    hints: list[str] = []
    for anchor, expected in key.items():
        want = _label(expected)
        answer = given.get(anchor)
        got = _label(answer)
        if answer is None or got == "":
            missing.append(_("{message}: you have not sorted it yet.").format(message=anchor))
        elif got not in LABELS:
            missing.append(
                _('{message}: "{answer}" is not one of the choices ({choices}).').format(
                    message=anchor, answer=str(answer), choices=choices
                )
            )
        elif got != want:
            cue = _cue(expected)
            if cue:
                line = _('{message}: you chose "{answer}", but it is "{label}". The clue: {cue}')
            else:
                line = _('{message}: you chose "{answer}", but it is "{label}".')
            missing.append(line.format(message=anchor, answer=got, label=want, cue=cue))
            hints.append(_("Look again at {message}, slowly, word by word.").format(message=anchor))
        else:
            right.append(anchor)
    good = []
    if right:
        good.append(
            _("You sorted {n} of {total} messages correctly.").format(n=len(right), total=len(key))
        )
    hint = hints[0] if hints else None
    if hint is None and missing:
        hint = _(
            "Check the sender's name letter by letter, and be careful with links that "
            "ask for your password."
        )
    return Feedback("phishing_sort", not missing, good, missing, hint)


# "https://", "http://" and the like, and a leading "www.", say nothing about who owns the site.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def _host_and_path(address: str) -> tuple[str, str]:
    text = _SCHEME.sub("", address.strip().casefold())
    host, _slash, path = text.partition("/")
    host = host.split("?")[0].split("#")[0]
    # "library.example@win.example" opens win.example: what comes before an @ is only a label.
    host = host.rpartition("@")[2].split(":")[0].strip(".")
    return host.removeprefix("www."), path


def real_site(address: str) -> str:
    """The site an address really opens: the last two parts of the name before the first /.

    "riverside-library.example.win-a-tablet.example/claim" -> "win-a-tablet.example". Two parts
    are enough for the course's made-up ``.example`` addresses; real country endings such as
    ``.co.uk`` would need the public suffix list, which the course never uses.
    """
    host, _path = _host_and_path(address)
    return ".".join(host.split(".")[-2:])


@checked("real_site")
def check_real_site(answer: str, address: str) -> Feedback:
    """Check she found the site ``address`` really opens, and name the part she read instead."""
    if not isinstance(answer, str) or not isinstance(address, str) or not address.strip():
        raise Problem(_("The check needs the site name you found, as text."))
    site = real_site(address)
    host, path = _host_and_path(address)
    given, given_path = _host_and_path(answer)
    hint = _("Find the first single /. The real site is the last two parts just before it.")
    if not given and not given_path:
        return Feedback("real_site", False, [], [_("You have not typed a site name yet.")], hint)
    if given == site:
        return Feedback(
            "real_site", True, [_("Right: this link really opens {site}.").format(site=site)]
        )
    if given == host:
        missing = _("You copied the whole name before the /. The real site is only its end.")
    elif given and host.startswith(given):
        missing = _(
            '"{answer}" is the front of the address. Anyone can put a familiar name there.'
        ).format(answer=given)
    elif given and given == site.split(".")[0]:
        missing = _('"{answer}" is part of it. Write the whole name, with its ending.').format(
            answer=given
        )
    elif given and given in path.split("/"):
        missing = _(
            '"{answer}" comes after the /. It is a page inside the site, not the site.'
        ).format(answer=given)
    else:
        missing = _('"{answer}" is not the site this address opens.').format(answer=given)
    # Her own words are quoted back on screen but kept out of the progress file.
    return Feedback("real_site", False, [], [missing], hint, private=(given,))
