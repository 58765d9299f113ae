"""The trainer's copies of a board: everything as one JSON document, and the wall as a PDF.

    board_document(forum) -> dict   the board as data (version 1)
    export_json(forum) -> bytes     the same, as UTF-8 JSON
    export_pdf(forum) -> bytes      "print the wall": every visible thread, A4, greyscale-safe
    reset_board(forum) -> (Forum, Path)   archive the file beside it and start an empty board

Direct messages are private between two members and are never exported; neither are PINs,
sessions, secrets, the join code or profile fields (a learner chose who may see those).
Learner text reaches Typst only as JSON data (``sys.inputs``) shown as strings, never as markup.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.course.fonts import compile_pdf, font_families
from toolkit.course.typst_markdown import break_long_words
from toolkit.forum.errors import ForumError, StorageError
from toolkit.forum.model import Comment, Member, Post
from toolkit.forum.service import Forum
from toolkit.forum.wire import to_wire
from toolkit.i18n import _
from toolkit.render.words import when_here

FORMAT = "toolkit-classroom-board"
VERSION = 1


def board_document(forum: Forum) -> dict[str, Any]:
    """Everything on the board a trainer may keep, as JSON-ready data (see the module doc).

    Objects are ``toolkit.forum.wire.to_wire`` dicts, as the API sends them, so
    ``wire.from_wire`` reads them back as model objects.
    """
    threads = [to_wire(forum.thread(post)) for post in sorted(forum.posts(), key=lambda p: p.id)]
    pinned = forum.board.pinned()
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": forum.title,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "not_exported": _(
            "Direct messages are private and are not in this file. PINs, sessions, the join code "
            "and profile fields are not in it either."
        ),
        "pinned": None if pinned is None else pinned.anchor,
        "members": [to_wire(m) for m in forum.members()],
        "threads": threads,
        "reactions": [to_wire(r) for r in forum.reactions()],
        "reports": [to_wire(r) for r in forum.reports(None)],
        "moderation_log": [to_wire(a) for a in forum.moderation_log()],
    }


def export_json(forum: Forum) -> bytes:
    """The board as one UTF-8 JSON document (``board_document``)."""
    return json.dumps(board_document(forum), ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------------- print the wall
@cache
def template(name: str) -> str:
    """A Typst template of the board (``toolkit/classroom/templates/<name>``)."""
    return resources.files("toolkit.classroom").joinpath("templates", name).read_text("utf-8")


def _printed(text: str | None) -> str:
    # Long unbroken runs (links, "aaaa...") get break points so they wrap inside the page.
    return break_long_words(text or "")


def _wall_entry(entry: Post | Comment) -> dict[str, Any]:
    shown = entry.status == "visible"
    quote = entry.quote if shown else None
    return {
        "depth": entry.depth,
        "author": entry.author.handle,
        "name": entry.author.display_name,
        "when": when_here(entry.created_at),
        "title": _printed(entry.title),
        # A hidden, removed or deleted comment keeps its place (replies answer it), not its words.
        "body": _printed(entry.body) if shown else _("[not shown: hidden, removed or deleted]"),
        "shown": shown,
        "quote": None
        if quote is None
        else {
            "credit": _("{name} (@{handle}) wrote:").format(
                name=quote.source_display_name, handle=quote.source_author
            ),
            "excerpt": _printed(quote.excerpt),
        },
    }


def wall_document(forum: Forum) -> dict[str, Any]:
    """The data wall.typ prints: visible threads, oldest first, with their comments."""
    threads = []
    pinned = forum.board.pinned()
    for post in sorted(forum.posts(), key=lambda p: p.id):
        if not post.visible:
            continue
        thread = forum.thread(post)
        threads.append(
            {
                "post": _wall_entry(thread.post),
                "pinned": pinned is not None and pinned.id == post.id,
                "locked": thread.post.locked,
                "comments": [_wall_entry(c) for c in thread.comments],
            }
        )
    return {
        "title": _printed(forum.title),
        "printed": when_here(datetime.now(UTC)),
        "fonts": list(font_families()),
        "threads": threads,
        "words": {
            "subtitle": _("The class board, printed"),
            "empty": _("Nothing has been posted on the board yet."),
            "pinned": _("Question of the day"),
            "locked": _("Closed for replies"),
            "replies": _("Replies"),
            "page": _("Page"),
        },
    }


def export_pdf(forum: Forum) -> bytes:
    """Print the wall: every visible thread as an A4 PDF (raises HandoutError if Typst fails)."""
    data = json.dumps(wall_document(forum), ensure_ascii=False)
    return compile_pdf(template("wall.typ"), sys_inputs={"data": data})


# ---------------------------------------------------------------------- reset
def _free(path: Path) -> Path:
    """``path``, or ``<stem>-2<suffix>``... when a file of that name is already there."""
    n, found = 1, path
    while found.exists():
        n += 1
        found = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return found


def reset_board(forum: Forum, trainer: Member) -> tuple[Forum, Path]:
    """Archive ``forum``'s file and open an empty board at the same path; nothing is deleted.

    The archive ``<stem>-<YYYYmmdd-HHMMSS>.sqlite`` is a consistent copy (SQLite's backup API);
    then the old file itself is renamed aside (``...-replaced.sqlite``), never removed. The new
    board keeps the title, join code, cookie secret and trainer key, and has ``trainer`` as its
    trainer; every other session ended with the old file. ``forum`` is closed.
    """
    if forum.path is None:
        msg = _("This board is kept in memory only, so it cannot be archived. Start it with --db.")
        raise ForumError(msg)
    path = Path(forum.path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = _free(path.with_name(f"{path.stem}-{stamp}.sqlite"))
    aside = _free(path.with_name(f"{path.stem}-{stamp}-replaced{path.suffix}"))
    title = forum.title
    with forum.store.lock:
        carried = forum.board.carried()
        try:
            target = sqlite3.connect(archive)
            try:
                forum.store.conn.backup(target)
            finally:
                target.close()
        except (OSError, sqlite3.Error) as exc:
            raise forum.store.storage_error(exc) from exc
        forum.close()
        try:
            # The -wal and -shm files go with it (after a clean close there are none).
            for suffix in ("-wal", "-shm", ""):
                old = path.with_name(path.name + suffix)
                if old.exists():
                    old.rename(aside.with_name(aside.name + suffix))
        except OSError as exc:
            msg = _(
                "The board's file could not be moved aside ({problem}). Nothing was lost: "
                "the copy is {archive}. Restart the board."
            )
            raise StorageError(msg.format(problem=exc.strerror or exc, archive=archive)) from exc
    fresh = Forum(path, title=title)
    fresh.board.take_over(carried)
    fresh.board.trainer(trainer.handle, trainer.display_name)
    return fresh, archive
