"""The one notebook runner: the build and ``python -m toolkit.grade`` both run notebooks here.

    with quiet():                          # kernels silent, progress off
        nb = run_notebook(source, lesson="01-welcome", cwd=folder, timeout=600)

A notebook that stops raises :class:`NotebookRunError` (a :class:`LessonExecutionError`):
the lesson, the cell's index in the file its author (or learner) sees, the cell's first line,
and the error. A kernel that fails to start (two kernels racing for a port, a slow machine) is
the machine, not the lesson: that run is tried once more. A cell that runs past the time
limit, or a kernel that dies while a cell runs, is never run again: a hung cell costs the time
limit once.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course.errors import LessonExecutionError
from toolkit.course.format import KERNEL

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "ENGINE",
    "KERNEL",
    "NotebookRunError",
    "Origin",
    "first_line",
    "quiet",
    "run_notebook",
    "source_index",
]

ENGINE = "toolkit"  # papermill's nbclient engine, keeping the notebook it runs (see _Engine)


def first_line(source: Any) -> str:
    """The first non-blank line of a cell's source (text, or a list of lines as in a file)."""
    text = "".join(source) if isinstance(source, list) else str(source or "")
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class NotebookRunError(LessonExecutionError):
    """A notebook stopped before its end.

    ``cell_index`` is the failing cell's index in the file its author or learner sees (``None``
    when no cell is to blame: a time limit, a kernel that died or never started). ``kind`` is the
    name of the error's type; ``notebook`` the run as far as it got when a cell raised (``None``
    otherwise). Only the four fields of the message cross a process pool.
    """

    def __init__(
        self,
        lesson: str,
        cell_index: int | None,
        first_line: str,
        error: str,
        *,
        kind: str = "",
        notebook: nbformat.NotebookNode | None = None,
    ) -> None:
        super().__init__(lesson, cell_index, first_line, error)
        self.kind = kind
        self.notebook = notebook

    @property
    def message(self) -> str:
        """The error's own words, without its type's name."""
        return self.error.removeprefix(f"{self.kind}: ") if self.kind else self.error


@dataclass(frozen=True)
class Origin:
    """Where the cells of a run came from, to name a failing cell in the file a person sees.

    ``sources`` are the cell sources of that file; ``positions[i]`` is the index there of cell
    ``i`` of the run (``None``: the same index).
    """

    sources: tuple[str, ...]
    positions: tuple[int, ...] | None = None

    @classmethod
    def of(cls, nb: Mapping[str, Any], positions: Sequence[int] | None = None) -> Origin:
        sources = tuple(_text(c.get("source")) for c in nb.get("cells", []))
        return cls(sources, tuple(positions) if positions is not None else None)


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def source_index(origin: Origin, executed_index: int, source: str) -> int:
    """The index in ``origin`` of the cell papermill reports as ``executed_index``.

    papermill's index counts its injected parameters cell, so the cell is run cell
    ``executed_index`` or the one before; failing that, the cell with the same source nearest to
    where it should be; failing that, where it should be.
    """
    positions = origin.positions
    if positions is None:
        positions = tuple(range(len(origin.sources)))
    for i in (executed_index, executed_index - 1):
        if 0 <= i < len(positions) and origin.sources[positions[i]] == source:
            return positions[i]
    if executed_index < len(positions):
        guess = positions[executed_index]
    else:  # past the end: as far past the last cell
        guess = (positions[-1] if positions else -1) + executed_index - len(positions) + 1
    matches = [i for i, s in enumerate(origin.sources) if s == source]
    if not matches:
        return guess
    return min(matches, key=lambda i: (abs(i - guess), abs(i - guess + 1)))


@contextlib.contextmanager
def quiet(log: Path | None = None) -> Iterator[None]:
    """While notebooks run: kernels' chatter goes to ``log`` (or nowhere), progress is off.

    Kernels inherit stderr and print start-up warnings that mean nothing to a trainer; they
    also inherit the environment, and building or grading must not fill the trainer's own
    progress file (``TOOLKIT_PROGRESS=off`` unless the environment already sets it).
    """
    with _progress_off(), _stderr_to(log):
        yield


@contextlib.contextmanager
def _progress_off() -> Iterator[None]:
    if os.environ.get("TOOLKIT_PROGRESS"):
        yield
        return
    os.environ["TOOLKIT_PROGRESS"] = "off"
    try:
        yield
    finally:
        os.environ.pop("TOOLKIT_PROGRESS", None)


