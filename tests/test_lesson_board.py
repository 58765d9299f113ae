"""Lessons post to the live classroom board when given its address (issue 14).

``sample.lesson_forum`` gives a lesson its forum: the private sample when ``board`` is empty,
the room's board over the network otherwise. The slow tests run real lessons against a board
served in a thread (tests/board_support.py) and look for the learner's work in its file.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from board_support import RunningBoard, running_board

from toolkit.course.runner import quiet, run_notebook
from toolkit.forum.errors import NotAllowed, NotFound
from toolkit.forum.sample import THREADS, add_community, lesson_forum, sample_posts
from toolkit.forum.service import Forum

ROOT = Path(__file__).resolve().parents[1]

#: The notebooks that take a ``board``: the learner's own work goes to the room. The others stay
#: private on purpose (docs/CLASSROOM.md, "Lessons on the board"): made-up members' phishing,
#: threats and false claims never reach the room's phones.
ON_THE_BOARD = (
    "lessons/01-welcome.ipynb",
    "lessons/04-first-post.ipynb",
    "lessons/05-replying.ipynb",
    "lessons/11-capstone.ipynb",
    "exercises/01-welcome.ipynb",
    "exercises/02-profile-alias.ipynb",
    "exercises/04-first-post.ipynb",
    "exercises/05-replying.ipynb",
    "exercises/06-quote-credit.ipynb",
    "exercises/11-capstone.ipynb",
)


def parameters(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


def learner_link(board: RunningBoard) -> str:
    """The address the board prints for learners (the join code rides in it)."""
    return f"{board.url}/join?code={board.code}"


def seeded(db: Path) -> Path:
    """A board file that holds the sample community before anyone joins."""
    forum = Forum(db)
    try:
        add_community(forum)
    finally:
        forum.close()
    return db


def test_without_a_board_a_lesson_gets_the_private_sample() -> None:
    forum, me = lesson_forum()
    assert isinstance(forum, Forum)
    assert (me.handle, me.display_name) == ("new_member", "You")
    assert set(THREADS) <= set(sample_posts(forum))
    # Each call is a fresh copy: one learner's practice never reaches another's.
    other, _ = lesson_forum("", "new_member")
    forum.post(me, "Only in my copy", "This stays in my own practice forum.")
    assert "Only in my copy" not in {p.title for p in other.posts()}


def test_a_blank_board_address_is_the_private_sample() -> None:
    forum, me = lesson_forum("   ", "river_voice")
    assert isinstance(forum, Forum)
    assert me.handle == "river_voice"


def test_sample_posts_refuses_plainly_when_the_threads_are_missing() -> None:
    with pytest.raises(NotFound, match="Ask your trainer") as info:
        sample_posts(Forum())
    assert THREADS[0] in str(info.value)


def test_the_sample_added_to_a_new_board_keeps_the_lessons_numbers(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "b.sqlite")
    forum.board.trainer()  # the board makes its trainer first
    add_community(forum)
    titles = {n: forum.get(f"post-{n}").title for n in (1, 5, 8, 10)}  # type: ignore[union-attr]
    assert titles == {1: THREADS[0], 5: THREADS[1], 8: THREADS[2], 10: THREADS[3]}
    assert forum.member("trainer").role == "trainer"


def test_the_sample_is_not_added_to_a_board_with_posts(tmp_path: Path) -> None:
    forum = Forum(tmp_path / "b.sqlite")
    author = forum.join("early_bird", "Early")
    forum.post(author, "Hello room", "I am the first one here today.")
    with pytest.raises(NotAllowed, match="before anyone joins"):
        add_community(forum)
    assert [p.title for p in forum.posts()] == ["Hello room"]


def test_with_a_board_the_learner_joins_it_and_posts_there(tmp_path: Path) -> None:
    with running_board(tmp_path / "b.sqlite") as board:
        forum, me = lesson_forum(learner_link(board), "test_learner")
        assert not isinstance(forum, Forum)
        assert me.handle == "test_learner"
        forum.post(me, "Hello from my laptop", "I joined the board from a lesson.")
        stored = {p.title: p.author.handle for p in board.forum.posts()}
        assert stored == {"Hello from my laptop": "test_learner"}


def test_with_a_pin_the_learner_comes_back_as_herself(tmp_path: Path) -> None:
    with running_board(tmp_path / "b.sqlite") as board:
        _, first = lesson_forum(learner_link(board), "test_learner", "2468")
        forum, again = lesson_forum(learner_link(board), "test_learner", "2468")
        assert again.id == first.id
        forum.post(again, "Back again", "I came back with my PIN.")
        assert [p.author.handle for p in board.forum.posts()] == ["test_learner"]


def test_a_board_without_the_sample_threads_says_so(tmp_path: Path) -> None:
    with running_board(tmp_path / "b.sqlite") as board:
        forum, _ = lesson_forum(learner_link(board), "test_learner")
        with pytest.raises(NotFound, match="sample threads"):
            sample_posts(forum)


def run(source: Path, board: RunningBoard) -> None:
    """Run a lesson as its trainer does (answer cells kept) with the board's address."""
    params = {"board": learner_link(board), "learner": "test_learner"}
    with quiet():
        run_notebook(source, lesson=source.stem, cwd=source.parent, params=params, timeout=300)


