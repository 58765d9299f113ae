"""The lesson format (docs/AUTHORING.md), read in one place.

    LessonMeta.from_notebook(nb, lesson)   the ``metadata["course"]`` header, checked and typed;
                                           a bad header raises LessonFormatError with the fix
    LessonMeta.read(nb)                    the same fields read leniently, never raises (for
                                           renderers that must print any notebook)
    header_problems(nb, lesson, part)      every header problem (the linter lists them all)
    lesson_title(nb)                       the header title, else the first heading
    paper(value), typst_paper(value)       "A4" / "Letter" spellings -> the paper and its Typst name
    AUDIENCES, PARTS, ADIDS, KERNEL        the other words of the format

The header is a contract between authors and the build: ``title``, ``minutes`` (a total or
``{"teaching": 45, "exercises": 15}``), ``questions``, ``objectives``, ``keypoints``,
``digcomp``, ``outcomes``, plus the optional ``id``, ``glossary``, ``kind``, ``safety``,
``lang``. This module imports no notebook library (``nbformat`` is slow to import), so the
build's parent process can use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.course.errors import LessonFormatError

__all__ = [
    "ADIDS",
    "AUDIENCES",
    "KERNEL",
    "PAPERS",
    "PARTS",
    "REQUIRED",
    "TYPST_PAPERS",
    "LessonMeta",
    "header_problems",
    "lesson_title",
    "paper",
    "typst_paper",
]

KERNEL = "python3"  # every notebook runs in the project's venv under this kernel name
AUDIENCES = ("learner", "trainer")
PARTS = ("lesson", "exercise", "front-matter")
# The five parts of a lesson, in order, as "## Activity: <name> (10 min)" headings.
ADIDS = ("Activity", "Discussion", "Input", "Deepening", "Synthesis")

# Paper has two vocabularies. PAPERS: what a trainer may write (--param paper=..., a CSV, the
# nbconvert option) -> the paper, "a4" or "letter" (the build's word). TYPST_PAPERS: the paper
# -> the name Typst's page setup expects. The build, the handouts and the certificates used to
# keep three tables that mixed the two.
PAPERS: Mapping[str, str] = {
    "a4": "a4",
    "letter": "letter",
    "us-letter": "letter",
    "usletter": "letter",
}
TYPST_PAPERS: Mapping[str, str] = {"a4": "a4", "letter": "us-letter"}

_FIELDS: dict[str, str] = {
    "title": "text",
    "minutes": "minutes",
    "questions": "texts",
    "objectives": "texts",
    "keypoints": "texts",
    "digcomp": "texts",
    "outcomes": "numbers",
}
# The header fields each part must have.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "lesson": tuple(_FIELDS),
    "exercise": ("title", "minutes"),
    "front-matter": ("title",),
}
_EXAMPLE = {
    "text": '"Your profile and your alias"',
    "minutes": "60",
    "texts": '["..."]',
    "numbers": "[1, 2]",
}
_HEADING = re.compile(r"^#{1,2}\s+(.+)$", re.M)


def paper(value: object) -> str | None:
    """``"a4"`` or ``"letter"`` for any spelling of them (``"US Letter"``), else None."""
    return PAPERS.get(str(value).strip().lower().replace(" ", ""))


def typst_paper(value: object) -> str | None:
    """Typst's name for the paper (``"a4"`` or ``"us-letter"``), else None."""
    name = paper(value)
    return TYPST_PAPERS[name] if name else None


