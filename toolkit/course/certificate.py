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
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.course.errors import CertificateError, HandoutError
from toolkit.course.fonts import compile_pdf, font_families
from toolkit.course.typst_markdown import break_long_words

__all__ = [
    "CERTIFICATES_DIR",
    "Certification",
    "Learner",
    "NotCertified",
    "certified",
    "check_grades",
    "make_certificates",
    "read_names",
    "render_certificate",
    "slugify",
    "write_certificates",
]

CERTIFICATES_DIR = "certificates"
PAPERS = {"a4": "a4", "letter": "us-letter", "us-letter": "us-letter", "usletter": "us-letter"}
LICENCE = "CC BY-SA 4.0"
NAME_LIMIT = 200  # characters; longer "names" are a pasted paragraph, not a name
COLUMNS = ("name", "handle", "notebook", "date")
_NOTEBOOK_SEP = re.compile(r"\s*;\s*")


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
    key = str(paper).strip().lower().replace(" ", "")
    if key not in PAPERS:
        msg = f"paper must be A4 or Letter, not {paper!r}"
        raise CertificateError(msg)
    return PAPERS[key]


def _clean(value: Any) -> str:
    """One line of text: control characters and runs of whitespace become single spaces."""
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in str(value or "")
    )
    return " ".join(text.split())


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
    if not name:
        msg = "the learner's name is empty; a certificate needs a name"
        raise CertificateError(msg)
    if len(name) > NAME_LIMIT:
        msg = f"the learner's name is {len(name)} characters long; use at most {NAME_LIMIT}"
        raise CertificateError(msg)
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
        if not name:
            msg = (
                f"{path}, line {line}: the name is empty. Fix: write the learner's name in the "
                f"'name' column, or delete the line."
            )
            raise CertificateError(msg)
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


def _lesson_title(entry: Mapping[str, Any], learner: Learner, grades_dir: Path | None) -> str:
    """The lesson title from the notebook's metadata, else one made from its file name."""
    path = str(entry["notebook"])
    candidates = [_resolved(path, grades_dir), _resolved(path, Path.cwd())]
    candidates += [_resolved(nb, learner.base_dir) for nb in learner.notebooks]
    for candidate in candidates:
        if not candidate or not candidate.endswith(".ipynb"):
            continue
        try:
            meta = json.loads(Path(candidate).read_text(encoding="utf-8")).get("metadata") or {}
        except (OSError, ValueError, AttributeError):
            continue
        title = (meta.get("course") or {}).get("title") if isinstance(meta, Mapping) else None
        if title:
            return _clean(title)
    stem = PurePosixPath(path.replace("\\", "/")).stem
    words = re.sub(r"^[\d\s._-]+", "", stem).replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else stem


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
) -> Certification:
    """Split learners by the grader's results: certified, or not certified (not finished yet).

    A learner is matched by the ``notebook`` column (same file, or a unique path suffix), or by
    ``handle`` when the grader's entries carry one. Every matched notebook must have passed;
    a learner with no matching result is not certified. ``grades=None`` certifies everyone.
    ``grades_dir`` is where relative paths in the grader's JSON start (its folder).
    """
    learners = list(learners)
    if grades is None:
        return Certification(certified=learners)
    entries = _grade_entries(grades)
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
            titles = tuple(dict.fromkeys(_lesson_title(e, learner, base) for e in matched))
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


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        _write_atomic(path, pdf)
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
) -> tuple[list[Path], list[str]]:
    """Certificates for a names CSV, in one call: ``(written paths, names not certified)``.

    ``params`` are the build's ``--param`` values: ``workshop`` (required), ``trainer`` and
    ``date`` (default: today, ISO format; a ``date`` column in the CSV wins). With
    ``grades_json`` (the saved output of ``python -m toolkit.grade --json``) only learners whose
    notebooks all passed get a certificate; the others come back as names "not certified
    (not finished yet)".
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
    result = check_grades(learners, grades, grades_dir=grades_dir)
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
