"""Shared helpers for the widget tests (plain functions, imported by each test module)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from toolkit.forum.clock import SimulatedClock
from toolkit.forum.rules import Rules
from toolkit.forum.service import Forum

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
FORM_MIME = "application/vnd.toolkit.form+json"
FORUM_MIME = "application/vnd.toolkit.forum+json"


def new_forum() -> Forum:
    """An in-memory forum on a simulated clock, with amina_k, lena_m and trainer_sam."""
    forum = Forum(clock=SimulatedClock(step=timedelta(seconds=5)), rules=Rules(flood_posts=50))
    forum.join("amina_k", "Amina")
    forum.join("lena_m", "Lena")
    forum.join("sam_trains", "Sam", role="trainer")
    return forum


def strict_callbacks(monkeypatch: Any) -> None:
    """Make ``Button.click()`` raise what a handler raises (ipywidgets only logs it)."""
    from ipywidgets.widgets.widget import CallbackDispatcher

    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call)


class FakeFeedback:
    """Stands in for toolkit.checks.Feedback."""

    def __init__(self, passed: bool = True, text: str = "Well done: a kind first post.") -> None:
        self.passed = passed
        self.text = text

    def _repr_html_(self) -> str:
        return f'<div class="fake-feedback">{self.text}</div>'


class RecordingCheck:
    """A check callable that remembers how it was called."""

    def __init__(self, feedback: Any = None) -> None:
        self.calls: list[tuple[Any, Any]] = []
        self.feedback = feedback or FakeFeedback()

    def __call__(self, forum: Any, member: Any) -> Any:
        self.calls.append((forum, member))
        return self.feedback


def assert_bundle(view: Any) -> dict[str, Any]:
    """The display bundle has the live widget, a static snapshot and the form JSON."""
    bundle = view._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert bundle[WIDGET_MIME]["model_id"] == view.model_id
    assert "<section" in bundle["text/html"]
    form = bundle[FORM_MIME]
    assert form["version"] == 1
    assert form["title"] == view.form_title
    for field in form["fields"]:
        assert field["label"]
        assert ("lines" in field) != ("choices" in field)
    assert "VBox(" not in bundle["text/plain"]
    return bundle


def snapshot(forum: Forum) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a refusal must leave this unchanged."""
    db = forum.store.conn
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}
