"""A small fictional community for lessons, loaded by one call and the same on every run.

Every person, town and group here is invented. Names come from many regions so that any
class can see someone like themselves; none refers to a real person or organisation.

The community speaks the toolkit's language: its words are translated (``toolkit.i18n``) when
a forum is built, not at import, so ``set_language`` after import still counts. What is written
stays written: a forum file made in English stays English. Lessons find the threads by their
English titles (``THREADS``) in every language, through ``sample_posts``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.forum.cast import cast
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.errors import NotAllowed, NotFound
from toolkit.forum.model import Member, Post
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum
from toolkit.i18n import N_, _

if TYPE_CHECKING:
    from toolkit.forum.remote import RemoteForum

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

#: Sample comments that give away a routine on purpose, for lesson 5 ("I finish at six, meet
#: at the bakery"). Every other sample text passes the risk finder (tests/test_course_examples.py).
#: English here; what is posted is their translation (``_(text)``).
RISKY_ON_PURPOSE = (
    N_("Yes! I finish work at six. I can meet at the bakery."),
    N_("I will come too. Let us meet every Tuesday and Friday."),
)

# handle, display name, role, signature: from the one cast (toolkit/forum/cast.toml)
MEMBERS = tuple((m.handle, m.name, m.role, m.signature) for m in cast().members)

#: The cast's words a learner reads: the forum's title and the signatures' role lines (the
#: first line, her name, stays). Marked here because pybabel does not read cast.toml.
CAST_TEXT = (
    N_("Riverside Community Forum"),
    N_("Workshop trainer"),
    N_("Volunteer, Clean Water Group"),
)

#: The sentences lessons quote from the sample posts (each is part of its post, in every language).
QUOTES = (
    N_("Families walk forty minutes to the river for water."),
    N_("We read stories together and practise reading aloud."),
    # Mariana's post: lesson 6 quotes her question and keeps her street and fear out.
    N_("Should we walk in groups until they are fixed?"),
    N_("Three street lights on Market Road are out."),
    N_("Walking home after the evening market feels unsafe."),
)


def sample_forum(
    path: str | Path | None = None, *, step: timedelta = timedelta(minutes=7)
) -> Forum:
    """The sample community: eight members, four threads, comments, a quote and signatures."""
    title = cast().title  # in CAST_TEXT
    forum = Forum(
        path,
        clock=SimulatedClock(START, step),
        title=_(title),
        rules=Rules(),
    )
    if forum.members():
        return forum  # an existing file already holds the community
    return add_community(forum)


#: The sample's four threads, by English title: lessons find them by these words in every
#: language (``sample_posts``); the forum shows their translation.
THREADS = (
    N_("Clean water for Riverside"),
    N_("Safe walk home from the market"),
    N_("Free reading circle for girls"),
    N_("Why the east well matters"),
)


def add_community(forum: Forum) -> Forum:
    """Add the sample members and threads to a forum nobody has posted in yet.

    A classroom board gets them this way before learners join, so the lessons that read the
    sample's threads (and lesson 1's ``post-1``, ``post-5`` and ``post-8``) work on it too.
    """
    if forum.posts():
        # The lessons name some sample entries by number: they must be the first entries.
        raise NotAllowed(
            _(
                "This forum already has posts, so the sample threads cannot be added. "
                "Add them to a new board, before anyone joins."
            )
        )
    present = {m.handle for m in forum.members()}
    for handle, name, role, signature in MEMBERS:
        if handle not in present:
            forum.join(handle, name, _signature(signature), role=role)

    water_title, walk_title, reading_title, well_title = THREADS
    meet_at_six, meet_weekly = RISKY_ON_PURPOSE
    families_walk = QUOTES[0]
    # Each body is one catalogue entry, and a sentence lessons quote (QUOTES) is part of it:
    # the translator keeps that sentence's translation word for word inside the body's.
    water = forum.post(
        "amina_k",
        _(water_title),
        _(
            "The pump at the east well has been broken for two weeks. Families walk "
            "forty minutes to the river for water.\n\n"
            "I want to ask the council to repair it. Who would like to sign a letter with me?"
        ),
    )
    lena = forum.comment(
        water,
        "lena_m",
        _(
            "Thank you for starting this, Amina. I will sign. Could we also count how many "
            "families use the well? Numbers help a letter."
        ),
    )
    forum.comment(lena, "amina_k", _("Good idea, Lena. I will make a simple form for counting."))
    forum.comment(water, "priya_s", _("My family uses the east well too. We will both sign."))
    forum.react(water, "lena_m", "support")
    forum.react(water, "priya_s", "like")

    walk = forum.post(
        "mariana_t",
        _(walk_title),
        _(
            "Three street lights on Market Road are out. Walking home after the evening "
            "market feels unsafe.\n\nShould we walk in groups until they are fixed?"
        ),
    )
    # Both replies give a meeting time or place on purpose: lesson 5 asks learners to spot them.
    forum.comment(walk, "mei_w", _(meet_at_six))
    forum.comment(walk, "nour_h", _(meet_weekly))

    reading = forum.post(
        "sokha_r",
        _(reading_title),
        # The Khmer greeting stays in every language: Sokha greets in her own.
        _(
            "សួស្តី everyone! The library lets us use a room for a reading circle. "
            "We read stories together and practise reading aloud.\n\n"
            "Girls are welcome. Parents can stay and read too. "
            "Send me a private message to ask when we meet."
        ),
    )
    forum.comment(reading, "priya_s", _("What a lovely idea. Which books do you need?"))

    quote = forum.quote(water, _(families_walk))
    forum.post(
        "mei_w",
        _(well_title),
        _(
            "Amina wrote about the broken pump. This line stayed with me. Forty minutes each "
            "way is time girls could spend at school. I support the letter to the council."
        ),
        quote=quote,
    )
    return forum


def _signature(signature: str | None) -> str | None:
    """A cast signature in the toolkit's language: her name as it is, the role lines translated."""
    if not signature:
        return signature
    name, *roles = signature.split("\n")
    return "\n".join([name, *(_(role) for role in roles)])


