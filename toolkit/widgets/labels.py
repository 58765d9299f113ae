"""Forum refusals in the form's own words: a field named by the label the learner sees.

The forum names a field by its code word ("The comment is empty. ..."); a form may label that
box "Your own words". ``name_fields`` puts the label in the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from toolkit.forum.errors import ForumError
from toolkit.forum.rules import check_excerpt
from toolkit.forum.text import Limits, clean
from toolkit.i18n import _

__all__ = ["empty_refusals", "name_fields"]

# Any limits will do: empty text is refused before its length is looked at.
_ANY_LIMITS = Limits(1, 1)
# The forum's English sentences start "The <field> is/must/has/can/contains ...".
_THE_WORD = re.compile(r"\bThe (?P<word>[\w ]+?)(?= (?:is|must|has|can|contains)\b)")


def _refusal(action: Callable[[], object]) -> str | None:
    try:
        action()
    except ForumError as refusal:
        return refusal.message
    return None


def empty_refusals(word: str) -> set[str]:
    """What the forum says, in the current language, when the field ``word`` is left empty.

    The sentences are made by the forum's own checks (``clean``, ``check_excerpt``), so they
    match the forum's refusals whatever catalogue is installed.
    """
    said = {_refusal(lambda: clean("", word, _ANY_LIMITS))}
    if word == "excerpt":  # a quote's excerpt has its own sentence
        said.add(_refusal(lambda: check_excerpt("", "")))
    return {sentence for sentence in said if sentence}


def name_fields(message: str, labels: dict[str, str]) -> str:
    """Say the form's own labels where a forum message names a field by its code word.

    The forum says "The comment is empty"; in a form whose box is labelled "Your own words"
    she reads "Write a few words in “Your own words” first." ``labels`` maps the forum's word
    ("comment", "title", "excerpt") to the label she sees. Words not in it are left alone.
    The empty-field sentence is recognised in any language; other sentences get the label
    only in English (a translated one keeps the forum's own word for the field, still correct).
    """
    for word, label in labels.items():
        if message in empty_refusals(word):
            return _("Write a few words in “{label}” first.").format(label=label)

    def say_label(found: re.Match[str]) -> str:
        label = labels.get(found["word"])
        return f"“{label}”" if label else found[0]

    return _THE_WORD.sub(say_label, message)
