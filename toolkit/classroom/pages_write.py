"""Writing on the board: a new post, a reply, a quote, a reaction, a report.

Posts, replies and quotes go through the risk nudge (``pages_base.PageHandler.nudge``): a risky
detail or hurtful words publish nothing on the first press. The forum's own limits are checked
first, so she hears "too short" before she is asked about her words, never the other way round.
The acting member is always the session's member; no form names an author.
"""

from __future__ import annotations

from typing import Any

from toolkit.checks.risky import hurtful, risks
from toolkit.classroom.pages_base import REASON_LABELS, Note, PageHandler, notes_in
from toolkit.classroom.pages_read import ReadHandler, thread_context
from toolkit.forum import text
from toolkit.forum.errors import ForumError, NotFound
from toolkit.forum.model import REACTIONS, REPORT_REASONS, Entry, Member, Thread
from toolkit.i18n import _

ENTRY = r"((?:post|comment)-[0-9]{1,18})"


def body_notes(where: str, body: str, forum: Any) -> list[Note]:
    """Risky details and hurtful words in her own words."""
    return notes_in(where, hurtful(body) + risks(body, forum))


def entry_in(thread: Thread, anchor: str) -> Entry:
    """The entry ``anchor`` of this thread (NotFound when it belongs to another thread)."""
    entries: list[Entry] = [thread.post, *thread.comments]
    for entry in entries:
        if entry.anchor == anchor:
            return entry
    raise NotFound(_("There is no such post or comment here. Go back to the board."))


def where_to(entry: Entry, done: str) -> str:
    """Back to the thread page that holds ``entry`` (a long thread has several)."""
    return f"/t/{entry.post_id}?done={done}&at={entry.anchor}#{entry.anchor}"


class NewPost(PageHandler):
    """GET/POST /new: a title and a post, with the risk nudge."""

    def get(self) -> None:
        self.me()
        self.render_page("new.html", title_text="", body_text="")

    def post(self) -> None:
        me = self.me()
        title, body = self.field("title"), self.field("body", strip=False)
        form: dict[str, Any] = {"title_text": title, "body_text": body}
        try:
            text.clean(title, "title", text.TITLE)
            text.clean(body, "post", text.POST_BODY)
            notes = notes_in(_("Title"), risks(title, self.forum))
            notes += body_notes(_("Your post"), body, self.forum)
            nudge = self.nudge(notes, [title, body])
            if nudge is not None:
                self.render_page("new.html", nudge=nudge, **form)
                return
            post = self.forum.post(me, title, body)
        except ForumError as error:
            self.refuse(error, "new.html", **form)
            return
        self.redirect(self.url(where_to(post, "risky" if notes else "posted")))


class ReplyPage(ReadHandler):
    """GET/POST /t/<post id>/reply?to=<entry>: answer the post or one comment."""

    def target(self, me: Member, post_id: str, anchor: str) -> tuple[Thread, Entry]:
        thread = self.forum.thread(int(post_id), me)
        return thread, entry_in(thread, anchor or thread.post.anchor)

    def get(self, post_id: str) -> None:
        me = self.me()
        try:
            thread, entry = self.target(me, post_id, self.get_query_argument("to", "") or "")
        except ForumError as error:
            self.show_refusal(error)
            return
        self.render_page("reply.html", thread=thread, entry=entry, body_text="")

    def post(self, post_id: str) -> None:
        me = self.me()
        body = self.field("body", strip=False)
        try:
            thread, entry = self.target(me, post_id, self.field("to"))
        except ForumError as error:
            self.show_refusal(error)
            return
        form: dict[str, Any] = {"thread": thread, "entry": entry, "body_text": body}
        try:
            text.clean(body, "comment", text.COMMENT_BODY)
            notes = body_notes(_("Your reply"), body, self.forum)
            nudge = self.nudge(notes, [body])
            if nudge is not None:
                self.render_page("reply.html", nudge=nudge, **form)
                return
            comment = self.forum.comment(entry, me, body)
        except ForumError as error:
            self.refuse(error, "reply.html", **form)
            return
        self.redirect(self.url(where_to(comment, "risky" if notes else "replied")))


