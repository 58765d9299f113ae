"""The trainer's copies of a board: JSON, the printed wall, the sign, the grade sheet, reset."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest

from toolkit.classroom import export
from toolkit.classroom.grades import board_grades, grades_csv
from toolkit.classroom.sign import write_sign
from toolkit.course.certificate_grades import check_grades
from toolkit.course.certificate_names import Learner
from toolkit.forum.errors import ForumError
from toolkit.forum.service import Forum
from toolkit.forum.wire import from_wire

CODE = "RIVER7"
HOSTILE = '#set page(width: 1cm) ]#panic("boom")[ $x^2$ <script>alert(1)</script> @amina \\ ``'


def _board(path: Path | None = None) -> Forum:
    forum = Forum(path)
    forum.board.set_join_code(CODE)
    forum.board.trainer()
    forum.board.join(CODE, "amina_k", "Amina", "2580")
    forum.board.join(CODE, "ben_o", "Ben")
    return forum


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


# ---------------------------------------------------------------- JSON
def test_the_document_holds_threads_reactions_reports_and_the_log() -> None:
    forum = _board()
    post = forum.post("amina_k", "Library", "The library opens on Monday.")
    comment = forum.comment(post, "ben_o", "Thank you! What time?")
    quote = forum.quote(post, "opens on Monday")
    forum.comment(comment, "amina_k", "It opens at nine in the morning.", quote=quote)
    forum.react(post, "ben_o", "thanks")
    forum.report(comment, "amina_k", "spam")
    forum.hide(comment, "trainer", "looking into it")
    forum.board.pin_post(post, "trainer")
    doc = json.loads(export.export_json(forum))
    assert doc["format"] == "toolkit-classroom-board"
    assert doc["version"] == 1
    assert doc["pinned"] == "post-1"
    (thread,) = doc["threads"]
    assert thread["post"]["body"] == "The library opens on Monday."
    assert [c["status"] for c in thread["comments"]] == ["hidden", "visible"]
    assert thread["comments"][1]["quote"]["source_author"] == "amina_k"
    assert doc["reactions"] == [
        {"type": "Reaction", "member": "ben_o", "target": "post-1", "kind": "thanks"}
    ]
    # The same objects as the API: they read back as model objects.
    assert from_wire(thread).post.body == "The library opens on Monday."
    assert [from_wire(m).handle for m in doc["members"]] == ["trainer", "amina_k", "ben_o"]
    assert doc["reports"][0]["reason"] == "spam"
    assert doc["moderation_log"][0]["reason"] == "looking into it"


def test_the_document_leaves_out_messages_pins_sessions_and_the_code(tmp_path: Path) -> None:
    forum = _board(tmp_path / "b.sqlite")
    token = forum.board.start_session(forum.member("amina_k"))
    key = forum.board.new_trainer_key()
    forum.set_profile("amina_k", "phone", "0412 345 678", "only_me")
    forum.send("ben_o", "amina_k", "Meet me after class", "private plan")
    raw = export.export_json(forum).decode("utf-8")
    for secret in (token, key, CODE, "Meet me after class", "private plan", "0412 345 678"):
        assert secret not in raw
    assert "pin" not in json.dumps(json.loads(raw)["members"])
    assert "not exported" not in raw  # the note says it in words, not as a key name
    assert "Direct messages are private" in json.loads(raw)["not_exported"]


# ---------------------------------------------------------------- print the wall
def test_the_wall_prints_visible_threads_and_hostile_text_as_text() -> None:
    forum = _board()
    post = forum.post("amina_k", "Library <b>news</b>", f"Opens Monday. {HOSTILE}")
    forum.comment(post, "ben_o", "Thank you, what time does it open?")
    hidden = forum.post("ben_o", "Spam offer", "Buy cheap watches now")
    forum.hide(hidden, "trainer", "spam")
    removed = forum.comment(post, "ben_o", "You are stupid")
    forum.remove(removed, "trainer", "unkind")
    pdf = export.export_pdf(forum)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = _text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert "Library <b>news</b>" in text
    assert re.sub(r"\s+", "", HOSTILE) in flat  # every character printed as itself
    assert "Thank you, what time does it open?" in text
    assert "Buy cheap watches" not in text
    assert "You are stupid" not in text
    assert "[not shown: hidden, removed or deleted]" in text


def test_an_empty_wall_says_so_and_long_words_wrap() -> None:
    forum = _board()
    assert "Nothing has been posted" in _text(export.export_pdf(forum))
    forum.post("amina_k", "Long", "x" * 900)
    pdf = export.export_pdf(forum)
    assert re.sub(r"\s+", "", _text(pdf)).count("x") >= 900


def test_the_wall_pdf_is_greyscale() -> None:
    forum = _board()
    forum.post("amina_k", "Library", "Opens Monday.")
    forum.board.pin_post(forum.post("trainer", "Question", "What helps you?"), "trainer")
    pdf = export.export_pdf(forum)
    # Typst sets colours with "scn"/"SCN": one number is a grey, three would be RGB.
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]
    colours = re.findall(rb"((?:[\d.]+ )+)(?:scn|SCN|sc|SC|rg|RG)\b", content)
    assert colours
    assert {len(numbers.split()) for numbers in colours} == {1}


# ---------------------------------------------------------------- the sign
def test_the_sign_holds_the_code_and_the_address(tmp_path: Path) -> None:
    url = "http://192.168.1.20:8000/join?code=RIVER7"
    path = write_sign(tmp_path / "sign.pdf", url=url, code=CODE, title="Wednesday group")
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert CODE in text
    assert url in re.sub(r"\s+", "", text)
    assert "Join the class board" in text
    assert "not your real name" in text.lower()
    assert "Wednesday group" in text


# ---------------------------------------------------------------- grades
def _kind_learner(forum: Forum) -> None:
    post = forum.post("ben_o", "Market day", "The market opens on Saturday with fresh bread.")
    forum.post("amina_k", "Library", "The library opens on Monday.")
    quote = forum.quote(post, "fresh bread")
    forum.comment(post, "amina_k", "Thank you Ben! What time does the market open?", quote=quote)


def test_a_learner_who_posted_replied_kindly_and_quoted_passes() -> None:
    forum = _board()
    _kind_learner(forum)
    rows = {r["handle"]: r for r in board_grades(forum)["notebooks"]}
    assert set(rows) == {"amina_k", "ben_o"}  # the trainer is not graded
    amina = rows["amina_k"]
    assert amina["passed"] is True
    assert (amina["checks_passed"], amina["checks_total"]) == (3, 3)
    assert [c["check"] for c in amina["checks"]] == [
        "posted",
        "replied_kindly",
        "quoted_with_credit",
    ]
    ben = rows["ben_o"]
    assert (ben["passed"], ben["checks_passed"]) == (False, 1)


def test_an_unkind_reply_or_a_hidden_post_does_not_count() -> None:
    forum = _board()
    post = forum.post("ben_o", "Market day", "The market opens on Saturday.")
    forum.comment(post, "amina_k", "SHUT UP, nobody cares about your stupid market")
    mine = forum.post("amina_k", "Library", "The library opens on Monday.")
    forum.hide(mine, "trainer", "checking")
    checks = {
        c["check"]: c["passed"]
        for r in board_grades(forum)["notebooks"]
        if r["handle"] == "amina_k"
        for c in r["checks"]
    }
    assert checks == {"posted": False, "replied_kindly": False, "quoted_with_credit": False}


def test_grading_writes_no_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress = tmp_path / "progress.sqlite"
    monkeypatch.setenv("TOOLKIT_PROGRESS", str(progress))
    forum = _board()
    _kind_learner(forum)
    board_grades(forum)
    assert not progress.exists()


def test_the_grade_sheet_is_safe_in_a_spreadsheet() -> None:
    forum = _board()
    forum.board.join(CODE, "cara_m", "=HYPERLINK(1)")
    lines = grades_csv(forum).splitlines()
    assert lines[0] == (
        "handle,display_name,posted,replied_kindly,quoted_with_credit,"
        "checks_passed,checks_total,passed"
    )
    assert "cara_m,'=HYPERLINK(1),no,no,no,0,3,no" in lines


def test_certificates_read_the_board_grades() -> None:
    forum = _board()
    _kind_learner(forum)
    grades = json.loads(json.dumps(board_grades(forum)))  # as written to grades.json
    learners = [Learner("Amina K.", handle="amina_k"), Learner("Ben O.", handle="ben_o")]
    result = check_grades(learners, grades, course=None)
    assert [lr.name for lr in result.certified] == ["Amina K."]
    assert result.not_certified[0].learner.name == "Ben O."
    assert "1 of 3 checks passed" in result.not_certified[0].reason


# ---------------------------------------------------------------- reset
def test_reset_keeps_every_file_and_starts_empty(tmp_path: Path) -> None:
    forum = _board(tmp_path / "b.sqlite")
    forum.post("amina_k", "Library", "The library opens on Monday.")
    key = forum.board.new_trainer_key()
    cookie = forum.board.secret("cookie")
    fresh, archive = export.reset_board(forum, forum.member("trainer"))
    try:
        assert re.fullmatch(r"b-\d{8}-\d{6}\.sqlite", archive.name)
        names = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
        assert names == sorted(["b.sqlite", archive.name, archive.stem + "-replaced.sqlite"])
        for old_file in (archive, tmp_path / (archive.stem + "-replaced.sqlite")):
            with Forum(old_file) as old:
                assert [p.title for p in old.posts()] == ["Library"]
        assert fresh.posts() == []
        assert [m.handle for m in fresh.members()] == ["trainer"]
        assert fresh.board.join_code() == CODE
        assert fresh.board.check_trainer_key(key)
        assert fresh.board.secret("cookie") == cookie
    finally:
        fresh.close()


def test_a_board_in_memory_cannot_be_reset() -> None:
    forum = _board()
    with pytest.raises(ForumError, match="in memory"):
        export.reset_board(forum, forum.member("trainer"))
    assert forum.members()[0].handle == "trainer"  # still open
