"""Posts and comments (toolkit/forum/posts.py): writing, threads, reading, edits, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from forum_fixtures import World, new_forum, new_world

from toolkit.forum.model import Comment, Post, Thread


@pytest.fixture
def world() -> World:
    return new_world()


def test_post_comment_reply_and_thread_order(world: World) -> None:
    forum = world.forum
    assert isinstance(world.post, Post)
    assert world.post.kind == "post"
    assert world.post.anchor == "post-1"
    assert world.post.depth == 0
    assert world.post.parent_id is None
    assert isinstance(world.comment, Comment)
    assert (world.comment.post_id, world.comment.parent_id, world.comment.depth) == (1, None, 1)
    reply = forum.reply(world.comment, "amina_k", "Thank you, that would be great!")
    assert (reply.parent_id, reply.depth, reply.post_id) == (world.comment.id, 2, 1)
    later = forum.comment("post-1", "tessa", "I will bring the tools.")
    thread = forum.thread(world.post)
    assert isinstance(thread, Thread)
    assert [c.id for c in thread.comments] == [world.comment.id, reply.id, later.id]
    assert thread.replies(thread.post) == [thread.comments[0], thread.comments[2]]
    assert thread.replies(thread.comments[0]) == [thread.comments[1]]
    assert len(thread) == 4
    # Any entry leads to its thread.
    assert forum.thread(reply).post == world.post


def test_posts_are_newest_first(world: World) -> None:
    third = world.forum.post(world.tessa, "Workshop", "The next workshop is on Monday.")
    assert [p.id for p in world.forum.posts()] == [third.id, world.other_post.id, world.post.id]
    assert list(world.forum) == world.forum.posts()
    page = world.forum.front_page()
    assert [p.id for p in page.posts] == [third.id, world.other_post.id, world.post.id]
    assert dict(page.comment_counts)[world.post.id] == 1


def test_get_by_anchor_id_or_object(world: World) -> None:
    assert world.forum.get("post-1") == world.post
    assert world.forum.get("#post-1") == world.post
    assert world.forum.get(world.comment.id) == world.comment
    assert world.forum.get(world.comment) == world.comment


def test_edit_keeps_revisions(world: World) -> None:
    edited = world.forum.edit(world.post, world.amina, "A new body for the post.", title="Water")
    assert edited.body == "A new body for the post."
    assert edited.title == "Water"
    assert edited.edited_at is not None
    assert edited.edited_at > edited.created_at
    world.forum.edit(world.post, world.tessa, "A trainer fixed a typo here.")
    revisions = world.forum.revisions(world.post)
    assert [(r.number, r.title, r.editor) for r in revisions] == [
        (1, "Clean water", "amina_k"),
        (2, "Water", "tessa"),
    ]
    assert revisions[0].body == world.post.body
    assert world.forum.get(world.post).body == "A trainer fixed a typo here."


def test_delete_withdraws_and_keeps_replies(world: World) -> None:
    reply = world.forum.reply(world.comment, world.amina, "Thank you, that would be great!")
    deleted = world.forum.delete(world.comment, world.bob)
    assert deleted.status == "withdrawn"
    assert not deleted.visible
    thread = world.forum.thread(world.post)
    assert [c.id for c in thread.comments] == [world.comment.id, reply.id]


def test_clock_drives_the_times() -> None:
    forum = new_forum(step=timedelta(minutes=1))
    member = forum.join("amina_k")
    post = forum.post(member, "Title", "A body that is long enough.")
    assert post.created_at - member.joined_at == timedelta(minutes=1)


def test_front_page_hides_threads_of_blocked_members_from_the_blocker() -> None:
    from toolkit.forum.sample import sample_forum

    forum = sample_forum()
    forum.block("lena_m", "mei_w")
    mine = forum.front_page("lena_m")
    assert "Why the east well matters" not in mine._repr_html_()
    assert "you blocked this member" in str(mine)
    # Others still see it.
    assert "Why the east well matters" in forum.front_page("amina_k")._repr_html_()


def test_posts_for_a_viewer_leave_out_members_she_blocked() -> None:
    from toolkit.forum.sample import sample_forum

    forum = sample_forum()
    everyone = forum.posts()
    forum.block("lena_m", "mei_w")
    mine = forum.posts("lena_m")
    assert [p.author.handle for p in everyone if p not in mine] == ["mei_w"]
    assert forum.posts() == everyone
