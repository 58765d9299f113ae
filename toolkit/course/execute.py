"""Execute notebooks with papermill, through the content-addressed cache, in a process pool."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TypeVar

import nbformat

from toolkit.course import cells
from toolkit.course.cache import ExecutionCache
from toolkit.course.errors import LessonExecutionError
from toolkit.course.steps import apply, strip_execution_metadata

__all__ = [
    "KERNEL",
    "LEARNER",
    "PRELOAD",
    "execute_all",
    "execute_cached",
    "execute_notebook",
    "first_line",
    "has_answer_code",
    "learner_source",
    "make_pool",
    "run_pool",
    "variant_key",
]

KERNEL = "python3"
_LEARNER_NOTE = (
    "in the learner version, run without the trainer and solution cells: a learner cell "
    "may not depend on them"
)
LEARNER = "learner"
# Imported once in the forkserver, so every worker starts with them loaded (and nbconvert's
# templates compiled, see toolkit.course.preload) instead of each importing them again.
PRELOAD = ("toolkit.course.preload",)
T = TypeVar("T")
R = TypeVar("R")


def first_line(source: str) -> str:
    """The first non-blank line of a cell's source (for error messages)."""
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def has_answer_code(nb: Mapping[str, Any]) -> bool:
    """True when a code cell is tagged ``trainer`` or ``solution`` (it runs, and has effects)."""
    return any(
        c.get("cell_type") == "code" and not cells.is_learner_visible(c)
        for c in nb.get("cells", [])
    )


def learner_source(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[int]]:
    """The notebook without its ``trainer`` and ``solution`` cells, and where each kept cell was.

    ``positions[i]`` is the index in ``nb`` of cell ``i`` of the result.
    """
    import copy  # noqa: PLC0415

    positions = [i for i, c in enumerate(nb.cells) if cells.is_learner_visible(c)]
    learner = copy.deepcopy(nb)
    learner.cells = [learner.cells[i] for i in positions]
    return learner, positions


def variant_key(key: str, variant: str | None) -> str:
    """The cache key of a variant (``"learner"``) of the execution with key ``key``."""
    from toolkit.course.cache import hash_parts  # noqa: PLC0415

    return key if not variant else hash_parts([key, variant])


def _source_index(
    source_nb: nbformat.NotebookNode,
    executed_index: int,
    source: str,
    positions: Sequence[int] | None = None,
) -> int:
    """Map a cell index of papermill's output back to the lesson file.

    papermill's output has an injected parameters cell; the executed notebook may also be the
    learner variant, whose cell ``i`` is cell ``positions[i]`` of the lesson file.
    """
    if positions is None:
        positions = range(len(source_nb.cells))
    # The cell papermill ran is input cell executed_index or executed_index - 1 (after the
    # injected cell); the one whose source matches is the one.
    for i in (executed_index, executed_index - 1):
        if 0 <= i < len(positions) and source_nb.cells[positions[i]].source == source:
            return positions[i]
    guess = positions[min(executed_index, len(positions) - 1)] if positions else executed_index
    matches = [i for i, c in enumerate(source_nb.cells) if c.source == source]
    if not matches:
        return guess
    return min(matches, key=lambda i: (abs(i - guess), abs(i - guess + 1)))