class QuotePage(ReadHandler):
    """GET/POST /quote/<entry>: cut the words down to the part she answers, add her own."""

    def get(self, anchor: str) -> None:
        self.me()
        try:
            source = self.forum.get(anchor)
        except ForumError as error:
            self.show_refusal(error)
            return
        excerpt = source.body if source.visible else ""
        self.render_page("quote.html", source=source, excerpt=excerpt, body_text="")

    def post(self, anchor: str) -> None:
        me = self.me()
        excerpt, body = self.field("excerpt", strip=False), self.field("body", strip=False)
        try:
            source = self.forum.get(anchor)
        except ForumError as error:
            self.show_refusal(error)
            return
        form: dict[str, Any] = {"source": source, "excerpt": excerpt, "body_text": body}
        try:
            quote = self.forum.quote(source, excerpt.strip())
            text.clean(body, "comment", text.COMMENT_BODY)
            notes = body_notes(_("Your own words"), body, self.forum)
            nudge = self.nudge(notes, [excerpt, body])
            if nudge is not None:
                self.render_page("quote.html", nudge=nudge, **form)
                return
            comment = self.forum.comment(source, me, body, quote=quote)
        except ForumError as error:
            self.refuse(error, "quote.html", **form)
            return
        self.redirect(self.url(where_to(comment, "risky" if notes else "quoted")))


class ReactPage(ReadHandler):
    """POST /react: one button press gives a reaction, a second press takes it back."""

    def post(self) -> None:
        me = self.me()
        anchor, _sep, kind = self.field("react").partition(" ")
        try:
            entry = self.forum.get(anchor)
            if kind not in REACTIONS:
                raise NotFound(_("There is no such reaction. Choose one of the buttons."))
            given = any(
                r.target == entry.anchor and r.kind == kind for r in self.forum.reactions(me)
            )
            if given:
                self.forum.unreact(entry, me, kind)
            else:
                self.forum.react(entry, me, kind)
        except ForumError as error:
            try:
                post_id = int(self.field("post") or 0)
                context = thread_context(self, me, post_id, at=anchor)
            except (ForumError, ValueError):
                self.show_refusal(error)
                return
            self.refuse(error, "thread.html", done="", body_text="", **context)
            return
        self.redirect(self.url(f"/t/{entry.post_id}?at={entry.anchor}#{entry.anchor}"))


class ReportPage(ReadHandler):
    """GET/POST /report/<entry>: tell the trainer, with a reason and a note."""

    def get(self, anchor: str) -> None:
        self.me()
        try:
            entry = self.forum.get(anchor)
        except ForumError as error:
            self.show_refusal(error)
            return
        self.render_page("report.html", entry=entry, reason="", note="", reasons=REASONS)

    def post(self, anchor: str) -> None:
        me = self.me()
        reason, note = self.field("reason"), self.field("note", strip=False)
        try:
            entry = self.forum.get(anchor)
        except ForumError as error:
            self.show_refusal(error)
            return
        form: dict[str, Any] = {"entry": entry, "reason": reason, "note": note, "reasons": REASONS}
        try:
            self.forum.report(entry, me, reason, note)
        except ForumError as error:
            self.refuse(error, "report.html", **form)
            return
        self.redirect(self.url(where_to(entry, "reported")))


class DeletePage(ReadHandler):
    """GET/POST /delete/<entry>: take back her own post or comment (replies stay)."""

    def get(self, anchor: str) -> None:
        me = self.me()
        try:
            entry = self.forum.get(anchor)
        except ForumError as error:
            self.show_refusal(error)
            return
        self.render_page("delete.html", entry=entry, own=entry.author.id == me.id)

    def post(self, anchor: str) -> None:
        me = self.me()
        try:
            entry = self.forum.get(anchor)
            self.forum.delete(entry, me)
        except ForumError as error:
            self.show_refusal(error)
            return
        self.redirect(self.url(where_to(entry, "deleted")))


REASONS = [(reason, REASON_LABELS[reason]) for reason in REPORT_REASONS]

ROUTES: list[Any] = [
    (r"/new", NewPost),
    (r"/t/([0-9]{1,18})/reply", ReplyPage),
    (rf"/quote/{ENTRY}", QuotePage),
    (r"/react", ReactPage),
    (rf"/report/{ENTRY}", ReportPage),
    (rf"/delete/{ENTRY}", DeletePage),
]
