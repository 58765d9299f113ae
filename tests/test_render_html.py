"""HTML rendering: any text in any field gives only allow-listed markup; pages have structure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from forum_fixtures import (
    World,
    assert_allow_listed,
    assert_safe_html,
    new_world,
    render_all,
    snapshot,
    soup_of,
)
from hypothesis import HealthCheck, given, settings
from strategies import field_text, handles

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import ForumError
from toolkit.forum.model import Entry, Thread
from toolkit.forum.service import Forum
from toolkit.render.html import PLACEHOLDERS, entry_html, stylesheet, to_html
from toolkit.render.markdown import body_html

FIELDS: dict[str, Callable[[World, Any], object]] = {
    "title": lambda w, t: w.forum.post(w.amina, t, "A body that is long enough."),
    "body": lambda w, t: w.forum.post(w.amina, "A title", t),
    "comment": lambda w, t: w.forum.comment(w.post, w.bob, t),
    "reply": lambda w, t: w.forum.reply(w.comment, w.amina, t),
    "edit": lambda w, t: w.forum.edit(w.post, w.amina, t),
    "display-name": lambda w, t: w.forum.set_display_name(w.bob, t),
    "signature": lambda w, t: w.forum.set_signature(w.amina, t),
    "report-note": lambda w, t: w.forum.report(w.post, w.bob, "other", t),
    "message-body": lambda w, t: w.forum.send(w.bob, w.amina, t),
    "message-subject": lambda w, t: w.forum.send(w.bob, w.amina, "Hello there.", subject=t),
    "profile-value": lambda w, t: w.forum.set_profile(w.amina, "about", t, "public"),
    "moderation-reason": lambda w, t: w.forum.hide(w.comment, w.tessa, t),
}


def _check_any_field(action: Callable[[World, Any], object], value: str) -> None:
    w = new_world()
    before = snapshot(w.forum)
    try:
        made = action(w, value)
    except ForumError:
        assert snapshot(w.forum) == before, "a refusal changed the forum"
        return
    pages = render_all(w.forum, None) + render_all(w.forum, w.tessa)
    if made is not None and hasattr(made, "_repr_html_"):
        pages.append(made._repr_html_())
    for html in pages:
        assert_allow_listed(html)


@pytest.mark.parametrize("field", list(FIELDS), ids=list(FIELDS))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=field_text)
def test_any_text_in_any_field_renders_safely(field: str, value: str) -> None:
    _check_any_field(FIELDS[field], value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(handle=handles, name=field_text)
def test_any_handle_and_name_render_safely(handle: str, name: str) -> None:
    def join_and_post(w: World, _: object) -> object:
        member = w.forum.join(handle, name)
        return w.forum.post(member, "Hello everyone", "Glad to be part of this forum.")

    _check_any_field(join_and_post, "")


@settings(max_examples=150, deadline=None)
@given(value=field_text)
def test_body_html_uses_only_body_markup(value: str) -> None:
    html = f'<section><style>{stylesheet()}</style><div class="tk-body">{body_html(value)}</div>'
    assert_allow_listed(html + "</section>")


# --------------------------------------------------------------------------- structure
def _thread_world() -> tuple[World, Any, Any, Any]:
    w = new_world()
    reply = w.forum.reply(w.comment, w.amina, "Thank you, that would be great!")
    quote = w.forum.quote(w.post, "needs a new pump")
    quoting = w.forum.comment(w.post, w.tessa, "This is urgent, let us find help.", quote=quote)
    return w, reply, quote, quoting


def test_thread_has_forum_page_structure() -> None:
    w, reply, _, quoting = _thread_world()
    soup = assert_allow_listed(to_html(w.forum.thread(w.post)))
    post = soup.find("article", id="post-1")
    assert post is not None
    header = post.find("header")
    assert header.find(class_="tk-title").get_text() == "Clean water"
    assert "Amina" in header.get_text()
    assert "@amina_k" in header.get_text()
    time = header.find("time")
    assert time["datetime"] == w.post.created_at.isoformat(timespec="seconds")
    assert time.get_text().endswith("UTC")
    # The comment and its reply, nested.
    comment = soup.find("article", id=w.comment.anchor)
    outer = comment.find_parent("ol", class_="tk-replies")
    assert outer is not None
    assert outer.find_parent("ol", class_="tk-replies") is None
    nested = soup.find("article", id=reply.anchor)
    assert (
        nested.find_parent("li")
        .find_parent("ol", class_="tk-replies")
        .find_parent("li")
        .find("article")
        is comment
    )
    assert len(nested.find_parents("ol", class_="tk-replies")) == 2


def test_quote_is_a_cited_blockquote_with_a_credit_footer() -> None:
    w, _, _, quoting = _thread_world()
    soup = assert_allow_listed(to_html(w.forum.thread(w.post)))
    quotes = soup.find_all("blockquote")
    assert len(quotes) == 1
    block = quotes[0]
    assert block.find_parent("article")["id"] == quoting.anchor
    assert block["cite"] == "#post-1"
    assert "needs a new pump" in block.find("p").get_text()
    footer = block.find("footer")
    assert "Amina" in footer.get_text()
    assert "@amina_k" in footer.get_text()
    assert footer.find("a")["href"] == "#post-1"
    assert soup.find(id="post-1") is not None, "the link points at an anchor on the page"


def test_quote_states_source_edited_and_removed() -> None:
    w, _, _, quoting = _thread_world()
    w.forum.edit(w.post, w.amina, "Our well needs a new pump. A mechanic is coming on Friday.")
    soup = soup_of(to_html(w.forum.thread(w.post)))
    block = soup.find("blockquote")
    assert "source edited" in block.get_text()
    assert "needs a new pump" in block.get_text()
    w.forum.remove(w.post, w.tessa, "Shares private details")
    soup = soup_of(to_html(w.forum.thread(w.post)))
    block = soup.find("blockquote")
    assert "source removed" in block.get_text()
    assert block.find("a") is None
    assert not block.has_attr("cite")
    assert "needs a new pump" in block.get_text()


def test_removed_and_hidden_content_shows_placeholders() -> None:
    w, reply, _, _ = _thread_world()
    w.forum.remove(w.comment, w.tessa, "Shares a phone number")
    w.forum.hide(reply, w.tessa, "Checking a report")
    soup = assert_allow_listed(to_html(w.forum.thread(w.post)))
    gone = soup.find(id=w.comment.anchor)
    assert gone.get_text(strip=True) == PLACEHOLDERS["removed"]
    assert "cousin" not in soup.get_text()
    assert soup.find(id=reply.anchor).get_text(strip=True) == PLACEHOLDERS["hidden"]
    # A trainer still sees hidden (not removed) content, marked as hidden.
    trainer = soup_of(to_html(w.forum.thread(w.post, viewer=w.tessa)))
    assert "Thank you, that would be great!" in trainer.find(id=reply.anchor).get_text()
    assert "Hidden from members" in trainer.find(id=reply.anchor).get_text()
    assert "cousin" not in trainer.get_text()


def test_signature_is_set_apart() -> None:
    w = new_world()
    w.forum.set_signature(w.amina, "Amina\nLibrary volunteer")
    soup = soup_of(to_html(w.forum.thread(w.post)))
    sig = soup.find(id="post-1").find("footer", class_="tk-signature")
    assert sig is not None
    assert "Library volunteer" in sig.get_text()
    assert sig.find_parent(class_="tk-body") is None


def _script(forum: Forum) -> list[str]:
    amina = forum.join("amina_k", "أمينة")
    bob = forum.join("bob_t", "Bob", signature="Bob\nLeeds")
    tessa = forum.join("tessa", "Tessa", role="trainer")
    post = forum.post(amina, "Clean water", "Our well needs a **new pump**. Who can help?")
    comment = forum.comment(post, bob, "My cousin repairs pumps. [Call him](https://example.org)")
    forum.reply(comment, amina, "Thank you, that would be great!")
    forum.comment(
        post, tessa, "Let us find help for this.", quote=forum.quote(post, "needs a new pump")
    )
    forum.react(post, bob, "support")
    forum.send(bob, amina, "Hello Amina!", subject="Pump")
    forum.report(comment, amina, "other", "Just checking.")
    inbox = forum.inbox(amina)
    return [
        to_html(forum.thread(post)),
        to_html(forum.front_page()),
        to_html(inbox),
        to_html(amina),
        to_html(forum.reports()[0]),
        forum._repr_html_(),
    ]


def test_html_is_byte_identical_across_runs() -> None:
    first = _script(Forum(clock=SimulatedClock()))
    second = _script(Forum(clock=SimulatedClock()))
    assert first == second
    for html in first:
        assert_allow_listed(html)


def test_repr_html_hands_off_to_the_renderer() -> None:
    w, *_ = _thread_world()
    thread = w.forum.thread(w.post)
    assert thread._repr_html_() == to_html(thread)
    bundle = thread._repr_mimebundle_()
    assert bundle["text/html"] == to_html(thread)
    assert "Clean water" in bundle["text/plain"]


def test_front_page_lists_threads_newest_first() -> None:
    w, *_ = _thread_world()
    soup = assert_allow_listed(to_html(w.forum.front_page()))
    topics = soup.find_all("article", class_="tk-topic")
    assert [t["id"] for t in topics] == [f"topic-{w.other_post.id}", f"topic-{w.post.id}"]
    assert topics[1].find("a")["href"] == f"#post-{w.post.id}"
    assert "3 comments" in topics[1].get_text()


def test_inbox_shows_messages_newest_first_with_unread_marks() -> None:
    w = new_world()
    first = w.forum.send(w.bob, w.amina, "First message.")
    second = w.forum.send(w.tessa, w.amina, "Second message.", subject="Workshop")
    w.forum.message(first, w.amina)
    soup = assert_allow_listed(to_html(w.forum.inbox(w.amina)))
    articles = soup.find_all("article", class_="tk-message")
    assert [a["id"] for a in articles] == [second.anchor, first.anchor]
    assert articles[0].find(class_="tk-unread") is not None
    assert articles[1].find(class_="tk-unread") is None


def test_exactly_one_style_even_when_text_has_one() -> None:
    w = new_world()
    w.forum.post(w.amina, "<style>x</style>", "<style>*{display:none}</style> hello")
    for html in render_all(w.forum):
        assert_safe_html(html)


def test_entry_html_shows_what_the_viewer_sees_and_the_style_once() -> None:
    from toolkit.forum.sample import sample_forum
    from toolkit.render.html import entry_html

    forum = sample_forum()
    forum.block("amina_k", "lena_m")
    thread = forum.thread("post-1", viewer="amina_k")
    lena = next(c for c in thread.comments if c.author.handle == "lena_m")
    hidden = entry_html(lena, thread, style=False)
    assert "<style>" not in hidden
    assert "you blocked this member" in hidden
    assert "Numbers help a letter" not in hidden
    assert entry_html(thread.post, thread).count("<style>") == 1


# ------------------------------------------------- hostile values in every field (issue 9)
# Forum objects are plain dataclasses: a notebook (or a crafted file) can build one with any
# value in any field, ids and kinds included. Every field must reach the page escaped.
HOSTILE_VALUES = {
    "script": "<script>alert(1)</script>",
    "break-attribute": '"><img src=x onerror=alert(1)>',
    "single-quote-attribute": "' onmouseover='alert(1)' x='",
    "javascript-link": "javascript:alert(1)",
    "close-style": "</style><script>alert(1)</script>",
    "comment": "--><script>alert(1)</script><!--",
    "lone-surrogate": "a\ud800b",
}


def _hostile_objects() -> dict[str, object]:
    """One of every displayable forum object, with a quote, reactions, a reply and a report."""
    w, reply, quote, quoting = _thread_world()
    w.forum.react(w.post, w.bob, "support")
    w.forum.send(w.bob, w.amina, "Hello Amina!", subject="Pump")
    w.forum.report(w.comment, w.amina, "other", "Just checking.")
    inbox = w.forum.inbox(w.amina)
    return {
        "thread": w.forum.thread(w.post, viewer=w.tessa),
        "post": w.forum.thread(w.post).post,
        "comment": next(c for c in w.forum.thread(w.post).comments if c.quote is not None),
        "quote": quote,
        "member": w.forum.member(w.amina),
        "front-page": w.forum.front_page(),
        "inbox": inbox,
        "message": inbox.messages[0],
        "report": w.forum.reports(None)[0],
    }


def _typed_as_text(annotation: object) -> bool:
    # With postponed annotations, field types are strings such as "str | None" or "int".
    return isinstance(annotation, str) and bool(
        {"str", "int"} & {part.strip() for part in annotation.split("|")}
    )


def _field_variants(obj: Any, value: str, path: str = "") -> list[tuple[str, Any]]:
    """(field path, a copy of ``obj`` with ``value`` in that field), for every text or id field,
    in nested members, quotes, entries and messages too, and in reactions and warnings."""
    out: list[tuple[str, Any]] = []
    for field in dataclasses.fields(obj):
        name, current = f"{path}{field.name}", getattr(obj, field.name)
        if _typed_as_text(field.type) and not isinstance(current, bool):
            out.append((name, dataclasses.replace(obj, **{field.name: value})))
        elif dataclasses.is_dataclass(current):
            out += [
                (sub, dataclasses.replace(obj, **{field.name: inner}))
                for sub, inner in _field_variants(current, value, f"{name}.")
            ]
        elif field.name in ("reactions", "warnings"):
            new = ((value, value),) if field.name == "reactions" else (value,)
            out.append((name, dataclasses.replace(obj, **{field.name: new})))
        elif field.name == "comment_counts":
            new = tuple((post_id, value) for post_id, _n in current)
            out.append((name, dataclasses.replace(obj, **{field.name: new})))
        elif isinstance(current, tuple) and current and dataclasses.is_dataclass(current[0]):
            for sub, inner in _field_variants(current[0], value, f"{name}[0]."):
                new = (inner, *current[1:])
                out.append((sub, dataclasses.replace(obj, **{field.name: new})))
    return out


HOSTILE_CASES = [
    (f"{kind}.{field}.{label}", obj)
    for kind, base in _hostile_objects().items()
    for label, value in HOSTILE_VALUES.items()
    for field, obj in _field_variants(base, value)
]


def _renderings(obj: Any) -> list[str]:
    pages = [to_html(obj), obj._repr_html_()]
    if isinstance(obj, Thread):
        pages += [entry_html(e, obj, style=False) for e in (obj.post, *obj.comments)]
    if isinstance(obj, Entry):
        pages += [entry_html(obj), entry_html(obj, style=False)]
    return pages


def test_every_field_of_every_object_is_tried() -> None:
    tried = {case.split(".")[0] + "." + case.split(".")[1] for case, _obj in HOSTILE_CASES}
    for expected in (
        "quote.source_kind",
        "quote.source_id",
        "quote.source_author",
        "comment.quote",
        "comment.kind",
        "report.target",
        "report.id",
        "front-page.comment_counts",
        "post.reactions",
        "message.sender",
    ):
        assert expected in tried, expected
    assert len(HOSTILE_CASES) > 900


@pytest.mark.parametrize(("case", "obj"), HOSTILE_CASES, ids=[c for c, _ in HOSTILE_CASES])
def test_a_hostile_value_in_any_field_stays_text(case: str, obj: Any) -> None:
    for html in _renderings(obj):
        if "<style>" not in html:  # entry_html(style=False): wrap it as a page would
            html = f'<section class="tk-forum"><style>{stylesheet()}</style>{html}</section>'
        soup = assert_allow_listed(html)
        assert soup.find("img") is None
        assert soup.find("script") is None
        for tag in soup.find_all(href=True):
            if tag.find_parent(class_="tk-body") is None:
                assert tag["href"].startswith("#"), f"{case}: href={tag['href']!r}"
        html.encode("utf-8")  # no lone surrogate: the page can be saved and sent


@pytest.mark.parametrize("field", ["source_kind", "source_id"])
def test_quote_link_fields_are_escaped(field: str) -> None:
    # The two fields that reached the page raw: the link's kind and id.
    _, _, quote, _ = _thread_world()
    hostile = dataclasses.replace(quote, **{field: '"><img src=x onerror=alert(1)>'})
    soup = assert_allow_listed(to_html(hostile))
    block = soup.find("blockquote")
    assert block["cite"] == block.find("a")["href"]
    assert block["cite"].startswith("#")
    assert "onerror" in block["cite"], "kept as text of the anchor, not as markup"
    assert soup.find("img") is None


def test_an_unknown_status_hides_the_text() -> None:
    w = new_world()
    post = dataclasses.replace(w.forum.thread(w.post).post, status="<b>odd</b>")  # type: ignore[arg-type]
    soup = assert_allow_listed(to_html(post))
    assert "Our well needs" not in soup.get_text()
    assert PLACEHOLDERS["hidden"] in soup.get_text()
