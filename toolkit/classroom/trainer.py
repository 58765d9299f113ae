"""The trainer's pages: sign in with the key, the reports queue, moderation, the question of
the day, exports, the grade sheet and a reset.

    GET  /trainer/login?key=...   the key from the terminal: a trainer session, then /trainer
    GET  /trainer                 everything on one page (reports, hidden items, log, members)
    POST /trainer/moderate        hide / unhide / remove / restore / lock / unlock, with a reason
    POST /trainer/reports/<id>    hide / remove / lock its target, or resolve / dismiss it
    POST /trainer/question        post a question and pin it; POST /trainer/unpin
    GET  /trainer/export.json, /trainer/export.pdf, /trainer/grades.json, /trainer/grades.csv
    POST /trainer/reset           archive the board's file and start an empty board

Every POST needs the XSRF token and ends with a redirect (so a reload sends nothing twice);
a refusal shows the page again with the plain message.
"""

from __future__ import annotations

import json
from datetime import datetime
from http import HTTPStatus
from typing import Any

import tornado.ioloop

from toolkit.classroom import export, grades
from toolkit.classroom.base import BoardHandler, status_of
from toolkit.course.errors import HandoutError
from toolkit.forum.errors import ForumError, NotFound
from toolkit.forum.model import Entry, Report
from toolkit.i18n import N_, _

ACTIONS = ("hide", "unhide", "remove", "restore", "lock", "unlock")
REPORT_ACTIONS = ("hide", "remove", "lock", "resolve", "dismiss")
# The word the trainer types to reset (case does not matter).
RESET_WORD = N_("RESET")
EXCERPT = 200
DONE = {
    "moderated": N_("Done. The board and the log are updated."),
    "report": N_("Done. The report is closed."),
    "question": N_("Done. Your question is pinned at the top of the board."),
    "unpinned": N_("Done. Nothing is pinned now."),
    "reset": N_("Done. The old board is saved beside its file; this is a new, empty board."),
}


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


class TrainerLogin(BoardHandler):
    """The link from the terminal: check the key, start a trainer session, drop the key."""

    def get(self) -> None:
        key = self.get_query_argument("key", "")
        throttle = self.application.settings["throttle"]
        who = f"trainer-key:{self.request.remote_ip}"
        try:
            throttle.check(who)
        except ForumError as error:
            self.render_page("error.html", status=status_of(error), message=error.message)
            return
        if not self.forum.board.check_trainer_key(key):
            throttle.failed(who)
            message = _(
                "This trainer link is not right or is old. Use the link the board printed "
                "when it started."
            )
            self.render_page("error.html", status=HTTPStatus.FORBIDDEN, message=message)
            return
        self.start_session(self.forum.board.trainer())
        # The key leaves the address bar (and the history) at once.
        self.redirect(self.url("/trainer"))


class TrainerHandler(BoardHandler):
    """A trainer page: only the board's trainer may open it."""

    def prepare(self) -> None:
        self.require_trainer()

    def _target_text(self, report: Report) -> str:
        kind, _sep, number = report.target.partition("-")
        try:
            if kind in ("post", "comment"):
                entry = self.forum.get(report.target)
                return _excerpt(f"{entry.title or ''} {entry.body}")
            if kind == "member":
                found = [m for m in self.forum.members() if str(m.id) == number]
                return "@" + found[0].handle if found else report.target
        except ForumError:
            return report.target
        return _("A direct message (private: ask the people in it before you read it).")

    def _moderated(self) -> list[Entry]:
        """Hidden and removed posts and comments (they can be unhidden or restored)."""
        found: list[Entry] = []
        for post in self.forum.posts():
            thread = self.forum.thread(post)
            found += [
                e for e in (thread.post, *thread.comments) if e.status in ("hidden", "removed")
            ]
        return found

    def show(self, status: int = HTTPStatus.OK, error: str | None = None, **form: Any) -> None:
        forum = self.forum
        done = DONE.get(self.get_query_argument("done", ""))
        code = forum.board.join_code() or ""
        learners = [m for m in forum.members() if not m.is_trainer]
        self.render_page(
            "trainer.html",
            status=status,
            error=error,
            done=_(done) if done else None,
            reports=[(r, self._target_text(r)) for r in forum.reports("open")],
            moderated=[(e, _excerpt(e.body)) for e in self._moderated()],
            log=list(reversed(forum.moderation_log())),
            learners=learners,
            pinned=forum.board.pinned(),
            code=code,
            # The server knows the room's address (--lan); the trainer herself is on loopback.
            learner_url=self.application.settings.get("learner_url")
            or f"{self.request.protocol}://{self.request.host}/join",
            reset_word=_(RESET_WORD),
            form=form,
        )

    def refused(self, error: ForumError, **form: Any) -> None:
        self.show(status_of(error), error.message, **form)

    def field(self, name: str) -> str:
        return self.get_body_argument(name, "").strip()


class TrainerPage(TrainerHandler):
    def get(self) -> None:
        self.show()


