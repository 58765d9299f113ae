"""Ask before publishing a risky or hurtful text: the first press warns, then she decides.

Used by PostForm, CommentForm, SignatureEditor and ProfileForm. When what she is about to
publish holds a risky detail (or, in a reply, hurtful words), the first press publishes nothing.
The warning names the field, the exact words found, why they matter and a safer way, and offers
two buttons: "Change it" (back to the field) and "Post anyway" (or "Reply anyway", "Save
anyway"). A text published anyway is reported as not safe, in the warning style, never as a
green "Done:". The confirmation holds for the exact values she was warned about: editing them
asks again. A safe text publishes on the first press.

The words shown are the learner's own input, so they are escaped like every other text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, NamedTuple

import ipywidgets as widgets

from toolkit.checks.risky import Finding
from toolkit.i18n import N_
from toolkit.widgets.base import Form, _, html_of, touch_layout


class Risk(NamedTuple):
    """One thing found in a field: the field's label, the exact words, why, and a safer way."""

    label: str
    words: str
    why: str
    hint: str
    # The field to go back to on "Change it" (None: the form's first field).
    field: Any = None


def found_in(label: str, findings: Iterable[Finding], field: Any = None) -> list[Risk]:
    """A Risk for each finding in the field labelled ``label``."""
    return [Risk(label, f.words, f.why, f.hint, field) for f in findings]


def risk_line(risk: Risk) -> str:
    """Plain text: Your post: “0712 345 678”. Anyone who reads this … A safer way: …"""
    said = _("{where}: “{words}”. {why}").format(where=risk.label, words=risk.words, why=risk.why)
    return f"{said} {_('A safer way: {hint}').format(hint=risk.hint)}"


def risk_item(risk: Risk, *, with_hint: bool = True) -> str:
    """The same as ``risk_line`` in HTML, the words in bold; every part escaped."""
    said = escape(_("{where}: “{words}”. {why}")).format(
        where=escape(risk.label),
        words=f"<strong>{escape(risk.words)}</strong>",
        why=escape(risk.why),
    )
    if not with_hint:
        return f'<li dir="auto">{said}</li>'
    safer = escape(_("A safer way: {hint}").format(hint=risk.hint))
    return f'<li dir="auto">{said}<br>{safer}</li>'


def risk_items(risks: Iterable[Risk]) -> str:
    # Two threats in one reply share a safer way: say it once, after the last of them.
    items = list(risks)
    shown = [
        risk_item(r, with_hint=i + 1 == len(items) or items[i + 1].hint != r.hint)
        for i, r in enumerate(items)
    ]
    return f"<ul>{''.join(shown)}</ul>"


def ask_html(risks: list[Risk], head: str, choices: str) -> str:
    """The warning on the first press: what was found, why, a safer way, the two choices."""
    return (
        f'<div class="tk-alert tk-warn" role="alert"><strong>{escape(head)}</strong>'
        f"{risk_items(risks)}<p>{escape(choices)}</p></div>"
    )


def risky_done_html(risks: list[Risk], head: str, note: str) -> str:
    """Published because she chose to: said plainly, in the warning style, never "Done:"."""
    return (
        f'<div class="tk-alert tk-warn" role="status"><strong>{escape(head)}</strong>'
        f"{risk_items(risks)}<p>{escape(note)}</p></div>"
    )


def change_html(risks: list[Risk], message: str) -> str:
    """After "Change it": what to change stays in view while she edits."""
    return (
        f'<div class="tk-hint" role="note"><p dir="auto">{escape(message)}</p>'
        f"{risk_items(risks)}</div>"
    )


