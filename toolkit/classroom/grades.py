"""The board's grade sheet: who posted, who replied kindly, who quoted with credit.

    board_grades(forum) -> dict     the shape ``python -m toolkit.grade --json`` gives
    grades_csv(forum) -> str        one row per learner, for a spreadsheet

Each learner is one entry ``{"notebook": "board/<handle>", "handle", "passed",
"checks_total": 3, "checks_passed", "checks": [...]}``, so ``build_course.py --certificates
names.csv --grades grades.json`` matches learners by the names CSV's ``handle`` column.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from toolkit.checks import check_kind_reply
from toolkit.checks.feedback import Feedback
from toolkit.forum.model import Comment, Member, Post
from toolkit.forum.service import Forum
from toolkit.i18n import _

CHECKS = ("posted", "replied_kindly", "quoted_with_credit")
# A spreadsheet runs a cell that starts with one of these as a formula: a display name like
# "=HYPERLINK(...)" must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _kind_reply(forum: Forum, member: Member, comments: list[Comment]) -> bool:
    """Whether one of her replies passes the lesson-5 check (each place she replied, once)."""
    # The undecorated check: grading on the trainer's computer must not write the trainer's
    # progress file (the decorator records every result there).
    check = getattr(check_kind_reply, "__wrapped__", check_kind_reply)
    targets = dict.fromkeys(
        f"post-{c.post_id}" if c.parent_id is None else f"comment-{c.parent_id}" for c in comments
    )
    for target in targets:
        try:
            result = check(forum, member, target)
        except Exception:  # noqa: BLE001 - a reply the check cannot read simply does not count
            continue
        if isinstance(result, Feedback) and result.passed:
            return True
    return False


def _row(forum: Forum, member: Member, entries: list[Post | Comment]) -> dict[str, Any]:
    mine = [e for e in entries if e.author.id == member.id and e.visible]
    comments = [e for e in mine if isinstance(e, Comment)]
    results = {
        "posted": any(isinstance(e, Post) for e in mine),
        "replied_kindly": bool(comments) and _kind_reply(forum, member, comments),
        "quoted_with_credit": any(e.quote is not None for e in mine),
    }
    messages = {
        "posted": _("Wrote a post on the board."),
        "replied_kindly": _("Replied kindly to what someone wrote."),
        "quoted_with_credit": _("Quoted someone's words and named them."),
    }
    passed = sum(results.values())
    return {
        "notebook": f"board/{member.handle}",
        "lesson": None,
        "handle": member.handle,
        "display_name": member.display_name,
        "passed": passed == len(CHECKS),
        "answer_key": False,
        "checks_passed": passed,
        "checks_total": len(CHECKS),
        "stopped": None,
        "error": None,
        "checks": [
            {"check": name, "passed": results[name], "messages": [messages[name]], "hint": None}
            for name in CHECKS
        ],
    }


def board_grades(forum: Forum) -> dict[str, Any]:
    """Three checks for every learner on the board, as ``python -m toolkit.grade --json``."""
    entries: list[Post | Comment] = []
    for post in forum.posts():
        thread = forum.thread(post)
        entries += [thread.post, *thread.comments]
    learners = [m for m in forum.members() if not m.is_trainer]
    return {"notebooks": [_row(forum, m, entries) for m in learners]}


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def grades_csv(forum: Forum) -> str:
    """The grade sheet as CSV text: one row per learner, yes/no per check."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["handle", "display_name", *CHECKS, "checks_passed", "checks_total", "passed"])
    for row in board_grades(forum)["notebooks"]:
        done = {c["check"]: c["passed"] for c in row["checks"]}
        writer.writerow(
            [
                _cell(row["handle"]),
                _cell(row["display_name"]),
                *("yes" if done[name] else "no" for name in CHECKS),
                row["checks_passed"],
                row["checks_total"],
                "yes" if row["passed"] else "no",
            ]
        )
    return out.getvalue()
