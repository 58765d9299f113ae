"""The forum views' own words, shared by the HTML, text and data views and the forms.

Each is kept in English and marked with ``N_`` (so pybabel lists it), then translated where it is
shown, so the language is the one active then, not at import.
"""

from __future__ import annotations

from datetime import datetime

from toolkit.i18n import N_, _, ngettext

__all__ = [
    "PLACEHOLDERS",
    "REACTION_LABELS",
    "SOURCE_LINKS",
    "as_written",
    "comments_label",
    "placeholder",
    "reaction_label",
    "when",
    "when_here",
    "REASON_LABELS",
    "reason_label",
]

# English here; shown through reaction_label() and placeholder(), which translate them.
REACTION_LABELS = {
    "like": N_("Like"),
    "support": N_("Support"),
    "thanks": N_("Thanks"),
    "celebrate": N_("Celebrate"),
}
PLACEHOLDERS = {
    "hidden": N_("[hidden by a trainer]"),
    "withdrawn": N_("[deleted by the author]"),
    "removed": N_("[removed by a trainer]"),
    "blocked": N_("[hidden: you blocked this member]"),
}
# Plain words for each report reason (toolkit.forum.model.REPORT_REASONS): the notebook's report
# form and the classroom board's report page offer the same choices.
REASON_LABELS = {
    "spam": N_("Spam or adverts"),
    "harassment": N_("Bullying or harassment"),
    "impersonation": N_("Pretends to be someone else"),
    "phishing": N_("A trick to get passwords or money (phishing)"),
    "hate": N_("Hate against a group of people"),
    "private-info": N_("Shares someone's private information"),
    "false-information": N_("False information"),
    "other": N_("Something else"),
}
# "read the full post": one sentence per kind, so a language can inflect each its own way.
SOURCE_LINKS = {
    "post": N_("read the full post"),
    "comment": N_("read the full comment"),
}


def placeholder(status: str) -> str:
    """What stands in for an entry that is not shown, translated; a status the toolkit does not
    know (only a hand-made object has one) hides the text like "hidden" does."""
    return _(PLACEHOLDERS.get(status, PLACEHOLDERS["hidden"]))


def reaction_label(kind: str) -> str:
    """The word for a reaction, translated (a kind the toolkit does not know: the kind itself)."""
    return _(REACTION_LABELS[kind]) if kind in REACTION_LABELS else kind


def reason_label(reason: str) -> str:
    """The plain words for a report reason, translated (an unknown reason: itself)."""
    return _(REASON_LABELS[reason]) if reason in REASON_LABELS else reason


def comments_label(n: int) -> str:
    """How many comments, in words: "1 comment", "3 comments" (translated)."""
    return ngettext("{n} comment", "{n} comments", n).format(n=n)


# Translators: short month names, as in "2 Mar 2026, 09:00 UTC".
_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def when(moment: datetime) -> str:
    """A readable date, the same on every machine whatever its locale: "2 Mar 2026, 09:00 UTC"
    (in the toolkit's language: the words come from its catalogue, not the system's locale)."""
    return _("{day} {month} {year}, {time} UTC").format(
        day=moment.day,
        month=_(_MONTHS[moment.month - 1]),
        year=moment.year,
        time=f"{moment.hour:02d}:{moment.minute:02d}",
    )


def as_written(moment: datetime) -> str:
    """``moment`` as it reads, with no zone and no conversion: "2 Mar 2026, 12:00" (the words
    from the toolkit's catalogue)."""
    return _("{day} {month} {year}, {time}").format(
        day=moment.day,
        month=_(_MONTHS[moment.month - 1]),
        year=moment.year,
        time=f"{moment.hour:02d}:{moment.minute:02d}",
    )


def when_here(moment: datetime) -> str:
    """``moment`` in this computer's time zone, without "UTC": "2 Mar 2026, 12:00". For the
    classroom board, where the server and every reader are in the same room."""
    return as_written(moment.astimezone())
