"""SignatureEditor: write the few lines shown under every post, with live safety notes."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.checks.risky import notes, risks
from toolkit.forum.errors import ForumError
from toolkit.forum.rules import signature_warnings
from toolkit.widgets.base import Check, _, hint_html
from toolkit.widgets.confirm import ConfirmRisky, Risk

_WARNINGS_HEAD = "Please check before you save:"


class SignatureEditor(ConfirmRisky):
    """Edit a signature; warnings update as she types; Save calls ``forum.set_signature``.

    An empty box removes the signature. A phone number, e-mail, street address, or a place and
    a time are saved only after she presses "Save anyway" (the first press asks).
    """

    submit_label = "Save signature"
    done_message = "Your signature is saved. This is how people see you:"

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
        value = self.text.value
        if not value.strip():
            return ()
        # The forum's own notes (a long signature) plus what the risk finder names.
        own = tuple(n for n in signature_warnings(value, self.forum.rules) if "lines" in n)
        return own + tuple(notes(risks(value, self.forum), _("Your signature")))

    def _warnings_html(self) -> str:
        notes = self.current_warnings
        if not notes:
            return ""
        return hint_html(_(_WARNINGS_HEAD)) + "".join(hint_html(note) for note in notes)

    def _refresh_warnings(self) -> None:
        self.warnings.value = self._warnings_html()

    # ----------------------------------------------------------------- asking first
    def _risks(self) -> list[Risk]:
        label = _("Signature")
        return [(label, f"“{f.words}”", f.why) for f in risks(self.text.value, self.forum)]

    def _values(self) -> Any:
        return self.text.value

    def _first_field(self) -> widgets.Widget:
        return self.text

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
