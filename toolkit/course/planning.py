"""The build's first step: which notebooks changed, and the pool tasks that rebuild them.

    plan(course, settings, lessons)   the Plan (keys, tasks, state) and the skipped results
    tasks_for(base, source)           one notebook's tasks: trainer and learner, or one for both
    Plan.guide_task(present)          the trainer guide, when it is wanted and out of date
    Plan.settle_guide(result, errors) a guide rendered: kept, with the card pack written
                                      from the same notebooks' Cards blocks; or removed

A notebook is rebuilt when the key of its inputs changed (its source, parameters, navigation,
course settings and the renderers' own source); :mod:`toolkit.course.pipeline` runs the tasks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from toolkit.course.cache import execution_key, hash_parts
from toolkit.course.config import Course, Document
from toolkit.course.errors import CourseError
from toolkit.course.files import remove_quietly
from toolkit.course.format import AUDIENCES
from toolkit.course.languages import Translated, translated_source
from toolkit.course.manifest import ManifestEntry
from toolkit.course.outputs import (
    CARD_PACK,
    TRAINER_GUIDE,
    DocumentTask,
    Settings,
    write_card_pack,
)
from toolkit.course.state import read_state
from toolkit.course.worker import DocumentResult, GuideResult, GuideTask

__all__ = ["Plan", "plan", "render_fingerprint", "tasks_for"]


@dataclass
class Plan:
    """What this build does: the notebooks to build now (``keys``, ``tasks``), the state."""

    course: Course
    docs: list[Document]  # every notebook of the course, in course order
    settings: Settings
    render_fp: str  # the renderers' own source: a change re-renders every output
    state: dict[str, Any]  # .state.json: {"docs": {...}, "course": {...}}
    keys: dict[str, str] = field(default_factory=dict)  # notebook id -> key, built now
    tasks: list[DocumentTask] = field(default_factory=list)
    guide_docs: list[Document] = field(default_factory=list)  # of the last guide task
    # Another language's edition: each notebook translated (l10n), read once per build.
    translations: dict[str, Translated] = field(default_factory=dict)

    @property
    def doc_state(self) -> dict[str, Any]:
        return self.state["docs"]

    @property
    def course_state(self) -> dict[str, Any]:
        return self.state["course"]

    # --- The trainer guide: one decision, made in the pool and again at the end -------------
    def guide_key(self, present: Sequence[tuple[Document, str]]) -> str:
        s = self.settings
        return hash_parts([*(key for _, key in present), s.paper, self.render_fp])

    def guide_task(self, present: Sequence[tuple[Document, str]]) -> GuideTask | None:
        """The guide of the ``(notebook, key)`` pairs present, or None when it is not wanted
        or already up to date. A guide that no longer matches is removed: never left behind."""
        s, path = self.settings, self.settings.out / TRAINER_GUIDE
        if not s.pdf:
            return None
        key = self.guide_key(present)
        lesson = any(not d.trainer_only for d, _ in present)
        # The card pack is made with the guide, from the same notebooks: one key for both.
        cards = self.settings.out / CARD_PACK
        if lesson and self.course_state.get("guide") == key and path.is_file() and cards.is_file():
            return None
        self.course_state.pop("guide", None)
        remove_quietly(path)
        remove_quietly(cards)
        self.guide_docs = [d for d, _ in present]
        if not lesson:
            return None  # front matter alone makes no guide
        front = tuple(d.id for d, _ in present if d.trainer_only)
        lessons = tuple(d.id for d, _ in present if not d.trainer_only)
        return GuideTask(
            s.out, key, front, lessons, s.paper, s.course_title, s.language, s.translated
        )

    def settle_guide(self, result: GuideResult, errors: list[CourseError]) -> None:
        """Record a rendered guide in the state, or remove it and report why."""
        s = self.settings
        path, cards = s.out / TRAINER_GUIDE, s.out / CARD_PACK
        error = result.error
        if error is None and path.is_file():
            try:
                # A translation's cards: from its trainer notebooks (the sources are English).
                lessons = [
                    s.out / f"trainer/{d.id}.ipynb" if s.translated else d.path
                    for d in self.guide_docs
                    if not d.trainer_only
                ]
                write_card_pack(
                    lessons, s.out, paper=s.paper, course_title=s.course_title, lang=s.language
                )
            except Exception as exc:  # noqa: BLE001 - reported; the guide stands
                remove_quietly(cards)
                errors.append(CourseError(f"card pack: {type(exc).__name__}: {exc}"))
                return  # no key recorded: the next build tries both again
            self.course_state["guide"] = result.key
            return
        self.course_state.pop("guide", None)
        remove_quietly(path)
        remove_quietly(cards)
        errors.append(CourseError(error or "trainer guide: not written"))


def render_fingerprint() -> str:
    """Hash of the renderers' sources (Python, CSS, Typst, templates) in the toolkit."""
    from toolkit.course.cache import TOOLKIT_DIR

    parts: list[str | bytes] = []
    for path in sorted(TOOLKIT_DIR.rglob("*")):
        if path.suffix in (".py", ".css", ".typ", ".j2") and "__pycache__" not in path.parts:
            parts += [path.relative_to(TOOLKIT_DIR).as_posix(), path.read_bytes()]
    return hash_parts(parts)


