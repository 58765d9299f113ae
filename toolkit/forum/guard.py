"""One lock and one error translation around every public ``Forum`` call.

A notebook's widgets and a learner's own cells may call one Forum from several threads. Each
public call holds its store's re-entrant lock from start to end, so two calls never interleave
on the shared connection (one half-finished transaction cannot swallow another's writes), and
any SQLite or file error a call meets leaves as a plain-language ``StorageError``.

The class decorator wraps every public method, including those a class inherits, so methods
added later (or moved into mixins) are covered without anyone remembering to decorate them.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from toolkit.forum.errors import ForumError, StorageError

C = TypeVar("C", bound=type)

# Underscore methods that still read the forum: notebook display hooks and iteration.
HOOKS = frozenset({"__iter__", "__str__", "_repr_html_", "_repr_mimebundle_"})


class _HasStore(Protocol):
    @property
    def store(self) -> Any: ...


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` run under the store's lock, with SQLite and file errors made StorageErrors."""

    @functools.wraps(method)
    def call(self: _HasStore, *args: Any, **kwargs: Any) -> Any:
        store = self.store
        with store.lock:
            try:
                return method(self, *args, **kwargs)
            except ForumError:
                raise
            except (sqlite3.Error, OSError) as exc:
                error: StorageError = store.storage_error(exc)
                raise error from exc

    call.__forum_guarded__ = True  # type: ignore[attr-defined]
    return call


def guard_public_methods(cls: C) -> C:
    """Wrap each public method of ``cls`` (and of its bases) and its display hooks."""
    for name in dir(cls):
        if name.startswith("_") and name not in HOOKS:
            continue
        value = inspect.getattr_static(cls, name)
        if inspect.isfunction(value) and not getattr(value, "__forum_guarded__", False):
            setattr(cls, name, guarded(value))
    return cls
