"""The trainer's pages on a running board: sign in with the key, moderate, pin, export, reset."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from board_support import Browser, RunningBoard, running_board

from toolkit.classroom.base import SESSION_COOKIE
from toolkit.forum.service import Forum


@pytest.fixture
def board(tmp_path: Path) -> Iterator[RunningBoard]:
    with running_board(tmp_path / "board.sqlite") as running:
        yield running


@pytest.fixture
def trainer(board: RunningBoard) -> Browser:
    browser = Browser(board)
    reply = browser.get(f"/trainer/login?key={board.trainer_key}")
    assert reply.status == 302
    assert reply.headers["Location"] == "/trainer"
    return browser


def _learner(board: RunningBoard, handle: str = "amina_k") -> Browser:
    member = board.forum.board.join(board.code, handle, handle.split("_")[0].title())
    browser = Browser(board)
    browser.sign_in_as(board.forum.board.start_session(member))
    return browser


# ---------------------------------------------------------------- who may come in
def test_the_key_signs_the_trainer_in_and_leaves_the_address_bar(trainer: Browser) -> None:
    page = trainer.get("/trainer")
    assert page.status == 200
    assert "TEST42" in page.text  # the join code
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "key=" not in page.text


def test_a_wrong_key_is_refused_and_then_throttled(board: RunningBoard) -> None:
    browser = Browser(board)
    first = browser.get("/trainer/login?key=guess-0")
    assert first.status == 403
    assert "trainer link is not right" in first.text
    statuses = [browser.get(f"/trainer/login?key=guess-{n}").status for n in range(1, 12)]
    assert statuses[:9] == [403] * 9
    assert statuses[9:] == [429, 429]
    # Throttled: even the right key waits (the guesser cannot tell when a guess hits).
    assert browser.get(f"/trainer/login?key={board.trainer_key}").status == 429
    assert browser.cookie(SESSION_COOKIE) is None


@pytest.mark.parametrize(
    "path",
    ["/trainer", "/trainer/export.json", "/trainer/export.pdf", "/trainer/grades.csv",
     "/trainer/grades.json"],
)  # fmt: skip
def test_trainer_pages_are_closed_to_learners_and_strangers(board: RunningBoard, path: str) -> None:
    stranger = Browser(board).get(path)
    assert stranger.status == 302
    assert stranger.headers["Location"] == "/join"
    learner = _learner(board).get(path)
    assert learner.status == 403
    assert "for the trainer" in learner.text


@pytest.mark.parametrize("path", ["/trainer/moderate", "/trainer/question", "/trainer/reset"])
def test_a_learner_cannot_post_trainer_actions(board: RunningBoard, path: str) -> None:
    amina = _learner(board)
    post = board.forum.post("amina_k", "Library", "The library opens on Monday.")
    reply = amina.post(
        path, action="remove", target=post.anchor, reason="x", body="Q?", confirm="RESET"
    )
    assert reply.status == 403
    assert board.forum.get(post.anchor).status == "visible"
    assert board.forum.moderation_log() == []


def test_a_post_without_the_xsrf_token_is_refused(trainer: Browser) -> None:
    post = trainer.board.forum.post("trainer", "Hello", "Welcome to the board.")
    data = urllib.parse.urlencode({"action": "hide", "target": post.anchor, "reason": "x"})
    try:
        trainer.opener.open(trainer.board.url + "/trainer/moderate", data.encode(), timeout=30)
        status = 200
    except urllib.error.HTTPError as e:
        status = e.code
    assert status == 403
    assert trainer.board.forum.get(post.anchor).status == "visible"


# ---------------------------------------------------------------- moderation
def test_moderation_changes_the_forum_and_the_log(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    post = forum.post("amina_k", "Library", "The library opens on Monday.")
    reply = trainer.post("/trainer/moderate", action="hide", target=post.anchor, reason="checking")
    assert reply.status == 302
    assert forum.get(post.anchor).status == "hidden"
    page = trainer.get("/trainer?done=moderated").text
    assert "Hidden and removed (1)" in page
    assert "checking" in page
    trainer.post("/trainer/moderate", action="unhide", target=post.anchor, reason="fine")
    trainer.post("/trainer/moderate", action="lock", target=post.anchor, reason="enough")
    assert forum.get(post.anchor).locked
    log = [(a.action, a.target, a.reason) for a in forum.moderation_log()]
    assert log == [
        ("hide", post.anchor, "checking"),
        ("unhide", post.anchor, "fine"),
        ("lock", post.anchor, "enough"),
    ]


def test_a_refused_action_shows_the_plain_message_and_keeps_the_form(trainer: Browser) -> None:
    reply = trainer.post("/trainer/moderate", action="hide", target="post-999", reason="why")
    assert reply.status == 404
    assert 'class="error"' in reply.text
    assert 'value="post-999"' in reply.text
    assert "Traceback" not in reply.text


def test_the_reports_queue_shows_the_target_and_closes_with_an_action(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    _learner(trainer.board, "ben_o")
    post = forum.post("amina_k", "Market", "Call me on 0412 345 678 <b>now</b>")
    report = forum.report(post, "ben_o", "private-info", "her phone number")
    page = trainer.get("/trainer").text
    assert "Reports (1)" in page
    assert "Call me on 0412 345 678 &lt;b&gt;now&lt;/b&gt;" in page  # escaped, not markup
    assert "@ben_o" in page
    reply = trainer.post(f"/trainer/reports/{report.id}", action="remove", reason="phone number")
    assert reply.status == 302
    assert forum.get(post.anchor).status == "removed"
    assert forum.reports("open") == []
    assert forum.reports(None)[0].status == "resolved"
    assert forum.moderation_log()[-1].action == "remove"


def test_a_report_can_be_dismissed_without_touching_the_post(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    _learner(trainer.board, "ben_o")
    post = forum.post("amina_k", "Market", "Fresh bread on Saturday.")
    report = forum.report(post, "ben_o", "spam")
    trainer.post(f"/trainer/reports/{report.id}", action="dismiss", reason="")
    assert forum.reports(None)[0].status == "dismissed"
    assert forum.get(post.anchor).status == "visible"


# ---------------------------------------------------------------- question of the day
def test_the_question_of_the_day_is_posted_pinned_and_unpinned(trainer: Browser) -> None:
    forum = trainer.board.forum
    reply = trainer.post(
        "/trainer/question", title="Today", body="What helps you feel safe online?"
    )
    assert reply.status == 302
    pinned = forum.board.pinned()
    assert pinned is not None
    assert pinned.body == "What helps you feel safe online?"
    assert pinned.author.handle == "trainer"
    assert "Pinned now:" in trainer.get("/trainer").text
    trainer.post("/trainer/unpin")
    assert forum.board.pinned() is None


def test_an_empty_question_is_refused(trainer: Browser) -> None:
    reply = trainer.post("/trainer/question", title="Today", body="")
    assert reply.status == 400
    assert trainer.board.forum.board.pinned() is None


# ---------------------------------------------------------------- exports and grades
def test_export_json_holds_the_board_but_no_secrets_or_messages(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    _learner(trainer.board, "ben_o")
    forum.board.set_pin("amina_k", "2580")
    post = forum.post("amina_k", "Library", "The library opens on Monday.")
    forum.comment(post, "ben_o", "Thank you, what time does it open?")
    forum.send("ben_o", "amina_k", "A private note only for you", "secret subject")
    reply = trainer.get("/trainer/export.json")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    assert "attachment" in reply.headers["Content-Disposition"]
    doc = json.loads(reply.body)
    assert doc["version"] == 1
    assert [t["post"]["title"] for t in doc["threads"]] == ["Library"]
    assert doc["threads"][0]["comments"][0]["author"]["handle"] == "ben_o"
    assert {m["handle"] for m in doc["members"]} == {"trainer", "amina_k", "ben_o"}
    assert "messages are private" in doc["not_exported"]
    raw = reply.text
    assert "A private note" not in raw
    assert "secret subject" not in raw
    assert "pin" not in json.dumps(doc["members"]).lower()
    assert trainer.board.code not in raw
    assert (trainer.cookie(SESSION_COOKIE) or "x") not in raw


def test_export_pdf_is_a_pdf(trainer: Browser) -> None:
    _learner(trainer.board)
    trainer.board.forum.post("amina_k", "Library", "The library opens on Monday.")
    reply = trainer.get("/trainer/export.pdf")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.body.startswith(b"%PDF")


def test_grades_csv_and_json(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    _learner(trainer.board, "ben_o")
    post = forum.post("amina_k", "Library", "The library opens on Monday. Come and see!")
    forum.comment(post, "ben_o", "Thank you Amina! What time does the library open on Monday?")
    rows = trainer.get("/trainer/grades.csv").body.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("handle,display_name,posted,replied_kindly,quoted_with_credit")
    assert "amina_k,Amina,yes,no,no,1,3,no" in rows
    assert "ben_o,Ben,no,yes,no,1,3,no" in rows
    data = json.loads(trainer.get("/trainer/grades.json").body)
    assert {e["handle"] for e in data["notebooks"]} == {"amina_k", "ben_o"}


# ---------------------------------------------------------------- reset
def test_reset_needs_the_word(trainer: Browser, tmp_path: Path) -> None:
    reply = trainer.post("/trainer/reset", confirm="yes")
    assert reply.status == 400
    assert "Nothing was reset" in reply.text
    assert list(tmp_path.glob("board-*")) == []
    assert trainer.board.forum.members()[0].handle == "trainer"  # the same board, still open


def test_reset_archives_the_board_and_starts_an_empty_one(trainer: Browser, tmp_path: Path) -> None:
    board = trainer.board
    amina = _learner(board)
    board.forum.post("amina_k", "Library", "The library opens on Monday.")
    reply = trainer.post("/trainer/reset", confirm="reset")
    assert reply.status == 302
    assert reply.headers["Location"] == "/trainer?done=reset"
    archives = sorted(tmp_path.glob("board-*.sqlite"))
    assert len(archives) == 2  # the backup copy and the old file moved aside
    for archive in archives:
        with Forum(archive) as old:
            assert [p.title for p in old.posts()] == ["Library"]
            assert old.member("amina_k").display_name == "Amina"
    with Forum(tmp_path / "board.sqlite") as fresh:
        assert fresh.posts() == []
        assert [m.handle for m in fresh.members()] == ["trainer"]
        assert fresh.board.join_code() == board.code
        assert fresh.board.check_trainer_key(board.trainer_key)
    # The trainer carries on; the learner's session ended with the old board.
    page = trainer.get("/trainer?done=reset")
    assert page.status == 200
    assert "new, empty board" in page.text
    assert amina.get("/trainer").status == 302
    # The new board works: a question goes onto it.
    trainer.post("/trainer/question", title="Day two", body="What did you learn yesterday?")
    with Forum(tmp_path / "board.sqlite") as fresh:
        assert [p.title for p in fresh.posts()] == ["Day two"]


def test_hiding_from_a_report_needs_a_reason(trainer: Browser) -> None:
    forum = trainer.board.forum
    _learner(trainer.board)
    _learner(trainer.board, "ben_o")
    post = forum.post("amina_k", "Market", "Fresh bread on Saturday.")
    report = forum.report(post, "ben_o", "spam")
    reply = trainer.post(f"/trainer/reports/{report.id}", action="hide", reason="")
    assert reply.status == 400
    assert forum.get(post.anchor).status == "visible"
    assert forum.reports("open") == [report]
