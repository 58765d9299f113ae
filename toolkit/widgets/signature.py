"""SignatureEditor: write the few lines shown under every post, with live safety notes."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.checks.risky import risks
from toolkit.forum import text
from toolkit.forum.errors import ForumError
from toolkit.i18n import N_
from toolkit.widgets.base import Check, _, hint_html
from toolkit.widgets.confirm import ConfirmRisky, Risk, found_in, risk_line

_WARNINGS_HEAD = N_("Please check before you save:")


class SignatureEditor(ConfirmRisky):
    """Edit a signature; warnings update as she types; Save calls ``forum.set_signature``.

    An empty box removes the signature. A risky detail (a phone number, an e-mail, where she
    lives or works, a place and a time) is saved only after she presses "Save anyway" (the
    first press asks).
    """

    submit_label = N_("Save signature")
    done_message = N_("Your signature is saved. This is how people see you:")
    risky_done_note = N_("It shows under every post you write. Your check will not pass yet.")

    def __init__(self, forum: Any, member: Any, *, check: Check | None = None) -> None:
        super().__init__(
            forum,
            title=_("Your signature"),
            intro=_(
                "Your signature shows under every post you write. Keep it short. "
                "Do not put your phone number, e-mail or home address in it."
            ),
            check=check,
        )
        self.member = member
        current = ""
        try:
            current = forum.member(member).signature or ""
        except ForumError as error:
            self.show_error(error)
        self.text = self._textarea(
            _("Signature"), _("For example: Amina, Riverside women's group"), current, rows=4
        )
        self.warnings = widgets.HTML(self._warnings_html())
        self.save = self.submit
        self.text.observe(lambda _change: self._refresh_warnings(), names="value")
        self.field_words = {"signature": _("Signature")}
        self._setup_confirm()
        self._finish(self.text, self.warnings)

    @property
    def current_warnings(self) -> tuple[str, ...]:
        """Notes on the text as it is now: too many lines, and each risky detail with a safer way.

        The same words, reasons and hints as the warning on Save, so nothing there surprises her.
        """
        value = self.text.value
        if not value.strip():
            return ()
        lines = self.forum.rules.signature_lines
        long = value.count("\n") + 1 > lines
        too_long = _(
            "Your signature has more than {n} lines. "
            "Keep it short so people read your post, not your signature."
        ).format(n=lines)
        return ((too_long,) if long else ()) + tuple(risk_line(r) for r in self._risks())

    def _warnings_html(self) -> str:
        notes = self.current_warnings
        if not notes:
            return ""
        return hint_html(_(_WARNINGS_HEAD)) + "".join(hint_html(note) for note in notes)

    def _refresh_warnings(self) -> None:
        self.warnings.value = self._warnings_html()

    # ----------------------------------------------------------------- asking first
    def _risks(self) -> list[Risk]:
        return found_in(self.text.description, risks(self.text.value, self.forum), self.text)

    def _values(self) -> Any:
        return self.text.value

    def _first_field(self) -> widgets.Widget:
        return self.text

    def _precheck(self) -> None:
        if self.text.value.strip():  # an empty box removes the signature
            text.clean(self.text.value, "signature", text.SIGNATURE)

    def _submit(self) -> Any:
        value = self.text.value
        return self.forum.set_signature(self.member, value if value.strip() else None)

    def _done_text(self, result: Any) -> str:
        if result.signature is None:
            return _("Your signature is removed.")
        return super()._done_text(result)

    def _member_for_check(self) -> Any:
        return self.member


__all__ = ["SignatureEditor"]
