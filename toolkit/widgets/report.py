"""ReportForm: tell the trainers about a post, comment, message or member, and why."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.forum.errors import ForumError, InvalidText, NotFound
from toolkit.forum.model import REPORT_REASONS, Member, Message
from toolkit.i18n import N_
from toolkit.render.words import REASON_LABELS, reason_label
from toolkit.widgets.base import Check, Form, _, hint_html
from toolkit.widgets.comment import describe


def reason_choices() -> list[tuple[str, str]]:
    """(label, reason) pairs in the forum's order; unknown reasons keep their code as label."""
    return [(reason_label(code), code) for code in REPORT_REASONS]


def describe_target(forum: Any, target: Any, reporter: Any = None) -> str:
    """One plain line on what is reported: a post, comment, message or member, or its anchor."""
    if isinstance(target, str) and target.startswith(("message-", "member-")):
        target = _by_anchor(forum, target, reporter)
    if isinstance(target, Message):
        sender = target.sender
        subject = f': "{target.subject}"' if target.subject else ""
        line = _("{anchor}, a message from {name} (@{handle})").format(
            anchor=target.anchor, name=sender.display_name, handle=sender.handle
        )
        return line + subject
    if isinstance(target, Member):
        return _("{anchor}, the member {name} (@{handle})").format(
            anchor=target.anchor, name=target.display_name, handle=target.handle
        )
    return describe(forum.get(target))


def _by_anchor(forum: Any, anchor: str, reporter: Any) -> Any:
    # Read without side effects: opening a message through forum.message would mark it read.
    if anchor.startswith("member-"):
        found = [m for m in forum.members() if m.anchor == anchor]
    else:
        found = [] if reporter is None else [m for m in forum.inbox(reporter) if m.anchor == anchor]
    if not found:
        msg = _("There is no {anchor} in your forum or inbox. Check which one you mean.").format(
            anchor=anchor
        )
        raise NotFound(msg)
    return found[0]


class ReportForm(Form):
    """Report ``target`` to the trainers. The button calls ``forum.report``."""

    submit_label = N_("Send report")
    done_message = N_("Thank you. Your report is sent. A trainer will look at it soon.")

    def __init__(
        self, forum: Any, reporter: Any, target: Any, *, check: Check | None = None
    ) -> None:
        super().__init__(
            forum,
            title=_("Report to a trainer"),
            intro=_(
                "Something wrong? Tell a trainer. Only trainers see your report. "
                "The person you report is not told who sent it."
            ),
            check=check,
        )
        self.reporter = reporter
        self.target = target
        try:
            where = describe_target(forum, target, reporter)
        except ForumError as error:
            where = str(target)
            self.show_error(error)
        self.where_text = where
        self.where = widgets.HTML(self._where_html())
        self.reason = self._dropdown(
            _("What is wrong?"), [(_("(choose a reason)"), ""), *reason_choices()], value=""
        )
        self.note = self._textarea(
            _("Why? (you can leave this empty)"),
            _("For example: This message asks for my bank password."),
            rows=3,
        )
        self.field_words = {"note": _("Why? (you can leave this empty)")}
        self._finish(self.where, self.reason, self.note)

    def _where_html(self) -> str:
        return hint_html(_("Where:") + " " + self.where_text)

    def context_html(self) -> str:
        return self._where_html()

    def _submit(self) -> Any:
        if not self.reason.value:
            msg = _("Choose a reason in “{label}” first.").format(label=_("What is wrong?"))
            raise InvalidText(msg)
        return self.forum.report(self.target, self.reporter, self.reason.value, self.note.value)

    def _done_text(self, result: Any) -> str:
        return _(self.done_message)

    def _member_for_check(self) -> Any:
        return self.reporter

    def _clear(self) -> None:
        self.reason.value = ""
        self.note.value = ""


__all__ = ["REASON_LABELS", "ReportForm", "describe_target", "reason_choices"]
