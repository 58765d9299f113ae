"""PostForm: start a thread with a title and a body, asking first when it gives too much away."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.checks.risky import hurtful, risks
from toolkit.forum import text
from toolkit.forum.text import POST_BODY, TITLE
from toolkit.i18n import N_
from toolkit.widgets.base import Check, _
from toolkit.widgets.confirm import ConfirmRisky, Risk, found_in


class PostForm(ConfirmRisky):
    """Write a new post. The Post button calls ``forum.post(author, title, body)``.

    A title or body with a risky detail (a phone number, where she lives, when she is alone)
    is posted only after she presses "Post anyway" (the first press asks).

    >>> form = PostForm(forum, "amina_k")          # doctest: +SKIP
    >>> form.title.value, form.body.value = "Clean water", "Our well needs a new pump."
    >>> form.submit.click()
    """

    submit_label = N_("Post")
    done_message = N_("Your post is on the forum. Here it is:")
    ask_head = N_("Not posted yet. Check before you post:")
    anyway_label = N_("Post anyway")
    risky_done_head = N_("Posted, but not safe yet:")
    risky_done_note = N_("Everyone on the forum can read it now.")

    def __init__(self, forum: Any, author: Any, *, check: Check | None = None) -> None:
        super().__init__(
            forum,
            title=_("Write a post"),
            intro=_(
                "Give your post a short title. Then write your message. Press Post to share it."
            ),
            check=check,
        )
        self.author = author
        self.title = self._text(
            _("Title"), _("For example: Clean water for our street"), limit=TITLE.max
        )
        self.body = self._textarea(
            _("Your post"),
            _("Write your message here. Be kind and clear."),
            rows=6,
            limit=POST_BODY.max,
        )
        self.field_words = {"title": _("Title"), "post": _("Your post")}
        self._setup_confirm()
        self._finish(self.title, self.body)

    # ----------------------------------------------------------------- asking first
    def _risks(self) -> list[Risk]:
        # A post can hurt as well as expose: "women like you should stay quiet" asks first too.
        body = self.body.value
        in_body = sorted(hurtful(body) + risks(body, self.forum), key=lambda f: (f.start, f.end))
        return found_in(
            self.title.description, risks(self.title.value, self.forum), self.title
        ) + found_in(self.body.description, in_body, self.body)

    def _values(self) -> Any:
        return (self.title.value, self.body.value)

    def _first_field(self) -> widgets.Widget:
        return self.body

    def _precheck(self) -> None:
        text.clean(self.title.value, "title", TITLE)
        text.clean(self.body.value, "post", POST_BODY)

    # ----------------------------------------------------------------- posting
    def _submit(self) -> Any:
        return self.forum.post(self.author, self.title.value, self.body.value)

    def _member_for_check(self) -> Any:
        return self.author

    def _clear(self) -> None:
        self.title.value = ""
        self.body.value = ""


__all__ = ["PostForm"]
