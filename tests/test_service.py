"""The Forum API: happy paths and the shapes of what it returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from forum_fixtures import World, assert_plain_message, new_forum, new_world

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import ForumError, NotAllowed, NotFound, TooFast
from toolkit.forum.model import Comment, Inbox, Member, Message, Post, Reaction, Report, Thread
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum


@pytest.fixture
def world() -> World:
    return new_world()


def test_join_returns_a_member(world: World) -> None:
    assert isinstance(world.amina, Member)
    assert (world.amina.handle, world.amina.display_name, world.amina.role) == (
        "amina_k", "Amina", "learner",
    )
    assert world.tessa.is_trainer
    assert not world.amina.is_trainer
    assert world.amina.anchor == f"member-{world.amina.id}"
    assert [m.handle for m in world.forum.members()] == ["amina_k", "bob_t", "tessa"]


def test_display_name_defaults_to_the_handle() -> None:
    forum = new_forum()
    assert forum.join("carla_m").display_name == "carla_m"


def test_member_lookup_by_handle_any_case_or_at_sign(world: World) -> None:
    assert world.forum.member("AMINA_K") == world.amina
    assert world.forum.member("@amina_k") == world.amina
    assert world.forum.member(world.amina) == world.amina


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


def test_member_or_handle_accepted_everywhere(world: World) -> None:
    forum = world.forum
    post = forum.post("amina_k", "By handle", "Posted using a handle string.")
    assert post.author == world.amina
    forum.comment(post, "BOB_T", "A comment by handle.")
    assert forum.react(post, "bob_t", "thanks") == Reaction("bob_t", post.anchor, "thanks")
    forum.report(post, "bob_t", "other", "Checking handles.")
    forum.hide(post, "tessa", "Checking")
    forum.unhide(post, world.tessa, "Fine")
    forum.send("bob_t", world.amina, "Hello by handle.")
    assert len(forum.inbox("amina_k")) == 1
    forum.block("amina_k", "bob_t")
    assert forum.blocked(world.amina) == [world.bob]


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
        (1, "Clean water", "amina_k"), (2, "Water", "tessa"),
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


def test_react_and_unreact(world: World) -> None:
    forum = world.forum
    forum.react(world.post, world.bob, "like")
    forum.react(world.post, world.tessa, "like")
    forum.react(world.post, world.bob, "celebrate")
    assert forum.get(world.post).reactions == (("like", 2), ("celebrate", 1))
    forum.unreact(world.post, world.bob, "like")
    assert forum.get(world.post).reactions == (("like", 1), ("celebrate", 1))
    with pytest.raises(NotFound):
        forum.unreact(world.post, world.bob, "like")


def test_report_and_resolve(world: World) -> None:
    forum = world.forum
    report = forum.report(world.comment, world.amina, "spam", "Looks like an advert.")
    assert isinstance(report, Report)
    assert (report.target, report.reporter, report.reason, report.status) == (
        world.comment.anchor, "amina_k", "spam", "open",
    )
    member_report = forum.report(world.bob, world.amina, "impersonation")
    assert member_report.target == f"member-{world.bob.id}"
    assert [r.id for r in forum.reports()] == [report.id, member_report.id]
    with pytest.raises(NotAllowed):
        forum.resolve_report(report, world.bob)
    closed = forum.resolve_report(report, world.tessa, "dismissed")
    assert closed.status == "dismissed"
    assert [r.id for r in forum.reports()] == [member_report.id]
    assert len(forum.reports(None)) == 2
    # Once closed, the same report may be made again.
    forum.report(world.comment, world.amina, "spam")


def test_report_a_message(world: World) -> None:
    message = world.forum.send(world.bob, world.amina, "Click this link to win a prize!")
    report = world.forum.report(message, world.amina, "phishing")
    assert report.target == message.anchor
    with pytest.raises(NotFound):
        world.forum.report(message, world.tessa, "phishing")


def test_moderation_and_its_log(world: World) -> None:
    forum = world.forum
    forum.hide(world.comment, world.tessa, "Checking a report")
    assert forum.get(world.comment).status == "hidden"
    forum.unhide(world.comment, world.tessa, "It was fine")
    forum.remove(world.comment, world.tessa, "Spam after all")
    assert forum.get(world.comment).status == "removed"
    forum.restore(world.comment, world.tessa, "Appeal accepted")
    assert forum.get(world.comment).status == "visible"
    forum.lock(world.post, world.tessa, "Solved")
    assert forum.get(world.post).locked
    forum.unlock(world.post, world.tessa, "Reopened")
    assert not forum.get(world.post).locked
    forum.comment(world.post, world.bob, "Glad it is open again.")
    log = forum.moderation_log()
    assert [(a.action, a.target, a.actor) for a in log] == [
        ("hide", world.comment.anchor, "tessa"),
        ("unhide", world.comment.anchor, "tessa"),
        ("remove", world.comment.anchor, "tessa"),
        ("restore", world.comment.anchor, "tessa"),
        ("lock", "post-1", "tessa"),
        ("unlock", "post-1", "tessa"),
    ]
    assert log[2].reason == "Spam after all"
    with pytest.raises(NotAllowed):
        forum.lock(world.comment, world.tessa, "Comments cannot be locked")


def test_messages_inbox_and_read_state(world: World) -> None:
    forum = world.forum
    first = forum.send(world.bob, world.amina, "Hello Amina!", subject="Hi")
    assert isinstance(first, Message)
    assert (first.sender, first.recipient, first.subject, first.read) == (
        world.bob, world.amina, "Hi", False,
    )
    second = forum.send(world.tessa, world.amina, "Workshop on Monday.")
    inbox = forum.inbox(world.amina)
    assert isinstance(inbox, Inbox)
    assert [m.id for m in inbox] == [second.id, first.id]
    assert inbox[0] == second
    assert len(inbox) == 2
    opened = forum.message(first.id, world.amina)
    assert opened.read
    # The sender can read it too; that does not mark it read.
    assert forum.message(second, world.tessa).read is False


def test_block_and_unblock(world: World) -> None:
    forum = world.forum
    forum.send(world.bob, world.amina, "Before the block.")
    forum.block(world.amina, world.bob)
    assert len(forum.inbox(world.amina)) == 0, "messages from blocked members are left out"
    with pytest.raises(NotAllowed):
        forum.send(world.bob, world.amina, "After the block.")
    # The blocker's view of the thread hides the blocked member's content; others see it.
    thread = forum.thread(world.post, viewer=world.amina)
    assert thread.blocked == frozenset({world.bob.id})
    from toolkit.render.html import PLACEHOLDERS, to_html

    html = to_html(thread)
    assert "cousin" not in html
    assert PLACEHOLDERS["blocked"] in html
    assert "cousin" in to_html(forum.thread(world.post, viewer=world.tessa))
    assert "cousin" in to_html(forum.thread(world.post))
    forum.unblock(world.amina, world.bob)
    assert forum.blocked(world.amina) == []
    assert len(forum.inbox(world.amina)) == 1
    forum.send(world.bob, world.amina, "After the unblock.")
    with pytest.raises(NotFound):
        forum.unblock(world.amina, world.bob)
    with pytest.raises(NotAllowed):
        forum.block(world.amina, world.amina)


def test_profile_visibility(world: World) -> None:
    forum = world.forum
    forum.set_profile(world.amina, "about", "I volunteer at the library.", "public")
    forum.set_profile(world.amina, "town", "Leeds", "members")
    mine = forum.set_profile(world.amina, "phone", "07700 900123", "only_me")
    assert mine == {
        "about": ("I volunteer at the library.", "public"),
        "town": ("Leeds", "members"),
        "phone": ("07700 900123", "only_me"),
    }
    assert forum.profile(world.amina) == {"about": ("I volunteer at the library.", "public")}
    assert set(forum.profile(world.amina, viewer=world.bob)) == {"about", "town"}
    assert set(forum.profile("amina_k", viewer="amina_k")) == {"about", "town", "phone"}
    forum.set_profile(world.amina, "phone", None)
    assert "phone" not in forum.profile(world.amina, viewer=world.amina)


def test_set_privacy_controls_who_may_message(world: World) -> None:
    forum = world.forum
    member = forum.set_privacy(world.amina, messages_from="trainers")
    assert member.messages_from == "trainers"
    forum.send(world.tessa, world.amina, "Trainers may still write.")
    with pytest.raises(NotAllowed):
        forum.send(world.bob, world.amina, "Learners may not.")
    forum.set_privacy(world.amina, messages_from="nobody")
    with pytest.raises(NotAllowed):
        forum.send(world.tessa, world.amina, "Nobody may.")
    forum.set_privacy(world.amina, messages_from="everyone")
    forum.send(world.bob, world.amina, "Everyone may again.")


def test_quote_shape_and_states(world: World) -> None:
    forum = world.forum
    quote = forum.quote(world.post, "needs  a\nnew pump")
    assert quote.excerpt == "needs a new pump"
    assert (quote.source_id, quote.source_kind, quote.source_author) == (1, "post", "amina_k")
    assert quote.link == "#post-1"
    assert quote.state == "ok"
    holder = forum.comment(world.post, world.bob, "Yes, and soon, before the rain.", quote=quote)
    assert forum.get(holder).quote.state == "ok"
    forum.edit(world.post, world.amina, "Our well needs a new pump. Fixed on Friday!")
    assert forum.get(holder).quote.state == "source edited"
    assert forum.get(holder).quote.excerpt == "needs a new pump"
    forum.remove(world.post, world.tessa, "Private details")
    gone = forum.get(holder).quote
    assert gone.state == "source removed"
    assert gone.link is None
    assert gone.excerpt == "needs a new pump"


def test_quote_in_a_new_post_and_excerpt_from_rendered_text(world: World) -> None:
    forum = world.forum
    source = forum.post(world.bob, "Tips", "Always use a **strong password** for email accounts.")
    quote = forum.quote(source, "strong password")
    post = forum.post(world.amina, "Passwords", "I learnt this today, thank you.", quote=quote)
    assert post.quote is not None
    assert post.quote.source_id == source.id


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


def test_reactions_query_lists_who_reacted_to_what() -> None:
    from toolkit.forum.sample import sample_forum

    forum = sample_forum()
    given = forum.reactions("lena_m")
    assert [(r.member, r.target, r.kind) for r in given] == [("lena_m", "post-1", "support")]
    assert len(forum.reactions()) == 2


def test_posts_for_a_viewer_leave_out_members_she_blocked() -> None:
    from toolkit.forum.sample import sample_forum

    forum = sample_forum()
    everyone = forum.posts()
    forum.block("lena_m", "mei_w")
    mine = forum.posts("lena_m")
    assert [p.author.handle for p in everyone if p not in mine] == ["mei_w"]
    assert forum.posts() == everyone


# --------------------------------------------------------------------------- pace limits
def _send(forum: Forum, who: Member, to: Member, i: int) -> object:
    return forum.send(who, to, f"Question number {i} about the pump.")


def _edit(forum: Forum, who: Member, to: Member, i: int) -> object:
    post = forum.posts()[-1] if who.handle == "amina_k" else forum.posts()[0]
    return forum.edit(post, who, f"Our well needs a new pump (version {i}).")


@pytest.mark.parametrize(
    ("act", "rule"), [(_send, "flood_messages"), (_edit, "flood_edits")], ids=["messages", "edits"]
)
def test_pace_limit_counts_per_member_and_lifts_after_the_window(
    act: Callable[[Forum, Member, Member, int], object], rule: str
) -> None:
    clock = SimulatedClock(step=timedelta(seconds=1))
    forum = Forum(clock=clock, rules=Rules(**{rule: 3}))
    amina, bob = forum.join("amina_k", "Amina"), forum.join("bob_t", "Bob")
    forum.post(amina, "Clean water", "Our well needs a new pump soon.")
    forum.post(bob, "School roof", "The school roof leaks when it rains.")
    for i in range(3):
        act(forum, amina, bob, i)
    with pytest.raises(TooFast) as caught:
        act(forum, amina, bob, 3)
    assert_plain_message(str(caught.value))
    # Someone else is not slowed down by her pace...
    act(forum, bob, amina, 0)
    # ...and a minute later she may go on.
    clock.advance(timedelta(seconds=Rules().flood_window_s))
    act(forum, amina, bob, 4)


def test_forum_arguments_are_checked() -> None:
    for kwargs in ({"title": ""}, {"title": None}, {"rules": 5}, {"clock": "now"}):
        with pytest.raises(ForumError) as caught:
            Forum(**kwargs)  # type: ignore[arg-type]
        assert_plain_message(str(caught.value))
    assert Forum(title="Riverside forum").title == "Riverside forum"
