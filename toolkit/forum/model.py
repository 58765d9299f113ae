"""What the forum holds: snapshots returned by ``Forum`` (immutable; ask the forum for fresh ones).

The model knows nothing about HTML and imports nothing above it. Forum objects still show
themselves (``_repr_html_``, ``_repr_mimebundle_``, ``str``) through the functions the render
layer registers with ``register_views``. The package door (``toolkit/forum/__init__.py``) names
the registering module once, as text (``views_from``); it is imported the first time an object
is shown, so importing the forum stays fast and no import ever runs back up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Role = Literal["learner", "trainer"]
Status = Literal["visible", "hidden", "withdrawn", "removed"]
Visibility = Literal["public", "members", "only_me"]

REACTIONS = ("like", "support", "thanks", "celebrate")
REPORT_REASONS = (
    "spam",
    "harassment",
    "impersonation",
    "phishing",
    "hate",
    "private-info",
    "false-information",
    "other",
)
PROFILE_FIELDS = (
    "about",
    "town",
    "languages",
    "interests",
    "website",
    "birth_year",
    "phone",
    "email",
)
VISIBILITIES = ("public", "members", "only_me")
MESSAGES_FROM = ("everyone", "trainers", "nobody")


# The display functions registered from above: "html", "text" and "bundle".
_VIEWS: dict[str, Callable[[Any], Any]] = {}
# The module that registers them, loaded on first display (set by ``views_from``).
_VIEWS_MODULE: list[str] = []


def register_views(
    *,
    html: Callable[[Any], str],
    text: Callable[[Any], str],
    bundle: Callable[[Any], dict[str, Any]],
) -> None:
    """Let forum objects show themselves with these functions (called by the render layer)."""
    _VIEWS.update(html=html, text=text, bundle=bundle)


def views_from(module: str) -> None:
    """Name the module whose import registers the views; it is imported when first needed."""
    _VIEWS_MODULE[:] = [module]


def _view(kind: str) -> Callable[[Any], Any] | None:
    if kind not in _VIEWS and _VIEWS_MODULE:
        importlib.import_module(_VIEWS_MODULE[0])
    return _VIEWS.get(kind)


class Displayable:
    """Shows itself in a notebook as a forum page, and as readable text elsewhere."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        view = _view("html")
        if view is None:
            # Without a render layer: the plain form, escaped, rather than nothing at all.
            from html import escape

            return f"<pre>{escape(repr(self))}</pre>"
        return view(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = _view("bundle")
        return {"text/plain": repr(self)} if view is None else view(self)

    def __str__(self) -> str:
        view = _view("text")
        return repr(self) if view is None else view(self)


@dataclass(frozen=True, slots=True, eq=False)
class Member(Displayable):
    id: int
    handle: str
    display_name: str
    role: Role
    signature: str | None
    joined_at: datetime
    messages_from: str = "everyone"
    # Gentle safety notes about what was just saved (never stored).
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def anchor(self) -> str:
        return f"member-{self.id}"

    @property
    def is_trainer(self) -> bool:
        return self.role == "trainer"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Member) and other.id == self.id and other.handle == self.handle

    def __hash__(self) -> int:
        return hash((self.id, self.handle))


@dataclass(frozen=True, slots=True)
class Quote(Displayable):
    """Words of another member, checked to be verbatim, with credit and a link to the source."""

    source_id: int
    source_kind: str
    source_author: str
    source_display_name: str
    excerpt: str
    quoted_at: datetime
    # "ok", "source edited" (the source changed after the quote) or "source removed" (no link).
    state: str = "ok"

    @property
    def source_anchor(self) -> str:
        return f"{self.source_kind}-{self.source_id}"

    @property
    def link(self) -> str | None:
        return None if self.state == "source removed" else f"#{self.source_anchor}"


@dataclass(frozen=True, slots=True, eq=False)
class Entry(Displayable):
    """A post or a comment: shared fields."""

    id: int
    post_id: int
    parent_id: int | None
    reply_to_id: int | None
    depth: int
    author: Member
    title: str | None
    body: str
    status: Status
    locked: bool
    created_at: datetime
    edited_at: datetime | None
    quote: Quote | None = None
    reactions: tuple[tuple[str, int], ...] = ()
    # Handle of the member replied to, when the reply was attached higher up (depth cap).
    in_reply_to: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    kind: str = "entry"

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def visible(self) -> bool:
        return self.status == "visible"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and (
            other.kind,
            other.id,
            other.body,
            other.status,
            other.edited_at,
        ) == (self.kind, self.id, self.body, self.status, self.edited_at)

    def __hash__(self) -> int:
        return hash((self.kind, self.id))


@dataclass(frozen=True, slots=True, eq=False)
class Post(Entry):
    """Starts a thread."""

    kind: str = "post"


@dataclass(frozen=True, slots=True, eq=False)
class Comment(Entry):
    """A comment on a post (depth 1) or a reply to a comment (depth 2 and more)."""

    kind: str = "comment"


@dataclass(frozen=True, slots=True)
class Thread(Displayable):
    """A post with its comment tree, in reading order (each reply right after its parent)."""

    post: Post
    comments: tuple[Comment, ...]
    viewer: Member | None = None
    blocked: frozenset[int] = frozenset()

    def replies(self, parent: Entry) -> list[Comment]:
        """Direct replies to a post or comment."""
        parent_id = None if isinstance(parent, Post) else parent.id
        return [c for c in self.comments if c.parent_id == parent_id]

    def __len__(self) -> int:
        return 1 + len(self.comments)


@dataclass(frozen=True, slots=True)
class Revision:
    entry_id: int
    number: int
    title: str | None
    body: str
    edited_at: datetime
    editor: str


@dataclass(frozen=True, slots=True)
class Reaction:
    member: str
    target: str
    kind: str


@dataclass(frozen=True, slots=True)
class Report(Displayable):
    id: int
    target: str
    reporter: str
    reason: str
    note: str
    status: str
    created_at: datetime
    # The handle of the trainer who closed it ("resolved" or "dismissed"); None while open.
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class ModerationAction:
    id: int
    actor: str
    action: str
    target: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True, eq=False)
class Message(Displayable):
    id: int
    sender: Member
    recipient: Member
    subject: str
    body: str
    sent_at: datetime
    read: bool = False

    @property
    def anchor(self) -> str:
        return f"message-{self.id}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("message", self.id))


@dataclass(frozen=True, slots=True)
class Inbox(Displayable):
    """A member's direct messages, newest first (messages from blocked members left out)."""

    owner: Member
    messages: tuple[Message, ...]

    def __len__(self) -> int:
        return len(self.messages)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.messages)

    def __getitem__(self, index: int) -> Message:
        return self.messages[index]


@dataclass(frozen=True, slots=True)
class FrontPage(Displayable):
    """The forum's list of threads, newest first, as a visitor or a member sees it."""

    title: str
    posts: tuple[Post, ...]
    comment_counts: tuple[tuple[int, int], ...] = ()
    viewer: Member | None = None
    # Members the viewer blocked: their threads show as a placeholder.
    blocked: frozenset[int] = frozenset()
