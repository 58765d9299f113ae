"""InboxView: read direct messages, and report or block a sender.

Each message shows the sender's display name AND @username: phishing and impersonation drills
teach learners to compare the two ("Amina" writing as @amina_k_help is not Amina).
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.i18n import N_
from toolkit.widgets.base import View, _, close_tree, done_html, hint_html, html_of, touch_layout

# (label, reason): English here, translated where the dropdown is made.
MESSAGE_REPORT_REASONS = (
    (N_("A trick to get passwords or money (phishing)"), "phishing"),
    (N_("Pretends to be someone else"), "impersonation"),
    (N_("Spam or adverts"), "spam"),
    (N_("Bullying or harassment"), "harassment"),
)


def summary_html(message: Any) -> str:
    """One line: New?, sender's name and @username, subject, date."""
    from toolkit.render.words import when

    sender = message.sender
    new = ""
    if not message.read:
        word = escape(_("New"))
        new = f"<strong class='tk-unread'>{word}</strong> "
    subject = escape(message.subject) if message.subject else escape(_("(no subject)"))
    name = (
        f"<strong><bdi>{escape(sender.display_name)}</bdi></strong> "
        f"<span class='tk-handle'>@<bdi>{escape(sender.handle)}</bdi></span>"
    )
    sent_by = escape(_("From {name}")).format(name=name)
    return (
        f"<p class='tk-message-line' dir='auto'>{new}{sent_by} · "
        f"<bdi>{subject}</bdi> · <small>{escape(when(message.sent_at))}</small></p>"
    )


class MessageRow(widgets.VBox):
    """One message in the list, with Open, Report and Block buttons."""

    def __init__(self, message: Any) -> None:
        handle = message.sender.handle
        self.message = message
        self.summary = widgets.HTML(summary_html(message))
        self.open_button = widgets.Button(
            description=_("Open"),
            tooltip=_("Open the message from @{name}").format(name=handle),
            layout=touch_layout(),
        )
        self.reason = widgets.Dropdown(
            options=[(_(label), code) for label, code in MESSAGE_REPORT_REASONS],
            value="phishing",
            description=_("Reason"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="24rem"),
        )
        self.report_button = widgets.Button(
            description=_("Report"),
            tooltip=_("Report the message from @{name} to a trainer").format(name=handle),
            layout=touch_layout(),
        )
        self.block_button = widgets.Button(
            description=_("Block @{name}").format(name=handle),
            tooltip=_("Block @{name}: no more messages from them").format(name=handle),
            button_style="warning",
            layout=touch_layout(),
        )
        actions = widgets.HBox(
            [self.open_button, self.reason, self.report_button, self.block_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        super().__init__(
            [self.summary, actions],
            layout=widgets.Layout(border="1px solid #767676", padding="0.3em", margin="0.3em 0"),
        )


class InboxView(View):
    """A member's inbox. Opening a message marks it read (``forum.message``)."""

    def __init__(self, forum: Any, member: Any) -> None:
        super().__init__(
            forum,
            title=_("Your messages"),
            intro=_(
                "Before you open a message, look at who sent it: the name AND the @username. "
                "Not sure? Report it, or block the sender."
            ),
        )
        self.member = member
        self.inbox: Any = None
        self.opened: Any = None
        self.result: Any = None
        self.rows: list[MessageRow] = []
        self.list = widgets.VBox()
        self.reader = widgets.HTML("")
        self.children = (self.heading, self.list, self.reader, self.status)
        self.refresh()

    def refresh(self) -> None:
        """Load the inbox again and rebuild the list."""
        old = self.rows
        ok, inbox = self._attempt(self.forum.inbox, self.member)
        if not ok:
            return
        self.inbox = inbox
        self.rows = [self._row(message) for message in inbox]
        if self.rows:
            self.list.children = tuple(self.rows)
        else:
            self.list.children = (widgets.HTML(hint_html(_("No messages."))),)
        for row in old:
            close_tree(row)

    def _row(self, message: Any) -> MessageRow:
        row = MessageRow(message)
        row.open_button.on_click(lambda _button: self.open_message(row.message))
        row.report_button.on_click(
            lambda _button: self.report_message(row.message, row.reason.value)
        )
        row.block_button.on_click(lambda _button: self.block_sender(row.message))
        return row

    # ----------------------------------------------------------------- actions
    def open_message(self, message: Any) -> Any:
        ok, opened = self._attempt(self.forum.message, message, self.member)
        if not ok:
            return None
        self.opened = opened
        tip = hint_html(
            _("Check: do you know @{name}? Look closely at every letter of the username.").format(
                name=opened.sender.handle
            )
        )
        self.reader.value = html_of(opened) + tip
        self.status.value = ""
        self.refresh()
        return opened

    def report_message(self, message: Any, reason: str = "phishing") -> Any:
        ok, report = self._attempt(self.forum.report, message, self.member, reason)
        if not ok:
            return None
        self.result = report
        self.show_done(
            _(
                "Thank you. A trainer will look at the message from @{name}. "
                "Do not answer it and do not click its links."
            ).format(name=message.sender.handle),
            report,
        )
        return report

    def block_sender(self, message: Any) -> bool:
        sender = message.sender
        ok, _none = self._attempt(self.forum.block, self.member, sender)
        if not ok:
            return False
        if self.opened is not None and self.opened.sender.id == sender.id:
            self.opened, self.reader.value = None, ""
        self.refresh()
        self.status.value = done_html(
            _("You blocked @{name}. You will not see their messages or posts now.").format(
                name=sender.handle
            )
        )
        return True

    # ----------------------------------------------------------------- display
    def context_html(self) -> str:
        return html_of(self.inbox) if self.inbox is not None else ""

    def extra_bundle(self) -> dict[str, Any]:
        if self.inbox is None:
            return {}
        from toolkit.render.bundle import mimebundle

        bundle = mimebundle(self.inbox)
        return {k: v for k, v in bundle.items() if k not in ("text/plain", "text/html")}


__all__ = ["InboxView", "MessageRow", "summary_html"]
