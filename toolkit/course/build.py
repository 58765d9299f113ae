"""The course build: one place that shows every step, in order.

For each notebook listed in ``course.toml`` (in a process pool, one notebook per task)::

    lint                      docs/AUTHORING.md checks; a malformed lesson is not executed
    execute (cached)          papermill, cwd = the notebook's folder; key = cache.execution_key
      strip_execution_metadata  (inside execute: timings out, so nbval compares outputs only)
    learner notebook  = LEARNER_NOTEBOOK steps     remove_trainer_cells FIRST: nothing after it
    learner page      = LEARNER_PAGE steps         can see an answer or a trainer note
    learner handout   = handout.render_handout(learner notebook)     (PDF, lessons + exercises)
    take-home sheet   = handout.render_takehome(learner notebook)    (PDF, lessons)
    trainer notebook  = TRAINER_NOTEBOOK steps     everything, as executed
    trainer page      = TRAINER_PAGE steps         notes and answers labelled

Then, once for the course: index pages (outline), the trainer guide (PDF, all lessons and front
matter), ``manifest.json``. Every output of a notebook is skipped when its inputs' key is
unchanged (``.state.json``); a failed notebook's outputs are removed.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.course import steps as S
from toolkit.course.cache import ExecutionCache, execution_key, hash_parts
from toolkit.course.config import Course, Document
from toolkit.course.errors import CourseError, HandoutUnavailableError
from toolkit.course.files import atomic_write_bytes, atomic_write_text, remove_quietly
from toolkit.course.manifest import ManifestEntry, write_manifest

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
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    _QUIET.append(True)


def build_document(task: DocumentTask) -> DocumentResult:
    """Execute (or fetch from the cache) one notebook and write all its outputs."""
    import nbformat  # noqa: PLC0415

    from toolkit.course import site  # noqa: PLC0415
    from toolkit.course.execute import execute_cached  # noqa: PLC0415

    doc, out = task.doc, task.out
    _quiet_kernels(out / CACHE_DIR / "kernels.log")
    start = time.perf_counter()
    result = DocumentResult(doc.id, doc.lesson, "built")
    try:
        nb, result.executed = execute_cached(
            doc.path,
            task.params,
            key=task.exec_key,
            cache=ExecutionCache(out / CACHE_DIR),
            lesson=doc.id,
            timeout=task.timeout,
        )
        if not result.executed:
            result.status = "cached"
        common = {
            "course_title": task.course_title,
            "language": task.language,
            "licence": task.licence,
        }
        files: dict[str, bytes] = {}
        if not doc.trainer_only:
            learner_nb, _ = S.apply(LEARNER_NOTEBOOK, nb)
            files[f"learner/{doc.id}.ipynb"] = nbformat.writes(learner_nb).encode()
            page_nb, _ = S.apply(LEARNER_PAGE, nb)
            prev, nxt = task.nav["learner"]
            files[f"learner/{doc.id}.html"] = site.lesson_page(
                page_nb, title=doc.title, audience="learner", prev=prev, next=nxt, **common
            ).encode()
            if task.pdf:
                handout = load_handout()
                files[f"learner/{doc.id}-handout.pdf"] = handout.render_handout(
                    learner_nb, audience="learner", paper=task.paper, course_title=task.course_title
                )
                if doc.part == "lesson":
                    files[f"learner/{doc.id}-takehome.pdf"] = handout.render_takehome(
                        learner_nb, paper=task.paper, course_title=task.course_title
                    )
        trainer_nb, _ = S.apply(TRAINER_NOTEBOOK, nb)
        files[f"trainer/{doc.id}.ipynb"] = nbformat.writes(trainer_nb).encode()
        page_nb, _ = S.apply(TRAINER_PAGE, nb)
        prev, nxt = task.nav["trainer"]
        files[f"trainer/{doc.id}.html"] = site.lesson_page(
            page_nb, title=doc.title, audience="trainer", prev=prev, next=nxt, **common
        ).encode()
        for rel, data in files.items():  # all rendered first: a failure writes nothing
            atomic_write_bytes(out / rel, data)
        result.outputs = outputs_for(doc, pdf=task.pdf)
    except CourseError as exc:
        result.status, result.error = "failed", exc
    except Exception as exc:  # noqa: BLE001 - report any rendering failure against its lesson
        result.status = "failed"
        result.error = CourseError(
            f"{doc.id}: building its outputs failed: {type(exc).__name__}: {exc}"
        )
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
    course_errors: list[CourseError] = field(default_factory=list)

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
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _notebook_meta(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


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
    out = Path(out).resolve()
    params = dict(params or {})
    paper = paper_size(params)
    report = BuildReport(out)
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
    if clean and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)

    selected = [d for d in docs if not lessons or d.lesson in lessons]
    state = _read_state(out)
    doc_state: dict[str, Any] = state.get("docs", {})
    render_fp = _render_fingerprint()
    navs = {a: _navigation(docs, a) for a in ("learner", "trainer")}
    common = [course.title, course.language, course.licence, str(pdf), paper, render_fp]

    tasks: list[DocumentTask] = []
    for doc in selected:
        exec_key = execution_key(doc.path.read_bytes(), params)
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
        tasks.append(
            DocumentTask(
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
        )

    # Lint before executing anything: a malformed notebook fails here, the rest go on.
    runnable = []
    if tasks:
        from toolkit.course.lint import check_path  # noqa: PLC0415

        for task in tasks:
            problems = check_path(task.doc.path, task.doc.id, part=task.doc.part)
            if problems:
                error = (
                    problems[0]
                    if len(problems) == 1
                    else CourseError("\n".join(str(p) for p in problems))
                )
                report.results.append(
                    DocumentResult(task.doc.id, task.doc.lesson, "failed", error=error)
                )
            else:
                runnable.append(task)

    if runnable:
        from tqdm import tqdm  # noqa: PLC0415

        from toolkit.course.execute import run_pool  # noqa: PLC0415

        keys = {t.doc.id: t.key for t in runnable}
        with tqdm(
            total=len(runnable), desc="Building", unit="notebook", disable=not progress, leave=False
        ) as bar:
            for task, future in run_pool(build_document, runnable, jobs=jobs):
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died: report, go on
                    result = DocumentResult(
                        task.doc.id,
                        task.doc.lesson,
                        "failed",
                        error=CourseError(f"{task.doc.id}: worker crashed: {exc}"),
                    )
                report.results.append(result)
                if result.status != "failed":
                    doc_state[result.doc_id] = {
                        "key": keys[result.doc_id],
                        "outputs": [asdict(e) for e in result.outputs],
                    }
                bar.set_postfix_str(result.doc_id)
                bar.update()
                if on_result is not None:
                    on_result(result)

    # A failed notebook leaves nothing stale behind: remove its old outputs and state.
    for result in report.failed:
        doc = next(d for d in docs if d.id == result.doc_id)
        old = doc_state.pop(doc.id, {})
        for rel in {e["path"] for e in old.get("outputs", [])} | {
            e.path for e in outputs_for(doc, pdf=True)
        }:
            remove_quietly(out / rel)
    # Notebooks no longer listed in course.toml: remove their outputs too.
    listed = {d.id for d in docs}
    for gone in [k for k in doc_state if k not in listed]:
        for e in doc_state.pop(gone).get("outputs", []):
            remove_quietly(out / e["path"])

    order = {d.id: i for i, d in enumerate(docs)}
    report.results.sort(key=lambda r: order[r.doc_id])
    state["docs"] = doc_state
    report.course_outputs = _build_course_outputs(
        course, docs, out, state, pdf, paper, render_fp, report.course_errors
    )
    entries = [ManifestEntry(**e) for d in docs for e in doc_state.get(d.id, {}).get("outputs", [])]
    write_manifest(out, course.title, report.course_outputs + entries)
    text = json.dumps(state, indent=1, sort_keys=True)
    if not (out / STATE_FILE).is_file() or (out / STATE_FILE).read_text(encoding="utf-8") != text:
        atomic_write_text(out / STATE_FILE, text)
    report.seconds = time.perf_counter() - start
    return report


def _build_course_outputs(
    course: Course,
    docs: list[Document],
    out: Path,
    state: dict[str, Any],
    pdf: bool,
    paper: str,
    render_fp: str,
    errors: list[CourseError],
) -> list[ManifestEntry]:
    """Index pages and the trainer guide; each skipped when its inputs are unchanged."""
    doc_state = state["docs"]
    course_state = state.setdefault("course", {})
    present = [d for d in docs if d.id in doc_state]
    entries = [
        ManifestEntry("learner/index.html", None, "learner", "html"),
        ManifestEntry("trainer/index.html", None, "trainer", "html"),
    ]

    guide_path = out / TRAINER_GUIDE
    if pdf:
        guide_key = hash_parts([*(doc_state[d.id]["key"] for d in present), paper, render_fp])
        nbs_present = any(not d.trainer_only for d in present)
        if not nbs_present:
            remove_quietly(guide_path)
            course_state.pop("guide", None)
        elif course_state.get("guide") != guide_key or not guide_path.is_file():
            import nbformat  # noqa: PLC0415

            def read(d: Document):
                return nbformat.read(out / f"trainer/{d.id}.ipynb", as_version=4)

            front = [read(d) for d in present if d.trainer_only]
            nbs = [read(d) for d in present if not d.trainer_only]
            course_state.pop("guide", None)
            remove_quietly(guide_path)  # never leave a guide that no longer matches
            try:
                data = load_handout().render_trainer_guide(
                    nbs, paper=paper, course_title=course.title, front_matter=front
                )
            except Exception as exc:  # noqa: BLE001 - reported, the rest of the build stands
                msg = f"trainer guide: rendering failed: {type(exc).__name__}: {exc}"
                errors.append(CourseError(msg))
            else:
                atomic_write_bytes(guide_path, data)
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
        (out / e.path).is_file() for e in entries[:2]
    ):
        _write_indexes(course, present, out, pdf)
        course_state["index"] = index_key
    from toolkit.course.site import write_stylesheet  # noqa: PLC0415 - light module

    for audience in ("learner", "trainer"):
        write_stylesheet(out / audience)
    return entries


def _write_indexes(course: Course, present: list[Document], out: Path, pdf: bool) -> None:
    from toolkit.course import site  # noqa: PLC0415

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
                    title=meta.get("title") if isinstance(meta.get("title"), str) else d.title,
                    part=d.part,
                    minutes=minutes if isinstance(minutes, int) else None,
                    objectives=tuple(o for o in meta.get("objectives", []) if isinstance(o, str)),
                    extra=tuple(extra),
                )
            )
        downloads: tuple[site.Link, ...] = ()
        if pdf and audience == "trainer" and (out / TRAINER_GUIDE).is_file():
            downloads = (site.Link("trainer-guide.pdf", "Trainer guide, all lessons (PDF)"),)
        page = site.index_page(
            items,
            course_title=course.title,
            audience=audience,
            language=course.language,
            licence=course.licence,
            extra=downloads,
        )
        atomic_write_text(out / audience / "index.html", page)
