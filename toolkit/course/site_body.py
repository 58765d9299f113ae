"""A lesson page's body: a notebook's cells as sanitised HTML, every table in a box of its own.

Cells are rendered with nbconvert's ``basic`` template (body only, no require.js or MathJax
from a CDN) and then sanitised once (:mod:`toolkit.course.sanitize`): lessons and notebooks come
from many hands. The page shell around the body is :mod:`toolkit.course.site`'s.
"""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from typing import TYPE_CHECKING

from toolkit.course.sanitize import NO_ALT, sanitize_html
from toolkit.i18n import _

if TYPE_CHECKING:
    import nbformat

__all__ = ["SVG", "left_to_right_fallbacks", "render_cells", "scrollable_tables"]


@cache
def _exporter():
    """One HTML exporter per process: its Jinja templates compile once."""
    from nbconvert import HTMLExporter  # heavy; only when a page is rendered
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class BasicHTMLExporter(HTMLExporter):
        """HTMLExporter without its BeautifulSoup pass over the finished page.

        That pass (about 40% of a page's time) only adds alt text to images, done by the
        sanitiser, and tabindex to JupyterLab classes the basic template never emits. Falls
        back to nbconvert's own method if its internals change.
        """

        def from_notebook_node(self, nb, resources=None, **kw):
            if not hasattr(self, "_nb_metadata") or not hasattr(self, "_init_resources"):
                return super().from_notebook_node(nb, resources, **kw)
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return BasicHTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )


SVG = "image/svg+xml"


def _svg_outputs_as_images(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Show an SVG output as ``<img src="data:image/svg+xml…">``, not inline.

    Inline SVG can carry script and fetch files; an SVG loaded as an image can do neither, so
    the sanitiser drops inline ``<svg>`` and keeps this ``<img>``. Copies the notebook first.
    """
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            svg = data.get(SVG)
            if svg is None or "text/html" in data or "text/markdown" in data:
                continue  # nbconvert shows the HTML or markdown instead
            text = svg if isinstance(svg, str) else "".join(svg)
            encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
            plain = data.get("text/plain") or ""
            plain = plain if isinstance(plain, str) else "".join(plain)
            # "<IPython.core.display.SVG object>" describes nothing
            alt = html.escape(_(NO_ALT) if not plain or plain.startswith("<") else plain)
            del data[SVG]
            data["text/html"] = f'<img src="data:{SVG};base64,{encoded}" alt="{alt}">'
    return nb


def render_cells(nb: nbformat.NotebookNode) -> str:
    """The notebook's cells as sanitised HTML (no head, no scripts, nothing remote)."""
    if any(SVG in (o.get("data") or {}) for c in nb.cells for o in c.get("outputs", [])):
        nb = _svg_outputs_as_images(nb)
    body, _resources = _exporter().from_notebook_node(nb)
    return sanitize_html(body)


_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)


def scrollable_tables(body: str) -> str:
    """Every outermost table in a box of its own that scrolls sideways on a narrow screen.

    The box takes keyboard focus: a region that scrolls must, or keyboard users cannot see the
    rest of it. ``body`` is sanitised HTML (tags balanced by the parser).
    """
    label = html.escape(_("Table"), quote=True)
    parts, depth, last = [], 0, 0
    for tag in _TABLE_TAG.finditer(body):
        closing = tag.group(1) == "/"
        if not closing and depth == 0:
            parts += [
                body[last : tag.start()],
                f'<div class="table-scroll" role="group" tabindex="0" aria-label="{label}">',
            ]
            last = tag.start()
        depth = max(depth - 1, 0) if closing else depth + 1
        if closing and depth == 0:
            parts += [body[last : tag.end()], "</div>"]
            last = tag.end()
    return "".join([*parts, body[last:]])


# An opening tag of the sanitised body with lang="…" and no dir (the parser quotes every value).
_LANG_TAG = re.compile(r'<([a-z][a-z0-9]*)((?:\s[^>]*?)?\slang="([^"]+)")(?![^>]*\sdir=)', re.I)


def left_to_right_fallbacks(body: str, page_dir: str) -> str:
    """On a right-to-left page, ``dir="ltr"`` on every block or span marked with a
    left-to-right language (a paragraph left in English): its full stop and brackets then sit
    where an English reader expects them. ``body`` is sanitised HTML."""
    from toolkit.course.languages import direction

    if page_dir != "rtl":
        return body

    def mark(tag: re.Match[str]) -> str:
        if direction(tag.group(3)) != "ltr":
            return tag.group(0)
        return f'{tag.group(0)} dir="ltr"'

    return _LANG_TAG.sub(mark, body)
