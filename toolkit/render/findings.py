"""What a finder found in a text, as a small table a learner can read: the words, what they do,
and why they matter (lesson 9 shows which words make a comment a threat).

It takes any objects with ``kind``, ``words`` and ``why`` (a ``toolkit.safety.Finding``), so the
render floor does not import the finders: the lesson calls them and hands the findings over::

    findings_table(label(comment.body))

The words come from someone else's text and the sentences from a catalogue: every one is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Protocol

from toolkit.i18n import N_, _

__all__ = ["KIND_LABELS", "FindingsTable", "findings_table"]

#: A short name a learner reads for each kind of hostile words (toolkit.safety.hostility.KINDS).
KIND_LABELS: dict[str, str] = {
    "threat": N_("Threat"),
    "blackmail": N_("Blackmail"),
    "silencing": N_("Telling her to be quiet"),
    "contempt": N_("Treating people as less than human"),
    "insult": N_("Insult"),
    "shouting": N_("Shouting"),
}


class _Found(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def words(self) -> str: ...
    @property
    def why(self) -> str: ...


@dataclass(frozen=True)
class FindingsTable:
    """Rows of (the words, what they do, why it matters), shown as a table in a notebook.

    ``str()`` gives the same as lines of text. The notebook's plain-text form stays the repr, so
    a printed handout prints the HTML table (toolkit/course/handout.py), not a block of text.
    """

    rows: tuple[tuple[tuple[str, ...], str, str], ...]

    def _repr_html_(self) -> str:
        if not self.rows:
            none = escape(_("No hurtful words found."))
            return f'<p class="tk-findings">{none}</p>'
        head = "".join(
            f'<th scope="col">{escape(_(h))}</th>'
            for h in (N_("The words"), N_("What they do"), N_("Why it matters"))
        )
        body = "".join(
            f'<tr><td dir="auto">{_quoted(words, html=True)}</td>'
            f"<td>{escape(what)}</td><td>{escape(why)}</td></tr>"
            for words, what, why in self.rows
        )
        return (
            f'<table class="tk-findings"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def __str__(self) -> str:
        if not self.rows:
            return _("No hurtful words found.")
        return "\n\n".join(f"{_quoted(words)}\n  {what}: {why}" for words, what, why in self.rows)


def _quoted(words: Iterable[str], *, html: bool = False) -> str:
    if html:
        return ", ".join(f"<strong>“{escape(w)}”</strong>" for w in words)
    return ", ".join(f"“{w}”" for w in words)


def findings_table(findings: Iterable[_Found]) -> FindingsTable:
    """One row per kind and reason, in the order first found; a row lists all its words.

    Three ways of telling her to be quiet make one row, not the same sentence three times.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        grouped.setdefault((f.kind, f.why), []).append(f.words)
    rows = tuple(
        (tuple(words), _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind, why)
        for (kind, why), words in grouped.items()
    )
    return FindingsTable(rows)