def _header(nb: Mapping[str, Any]) -> Mapping[str, Any] | None:
    meta = nb.get("metadata") or {}
    header = meta.get("course") if isinstance(meta, Mapping) else None
    return header if isinstance(header, Mapping) else None


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _valid(value: Any, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if kind == "minutes":  # a total, or {"teaching": 45, "exercises": 15}
        return _positive(value) or (
            isinstance(value, Mapping) and bool(value) and all(_positive(v) for v in value.values())
        )
    if kind == "texts":
        return (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(v, str) and v.strip() for v in value)
        )
    return (  # numbers
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def header_problems(
    nb: Mapping[str, Any], lesson: str, part: str = "lesson"
) -> list[LessonFormatError]:
    """Every problem of the notebook's header (an empty list when it is fine).

    ``part`` (``"lesson"``, ``"exercise"`` or ``"front-matter"``) decides which fields are
    required; an unknown part needs a title only.
    """
    header = _header(nb)
    problems: list[LessonFormatError] = []
    if header is None:
        problems.append(
            LessonFormatError(
                lesson,
                None,
                'the notebook has no metadata["course"] table',
                'add metadata["course"] with title, minutes, questions, objectives, keypoints, '
                "digcomp and outcomes (see docs/AUTHORING.md)",
            )
        )
        header = {}
    for key in REQUIRED.get(part, ("title",)):
        value, kind = header.get(key), _FIELDS[key]
        if _valid(value, kind):
            continue
        problem = (
            f'metadata["course"]["{key}"] is missing'
            if value is None
            else f'metadata["course"]["{key}"] = {value!r} is not valid'
        )
        fix = f'set metadata["course"]["{key}"] = {_EXAMPLE[kind]} (Edit > Notebook metadata)'
        problems.append(LessonFormatError(lesson, None, problem, fix))
    return problems


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _texts(value: Any) -> tuple[str, ...]:
    """A list of texts; one text stands for a list of one."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()


def _minutes(value: Any) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """The total and, for ``{"teaching": 45, "exercises": 15}``, its parts in order."""
    if isinstance(value, bool):
        return None, ()
    if isinstance(value, int | float):
        return int(value), ()
    if isinstance(value, Mapping):
        parts = tuple((str(k), int(v)) for k, v in value.items() if isinstance(v, int | float))
        return (sum(v for _, v in parts), parts) if parts else (None, ())
    return None, ()


@dataclass(frozen=True)
class LessonMeta:
    """A lesson notebook's ``metadata["course"]`` header, typed.

    ``minutes`` is the lesson's total (None when the header gives none); ``minutes_parts`` are
    the named parts of ``{"teaching": 45, "exercises": 15}`` in written order (empty for a plain
    total). ``glossary`` keeps the written order of its ``(term, definition)`` pairs.
    """

    title: str | None = None
    minutes: int | None = None
    minutes_parts: tuple[tuple[str, int], ...] = ()
    questions: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    keypoints: tuple[str, ...] = ()
    digcomp: tuple[str, ...] = ()
    outcomes: tuple[int, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()
    id: str | None = None
    kind: str | None = None
    safety: bool = False
    lang: str | None = None

    @classmethod
    def read(cls, nb: Mapping[str, Any]) -> LessonMeta:
        """What the header holds, leniently: a missing or malformed field is left empty.

        For renderers that must print any notebook (``jupyter nbconvert --to handout``); the
        build checks the header strictly first (:meth:`from_notebook`).
        """
        header = _header(nb) or {}
        minutes, parts = _minutes(header.get("minutes"))
        glossary = header.get("glossary")
        kind = header.get("kind")
        return cls(
            title=_text(header.get("title")),
            minutes=minutes,
            minutes_parts=parts,
            questions=_texts(header.get("questions")),
            objectives=_texts(header.get("objectives")),
            keypoints=_texts(header.get("keypoints")),
            digcomp=_texts(header.get("digcomp")),
            outcomes=tuple(
                v
                for v in header.get("outcomes") or ()
                if isinstance(v, int) and not isinstance(v, bool)
            )
            if isinstance(header.get("outcomes"), list | tuple)
            else (),
            glossary=tuple((str(t), str(d)) for t, d in glossary.items())
            if isinstance(glossary, Mapping)
            else (),
            id=_text(header.get("id")),
            kind=kind if isinstance(kind, str) and kind else None,
            safety=bool(header.get("safety")),
            # "language": set by toolkit.course.l10n on a translated copy.
            lang=_text(header.get("lang")) or _text(header.get("language")),
        )

    @classmethod
    def from_notebook(
        cls, nb: Mapping[str, Any], lesson: str | None = None, *, part: str = "lesson"
    ) -> LessonMeta:
        """The header, checked: raise :class:`LessonFormatError` (naming ``lesson`` and the fix)
        for the first field that is missing or malformed.

        ``lesson`` defaults to the header's id; ``part`` decides the required fields.
        """
        if lesson is None:
            header = _header(nb) or {}
            lesson = str(header.get("id") or header.get("title") or "the notebook")
        problems = header_problems(nb, lesson, part)
        if problems:
            raise problems[0]
        return cls.read(nb)


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source")
    return "".join(src) if isinstance(src, list) else str(src or "")


def lesson_title(nb: Mapping[str, Any], meta: LessonMeta | None = None) -> str:
    """The header's title; without one, the first ``#``/``##`` heading, the notebook's own
    ``metadata["title"]``, then ``"Lesson"``."""
    meta = meta if meta is not None else LessonMeta.read(nb)
    if meta.title:
        return meta.title
    for cell in nb.get("cells") or ():
        if cell.get("cell_type") == "markdown":
            match = _HEADING.search(_source(cell))
            if match:
                return match.group(1).strip().rstrip("#").strip()
    return str((nb.get("metadata") or {}).get("title") or "Lesson")
