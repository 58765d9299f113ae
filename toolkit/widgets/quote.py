"""QuotePicker: quote a few words of a post, credited, and add your own.

The learner never types quotation marks or credits: ``forum.quote`` checks the excerpt is really
in the source and adds the author and a link; the preview shows the quote block as it will look.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.forum.errors import ForumError
from toolkit.i18n import N_
from toolkit.widgets.base import Check, Form, _, hint_html, html_of, name_fields
from toolkit.widgets.comment import describe

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# The forum's refusal when a quoting post adds no words of its own (toolkit.forum.rules).
_ONLY_QUOTE = N_(
    "Your post only repeats the quote. Add a few words of your own: "
    "why does this quote matter to you?"
)


def sentences(text: str) -> list[str]:
    """The sentences (and lines) of a text, in order, without repeats or blanks."""
    found: list[str] = []
    for part in _SENTENCE_END.split(text):
        part = " ".join(part.split())
        if part and part not in found:
            found.append(part)
    return found


class QuotePicker(Form):
    """Quote part of ``source`` in a reply (or, with ``new_post=True``, in a new post)."""

    submit_label = N_("Send with quote")
    done_message = N_("Your words and the quote are on the forum. Here they are:")

    def __init__(
        self,
        forum: Any,
        author: Any,
        source: Any,
        *,
        check: Check | None = None,
        new_post: bool = False,
    ) -> None:
        super().__init__(
            forum,
            title=_("Quote a post"),
            intro=_(
                "Pick a few words from the post below. Then add your own words. "
                "Quotation marks, the author's name and a link are added for you."
            ),
            check=check,
        )
        self.author = author
        self.source = source
        self.new_post = new_post
        self.source_entry: Any = None
        source_html = ""
        try:
            self.source_entry = forum.get(source)
            source_html = html_of(self.source_entry)
        except ForumError as error:
            self.show_error(error)
        quoting = escape(_("The post you are quoting:"))
        self.source_view = widgets.HTML(f"<p><strong>{quoting}</strong></p>{source_html}")
        choices = [(_("(choose a sentence, or type below)"), "")]
        for sentence in self._quotable_sentences():
            label = sentence if len(sentence) <= 70 else sentence[:69].rstrip() + "…"
            choices.append((label, sentence))
        self.sentence = self._dropdown(_("Pick a sentence to quote"), choices, value="")
        self.excerpt = self._textarea(
            _("Words to quote"), _("Copy a few words from the post above"), rows=2
        )
        self.preview = widgets.HTML(self._preview_html())
        self.title = None
        parts: list[widgets.Widget] = [self.source_view, self.sentence, self.excerpt, self.preview]
        if new_post:
            self.title = self._text(_("Title"), _("For example: I agree with Amina"))
            parts.append(self.title)
        self.body = self._textarea(
            _("Your own words"),
            _("Why do these words matter to you? Write at least a sentence."),
            rows=4,
        )
        parts.append(self.body)
        own = _("Your own words")
        self.field_words = {
            "comment": own,
            "post": own,
            "title": _("Title"),
            "excerpt": _("Words to quote"),
        }
        self.sentence.observe(self._on_sentence, names="value")
        self.excerpt.observe(self._on_excerpt, names="value")
        self._finish(*parts)

    # ----------------------------------------------------------------- choosing words
    def _quotable_sentences(self) -> list[str]:
        if self.source_entry is None or not self.source_entry.visible:
            return []
        found = []
        for sentence in sentences(self.source_entry.body):
            try:
                self.forum.quote(self.source_entry, sentence)
            except ForumError:
                continue  # the whole post, or too long: not offered
            found.append(sentence)
        return found

    def _on_sentence(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.excerpt.value = change["new"]

    def _on_excerpt(self, _change: dict[str, Any]) -> None:
        self.preview.value = self._preview_html()

    def _preview_html(self) -> str:
        excerpt = self.excerpt.value if hasattr(self, "excerpt") else ""
        preview = escape(_("Preview of your quote:"))
        heading = f"<p><strong>{preview}</strong></p>"
        if not excerpt.strip():
            return heading + hint_html(_("Your quote will show here when you pick some words."))
        try:
            quote = self.forum.quote(self.source, excerpt)
        except ForumError as error:
            message = name_fields(error.message, {"excerpt": _("Words to quote")})
            return heading + hint_html(_("Not ready yet:") + " " + message)
        return heading + html_of(quote)

    # ----------------------------------------------------------------- submit
    def show_error(self, error: ForumError) -> None:
        only_quote = error.message.startswith("Your post only repeats the quote.")
        if only_quote or error.message == _(_ONLY_QUOTE):
            # The forum's words name no field; hers is "Your own words".
            msg = _(
                "What you wrote in “{label}” only repeats the quote. Add a few words of your "
                "own: why does this quote matter to you?"
            ).format(label=_("Your own words"))
            error = type(error)(msg)
        super().show_error(error)

    def _submit(self) -> Any:
        quote = self.forum.quote(self.source, self.excerpt.value)
        if self.title is not None:
            return self.forum.post(self.author, self.title.value, self.body.value, quote=quote)
        return self.forum.comment(self.source, self.author, self.body.value, quote=quote)

    def _member_for_check(self) -> Any:
        return self.author

    def _clear(self) -> None:
        self.sentence.value = ""
        self.excerpt.value = ""
        self.body.value = ""
        if self.title is not None:
            self.title.value = ""

    def context_html(self) -> str:
        if self.source_entry is None:
            return ""
        line = escape(_("The post you are quoting:") + " " + describe(self.source_entry))
        return f'<p dir="auto">{line}</p>' + html_of(self.source_entry)


__all__ = ["QuotePicker", "sentences"]
