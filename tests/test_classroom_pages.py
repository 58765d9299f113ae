"""The learners' pages, used as a phone would: a cookie-keeping HTTP client on a live board.

Every test runs against ``board_support.running_board`` (a real Tornado server on loopback)
and checks what the forum stored, not only what the page says.
"""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from board_support import Browser, RunningBoard, running_board


@pytest.fixture
def board(tmp_path: Path) -> Iterator[RunningBoard]:
    with running_board(tmp_path / "board.sqlite") as running:
        yield running


def joined(board: RunningBoard, alias: str, **extra: str) -> Browser:
    phone = Browser(board)
    phone.join(alias, **extra)
    return phone


def thread_id(location: str) -> int:
    found = re.match(r"/t/([0-9]+)", location)
    assert found, location
    return int(found.group(1))


# ------------------------------------------------------------------ joining and coming back
def test_join_with_the_code_from_the_wall(board: RunningBoard) -> None:
    phone = Browser(board)
    page = phone.get(f"/join?code={board.code}")
    assert page.status == 200
    assert f'value="{board.code}"' in page.text
    reply = phone.join("river_song", display_name="River")
    assert reply.location == "/"
    front = phone.get("/")
    assert front.status == 200
    assert "@<bdi>river_song</bdi>" in front.text
    member = board.forum.member("river_song")
    assert (member.role, member.display_name) == ("learner", "River")


def test_a_visitor_is_sent_to_the_join_page(board: RunningBoard) -> None:
    for path in ("/", "/new", "/t/1", "/me", "/inbox"):
        reply = Browser(board).get(path)
        assert (reply.status, reply.location) == (302, "/join"), path


def test_a_wrong_code_is_refused_and_nothing_is_stored(board: RunningBoard) -> None:
    phone = Browser(board)
    reply = phone.post("/join", {"code": "WRONG1", "alias": "river_song", "pin": "2580"})
    assert reply.status == 403
    assert "That join code is not right" in reply.text
    assert 'value="river_song"' in reply.text  # her alias is still in the form
    assert [m.handle for m in board.forum.members()] == ["trainer"]
    assert phone.get("/").location == "/join"


def test_the_alias_check_gives_its_advice_and_asks_before_joining(board: RunningBoard) -> None:
    phone = Browser(board)
    form = {"code": board.code, "alias": "amina_kigali", "real_name": "Amina", "town": "Kigali"}
    checked = phone.post("/join", {**form, "choice": "check"})
    assert checked.status == 200
    assert "Your alias contains your real name." in checked.text
    assert "Amina" not in {m.display_name for m in board.forum.members()}
    asked = phone.post("/join", form)
    assert asked.status == 200
    assert "Not joined yet" in asked.text
    assert "Join anyway" in asked.text
    assert len(board.forum.members()) == 1
    warned = re.search(r'name="warned" value="([0-9a-f]+)"', asked.text)
    assert warned
    joined_anyway = phone.post("/join", {**form, "choice": "anyway", "warned": warned.group(1)})
    assert joined_anyway.status == 302
    assert board.forum.member("amina_kigali").role == "learner"


def test_the_forum_refuses_a_bad_alias_in_its_own_words(board: RunningBoard) -> None:
    phone = Browser(board)
    reply = phone.post("/join", {"code": board.code, "alias": "trainer"})
    assert reply.status in (400, 403, 409)
    assert 'role="alert"' in reply.text
    assert len(board.forum.members()) == 1


def test_log_out_and_come_back_with_the_pin(board: RunningBoard) -> None:
    phone = joined(board, "river_song", pin="2580")
    assert phone.post("/logout", {}).location == "/join"
    assert phone.get("/").location == "/join"
    wrong = phone.post("/login", {"code": board.code, "alias": "river_song", "pin": "1111"})
    assert wrong.status == 403
    assert "do not match" in wrong.text
    assert "1111" not in wrong.text
    other = Browser(board)
    right = other.post("/login", {"code": board.code, "alias": "river_song", "pin": "2580"})
    assert right.location == "/"
    assert "@<bdi>river_song</bdi>" in other.get("/").text


