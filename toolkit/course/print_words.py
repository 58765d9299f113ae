"""The fixed words printed on paper (handouts, take-home sheets, trainer guide, card pack,
certificates), in the language of the edition being printed.

    words(lang)              every label, looked up in the toolkit's catalogue for ``lang``
    certificate_words(lang)  the certificate's wording

The Typst templates read them from their JSON data (``data.words``), never as English written
into a template, so a French or Arabic edition prints its own words. A ``{name}`` in a phrase
is filled in by the template (page numbers, counts) or by the Python code that builds the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from toolkit.course.languages import speaking
from toolkit.i18n import N_, _
from toolkit.render.words import as_written

__all__ = [
    "CERTIFICATE_WORDS",
    "MINUTE_PARTS",
    "PART_NAMES",
    "WORDS",
    "certificate_words",
    "names_pattern",
    "printed_time",
    "words",
]

# The lesson format's ADIDS part names (toolkit.course.format.ADIDS, same order) and the trainer
# notes' labels, as a translated lesson writes them ("## Activité : ... (10 min)",
# "**Matériel :**"): the guide's plan and the take-home sheet find them in any edition.
PART_NAMES = (N_("Activity"), N_("Discussion"), N_("Input"), N_("Deepening"), N_("Synthesis"))
NOTE_NAMES = {"materials": N_("Materials"), "preparation": N_("Preparation")}
# The parts of a lesson's time (metadata "minutes": {"teaching": 20, "exercises": 70}).
MINUTE_PARTS = {"teaching": N_("{minutes} teaching"), "exercises": N_("{minutes} exercises")}

# Marked with N_ so `make messages` finds them; translated in words() while the edition's
# language is active, so a build in one language never prints another's words.
WORDS: Mapping[str, str] = {
    # page furniture
    "page_of": N_("Page {page} of {total}"),
    "learner_handout": N_("Learner handout"),
    "trainer_version": N_("Trainer version"),
    "trainer_guide": N_("Trainer guide"),
    "takehome_sheet": N_("Take-home sheet"),
    "card_pack": N_("Card pack"),
    # lesson boxes
    "in_this_lesson": N_("In this lesson"),
    "time": N_("Time:"),
    "able_to": N_("You will be able to:"),
    "questions": N_("Questions we will answer:"),
    "key_points": N_("Key points"),
    "try_at_home": N_("Try at home"),
    "new_words": N_("New words"),
    "minutes": N_("{minutes} minutes"),
    # cells
    "output": N_("Output"),
    "trainer_note": N_("Trainer note"),
    "answer": N_("Model answer"),  # not "Answer": the forum's verb
    "exercise": N_("Exercise"),
    "write_answer": N_("Write your answer here:"),
    "write_here": N_("Write here:"),
    "form": N_("Form"),
    "forum_thread": N_("Forum thread"),
    "forum_kind": N_("Forum: {kind}"),
    "wrote": N_("@{author} wrote:"),
    "replying_to": N_("replying to @{author}"),
    # a forum entry not shown (its text is the forum's own placeholder)
    "status_hidden": N_("Hidden"),
    "status_withdrawn": N_("Withdrawn"),
    "status_removed": N_("Removed"),
    # trainer guide
    "at_a_glance": N_("At a glance"),
    "part": N_("Part"),
    "what_happens": N_("What happens"),
    "minutes_column": N_("Minutes"),
    "total": N_("Total"),
    "materials": N_("Materials"),
    "preparation": N_("Preparation"),
    "printouts": N_("Printouts needed"),
    "answer_key": N_("Answer key"),
    "answer_key_page": N_("Answer key: page {page} (appendix)"),
    "answer_key_intro": N_(
        "Every answer in the course, lesson by lesson, under the check it answers."
    ),
    "contents": N_("Contents"),
    "lessons_with_notes": N_("{count} lessons with notes, timings and answers"),
    "total_time": N_("Total time: {time}"),
    "guide_cards_intro": N_(
        "The cards for every card activity, ready to copy and cut out. The same cards, with a "
        "list of activities and pages, are in the card pack (card-pack.pdf)."
    ),
    # card pack
    "cards_count": N_("Cards: {count}. Cut along the dashed lines."),
    "no_cards": N_(
        "No card activities yet. To add one, write in a lesson's trainer note a bold line "
        "Cards: the activity's name, then a list with one bullet per card. The next build "
        "prints them here."
    ),
    "cards_intro": N_(
        "Cards for the activities that use them. Print the pages you need on thick paper, then "
        "cut along the dashed lines. Each card names its lesson and activity."
    ),
    "lesson_and_activity": N_("Lesson and activity"),
    "cards_column": N_("Cards"),
    "page_column": N_("Page"),
}

CERTIFICATE_WORDS: Mapping[str, str] = {
    "title": N_("Certificate of completion"),
    "certifies": N_("This certifies that"),
    "completed": N_("has completed the workshop"),
    "lessons": N_("Lessons completed"),
    "date": N_("Date"),
    "trainer": N_("Trainer"),
    "licence_note": N_(
        "Course materials by the Digital Empowerment Toolkit authors, shared under {licence}"
    ),
}


def names_pattern(names: Iterable[str]) -> str:
    """A regex alternation of ``names`` in English and in the active language (``_``)."""
    found = dict.fromkeys([*names, *(_(name) for name in names)])
    return "|".join(re.escape(name) for name in sorted(found, key=len, reverse=True))


def printed_time(value: Any) -> str | None:
    """An ISO time as a thread prints it ("2 Mar 2026, 10:00"), in the active language's words
    (the toolkit's catalogue, never the system locale); text that is not a time as it is."""
    if not value:
        return None
    try:
        t = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return as_written(t)  # the forum's own words, so a printed thread reads like the screen


def _translated(table: Mapping[str, str], lang: str | None) -> dict[str, str]:
    with speaking(lang or "en"):
        return {key: _(text) for key, text in table.items()}


def words(lang: str | None) -> dict[str, str]:
    """Every fixed word of the printed course in ``lang`` (English where none is translated)."""
    return _translated(WORDS, lang)


def certificate_words(lang: str | None) -> dict[str, str]:
    """The certificate's wording in ``lang``."""
    return _translated(CERTIFICATE_WORDS, lang)
