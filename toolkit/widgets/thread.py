"""ThreadView: read a thread and answer it, with Reply and React buttons on every entry."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.forum.model import REACTIONS
from toolkit.widgets.base import Check, View, _, close_tree, done_html, html_of, touch_layout
from toolkit.widgets.comment import CommentForm

_MAX_INDENT = 6  # deeper replies stay readable on a narrow screen


def _entry_view_html(entry: Any, thread: Any) -> str:
    from toolkit.render.html import entry_html

    # The stylesheet once, with the post that starts the thread.
    return entry_html(entry, thread, style=entry.kind == "post")


class EntryRow(widgets.VBox):
    """One post or comment with its Reply and React buttons, and room for a reply form."""

    def __init__(self, entry: Any, thread: Any) -> None:
        self.entry = entry
        self.view_html = widgets.HTML(_entry_view_html(entry, thread))
        self.actionable = entry.visible and entry.author.id not in thread.blocked
        who = entry.author.handle
        self.reply = widgets.Button(
            description=_("Reply"),
            tooltip=_("Reply to @{name}").format(name=who),
            layout=touch_layout(),
        )
        from toolkit.render.words import reaction_label

        self.reaction = widgets.Dropdown(
            options=[(reaction_label(kind), kind) for kind in REACTIONS],
            value=REACTIONS[0],
            description=_("Reaction"),
            style={"description_width": "initial"},
            layout=touch_layout(),
        )
        self.react = widgets.Button(
            description=_("React"),
            tooltip=_("React to what @{name} wrote").format(name=who),
            layout=touch_layout(),
        )
        self.slot = widgets.VBox()
        parts: list[widgets.Widget] = [self.view_html]
        if self.actionable:
            parts.append(
                widgets.HBox(
                    [self.reply, self.reaction, self.react],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                )
            )
        parts.append(self.slot)
        depth = min(entry.depth, _MAX_INDENT)
        # On a phone the indent shrinks with the screen, so deep replies keep room to read.
        indent = f"min({depth * 1.5}em, {depth * 3}vw)"
        super().__init__(parts, layout=widgets.Layout(margin=f"0 0 0 {indent}"))


class ThreadView(View):
    """A thread as ``member`` sees it. Reply opens a CommentForm; React calls ``forum.react``."""

    def __init__(self, forum: Any, post: Any, member: Any, *, check: Check | None = None) -> None:
        super().__init__(
            forum,
            title=_("Read the thread"),
            intro=_(
                "Read the post and the comments. Press Reply to answer someone, "
                "or React to say thanks."
            ),
        )
        self.post = post
        self.member = member
        self.check = check
        self.thread: Any = None
        self.result: Any = None
        self.reply_form: CommentForm | None = None
        self.rows: dict[str, EntryRow] = {}
        self.entries = widgets.VBox()
        self.children = (self.heading, self.entries, self.status)
        self.refresh()

    def refresh(self) -> None:
        """Load the thread again and rebuild the entries (any open reply form closes)."""
        ok, thread = self._attempt(self.forum.thread, self.post, self.member)
        if not ok:
            return
        old = list(self.rows.values())
        self.thread = thread
        self.reply_form = None
        self.rows = {}
        for entry in (thread.post, *thread.comments):
            row = EntryRow(entry, thread)
            row.reply.on_click(lambda _b, row=row: self.open_reply(row.entry.anchor))
            row.react.on_click(
                lambda _b, row=row: self.react_to(row.entry.anchor, row.reaction.value)
            )
            self.rows[entry.anchor] = row
        self.entries.children = tuple(self.rows.values())
        for row in old:
            close_tree(row)

    # ----------------------------------------------------------------- actions
    def open_reply(self, anchor: str) -> CommentForm:
        """Show a comment form under the entry ``anchor`` (closing any other one)."""
        self.close_reply()
        row = self.rows[anchor]
        form = CommentForm(self.forum, self.member, row.entry, check=self.check)
        cancel = widgets.Button(
            description=_("Cancel"), layout=touch_layout(align_self="flex-start")
        )
        cancel.on_click(lambda _button: self.close_reply())
        form.on_success(lambda comment: self._replied(form, comment))
        row.slot.children = (form, cancel)
        self.reply_form = form
        self.status.value = ""
        form.body.focus()
        return form

    def close_reply(self) -> None:
        if self.reply_form is None:
            return
        for row in self.rows.values():
            if self.reply_form in row.slot.children:
                old = row.slot.children
                row.slot.children = ()
                for widget in old:
                    close_tree(widget)
                row.reply.focus()
        self.reply_form = None

    def _replied(self, form: CommentForm, comment: Any) -> None:
        self.result = comment
        shown = form.status.value
        self.refresh()
        self.status.value = shown
        if comment.anchor in self.rows:
            self.rows[comment.anchor].reply.focus()

    def react_to(self, anchor: str, kind: str = "like") -> Any:
        ok, reaction = self._attempt(self.forum.react, anchor, self.member, kind)
        if not ok:
            return None
        self.result = reaction
        author = self.rows[anchor].entry.author.handle
        self.refresh()
        from toolkit.render.words import reaction_label

        self.status.value = done_html(
            _('You reacted "{kind}" to what @{name} wrote.').format(
                kind=reaction_label(kind), name=author
            )
        )
        if anchor in self.rows:
            self.rows[anchor].react.focus()
        return reaction

    # ----------------------------------------------------------------- display
    def context_html(self) -> str:
        return html_of(self.thread) if self.thread is not None else ""

    def extra_bundle(self) -> dict[str, Any]:
        if self.thread is None:
            return {}
        from toolkit.render.bundle import mimebundle

        bundle = mimebundle(self.thread)
        return {k: v for k, v in bundle.items() if k not in ("text/plain", "text/html")}


__all__ = ["EntryRow", "ThreadView"]