def test_log_out_everywhere_ends_every_phone(board: RunningBoard) -> None:
    first = joined(board, "river_song", pin="2580")
    second = Browser(board)
    second.post("/login", {"code": board.code, "alias": "river_song", "pin": "2580"})
    assert second.get("/").status == 200
    first.get("/me")
    first.post("/logout", {"choice": "everywhere"})
    assert second.get("/").location == "/join"


# ------------------------------------------------------------------ posting and replying
def test_post_reply_and_front_page(board: RunningBoard) -> None:
    amina, ben = joined(board, "river_song"), joined(board, "blue_kite")
    amina.get("/new")
    reply = amina.post("/new", {"title": "Clean water", "body": "Our well needs a new pump."})
    assert reply.status == 302
    post_id = thread_id(reply.location)
    post = board.forum.get(post_id)
    assert (post.author.handle, post.title) == ("river_song", "Clean water")
    ben.get(f"/t/{post_id}")
    answer = ben.post(f"/t/{post_id}/reply", {"to": f"post-{post_id}", "body": "I can help!"})
    assert answer.status == 302
    thread = board.forum.thread(post_id)
    assert [(c.author.handle, c.body) for c in thread.comments] == [("blue_kite", "I can help!")]
    comment = thread.comments[0]
    nested = amina.post(f"/t/{post_id}/reply", {"to": comment.anchor, "body": "Thank you"})
    assert nested.status == 302
    assert board.forum.thread(post_id).comments[1].parent_id == comment.id
    front = ben.get("/").text
    assert "Clean water" in front
    assert "2 comments" in front
    page = ben.get(f"/t/{post_id}").text
    assert "I can help!" in page
    assert f'href="/t/{post_id}/reply?to={comment.anchor}"' in page