def _navigation(docs: Sequence[Document], audience: str) -> dict[str, tuple[Any, Any]]:
    from toolkit.course.site import Link

    order = [d for d in docs if audience == "trainer" or not d.trainer_only]
    nav = {}
    for i, d in enumerate(order):
        prev = Link(f"{order[i - 1].id}.html", order[i - 1].title) if i > 0 else None
        nxt = Link(f"{order[i + 1].id}.html", order[i + 1].title) if i + 1 < len(order) else None
        nav[d.id] = (prev, nxt)
    return nav


def tasks_for(base: DocumentTask, source: bytes) -> list[DocumentTask]:
    """The pool tasks of one notebook: trainer and learner executions, or one when they agree."""
    from toolkit.course.execute import LEARNER, has_answer_code

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


def plan(
    course: Course, settings: Settings, lessons: Sequence[str]
) -> tuple[Plan, list[DocumentResult]]:
    """The plan, and the results of the notebooks skipped (their inputs are unchanged)."""
    state = read_state(settings.out)
    state.setdefault("docs", {})
    state.setdefault("course", {})
    docs = course.documents()
    translations: dict[str, Translated] = {}
    if settings.translated:  # titles too: the pages link their neighbours by name
        translations = {d.id: translated_source(d, settings.language) for d in docs}
        docs = [replace(d, title=translations[d.id].title) for d in docs]
    the_plan = Plan(course, docs, settings, render_fingerprint(), state)
    the_plan.translations = translations
    navs = {a: _navigation(docs, a) for a in AUDIENCES}
    s = settings
    common = [course.title, course.language, course.licence, str(s.pdf), s.paper]
    if s.translated or len(s.languages) > 1:  # the language switcher, the edition's language
        common += [s.language, *s.languages, "linked", *(s.linked or ())]
    skipped: list[DocumentResult] = []
    for doc in [d for d in docs if not lessons or d.lesson in lessons]:
        translated = translations.get(doc.id)
        source = doc.path.read_bytes() if translated is None else translated.source
        exec_key = execution_key(source, s.params)
        if translated is not None:  # the catalogue's quiz strings, the toolkit's messages
            exec_key = hash_parts([exec_key, translated.fingerprint])
        nav = {a: navs[a].get(doc.id, (None, None)) for a in navs}
        nav_json = json.dumps({a: [asdict(x) if x else None for x in v] for a, v in nav.items()})
        key = hash_parts([exec_key, nav_json, *common, the_plan.render_fp])
        old = the_plan.doc_state.get(doc.id, {})
        outputs = old.get("outputs", [])
        if old.get("key") == key and all((s.out / e["path"]).is_file() for e in outputs):
            entries = [ManifestEntry(**e) for e in outputs]
            skipped.append(DocumentResult(doc.id, doc.lesson, "skipped", outputs=entries))
            continue
        the_plan.keys[doc.id] = key
        base = DocumentTask(
            doc, key, exec_key, settings, nav, source=None if translated is None else source
        )
        the_plan.tasks += tasks_for(base, source)
    return the_plan, skipped