@contextlib.contextmanager
def _stderr_to(log: Path | None) -> Iterator[None]:
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        fd = _open_log(log)
    except OSError:  # the chatter stays on the terminal; the run goes on
        os.close(saved)
        yield
        return
    try:
        os.dup2(fd, 2)
        os.close(fd)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _open_log(log: Path | None) -> int:
    if log is None:
        return os.open(os.devnull, os.O_WRONLY)
    log.parent.mkdir(parents=True, exist_ok=True)
    # O_NOFOLLOW: a planted link must not make kernels append to a file elsewhere.
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    return os.open(log, flags, 0o666)


@functools.cache
def _engine() -> str:
    """Register (once) papermill's nbclient engine that hands back the notebook it runs.

    papermill engines are its documented extension point. Kept here: the run as far as it got
    (checks shown before a failing cell still count) and whether any cell started (a kernel
    that never started is the only failure worth a second try).
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class _Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, *, keep, **kwargs):
            keep.append(nb_man.nb)
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(ENGINE, _Engine)
    return ENGINE


def _started(keep: list[Any]) -> bool:
    """True when a kernel began to run a cell of the notebook papermill kept.

    papermill stamps ``start_time`` on a cell as it starts it (its ``status`` is no witness: a
    failed run marks every pending cell "completed").
    """
    return any(
        (c.get("metadata", {}).get("papermill") or {}).get("start_time") is not None
        for nb in keep
        for c in nb.cells
    )


def run_notebook(
    source: str | Path | nbformat.NotebookNode,
    *,
    lesson: str,
    cwd: str | Path,
    params: Mapping[str, Any] | None = None,
    timeout: int = 600,
    origin: Origin | None = None,
    env: Mapping[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Run a notebook (a file or a notebook object) top to bottom in ``cwd``; return it run.

    Nothing is written anywhere; progress is off in the kernel (see :func:`quiet`). ``origin``
    says where the run's cells came from (default: the notebook itself); ``env`` are more
    environment variables for the kernel (``TOOLKIT_LANG``). Raises :class:`NotebookRunError`.
    """
    import papermill  # heavy: only processes that run notebooks import it
    from papermill.exceptions import PapermillExecutionError

    # papermill warns about parameters a lesson does not declare: expected here, not news.
    logging.getLogger("papermill").setLevel(logging.ERROR)

    # A run never fills the trainer's progress file, quiet() or not; kernels inherit the env.
    with _progress_off(), _environment(env or {}):
        for attempt in (1, 2):
            keep: list[Any] = []
            try:
                return papermill.execute_notebook(
                    str(source) if isinstance(source, Path) else source,
                    None,
                    parameters=dict(params or {}),
                    engine_name=_engine(),
                    kernel_name=KERNEL,
                    cwd=str(cwd),
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=timeout,
                    keep=keep,
                )
            except PapermillExecutionError as exc:
                raise _cell_error(exc, lesson, source, origin, keep) from None
            except Exception as exc:  # noqa: BLE001 - a time limit, a dead kernel, no kernel...
                if attempt == 1 and not _started(keep):
                    continue  # the kernel never started: the machine, not the lesson
                raise _other_error(exc, lesson) from None
    msg = "unreachable: the second attempt returns or raises"
    raise AssertionError(msg)


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    """``env`` set in this process while a kernel starts from it, then as it was."""
    before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _other_error(exc: Exception, lesson: str) -> NotebookRunError:
    kind = type(exc).__name__
    message = (str(exc).splitlines() or [""])[0]
    return NotebookRunError(lesson, None, "", f"{kind}: {message}", kind=kind)


def _cell_error(
    exc: Any, lesson: str, source: Any, origin: Origin | None, keep: list[Any]
) -> NotebookRunError:
    if origin is None:
        if isinstance(source, (str, Path)):
            import nbformat

            source = nbformat.read(source, as_version=4)
        origin = Origin.of(source)
    index = source_index(origin, exc.cell_index, _text(exc.source))
    error = f"{exc.ename}: {exc.evalue}" if exc.evalue else str(exc.ename)
    return NotebookRunError(
        lesson,
        index,
        first_line(exc.source),
        error,
        kind=str(exc.ename),
        notebook=keep[0] if keep else None,
    )
