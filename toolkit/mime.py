"""The MIME types the toolkit adds to display bundles (docs/DISPLAY_FORMATS.md), in one place.

Every layer imports them from here: the renderers and widgets that write them, and the
grader, handouts and site that read them back from executed notebooks.
"""

from __future__ import annotations

FORUM_MIME = "application/vnd.toolkit.forum+json"  # forum objects: posts, threads, inboxes
FORM_MIME = "application/vnd.toolkit.form+json"  # no-code forms and quiz questions
FEEDBACK_MIME = "application/vnd.toolkit.feedback+json"  # a check's result
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"  # ipywidgets' own (live widget)

__all__ = ["FEEDBACK_MIME", "FORM_MIME", "FORUM_MIME", "WIDGET_MIME"]
