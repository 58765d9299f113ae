"""CommentForm: comment on a post, or reply to a comment."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.forum.errors import ForumError
from toolkit.forum.text import COMMENT_BODY
from toolkit.widgets.base import Check, Form, _, hint_html


def describe(entry: Any) -> str:
    """One plain line naming a post or comment: who wrote it and how it starts."""
    from toolkit.render.html import PLACEHOLDERS
    from toolkit.render.markdown import plain_text

    who = f"{entry.author.display_name} (@{entry.author.handle})"
    if not entry.visible:
        return f"{entry.anchor} by {who}: {PLACEHOLDERS.get(entry.status, entry.status)}"
    if entry.title:
        return f'{entry.anchor} by {who}: "{entry.title}"'
    text = plain_text(entry.body)
    if len(text) > 80:
        text = text[:79].rstrip() + "…"
    return f'{entry.anchor} by {who}: "{text}"'


class CommentForm(Form):
    """Write a comment. The button calls ``forum.comment(target, author, body)``."""

    submit_label = "Send comment"
    done_message = "Your comment is on the forum. Here it is:"

    def __init__(self, forum: Any, author: Any, target: Any, *, check: Check | None = None) -> None:
        super().__init__(
            forum,
            title=_("Write a comment"),
            intro=_("Say what you think. Be kind. Press the button to send it."),
            check=check,
        )
        self.author = author
        self.target = target
        self.replying_to = _("Replying to:") + " "
        try:
            self.replying_to += describe(forum.get(target))
        except ForumError as error:
            self.replying_to += str(target)
            self.show_error(error)
        self.context = widgets.HTML(hint_html(self.replying_to))
        self.body = self._textarea(
            _("Your comment"),
            _("Write your comment here. Be kind and clear."),
            rows=4,
            limit=COMMENT_BODY.max,
        )
        self.field_words = {"comment": _("Your comment")}
        self._finish(self.context, self.body)

    def context_html(self) -> str:
        return hint_html(self.replying_to)

    def _submit(self) -> Any:
        return self.forum.comment(self.target, self.author, self.body.value)

    def _member_for_check(self) -> Any:
        return self.author

    def _clear(self) -> None:
        self.body.value = ""


__all__ = ["CommentForm", "describe"]
