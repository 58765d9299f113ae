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

import re
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.forum.errors import ForumError
from toolkit.i18n import N_
from toolkit.mime import FORM_MIME, WIDGET_MIME

FORM_VERSION = 1

# A check is any callable (forum, member) -> Feedback; Feedback shows itself with _repr_html_.
Check = Callable[[Any, Any], Any]


def _(text: str) -> str:
    """Translate a learner-facing string (``toolkit.i18n`` when it exists, else unchanged)."""
    try:
        from toolkit.i18n import _ as translate
    except ImportError:
        return text
    return translate(text)


STYLE = {"description_width": "initial"}

# One small stylesheet, scoped to the forms (``.tk-formbox``) and the same in every form, so it
# works in JupyterLab and Voilà alike. It sets ipywidgets' own size variables, then fixes what
# they do not reach: every label above its control, controls 44 px tall (touch guidelines) with
# 16 px text (phones zoom in on smaller text), full width and wrapping from 320 px up.
# Meaning is always in words ("Not done:", "Done:"), never in colour alone.
FORM_CSS = (
    "<style>"
    ".tk-formbox{--jp-widgets-font-size:16px;--jp-widgets-inline-height:44px;"
    "--jp-widgets-inline-label-width:auto;--jp-widgets-inline-width:100%;"
    "box-sizing:border-box;max-width:100%;min-width:0;font-size:16px;overflow-wrap:anywhere}"
    ".tk-formbox *{box-sizing:border-box}"
    ".tk-formbox h3{margin:.2em 0 .3em;font-size:1.15em}"
    ".tk-formbox .tk-intro{margin:0 0 .5em;max-width:40rem}"
    ".tk-alert{border:2px solid #8a1c1c;background:#fdecea;color:#1a1a1a;padding:.4em .6em;"
    "border-radius:4px;margin:.4em 0;max-width:40rem}"
    ".tk-warn{border-color:#7a4b00;background:#fff4d6}"
    ".tk-alert ul,.tk-hint ul{margin:.3em 0;padding-left:1.2em}"
    ".tk-alert li,.tk-hint li{margin:0 0 .4em}.tk-alert p,.tk-hint p{margin:.3em 0}"
    ".tk-done{border:2px solid #1d5e2a;background:#e9f5ec;color:#1a1a1a;padding:.4em .6em;"
    "border-radius:4px;margin:.4em 0;max-width:40rem}"
    ".tk-hint{border:1px dashed #505050;padding:.3em .6em;margin:.3em 0;max-width:40rem}"
    ".tk-formbox .tk-context{max-width:46rem}"
    # A field: label on its own line above the control, never beside or over it.
    ".tk-formbox .widget-inline-hbox{flex-direction:column;align-items:stretch;"
    "height:auto !important;width:100% !important;max-width:40rem;min-width:0;"
    "margin:0 0 .5em}"
    ".tk-formbox .widget-label{display:block;width:auto !important;max-width:none;"
    "height:auto !important;line-height:1.4 !important;white-space:normal !important;"
    "overflow:visible;text-align:left !important;font-weight:600;font-size:16px;"
    "margin:0 0 .25em !important;flex:none}"
    ".tk-formbox input[type=text],.tk-formbox textarea,.tk-formbox select{"
    "font-size:16px !important;min-height:44px;width:100%;max-width:100%;min-width:0;"
    "padding:.45em .55em;flex:none}"
    ".tk-formbox .widget-dropdown>select{height:auto !important;padding-right:28px}"
    ".tk-formbox .widget-textarea textarea{height:auto}"
    ".tk-formbox .widget-radio-box{width:100%;min-width:0}"
    ".tk-formbox .widget-radio-box label{display:flex;align-items:center;gap:.5em;"
    "min-height:44px;height:auto !important;line-height:1.3 !important;white-space:normal;"
    "font-size:16px;margin:0}"
    ".tk-formbox .widget-radio-box input{width:22px;height:22px;flex:none;margin:0}"
    # Buttons: 44 px targets, wrapping words rather than running off a phone screen.
    ".tk-formbox .widget-button{min-height:44px;height:auto;font-size:16px;padding:.4em 1em;"
    "white-space:normal;max-width:100%;line-height:1.3}"
    ".tk-formbox .widget-hbox{flex-wrap:wrap;gap:.5em;align-items:flex-end;max-width:100%}"
    ".tk-formbox .widget-hbox>.widget-inline-hbox{width:auto !important;flex:1 1 12rem;margin:0}"
    ".tk-formbox .widget-html,.tk-formbox .widget-html-content{height:auto;max-width:100%;"
    "min-width:0;line-height:1.45;white-space:normal;font-size:16px}"
    ".tk-formbox table,.tk-formbox pre{display:block;max-width:100%;overflow-x:auto}"
    ".tk-formbox img{max-width:100%;height:auto}"
    "</style>"
)


def field_layout(**extra: Any) -> widgets.Layout:
    """Label above the field, full width up to a readable measure."""
    return widgets.Layout(
        flex_flow="column", align_items="stretch", width="100%", max_width="40rem", **extra
    )


def touch_layout(**extra: Any) -> widgets.Layout:
    """A button at least 44 px tall that keeps to its words' width, never wider than the form."""
    return widgets.Layout(width="auto", min_height="44px", height="auto", max_width="100%", **extra)


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


_EMPTY = re.compile(r"^The (?P<word>[\w ]+?) is empty\.")
_THE_WORD = re.compile(r"\bThe (?P<word>[\w ]+?)(?= (?:is|must|has|can|contains)\b)")


def name_fields(message: str, labels: dict[str, str]) -> str:
    """Say the form's own labels where a forum message names a field by its code word.

    The forum says "The comment is empty"; in a form whose box is labelled "Your own words"
    she reads "Write a few words in “Your own words” first." ``labels`` maps the forum's word
    ("comment", "title", "excerpt") to the label she sees. Words not in it are left alone.
    """
    empty = _EMPTY.match(message)
    if empty and empty["word"] in labels:
        return _("Write a few words in “{label}” first.").format(label=labels[empty["word"]])

    def say_label(found: re.Match[str]) -> str:
        label = labels.get(found["word"])
        return f"“{label}”" if label else found[0]

    return _THE_WORD.sub(say_label, message)


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


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and every widget inside it (frees the kernel-side models)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


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


__all__ = [
    "FORM_MIME",
    "WIDGET_MIME",
    "Check",
    "Form",
    "Html",
    "View",
    "alert_html",
    "close_tree",
    "done_html",
    "field_layout",
    "touch_layout",
    "hint_html",
    "html_of",
    "name_fields",
]
