"""The course build: one place that shows every step, in order.

For each notebook listed in ``course.toml``, in a process pool (tasks, not notebooks, are the
unit: a lesson with answers is two tasks that may run at the same time)::

    lint                      docs/AUTHORING.md checks, in the worker; a malformed lesson is
                              not executed
    trainer task:
      execute (cached)        papermill, cwd = the notebook's folder; key = cache.execution_key;
                              every cell runs, answers and trainer code included
        strip_execution_metadata  (inside execute: timings out, so nbval compares outputs only)
      trainer notebook  = TRAINER_NOTEBOOK steps     everything, as executed
      trainer page      = TRAINER_PAGE steps         notes and answers labelled
    learner task (every notebook that is not trainer-only):
      execute learner variant (cached)   the notebook with its trainer and solution cells
                              removed BEFORE execution (key = the execution key + "learner"), so
                              no later cell shows an answer's effects (a "Well done!" card, a
                              post the answer made). A notebook with no trainer/solution CODE
                              cell has nothing to hide: its full execution is reused (same
                              task as the trainer outputs).
      learner notebook  = LEARNER_NOTEBOOK steps     remove_trainer_cells FIRST (again: defence
      learner page      = LEARNER_PAGE steps         in depth; nothing after it sees an answer)
      learner handout   = handout.render_handout(learner notebook)     (PDF, lessons + exercises)
      take-home sheet   = handout.render_takehome(learner notebook)    (PDF, lessons)

Then, once for the course: the trainer guide (PDF, all lessons and front matter; started in
the pool as soon as every trainer notebook is written, while learner tasks still run), index
pages (outline), ``manifest.json``. Every output of a notebook is skipped when its inputs' key
is unchanged (``.state.json``); a failed notebook (either task) has all its outputs removed.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.course import steps as S
from toolkit.course.cache import ExecutionCache, execution_key, hash_parts
from toolkit.course.config import Course, Document
from toolkit.course.errors import CourseError, HandoutUnavailableError
from toolkit.course.files import atomic_write_bytes, atomic_write_text, remove_quietly
from toolkit.course.manifest import (
    MANIFEST,
    ManifestEntry,
    parse_entry,
    read_manifest,
    write_manifest,
)
from toolkit.course.outdir import clean_output, confined, prepare_output

__all__ = [
    "LEARNER_NOTEBOOK",
    "LEARNER_PAGE",
    "TRAINER_NOTEBOOK",
    "TRAINER_PAGE",
    "BuildReport",
    "DocumentResult",
    "build_course",
    "load_handout",
    "paper_size",
]

# --- The steps, in order (each is (nb, resources) -> (nb, resources)) -------------------------
# remove_trainer_cells must come first in every learner list: later steps never see answers.
LEARNER_NOTEBOOK: list[S.Step] = [S.remove_trainer_cells]
LEARNER_PAGE: list[S.Step] = [
    S.remove_trainer_cells,
    S.remove_parameters_cells,
    S.strip_widget_state,
]
TRAINER_NOTEBOOK: list[S.Step] = []
# mark_trainer_notes before strip_widget_state: order among these two does not matter, but
# remove_parameters_cells must run after nothing that inserts cells next to parameters.
TRAINER_PAGE: list[S.Step] = [S.remove_parameters_cells, S.mark_trainer_notes, S.strip_widget_state]

STATE_FILE = ".state.json"
CACHE_DIR = ".cache"
TRAINER_GUIDE = "trainer/trainer-guide.pdf"
CERTIFICATES_DIR = "certificates"  # toolkit.course.certificate.CERTIFICATES_DIR (not imported:
# it loads Typst, and the build's parent process stays light)
PAPERS = {"a4": "a4", "letter": "letter", "us-letter": "letter", "usletter": "letter"}
_RENDER_SUFFIXES = (".py", ".css", ".typ", ".j2")


def paper_size(params: Mapping[str, Any]) -> str:
    """``a4`` or ``letter`` from the ``paper`` parameter (default A4)."""
    value = str(params.get("paper", "a4")).strip().lower()
    if value not in PAPERS:
        msg = f"--param paper={params.get('paper')!r}: use A4 or Letter"
        raise CourseError(msg)
    return PAPERS[value]


def load_handout():
    """Import ``toolkit.course.handout`` (the PDF renderer), or raise a clear error."""
    try:
        from toolkit.course import handout  # noqa: PLC0415 - lazily: another module's work
    except ImportError as exc:
        msg = (
            f"PDF handouts need toolkit.course.handout, which cannot be imported ({exc}). "
            "Build without PDFs with --no-pdf, or install what it needs."
        )
        raise HandoutUnavailableError(msg) from exc
    return handout


def _render_fingerprint() -> str:
    from toolkit.course.cache import TOOLKIT_DIR  # noqa: PLC0415

    parts: list[str | bytes] = []
    for path in sorted(TOOLKIT_DIR.rglob("*")):
        if path.suffix in _RENDER_SUFFIXES and "__pycache__" not in path.parts:
            parts += [path.relative_to(TOOLKIT_DIR).as_posix(), path.read_bytes()]
    return hash_parts(parts)


# --- One notebook: runs in a worker process ----------------------------------------------------
@dataclass(frozen=True)
class DocumentTask:
    doc: Document
    key: str
    exec_key: str
    params: dict[str, Any]
    out: Path
    course_title: str
    language: str
    licence: str
    nav: dict[str, tuple[Any, Any]]  # audience -> (prev Link | None, next Link | None)
    pdf: bool
    paper: str
    timeout: int
    # Which execution: None = every cell (answers included), "learner" = the learner variant.
    variant: str | None = None
    # Whose outputs this task writes from that execution: ("trainer",), ("learner",) or both
    # (both only when the notebook has no trainer/solution code cell to hide).
    audiences: tuple[str, ...] = ("learner", "trainer")


@dataclass
class DocumentResult:
    """What happened to one notebook."""

    doc_id: str
    lesson: str
    status: str  # "built" | "cached" | "skipped" | "failed"
    executed: bool = False
    seconds: float = 0.0
    outputs: list[ManifestEntry] = field(default_factory=list)
    error: CourseError | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step (--profile)


@dataclass(frozen=True)
class GuideTask:
    out: Path
    key: str
    front: tuple[str, ...]  # doc ids, in course order
    lessons: tuple[str, ...]
    paper: str
    course_title: str


@dataclass
class GuideResult:
    key: str
    error: str | None = None
    seconds: float = 0.0


def outputs_for(doc: Document, *, pdf: bool) -> list[ManifestEntry]:
    """Every output file one notebook makes (paths relative to the output root)."""
    entries = []
    if not doc.trainer_only:
        entries += [
            ManifestEntry(f"learner/{doc.id}.html", doc.lesson, "learner", "html"),
            ManifestEntry(f"learner/{doc.id}.ipynb", doc.lesson, "learner", "notebook"),
        ]
        if pdf:
            entries.append(
                ManifestEntry(f"learner/{doc.id}-handout.pdf", doc.lesson, "learner", "pdf")
            )
            if doc.part == "lesson":
                entries.append(
                    ManifestEntry(f"learner/{doc.id}-takehome.pdf", doc.lesson, "learner", "pdf")
                )
    entries += [
        ManifestEntry(f"trainer/{doc.id}.html", doc.lesson, "trainer", "html"),
        ManifestEntry(f"trainer/{doc.id}.ipynb", doc.lesson, "trainer", "notebook"),
    ]
    return entries


_QUIET: list[bool] = []


def _quiet_kernels(log: Path) -> None:
    """In a worker, send stderr (kernel start-up chatter) to a log file instead of the terminal."""
    if _QUIET or multiprocessing.parent_process() is None:
        return
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a planted link must not make kernels append to a file elsewhere.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(log, flags, 0o666)
    except OSError:
        return  # the chatter stays on the terminal; the build goes on
    os.dup2(fd, 2)
    os.close(fd)
    _QUIET.append(True)


@contextlib.contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - start


def _lint_error(doc: Document) -> CourseError | None:
    from toolkit.course.lint import check_path  # noqa: PLC0415

    problems = check_path(doc.path, doc.id, part=doc.part)
    if not problems:
        return None
    return problems[0] if len(problems) == 1 else CourseError("\n".join(map(str, problems)))


def build_document(task: DocumentTask) -> DocumentResult:
    """Lint, execute (or fetch from the cache) one notebook variant and write its outputs."""
    import nbformat  # noqa: PLC0415

    from toolkit.course import site  # noqa: PLC0415
    from toolkit.course.execute import execute_cached  # noqa: PLC0415

    doc, out = task.doc, task.out
    _quiet_kernels(out / CACHE_DIR / "kernels.log")
    start = time.perf_counter()
    result = DocumentResult(doc.id, doc.lesson, "built")
    phases = result.phases
    run = "execute learner" if task.variant else "execute"
    try:
        with _timed(phases, "lint"):
            error = _lint_error(doc)
        if error is not None:
            raise error
        with _timed(phases, run):
            nb, result.executed = execute_cached(
                doc.path,
                task.params,
                key=task.exec_key,
                cache=ExecutionCache(out / CACHE_DIR),
                lesson=doc.id,
                timeout=task.timeout,
                variant=task.variant,
            )
        if not result.executed:
            result.status = "cached"
        common = {
            "course_title": task.course_title,
            "language": task.language,
            "licence": task.licence,
        }
        files: dict[str, bytes] = {}
        if "learner" in task.audiences and not doc.trainer_only:
            learner_nb, _ = S.apply(LEARNER_NOTEBOOK, nb)
            with _timed(phases, "notebook"):
                files[f"learner/{doc.id}.ipynb"] = nbformat.writes(learner_nb).encode()
            page_nb, _ = S.apply(LEARNER_PAGE, nb)
            prev, nxt = task.nav["learner"]
            with _timed(phases, "html"):
                files[f"learner/{doc.id}.html"] = site.lesson_page(
                    page_nb, title=doc.title, audience="learner", prev=prev, next=nxt, **common
                ).encode()
            if task.pdf:
                handout = load_handout()
                with _timed(phases, "pdf"):
                    files[f"learner/{doc.id}-handout.pdf"] = handout.render_handout(
                        learner_nb,
                        audience="learner",
                        paper=task.paper,
                        course_title=task.course_title,
                        base_dir=doc.path.parent,  # images beside the lesson print
                    )
                    if doc.part == "lesson":
                        files[f"learner/{doc.id}-takehome.pdf"] = handout.render_takehome(
                            learner_nb, paper=task.paper, course_title=task.course_title
                        )
        if "trainer" in task.audiences:
            trainer_nb, _ = S.apply(TRAINER_NOTEBOOK, nb)
            with _timed(phases, "notebook"):
                files[f"trainer/{doc.id}.ipynb"] = nbformat.writes(trainer_nb).encode()
            page_nb, _ = S.apply(TRAINER_PAGE, nb)
            prev, nxt = task.nav["trainer"]
            with _timed(phases, "html"):
                files[f"trainer/{doc.id}.html"] = site.lesson_page(
                    page_nb, title=doc.title, audience="trainer", prev=prev, next=nxt, **common
                ).encode()
        with _timed(phases, "write"):
            for rel, data in files.items():  # all rendered first: a failure writes nothing
                atomic_write_bytes(out / rel, data)
        result.outputs = [e for e in outputs_for(doc, pdf=task.pdf) if e.audience in task.audiences]
    except CourseError as exc:
        result.status, result.error = "failed", exc
    except Exception as exc:  # noqa: BLE001 - report any rendering failure against its lesson
        result.status = "failed"
        result.error = CourseError(
            f"{doc.id}: building its outputs failed: {type(exc).__name__}: {exc}"
        )
    result.seconds = time.perf_counter() - start
    return result


def _merge(doc: Document, parts: list[DocumentResult], *, pdf: bool) -> DocumentResult:
    """One notebook's result from its tasks' results (failed when any of them failed)."""
    merged = DocumentResult(doc.id, doc.lesson, "built")
    merged.executed = any(r.executed for r in parts)
    merged.seconds = sum(r.seconds for r in parts)
    for r in parts:
        for name, secs in r.phases.items():
            merged.phases[name] = merged.phases.get(name, 0.0) + secs
    errors = [r.error for r in parts if r.status == "failed"]
    if errors:
        merged.status = "failed"
        merged.error = errors[0] or CourseError(f"{doc.id}: failed")
    else:
        merged.status = "built" if merged.executed else "cached"
        merged.outputs = outputs_for(doc, pdf=pdf)
    return merged


def _document_tasks(base: DocumentTask, source: bytes) -> list[DocumentTask]:
    """The pool tasks of one notebook: trainer and learner executions, or one when they agree."""
    from toolkit.course.execute import LEARNER, has_answer_code  # noqa: PLC0415

    if base.doc.trainer_only:
        return [replace(base, audiences=("trainer",))]
    try:
        answers = has_answer_code(json.loads(source))
    except ValueError:
        answers = True  # unreadable: lint reports it; never assume there is nothing to hide
    if not answers:
        return [replace(base, audiences=("learner", "trainer"))]
    return [
        replace(base, audiences=("trainer",)),
        replace(base, variant=LEARNER, audiences=("learner",)),
    ]


def build_guide(task: GuideTask) -> GuideResult:
    """Render the trainer guide from the trainer notebooks already written under ``out``."""
    import nbformat  # noqa: PLC0415

    start = time.perf_counter()
    result = GuideResult(task.key)
    try:

        def read(doc_id: str):
            return nbformat.read(task.out / f"trainer/{doc_id}.ipynb", as_version=4)

        data = load_handout().render_trainer_guide(
            [read(i) for i in task.lessons],
            paper=task.paper,
            course_title=task.course_title,
            front_matter=[read(i) for i in task.front],
        )
        atomic_write_bytes(task.out / TRAINER_GUIDE, data)
    except Exception as exc:  # noqa: BLE001 - reported, the rest of the build stands
        result.error = f"trainer guide: rendering failed: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    return result


# --- The whole course ---------------------------------------------------------------------------
@dataclass
class BuildReport:
    """The outcome of :func:`build_course` (also what the CLI prints)."""

    out: Path
    results: list[DocumentResult] = field(default_factory=list)
    course_outputs: list[ManifestEntry] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""
    kept: list[str] = field(default_factory=list)  # files --clean left (not the build's)
    course_errors: list[CourseError] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # the parent's steps (--profile)

    @property
    def executed(self) -> list[str]:
        """Ids of the notebooks that were actually executed (not taken from the cache)."""
        return [r.doc_id for r in self.results if r.executed]

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.course_errors


def _read_state(out: Path) -> dict[str, Any]:
    """``.state.json``: only well-formed notebook entries whose outputs all stay in ``out``.

    A notebook with any bad entry loses its state (it is simply built again); nothing read
    here is ever followed out of the folder.
    """
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    docs = state.get("docs")
    good: dict[str, Any] = {}
    for doc_id, item in (docs if isinstance(docs, dict) else {}).items():
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            continue
        outputs = item.get("outputs")
        entries = [parse_entry(e, out) for e in (outputs if isinstance(outputs, list) else [0])]
        if all(e is not None for e in entries):
            good[doc_id] = {"key": item["key"], "outputs": [asdict(e) for e in entries if e]}
    course = state.get("course")
    course = course if isinstance(course, dict) else {}
    return {"docs": good, "course": {k: v for k, v in course.items() if isinstance(v, str)}}


def _clean(out: Path) -> list[str]:
    """``--clean``: delete what earlier builds made in ``out``; return what was kept."""
    from toolkit.course.site import CSS_FILE  # noqa: PLC0415 - light module

    listed = [STATE_FILE, MANIFEST, TRAINER_GUIDE]
    listed += [e["path"] for d in _read_state(out)["docs"].values() for e in d["outputs"]]
    listed += [e.path for e in read_manifest(out)]
    for audience in ("learner", "trainer"):
        listed += [f"{audience}/{name}" for name in ("index.html", "glossary.html", CSS_FILE)]
    cached = ExecutionCache(out / CACHE_DIR).own_files()
    listed += [f"{CACHE_DIR}/{rel}" for rel in [*cached, "kernels.log"]]
    folders = ["learner", "trainer", CERTIFICATES_DIR, CACHE_DIR]
    folders += sorted({f"{CACHE_DIR}/{rel.split('/')[0]}" for rel in cached})
    return clean_output(out, listed, folders)


def _remove_outputs(out: Path, paths: set[str]) -> None:
    """Remove outputs named in the state, each only when it is inside ``out``."""
    for rel in paths:
        target = confined(out, rel)
        if target is not None:
            remove_quietly(target)


def _notebook_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _glossary(raw: object) -> list[tuple[object, object]]:
    """A notebook's glossary: its ``{term: definition}`` pairs (nothing when it is no mapping)."""
    return list(raw.items()) if isinstance(raw, Mapping) else []


