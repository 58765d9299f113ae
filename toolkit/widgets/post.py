"""PostForm: start a thread with a title and a body."""

from __future__ import annotations

from typing import Any

from toolkit.forum.text import POST_BODY, TITLE
from toolkit.widgets.base import Check, Form, _


class PostForm(Form):
    """Write a new post. The Post button calls ``forum.post(author, title, body)``.

    >>> form = PostForm(forum, "amina_k")          # doctest: +SKIP
    >>> form.title.value, form.body.value = "Clean water", "Our well needs a new pump."
    >>> form.submit.click()
    """

    submit_label = "Post"
    done_message = "Your post is on the forum. Here it is:"

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
        self._finish(self.title, self.body)

    def _submit(self) -> Any:
        return self.forum.post(self.author, self.title.value, self.body.value)

    def _member_for_check(self) -> Any:
        return self.author

    def _clear(self) -> None:
        self.title.value = ""
        self.body.value = ""


__all__ = ["PostForm"]
