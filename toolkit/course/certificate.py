"""Completion certificates (PDF): one landscape page per learner, typeset with Typst.

    render_certificate(learner=..., workshop=..., ...)   PDF bytes of one certificate
    read_names(path)                                     the learners listed in a names CSV
    certified(learners, grades)                          only those whose graded notebooks passed
    check_grades(learners, grades)                       the same, plus who is left out and why
    write_certificates(learners, out_dir, ...)           ``<out_dir>/certificates/<slug>.pdf``
    make_certificates(names_csv, out_dir, ...)           all of it, for the command line

The names CSV has a header row; ``name`` is required, ``handle``, ``notebook`` (that learner's
submitted notebook; several may be separated by ``;``) and ``date`` are optional::

    name,handle,notebook,date
    Amina Karimi,amina_k,submissions/amina/04-first-post.ipynb,
    نور,noor,submissions/noor/04-first-post.ipynb,2026-03-14

``grades`` is the parsed output of ``python -m toolkit.grade --json NOTEBOOK...``. When it is
given, only learners whose notebooks all passed get a certificate; the others are reported as
"not certified (not finished yet)". Like the handouts, every string reaches the template as JSON
and is printed as text, never evaluated as Typst markup.

Lesson titles come from ``course.toml`` (by the lesson id the grader matched), never from a
submitted notebook. Every name is checked before any file is written: not empty, at most
``NAME_LIMIT`` characters, and printable by the fonts (a script with no font is refused with its
name, never printed as empty boxes); bidi controls and invisible characters are removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path, PurePosixPath
from typing import Any

import regex

from toolkit.course.config import Course
from toolkit.course.errors import CertificateError, CourseError, HandoutError
from toolkit.course.files import atomic_write_bytes
from toolkit.course.fonts import compile_pdf, font_families, missing_script
from toolkit.course.format import typst_paper
from toolkit.course.submission import find_course, lesson_for
from toolkit.course.typst_markdown import break_long_words

__all__ = [
    "CERTIFICATES_DIR",
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
NAME_LIMIT = 200  # characters; longer "names" are a pasted paragraph, not a name
COLUMNS = ("name", "handle", "notebook", "date")
_NOTEBOOK_SEP = re.compile(r"\s*;\s*")
# Bidi controls (U+202E reverses a name) and invisible characters; ZWNJ/ZWJ stay, as Persian
# and Indic names need them to join letters correctly.
_INVISIBLE = regex.compile(
    r"(?![\u200c\u200d])[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\p{Cf}]"
)


# -- data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Learner:
    """One row of the names CSV.

    ``notebooks`` are the submitted notebooks as written in the CSV (``;``-separated in the
    ``notebook`` column); ``base_dir`` is the CSV's folder, which relative paths start from.
    ``lessons`` is filled in by :func:`certified` with the titles of the notebooks that passed.
    """

    name: str
    handle: str | None = None
    notebooks: tuple[str, ...] = ()
    date: str | None = None
    row: int | None = None  # line number in the CSV (for messages)
    number: int | None = None  # position in the CSV, 1-based (for fallback slugs)
    base_dir: Path | None = None
    lessons: tuple[str, ...] = ()

    @property
    def notebook(self) -> str | None:
        return self.notebooks[0] if self.notebooks else None


@dataclass(frozen=True)
class NotCertified:
    """A learner left out when certifying against the grader's results, and why."""

    learner: Learner
    reason: str

    def __str__(self) -> str:
        return f"{self.learner.name}: {self.reason}"


@dataclass
class Certification:
    """The result of :func:`check_grades`: who gets a certificate and who is not finished yet."""

    certified: list[Learner] = field(default_factory=list)
    not_certified: list[NotCertified] = field(default_factory=list)


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


