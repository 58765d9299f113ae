"""Completion certificates (PDF): one landscape page per learner, typeset with Typst.

    render_certificate(learner=..., workshop=..., ...)   PDF bytes of one certificate
    read_names(path)                                     the learners listed in a names CSV
    certified(learners, grades)                          only those whose graded notebooks passed
    check_grades(learners, grades)                       the same, plus who is left out and why
    write_certificates(learners, out_dir, ...)           ``<out_dir>/certificates/<slug>.pdf``
    make_certificates(names_csv, out_dir, ...)           all of it, for the command line

The names CSV is read by :mod:`toolkit.course.certificate_names`; the grader's results are
matched by :mod:`toolkit.course.certificate_grades`. Both are re-exported here. With ``grades``
(the parsed output of ``python -m toolkit.grade --json NOTEBOOK...``) only learners whose
notebooks all passed get a certificate; the others are reported as "not certified (not
finished yet)". Like the handouts, every string reaches the template as JSON and is printed as
text, never evaluated as Typst markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from toolkit.course.certificate_grades import (
    Certification,
    NotCertified,
    certified,
    check_grades,
)
from toolkit.course.certificate_names import (
    COLUMNS,
    NAME_LIMIT,
    Learner,
    check_texts,
    clean_text,
    name_problem,
    read_names,
)
from toolkit.course.config import Course
from toolkit.course.errors import CertificateError, HandoutError
from toolkit.course.files import atomic_write_bytes
from toolkit.course.fonts import compile_pdf, font_families, missing_script, text_scale
from toolkit.course.format import typst_paper
from toolkit.course.languages import direction, speaking
from toolkit.course.print_words import certificate_words
from toolkit.course.typst_markdown import break_long_words
from toolkit.i18n import _, base_language, language

__all__ = [
    "CERTIFICATES_DIR",
    "COLUMNS",
    "NAME_LIMIT",
    "CertificateText",
    "Certification",
    "Learner",
    "NotCertified",
    "certified",
    "check_grades",
    "make_certificates",
    "name_problem",
    "read_names",
    "render_certificate",
    "slugify",
    "write_certificates",
]

CERTIFICATES_DIR = "certificates"
LICENCE = "CC BY-SA 4.0"


@dataclass(frozen=True)
class CertificateText:
    """What every certificate of one run prints besides the learner's name.

    The keyword arguments of :func:`render_certificate` and :func:`write_certificates` are its
    fields, so they travel together as one value.
    """

    workshop: str
    date: str
    trainer: str
    course_title: str
    lessons: Sequence[str] = ()
    paper: str = "a4"
    licence: str = LICENCE
    lang: str | None = None  # None: the toolkit's language (TOOLKIT_LANG), else English


# -- rendering --------------------------------------------------------------------------------


@cache
def _template() -> str:
    return (
        importlib_resources.files("toolkit.course")
        .joinpath("templates/certificate.typ")
        .read_text(encoding="utf-8")
    )


def _paper(paper: str) -> str:
    name = typst_paper(paper)
    if name is None:
        msg = f"paper must be A4 or Letter, not {paper!r}"
        raise CertificateError(msg)
    return name


def _licence_note(title: str, licence: str, phrase: str) -> str:
    note = phrase.format(licence=clean_text(licence) or LICENCE)
    return f"{title + ' · ' if title else ''}{note}" + (
        " (creativecommons.org/licenses/by-sa/4.0)" if "BY-SA" in licence.upper() else ""
    )


def _lang(lang: str | None) -> str:
    return base_language(lang or language())


def render_certificate(*, learner: str, **text: Any) -> bytes:
    """PDF bytes of one landscape certificate page for ``learner``.

    ``text`` are the fields of :class:`CertificateText`: ``workshop``, ``date``, ``trainer``,
    ``course_title`` (required), ``lessons`` (an optional short list of titles), ``paper``
    (``"a4"`` or ``"letter"``) and ``licence``. Everything is printed as plain text (Typst
    markup in a name prints literally).
    """
    t = CertificateText(**text)
    name = clean_text(learner)
    problem = name_problem(name)
    if problem:
        raise CertificateError(problem)
    title = clean_text(t.course_title)
    lang = _lang(t.lang)
    words = certificate_words(lang)
    with speaking(lang):
        doc_title = _("Certificate of completion - {name}").format(name=name)
    doc = {
        "paper": _paper(t.paper),
        "learner": _isolated(break_long_words(name)),
        "workshop": _isolated(break_long_words(clean_text(t.workshop))),
        "date": _isolated(clean_text(t.date)),
        "trainer": _isolated(break_long_words(clean_text(t.trainer))),
        "course_title": title,
        "lessons": [break_long_words(s) for s in map(clean_text, t.lessons) if s],
        "licence_note": _licence_note(title, t.licence, words["licence_note"]),
        "doc_title": doc_title,
        "fonts": list(font_families()),
        "text_scale": text_scale(lang),
        "lang": lang,
        "dir": direction(lang),
        "words": words,
    }
    try:
        return compile_pdf(_template(), sys_inputs={"data": json.dumps(doc, ensure_ascii=False)})
    except HandoutError as exc:
        msg = f"the certificate for {name!r} could not be rendered: {exc}"
        raise CertificateError(msg) from exc


def _isolated(text: str) -> str:
    """``text`` in a first-strong isolate (U+2068 ... U+2069): on a right-to-left certificate
    "Amina K." keeps its full stop at its end, and an Arabic name on an English one its order."""
    return f"\u2068{text}\u2069" if text else text


# -- writing files ----------------------------------------------------------------------------


def slugify(name: str) -> str:
    """An ASCII file name part: ``"Amina Karimi"`` -> ``"amina-karimi"``; ``""`` if none."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def _slugs(learners: Sequence[Learner]) -> list[str]:
    used: set[str] = set()
    slugs = []
    for i, learner in enumerate(learners, start=1):
        number = learner.number or i
        base = slugify(learner.name) or slugify(learner.handle or "") or f"learner-{number}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs.append(slug)
    return slugs