class Moderate(TrainerHandler):
    def post(self) -> None:
        action, target, reason = self.field("action"), self.field("target"), self.field("reason")
        try:
            if action not in ACTIONS:
                raise ForumError(_("Choose what to do: hide, unhide, remove, restore or lock."))
            self._act(action, target, reason)
        except ForumError as error:
            self.refused(error, target=target, reason=reason)
            return
        self.redirect(self.url("/trainer?done=moderated"))

    def _act(self, action: str, target: str, reason: str) -> None:
        forum, me = self.forum, self.require_trainer()
        if action in ("lock", "unlock"):
            # "Lock thread" on a comment locks the thread it is in.
            target = f"post-{forum.get(target).post_id}"
        getattr(forum, action)(target, me, reason)


class ReportAction(Moderate):
    def post(self, report_id: str) -> None:  # type: ignore[override]
        action, reason = self.field("action"), self.field("reason")
        forum, me = self.forum, self.require_trainer()
        try:
            found = [r for r in forum.reports("open") if str(r.id) == report_id]
            if not found:
                raise NotFound(_("That report is closed or gone. Look at the list again."))
            if action not in REPORT_ACTIONS:
                raise ForumError(_("Choose what to do with the report."))
            if action in ("hide", "remove", "lock"):
                self._act(action, found[0].target, reason)
            outcome = "dismissed" if action == "dismiss" else "resolved"
            forum.resolve_report(found[0].id, me, outcome)
        except ForumError as error:
            self.refused(error, reason=reason)
            return
        self.redirect(self.url("/trainer?done=report"))


class Question(TrainerHandler):
    def post(self) -> None:
        title = self.field("title") or _("Question of the day")
        body = self.field("body")
        me = self.require_trainer()
        try:
            post = self.forum.post(me, title, body)
            self.forum.board.pin_post(post, me)
        except ForumError as error:
            self.refused(error, title=title, body=body)
            return
        self.redirect(self.url("/trainer?done=question"))


class Unpin(TrainerHandler):
    def post(self) -> None:
        self.forum.board.unpin(self.require_trainer())
        self.redirect(self.url("/trainer?done=unpinned"))


class Reset(TrainerHandler):
    def post(self) -> None:
        word = self.field("confirm")
        if word.casefold() != _(RESET_WORD).casefold():
            msg = _("Nothing was reset. To reset, type {word} in the box.")
            self.show(HTTPStatus.BAD_REQUEST, msg.format(word=_(RESET_WORD)))
            return
        me = self.require_trainer()
        try:
            fresh, _archive = export.reset_board(self.forum, me)
        except ForumError as error:
            self.refused(error)
            return
        self.application.settings["forum"] = fresh
        self.start_session(fresh.board.trainer(me.handle, me.display_name))
        self.redirect(self.url("/trainer?done=reset"))


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M")


class Download(TrainerHandler):
    """A file for the trainer's computer (never shown inline)."""

    def deliver(self, data: bytes, kind: str, name: str) -> None:
        self.set_header("Content-Type", kind)
        self.set_header("Content-Disposition", f'attachment; filename="{name}"')
        self.finish(data)


class ExportJson(Download):
    def get(self) -> None:
        self.deliver(export.export_json(self.forum), "application/json", f"board-{_stamp()}.json")


class ExportPdf(Download):
    async def get(self) -> None:
        # Typst takes a second or two: the board keeps answering learners meanwhile.
        loop = tornado.ioloop.IOLoop.current()
        try:
            pdf = await loop.run_in_executor(None, export.export_pdf, self.forum)
        except HandoutError as error:
            message = _("The wall could not be printed ({problem}). Try again.").format(
                problem=error
            )
            self.render_page("error.html", status=HTTPStatus.INTERNAL_SERVER_ERROR, message=message)
            return
        self.deliver(pdf, "application/pdf", f"board-wall-{_stamp()}.pdf")


class GradesJson(Download):
    def get(self) -> None:
        data = json.dumps(grades.board_grades(self.forum), ensure_ascii=False, indent=1)
        self.deliver(data.encode("utf-8"), "application/json", f"grades-{_stamp()}.json")


class GradesCsv(Download):
    def get(self) -> None:
        data = grades.grades_csv(self.forum).encode("utf-8-sig")  # a spreadsheet reads UTF-8
        self.deliver(data, "text/csv; charset=UTF-8", f"grades-{_stamp()}.csv")


ROUTES: list[Any] = [
    (r"/trainer/login", TrainerLogin),
    (r"/trainer", TrainerPage),
    (r"/trainer/moderate", Moderate),
    (r"/trainer/reports/([0-9]{1,12})", ReportAction),
    (r"/trainer/question", Question),
    (r"/trainer/unpin", Unpin),
    (r"/trainer/reset", Reset),
    (r"/trainer/export\.json", ExportJson),
    (r"/trainer/export\.pdf", ExportPdf),
    (r"/trainer/grades\.json", GradesJson),
    (r"/trainer/grades\.csv", GradesCsv),
]