def _clean(value: Any) -> str:
    """One line of text (NFC): control characters and runs of whitespace become single spaces;
    bidi controls and invisible characters are removed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value or "")))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in text)
    return " ".join(text.split())


def _quoted(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def name_problem(name: str) -> str | None:
    """Why ``name`` (already cleaned) cannot go on a certificate, or None when it can."""
    if not name:
        return "the name is empty. Fix: write the learner's name, or delete the line."
    if len(name) > NAME_LIMIT:
        return (
            f"the name is longer than {NAME_LIMIT} characters ({len(name)}), which will not "
            f"fit on a certificate. Fix: shorten it to the name the learner wants printed."
        )
    missing = missing_script(name)
    if missing:
        return (
            f"the name {_quoted(name)} cannot be printed: {missing}. Fix: install that font, "
            f"or write the name as the learner wants it in a script the fonts cover "
            f"(Latin, Arabic, Khmer, ...)."
        )
    return None


def _check_texts(problems: list[str]) -> None:
    if problems:
        count = len(problems)
        msg = (
            f"{count} {'entry' if count == 1 else 'entries'} cannot be printed, so no "
            f"certificate was written:\n  " + "\n  ".join(problems)
        )
        raise CertificateError(msg)


def render_certificate(
    *,
    learner: str,
    workshop: str,
    date: str,
    trainer: str,
    course_title: str,
    lessons: Sequence[str] = (),
    paper: str = "a4",
    licence: str = LICENCE,
) -> bytes:
    """PDF bytes of one landscape certificate page for ``learner``.

    Every argument is printed as plain text (Typst markup in a name prints literally).
    ``paper`` is ``"a4"`` or ``"letter"``; ``lessons`` is an optional short list of titles.
    """
    name = _clean(learner)
    problem = name_problem(name)
    if problem:
        raise CertificateError(problem)
    title = _clean(course_title)
    doc = {
        "paper": _paper(paper),
        "learner": break_long_words(name),
        "workshop": break_long_words(_clean(workshop)),
        "date": _clean(date),
        "trainer": break_long_words(_clean(trainer)),
        "course_title": title,
        "lessons": [break_long_words(t) for t in map(_clean, lessons) if t],
        "licence_note": (
            f"{title + ' · ' if title else ''}Course materials by the Digital Empowerment "
            f"Toolkit authors, shared under {_clean(licence) or LICENCE}"
            + (" (creativecommons.org/licenses/by-sa/4.0)" if "BY-SA" in licence.upper() else "")
        ),
        "doc_title": f"Certificate of completion - {name}",
        "fonts": list(font_families()),
    }
    try:
        return compile_pdf(_template(), sys_inputs={"data": json.dumps(doc, ensure_ascii=False)})
    except HandoutError as exc:
        msg = f"the certificate for {name!r} could not be rendered: {exc}"
        raise CertificateError(msg) from exc


# -- the names CSV ----------------------------------------------------------------------------


def _delimiter(text: str) -> str:
    """``,`` normally; ``;`` or tab when the header uses those (spreadsheets in some locales)."""
    for line in text.splitlines():
        if line.strip():
            if "," not in line:
                for sep in (";", "\t"):
                    if sep in line:
                        return sep
            return ","
    return ","


def read_names(path: str | Path) -> list[Learner]:
    """The learners in a names CSV (UTF-8, with or without BOM; blank lines are skipped)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the names list ({exc.strerror or exc}). Fix: check the path."
        raise CertificateError(msg) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = (
            f"{path}: the names list is not UTF-8 text (byte {exc.start}). Fix: save it as "
            f"'CSV UTF-8' from your spreadsheet so names in every script survive."
        )
        raise CertificateError(msg) from exc

    reader = csv.reader(text.splitlines(), delimiter=_delimiter(text))
    header: list[str] | None = None
    learners: list[Learner] = []
    problems: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank line (or only separators)
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if "name" not in header:
                found = ", ".join(repr(c) for c in row if c.strip()) or "nothing"
                msg = (
                    f"{path}, line {line}: the header has no 'name' column (found {found}). "
                    f"Fix: make the first line 'name,handle,notebook,date' "
                    f"(only 'name' is required) and put one learner per line below it."
                )
                raise CertificateError(msg)
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        name = _clean(values.get("name"))
        problem = name_problem(name)
        if problem:
            # Every line is checked before anything is printed: one list of all the fixes.
            problems.append(f"{path}, line {line}: {problem}")
            continue
        notebooks = tuple(nb for nb in _NOTEBOOK_SEP.split(values.get("notebook") or "") if nb)
        learners.append(
            Learner(
                name=name,
                handle=(values.get("handle") or "").lstrip("@").strip() or None,
                notebooks=notebooks,
                date=_clean(values.get("date")) or None,
                row=line,
                number=len(learners) + 1,
                base_dir=path.parent,
            )
        )
    if header is None:
        msg = (
            f"{path}: the names list is empty. Fix: write 'name' on the first line and one "
            f"learner's name on each line below it."
        )
        raise CertificateError(msg)
    _check_texts(problems)
    return learners


# -- certifying against the grader's results ------------------------------------------------


def _grade_entries(grades: Any) -> list[Mapping[str, Any]]:
    """The per-notebook results from the grader's JSON (``{"notebooks": [...]}`` or a list)."""
    if isinstance(grades, Mapping):
        entries = grades.get("notebooks")
    else:
        entries = grades
    if not isinstance(entries, list) or not all(
        isinstance(e, Mapping) and "notebook" in e and "passed" in e for e in entries
    ):
        msg = (
            "the grader results are not in the expected shape. Fix: pass the output of "
            "'python -m toolkit.grade --json NOTEBOOK...' unchanged."
        )
        raise CertificateError(msg)
    return entries


