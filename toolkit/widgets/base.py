"""The contract every toolkit form and view keeps.

    View (an ipywidgets VBox)   heading, status area, static snapshot for sites and handouts
    └── Form                    labelled fields, a real Submit button, an optional check

A form acts on the same ``Forum`` object code uses. A refusal (any ``ForumError``) shows its plain
message in the status area and changes nothing; any other exception is reported as a toolkit fault
and raised again, so it is never hidden.

Display: ``_repr_mimebundle_`` keeps ipywidgets' live ``widget-view`` and adds a ``text/html``
snapshot plus ``application/vnd.toolkit.form+json`` (docs/DISPLAY_FORMATS.md), so the static site
and printed handouts show the form instead of a blank widget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.forum.errors import ForumError
from toolkit.i18n import N_, _
from toolkit.mime import FORM_MIME, WIDGET_MIME

# The helpers live by concept; every name stays importable from here, as the forms expect.
from toolkit.widgets.html import Html, alert_html, done_html, hint_html, html_of
from toolkit.widgets.labels import name_fields
from toolkit.widgets.layout import FORM_CSS, STYLE, close_tree, field_layout, touch_layout

__all__ = [
    "FORM_CSS",
    "FORM_MIME",
    "FORM_VERSION",
    "STYLE",
    "WIDGET_MIME",
    "Check",
    "Form",
    "Html",
    "View",
    "_",
    "alert_html",
    "close_tree",
    "done_html",
    "field_layout",
    "hint_html",
    "html_of",
    "name_fields",
    "touch_layout",
]

FORM_VERSION = 1

# A check is any callable (forum, member) -> Feedback; Feedback shows itself with _repr_html_.
Check = Callable[[Any, Any], Any]


class View(widgets.VBox):
    """A titled panel that acts on a forum and reports what happened in its status area.

    Subclasses register the fields a learner fills in with ``_text``, ``_textarea`` and
    ``_dropdown`` (so the snapshot and the form JSON describe them), and run forum actions
    through ``_attempt``.
    """

    def __init__(self, forum: Any, *, title: str, intro: str = "") -> None:
        super().__init__()
        self.forum = forum
        self.form_title = title
        self.intro = intro
        self._fields: list[tuple[str, widgets.Widget, dict[str, Any]]] = []
        self._counters: dict[str, widgets.HTML] = {}
        # The forum's word for a field -> the label she sees ("comment" -> "Your comment").
        self.field_words: dict[str, str] = {}
        self.heading = widgets.HTML(self._heading_html())
        self.status = widgets.HTML("", layout=widgets.Layout(width="100%"))
        self.add_class("tk-formbox")

    def _heading_html(self) -> str:
        intro = f'<p class="tk-intro" dir="auto">{escape(self.intro)}</p>' if self.intro else ""
        return f'{FORM_CSS}<div class="tk-formbox"><h3>{escape(self.form_title)}</h3>{intro}</div>'

    # ----------------------------------------------------------------- fields
    def _text(
        self, label: str, placeholder: str = "", value: str = "", limit: int | None = None
    ) -> widgets.Text:
        box = widgets.Text(
            value=value,
            description=label,
            placeholder=placeholder,
            style=STYLE,
            layout=field_layout(),
        )
        self._fields.append((label, box, {"lines": 1}))
        self._count(box, limit)
        return box

    def _count(self, box: widgets.Widget, limit: int | None) -> None:
        """Show "11 of 120 characters" under a field, counted in the kernel as she types.

        It tells her the limit before the forum refuses, and shows that the kernel has
        received what she typed (a click can arrive before the last keystrokes otherwise).
        """
        if limit is None:
            return
        from toolkit.forum.text import graphemes

        counter = widgets.HTML(layout=widgets.Layout(margin="0 0 .4em 0"))

        def update(_change: object = None) -> None:
            n = graphemes(box.value)
            count = escape(_("{n} of {limit} characters").format(n=n, limit=limit))
            counter.value = f'<small class="tk-counter" aria-live="polite">{count}</small>'

        update()
        box.observe(update, names="value")
        self._counters[box.model_id] = counter

    def _textarea(
        self,
        label: str,
        placeholder: str = "",
        value: str = "",
        rows: int = 5,
        limit: int | None = None,
    ) -> widgets.Textarea:
        box = widgets.Textarea(
            value=value,
            description=label,
            placeholder=placeholder,
            rows=rows,
            style=STYLE,
            layout=field_layout(),
        )
        self._fields.append((label, box, {"lines": rows}))
        self._count(box, limit)
        return box

    def _dropdown(
        self, label: str, options: Iterable[tuple[str, Any]], value: Any = None
    ) -> widgets.Dropdown:
        pairs = list(options)
        box = widgets.Dropdown(
            options=pairs,
            value=value if value is not None else pairs[0][1],
            description=label,
            style=STYLE,
            layout=field_layout(),
        )
        # A placeholder entry (value "") is not a real choice: handouts print real ones only.
        choices = [name for name, choice in pairs if choice != ""]
        self._fields.append((label, box, {"choices": choices}))
        return box

    # ----------------------------------------------------------------- outcomes
    def show_error(self, error: ForumError) -> None:
        self.status.value = alert_html(name_fields(error.message, self.field_words))

    def show_done(self, message: str, *shown: object) -> None:
        self.status.value = done_html(message) + "".join(html_of(obj) for obj in shown)

    def _attempt(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """Run a forum action: ``(True, result)``, or ``(False, None)`` after showing a refusal.

        Anything that is not a ``ForumError`` is a fault in the toolkit, not the learner's
        mistake: say so in words, then raise it again so it reaches the log and the tests.
        """
        try:
            return True, action(*args, **kwargs)
        except ForumError as error:
            self.show_error(error)
            return False, None
        except Exception:
            self.status.value = alert_html(
                _(
                    "Something went wrong inside the toolkit. This is not your fault. "
                    "Please tell your trainer."
                )
            )
            raise

    # ----------------------------------------------------------------- display
    def form_data(self) -> dict[str, Any]:
        """The form as ``application/vnd.toolkit.form+json``: title and labelled fields."""
        fields = [{"label": label, **shape} for label, _w, shape in self._fields]
        return {"version": FORM_VERSION, "title": self.form_title, "fields": fields}

    def context_html(self) -> str:
        """HTML shown above the fields (the post being answered, a thread, an inbox)."""
        return ""

    def _static_fields_html(self) -> str:
        parts = []
        for label, box, shape in self._fields:
            name = escape(label)
            if shape.get("multiple"):
                ticks = "".join(
                    f'<label><input type="checkbox" disabled{" checked" if child.value else ""}>'
                    f" {escape(str(child.description))}</label><br>"
                    for child in box.children
                )
                parts.append(
                    f'<fieldset class="tk-field"><legend>{name}</legend>{ticks}</fieldset>'
                )
                continue
            if "choices" in shape:
                current = getattr(box, "label", None)
                opts = "".join(
                    f"<option{' selected' if c == current else ''}>{escape(str(c))}</option>"
                    for c in shape["choices"]
                )
                control = f"<select disabled>{opts}</select>"
            elif shape.get("lines", 1) > 1:
                control = (
                    f'<textarea disabled rows="{shape["lines"]}" cols="60" '
                    f'placeholder="{escape(box.placeholder)}">{escape(box.value)}</textarea>'
                )
            else:
                control = (
                    f'<input type="text" disabled size="60" value="{escape(box.value)}" '
                    f'placeholder="{escape(box.placeholder)}">'
                )
            parts.append(f'<p class="tk-field"><label>{name}<br>{control}</label></p>')
        return "".join(parts)

    def _static_buttons_html(self) -> str:
        return ""

    def snapshot_html(self) -> str:
        """A static picture of the form for the HTML site (no scripts, inputs disabled)."""
        intro = f'<p class="tk-intro" dir="auto">{escape(self.intro)}</p>' if self.intro else ""
        note = escape(_("This form works when you run the notebook."))
        return (
            f'<section class="tk-form-static" aria-label="{escape(self.form_title)}">'
            f"<h3>{escape(self.form_title)}</h3>{intro}{self.context_html()}"
            f"{self._static_fields_html()}{self._static_buttons_html()}"
            f'<p class="tk-note"><small>{note}</small></p>{self.status.value}</section>'
        )

    def snapshot_text(self) -> str:
        lines = [self.form_title]
        for label, _w, shape in self._fields:
            if "choices" in shape:
                lines.append(f"{label}: " + " / ".join(map(str, shape["choices"])))
            else:
                lines.append(f"{label}: ____________________")
        return "\n".join(lines)

    def extra_bundle(self) -> dict[str, Any]:
        """More MIME types for the bundle (views add the forum JSON of what they show)."""
        return {}

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data = dict(super()._repr_mimebundle_(**kwargs) or {})
        data.update(self.extra_bundle())
        data["text/plain"] = self.snapshot_text()
        data["text/html"] = self.snapshot_html()
        data[FORM_MIME] = self.form_data()
        return data


class Form(View):
    """A View with a submit button. Subclasses implement ``_submit`` (the forum action)."""

    # Marked here, translated where shown (``_(self.submit_label)``), so a class attribute
    # never freezes the language that was active at import time.
    submit_label = N_("Submit")
    done_message = N_("Saved.")

    def __init__(
        self,
        forum: Any,
        *,
        title: str,
        intro: str = "",
        submit_label: str | None = None,
        check: Check | None = None,
    ) -> None:
        super().__init__(forum, title=title, intro=intro)
        self.check = check
        self.result: Any = None
        self.feedback: Any = None
        self._listeners: list[Callable[[Any], None]] = []
        self.submit = widgets.Button(
            description=submit_label or _(self.submit_label),
            button_style="primary",
            layout=touch_layout(min_width="8rem", margin="0.5em 0", align_self="flex-start"),
        )
        self.submit.on_click(self._on_submit)

    def _finish(self, *parts: widgets.Widget) -> None:
        """Lay out: heading, the given parts (fields, context), submit button, status."""
        laid: list[widgets.Widget] = []
        for part in parts:
            laid.append(part)
            counter = self._counters.get(part.model_id)
            if counter is not None:
                laid.append(counter)
        self.children = (self.heading, *laid, self.submit, self.status, *self._after_status())

    def _after_status(self) -> tuple[widgets.Widget, ...]:
        """Widgets shown under the status message (buttons that answer it)."""
        return ()

    def on_success(self, callback: Callable[[Any], None]) -> None:
        """Call ``callback(result)`` after each successful submit (views use it to refresh)."""
        self._listeners.append(callback)

    # ----------------------------------------------------------------- the submit cycle
    def _submit(self) -> Any:
        raise NotImplementedError

    def _member_for_check(self) -> Any:
        return None

    def _clear(self) -> None:
        """Empty the inputs after a success (override to keep some)."""

    def _shown(self, result: Any) -> list[Any]:
        """What to show after a success: the created object (override to add more)."""
        return [result]

    def _done_text(self, result: Any) -> str:
        return _(self.done_message)

    def _on_submit(self, _button: widgets.Button | None = None) -> None:
        self.submit.disabled = True  # one click, one action: no double submit
        try:
            ok, result = self._attempt(self._submit)
        finally:
            self.submit.disabled = False
        if not ok:
            return
        self.result = result
        self.feedback = None
        if self.check is not None:
            self.feedback = self.check(self.forum, self._member_for_check())
        self.show_done(self._done_text(result), *self._shown(result), self.feedback)
        self._clear()
        for listener in self._listeners:
            listener(result)

    def _static_buttons_html(self) -> str:
        return f'<p><button type="button" disabled>{escape(self.submit.description)}</button></p>'
