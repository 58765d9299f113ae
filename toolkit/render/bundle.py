"""The display bundle a forum object gives Jupyter: HTML, plain text and forum JSON."""

from __future__ import annotations

from typing import Any

from toolkit.mime import FORUM_MIME


def mimebundle(obj: object) -> dict[str, Any]:
    from toolkit.render.data import to_data
    from toolkit.render.html import to_html
    from toolkit.render.plain import to_text

    bundle: dict[str, Any] = {"text/plain": to_text(obj), "text/html": to_html(obj)}
    data = to_data(obj)
    if data is not None:
        bundle[FORUM_MIME] = data
    return bundle