def _parts(path: str) -> tuple[str, ...]:
    text = path.replace("\\", "/")
    return tuple(p for p in PurePosixPath(os.path.normpath(text)).parts if p not in ("/", "."))


def _resolved(path: str, base: Path | None) -> str | None:
    p = Path(path).expanduser()
    if not p.is_absolute():
        if base is None:
            return None
        p = base / p
    try:
        return str(p.resolve())
    except OSError:
        return None


def _same_tail(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when the shorter path ends the longer one: ``x/y.ipynb`` ~ ``/a/x/y.ipynb``."""
    n = min(len(a), len(b))
    return n > 0 and a[-n:] == b[-n:]


def _match(
    notebook: str, base: Path | None, entries: list[Mapping[str, Any]], grades_dir: Path | None
) -> list[Mapping[str, Any]]:
    """Grader entries for one notebook from the CSV: same file, else a unique path suffix."""
    mine = _parts(notebook)
    mine_abs = _resolved(notebook, base)
    exact = []
    for e in entries:
        theirs = str(e["notebook"])
        if _parts(theirs) == mine:
            exact.append(e)
            continue
        if mine_abs is not None and mine_abs in {
            _resolved(theirs, grades_dir),
            _resolved(theirs, Path.cwd()),
        }:
            exact.append(e)
    if exact:
        return exact
    # The grader ran somewhere else: "submissions/ana/04.ipynb" still matches
    # "/home/t/submissions/ana/04.ipynb", but only when exactly one result ends like that.
    suffix = [e for e in entries if _same_tail(_parts(str(e["notebook"])), mine)]
    return suffix if len(suffix) == 1 else []


def _course_lesson_title(entry: Mapping[str, Any], course: Course | None) -> str | None:
    """The course.toml title of the lesson a grader entry was graded against, or None.

    The grader records the lesson id it matched (``lesson``); older results are matched by the
    notebook's file name. Titles never come from the submitted notebook itself.
    """
    if course is None:
        return None
    by_id = {lesson.id: lesson for lesson in course.lessons}
    lesson = entry.get("lesson")
    found = by_id.get(lesson) if isinstance(lesson, str) else None
    if found is None and "lesson" not in entry:
        found = lesson_for(course, PurePosixPath(str(entry["notebook"]).replace("\\", "/")).stem)
    return _clean(found.title) if found is not None else None


def _default_course() -> Course | None:
    try:
        return find_course()
    except CourseError:
        return None


def _entry_handle(entry: Mapping[str, Any]) -> str | None:
    for key in ("handle", "learner"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().lstrip("@").casefold()
    return None


def _summary(entry: Mapping[str, Any]) -> str:
    name = PurePosixPath(str(entry["notebook"]).replace("\\", "/")).name
    if entry.get("stopped"):
        return f"{name} stopped early"
    total, n = entry.get("checks_total"), entry.get("checks_passed")
    if isinstance(total, int) and isinstance(n, int) and total:
        return f"{name}: {n} of {total} checks passed"
    return f"{name}: no checks ran"


def check_grades(
    learners: Iterable[Learner],
    grades: Any,
    *,
    grades_dir: str | Path | None = None,
    course: Course | None = None,
) -> Certification:
    """Split learners by the grader's results: certified, or not certified (not finished yet).

    A learner is matched by the ``notebook`` column (same file, or a unique path suffix), or by
    ``handle`` when the grader's entries carry one. Every matched notebook must have passed;
    a learner with no matching result is not certified. ``grades=None`` certifies everyone.
    ``grades_dir`` is where relative paths in the grader's JSON start (its folder).
    Lesson titles come from ``course`` (default: the course found from the current folder).
    """
    learners = list(learners)
    if grades is None:
        return Certification(certified=learners)
    entries = _grade_entries(grades)
    course = course if course is not None else _default_course()
    base = Path(grades_dir) if grades_dir is not None else None
    result = Certification()
    for learner in learners:
        matched: list[Mapping[str, Any]] = []
        missing: list[str] = []
        for nb in learner.notebooks:
            found = _match(nb, learner.base_dir, entries, base)
            if found:
                matched.extend(found)
            else:
                missing.append(nb)
        if learner.handle:
            handle = learner.handle.casefold()
            matched.extend(e for e in entries if _entry_handle(e) == handle and e not in matched)
        failed = [e for e in matched if e.get("passed") is not True]
        if missing:
            reason = f"no grader result for {', '.join(missing)}"
        elif not matched:
            reason = "no grader result (add their notebook to the names list and grade it)"
        elif failed:
            reason = "not finished yet (" + "; ".join(_summary(e) for e in failed) + ")"
        else:
            titles = tuple(
                dict.fromkeys(t for t in (_course_lesson_title(e, course) for e in matched) if t)
            )
            result.certified.append(replace(learner, lessons=titles))
            continue
        result.not_certified.append(NotCertified(learner, reason))
    return result


def certified(learners: Iterable[Learner], grades: Any) -> list[Learner]:
    """The learners whose graded notebooks all passed (see :func:`check_grades`)."""
    return check_grades(learners, grades).certified


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
    wanted = {_clean(w).lstrip("@").casefold() for w in only}
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
        problem = name_problem(_clean(learner.name)) if keep else None
        if problem:
            where = f"line {learner.row}" if learner.row else f"learner {learner.number or i}"
            problems.append(f"{where}: {problem}")
    shared = {"workshop": workshop, "trainer": trainer}
    shared |= {f"lesson title {t!r}": t for t in lessons}
    for what, text in shared.items():
        missing = missing_script(_clean(text))
        if missing:
            problems.append(f"the {what} cannot be printed: {missing}")
    _check_texts(problems)


def write_certificates(
    learners: Iterable[Learner],
    out_dir: str | Path,
    *,
    workshop: str,
    date: str,
    trainer: str,
    course_title: str,
    paper: str = "a4",
    only: Iterable[str] | None = None,
    lessons: Sequence[str] = (),
) -> list[Path]:
    """Write ``<out_dir>/certificates/<slug>.pdf`` for each learner; return the paths.

    Each file is written to a temporary name and moved into place, so a half-written PDF never
    appears. Slugs are ASCII (``learner-3`` for a name without Latin letters, numbered by
    position) and unique. A learner's own ``date`` (CSV) wins over ``date``; their ``lessons``
    (set by :func:`certified`) win over ``lessons``. ``only`` limits the run to these names or
    handles, e.g. to reprint one certificate.
    """
    learners = list(learners)
    paper = _paper(paper)
    slugs = _slugs(learners)
    chosen = _selected(learners, only)
    _check_all(learners, chosen, workshop=workshop, trainer=trainer, lessons=lessons)
    folder = Path(out_dir) / CERTIFICATES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for learner, slug, keep in zip(learners, slugs, chosen, strict=True):
        if not keep:
            continue
        pdf = render_certificate(
            learner=learner.name,
            workshop=workshop,
            date=learner.date or date,
            trainer=trainer,
            course_title=course_title,
            lessons=learner.lessons or lessons,
            paper=paper,
        )
        path = folder / f"{slug}.pdf"
        atomic_write_bytes(path, pdf)
        written.append(path)
    return written


def make_certificates(
    names_csv: str | Path,
    out_dir: str | Path,
    *,
    params: Mapping[str, Any],
    course_title: str,
    grades_json: str | Path | None = None,
    paper: str = "a4",
    course: Course | None = None,
) -> tuple[list[Path], list[str]]:
    """Certificates for a names CSV, in one call: ``(written paths, names not certified)``.

    ``params`` are the build's ``--param`` values: ``workshop`` (required), ``trainer`` and
    ``date`` (default: today, ISO format; a ``date`` column in the CSV wins). With
    ``grades_json`` (the saved output of ``python -m toolkit.grade --json``) only learners whose
    notebooks all passed get a certificate; the others come back as names "not certified
    (not finished yet)". ``course`` gives the lesson titles (default: found from the cwd).
    """
    workshop = _clean(params.get("workshop"))
    if not workshop:
        msg = (
            "certificates need the workshop's name. Fix: add "
            '--param workshop="Riverside library, spring 2026".'
        )
        raise CertificateError(msg)
    learners = read_names(names_csv)
    grades = None
    grades_dir = None
    if grades_json is not None:
        grades_path = Path(grades_json)
        try:
            grades = json.loads(grades_path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            msg = f"{grades_path}: cannot read the grader results ({exc.strerror or exc})."
            raise CertificateError(msg) from exc
        except ValueError as exc:
            msg = (
                f"{grades_path}: the grader results are not JSON ({exc}). Fix: save the output "
                f"of 'python -m toolkit.grade --json NOTEBOOK... > grades.json'."
            )
            raise CertificateError(msg) from exc
        grades_dir = grades_path.parent
    result = check_grades(learners, grades, grades_dir=grades_dir, course=course)
    paths = write_certificates(
        result.certified,
        out_dir,
        workshop=workshop,
        date=_clean(params.get("date")) or dt.date.today().isoformat(),
        trainer=_clean(params.get("trainer")),
        course_title=course_title,
        paper=paper,
    )
    return paths, [n.learner.name for n in result.not_certified]