def _texts(raw: object) -> tuple[str, ...]:
    """The texts in a notebook's list (objectives): nothing when it is no list."""
    return tuple(t for t in raw if isinstance(t, str)) if isinstance(raw, list) else ()


def _navigation(docs: Sequence[Document], audience: str) -> dict[str, tuple[Any, Any]]:
    from toolkit.course.site import Link  # noqa: PLC0415

    order = [d for d in docs if audience == "trainer" or not d.trainer_only]
    nav = {}
    for i, d in enumerate(order):
        prev = Link(f"{order[i - 1].id}.html", order[i - 1].title) if i > 0 else None
        nxt = Link(f"{order[i + 1].id}.html", order[i + 1].title) if i + 1 < len(order) else None
        nav[d.id] = (prev, nxt)
    return nav


def build_course(
    course: Course,
    out: str | Path = "_build",
    *,
    lessons: Sequence[str] = (),
    jobs: int | None = None,
    params: Mapping[str, Any] | None = None,
    clean: bool = False,
    pdf: bool = True,
    timeout: int = 600,
    progress: bool = True,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> BuildReport:
    """Build the course into ``out``; return a report (failures are in it, not raised).

    ``lessons`` selects lesson / front-matter ids (default: all). Raises :class:`CourseError`
    only for problems with the whole build (unknown lesson id, bad paper size, no PDF renderer).
    """
    start = time.perf_counter()
    params = dict(params or {})
    paper = paper_size(params)
    report = BuildReport(Path(out).absolute())
    docs = course.documents()
    if not course.lessons:
        report.message = "No lessons listed in course.toml yet; nothing to build."
        return report
    known = {d.lesson for d in docs}
    unknown = [x for x in lessons if x not in known]
    if unknown:
        listed = ", ".join(sorted(known))
        msg = f"unknown lesson id(s) {', '.join(unknown)}; course.toml lists {listed}"
        raise CourseError(msg)
    if pdf and importlib.util.find_spec("toolkit.course.handout") is None:
        load_handout()  # raises HandoutUnavailableError with the reason and the way out
    # Refuses (nothing changed) a file, /, home, the course itself or someone's own folder.
    out = prepare_output(out, protected=[course.root, *(d.path for d in docs)])
    report.out = out
    if clean:
        report.kept = _clean(out)

    selected = [d for d in docs if not lessons or d.lesson in lessons]
    state = _read_state(out)
    doc_state: dict[str, Any] = state.get("docs", {})
    course_state = state.setdefault("course", {})
    render_fp = _render_fingerprint()
    navs = {a: _navigation(docs, a) for a in ("learner", "trainer")}
    common = [course.title, course.language, course.licence, str(pdf), paper, render_fp]

    # Plan: which notebooks are unchanged (skipped), which need tasks in the pool.
    keys: dict[str, str] = {}
    tasks: list[DocumentTask] = []
    for doc in selected:
        source = doc.path.read_bytes()
        exec_key = execution_key(source, params)
        nav = {a: navs[a].get(doc.id, (None, None)) for a in navs}
        nav_json = json.dumps({a: [asdict(x) if x else None for x in v] for a, v in nav.items()})
        key = hash_parts([exec_key, nav_json, *common])
        old = doc_state.get(doc.id, {})
        if old.get("key") == key and all(
            (out / e["path"]).is_file() for e in old.get("outputs", [])
        ):
            report.results.append(
                DocumentResult(
                    doc.id,
                    doc.lesson,
                    "skipped",
                    outputs=[ManifestEntry(**e) for e in old["outputs"]],
                )
            )
            continue
        keys[doc.id] = key
        base = DocumentTask(
            doc,
            key,
            exec_key,
            params,
            out,
            course.title,
            course.language,
            course.licence,
            nav,
            pdf,
            paper,
            timeout,
        )
        tasks += _document_tasks(base, source)
    report.phases["plan"] = time.perf_counter() - start

    guide = _GuidePlan(course, docs, out, course_state, doc_state, keys, pdf, paper, render_fp)
    if tasks:
        pool_start = time.perf_counter()
        _run_tasks(tasks, docs, keys, doc_state, report, guide, jobs, progress, on_result)
        report.phases["pool"] = time.perf_counter() - pool_start

    finish = time.perf_counter()
    # A failed notebook leaves nothing stale behind: remove its old outputs and state.
    for result in report.failed:
        doc = next(d for d in docs if d.id == result.doc_id)
        old = doc_state.pop(doc.id, {})
        _remove_outputs(
            out,
            {e["path"] for e in old.get("outputs", [])}
            | {e.path for e in outputs_for(doc, pdf=True)},
        )
    # Notebooks no longer listed in course.toml: remove their outputs too.
    current = {d.id for d in docs}
    for gone in [k for k in doc_state if k not in current]:
        _remove_outputs(out, {e["path"] for e in doc_state.pop(gone)["outputs"]})

    order = {d.id: i for i, d in enumerate(docs)}
    report.results.sort(key=lambda r: order[r.doc_id])
    state["docs"] = doc_state
    report.course_outputs = _build_course_outputs(
        course, docs, out, state, pdf, paper, render_fp, report.course_errors, guide
    )
    entries = [ManifestEntry(**e) for d in docs for e in doc_state.get(d.id, {}).get("outputs", [])]
    # Certificates (build_course.py --certificates) are not the build's: keep their entries.
    entries += [
        e
        for e in read_manifest(out)
        if e.path.startswith(f"{CERTIFICATES_DIR}/") and (out / e.path).is_file()
    ]
    write_manifest(out, course.title, report.course_outputs + entries)
    text = json.dumps(state, indent=1, sort_keys=True)
    if not (out / STATE_FILE).is_file() or (out / STATE_FILE).read_text(encoding="utf-8") != text:
        atomic_write_text(out / STATE_FILE, text)
    report.phases["finish"] = time.perf_counter() - finish
    if guide.result is not None:
        report.phases["guide (in the pool)"] = guide.result.seconds
    report.seconds = time.perf_counter() - start
    return report


def _reraise(exc: BaseException) -> Any:
    raise exc


def _guide_key(keys: Sequence[str], paper: str, render_fp: str) -> str:
    return hash_parts([*keys, paper, render_fp])


class _GuidePlan:
    """The trainer guide: started in the pool once every trainer notebook is written."""

    def __init__(
        self,
        course: Course,
        docs: list[Document],
        out: Path,
        course_state: dict[str, Any],
        doc_state: dict[str, Any],
        keys: dict[str, str],
        pdf: bool,
        paper: str,
        render_fp: str,
    ) -> None:
        self.course, self.docs, self.out = course, docs, out
        self.course_state, self.doc_state, self.keys = course_state, doc_state, keys
        self.pdf, self.paper, self.render_fp = pdf, paper, render_fp
        self.trainer_ok: set[str] = set()  # notebooks whose trainer outputs were just written
        self.failed: set[str] = set()
        self.result: GuideResult | None = None

    def early_task(self) -> GuideTask | None:
        """The guide task for the notebooks present now, or None when it is not needed."""
        if not self.pdf:
            return None
        present = [
            d
            for d in self.docs
            if d.id in self.trainer_ok or (d.id not in self.keys and d.id in self.doc_state)
        ]
        present = [d for d in present if d.id not in self.failed]
        if not any(not d.trainer_only for d in present):
            return None
        key = _guide_key(
            [self.keys.get(d.id) or self.doc_state[d.id]["key"] for d in present],
            self.paper,
            self.render_fp,
        )
        guide_path = self.out / TRAINER_GUIDE
        if self.course_state.get("guide") == key and guide_path.is_file():
            return None
        self.course_state.pop("guide", None)
        remove_quietly(guide_path)  # never leave a guide that no longer matches
        return GuideTask(
            self.out,
            key,
            tuple(d.id for d in present if d.trainer_only),
            tuple(d.id for d in present if not d.trainer_only),
            self.paper,
            self.course.title,
        )


def _run_tasks(
    tasks: list[DocumentTask],
    docs: list[Document],
    keys: dict[str, str],
    doc_state: dict[str, Any],
    report: BuildReport,
    guide: _GuidePlan,
    jobs: int | None,
    progress: bool,
    on_result: Callable[[DocumentResult], None] | None,
) -> None:
    """Run the notebooks' tasks (and the trainer guide, when it is due) in the process pool.

    Trainer tasks are queued first; when the last one is done the guide goes to the head of
    the queue, so it renders while learner tasks still run.
    """
    from concurrent.futures import FIRST_COMPLETED, wait  # noqa: PLC0415

    from tqdm import tqdm  # noqa: PLC0415

    from toolkit.course.execute import make_pool  # noqa: PLC0415

    by_id = {d.id: d for d in docs}
    ordered: list[DocumentTask] = sorted(tasks, key=lambda t: "trainer" not in t.audiences)
    queue: deque[DocumentTask | GuideTask] = deque(ordered)  # sorted is stable: course order
    remaining = {doc_id: sum(t.doc.id == doc_id for t in tasks) for doc_id in keys}
    trainer_left = sum("trainer" in t.audiences for t in tasks)
    parts: dict[str, list[DocumentResult]] = {doc_id: [] for doc_id in keys}
    guide_due = guide.pdf
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) + int(guide_due)))

    def crashed(task: DocumentTask, exc: BaseException) -> DocumentResult:
        error = CourseError(f"{task.doc.id}: worker crashed: {exc}")
        return DocumentResult(task.doc.id, task.doc.lesson, "failed", error=error)

    with (
        tqdm(
            total=len(keys),
            desc="Building",
            unit="notebook",
            disable=None if progress else True,
            leave=False,
        ) as bar,
        make_pool(workers) as pool,
    ):
        running: dict[Any, DocumentTask | GuideTask] = {}

        def finished(task: DocumentTask | GuideTask, get: Callable[[], Any]) -> None:
            nonlocal trainer_left
            if isinstance(task, GuideTask):
                try:
                    guide.result = get()
                except Exception as exc:  # noqa: BLE001 - reported with the course outputs
                    guide.result = GuideResult(task.key, f"trainer guide: {exc}")
                return
            try:
                result = get()
            except Exception as exc:  # noqa: BLE001 - a worker died: report, go on
                result = crashed(task, exc)
            doc_id = task.doc.id
            parts[doc_id].append(result)
            if "trainer" in task.audiences:
                trainer_left -= 1
                (guide.trainer_ok if result.status != "failed" else guide.failed).add(doc_id)
            elif result.status == "failed":
                guide.failed.add(doc_id)
            remaining[doc_id] -= 1
            if remaining[doc_id]:
                return
            merged = _merge(by_id[doc_id], parts[doc_id], pdf=guide.pdf)
            report.results.append(merged)
            if merged.status != "failed":
                doc_state[doc_id] = {
                    "key": keys[doc_id],
                    "outputs": [asdict(e) for e in merged.outputs],
                }
            bar.set_postfix_str(doc_id)
            bar.update()
            if on_result is not None:
                on_result(merged)

        def fill() -> None:
            while queue and len(running) < workers:
                task = queue.popleft()
                func: Callable[[Any], Any] = (
                    build_guide if isinstance(task, GuideTask) else build_document
                )
                try:
                    running[pool.submit(func, task)] = task
                except Exception as exc:  # noqa: BLE001 - the pool broke: fail what is left
                    finished(task, functools.partial(_reraise, exc))

        fill()
        while running or queue:
            done, _ = wait(running, return_when=FIRST_COMPLETED) if running else (set(), set())
            for future in done:
                finished(running.pop(future), future.result)
            if guide_due and trainer_left == 0:
                guide_due = False
                early = guide.early_task()
                if early is not None:
                    queue.appendleft(early)
            fill()


