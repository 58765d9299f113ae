"""Digital Empowerment Toolkit: a simulated community forum for workshop notebooks.

    from toolkit import Forum, ForumError
    forum = Forum()                      # in memory; Forum("class.sqlite") keeps a file
    amina = forum.join("amina_k", "Amina")
    post = forum.post(amina, "Clean water", "Our well needs a new pump.")

Heavy modules (rendering, widgets, the course build) load only when first used. So does the
forum itself: ``import toolkit.course...`` (a rebuild that finds nothing changed) does not pay
for the forum's SQLite, Unicode and phone-number modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.forum.errors import ForumError
    from toolkit.forum.service import Forum

__all__ = ["Forum", "ForumError", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # PEP 562: `from toolkit import Forum` imports the forum on first use, not at `import toolkit`.
    if name == "Forum":
        from toolkit.forum.service import Forum

        return Forum
    if name == "ForumError":
        from toolkit.forum.errors import ForumError

        return ForumError
    msg = f"module 'toolkit' has no attribute {name!r}"
    raise AttributeError(msg)
