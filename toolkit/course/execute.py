"""Execute lesson notebooks for the build: the learner variant, the cache, the process pool.

Running one notebook is :mod:`toolkit.course.runner`'s (shared with the grader).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import nbformat

from toolkit.course import cells
from toolkit.course.cache import ExecutionCache
from toolkit.course.errors import LessonExecutionError
from toolkit.course.runner import Origin, run_notebook
from toolkit.course.steps import apply, remove_error_banners, strip_execution_metadata

__all__ = [
    "LEARNER",
    "PRELOAD",
    "Execution",
    "execute_all",
    "execute_cached",
    "execute_notebook",
    "has_answer_code",
    "learner_source",
    "make_pool",
    "run_pool",
    "variant_key",
]

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
    import copy

    positions = [i for i, c in enumerate(nb.cells) if cells.is_learner_visible(c)]
    learner = copy.deepcopy(nb)
    learner.cells = [learner.cells[i] for i in positions]
    return learner, positions


def variant_key(key: str, variant: str | None) -> str:
    """The cache key of a variant (``"learner"``) of the execution with key ``key``."""
    from toolkit.course.cache import hash_parts

    return key if not variant else hash_parts([key, variant])


def execute_notebook(
    path: str | Path,
    params: Mapping[str, Any],
    *,
    lesson: str,
    timeout: int = 600,
    variant: str | None = None,
    source: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom (cwd = its folder) with :func:`runner.run_notebook`.

    ``source``: the notebook to run instead of the file (its translation), still run in the
    file's folder; ``env``: more environment variables for the kernel (``TOOLKIT_LANG``).

    ``variant="learner"`` runs the learner version: the notebook with its ``trainer`` and
    ``solution`` cells removed *before* execution, so no later cell sees an answer's effects.
    Raise :class:`LessonExecutionError` naming the lesson's own cell index (in the file) if a
    cell fails. The result carries no timings (see :func:`steps.strip_execution_metadata`).
    """
    path = Path(path)
    given = None if source is None else nbformat.reads(source.decode("utf-8"), as_version=4)
    run: Path | nbformat.NotebookNode = path if given is None else given
    origin = None
    if variant == LEARNER:
        full = given if given is not None else nbformat.read(path, as_version=4)
        run, positions = learner_source(full)
        origin = Origin.of(full, positions)
    elif variant is not None:
        msg = f"unknown variant {variant!r}"
        raise ValueError(msg)
    try:
        nb = run_notebook(
            run, lesson=lesson, cwd=path.parent, params=params, timeout=timeout, origin=origin,
            env=env,
        )  # fmt: skip
    except LessonExecutionError as exc:
        if variant != LEARNER:
            raise
        error = f"{exc.error} ({_LEARNER_NOTE})"
        raise LessonExecutionError(exc.lesson, exc.cell_index, exc.first_line, error) from None
    nb, _ = apply([strip_execution_metadata, remove_error_banners], nb)
    return nb


@dataclass(frozen=True)
class Execution:
    """One execution of a lesson file: the cache stores it under :func:`variant_key`."""

    path: Path
    lesson: str
    key: str  # cache.execution_key of the file and the parameters
    params: Mapping[str, Any] = field(default_factory=dict)
    timeout: int = 600
    variant: str | None = None
    source: bytes | None = None  # the translated notebook (None: the file as it is)
    env: Mapping[str, str] = field(default_factory=dict)  # for the kernel: TOOLKIT_LANG


def execute_cached(run: Execution, cache: ExecutionCache) -> tuple[nbformat.NotebookNode, bool]:
    """The executed notebook (or its variant) for ``run``: from the cache, or executed.

    Returns ``(notebook, executed)`` where ``executed`` is False on a cache hit.
    """
    key = variant_key(run.key, run.variant)
    nb = cache.get(key)
    if nb is not None:
        return nb, False
    nb = execute_notebook(
        run.path, run.params, lesson=run.lesson, timeout=run.timeout, variant=run.variant,
        source=run.source, env=run.env,
    )  # fmt: skip
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
