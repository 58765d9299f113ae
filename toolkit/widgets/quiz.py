"""A multiple-choice question as a form: pick one answer, press Check, read the feedback."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from toolkit.checks.quiz import Quiz
from toolkit.i18n import N_
from toolkit.widgets.base import STYLE, Form, _, field_layout


class QuizForm(Form):
    """Radio buttons for a ``Quiz``; Check shows the Feedback card (a wrong answer explains why)."""

    submit_label = N_("Check my answer")

    def __init__(self, quiz: Quiz) -> None:
        super().__init__(
            None, title=quiz.question, intro=_("Choose one answer, then press the button.")
        )
        self.quiz = quiz
        labels = [(f"{key}. {option.text}", key) for key, option in quiz.options.items()]
        self.choice = widgets.RadioButtons(
            options=labels, value=None, description="", style=STYLE, layout=field_layout()
        )
        self._fields.append(
            (_("Choose one"), self.choice, {"choices": [name for name, _k in labels]})
        )
        self._finish(self.choice)

    def _submit(self) -> Any:
        # A quiz never refuses: no answer yet is feedback too.
        return self.quiz.check(self.choice.value)

    def _on_submit(self, _button: widgets.Button | None = None) -> None:
        self.result = self.feedback = self._submit()
        self.status.value = self.feedback._repr_html_()
