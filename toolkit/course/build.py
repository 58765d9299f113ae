"""The course build: ``build_course(course, out)``, the one entry point.

What it makes is one table (:mod:`toolkit.course.outputs`); how, a short pipeline
(:mod:`toolkit.course.pipeline`). For each notebook listed in ``course.toml``, in a process
pool (tasks, not notebooks, are the unit: a lesson with answers is two tasks that may run at
the same time)::

    lint                      docs/AUTHORING.md checks, in the worker; a malformed lesson is
                              not executed
    trainer task:
      execute (cached)        runner.run_notebook, cwd = the notebook's folder; key =
                              cache.execution_key; every cell runs, answers and trainer code
        strip_execution_metadata  (timings out, so nbval compares outputs only)
      trainer rows of outputs.DOCUMENT_OUTPUTS: notebook (everything, as executed), page
                              (notes and answers labelled)
    learner task (every notebook that is not trainer-only):
      execute learner variant (cached)   the notebook with its trainer and solution cells
                              removed BEFORE execution (key = the execution key + "learner"), so
                              no later cell shows an answer's effects (a "Well done!" card, a
                              post the answer made). A notebook with no trainer/solution CODE
                              cell has nothing to hide: its full execution is reused (same
                              task as the trainer outputs).
      learner rows: page, notebook, handout (PDF), take-home sheet (PDF, lessons); every
                              learner row's steps start with remove_trainer_cells (again:
                              defence in depth; nothing after it sees an answer)

Another language (``[course] languages``, ``--lang``) is the same build again, from the
notebooks translated by their catalogues (toolkit.course.l10n), into ``out/<lang>/`` with its
own state and cache; :func:`build_editions` builds each and lists them all in the top
``manifest.json``. The course's own edition never lists or deletes another's files.

Then, once for the course: the trainer guide (PDF, all lessons and front matter; started as
soon as every trainer notebook is written, while learner tasks still run), the outline pages,
``manifest.json``. Every output of a notebook is skipped when its inputs' key is unchanged
(``.state.json``); a failed notebook (either task) has all its outputs removed.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit.course import format as lesson_format
from toolkit.course.config import Course
from toolkit.course.errors import CourseError
from toolkit.course.languages import course_title, edition_dir, editions, linked_languages
from toolkit.course.manifest import MANIFEST, read_manifest, write_manifest
from toolkit.course.outdir import prepare_output
from toolkit.course.outputs import (
    LEARNER_NOTEBOOK,
    LEARNER_PAGE,
    TRAINER_NOTEBOOK,
    TRAINER_PAGE,
    Settings,
    load_handout,
)
from toolkit.course.pipeline import BuildOptions, BuildReport, finish, plan, run
from toolkit.course.state import STATE_FILE, clean
from toolkit.course.worker import DocumentResult

__all__ = [
    "LEARNER_NOTEBOOK",
    "LEARNER_PAGE",
    "STATE_FILE",
    "TRAINER_NOTEBOOK",
    "TRAINER_PAGE",
    "BuildOptions",
    "BuildReport",
    "DocumentResult",
    "build_course",
    "build_editions",
    "load_handout",
    "paper_size",
]


def paper_size(params: Mapping[str, Any]) -> str:
    """``a4`` or ``letter`` from the ``paper`` parameter (default A4)."""
    value = params.get("paper", "a4")
    name = lesson_format.paper(value)
    if name is None:
        msg = f"--param paper={value!r}: use A4 or Letter"
        raise CourseError(msg)
    return name


def _check(course: Course, options: BuildOptions) -> None:
    """Refuse the whole build (nothing changed) for an unknown lesson id or no PDF renderer."""
    known = {d.lesson for d in course.documents()}
    unknown = [x for x in options.lessons if x not in known]
    if unknown:
        listed = ", ".join(sorted(known))
        msg = f"unknown lesson id(s) {', '.join(unknown)}; course.toml lists {listed}"
        raise CourseError(msg)
    if options.language is not None:
        editions(course, [options.language])  # one course.toml does not list: refused
    if options.pdf and importlib.util.find_spec("toolkit.course.handout") is None:
        load_handout()  # raises HandoutUnavailableError with the reason and the way out


def build_course(course: Course, out: str | Path = "_build", **options: Any) -> BuildReport:
    """Build the course into ``out``; return a report (failures are in it, not raised).

    ``options`` are the fields of :class:`BuildOptions` (``lessons``, ``jobs``, ``params``,
    ``clean``, ``pdf``, ``timeout``, ``progress``, ``on_result``, ``hub``, ``language``: an
    edition in another language goes to ``out/<language>/``). Raises
    :class:`CourseError` only for problems with the whole build (unknown lesson id, bad paper
    size, no PDF renderer, an output folder that is not the build's).
    """
    start = time.perf_counter()
    opts = BuildOptions(**options)
    params = dict(opts.params or {})
    paper = paper_size(params)
    lang = opts.language or course.language
    report = BuildReport(Path(out, edition_dir(course, lang)).absolute())
    if not course.lessons:
        report.message = "No lessons listed in course.toml yet; nothing to build."
        return report
    _check(course, opts)
    # Refuses (nothing changed) a file, /, home, the course itself or someone's own folder.
    protected = [course.root, *(d.path for d in course.documents())]
    report.out = prepare_output(out, protected=protected)
    if lang != course.language:  # inside the course's own build folder, never beside it
        report.out = prepare_output(report.out / lang, protected=protected)
    if opts.clean:
        report.kept = clean(report.out)
    languages = course.editions if len(course.editions) > 1 else ()
    linked = linked_languages(course, out, {lang, *opts.editions})
    source_title = course.title  # the top manifest names the course as course.toml does
    # Every page, handout and sheet of this edition names the course in its language.
    course = replace(course, title=course_title(course, lang))
    settings = Settings(
        report.out, course.title, lang, course.licence, opts.pdf, paper,
        opts.timeout, params, languages, linked,
    )  # fmt: skip
    the_plan, report.results = plan(course, settings, opts.lessons)
    report.phases["plan"] = time.perf_counter() - start
    guide = None
    if the_plan.tasks:
        pool_start = time.perf_counter()
        guide = run(the_plan, report, opts)
        report.phases["pool"] = time.perf_counter() - pool_start
    finish_start = time.perf_counter()
    finish(the_plan, report, guide, opts.hub if lang == course.language else None)
    if lang != course.language:
        _list_edition(report.out.parent, lang, source_title)
    else:  # the others' own manifests list them again (--clean removed the top one)
        for other in course.editions[1:]:
            if (report.out / other / MANIFEST).is_file():
                _list_edition(report.out, other, source_title)
    order = {d.id: i for i, d in enumerate(the_plan.docs)}
    report.results.sort(key=lambda r: order[r.doc_id])
    report.phases["finish"] = time.perf_counter() - finish_start
    if guide is not None:
        report.phases["guide (in the pool)"] = guide.seconds
    report.seconds = time.perf_counter() - start
    return report


def _list_edition(root: Path, lang: str, title: str) -> None:
    """List another language's edition (``root/<lang>/manifest.json``) in the top manifest,
    its paths under ``<lang>/``; what it listed before is replaced."""
    own = [
        replace(e, path=f"{lang}/{e.path}", language=lang)
        for e in read_manifest(root / lang)
        if e.language == lang
    ]
    others = [e for e in read_manifest(root, every_language=True) if e.language != lang]
    write_manifest(root, title, others + own)


def build_editions(
    course: Course, out: str | Path = "_build", languages: Sequence[str] = (), **options: Any
) -> list[tuple[str, BuildReport]]:
    """Build each language's edition (``languages``: codes or comma lists; default every one
    ``course.toml`` lists), the course's own first; ``options`` as for :func:`build_course`.
    Raises :class:`CourseError` for a language course.toml does not list (nothing built)."""
    reports = []
    building = editions(course, languages)
    for lang in building:
        report = build_course(course, out, language=lang, editions=building, **options)
        if lang == course.language:  # another edition's files are not "kept" by this one
            others = tuple(f"{code}/" for code in course.editions if code != lang)
            report.kept = [k for k in report.kept if not k.startswith(others)]
        reports.append((lang, report))
    return reports
