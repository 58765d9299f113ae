"""Forms for a learner's answer to a check: type it, tick it or sort it, then press Check.

A learner never edits Python to answer: phone and tablet keyboards turn ``"`` into curly quotes
and the cell fails. These forms hand a check exactly what code would (a string or a dict), so
the answer key can still call the check directly and code stays an option.

    AnswerForm(check_login_code, title="Log in with a code", label="The code from the phone")
    PickForm(check_logout_drill, {"A": "Press Log out", "B": "Close only the tab"}, title=...)
    SortForm(check_sorting, {"message-1": "Thursday workshop"}, [("Safe", "safe"), ...], title=...)
    FieldsForm(check_log, {"date": "The date", "what": "What was said"}, title=..., long=["what"])

Graded exercises: keep the form in a variable and show ``form.result_card()`` in a check cell of its
own. The card there follows the form (each press of Check updates it), and every press also
writes the answer into the form's saved output, so the notebook she hands in carries it. The
grader gives those answers back to the forms (:func:`preset`) before it runs the official check
cells, the way it puts typed answers back in their cells. ``form.fill(answer)`` fills a form
from code (the answer key does this).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.i18n import N_
from toolkit.widgets.base import STYLE, Form, _, field_layout, hint_html

__all__ = ["AnswerForm", "CheckForm", "FieldsForm", "PickForm", "SortForm", "preset"]

# A check takes the learner's answer (a string or a dict) and returns Feedback.
AnswerCheck = Callable[[Any], Any]

# No answer in this course needs more; a pasted page would only be echoed back at her.
MAX_ANSWER = 2000

# Answers handed back by the grader, each {"title": ..., "answer": ...}: the next form built
# with that title takes the first one (a cell may build several forms).
_PRESETS: list[dict[str, Any]] = []


def preset(answers: str) -> None:
    """Give saved answers (JSON, from a handed-in notebook) to the next forms built."""
    _PRESETS[:] = [
        a for a in json.loads(answers) if isinstance(a, dict) and isinstance(a.get("title"), str)
    ]


def _bounded(answer: Any) -> tuple[Any, bool]:
    """``answer`` with every text cut to MAX_ANSWER characters, and whether one was cut."""
    if isinstance(answer, str):
        return answer[:MAX_ANSWER], len(answer) > MAX_ANSWER
    if isinstance(answer, dict):
        cut = {k: v[:MAX_ANSWER] if isinstance(v, str) else v for k, v in answer.items()}
        return cut, cut != answer
    return answer, False


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return None
    return get_ipython()


class CheckForm(Form):
    """A form whose button runs a check on the answer; no forum is involved."""

    submit_label = N_("Check my answer")

    def __init__(self, check: AnswerCheck, *, title: str, help: str = "") -> None:
        super().__init__(None, title=title, intro=help)
        self.answer_check = check
        self.checked: Any = None  # the last answer checked with the button, saved with the page
        self._form_id = f"tk-form-{uuid.uuid4().hex}"
        self._result_id = f"tk-result-{uuid.uuid4().hex}"
        self._displayed: set[str] = set()

    def answer(self) -> Any:
        """The answer as the check expects it (subclasses read their fields)."""
        raise NotImplementedError

    def fill(self, answer: Any) -> None:
        """Put an answer in the fields, in the shape ``answer()`` gives (subclasses)."""
        raise NotImplementedError

    def _finish(self, *parts: widgets.Widget) -> None:
        super()._finish(*parts)
        for index, given in enumerate(_PRESETS):
            if given["title"] == self.form_title:
                del _PRESETS[index]
                self._fill_safely(given.get("answer"))
                self.checked = self.answer()
                break

    def _fill_safely(self, answer: Any) -> None:
        # A handed-in notebook is the learner's file: an answer of the wrong shape is no answer.
        try:
            self.fill(answer)
        except (TypeError, ValueError, KeyError, AttributeError):
            self.fill(None)

    def _submit(self) -> Any:
        return self.answer_check(_bounded(self.answer())[0])

    def _on_submit(self, _button: widgets.Button | None = None) -> None:
        # The toolkit's checks never raise on a learner's mistake; _attempt still shows a plain
        # refusal or a fault (and raises it) if a check from elsewhere does.
        answer = self.answer()
        checked, cut = _bounded(answer)
        self.submit.disabled = True
        try:
            ok, feedback = self._attempt(self.answer_check, checked)
        finally:
            self.submit.disabled = False
        if ok:
            self.result = self.feedback = feedback
            self.checked = answer
            shown = getattr(feedback, "_repr_html_", None)
            self.status.value = shown() if shown else escape(str(feedback))
            if cut:
                note = _(
                    "Your answer is very long, so only its first {n} characters were checked. "
                    "The answer fits in a few words: make it shorter."
                ).format(n=MAX_ANSWER)
                self.status.value = hint_html(note) + self.status.value
            self._update_displays(feedback)

    # ----------------------------------------------------------------- saved with the notebook
    def form_data(self) -> dict[str, Any]:
        data = super().form_data()
        if self.checked is not None:
            data["answer"] = self.checked
        return data

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True, display_id=self._form_id)
        self._displayed.add(self._form_id)

    def _update_displays(self, feedback: Any) -> None:
        """Refresh this form's output (now holding the answer) and its result card, if shown."""
        if _shell() is None:
            return
        from IPython.display import update_display

        if self._form_id in self._displayed:
            update_display(self._repr_mimebundle_(), raw=True, display_id=self._form_id)
        bundle = getattr(feedback, "_repr_mimebundle_", None)
        if self._result_id in self._displayed and bundle is not None:
            update_display(bundle(), raw=True, display_id=self._result_id)

    def result_card(self) -> Any:
        """Check the form's current answer and show the card here; it follows the form."""
        feedback = self._submit()
        if _shell() is not None:
            from IPython.display import display

            display(feedback, display_id=self._result_id)
            self._displayed.add(self._result_id)
            return None
        return feedback


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

    def fill(self, answer: Any) -> None:
        self.box.value = answer if isinstance(answer, str) else ""


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

    def fill(self, answer: Any) -> None:
        picked = set(str(answer or "").replace(",", " ").split())
        for key, box in self.boxes.items():
            box.value = key in picked


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

    def fill(self, answer: Any) -> None:
        given = answer if isinstance(answer, Mapping) else {}
        for key, row in self.rows.items():
            values = [value for _label, value in row.options]
            row.value = given.get(key) if given.get(key) in values else None


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

    def fill(self, answer: Any) -> None:
        given = answer if isinstance(answer, Mapping) else {}
        for key, box in self.boxes.items():
            value = given.get(key)
            box.value = "" if value is None else str(value)
