"""Imported once by the build's forkserver: every worker forked from it starts warm.

Loads the heavy modules a worker needs (papermill, nbclient, nbconvert, the renderers) and
compiles nbconvert's HTML templates by rendering a tiny notebook, so no worker pays for that
again. Typst is imported but not run here: its compiler may start threads, which a fork would
not carry over.
"""

from __future__ import annotations

import sys


def _warm() -> None:
    # jsonschema (imported by nbformat) builds ~40 Earley parsers for the "iri" string format
    # when rfc3987_syntax is installed: about a second per process. Notebook schemas use no
    # such format, so the build's workers go without it (kernels are separate processes).
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbclient  # noqa: F401
    import nbformat
    import papermill  # noqa: F401
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from toolkit.course import build, execute, handout, lint, site  # noqa: F401

    cell = new_code_cell("x = 1", outputs=[nbformat.v4.new_output("stream", text="1\n")])
    site.render_cells(new_notebook(cells=[new_markdown_cell("# *Warm* `up`"), cell]))


try:
    _warm()
except Exception:  # noqa: BLE001 - a cold worker is slower, never broken
    pass
