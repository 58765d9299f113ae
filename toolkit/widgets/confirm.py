"""Ask before saving risky details: the first press warns, "Save anyway" or "Change it" decides.

Used by the SignatureEditor and the ProfileForm. The warning names the field by its label, says
what kind of detail it found and why that is risky, and never repeats the detail itself. A save
she confirmed is reported as saved but not safe, never as a green "Done:".
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.widgets.base import Form, _, hint_html, html_of, touch_layout

# (label the learner sees, kind of detail, why it is risky)
Risk = tuple[str, str, str]


def risk_items(risks: list[Risk]) -> str:
    items = "".join(
        f"<li dir='auto'>{escape(_('“{label}” shows {what}.').format(label=label, what=what))} "
        f"{escape(why)}</li>"
        for label, what, why in risks
    )
    return f"<ul>{items}</ul>"


def ask_html(risks: list[Risk]) -> str:
    """The warning shown on the first press: what was found, why, and the two choices."""
    return (
        f'<div class="tk-alert tk-warn" role="alert"><strong>'
        f"{escape(_('Not saved yet. Check before you save:'))}</strong>{risk_items(risks)}"
        f"<p>{escape(_('Press “Change it” to take it out, or “Save anyway” if you are sure.'))}"
        "</p></div>"
    )


def saved_risky_html(risks: list[Risk]) -> str:
    """Saved because she confirmed: said plainly, in the warning style, never as "Done:"."""
    return (
        f'<div class="tk-alert tk-warn" role="status"><strong>'
        f"{escape(_('Saved, but not safe yet:'))}</strong>{risk_items(risks)}"
        f"<p>{escape(_('Your check will not pass until you take it out.'))}</p></div>"
    )


class ConfirmRisky(Form):
    """A Form whose save asks first when ``_risks()`` finds something risky."""

    def _risks(self) -> list[Risk]:
        """(label, what, why) for each risky detail about to be saved."""
        raise NotImplementedError

    def _values(self) -> Any:
        """What she is about to save: a confirmation holds for these exact values only."""
        raise NotImplementedError

    def _first_field(self) -> widgets.Widget:
        """The field to go back to when she chooses "Change it"."""
        raise NotImplementedError

    def _setup_confirm(self) -> widgets.Box:
        self._confirmed_for: Any = None
        self._saving_risks: list[Risk] = []
        self.save_anyway = widgets.Button(
            description=_("Save anyway"), button_style="danger", layout=touch_layout()
        )
        self.change_it = widgets.Button(
            description=_("Change it"), button_style="primary", layout=touch_layout()
        )
        self.save_anyway.on_click(lambda _b: self._save_anyway())
        self.change_it.on_click(lambda _b: self._change_it())
        self.confirm = widgets.HBox(
            [self.change_it, self.save_anyway],
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
        risks = self._risks()
        if risks and self._values() != self._confirmed_for:
            self.status.value = ask_html(risks)
            self._show_confirm(True)
            return
        self._show_confirm(False)
        self._saving_risks = risks
        try:
            super()._on_submit(_button)
        finally:
            self._saving_risks, self._confirmed_for = [], None

    def _save_anyway(self) -> None:
        self._confirmed_for = self._values()
        self._on_submit()

    def _change_it(self) -> None:
        self._show_confirm(False)
        self._confirmed_for = None
        self.status.value = hint_html(
            _("Take out the details named above, then press “{button}” again.").format(
                button=self.submit.description
            )
        )
        field = self._first_field()
        if hasattr(field, "focus"):
            field.focus()

    def show_done(self, message: str, *shown: object) -> None:
        if not self._saving_risks:
            super().show_done(message, *shown)
            return
        self.status.value = saved_risky_html(self._saving_risks) + "".join(
            html_of(obj) for obj in shown
        )
