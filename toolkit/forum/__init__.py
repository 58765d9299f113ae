"""The simulated forum: the ground floor of the toolkit (imports nothing above it).

    from toolkit.forum import Forum

How the forum is laid out (members, posts, moderation, messages, queries) is drawn in
``service.py`` and in ``docs/ARCHITECTURE.md``.
"""

from __future__ import annotations

from toolkit.forum import model
from toolkit.forum.errors import ForumError
from toolkit.forum.service import Forum

# Forum objects show themselves with the render layer's views. The model only learns the name
# of the module that registers them; it is imported when an object is first shown (keeping
# ``import toolkit`` fast), and nothing here imports the layer above.
model.views_from("toolkit.render.views")

__all__ = ["Forum", "ForumError"]