@pytest.mark.slow
def test_exercise_4_posts_the_learners_first_post_to_the_board(tmp_path: Path) -> None:
    with running_board(tmp_path / "b.sqlite") as board:
        run(ROOT / "exercises" / "04-first-post.ipynb", board)
        posts = board.forum.posts()
    crossing = ("A safe crossing near the school", "test_learner")
    assert [(p.title, p.author.handle) for p in posts] == [crossing]


@pytest.mark.slow
def test_lesson_11_works_on_a_board_with_the_sample_threads(tmp_path: Path) -> None:
    with running_board(seeded(tmp_path / "b.sqlite")) as board:
        run(ROOT / "lessons" / "11-capstone.ipynb", board)
        forum = board.forum
        mine = [p for p in forum.posts() if p.author.handle == "test_learner"]
        learner = forum.member("test_learner")
        water = sample_posts(forum)[THREADS[0]]
        replies = [c for c in forum.thread(water).comments if c.author.handle == "test_learner"]
    assert [p.title for p in mine] == ["Reading aloud makes girls brave"]
    assert mine[0].quote is not None
    assert mine[0].quote.source_author == "sokha_r"
    assert learner.signature == "River Reader\nFriend of clean water\nEvery girl can read"
    assert len(replies) == 1


def test_exactly_the_sharing_lessons_take_a_board() -> None:
    notebooks = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    )
    taking = {str(p.relative_to(ROOT)) for p in notebooks if 'board = ""' in parameters(p)}
    assert taking == set(ON_THE_BOARD)
    for name in ON_THE_BOARD:
        assert 'board_pin = ""' in parameters(ROOT / name)


def activity(forum: Forum, handle: str) -> list[str]:
    """What ``handle`` left on the board: posts, replies, reactions, profile."""
    found = []
    for post in forum.posts():
        if post.author.handle == handle:
            found.append(f"post {post.title}")
        found += [
            f"reply on {post.title}"
            for c in forum.thread(post).comments
            if c.author.handle == handle
        ]
    found += [f"reaction on {r.target}" for r in forum.reactions(member=handle)]
    member = forum.member(handle)
    if member.signature:
        found.append("signature")
    if member.display_name != handle:
        found.append(f"display name {member.display_name}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", ON_THE_BOARD)
def test_every_sharing_lesson_runs_on_a_board_and_leaves_the_learners_work(
    tmp_path: Path, name: str
) -> None:
    with running_board(seeded(tmp_path / "b.sqlite")) as board:
        run(ROOT / name, board)
        assert activity(board.forum, "test_learner")
