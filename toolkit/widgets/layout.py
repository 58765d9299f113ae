"""How the forms look: one scoped stylesheet, field and touch-target layouts, widget clean-up.

Labels sit above their controls, controls are 44 px tall with 16 px text (touch guidelines; phones
zoom in on smaller text), and everything wraps from 320 px up.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

__all__ = ["FORM_CSS", "STYLE", "close_tree", "field_layout", "touch_layout"]

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
    # Tick boxes (PickForm): the whole line is the 44 px target and long labels wrap.
    ".tk-formbox .widget-checkbox{height:auto !important;min-height:44px;width:100% !important;"
    "max-width:40rem}"
    ".tk-formbox .widget-checkbox label{display:flex;align-items:center;gap:.5em;"
    "min-height:44px;white-space:normal;line-height:1.3;font-size:16px}"
    ".tk-formbox .widget-checkbox input{width:22px;height:22px;flex:none;margin:0}"
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


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and every widget inside it (frees the kernel-side models)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
