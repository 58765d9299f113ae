"""Lesson 10: decide what to do with a claim before sharing it: share, hold, or ask for a source.

The key comes from the lesson's scenario (``toolkit.forum.scenarios.CLAIMS_KEY``). It maps a post's
anchor ("post-5") to a decision, or to ``{"decision": ..., "cue": ...}`` (``"label"`` works too),
where the cue names the credibility clue that decides it. The feedback names the cue she missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toolkit.checks._base import Problem, checked
from toolkit.checks.feedback import Feedback
from toolkit.i18n import _

__all__ = ["DECISIONS", "check_claim_decisions", "normalise_decision"]

DECISIONS = ("share", "hold", "ask")

# Words a learner may type for each decision (the check is forgiving about wording).
_SYNONYMS = {
    "share": "share",
    "shared": "share",
    "repost": "share",
    "hold": "hold",
    "wait": "hold",
    "don't share": "hold",
    "do not share": "hold",
    "ask": "ask",
    "ask for a source": "ask",
    "ask for source": "ask",
    "source": "ask",
}


def normalise_decision(value: Any) -> str | None:
    """ "Share", " ask for a source " -> "share", "ask"; anything else -> None (or "" if empty)."""
    if isinstance(value, Mapping):
        value = value.get("decision", value.get("label"))
    if not isinstance(value, str):
        return None
    text = " ".join(value.strip().casefold().replace("’", "'").split())
    if text == "":
        return ""
    return _SYNONYMS.get(text)


def _cue(value: Any) -> str | None:
    cue = value.get("cue") if isinstance(value, Mapping) else None
    return cue.strip() if isinstance(cue, str) and cue.strip() else None


def _anchor(ref: Any) -> str:
    anchor = getattr(ref, "anchor", ref)
    return str(anchor).lstrip("#")


@checked("claim_decisions")
def check_claim_decisions(answers: dict[str, str], key: dict[str, Any]) -> Feedback:
    """Compare her decisions ("share", "hold", "ask") with the key, claim by claim.

    ``answers`` is what a ``SortForm`` hands over: ``{post: decision}``, with None for a post
    she has not decided yet; code may pass the same dict with her own words ("wait", "Share").
    """
    if not isinstance(answers, Mapping):
        raise Problem(
            _("The check needs one choice for each post."),
            _("Choose share, hold or ask for each post in the form, then check again."),
        )
    if not isinstance(key, Mapping) or not key:
        raise Problem(_("The check has no answer key. Ask your trainer."))
    given = {_anchor(k): v for k, v in answers.items()}
    choices = ", ".join(DECISIONS)
    right = 0
    missing: list[str] = []
    hints: list[str] = []
    for ref, expected in key.items():
        anchor = _anchor(ref)
        want = normalise_decision(expected)
        answer = given.get(anchor)
        got = normalise_decision(answer)
        if answer is None or got == "":
            missing.append(_("{post}: you have not decided yet.").format(post=anchor))
        elif got is None:
            missing.append(
                _('{post}: "{answer}" is not one of the choices ({choices}).').format(
                    post=anchor, answer=str(answer), choices=choices
                )
            )
        elif got != want:
            cue = _cue(expected)
            if cue:
                line = _(
                    '{post}: you chose "{answer}", but the better choice is "{decision}". '
                    "The clue you missed: {cue}"
                )
            else:
                line = _('{post}: you chose "{answer}", but the better choice is "{decision}".')
            missing.append(line.format(post=anchor, answer=got, decision=want, cue=cue))
            hints.append(
                _(
                    "Read {post} again and ask the five questions: who says it, how do they know, "
                    "when, who gains, and is there a second source?"
                ).format(post=anchor)
            )
        else:
            right += 1
    good = []
    if right:
        good.append(
            _("You made a good choice for {n} of {total} posts.").format(n=right, total=len(key))
        )
    hint = hints[0] if hints else None
    if hint is None and missing:
        hint = _("Choose share, hold or ask for each post.")
    return Feedback("claim_decisions", not missing, good, missing, hint)
