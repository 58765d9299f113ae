"""What every check shares: never raising on a mistake, saving progress, finding her work."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import ParamSpec

from toolkit.checks.feedback import Feedback
from toolkit.forum.errors import ForumError
from toolkit.forum.model import Comment, Entry, Member, Post
from toolkit.forum.service import Forum
from toolkit.i18n import _

P = ParamSpec("P")

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


class Problem(Exception):
    """A learner's answer cannot be checked (nothing posted yet, an unknown member...).

    Raised inside a check and turned into a kind ``Feedback(passed=False)``; never escapes.
    """

    def __init__(self, missing: str, hint: str | None = None) -> None:
        super().__init__(missing)
        self.missing = missing
        self.hint = hint


def checked(name: str) -> Callable[[Callable[P, Feedback]], Callable[P, Feedback]]:
    """Make a check safe for learners and saved in their progress.

    Any mistake in what was passed in (wrong type, unknown member, nothing posted) becomes
    ``passed=False`` with a plain message, and every result goes to ``toolkit.progress.record``.
    """

    def wrap(func: Callable[P, Feedback]) -> Callable[P, Feedback]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> Feedback:
            try:
                result = func(*args, **kwargs)
            except Problem as problem:
                result = Feedback(name, False, [], [problem.missing], problem.hint)
            except ForumError as exc:
                result = Feedback(name, False, [], [exc.message], None)
            except Exception:  # noqa: BLE001 - a check must never stop a lesson with a traceback
                result = Feedback(
                    name,
                    False,
                    [],
                    [_("The check could not read your answer.")],
                    _("Run all the cells above again, from the top, then run this check again."),
                )
            _record(result)
            return result

        return run

    return wrap


def _record(result: Feedback) -> None:
    # One-way arrow: checks use progress; progress knows nothing about checks.
    from toolkit import progress

    progress.record(result, result.learner)


def need_forum(forum: object) -> Forum:
    if not isinstance(forum, Forum):
        raise Problem(
            _("The check needs the forum first, like this: check(forum, me)."),
            _("Run the setup cell at the top of the notebook, then this cell again."),
        )
    return forum


def need_member(forum: Forum, member: object) -> Member:
    """The member, looked up fresh (a Member object or a handle)."""
    if not isinstance(member, (Member, str)):
        raise Problem(
            _("The check needs to know who you are: give your member or your username."),
            _("Run the setup cell at the top of the notebook, then this cell again."),
        )
    try:
        return forum.member(member)
    except ForumError:
        raise Problem(
            _("This member is not in the forum."),
            _("Check the username, or run the setup cell at the top again."),
        ) from None


def entries_by(forum: Forum, member: Member) -> list[Post | Comment]:
    """Her visible posts and comments, oldest first (built on the public API)."""
    found: list[Post | Comment] = []
    for post in forum.posts():
        thread = forum.thread(post)
        entries: list[Post | Comment] = [thread.post, *thread.comments]
        found += [e for e in entries if e.author.id == member.id and e.visible]
    found.sort(key=lambda e: (e.created_at, e.id))
    return found


def latest(entries: Iterable[Entry]) -> Entry | None:
    items = list(entries)
    return max(items, key=lambda e: (e.created_at, e.id)) if items else None


def words(text: str) -> list[str]:
    """Words in any script, keeping an apostrophe inside a word ("don't")."""
    return _WORD.findall(text)


def plain(text: str) -> str:
    """``text`` for matching a word list: lower case, no accents ("ça" as "ca"), Arabic without
    vowel marks and with one alef ("أقتبس" as "اقتبس")."""
    from toolkit.safety.lang import ARABIC_MARKS, fold  # the finders' own, so the lists agree

    return fold(ARABIC_MARKS.sub("", text.casefold()), accents=True)


def contains_phrase(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in the text as whole words, ignoring case, accents and marks."""
    low = " ".join(words(plain(text)))
    return [p for p in phrases if re.search(rf"(?<!\w){re.escape(plain(p))}(?!\w)", low)]


def shouting(text: str) -> bool:
    """True when the forum would warn that the text is all capitals (reuses its own check)."""
    from toolkit.forum.text import warnings_for

    return _caps_note() in warnings_for(text)


@functools.cache
def _caps_note() -> str:
    from toolkit.forum.text import warnings_for

    # The forum's own note for all-capital text, so the two never disagree.
    notes = warnings_for("THIS IS ALL IN CAPITALS")
    return notes[0] if notes else "\0"


def sorted_rows(rows: Iterable[tuple[str, object, object, str]]) -> tuple[int, list[str]]:
    """Rows a learner sorted in a form, each ``(statement, her answer, the safe answer, why)``:
    how many are right, and a line for each one unanswered or sorted the unsafe way."""
    right = 0
    missing: list[str] = []
    for statement, got, safe, why in rows:
        if got is None:
            missing.append(_('Not answered yet: "{statement}"').format(statement=statement))
        elif got != safe:
            missing.append(_('"{statement}" {why}').format(statement=statement, why=why))
        else:
            right += 1
    return right, missing