def _build_course_outputs(
    course: Course,
    docs: list[Document],
    out: Path,
    state: dict[str, Any],
    pdf: bool,
    paper: str,
    render_fp: str,
    errors: list[CourseError],
    guide: _GuidePlan | None = None,
) -> list[ManifestEntry]:
    """Index pages and the trainer guide; each skipped when its inputs are unchanged.

    A guide rendered in the pool (``guide.result``) is kept when it covers exactly the
    notebooks that built; otherwise (a learner task failed after it started) it is rendered
    again here.
    """
    doc_state = state["docs"]
    course_state = state.setdefault("course", {})
    present = [d for d in docs if d.id in doc_state]
    entries = [
        ManifestEntry("learner/index.html", None, "learner", "html"),
        ManifestEntry("trainer/index.html", None, "trainer", "html"),
        ManifestEntry("learner/glossary.html", None, "learner", "html"),
        ManifestEntry("trainer/glossary.html", None, "trainer", "html"),
    ]
    site_pages = len(entries)

    guide_path = out / TRAINER_GUIDE
    if pdf:
        guide_key = _guide_key([doc_state[d.id]["key"] for d in present], paper, render_fp)
        nbs_present = any(not d.trainer_only for d in present)
        early = guide.result if guide is not None else None
        if early is not None and early.key == guide_key:
            if early.error is None and guide_path.is_file():
                course_state["guide"] = guide_key
            else:
                course_state.pop("guide", None)
                remove_quietly(guide_path)
                errors.append(CourseError(early.error or "trainer guide: not written"))
        elif not nbs_present:
            remove_quietly(guide_path)
            course_state.pop("guide", None)
        elif course_state.get("guide") != guide_key or not guide_path.is_file():
            course_state.pop("guide", None)
            remove_quietly(guide_path)  # never leave a guide that no longer matches
            task = GuideTask(
                out,
                guide_key,
                tuple(d.id for d in present if d.trainer_only),
                tuple(d.id for d in present if not d.trainer_only),
                paper,
                course.title,
            )
            done = build_guide(task)
            if done.error is not None:
                errors.append(CourseError(done.error))
            else:
                course_state["guide"] = guide_key
        if guide_path.is_file():
            entries.append(ManifestEntry(TRAINER_GUIDE, None, "trainer", "pdf"))

    outline_json = json.dumps(
        [[d.id, d.part, d.title, str(d.path), _notebook_meta(d.path)] for d in present]
    )
    index_key = hash_parts(
        [
            outline_json,
            course.title,
            course.language,
            course.licence,
            str(pdf),
            str(guide_path.is_file()),
            render_fp,
        ]
    )
    if course_state.get("index") != index_key or not all(
        (out / e.path).is_file() for e in entries[:site_pages]
    ):
        _write_indexes(course, present, out, pdf)
        course_state["index"] = index_key
    from toolkit.course.site import write_stylesheet  # noqa: PLC0415 - light module

    for audience in ("learner", "trainer"):
        write_stylesheet(out / audience)
    return entries


