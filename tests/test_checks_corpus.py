"""The checks on the labelled corpora (tests/corpus/*.toml), as a learner meets them.

Per check, at least 95% of the risky (or hostile) items must be caught, that is not passed with
a message that names one of the finder's words, and at most 5% of the safe (or kind) items may
get a safety message. A safe item may still fail for another reason (a short post, a reply that
does not answer the post): those are not safety messages, so they do not count.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
import textstat

from toolkit.checks import Feedback, check_first_post, check_kind_reply, check_signature
from toolkit.checks.risky import Finding, hurtful, risks
from toolkit.forum.clock import SimulatedClock
from toolkit.forum.model import Member
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum

CORPUS = Path(__file__).parent / "corpus"
MAX_GRADE = 6
MIN_CAUGHT = 0.95
MAX_FLAGGED = 0.05
# What the issue asks each corpus to hold, at least: a ratio over a handful proves little.
MIN_ITEMS = {"posts": (60, 60), "replies": (40, 40), "signatures": (30, 30)}

POSTER = ("new_member", "New member")
TITLE = "My first post"
REPLY_TO = (
    "Our street",
    "The water pump on our street is broken again. What do you think we should do? "
    "I want to write to the council, and I would like to hear your ideas first.",
)
# A corpus name that is a forum handle (lower case, digits, "_"); the others are display names.
_HANDLE = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Outcome:
    text: str
    bad: bool  # labelled risky or hostile
    feedback: Feedback
    found: list[Finding]  # what the finders see in the text, in this forum


def _items(name: str) -> list[dict[str, object]]:
    return tomllib.loads((CORPUS / f"{name}.toml").read_text(encoding="utf-8"))["item"]


def _forum(names: Iterable[str]) -> tuple[Forum, list[Member]]:
    """A fresh forum (no flood limit) with the members a corpus item names."""
    forum = Forum(clock=SimulatedClock(), rules=Rules(flood_posts=10_000))
    names = list(names)
    handles = [n for n in names if _HANDLE.match(n)]
    displays = [n for n in names if not _HANDLE.match(n)]
    if len(handles) == 1 and len(displays) == 1:  # ["Grace Wanjiru", "grace_w"]: one member
        return forum, [forum.join(handles[0], displays[0])]
    members = [forum.join(h) for h in handles]
    members += [forum.join(f"member_{i}", d) for i, d in enumerate(displays)]
    return forum, members


def _safety_messages(fb: Feedback) -> list[str]:
    # Safety notes quote her words in “…” (checks.risky.note); no other message of these checks
    # does.
    return [m for m in fb.missing if "“" in m]


def _posts() -> Iterable[Outcome]:
    for item in _items("posts"):
        text = str(item["text"])
        forum, _members = _forum(item.get("names", []))  # type: ignore[arg-type]
        forum.join(*POSTER)
        forum.post(POSTER[0], TITLE, text)
        fb = check_first_post(forum, POSTER[0])
        yield Outcome(text, item["label"] == "risky", fb, risks(f"{TITLE}\n{text}", forum))


def _replies() -> Iterable[Outcome]:
    for item in _items("replies"):
        text = str(item["text"])
        forum, _members = _forum(["amina_k", "lena_m", *item.get("names", [])])  # type: ignore[misc]
        post = forum.post("amina_k", *REPLY_TO)
        forum.comment(post, "lena_m", text)
        fb = check_kind_reply(forum, "lena_m", post)
        found = [*hurtful(text), *risks(text, forum)]
        yield Outcome(text, item["label"] == "hostile", fb, found)


def _signatures() -> Iterable[Outcome]:
    for item in _items("signatures"):
        text = str(item["text"])
        forum, members = _forum(item.get("names", []))  # type: ignore[arg-type]
        # Her own name in her own signature: the first member named signs.
        signer = members[0] if members else forum.join(*POSTER)
        forum.set_signature(signer, text)
        fb = check_signature(forum, signer)
        yield Outcome(text, item["label"] == "risky", fb, risks(text, forum))


CHECKS: dict[str, Callable[[], Iterable[Outcome]]] = {
    "posts": _posts,
    "replies": _replies,
    "signatures": _signatures,
}


@functools.cache
def _outcomes(corpus: str) -> tuple[Outcome, ...]:
    """Each corpus is posted and checked once per test run (both tests read the outcomes)."""
    return tuple(CHECKS[corpus]())


def _caught(o: Outcome) -> bool:
    """Not passed, with a message that names words the finders found in it."""
    return not o.feedback.passed and any(f.words in m for f in o.found for m in o.feedback.missing)


@pytest.mark.parametrize("corpus", sorted(CHECKS))
def test_check_catches_risky_items_and_leaves_safe_ones(corpus: str) -> None:
    outcomes = _outcomes(corpus)
    bad = [o for o in outcomes if o.bad]
    good = [o for o in outcomes if not o.bad]
    least_bad, least_good = MIN_ITEMS[corpus]
    assert len(bad) >= least_bad, len(bad)
    assert len(good) >= least_good, len(good)

    missed = [(o.text, o.feedback.missing) for o in bad if not _caught(o)]
    flagged = [(o.text, _safety_messages(o.feedback)) for o in good if _safety_messages(o.feedback)]
    caught_ratio = 1 - len(missed) / len(bad)
    flagged_ratio = len(flagged) / len(good)
    assert caught_ratio >= MIN_CAUGHT, (f"{caught_ratio:.1%} caught", missed)
    assert flagged_ratio <= MAX_FLAGGED, (f"{flagged_ratio:.1%} flagged", flagged)


@pytest.mark.parametrize("corpus", sorted(CHECKS))
def test_every_safety_message_names_words_from_the_text(corpus: str) -> None:
    # Whatever the check flags, it says which of her words it means: never a vague warning.
    for o in _outcomes(corpus):
        for message in _safety_messages(o.feedback):
            quoted = re.findall(r"“(.+?)”", message)
            assert quoted, message
            assert all(q in o.text for q in quoted), (o.text, message)


@pytest.mark.parametrize("corpus", sorted(CHECKS))
def test_feedback_reads_at_grade_six_or_below(corpus: str) -> None:
    # recorded(): her own words left out, so only the sentences she reads from us are measured.
    lines = {
        line for o in _outcomes(corpus) for line in [*o.feedback.recorded(), o.feedback.hint or ""]
    }
    hard = sorted(line for line in lines if textstat.flesch_kincaid_grade(line) > MAX_GRADE)
    assert not hard, hard
