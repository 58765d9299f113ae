"""Forms for a learner's answer to a check: type it, tick it or sort it, then press Check.

A learner never edits Python to answer: phone and tablet keyboards turn ``"`` into curly quotes
and the cell fails. These forms hand a check exactly what code would (a string or a dict), so
the answer key can still call the check directly and code stays an option.

    AnswerForm(check_login_code, title="Log in with a code", label="The code from the phone")
    PickForm(check_logout_drill, {"A": "Press Log out", "B": "Close only the tab"}, title=...)
    SortForm(check_sorting, {"message-1": "Thursday workshop"}, [("Safe", "safe"), ...], title=...)
    FieldsForm(check_log, {"date": "The date", "what": "What was said"}, title=..., long=["what"])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.i18n import N_
from toolkit.widgets.base import STYLE, Form, _, field_layout

__all__ = ["AnswerForm", "CheckForm", "FieldsForm", "PickForm", "SortForm"]

# A check takes the learner's answer (a string or a dict) and returns Feedback.
AnswerCheck = Callable[[Any], Any]


class CheckForm(Form):
    """A form whose button runs a check on the answer; no forum is involved."""

    submit_label = N_("Check my answer")

    def __init__(self, check: AnswerCheck, *, title: str, help: str = "") -> None:
        super().__init__(None, title=title, intro=help)
        self.answer_check = check

    def answer(self) -> Any:
        """The answer as the check expects it (subclasses read their fields)."""
        raise NotImplementedError

    def _submit(self) -> Any:
        return self.answer_check(self.answer())

    def _on_submit(self, _button: widgets.Button | None = None) -> None:
        # The toolkit's checks never raise on a learner's mistake; _attempt still shows a plain
        # refusal or a fault (and raises it) if a check from elsewhere does.
        self.submit.disabled = True
        try:
            ok, feedback = self._attempt(self._submit)
        finally:
            self.submit.disabled = False
        if ok:
            self.result = self.feedback = feedback
            shown = getattr(feedback, "_repr_html_", None)
            self.status.value = shown() if shown else escape(str(feedback))


class AnswerForm(CheckForm):
    """One text box; the check gets the text as typed."""

    def __init__(
        self,
        check: AnswerCheck,
        *,
        title: str,
        label: str,
        placeholder: str = "",
        help: str = "",
    ) -> None:
        super().__init__(check, title=title, help=help)
        self.box = self._text(label, placeholder)
        self._finish(self.box)

    def answer(self) -> str:
        return str(self.box.value)


class PickForm(CheckForm):
    """Tick boxes, one per option; the check gets the ticked keys, space-joined, in order."""

    def __init__(
        self, check: AnswerCheck, options: Mapping[str, str], *, title: str, help: str = ""
    ) -> None:
        super().__init__(check, title=title, help=help or _("Tick every answer that fits."))
        self.boxes: dict[str, widgets.Checkbox] = {
            key: widgets.Checkbox(
                value=False,
                description=f"{key}. {text}",
                indent=False,
                layout=field_layout(),
            )
            for key, text in options.items()
        }
        labels = [box.description for box in self.boxes.values()]
        self.group = widgets.VBox(list(self.boxes.values()))
        self._fields.append(
            (_("Tick every answer that fits"), self.group, {"choices": labels, "multiple": True})
        )
        self._finish(self.group)

    def answer(self) -> str:
        return " ".join(key for key, box in self.boxes.items() if box.value)


class SortForm(CheckForm):
    """One row per item with the same choices; the check gets ``{key: value or None}``."""

    def __init__(
        self,
        check: AnswerCheck,
        items: Mapping[str, str],
        choices: Sequence[tuple[str, Any]],
        *,
        title: str,
        help: str = "",
    ) -> None:
        super().__init__(check, title=title, help=help or _("Choose one answer for each line."))
        pairs = [(str(label), value) for label, value in choices]
        self.rows: dict[str, widgets.RadioButtons] = {}
        for key, text in items.items():
            row = widgets.RadioButtons(
                options=pairs, value=None, description=text, style=STYLE, layout=field_layout()
            )
            self.rows[key] = row
            self._fields.append((text, row, {"choices": [label for label, _v in pairs]}))
        self._finish(*self.rows.values())

    def answer(self) -> dict[str, Any]:
        return {key: row.value for key, row in self.rows.items()}


class FieldsForm(CheckForm):
    """Labelled text boxes; the check gets ``{key: text}``. Keys in ``long`` get several lines."""

    def __init__(
        self,
        check: AnswerCheck,
        fields: Mapping[str, str],
        *,
        title: str,
        help: str = "",
        long: Sequence[str] = (),
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(check, title=title, help=help)
        hints = placeholders or {}
        self.boxes: dict[str, widgets.Text | widgets.Textarea] = {}
        for key, label in fields.items():
            hint = hints.get(key, "")
            self.boxes[key] = (
                self._textarea(label, hint, rows=3) if key in long else self._text(label, hint)
            )
        self._finish(*self.boxes.values())

    def answer(self) -> dict[str, str]:
        return {key: str(box.value) for key, box in self.boxes.items()}
