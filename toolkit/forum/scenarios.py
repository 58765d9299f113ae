"""Practice scenarios for the safety lessons, added to a sample forum through its public API.

    from toolkit.forum.sample import sample_forum
    from toolkit.forum.scenarios import phishing_inbox, abusive_comment, claims_feed, CLAIMS_KEY

    forum = sample_forum()
    me = forum.join("new_member", "You")
    key = phishing_inbox(forum, me)     # lesson 7: five messages to sort, and the answer key
    bad = abusive_comment(forum)        # lesson 9: one threatening comment to document and report
    feed = claims_feed(forum)           # lesson 10: six claims to score with CLAIMS_KEY

Everything here is invented. No sender, prize, shop, town or web address is real; the web
addresses end in ``.example``, a name reserved so that it never leads anywhere. The lesson-9
comment is a short threat meant to silence her (the lesson names it so); it uses no slurs and
copies no real abuse, so it teaches the steps without reliving them.

Each function only calls ``Forum.join``, ``Forum.send``, ``Forum.post`` and ``Forum.comment``,
so every scenario passes the forum's own rules (handles, look-alikes, text limits). Each is
deterministic: the same forum state gives the same messages, posts and key.

The words are the toolkit's language, translated when a scenario is added (``toolkit.i18n``):
the tables below are English, marked for the catalogue with ``N_``. ``CLAIMS_KEY`` and
``claim_posts`` answer to a claim's English title and to its translation alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from toolkit.forum.errors import NotFound
from toolkit.forum.model import Comment, Member, Post
from toolkit.forum.sample import THREADS, find_post
from toolkit.forum.service import Forum, MemberRef
from toolkit.i18n import N_, _

__all__ = [
    "ABUSIVE_AUTHOR",
    "CLAIMS",
    "CLAIMS_KEY",
    "PHISHING_SENDERS",
    "abusive_comment",
    "claim_posts",
    "claims_feed",
    "claims_key",
    "phishing_inbox",
]

# --------------------------------------------------------------------------------- lesson 7
# Senders who are not in the sample community: handle, display name.
# - "forum_helpdesk_team" passes the handle rules (only admin/moderator/official are refused
#   inside a handle), and the display name "Moderator Team [Trainer]" is free text: a badge
#   copied into a name (the real badge comes after the handle, added by the forum).
# - "amina_kk" passes the look-alike test: the forum refuses "amina_k_", "aminak" or "arnina_k"
#   as too close to "amina_k", but one extra letter is different enough to be allowed.
# The display names are English here and translated when the sender joins (not "Amina").
PHISHING_SENDERS = {
    "fake_moderator": ("forum_helpdesk_team", N_("Moderator Team [Trainer]")),
    "look_alike": ("amina_kk", "Amina"),
    "prize": ("lucky_draw_desk", N_("Riverside Prize Desk")),
}

# (sender key or real handle, subject, body, label, cue). Sent in this order, oldest first.
_INBOX: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "coach_ines",
        N_("Thursday workshop"),
        N_(
            "Hello! Our next workshop is on Thursday at 10:00 in the library room. "
            "Please bring a pen and your notebook. You do not need to reply. See you there, Ines"
        ),
        "safe",
        N_(
            "It comes from coach_ines, the real trainer. It gives news and asks for nothing: "
            "no password, no link, no hurry."
        ),
    ),
    (
        "fake_moderator",
        N_("Your account will be closed"),
        N_(
            "Dear member, we found a problem with your account. It will be closed in 2 hours. "
            "To keep it open, reply to this message with your username and your password. "
            "Moderator Team"
        ),
        "phishing",
        N_(
            'The handle is forum_helpdesk_team, not a trainer. Anyone can type "Moderator Team" '
            'or "[Trainer]" into a display name: a badge in a name proves nothing. Real trainers '
            "never ask for your password, and the 2-hour deadline is there to rush you."
        ),
    ),
    (
        "look_alike",
        N_("My new account"),
        N_(
            "Hi, it is Amina. I lost my phone, so this is my new account. Please do not tell the "
            "others yet. Can you send me the phone numbers of the women in the walking group? "
            "I need them today."
        ),
        "impersonation",
        N_(
            "The handle is amina_kk, with two k's. The real Amina is amina_k. The message asks "
            "for other women's phone numbers and asks you to keep a secret."
        ),
    ),
    (
        "prize",
        N_("You won a tablet!"),
        N_(
            "Congratulations! You are the lucky winner of a new tablet. Open "
            "riverside-library.example.win-a-tablet.example/claim and type your full name, "
            "address and bank card number before midnight, or the prize goes to someone else."
        ),
        "phishing",
        N_(
            "You did not enter any draw. Read the address: the real site is the part just "
            "before the first /, win-a-tablet.example, not the library. It wants your address "
            "and bank card, and it rushes you with a deadline."
        ),
    ),
    (
        "lena_m",
        N_("Counting form"),
        N_(
            "Hi! Amina and I made the form for counting families at the east well. It is in the "
            '"Clean water for Riverside" thread. Could you look at it when you have time? '
            "Thank you! Lena"
        ),
        "safe",
        N_(
            "It comes from lena_m, a real member you know from the forum. It points to a thread "
            "inside the forum and asks for nothing private. There is no rush."
        ),
    ),
)


def _member_or_join(forum: Forum, handle: str, display_name: str) -> Member:
    try:
        return forum.member(handle)
    except NotFound:
        return forum.join(handle, display_name)


def phishing_inbox(forum: Forum, member: MemberRef) -> dict[str, dict[str, str]]:
    """Send ``member`` five direct messages and return the answer key for ``check_phishing_sort``.

    Two are genuine (from coach_ines and lena_m), two are phishing (a fake "Moderator Team"
    asking for a password, a prize with an urgent link) and one is impersonation (amina_kk
    pretending to be amina_k). The key maps each message's anchor ("message-3") to
    ``{"label": "safe" | "phishing" | "impersonation", "cue": what gives it away}``.

    Call it once per forum: the senders are added if they are not members yet. The member
    must accept messages from everyone (the default), so run it before changing privacy.
    """
    me = forum.member(member)
    key: dict[str, dict[str, str]] = {}
    for sender, subject, body, label, cue in _INBOX:
        if sender in PHISHING_SENDERS:
            handle, name = PHISHING_SENDERS[sender]
            who = _member_or_join(forum, handle, _(name))
        else:
            who = forum.member(sender)
        message = forum.send(who, me, _(body), subject=_(subject))
        key[message.anchor] = {"label": label, "cue": _(cue)}
    return key


# --------------------------------------------------------------------------------- lesson 9
ABUSIVE_AUTHOR = ("grey_cloud_42", "Grey Cloud")
_ABUSIVE_TEXT = N_(
    "Nobody asked you, Amina. Stop filling this forum with your complaints about a pump. "
    "Women like you should stay quiet. If you keep posting, you will be sorry."
)


def abusive_comment(forum: Forum) -> Comment:
    """Add one threatening comment, from a new account, under Amina's "Clean water" post.

    It has no swearing, no slurs and nothing graphic, yet it is not mild: it tells her to be
    silent because she is a woman and ends with a veiled threat, a threat meant to make her
    stop speaking. Lesson 9 grades it by that risk, not by its polite words, and uses it to
    practise documenting (date, time and zone, links, exact words), reporting (where and why)
    and blocking.
    """
    handle, name = ABUSIVE_AUTHOR
    author = _member_or_join(forum, handle, name)
    target = _post_titled(forum, THREADS[0])
    return forum.comment(target, author, _(_ABUSIVE_TEXT))


def _post_titled(forum: Forum, title: str) -> Post:
    """The post titled ``title`` (English) or its translation; refused plainly if none."""
    post = find_post(forum, title)
    if post is None:
        msg = _('There is no post called "{title}". Start from sample_forum().')
        raise NotFound(msg.format(title=_(title)))
    return post


# --------------------------------------------------------------------------------- lesson 10
# New accounts for two claims; the other claims come from sample members.
_CLAIM_AUTHORS = {
    "miracle_tea_shop": N_("Golden Leaf Tea"),
    "bridge_alerts_now": N_("City Alerts"),
}

# (author, title, body, decision, cue). Posted in this order.
CLAIMS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "lena_m",
        N_("Date for the well repair"),
        N_(
            "Good news! The notice on the library board says the water office will repair the "
            "east well pump on 20 March. The notice is dated 2 March and has the office stamp. "
            "You can read it yourself on the board."
        ),
        "share",
        N_(
            "It names the source (the notice on the library board), it has a date, and anyone "
            "can go and check it. Nobody gains from a false story here."
        ),
    ),
    (
        "miracle_tea_shop",
        N_("This tea cures every illness"),
        N_(
            "Share this now before they delete it! Our golden tea cures fever, back pain and "
            "tiredness in 3 days. Doctors do not want you to know. Buy it today at "
            "golden-leaf.example with 50% off."
        ),
        "hold",
        N_(
            "No source and no date. It pushes you to hurry and says a secret is hidden from you. "
            "The person who posts it sells the tea, so they gain if you believe it."
        ),
    ),
    (
        "priya_s",
        N_("Is the market bus stopping?"),
        N_(
            "I heard today that the bus to the market will stop next month. Does anyone know if "
            "this is true? Many of us use it."
        ),
        "ask",
        N_(
            'It says "I heard" and names no source. It may be true, so ask where the news comes '
            "from before you share it."
        ),
    ),
    (
        "bridge_alerts_now",
        N_("The river bridge fell down"),
        N_(
            "Look at this photo! The river bridge fell down. Do not go to town. Send this to "
            "everyone you know!"
        ),
        "hold",
        N_(
            "No date, no place you can check, and no name for who took the photo. An old photo "
            "can be shared as new: a reverse image search shows where it appeared first. It "
            "asks you to spread fear quickly."
        ),
    ),
    (
        "mei_w",
        N_("Library open on Sundays"),
        N_(
            "From the library newsletter for March: the reading room will open on Sundays from "
            "12 April, 10:00 to 13:00. The newsletter is on the desk by the door."
        ),
        "share",
        N_(
            "It names the source (the library newsletter for March), gives exact dates and times, "
            "and tells you where to check it."
        ),
    ),
    (
        "nour_h",
        N_("Free sewing class for women"),
        N_(
            "A neighbour told me there is a free sewing class for women at the community hall. "
            "I do not know who runs it. Has anyone been?"
        ),
        "ask",
        N_(
            "It could be good news, but nobody knows who runs the class. Ask who organises it and "
            "where it was announced before you share it."
        ),
    ),
)


class _ClaimsKey(Mapping[str, dict[str, str]]):
    """The scoring key by the claims' titles in the toolkit's language, read when asked (the
    language may change after import). The English titles find their entries too."""

    def _entry(self, title: str) -> dict[str, str] | None:
        for _author, english, _body, decision, cue in CLAIMS:
            if title in (english, _(english)):
                return {"decision": decision, "cue": _(cue)}
        return None

    def __getitem__(self, title: str) -> dict[str, str]:
        entry = self._entry(title)
        if entry is None:
            raise KeyError(title)
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter([_(title) for _author, title, _body, _decision, _cue in CLAIMS])

    def __len__(self) -> int:
        return len(CLAIMS)


#: Scoring key for lesson 10, by post title: {"decision": "share"|"hold"|"ask", "cue": ...}.
CLAIMS_KEY: Mapping[str, dict[str, str]] = _ClaimsKey()


def claims_feed(forum: Forum) -> list[Post]:
    """Post six short claims, oldest first, for learners to score: share, hold, or ask.

    Two are well sourced (share), two are urgent and unsourced (hold), two are plausible but
    say nothing of where they come from (ask). Score them with ``CLAIMS_KEY`` (by title) or
    ``claims_key(posts)`` (by anchor).
    """
    feed: list[Post] = []
    for author, title, body, _decision, _cue in CLAIMS:
        if author in _CLAIM_AUTHORS:
            name = _CLAIM_AUTHORS[author]
            who = _member_or_join(forum, author, _(name))
        else:
            who = forum.member(author)
        feed.append(forum.post(who, _(title), _(body)))
    return feed


def claim_posts(posts: list[Post]) -> dict[str, Post]:
    """The claims ``claims_feed`` returned by title, and by their English titles too."""
    found = {post.title: post for post in posts if post.title is not None}
    for _author, title, _body, _decision, _cue in CLAIMS:
        if _(title) in found:
            found.setdefault(title, found[_(title)])
    return found


def claims_key(posts: list[Post]) -> dict[str, dict[str, Any]]:
    """CLAIMS_KEY by anchor ("post-12") for the posts ``claims_feed`` returned."""
    return {
        post.anchor: dict(CLAIMS_KEY[post.title])
        for post in posts
        if post.title is not None and post.title in CLAIMS_KEY
    }
