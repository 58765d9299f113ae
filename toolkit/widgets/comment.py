"""CommentForm: comment on a post, or reply to a comment, asking first when it could hurt."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.checks.risky import hurtful, risks
from toolkit.forum import text
from toolkit.forum.errors import ForumError
from toolkit.forum.text import COMMENT_BODY
from toolkit.i18n import N_
from toolkit.widgets.base import Check, _, hint_html
from toolkit.widgets.confirm import ConfirmRisky, Risk, found_in


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


class CommentForm(ConfirmRisky):
    """Write a comment. The button calls ``forum.comment(target, author, body)``.

    Hurtful words (a threat, an insult, "stay quiet") or a risky detail are sent only after
    she presses "Reply anyway" (the first press asks). Polite disagreement is sent at once.
    """

    submit_label = N_("Send comment")
    done_message = N_("Your comment is on the forum. Here it is:")
    ask_head = N_("Not sent yet. Check before you send:")
    anyway_label = N_("Reply anyway")
    risky_done_head = N_("Sent, but not safe yet:")
    risky_done_note = N_("Everyone on the forum can read it now.")

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
        self._setup_confirm()
        self._finish(self.context, self.body)

    def context_html(self) -> str:
        return hint_html(self.replying_to)

    # ----------------------------------------------------------------- asking first
    def _risks(self) -> list[Risk]:
        text = self.body.value
        found = sorted(hurtful(text) + risks(text, self.forum), key=lambda f: (f.start, f.end))
        return found_in(self.body.description, found, self.body)

    def _values(self) -> Any:
        return self.body.value

    def _first_field(self) -> widgets.Widget:
        return self.body

    def _precheck(self) -> None:
        text.clean(self.body.value, "comment", COMMENT_BODY)

    # ----------------------------------------------------------------- sending

    def _submit(self) -> Any:
        return self.forum.comment(self.target, self.author, self.body.value)

    def _member_for_check(self) -> Any:
        return self.author

    def _clear(self) -> None:
        self.body.value = ""


__all__ = ["CommentForm", "describe"]