def test_a_risky_post_asks_first_and_never_loses_the_text(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    phone.get("/new")
    text = "Call me on 0712 345 678 after school, I am home alone."
    form = {"title": "Help", "body": text}
    asked = phone.post("/new", form)
    assert asked.status == 200
    assert "Not posted yet" in asked.text
    assert "0712 345 678" in asked.text
    assert "Post anyway" in asked.text
    assert board.forum.posts() == []
    changed = phone.post("/new", {**form, "choice": "change"})
    assert "Post anyway" not in changed.text
    assert text in unescape(changed.text)
    assert board.forum.posts() == []
    warned = re.search(r'name="warned" value="([0-9a-f]+)"', asked.text)
    assert warned
    # "Post anyway" holds only for the words she was warned about.
    edited = {**form, "body": text + " Really.", "choice": "anyway", "warned": warned.group(1)}
    assert "Not posted yet" in phone.post("/new", edited).text
    assert board.forum.posts() == []
    anyway = phone.post("/new", {**form, "choice": "anyway", "warned": warned.group(1)})
    assert anyway.status == 302
    assert "done=risky" in anyway.location
    assert [p.body for p in board.forum.posts()] == [text]


def test_a_hurtful_reply_asks_first(board: RunningBoard) -> None:
    amina, ben = joined(board, "river_song"), joined(board, "blue_kite")
    post = board.forum.post("river_song", "Clean water", "Our well needs a new pump.")
    ben.get(f"/t/{post.id}")
    asked = ben.post(f"/t/{post.id}/reply", {"to": post.anchor, "body": "Shut up, you idiot."})
    assert asked.status == 200
    assert "Reply anyway" in asked.text
    assert board.forum.thread(post.id).comments == ()
    assert amina.get(f"/t/{post.id}").status == 200


def test_a_refused_post_shows_the_plain_message_and_her_text(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    phone.get("/new")
    reply = phone.post("/new", {"title": "Hi", "body": "x"})
    assert reply.status == 400
    assert 'role="alert"' in reply.text
    assert 'value="Hi"' in reply.text
    assert board.forum.posts() == []


# ------------------------------------------------------------------ quote, react, report
def test_quote_only_words_really_written(board: RunningBoard) -> None:
    amina, ben = joined(board, "river_song"), joined(board, "blue_kite")
    post = board.forum.post("river_song", "Market day", "The market opens at nine. Bring bags.")
    page = ben.get(f"/quote/{post.anchor}")
    assert "The market opens at nine. Bring bags." in page.text
    made_up = ben.post(
        f"/quote/{post.anchor}", {"excerpt": "The market is closed.", "body": "Oh no"}
    )
    assert made_up.status in (400, 403)
    assert "The market is closed." in made_up.text
    assert board.forum.thread(post.id).comments == ()
    good = ben.post(
        f"/quote/{post.anchor}",
        {"excerpt": "opens at nine", "body": "Good news: I can come before work."},
    )
    assert good.status == 302
    (comment,) = board.forum.thread(post.id).comments
    assert comment.quote is not None
    assert (comment.quote.excerpt, comment.quote.source_author) == ("opens at nine", "river_song")
    assert "“opens at nine”" in amina.get(f"/t/{post.id}").text


def test_react_and_take_it_back(board: RunningBoard) -> None:
    joined(board, "river_song")
    ben = joined(board, "blue_kite")
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    ben.get(f"/t/{post.id}")
    data = {"post": str(post.id), "react": f"{post.anchor} support"}
    assert ben.post("/react", data).status == 302
    assert [(r.member, r.kind) for r in board.forum.reactions()] == [("blue_kite", "support")]
    assert 'aria-pressed="true">Support 1' in ben.get(f"/t/{post.id}").text
    assert ben.post("/react", data).status == 302
    assert board.forum.reactions() == []


def test_no_reaction_to_your_own_post(board: RunningBoard) -> None:
    amina = joined(board, "river_song")
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    page = amina.get(f"/t/{post.id}").text
    assert f'value="{post.anchor} like"' not in page
    refused = amina.post("/react", {"post": str(post.id), "react": f"{post.anchor} like"})
    assert refused.status == 403
    assert "own post" in refused.text
    assert board.forum.reactions() == []


def test_report_goes_to_the_trainer(board: RunningBoard) -> None:
    joined(board, "river_song")
    ben = joined(board, "blue_kite")
    post = board.forum.post("river_song", "Win money", "Send me your password.")
    page = ben.get(f"/report/{post.anchor}")
    assert "A trick to get passwords or money (phishing)" in page.text
    reply = ben.post(f"/report/{post.anchor}", {"reason": "phishing", "note": "A trick"})
    assert reply.status == 302
    assert "done=reported" in reply.location
    (report,) = board.forum.reports()
    assert (report.reporter, report.reason, report.target) == ("blue_kite", "phishing", post.anchor)


# ------------------------------------------------------------------ me, messages
def test_profile_signature_pin_and_privacy(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    phone.get("/me")
    assert phone.post("/me", {"part": "name", "display_name": "River S"}).status == 302
    assert board.forum.member("river_song").display_name == "River S"
    saved = phone.post("/me", {"part": "signature", "signature": "Be kind."})
    assert saved.location.startswith("/me?done=signature")
    assert board.forum.member("river_song").signature == "Be kind."
    risky = {"part": "signature", "signature": "Call me: 0712 345 678"}
    asked = phone.post("/me", risky)
    assert "Save anyway" in asked.text
    assert board.forum.member("river_song").signature == "Be kind."
    profile = {"part": "profile", "about": "I like to read.", "about_visibility": "members"}
    assert phone.post("/me", profile).status == 302
    me = board.forum.member("river_song")
    assert board.forum.profile(me, viewer=me)["about"] == ("I like to read.", "members")
    public_phone = {"part": "profile", "phone": "0712 345 678", "phone_visibility": "public"}
    assert "Save anyway" in phone.post("/me", public_phone).text
    assert "phone" not in board.forum.profile(me, viewer=me)
    assert phone.post("/me", {"part": "privacy", "messages_from": "nobody"}).status == 302
    assert board.forum.member("river_song").messages_from == "nobody"
    assert phone.post("/me", {"part": "pin", "pin": "12"}).status == 400
    assert phone.post("/me", {"part": "pin", "pin": "4321"}).status == 302
    again = Browser(board)
    back = again.post("/login", {"code": board.code, "alias": "river_song", "pin": "4321"})
    assert back.location == "/"


def test_send_and_read_a_message(board: RunningBoard) -> None:
    amina, ben = joined(board, "river_song"), joined(board, "blue_kite")
    ben.get("/inbox")
    sent = ben.post(
        "/send", {"to": "river_song", "subject": "Hello", "body": "Thank you for your kind reply."}
    )
    assert sent.location == "/inbox?done=sent"
    inbox = amina.get("/inbox").text
    assert "Hello" in inbox
    (message,) = board.forum.inbox("river_song").messages
    assert message.sender.handle == "blue_kite"
    read = amina.get(f"/m/{message.id}")
    assert "Thank you for your kind reply." in read.text
    # Another learner cannot read it.
    carol = joined(board, "green_leaf")
    assert carol.get(f"/m/{message.id}").status in (403, 404)


# ------------------------------------------------------------------ safety
def test_a_post_without_the_csrf_token_is_refused_and_nothing_stored(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    reply = phone.post("/new", {"title": "Clean water", "body": "Our well."}, xsrf=False)
    assert reply.status == 403
    assert 'role="alert"' in reply.text
    assert "This form is out of date" in reply.text  # not "this page is for the trainer"
    assert board.forum.posts() == []
    bare = Browser(board)
    stranger = bare.post("/join", {"code": board.code, "alias": "river_two"}, xsrf=False)
    assert stranger.status == 403
    assert len(board.forum.members()) == 2


def test_a_learner_cannot_post_as_another(board: RunningBoard) -> None:
    joined(board, "river_song")
    ben = joined(board, "blue_kite")
    ben.get("/new")
    data = {"title": "I am River", "body": "Posted by someone else.", "author": "river_song"}
    reply = ben.post("/new", {**data, "member": "river_song", "handle": "river_song"})
    assert reply.status == 302
    assert [p.author.handle for p in board.forum.posts()] == ["blue_kite"]


HOSTILE = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "isolated \u2067right-to-left\u2069 words",
)


def test_hostile_text_is_shown_escaped(board: RunningBoard) -> None:
    amina = joined(board, "river_song", display_name="<b>River</b>")
    ben = joined(board, "blue_kite")
    body = "Look here: " + " ".join(HOSTILE)
    post = board.forum.post("river_song", "<script>alert(0)</script>", body)
    board.forum.comment(post, "river_song", "<img src=x onerror=alert(5)>")
    board.forum.set_signature("river_song", "<script>sig()</script>")
    pages = [ben.get("/").text, ben.get(f"/t/{post.id}").text, amina.get("/me").text]
    pages.append(ben.get(f"/quote/{post.anchor}").text)
    for page in pages:
        assert "<script>alert" not in page
        assert "<script>sig" not in page
        assert "<img" not in page
        assert 'href="javascript' not in page
        assert "<b>River" not in page
    assert "&lt;script&gt;alert(0)&lt;/script&gt;" in pages[1]
    # A bidi isolate stays inside her own words: it cannot turn the page around.
    thread = pages[1]
    at = thread.index("\u2067")
    opened = thread.rindex('<div class="body">', 0, at)
    assert "</div>" not in thread[opened:at]


def test_a_right_to_left_name_is_isolated(board: RunningBoard) -> None:
    joined(board, "river_song", display_name="\u0646\u0648\u0631")
    ben = joined(board, "blue_kite")
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    page = ben.get(f"/t/{post.id}").text
    assert "<bdi>\u0646\u0648\u0631</bdi>" in page


def test_a_right_to_left_override_is_refused_in_words(board: RunningBoard) -> None:
    # "invoice\u202efdp.exe" would show as "invoiceexe.pdf": the board says so and keeps nothing.
    phone = joined(board, "river_song")
    body = "Here is the invoice\u202efdp.exe for the market stall."
    reply = phone.post("/new", {"title": "Invoice", "body": body})
    assert reply.status == 400
    assert "turns the text around" in reply.text
    assert "invoice\u202efdp.exe" in unescape(reply.text)  # her text is kept in the form
    assert board.forum.posts() == []
    refused = Browser(board).post("/join", {"code": board.code, "alias": "blue_kite",
                                             "display_name": "Ri\u202ever"})  # fmt: skip
    assert refused.status == 400
    assert len(board.forum.members()) == 2


def test_pages_are_small_and_never_point_outside(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    ben = joined(board, "blue_kite")
    board.forum.rules = dataclasses.replace(board.forum.rules, flood_posts=1000)
    for n in range(50):
        board.forum.post("blue_kite", f"Post number {n}", f"Some words for post {n}. " * 8)
    post = board.forum.posts()[0]
    for n in range(25):
        board.forum.comment(post, "blue_kite", f"A kind comment, number {n}, with a few words.")
    board.forum.board.pin_post(post, board.forum.board.trainer())
    paths = [
        "/",
        "/new",
        f"/t/{post.id}",
        f"/quote/{post.anchor}",
        f"/report/{post.anchor}",
        "/me",
        "/inbox",
        "/fragment/front",
        f"/fragment/t/{post.id}",
    ]
    for path in paths:
        reply = phone.get(path)
        assert reply.status == 200, path
        assert len(reply.text.encode()) < 30_000, (path, len(reply.text.encode()))
        assert "http" not in reply.text.replace(board.url, ""), path
    assert ben.get("/join").location == "/"
    assert "Question of the day" in phone.get("/").text


def test_a_long_thread_travels_compressed(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    board.forum.rules = dataclasses.replace(board.forum.rules, flood_posts=1000)
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    for n in range(50):
        board.forum.comment(post, "river_song", f"A kind comment, number {n}, with a few words.")
    phone.get("/")
    request = urllib.request.Request(
        f"{board.url}/t/{post.id}", headers={"Accept-Encoding": "gzip"}
    )
    with phone.opener.open(request, timeout=20) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.read()) < 30_000


def test_every_page_names_its_language_and_uses_the_static_files(board: RunningBoard) -> None:
    phone = Browser(board)
    page = phone.get("/join").text
    assert '<html lang="en" dir="ltr">' in page
    assert "<style" not in page
    assert "<script>" not in page
    assert " style=" not in page
    css = Browser(board).get("/static/board.css").text
    assert "min-height:44px" in css
    assert "system-ui" in css
    js = Browser(board).get("/static/board.js").text
    assert "/api/v1/changes?since=" in js


def test_the_fragments_hold_what_the_page_shows(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    front = phone.get("/").text
    latest = re.search(r'data-latest="([0-9]+)"', front)
    assert latest
    board.forum.post("river_song", "Second thought", "Bring bags.")
    fragment = phone.get("/fragment/front").text
    assert "Second thought" in fragment
    assert "<html" not in fragment
    assert board.forum.board.latest() > int(latest.group(1))
    assert "The market opens at nine." in phone.get(f"/fragment/t/{post.id}").text
    assert Browser(board).get("/fragment/front").status == 401


def test_a_learner_cannot_open_the_trainer_page(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    reply = phone.get("/trainer")
    if reply.status == 404:
        pytest.skip("the trainer page is not there yet")
    assert reply.status == 403


def test_guessing_the_join_code_is_slowed_down(board: RunningBoard) -> None:
    phone = Browser(board)
    statuses = [
        phone.post("/join", {"code": f"GUESS{n}", "alias": "x_guess"}).status for n in range(11)
    ]
    assert statuses[:10] == [403] * 10
    assert statuses[10] == 429
    # Even the right code waits now: the guesser cannot tell it was right.
    right = phone.post("/join", {"code": board.code, "alias": "x_guess"})
    assert right.status == 429
    assert len(board.forum.members()) == 1


def test_the_live_loop_sees_a_new_post_as_board_js_does(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    front = phone.get("/").text
    found = re.search(r'data-live="(/fragment/front)" data-latest="([0-9]+)"', front)
    assert found
    since = int(found.group(2))
    before = phone.get(f"/api/v1/changes?since={since}")
    if before.status == 404:
        pytest.skip("the JSON API is not there yet")
    assert json.loads(before.text)["latest"] == since
    board.forum.post("river_song", "Fresh news", "The bus comes at ten today.")
    after = json.loads(phone.get(f"/api/v1/changes?since={since}").text)["latest"]
    assert after > since
    assert "Fresh news" in phone.get(found.group(1)).text


def test_she_can_delete_only_her_own_words(board: RunningBoard) -> None:
    amina, ben = joined(board, "river_song"), joined(board, "blue_kite")
    post = board.forum.post("river_song", "Oops", "My number is in here, take it away.")
    assert f'href="/delete/{post.anchor}"' in amina.get(f"/t/{post.id}").text
    assert f'href="/delete/{post.anchor}"' not in ben.get(f"/t/{post.id}").text
    assert "You can only delete what you wrote yourself." in ben.get(f"/delete/{post.anchor}").text
    refused = ben.post(f"/delete/{post.anchor}", {})
    assert refused.status == 403
    assert board.forum.get(post.id).status == "visible"
    amina.get(f"/delete/{post.anchor}")
    done = amina.post(f"/delete/{post.anchor}", {})
    assert "done=deleted" in done.location
    assert board.forum.get(post.id).status == "withdrawn"
    assert "[deleted by the author]" in ben.get(f"/t/{post.id}").text


def test_the_front_page_shows_thirty_threads_and_links_to_older_ones(board: RunningBoard) -> None:
    phone = joined(board, "river_song")
    board.forum.rules = dataclasses.replace(board.forum.rules, flood_posts=1000)
    for n in range(75):
        board.forum.post("river_song", f"Post number {n}", f"Some words for post {n}.")
    first = phone.get("/").text
    assert "Post number 74" in first
    assert "Post number 45" in first
    assert "Post number 44" not in first
    assert 'href="/?page=2"' in first
    assert "Page 1 of 3" in first
    assert 'data-live="/fragment/front"' in first  # only the first page updates itself
    last = phone.get("/?page=3").text
    assert "Post number 14" in last
    assert "Post number 0" in last
    assert "Post number 15" not in last
    assert 'href="/?page=2"' in last
    assert "data-live" not in last
    assert "Page 3 of 3" in phone.get("/?page=999").text  # past the end: the last page
    assert "Page 1 of 3" in phone.get("/?page=-1").text  # not a number: the first page


def test_a_long_thread_is_cut_into_pages_without_splitting_a_conversation(
    board: RunningBoard,
) -> None:
    phone = joined(board, "river_song")
    board.forum.rules = dataclasses.replace(board.forum.rules, flood_posts=1000)
    post = board.forum.post("river_song", "Market day", "The market opens at nine.")
    comments = [
        board.forum.comment(post, "river_song", f"Comment {n}, kind words.") for n in range(29)
    ]
    # The 29th comment's conversation would pass the page's 30: it moves, whole, to page 2.
    replies = [
        board.forum.reply(comments[-1], "river_song", f"Reply {n} to the last one.")
        for n in range(3)
    ]
    late = board.forum.comment(post, "river_song", "A late comment, on the next page.")
    page1 = phone.get(f"/t/{post.id}").text
    assert f'id="{comments[-2].anchor}"' in page1
    assert not any(f'id="{e.anchor}"' in page1 for e in (comments[-1], *replies, late))
    assert "Page 1 of 2" in page1
    assert f"/t/{post.id}?page=2" in page1
    page2 = phone.get(f"/t/{post.id}?page=2").text
    assert all(f'id="{e.anchor}"' in page2 for e in (comments[-1], *replies, late))
    assert "Market day" in page2  # the post heads every page
    assert f'id="{comments[0].anchor}"' not in page2
    # A reply sent from the thread lands on the page that holds it.
    thread = phone.get(f"/t/{post.id}?page=2")
    assert thread.status == 200
    sent = phone.post(
        f"/t/{post.id}/reply", {"to": post.anchor, "body": "Thank you, see you there!"}
    )
    newest = board.forum.thread(post.id).comments[-1]
    assert f"at={newest.anchor}" in (sent.location or "")
    assert f'id="{newest.anchor}"' in phone.get(sent.location or "").text
    for path in (f"/t/{post.id}", f"/t/{post.id}?page=2"):
        assert len(phone.get(path).text.encode()) < 30_000


def test_an_arabic_board_is_written_right_to_left(tmp_path: Path) -> None:
    from toolkit.i18n import set_language

    set_language("ar")
    try:
        with running_board(tmp_path / "ar.sqlite") as arabic:
            page = Browser(arabic).get("/join").text
    finally:
        set_language(None)
    assert '<html lang="ar" dir="rtl">' in page
    assert re.search(r"[\u0600-\u06ff]{3,}", page)  # the board's own words in Arabic
