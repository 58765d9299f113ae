"""Digital Empowerment Toolkit: a simulated community forum for workshop notebooks.

    from toolkit import Forum, ForumError
    forum = Forum()                      # in memory; Forum("class.sqlite") keeps a file
    amina = forum.join("amina_k", "Amina")
    post = forum.post(amina, "Clean water", "Our well needs a new pump.")

Heavy modules (rendering, widgets, the course build) load only when first used.
"""

from __future__ import annotations

from toolkit.forum.errors import ForumError
from toolkit.forum.service import Forum

__all__ = ["Forum", "ForumError", "__version__"]
__version__ = "0.1.0"
