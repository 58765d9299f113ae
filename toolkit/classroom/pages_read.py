"""Reading the board: the front page, a thread, and the fragments board.js swaps in live.

A fragment is the list part of a page, rendered by the same template the page includes, so a
page with JavaScript off and a page updated live show exactly the same HTML.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from toolkit.classroom.base import status_of
from toolkit.classroom.pages_base import PageHandler
from toolkit.forum.errors import ForumError
from toolkit.forum.model import Member, Thread

# Deeper replies are drawn at this indent: five steps of 0.9 rem still leave 300 px to read at
# 360 px wide. The forum keeps the real depth; "replying to @name" says whom she answers.
MAX_INDENT = 4


def front_context(handler: PageHandler, me: Member) -> dict[str, Any]:
    forum = handler.forum
    front = forum.front_page(me)
    return {
        "front": front,
        "counts": dict(front.comment_counts),
        "pinned": forum.board.pinned(),
        "latest": forum.board.latest(),
    }


def thread_context(handler: PageHandler, me: Member, post_id: int) -> dict[str, Any]:
    """What thread.html and its fragment need (raises NotFound for no such post)."""
    forum = handler.forum
    thread: Thread = forum.thread(post_id, me)
    mine = {(r.target, r.kind) for r in forum.reactions(me)}
    return {
        "thread": thread,
        "entries": [thread.post, *thread.comments],
        "mine": mine,
        "max_indent": MAX_INDENT,
        "latest": forum.board.latest(),
    }


class ReadHandler(PageHandler):
    def show_refusal(self, error: ForumError) -> None:
        """A page that cannot be shown (no such thread): the plain message, its status."""
        self.render_page("error.html", status=status_of(error), message=error.message)


class FrontPage(ReadHandler):
    """GET /: the question of the day, then every thread, newest first."""

    def get(self) -> None:
        me = self.me()
        done = self.get_query_argument("done", default="") or ""
        self.render_page("front.html", done=done, **front_context(self, me))


class ThreadPage(ReadHandler):
    """GET /t/<post id>: the post and its comments, each with Reply, Quote, React, Report."""

    def get(self, post_id: str) -> None:
        me = self.me()
        done = self.get_query_argument("done", default="") or ""
        try:
            context = thread_context(self, me, int(post_id))
        except ForumError as error:
            self.show_refusal(error)
            return
        self.render_page("thread.html", done=done, body_text="", **context)


class Fragment(ReadHandler):
    """The live part of a page, for board.js; a visitor gets an empty 401 (never a redirect)."""

    def fragment_member(self) -> Member | None:
        me = self.member
        if me is None:
            self.set_status(HTTPStatus.UNAUTHORIZED)
            self.finish()
        return me


class FrontFragment(Fragment):
    def get(self) -> None:
        me = self.fragment_member()
        if me is not None:
            self.render_page("front_list.html", **front_context(self, me))


class ThreadFragment(Fragment):
    def get(self, post_id: str) -> None:
        me = self.fragment_member()
        if me is None:
            return
        try:
            context = thread_context(self, me, int(post_id))
        except ForumError as error:
            self.set_status(status_of(error))
            self.finish()
            return
        self.render_page("thread_list.html", **context)


ROUTES: list[Any] = [
    (r"/", FrontPage),
    (r"/t/([0-9]{1,18})", ThreadPage),
    (r"/fragment/front", FrontFragment),
    (r"/fragment/t/([0-9]{1,18})", ThreadFragment),
]
