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
from toolkit.forum.model import Comment, Member, Thread

# Deeper replies are drawn at this indent: five steps of 0.9 rem still leave 300 px to read at
# 360 px wide. The forum keeps the real depth; "replying to @name" says whom she answers.
MAX_INDENT = 4
# Threads per front page: 30 stay far under 30 KB on a phone; older ones are a link away.
PER_PAGE = 30
# Comments per thread page: each carries its reply, quote, react and report buttons (~0.7 KB).
PER_THREAD_PAGE = 30


def front_context(handler: PageHandler, me: Member, page: int = 1) -> dict[str, Any]:
    forum = handler.forum
    front = forum.front_page(me)
    last_page = max(1, -(-len(front.posts) // PER_PAGE))
    page = min(max(page, 1), last_page)
    start = (page - 1) * PER_PAGE
    return {
        "front": front,
        "posts": front.posts[start : start + PER_PAGE],
        "page": page,
        "last_page": last_page,
        "counts": dict(front.comment_counts),
        "pinned": forum.board.pinned(),
        "latest": forum.board.latest(),
    }


def page_number(handler: PageHandler) -> int:
    """``?page=N`` as a number (anything else: the first page)."""
    raw = handler.get_query_argument("page", default="1") or "1"
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def thread_pages(comments: tuple[Comment, ...]) -> list[list[Comment]]:
    """The comments cut into pages of about PER_THREAD_PAGE, never splitting a conversation.

    A comment on the post starts a conversation; its replies follow it onto the same page, so a
    reply is never read apart from what it answers (a page grows past the size for one long one).
    """
    groups: list[list[Comment]] = []
    for comment in comments:
        if comment.depth <= 1 or not groups:
            groups.append([])
        groups[-1].append(comment)
    pages: list[list[Comment]] = [[]]
    for group in groups:
        if pages[-1] and len(pages[-1]) + len(group) > PER_THREAD_PAGE:
            pages.append([])
        pages[-1].extend(group)
    return pages


def thread_context(
    handler: PageHandler, me: Member, post_id: int, page: int = 1, at: str = ""
) -> dict[str, Any]:
    """What thread.html and its fragment need (raises NotFound for no such post).

    ``at`` (an anchor such as "comment-7") picks the page that holds it; else ``page``.
    """
    forum = handler.forum
    thread: Thread = forum.thread(post_id, me)
    mine = {(r.target, r.kind) for r in forum.reactions(me)}
    pages = thread_pages(thread.comments)
    holding = [n for n, comments in enumerate(pages, 1) if any(c.anchor == at for c in comments)]
    page = holding[0] if holding else min(max(page, 1), len(pages))
    return {
        "thread": thread,
        # The post heads every page, so page 2 still says what the thread is about.
        "entries": [thread.post, *pages[page - 1]],
        "page": page,
        "last_page": len(pages),
        "mine": mine,
        "max_indent": MAX_INDENT,
        "latest": forum.board.latest(),
    }


class ReadHandler(PageHandler):
    def show_refusal(self, error: ForumError) -> None:
        """A page that cannot be shown (no such thread): the plain message, its status."""
        self.render_page("error.html", status=status_of(error), message=error.message)


class FrontPage(ReadHandler):
    """GET /: the question of the day, then the threads, newest first, 30 to a page."""

    def get(self) -> None:
        me = self.me()
        done = self.get_query_argument("done", default="") or ""
        self.render_page("front.html", done=done, **front_context(self, me, page_number(self)))


class ThreadPage(ReadHandler):
    """GET /t/<post id>: the post and its comments, each with Reply, Quote, React, Report."""

    def get(self, post_id: str) -> None:
        me = self.me()
        done = self.get_query_argument("done", default="") or ""
        at = self.get_query_argument("at", default="") or ""
        try:
            context = thread_context(self, me, int(post_id), page_number(self), at)
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
            context = thread_context(self, me, int(post_id), page_number(self))
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