class ConfirmRisky(Form):
    """A Form whose submit asks first when ``_risks()`` finds something.

    Subclasses implement ``_risks``, ``_values`` and ``_first_field``, call ``_setup_confirm``
    before ``_finish``, and may reword the class texts below to fit what they publish.
    """

    ask_head = N_("Not saved yet. Check before you save:")
    change_label = N_("Change it")
    anyway_label = N_("Save anyway")
    risky_done_head = N_("Saved, but not safe yet:")
    risky_done_note = N_("Your check will not pass until you take it out.")

    def _risks(self) -> list[Risk]:
        """A Risk for each risky (or hurtful) detail about to be published, in reading order."""
        raise NotImplementedError

    def _values(self) -> Any:
        """What she is about to publish: a confirmation holds for these exact values only."""
        raise NotImplementedError

    def _first_field(self) -> widgets.Widget:
        """The field to go back to on "Change it" when a Risk names none."""
        raise NotImplementedError

    def _precheck(self) -> None:
        """Raise the forum's refusal (a ForumError) for a text it would not take.

        Run before asking: she hears "too long" or "empty" first, and is asked only about a
        text the forum would publish (never asked, then refused, then asked again).
        """

    def _setup_confirm(self) -> widgets.Box:
        self._asked_for: Any = None  # the values the shown warning is about
        self._confirmed_for: Any = None  # the values she chose to publish anyway
        self._asked: list[Risk] = []
        self._publishing_risks: list[Risk] = []
        self.publish_anyway = widgets.Button(
            description=_(self.anyway_label), button_style="danger", layout=touch_layout()
        )
        self.change_it = widgets.Button(
            description=_(self.change_label), button_style="primary", layout=touch_layout()
        )
        # The signature and profile forms and their tests know it by this name.
        self.save_anyway = self.publish_anyway
        self.publish_anyway.on_click(lambda _b: self._publish_anyway())
        self.change_it.on_click(lambda _b: self._change_it())
        self.confirm = widgets.HBox(
            [self.change_it, self.publish_anyway],
            layout=widgets.Layout(flex_flow="row wrap", display="none", grid_gap="0.5em"),
        )
        self.confirm.add_class("tk-actions")
        return self.confirm

    def _after_status(self) -> tuple[widgets.Widget, ...]:
        return (self.confirm,)

    @property
    def asking(self) -> bool:
        """True while the warning and its two buttons are shown."""
        return self.confirm.layout.display != "none"

    def _show_confirm(self, shown: bool) -> None:
        self.confirm.layout.display = "flex" if shown else "none"

    def _on_submit(self, _button: widgets.Button | None = None) -> None:
        checked, _none = self._attempt(self._precheck)
        if not checked:  # the refusal is shown; there is nothing to ask about yet
            self._show_confirm(False)
            self._confirmed_for = self._asked_for = None
            return
        risks, values = self._risks(), self._values()
        if risks and values != self._confirmed_for:
            self._ask(risks, values)
            return
        self._show_confirm(False)
        self._publishing_risks = risks
        try:
            super()._on_submit(_button)
        finally:
            self._publishing_risks, self._confirmed_for, self._asked_for = [], None, None

    def _ask(self, risks: list[Risk], values: Any) -> None:
        self._asked, self._asked_for, self._confirmed_for = risks, values, None
        choices = _("Press “{change}” to change your words, or “{anyway}” if you are sure.")
        self.status.value = ask_html(
            risks,
            _(self.ask_head),
            choices.format(
                change=self.change_it.description, anyway=self.publish_anyway.description
            ),
        )
        self._show_confirm(True)

    def _publish_anyway(self) -> None:
        if not self.asking:  # a second click that arrives after the first one published
            return
        # She confirmed what the warning showed. If she edited since, the values differ and
        # the new text is checked (and asked about) again.
        self._confirmed_for = self._asked_for
        self._on_submit()

    def _change_it(self) -> None:
        if not self.asking:
            return
        self._show_confirm(False)
        self._confirmed_for = self._asked_for = None
        message = _("Change the words below, then press “{button}” again.")
        self.status.value = change_html(self._asked, message.format(button=self.submit.description))
        field = next((r.field for r in self._asked if r.field is not None), None)
        field = field if field is not None else self._first_field()
        if hasattr(field, "focus"):
            field.focus()

    def show_done(self, message: str, *shown: object) -> None:
        if not self._publishing_risks:
            super().show_done(message, *shown)
            return
        self.status.value = risky_done_html(
            self._publishing_risks, _(self.risky_done_head), _(self.risky_done_note)
        ) + "".join(html_of(obj) for obj in shown)


__all__ = ["ConfirmRisky", "Risk", "found_in", "risk_item", "risk_line"]
