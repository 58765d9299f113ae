"""What the learners' pages share: the page helpers, reading form fields, and the risk nudge.

The nudge works like ``widgets.confirm.ConfirmRisky`` without JavaScript: the first press of a
form whose text holds a risky detail (or hurtful words) publishes nothing and shows what was
found, why, and a safer way, with two buttons, "Change it" and "Post anyway". "Post anyway"
carries a digest of the exact values she was warned about; if she edited them, she is asked again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from markupsafe import Markup

from toolkit.checks.risky import Finding
from toolkit.classroom.base import BoardHandler
from toolkit.forum.model import REACTIONS, Member
from toolkit.i18n import direction, language
from toolkit.render.html import seen_as
from toolkit.render.markdown import body_html
from toolkit.render.words import (
    REASON_LABELS,
    comments_label,
    placeholder,
    reaction_label,
)


def body(text: str) -> Markup:
    """A post, comment or message body as safe HTML (markdown-it, then nh3's allow-list)."""
    return Markup(body_html(text))  # body_html sanitised it with nh3


@dataclass(frozen=True)
class Note:
    """One thing found in a field: the field's label, the exact words, why, and a safer way."""

    where: str
    words: str
    why: str
    hint: str


def notes_in(where: str, findings: Iterable[Finding]) -> list[Note]:
    """A Note for each finding in the field labelled ``where``, in reading order."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    return [Note(where, f.words, f.why, f.hint) for f in ordered]


def digest(values: Iterable[str]) -> str:
    """What a "Post anyway" press is about: these exact values, and no others."""
    raw = json.dumps(list(values), ensure_ascii=False).encode("utf-8", "replace")
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Nudge:
    """The state of the risk nudge shown with a form (``asking``: the two buttons are shown)."""

    notes: tuple[Note, ...] = ()
    asking: bool = False
    warned: str = ""


# Given to every template beside what base.render_page adds.
HELPERS: dict[str, Any] = {
    "body": body,
    "placeholder": placeholder,
    "reaction_label": reaction_label,
    "comments_label": comments_label,
    "seen_as": seen_as,
    "REACTIONS": REACTIONS,
    "none_nudge": Nudge(),
}


class PageHandler(BoardHandler):
    """A learner page: the template helpers, form fields, and the nudge."""

    def render_page(self, name: str, status: int = HTTPStatus.OK, **context: Any) -> None:
        context.setdefault("error", None)
        context.setdefault("nudge", Nudge())
        context.setdefault("lang", (language() or "en").replace("_", "-"))
        context.setdefault("dir", direction())
        super().render_page(name, status, **HELPERS, **context)

    def me(self) -> Member:
        """The signed-in member (a visitor is sent to the join page)."""
        return self.require_member()

    def field(self, name: str, *, strip: bool = True) -> str:
        """A form field's text ('' when missing); long texts are left for the forum to refuse."""
        return self.get_body_argument(name, default="", strip=strip) or ""

    def nudge(self, notes: list[Note], values: Iterable[str]) -> Nudge | None:
        """The nudge to show instead of publishing, or None when she may publish.

        None when nothing was found, or when she pressed "Post anyway" for these exact values.
        "Change it" shows the notes beside the form again, without the two buttons.
        """
        if not notes:
            return None
        signed = digest(values)
        choice = self.field("choice")
        if choice == "change":
            return Nudge(tuple(notes), asking=False)
        confirmed = hmac.compare_digest(self.field("warned").encode(), signed.encode())
        if choice == "anyway" and confirmed:
            return None
        return Nudge(tuple(notes), asking=True, warned=signed)


def visible_text(text: str) -> str:
    """Short words for a title attribute or a heading: one line, at most 60 characters."""
    line = " ".join(text.split())
    return line if len(line) <= 60 else line[:59].rstrip() + "…"


__all__ = [
    "HELPERS",
    "REASON_LABELS",
    "Note",
    "Nudge",
    "PageHandler",
    "body",
    "digest",
    "notes_in",
    "visible_text",
]
