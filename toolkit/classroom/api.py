"""The board's JSON API v1 (``/api/v1/...``), documented in docs/CLASSROOM.md, "API v1".

``Forum.connect`` (toolkit/forum/remote.py) speaks it; so may any program on the classroom
network. The routes live in three modules by what they touch:

    api_members.py      join, login, trainer login, logout, me and my settings, members
    api_posts.py        posts, comments, quotes, edits, reactions, live updates, the pin
    api_moderation.py   reports, moderation (trainer), messages, blocks
    api_common.py       the shared handler: JSON in and out, refs, what a learner may read

Versioning: v1 may gain routes and fields; removing or renaming anything needs ``/api/v2``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import tornado.web

from toolkit.classroom import api_members, api_moderation, api_posts
from toolkit.classroom.api_common import JsonApi


class Nowhere(JsonApi):
    """Any other address under /api/: a JSON 404, never an HTML page."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(HTTPStatus.NOT_FOUND)

    def check_xsrf_cookie(self) -> None:
        return None


ROUTES: list[Any] = [
    *api_members.ROUTES,
    *api_posts.ROUTES,
    *api_moderation.ROUTES,
    (r"/api/.*", Nowhere),
]
