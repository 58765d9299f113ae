"""Small pieces of escaped HTML the forms show: forum objects, refusals, successes, hints.

Everything a learner or the forum wrote is escaped here; ``Html`` marks text that already is.
"""

from __future__ import annotations

from html import escape

from toolkit.i18n import _

__all__ = ["Html", "alert_html", "done_html", "hint_html", "html_of"]


def html_of(obj: object) -> str:
    """HTML for a forum object, a check's Feedback or anything else (escaped text)."""
    if obj is None:
        return ""
    from toolkit.forum.model import Displayable

    if isinstance(obj, Displayable):
        from toolkit.render.html import to_html

        return to_html(obj)
    show = getattr(obj, "_repr_html_", None)
    if callable(show):
        shown = show()
        if shown:
            return str(shown)
    return f"<pre>{escape(str(obj))}</pre>"


class Html(str):
    """Ready-made HTML (already escaped) that ``html_of`` passes through."""

    def _repr_html_(self) -> str:
        return str(self)


def alert_html(message: str) -> str:
    """A refusal, in words, announced to screen readers."""
    not_done = escape(_("Not done:"))
    return (
        f'<div class="tk-alert" role="alert"><strong>{not_done}</strong> '
        f'<span dir="auto">{escape(message)}</span></div>'
    )


def done_html(message: str) -> str:
    done = escape(_("Done:"))
    return (
        f'<div class="tk-done" role="status"><strong>{done}</strong> '
        f'<span dir="auto">{escape(message)}</span></div>'
    )


def hint_html(message: str) -> str:
    return f'<div class="tk-hint" role="note" dir="auto">{escape(message)}</div>'
