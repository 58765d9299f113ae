"""``Feedback``: what a check says about a learner's answer, shown as a friendly card.

A Feedback shows itself in three ways (IPython's display protocol):

- ``text/html``: a card with ``role="status"``, a heading in words ("Well done!" / "Not yet — keep
  going"), what went well (✓) and what is missing (○), and one hint. Words and icons carry the
  meaning, never colour alone, so it reads the same printed in greyscale.
- ``text/plain``: the same as plain text (``str(feedback)``).
- ``application/vnd.toolkit.feedback+json``: the result as data, which ``python -m toolkit.grade``
  reads back from an executed notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from toolkit.i18n import _
from toolkit.mime import FEEDBACK_MIME

__all__ = ["FEEDBACK_MIME", "Feedback"]

PASS_ICON = "✓"
MISSING_ICON = "○"

# Inline styles so the card looks right in JupyterLab, a static HTML page and nbviewer alike.
# A solid border means "passed", a dashed one "not yet": visible without colour.
_CARD_STYLE = (
    "border:2px {line} #444;border-radius:6px;padding:0.6em 1em;margin:0.5em 0;"
    "max-width:42em;font-size:1rem;line-height:1.5;background:#fff;color:#111"
)


@dataclass
class Feedback:
    """The result of one check: passed or not, what went well, what is missing, and one hint."""

    check: str
    passed: bool
    good: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hint: str | None = None
    # Whose answer was checked (a forum handle), for the progress record; never shown.
    learner: str | None = field(default=None, repr=False, compare=False)
    # Her own words the check quotes back (a phone number, a street): shown on her screen, left
    # out of the progress file (see ``recorded``).
    private: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def heading(self) -> str:
        return _("Well done!") if self.passed else _("Not yet — keep going")

    @property
    def messages(self) -> list[str]:
        """What the learner should read first: what is missing, then what went well."""
        return [*self.missing, *self.good]

    def recorded(self) -> list[str]:
        """The messages as the progress file keeps them: ``private`` words replaced by "…"."""
        out = []
        for message in self.messages:
            for words in sorted(set(self.private), key=len, reverse=True):
                if words:
                    message = message.replace(words, "…")
            out.append(message)
        return out

    def to_data(self) -> dict[str, Any]:
        """The result as JSON-ready data (the feedback MIME type)."""
        return {
            "version": 1,
            "check": self.check,
            "passed": self.passed,
            "messages": self.messages,
            "good": list(self.good),
            "missing": list(self.missing),
            "hint": self.hint,
        }

    def __str__(self) -> str:
        icon = PASS_ICON if self.passed else MISSING_ICON
        lines = [f"{icon} {self.heading}"]
        if self.good:
            lines.append(_("What went well:"))
            lines += [f"  {PASS_ICON} {line}" for line in self.good]
        if self.missing:
            lines.append(_("What is missing:"))
            lines += [f"  {MISSING_ICON} {line}" for line in self.missing]
        if self.hint:
            lines.append(_("Hint: {hint}").format(hint=self.hint))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        icon = PASS_ICON if self.passed else MISSING_ICON
        style = _CARD_STYLE.format(line="solid" if self.passed else "dashed")
        state = "passed" if self.passed else "not-yet"
        parts = [
            f'<section class="toolkit-feedback toolkit-feedback--{state}" role="status"'
            f' aria-live="polite" dir="auto" style="{style}">',
            f'<h3 style="margin:0 0 0.4em 0"><span aria-hidden="true">{icon}</span> '
            f"{escape(self.heading)}</h3>",
        ]
        for title, items, mark in (
            (_("What went well"), self.good, PASS_ICON),
            (_("What is missing"), self.missing, MISSING_ICON),
        ):
            if not items:
                continue
            parts.append(f'<h4 style="margin:0.4em 0 0.2em 0">{escape(title)}</h4>')
            parts.append('<ul style="list-style:none;padding-left:0.2em;margin:0">')
            parts += [
                f'<li><span aria-hidden="true">{mark}</span> {escape(item)}</li>' for item in items
            ]
            parts.append("</ul>")
        if self.hint:
            hint = escape(_("Hint:"))
            parts.append(
                f'<p style="margin:0.5em 0 0 0"><strong>{hint}</strong> {escape(self.hint)}</p>'
            )
        parts.append("</section>")
        return "".join(parts)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/plain": str(self),
            "text/html": self._repr_html_(),
            FEEDBACK_MIME: self.to_data(),
        }
