"""The classroom board's part (toolkit/forum/board.py): code, PINs, sessions, pinning, changes."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from forum_fixtures import World, assert_plain_message, new_world, snapshot

from toolkit.forum.board import CODE_ALPHABET, WRONG_CODE, WRONG_LOGIN
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import HandleError, InvalidText, NotAllowed, StorageError, TooFast
from toolkit.forum.service import Forum
from toolkit.forum.store import SCHEMA_VERSION


@pytest.fixture
def world() -> World:
    w = new_world()
    w.forum.board.set_join_code("river7")
    return w


def _rows(forum: Forum, table: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in forum.store.conn.execute(f"SELECT * FROM {table}")]


# --------------------------------------------------------------------------- join code
def test_a_new_board_has_no_code_and_refuses_every_code() -> None:
    board = new_world().forum.board
    assert board.join_code() is None
    assert not board.check_code("")
    assert not board.check_code("ABCD")


def test_a_generated_code_is_six_easy_characters() -> None:
    board = new_world().forum.board
    codes = [board.set_join_code() for _n in range(20)]
    assert len(set(codes)) > 1
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(CODE_ALPHABET)
    assert board.join_code() == codes[-1]


def test_a_given_code_is_stored_upper_case_and_checked_loosely(world: World) -> None:
    board = world.forum.board
    assert board.join_code() == "RIVER7"
    for typed in ("RIVER7", "river7", " riv-er 7 ", "Ri-Ver-7"):
        assert board.check_code(typed), typed
    wrong: tuple[object, ...] = ("RIVER", "RIVER77", "", "ŕiver7", None, 7, "R" * 500)
    for bad in wrong:
        assert not board.check_code(bad), bad  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["abc", "A" * 13, "río7", "ab!cd", "", 1234, "\ud800abcd"])
def test_a_bad_code_is_refused_and_the_old_one_kept(world: World, code: object) -> None:
    with pytest.raises(InvalidText) as caught:
        world.forum.board.set_join_code(code)  # type: ignore[arg-type]
    assert_plain_message(caught.value.message)
    assert world.forum.board.join_code() == "RIVER7"


# --------------------------------------------------------------------------- secrets and keys
def test_a_secret_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "board.sqlite"
    with Forum(path) as forum:
        cookie = forum.board.secret("cookie")
        assert len(cookie) >= 40
        assert forum.board.secret("cookie") == cookie
        assert forum.board.secret("other") != cookie
    with Forum(path) as again:
        assert again.board.secret("cookie") == cookie


@pytest.mark.parametrize("name", ["", "Cookie", "a b", "x" * 41, None])
def test_a_badly_named_secret_is_refused(world: World, name: object) -> None:
    with pytest.raises(InvalidText):
        world.forum.board.secret(name)  # type: ignore[arg-type]


def test_the_trainer_key_is_fresh_each_time_and_stored_hashed(world: World) -> None:
    board = world.forum.board
    assert not board.check_trainer_key("anything")
    first = board.new_trainer_key()
    assert board.check_trainer_key(first)
    second = board.new_trainer_key()
    assert second != first
    assert board.check_trainer_key(second)
    assert not board.check_trainer_key(first)
    for bad in ("", None, "x" * 1000, second + "x"):
        assert not board.check_trainer_key(bad)  # type: ignore[arg-type]
    stored = dict(_rows(world.forum, "board_settings"))
    assert second not in stored.values()
    assert hashlib.sha256(second.encode()).hexdigest() in stored.values()


# --------------------------------------------------------------------------- joining
def test_joining_with_the_code_makes_a_learner(world: World) -> None:
    carla = world.forum.board.join("river-7", "carla_m", "Carla")
    assert (carla.handle, carla.display_name, carla.role) == ("carla_m", "Carla", "learner")
    assert world.forum.member("carla_m") == carla
    assert _rows(world.forum, "board_pins") == []


def test_a_wrong_code_is_refused_and_nothing_stored(world: World) -> None:
    before = snapshot(world.forum)
    with pytest.raises(NotAllowed) as caught:
        world.forum.board.join("RIVER8", "carla_m", "Carla", "1234")
    assert caught.value.message == WRONG_CODE
    assert_plain_message(caught.value.message)
    assert snapshot(world.forum) == before


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "١٢٣٤", "²²²²", " 1234", 1234])
def test_a_bad_pin_is_refused_before_the_member_exists(world: World, pin: object) -> None:
    before = snapshot(world.forum)
    with pytest.raises(InvalidText) as caught:
        world.forum.board.join("RIVER7", "carla_m", "Carla", pin)  # type: ignore[arg-type]
    assert_plain_message(caught.value.message)
    assert snapshot(world.forum) == before


def test_a_refused_handle_stores_no_pin(world: World) -> None:
    before = snapshot(world.forum)
    with pytest.raises(HandleError):
        world.forum.board.join("RIVER7", "amina_k", "Amina again", "1234")
    assert snapshot(world.forum) == before


def test_a_pin_is_stored_as_an_scrypt_hash_with_its_own_salt(world: World) -> None:
    carla = world.forum.board.join("RIVER7", "carla_m", pin="2580")
    dan = world.forum.board.join("RIVER7", "dan_o", pin="2580")
    rows = {r[0]: r for r in _rows(world.forum, "board_pins")}
    (_c, c_hash, c_salt, c_fails, _t), (_d, d_hash, d_salt, _f, _u) = rows[carla.id], rows[dan.id]
    assert c_fails == 0
    assert c_salt != d_salt
    assert c_hash != d_hash
    assert len(bytes.fromhex(c_salt)) == 16
    expected = hashlib.scrypt(b"2580", salt=bytes.fromhex(c_salt), n=2**14, r=8, p=1, dklen=32)
    assert c_hash == expected.hex()
    assert "2580" not in "".join(snapshot(world.forum))


# --------------------------------------------------------------------------- logging in
def test_log_in_with_the_right_pin(world: World) -> None:
    carla = world.forum.board.join("RIVER7", "carla_m", pin="2580")
    assert world.forum.board.log_in("river7", "Carla_M", "2580") == carla
    assert world.forum.board.log_in("RIVER7", "@carla_m", "2580") == carla


def test_log_in_refusals_all_say_the_same(world: World) -> None:
    board = world.forum.board
    board.join("RIVER7", "carla_m", pin="2580")
    board.set_pin(world.tessa, "9999")
    messages = []
    for handle, pin in [
        ("carla_m", "0000"),  # wrong PIN
        ("nobody_here", "2580"),  # unknown handle
        ("amina_k", "2580"),  # no PIN set
        ("tessa", "9999"),  # a trainer never logs in with a PIN
        ("carla_m", ""),
        ("x" * 500, "2580"),
    ]:
        with pytest.raises(NotAllowed) as caught:
            board.log_in("RIVER7", handle, pin)
        messages.append(caught.value.message)
    assert set(messages) == {WRONG_LOGIN}
    assert_plain_message(WRONG_LOGIN)
    with pytest.raises(NotAllowed, match="join code"):
        board.log_in("WRONG1", "carla_m", "2580")


def test_five_wrong_pins_lock_the_name_for_ten_minutes(world: World) -> None:
    board = world.forum.board
    carla = board.join("RIVER7", "carla_m", pin="2580")
    for _n in range(4):
        with pytest.raises(NotAllowed):
            board.log_in("RIVER7", "carla_m", "1111")
    with pytest.raises(TooFast) as caught:
        board.log_in("RIVER7", "carla_m", "1111")
    assert_plain_message(caught.value.message)
    # Even the right PIN waits: guessing cannot go on.
    with pytest.raises(TooFast):
        board.log_in("RIVER7", "carla_m", "2580")
    assert isinstance(world.forum.clock, SimulatedClock)
    world.forum.clock.advance(timedelta(minutes=11))
    assert board.log_in("RIVER7", "carla_m", "2580") == carla
    # A success forgets the wrong tries.
    assert [r[3] for r in _rows(world.forum, "board_pins")] == [0]


def test_a_trainer_setting_a_new_pin_unlocks(world: World) -> None:
    board = world.forum.board
    carla = board.join("RIVER7", "carla_m", pin="2580")
    for _n in range(5):
        with pytest.raises((NotAllowed, TooFast)):
            board.log_in("RIVER7", "carla_m", "1111")
    board.set_pin(carla, "4321")
    assert board.log_in("RIVER7", "carla_m", "4321") == carla


def test_set_pin_changes_and_removes_the_pin(world: World) -> None:
    board = world.forum.board
    board.set_pin(world.amina, "12345678")
    assert board.log_in("RIVER7", "amina_k", "12345678") == world.amina
    board.set_pin("amina_k", None)
    with pytest.raises(NotAllowed):
        board.log_in("RIVER7", "amina_k", "12345678")
    board.set_pin(world.amina, "")
    assert _rows(world.forum, "board_pins") == []
    with pytest.raises(InvalidText):
        board.set_pin(world.amina, "12")


# --------------------------------------------------------------------------- sessions
def test_a_session_names_its_member_until_it_ends(world: World) -> None:
    board = world.forum.board
    token = board.start_session(world.amina)
    other = board.start_session(world.amina)
    assert token != other
    assert len(token) >= 40
    assert board.session_member(token) == world.amina
    board.end_session(token)
    assert board.session_member(token) is None
    assert board.session_member(other) == world.amina


def test_unknown_and_garbage_tokens_name_nobody(world: World) -> None:
    board = world.forum.board
    board.start_session(world.amina)
    for token in ("", "nope", "x" * 10_000, "\ud800", "é" * 43, None, 42, b"bytes"):
        assert board.session_member(token) is None  # type: ignore[arg-type]
        board.end_session(token)  # type: ignore[arg-type]
    assert len(_rows(world.forum, "board_sessions")) == 1


def test_ending_all_sessions_logs_out_everywhere(world: World) -> None:
    board = world.forum.board
    phone, laptop = board.start_session(world.amina), board.start_session(world.amina)
    bob = board.start_session(world.bob)
    board.end_sessions("amina_k")
    assert board.session_member(phone) is None
    assert board.session_member(laptop) is None
    assert board.session_member(bob) == world.bob


def test_tokens_are_stored_hashed_only(world: World) -> None:
    token = world.forum.board.start_session(world.amina)
    rows = _rows(world.forum, "board_sessions")
    assert [r[:2] for r in rows] == [(hashlib.sha256(token.encode()).hexdigest(), world.amina.id)]
    assert token not in "".join(snapshot(world.forum))


def test_sessions_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "board.sqlite"
    with Forum(path) as forum:
        forum.board.set_join_code("HILL42")
        carla = forum.board.join("HILL42", "carla_m", pin="2580")
        token = forum.board.start_session(carla)
    with Forum(path) as again:
        assert again.board.session_member(token) == carla
        assert again.board.check_code("hill42")
        assert again.board.log_in("HILL42", "carla_m", "2580") == carla


# --------------------------------------------------------------------------- the trainer
def test_the_board_trainer_is_made_once() -> None:
    forum = new_world().forum
    trainer = forum.board.trainer()
    assert (trainer.handle, trainer.display_name, trainer.role) == ("trainer", "Trainer", "trainer")
    assert forum.board.trainer() == trainer
    assert forum.board.trainer("TRAINER") == trainer
    assert forum.board.trainer("ms_okafor", "Ms Okafor").is_trainer
    # The reserved name stays closed to learners.
    with pytest.raises(HandleError):
        forum.join("trainer2")


def test_a_learner_name_cannot_become_the_trainer(world: World) -> None:
    before = snapshot(world.forum)
    with pytest.raises(NotAllowed):
        world.forum.board.trainer("amina_k")
    with pytest.raises(HandleError):
        world.forum.board.trainer("tr\u0430iner")  # a Cyrillic look-alike "а"
    assert snapshot(world.forum) == before


# --------------------------------------------------------------------------- question of the day
def test_only_a_trainer_can_pin(world: World) -> None:
    board = world.forum.board
    assert board.pinned() is None
    before = snapshot(world.forum)
    for who in (world.amina, "bob_t"):
        with pytest.raises(NotAllowed):
            board.pin_post(world.post, who)
        with pytest.raises(NotAllowed):
            board.unpin(who)
    assert snapshot(world.forum) == before
    assert board.pin_post(world.post, world.tessa) == world.post
    assert board.pinned() == world.post
    board.pin_post("post-" + str(world.other_post.id), "tessa")
    assert board.pinned() == world.other_post
    board.unpin(world.tessa)
    assert board.pinned() is None
    board.unpin(world.tessa)  # nothing pinned: nothing to do


def test_a_comment_or_hidden_post_cannot_be_pinned(world: World) -> None:
    board = world.forum.board
    with pytest.raises(NotAllowed):
        board.pin_post(world.comment, world.tessa)
    world.forum.hide(world.other_post, world.tessa, "Checking it.")
    with pytest.raises(NotAllowed):
        board.pin_post(world.other_post, world.tessa)
    assert board.pinned() is None


def test_a_pinned_post_taken_down_is_no_longer_shown(world: World) -> None:
    board = world.forum.board
    board.pin_post(world.post, world.tessa)
    world.forum.hide(world.post, world.tessa, "Checking it.")
    assert board.pinned() is None
    world.forum.unhide(world.post, world.tessa, "It was fine.")
    assert board.pinned() == world.post
    world.forum.delete(world.post, world.amina)
    assert board.pinned() is None


# --------------------------------------------------------------------------- live updates
def test_latest_grows_with_every_change(world: World) -> None:
    forum, board = world.forum, world.forum.board
    seen = [board.latest()]

    def changed() -> None:
        now = board.latest()
        assert now > seen[-1]
        seen.append(now)

    post = forum.post(world.amina, "Bus times", "The number 4 bus now leaves at eight.")
    changed()
    forum.comment(post, world.bob, "Thank you, that helps me a lot.")
    changed()
    forum.edit(post, world.amina, "The number 4 bus now leaves at half past eight.")
    changed()
    forum.hide(post, world.tessa, "Checking it.")
    changed()
    forum.unhide(post, world.tessa, "It was fine.")
    changed()
    forum.lock(post, world.tessa, "Enough said.")
    changed()
    forum.delete(world.comment, world.bob)
    changed()
    board.pin_post(post, world.tessa)
    changed()
    board.unpin(world.tessa)
    changed()
    # Reading changes nothing.
    forum.thread(post)
    board.pinned()
    assert board.latest() == seen[-1]


# --------------------------------------------------------------------------- files
def test_a_version_3_file_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    with Forum(path, clock=SimulatedClock()) as forum:
        amina = forum.join("amina_k", "Amina")
        post = forum.post(amina, "Clean water", "Our well needs a new pump soon.")
    conn = sqlite3.connect(path)
    for table in ("board_sessions", "board_pins", "board_settings"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Forum(path, clock=SimulatedClock()) as again:
        db = again.store.conn
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.get(post.id) == post
        again.board.set_join_code("WELL44")
        token = again.board.start_session(amina)
    with Forum(path) as third:
        assert third.board.session_member(token) == amina


def test_a_version_3_file_with_a_table_of_its_own_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite"
    Forum(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE board_pins")
    conn.execute("CREATE TABLE board_notes (x TEXT)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="another program"):
        Forum(path)
    assert path.read_bytes() == before


def test_a_reset_carries_the_code_trainer_key_and_cookie_secret_and_nothing_else(
    tmp_path: Path,
) -> None:
    old = Forum(tmp_path / "old.sqlite")
    old.board.set_join_code("garden7")
    key = old.board.new_trainer_key()
    cookie = old.board.secret("cookie")
    carried = old.board.carried()
    assert set(carried) == {"join_code", "trainer_key_sha256", "secret:cookie"}
    assert key not in carried.values()  # only the key's hash travels
    new = Forum(tmp_path / "new.sqlite")
    new.board.take_over(carried)
    assert new.board.join_code() == "GARDEN7"
    assert new.board.check_trainer_key(key)
    assert new.board.secret("cookie") == cookie
    with pytest.raises(InvalidText):
        new.board.take_over({"pinned_post": "1"})
    old.close()
    new.close()


# --------------------------------------------------------------------------- JupyterHub users
def test_a_hub_user_joins_once_and_is_linked_to_her_member(world: World) -> None:
    board = world.forum.board
    assert board.hub_member("ann.lee@example.org") is None
    ann = board.join_from_hub("ann.lee@example.org", "ann_lee", trainer=False, display_name="Ann")
    assert (ann.handle, ann.display_name, ann.role) == ("ann_lee", "Ann", "learner")
    assert board.hub_member("ann.lee@example.org") == ann
    assert board.hub_member("ann_lee") is None  # the link is by hub name, not by nickname
    # Linked already (another tab was quicker): her member, not a second one.
    again = board.join_from_hub("ann.lee@example.org", "ann_two", trainer=True)
    assert again == ann
    assert [m.handle for m in world.forum.members()].count("ann_two") == 0
    staff = board.join_from_hub("carla", "carla", trainer=True)
    assert (staff.role, staff.display_name) == ("trainer", "carla")


@pytest.mark.parametrize("handle", ["amina_k", "AMINA_K", "amlna_k", "trainer", "a b"])
def test_a_refused_hub_join_leaves_no_member_and_no_link(world: World, handle: str) -> None:
    before = snapshot(world.forum)
    with pytest.raises((HandleError, InvalidText)) as caught:
        world.forum.board.join_from_hub("dana", handle, trainer=True)
    assert_plain_message(caught.value.message)
    assert snapshot(world.forum) == before
    assert world.forum.board.hub_member("dana") is None


@pytest.mark.parametrize("name", ["", "x" * 256, None, 7])
def test_a_hub_name_must_be_text(world: World, name: object) -> None:
    board = world.forum.board
    for call in (
        lambda: board.hub_member(name),  # type: ignore[arg-type]
        lambda: board.join_from_hub(name, "dana", trainer=False),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidText) as caught:
            call()
        assert_plain_message(caught.value.message)
    assert "dana" not in [m.handle for m in world.forum.members()]


def test_a_hub_member_takes_the_role_her_hub_groups_give(world: World) -> None:
    board = world.forum.board
    river = board.join_from_hub("river", "river", trainer=False)
    promoted = board.set_hub_role(river, True)
    assert promoted.role == "trainer"
    assert world.forum.member("river").is_trainer
    assert board.hub_member("river") == promoted
    world.forum.hide(world.post, "river", "Off topic here.")
    assert world.forum.get(world.post.id).status == "hidden"
    assert board.set_hub_role("river", True).role == "trainer"  # unchanged: nothing to do
    demoted = board.set_hub_role("@river", False)
    assert (demoted.role, world.forum.member("river").role) == ("learner", "learner")
    # A demoted trainer's tools are refused by the forum at once.
    with pytest.raises(NotAllowed):
        world.forum.unhide(world.post, "river", "Back again.")


def test_only_hub_members_change_role_through_the_hub(world: World) -> None:
    board = world.forum.board
    own = board.trainer()
    before = snapshot(world.forum)
    for member, trainer in ((world.amina, True), (world.tessa, False), (own, False)):
        with pytest.raises(NotAllowed) as caught:
            board.set_hub_role(member, trainer)
        assert_plain_message(caught.value.message)
        assert f"@{member.handle}" in caught.value.message
    assert snapshot(world.forum) == before
    assert (world.forum.member("tessa").role, world.forum.member("amina_k").role) == (
        "trainer",
        "learner",
    )