def sample_posts(forum: Forum | RemoteForum) -> dict[str, Post]:
    """Every post of ``forum`` by title, and each sample thread by its English title too.

    ``posts["Clean water for Riverside"]`` finds the thread whether the forum was made in
    English or in the toolkit's language. Refused plainly when a sample thread is missing.
    """
    posts = {p.title: p for p in forum.posts() if p.title is not None}
    missing = []
    for title in THREADS:
        found = posts.get(title) or posts.get(_(title))
        if found is None:
            missing.append(_(title))
        else:
            posts.setdefault(title, found)
    if missing:
        raise NotFound(
            _(
                'This board has no thread called "{title}". Ask your trainer to start the '
                "board with the sample threads (--sample), or leave board empty to practise alone."
            ).format(title=missing[0])
        )
    return posts


def find_post(forum: Forum | RemoteForum, title: str) -> Post | None:
    """The first post titled ``title`` (English) or its translation in the toolkit's language."""
    wanted = {title, _(title)}
    return next((p for p in forum.posts() if p.title in wanted), None)


def lesson_forum(
    board: str = "", learner: str = "new_member", pin: str = ""
) -> tuple[Forum | RemoteForum, Member]:
    """The forum a lesson uses and the learner in it.

    ``board`` empty: a private copy of the sample community, with ``learner`` just joined (as
    "You"). ``board`` the classroom board's learner address (``http://host:port/join?code=...``):
    the learner joins the live board (or comes back to it with ``pin``), so what she posts there
    is seen by the whole room.
    """
    if not board.strip():
        forum = sample_forum()
        return forum, forum.join(learner, "You")
    remote = Forum.connect(board.strip(), code="", handle=learner, pin=pin or None)
    return remote, remote.me


__all__ = [
    "CAST_TEXT",
    "MEMBERS",
    "QUOTES",
    "RISKY_ON_PURPOSE",
    "START",
    "THREADS",
    "add_community",
    "find_post",
    "lesson_forum",
    "sample_forum",
    "sample_posts",
]
