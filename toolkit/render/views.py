"""Registers the render layer's display functions on the forum model.

The model imports nothing from ``toolkit.render``; instead this module hands it ``to_html``,
``to_text`` and ``mimebundle`` (as pandas and sympy keep their printers apart from their core
objects). ``toolkit/forum/__init__.py`` names this module, and the model imports it the first
time a forum object is shown, so the arrow between the layers only ever points down.
"""

from __future__ import annotations

from toolkit.forum.model import register_views
from toolkit.render.bundle import mimebundle
from toolkit.render.html import to_html
from toolkit.render.plain import to_text

register_views(html=to_html, text=to_text, bundle=mimebundle)