def _write_indexes(course: Course, present: list[Document], out: Path, pdf: bool) -> None:
    from toolkit.course import site  # noqa: PLC0415
    from toolkit.course.lint import total_minutes  # noqa: PLC0415 - imports nbformat (slow)

    for audience in ("learner", "trainer"):
        items = []
        for d in present:
            if d.trainer_only and audience == "learner":
                continue
            meta = _notebook_meta(d.path)
            extra: list[site.Link] = []
            if pdf and audience == "learner":
                extra.append(site.Link(f"{d.id}-handout.pdf", "Printable handout (PDF)"))
                if d.part == "lesson":
                    extra.append(site.Link(f"{d.id}-takehome.pdf", "Take-home sheet (PDF)"))
            extra.append(site.Link(f"{d.id}.ipynb", "Notebook"))
            minutes = meta.get("minutes")
            items.append(
                site.OutlineItem(
                    href=f"{d.id}.html",
                    title=str(meta["title"]) if isinstance(meta.get("title"), str) else d.title,
                    part=d.part,
                    minutes=total_minutes(minutes) or None,
                    objectives=_texts(meta.get("objectives")),
                    extra=tuple(extra),
                )
            )
        downloads: tuple[site.Link, ...] = (
            site.Link("glossary.html", "Glossary: the new words in this course"),
        )
        if pdf and audience == "trainer" and (out / TRAINER_GUIDE).is_file():
            downloads += (site.Link("trainer-guide.pdf", "Trainer guide, all lessons (PDF)"),)
        page = site.index_page(
            items,
            course_title=course.title,
            audience=audience,
            language=course.language,
            licence=course.licence,
            extra=downloads,
        )
        atomic_write_text(out / audience / "index.html", page)
        glossary = [
            site.GlossaryEntry(str(term), str(definition), site.Link(f"{d.id}.html", d.title))
            for d in present
            if d.part == "lesson"
            for term, definition in _glossary(_notebook_meta(d.path).get("glossary"))
        ]
        atomic_write_text(
            out / audience / "glossary.html",
            site.glossary_page(
                glossary,
                course_title=course.title,
                audience=audience,
                language=course.language,
                licence=course.licence,
            ),
        )