def execute_notebook(
    path: str | Path,
    params: Mapping[str, Any],
    *,
    lesson: str,
    timeout: int = 600,
    variant: str | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom with papermill (cwd = its folder), without writing it anywhere.

    ``variant="learner"`` runs the learner version: the notebook with its ``trainer`` and
    ``solution`` cells removed *before* execution, so no later cell sees an answer's effects.
    Raise :class:`LessonExecutionError` naming the lesson's own cell index (in the file) if a
    cell fails. The result carries no timings (see :func:`steps.strip_execution_metadata`).
    """
    import papermill  # noqa: PLC0415 - heavy: only workers that execute import it
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    logging.getLogger("papermill").setLevel(logging.ERROR)
    # Kernels inherit this: building the course must not fill the trainer's own progress file.
    os.environ.setdefault("TOOLKIT_PROGRESS", "off")
    path = Path(path)
    source_nb = positions = None
    source: str | nbformat.NotebookNode = str(path)
    if variant == LEARNER:
        source_nb = nbformat.read(path, as_version=4)
        source, positions = learner_source(source_nb)  # papermill takes a NotebookNode
    elif variant is not None:
        msg = f"unknown variant {variant!r}"
        raise ValueError(msg)

    def run() -> nbformat.NotebookNode:
        return papermill.execute_notebook(
            source,
            None,
            parameters=dict(params),
            kernel_name=KERNEL,
            cwd=str(path.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
        )

    try:
        try:
            nb = run()
        except PapermillExecutionError:
            raise
        except Exception:  # noqa: BLE001
            # Two kernels starting at once can race for a port (ZMQError) or die on start:
            # that is the machine, not the lesson, so try once more before reporting it.
            nb = run()
    except PapermillExecutionError as exc:
        if source_nb is None:
            source_nb = nbformat.read(path, as_version=4)
        index = _source_index(source_nb, exc.cell_index, exc.source, positions)
        error = f"{exc.ename}: {exc.evalue}" if exc.evalue else exc.ename
        if variant == LEARNER:
            error += f" ({_LEARNER_NOTE})"
        raise LessonExecutionError(lesson, index, first_line(exc.source), error) from None
    except Exception as exc:  # kernel died, timeout, bad notebook: still name the lesson
        msg = f"{type(exc).__name__}: {exc}".splitlines()[0]
        if variant == LEARNER:
            msg += f" ({_LEARNER_NOTE})"
        raise LessonExecutionError(lesson, None, "", msg) from None
    nb, _ = apply([strip_execution_metadata], nb)
    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in cells.tags(c)]
    return nb


def execute_cached(
    path: str | Path,
    params: Mapping[str, Any],
    *,
    key: str,
    cache: ExecutionCache,
    lesson: str,
    timeout: int = 600,
    variant: str | None = None,
) -> tuple[nbformat.NotebookNode, bool]:
    """The executed notebook (or its ``variant``) for ``key``: from the cache, or executed.

    ``key`` is the execution key; a variant is stored under :func:`variant_key`.
    Returns ``(notebook, executed)`` where ``executed`` is False on a cache hit.
    """
    key = variant_key(key, variant)
    nb = cache.get(key)
    if nb is not None:
        return nb, False
    nb = execute_notebook(path, params, lesson=lesson, timeout=timeout, variant=variant)
    cache.put(key, nb)
    return nb, True


def make_pool(jobs: int) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers, started by a forkserver that preloaded :data:`PRELOAD`.

    forkserver, not fork: the parent may hold threads (progress bar, test runners) and a fork
    taken while one of them holds a lock can hang the child.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(list(PRELOAD))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_ctrl_c)


def _ignore_ctrl_c() -> None:
    # Ctrl-C reaches the whole process group: the main process reports it once, plainly, and
    # shuts the pool down; a worker's own KeyboardInterrupt traceback would only confuse.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_pool(
    func: Callable[[T], R], tasks: Iterable[T], *, jobs: int | None = None
) -> Iterator[tuple[T, Future[R]]]:
    """Run ``func`` on every task in ``jobs`` processes; yield ``(task, future)`` as each ends.

    With one task or ``jobs == 1`` the work still runs in a child process, so a crashing kernel
    or a stray ``os.chdir`` cannot take the build down.
    """
    tasks = list(tasks)
    if not tasks:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    with make_pool(jobs) as pool:
        futures = {pool.submit(func, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future


def _timed_execute(args: tuple[str, dict[str, Any], str, str | None]) -> float:
    path, params, lesson, variant = args
    start = time.perf_counter()
    execute_notebook(path, params, lesson=lesson, variant=variant)
    return time.perf_counter() - start


def execute_all(
    paths: Iterable[tuple[str, str | Path] | tuple[str, str | Path, bool]],
    params: Mapping[str, Any],
    *,
    jobs: int | None = None,
) -> float:
    """Execute notebooks ``(lesson, path[, learner])`` in the pool with no cache; wall time.

    With ``learner`` true (default) and a notebook that has a ``trainer`` or ``solution`` code
    cell, its learner variant is executed too, as the build does. The benchmark's baseline for
    "a cold build costs little more than executing the lessons".
    """
    start = time.perf_counter()
    tasks: list[tuple[str, dict[str, Any], str, str | None]] = []
    for lesson, p, *rest in paths:
        tasks.append((str(p), dict(params), lesson, None))
        learner = rest[0] if rest else True
        if learner and has_answer_code(nbformat.read(p, as_version=4)):
            tasks.append((str(p), dict(params), lesson, LEARNER))
    for _task, future in run_pool(_timed_execute, tasks, jobs=jobs):
        future.result()
    return time.perf_counter() - start
