"""Execute notebooks with papermill, through the content-addressed cache, in a process pool."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TypeVar

import nbformat

from toolkit.course import cells
from toolkit.course.cache import ExecutionCache
from toolkit.course.errors import LessonExecutionError
from toolkit.course.steps import apply, strip_execution_metadata

__all__ = ["KERNEL", "execute_all", "execute_cached", "execute_notebook", "first_line", "run_pool"]

KERNEL = "python3"
T = TypeVar("T")
R = TypeVar("R")


def first_line(source: str) -> str:
    """The first non-blank line of a cell's source (for error messages)."""
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _source_index(source_nb: nbformat.NotebookNode, executed_index: int, source: str) -> int:
    """Map a cell index of papermill's output (with its injected cell) back to the lesson file."""
    matches = [i for i, c in enumerate(source_nb.cells) if c.source == source]
    if not matches:
        return executed_index
    return min(matches, key=lambda i: (abs(i - executed_index), abs(i - executed_index + 1)))


def execute_notebook(
    path: str | Path,
    params: Mapping[str, Any],
    *,
    lesson: str,
    timeout: int = 600,
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom with papermill (cwd = its folder), without writing it anywhere.

    Raise :class:`LessonExecutionError` naming the lesson's own cell index if a cell fails.
    The result carries no timings (see :func:`steps.strip_execution_metadata`).
    """
    import papermill  # noqa: PLC0415 - heavy: only workers that execute import it
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    logging.getLogger("papermill").setLevel(logging.ERROR)
    path = Path(path)
    try:
        nb = papermill.execute_notebook(
            str(path),
            None,
            parameters=dict(params),
            kernel_name=KERNEL,
            cwd=str(path.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        source_nb = nbformat.read(path, as_version=4)
        index = _source_index(source_nb, exc.cell_index, exc.source)
        error = f"{exc.ename}: {exc.evalue}" if exc.evalue else exc.ename
        raise LessonExecutionError(lesson, index, first_line(exc.source), error) from None
    except Exception as exc:  # kernel died, timeout, bad notebook: still name the lesson
        msg = f"{type(exc).__name__}: {exc}".splitlines()[0]
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
) -> tuple[nbformat.NotebookNode, bool]:
    """The executed notebook for ``key``: from the cache, or executed and stored.

    Returns ``(notebook, executed)`` where ``executed`` is False on a cache hit.
    """
    nb = cache.get(key)
    if nb is not None:
        return nb, False
    nb = execute_notebook(path, params, lesson=lesson, timeout=timeout)
    cache.put(key, nb)
    return nb, True


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
    # forkserver, not fork: the parent may hold threads (progress bar, test runners) and a fork
    # taken while one of them holds a lock can hang the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([func.__module__])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(func, task): task for task in tasks}
        for future in as_completed(futures):
            yield futures[future], future


def _timed_execute(args: tuple[str, dict[str, Any], str]) -> float:
    path, params, lesson = args
    start = time.perf_counter()
    execute_notebook(path, params, lesson=lesson)
    return time.perf_counter() - start


def execute_all(
    paths: Iterable[tuple[str, str]], params: Mapping[str, Any], *, jobs: int | None = None
) -> float:
    """Execute notebooks ``(lesson, path)`` in the pool with no cache; return the wall time.

    The benchmark's baseline for "a cold build costs little more than executing the lessons".
    """
    start = time.perf_counter()
    tasks = [(str(p), dict(params), lesson) for lesson, p in paths]
    for _task, future in run_pool(_timed_execute, tasks, jobs=jobs):
        future.result()
    return time.perf_counter() - start