def _selected(learners: list[Learner], only: Iterable[str] | None) -> list[bool]:
    if only is None:
        return [True] * len(learners)
    wanted = {clean_text(w).lstrip("@").casefold() for w in only}
    keys = [
        {learner.name.casefold(), (learner.handle or "").casefold()} - {""} for learner in learners
    ]
    unknown = sorted(w for w in wanted if not any(w in k for k in keys))
    if unknown:
        msg = (
            f"not in the names list: {', '.join(unknown)}. Fix: use a name or handle exactly "
            f"as written in the names CSV."
        )
        raise CertificateError(msg)
    return [bool(k & wanted) for k in keys]


def _check_all(
    learners: Sequence[Learner],
    chosen: Sequence[bool],
    *,
    workshop: str,
    trainer: str,
    lessons: Sequence[str],
) -> None:
    """Refuse before the first file is written if any chosen name or shared text can't print."""
    problems = []
    for i, (learner, keep) in enumerate(zip(learners, chosen, strict=True), start=1):
        problem = name_problem(clean_text(learner.name)) if keep else None
        if problem:
            where = f"line {learner.row}" if learner.row else f"learner {learner.number or i}"
            problems.append(f"{where}: {problem}")
    shared = {"workshop": workshop, "trainer": trainer}
    shared |= {f"lesson title {t!r}": t for t in lessons}
    for what, text in shared.items():
        missing = missing_script(clean_text(text))
        if missing:
            problems.append(f"the {what} cannot be printed: {missing}")
    check_texts(problems)


def write_certificates(
    learners: Iterable[Learner],
    out_dir: str | Path,
    *,
    only: Iterable[str] | None = None,
    **text: Any,
) -> list[Path]:
    """Write ``<out_dir>/certificates/<slug>.pdf`` for each learner; return the paths.

    ``text`` are the fields of :class:`CertificateText` (``workshop``, ``date``, ``trainer``,
    ``course_title``, ``paper``, ``lessons``). Each file is written to a temporary name and
    moved into place, so a half-written PDF never appears. Slugs are ASCII (``learner-3`` for a
    name without Latin letters, numbered by position) and unique. A learner's own ``date``
    (CSV) wins over ``date``; their ``lessons`` (set by :func:`certified`) win over
    ``lessons``. ``only`` limits the run to these names or handles, e.g. to reprint one
    certificate.
    """
    t = CertificateText(**text)
    t = replace(t, paper=_paper(t.paper))
    learners = list(learners)
    slugs = _slugs(learners)
    chosen = _selected(learners, only)
    _check_all(learners, chosen, workshop=t.workshop, trainer=t.trainer, lessons=t.lessons)
    folder = Path(out_dir) / CERTIFICATES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for learner, slug, keep in zip(learners, slugs, chosen, strict=True):
        if not keep:
            continue
        mine = replace(t, date=learner.date or t.date, lessons=learner.lessons or t.lessons)
        pdf = render_certificate(learner=learner.name, **_fields(mine))
        path = folder / f"{slug}.pdf"
        atomic_write_bytes(path, pdf)
        written.append(path)
    return written


def _fields(text: CertificateText) -> dict[str, Any]:
    return {f.name: getattr(text, f.name) for f in fields(text)}


def _read_grades(grades_json: str | Path) -> Any:
    """The grader's saved JSON, or a CertificateError saying how to make it."""
    grades_path = Path(grades_json)
    try:
        return json.loads(grades_path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        msg = f"{grades_path}: cannot read the grader results ({exc.strerror or exc})."
        raise CertificateError(msg) from exc
    except ValueError as exc:
        msg = (
            f"{grades_path}: the grader results are not JSON ({exc}). Fix: save the output "
            f"of 'python -m toolkit.grade --json NOTEBOOK... > grades.json'."
        )
        raise CertificateError(msg) from exc


def make_certificates(
    names_csv: str | Path,
    out_dir: str | Path,
    *,
    params: Mapping[str, Any],
    grades_json: str | Path | None = None,
    course: Course | None = None,
    **text: Any,
) -> tuple[list[Path], list[str]]:
    """Certificates for a names CSV, in one call: ``(written paths, names not certified)``.

    ``params`` are the build's ``--param`` values: ``workshop`` (required), ``trainer`` and
    ``date`` (default: today, ISO format; a ``date`` column in the CSV wins). ``text`` gives the
    other :class:`CertificateText` fields: ``course_title`` (required) and ``paper``. With
    ``grades_json`` (the saved output of ``python -m toolkit.grade --json``) only learners whose
    notebooks all passed get a certificate; the others come back as names "not certified
    (not finished yet)". ``course`` gives the lesson titles (default: found from the cwd).
    """
    workshop = clean_text(params.get("workshop"))
    if not workshop:
        msg = (
            "certificates need the workshop's name. Fix: add "
            '--param workshop="Riverside library, spring 2026".'
        )
        raise CertificateError(msg)
    learners = read_names(names_csv)
    grades = None if grades_json is None else _read_grades(grades_json)
    grades_dir = None if grades_json is None else Path(grades_json).parent
    result = check_grades(learners, grades, grades_dir=grades_dir, course=course)
    paths = write_certificates(
        result.certified,
        out_dir,
        workshop=workshop,
        date=clean_text(params.get("date")) or dt.date.today().isoformat(),
        trainer=clean_text(params.get("trainer")),
        **text,
    )
    return paths, [n.learner.name for n in result.not_certified]
