"""What one pool task does, in a worker process: one notebook's outputs, or the trainer guide.

    build_document(task)   lint -> execute (cached) -> for each row of outputs.DOCUMENT_OUTPUTS
                           for the task's audiences: steps, then writer -> write them all
    build_guide(task)      the trainer guide from the trainer notebooks already written

Neither raises: a failure is in the result, named against its lesson.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course import steps as S
from toolkit.course.config import Document
from toolkit.course.errors import CourseError
from toolkit.course.files import atomic_write_bytes
from toolkit.course.manifest import ManifestEntry
from toolkit.course.outputs import (
    TRAINER_GUIDE,
    DocumentTask,
    Output,
    document_outputs,
    load_handout,
)

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "CACHE_DIR",
    "DocumentResult",
    "GuideResult",
    "GuideTask",
    "build_document",
    "build_guide",
]

CACHE_DIR = ".cache"
KERNELS_LOG = f"{CACHE_DIR}/kernels.log"


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
    lang: str = "en"
    translated: bool = False  # an edition in another language than the course's own


@dataclass
class GuideResult:
    key: str
    error: str | None = None
    seconds: float = 0.0


@contextlib.contextmanager
def _timed(phases: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - start


def _lint_error(doc: Document) -> CourseError | None:
    from toolkit.course.lint import check_path

    problems = check_path(doc.path, doc.id, part=doc.part)
    if not problems:
        return None
    return problems[0] if len(problems) == 1 else CourseError("\n".join(map(str, problems)))


def _execute(task: DocumentTask, phases: dict[str, float]) -> tuple[nbformat.NotebookNode, bool]:
    """The executed notebook (from the cache or run now) and whether it was run now."""
    from toolkit.course.cache import ExecutionCache
    from toolkit.course.execute import Execution, execute_cached

    doc, s = task.doc, task.settings
    with _timed(phases, "lint"):
        error = _lint_error(doc)
    if error is not None:
        raise error
    # A translation runs with the toolkit's own words (feedback, forms) in its language too.
    env = {"TOOLKIT_LANG": s.language} if s.translated else {}
    run = Execution(
        doc.path, doc.id, task.exec_key, s.params, s.timeout, task.variant, task.source, env
    )
    with _timed(phases, "execute learner" if task.variant else "execute"):
        return execute_cached(run, ExecutionCache(s.out / CACHE_DIR))


def _render(
    nb: nbformat.NotebookNode, task: DocumentTask, rows: list[Output], phases: dict[str, float]
) -> dict[str, bytes]:
    """Every row's bytes, by path (an edition made by the same steps is made once)."""
    editions: dict[tuple[S.Step, ...], nbformat.NotebookNode] = {}
    files: dict[str, bytes] = {}
    for row in rows:
        if row.steps not in editions:
            editions[row.steps], _ = S.apply(row.steps, nb)
        with _timed(phases, row.kind):
            files[row.path(task.doc)] = row.writer(editions[row.steps], task, row.audience)
    return files


def build_document(task: DocumentTask) -> DocumentResult:
    """Lint, execute (or fetch from the cache) one notebook variant and write its outputs."""
    from toolkit.course.languages import speaking
    from toolkit.course.runner import quiet

    doc, out, lang = task.doc, task.settings.out, task.settings.language
    start = time.perf_counter()
    result = DocumentResult(doc.id, doc.lesson, "built")
    rows = [
        row
        for row in document_outputs(doc, pdf=task.settings.pdf)
        if row.audience in task.audiences
    ]
    try:
        with quiet(out / KERNELS_LOG), speaking(lang if task.settings.translated else None):
            nb, result.executed = _execute(task, result.phases)
            files = _render(nb, task, rows, result.phases)
        if not result.executed:
            result.status = "cached"
        with _timed(result.phases, "write"):
            for rel, data in files.items():  # all rendered first: a failure writes nothing
                atomic_write_bytes(out / rel, data)
        result.outputs = [row.entry(doc, lang) for row in rows]
    except CourseError as exc:
        result.status, result.error = "failed", exc
    except Exception as exc:  # noqa: BLE001 - report any rendering failure against its lesson
        result.status = "failed"
        result.error = CourseError(
            f"{doc.id}: building its outputs failed: {type(exc).__name__}: {exc}"
        )
    result.seconds = time.perf_counter() - start
    return result


def build_guide(task: GuideTask) -> GuideResult:
    """Render the trainer guide from the trainer notebooks already written under ``out``."""
    import nbformat

    from toolkit.course.languages import speaking

    start = time.perf_counter()
    result = GuideResult(task.key)

    def read(doc_id: str) -> Any:
        return nbformat.read(task.out / f"trainer/{doc_id}.ipynb", as_version=4)

    try:
        with speaking(task.lang if task.translated else None):
            data = load_handout().render_trainer_guide(
                [read(i) for i in task.lessons],
                paper=task.paper,
                course_title=task.course_title,
                front_matter=[read(i) for i in task.front],
                lang=task.lang,
            )
        atomic_write_bytes(task.out / TRAINER_GUIDE, data)
    except Exception as exc:  # noqa: BLE001 - reported, the rest of the build stands
        result.error = f"trainer guide: rendering failed: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - start
    return result
