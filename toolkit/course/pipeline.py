"""The build in three steps, over the table in :mod:`toolkit.course.outputs`::

    plan(course, settings, options)   which notebooks changed (key of every input) -> pool tasks;
                                      the others are skipped (:mod:`toolkit.course.planning`)
    run(plan, report, options)        the tasks in a process pool (concurrent.futures); the
                                      trainer guide starts in a one-worker pool of its own as
                                      soon as every trainer notebook is written, while learner
                                      tasks still run (it never waits behind them)
    finish(plan, report, guide, hub)  failed and unlisted notebooks lose their outputs; the
                                      guide (if the pool did not make it), the hub links (with
                                      --hub), outline pages, manifest.json and .state.json

:func:`toolkit.course.build.build_course` calls the three in turn.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.course.cache import hash_parts
from toolkit.course.config import Document
from toolkit.course.errors import CourseError
from toolkit.course.format import AUDIENCES
from toolkit.course.hublinks import HUB_PAGE, HubTarget, write_hub_links  # renders lazily
from toolkit.course.manifest import ManifestEntry, read_manifest, write_manifest
from toolkit.course.outputs import (
    COURSE_OUTPUTS,
    TRAINER_GUIDE,
    DocumentTask,
    course_entries,
    outline_paths,
    outputs_for,
)
from toolkit.course.planning import Plan, plan, render_fingerprint, tasks_for
from toolkit.course.state import CERTIFICATES_DIR, remove_outputs, write_state
from toolkit.course.worker import DocumentResult, GuideResult, GuideTask

__all__ = [
    "BuildOptions",
    "BuildReport",
    "Plan",
    "finish",
    "plan",
    "render_fingerprint",
    "run",
    "tasks_for",
]


@dataclass(frozen=True)
class BuildOptions:
    """The keyword options of :func:`toolkit.course.build.build_course`."""

    lessons: Sequence[str] = ()  # lesson / front-matter ids (default: all)
    jobs: int | None = None  # worker processes (default: one per core)
    params: dict[str, Any] | None = None  # papermill parameters
    clean: bool = False  # delete what earlier builds made first
    pdf: bool = True
    timeout: int = 600  # seconds per cell
    progress: bool = True  # a progress bar
    on_result: Callable[[DocumentResult], None] | None = None  # each notebook, when done
    hub: HubTarget | None = None  # --hub: write the hub links (toolkit.course.hublinks)
    # The edition's language (default: the course's own, at the top of ``out``; another is
    # built from the translated notebooks into ``out/<language>/``).
    language: str | None = None
    editions: Sequence[str] = ()  # every language this run builds (the language switcher)


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


class _Tally:
    """Each notebook's task results so far, merged into one when its last task is in."""

    def __init__(self, tasks: Sequence[DocumentTask], pdf: bool, language: str) -> None:
        self.pdf, self.language = pdf, language
        self.left = Counter(t.doc.id for t in tasks)
        self.parts: defaultdict[str, list[DocumentResult]] = defaultdict(list)
        self.trainer_left = sum("trainer" in t.audiences for t in tasks)
        self.trainer_ok: set[str] = set()  # trainer outputs just written (for the guide)
        self.failed: set[str] = set()
        self.guide_decided = False  # the guide starts (or not) once, when trainer_left is 0

    def add(self, task: DocumentTask, result: DocumentResult) -> DocumentResult | None:
        doc = task.doc
        self.parts[doc.id].append(result)
        if "trainer" in task.audiences:
            self.trainer_left -= 1
            (self.trainer_ok if result.status != "failed" else self.failed).add(doc.id)
        elif result.status == "failed":
            self.failed.add(doc.id)
        self.left[doc.id] -= 1
        if self.left[doc.id]:
            return None
        return _merge(doc, self.parts[doc.id], pdf=self.pdf, language=self.language)


def _merge(
    doc: Document, parts: list[DocumentResult], *, pdf: bool, language: str
) -> DocumentResult:
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
        merged.outputs = outputs_for(doc, pdf=pdf, language=language)
    return merged


def _result(future: Future, task: DocumentTask) -> DocumentResult:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker died: report, go on
        error = CourseError(f"{task.doc.id}: worker crashed: {exc}")
        return DocumentResult(task.doc.id, task.doc.lesson, "failed", error=error)


def _submit(pool: Any, func: Callable[[Any], Any], task: Any) -> Future:
    try:
        return pool.submit(func, task)
    except Exception as exc:  # noqa: BLE001 - the pool broke: this task fails, the rest goes on
        failed: Future = Future()
        failed.set_exception(exc)
        return failed


def _early_guide(the_plan: Plan, tally: _Tally) -> GuideTask | None:
    """The guide of the trainer notebooks written now and those unchanged from before."""
    present = [
        (d, the_plan.keys.get(d.id) or the_plan.doc_state[d.id]["key"])
        for d in the_plan.docs
        if (d.id in tally.trainer_ok or (d.id not in the_plan.keys and d.id in the_plan.doc_state))
        and d.id not in tally.failed
    ]
    return the_plan.guide_task(present)


def run(the_plan: Plan, report: BuildReport, options: BuildOptions) -> GuideResult | None:
    """Run the plan's tasks in a process pool; return the guide's result if it was rendered."""
    from concurrent.futures import as_completed

    from tqdm import tqdm

    from toolkit.course.execute import make_pool
    from toolkit.course.worker import build_document, build_guide

    # Trainer tasks first (sorted is stable: course order): the guide waits for them.
    tasks = sorted(the_plan.tasks, key=lambda t: "trainer" not in t.audiences)
    tally = _Tally(tasks, the_plan.settings.pdf, the_plan.settings.language)
    workers = max(1, min(options.jobs or os.cpu_count() or 1, len(tasks)))
    guide: Future | None = None
    guide_task: GuideTask | None = None
    bar = tqdm(total=len(the_plan.keys), desc="Building", unit="notebook", leave=False,
               disable=None if options.progress else True)  # fmt: skip
    # The guide's own pool starts a worker only if the guide is due (from the same warm
    # forkserver as the others): it renders at once instead of queueing behind learner tasks.
    with bar, make_pool(1) as side:
        pool = make_pool(workers)
        try:
            futures = {_submit(pool, build_document, t): t for t in tasks}
            for future in as_completed(futures):
                merged = tally.add(futures[future], _result(future, futures[future]))
                if merged is not None:
                    _record(the_plan, report, merged)
                    bar.set_postfix_str(merged.doc_id)
                    bar.update()
                    if options.on_result is not None:
                        options.on_result(merged)
                if tally.trainer_left == 0 and not tally.guide_decided:
                    tally.guide_decided = True
                    guide_task = _early_guide(the_plan, tally)
                    if guide_task is not None:
                        guide = _submit(side, build_guide, guide_task)
        finally:  # Ctrl-C: what runs finishes whole, nothing queued starts
            pool.shutdown(wait=True, cancel_futures=True)
    if guide is None or guide_task is None:
        return None
    try:
        return guide.result()
    except Exception as exc:  # noqa: BLE001 - reported with the course outputs
        return GuideResult(guide_task.key, f"trainer guide: {exc}")


def _record(the_plan: Plan, report: BuildReport, merged: DocumentResult) -> None:
    report.results.append(merged)
    if merged.status != "failed":
        the_plan.doc_state[merged.doc_id] = {
            "key": the_plan.keys[merged.doc_id],
            "outputs": [asdict(e) for e in merged.outputs],
        }


def finish(
    the_plan: Plan,
    report: BuildReport,
    early: GuideResult | None,
    hub: HubTarget | None = None,
) -> None:
    """Remove what failed or left the course; the course-wide outputs, manifest and state."""
    out, docs = the_plan.settings.out, the_plan.docs
    doc_state = the_plan.doc_state
    by_id = {d.id: d for d in docs}
    # A failed notebook leaves nothing stale behind: its old outputs and every one it may make.
    for result in report.failed:
        old = doc_state.pop(result.doc_id, {})
        made = outputs_for(by_id[result.doc_id], pdf=True)
        remove_outputs(out, [e["path"] for e in old.get("outputs", [])] + [e.path for e in made])
    # Notebooks no longer listed in course.toml: remove their outputs too.
    for gone in [k for k in doc_state if k not in by_id]:
        remove_outputs(out, [e["path"] for e in doc_state.pop(gone)["outputs"]])
    present = [d for d in docs if d.id in doc_state]
    _finish_guide(the_plan, [(d, doc_state[d.id]["key"]) for d in present], early, report)
    _finish_hub(the_plan, present, hub, report)
    holds = _holds(the_plan)
    _finish_outline(the_plan, present, hub_page=holds(HUB_PAGE))
    lang = the_plan.settings.language
    report.course_outputs = course_entries(pdf=the_plan.settings.pdf, made=holds, language=lang)
    entries = [ManifestEntry(**e) for d in present for e in doc_state[d.id]["outputs"]]
    # Certificates (build_course.py --certificates) are not the build's: keep their entries;
    # so are the other languages' editions (<lang>/...: listed by their own builds).
    entries += [
        e
        for e in read_manifest(out, every_language=True)
        if (e.path.startswith(f"{CERTIFICATES_DIR}/") or e.translated) and (out / e.path).is_file()
    ]
    write_manifest(out, the_plan.course.title, report.course_outputs + entries)
    write_state(out, the_plan.state)


def _holds(the_plan: Plan) -> Callable[[str], bool]:
    """Whether the build holds the course-wide output at a path: the file is there and, for
    the hub links, the state says a build made them (a file of that name alone is not ours)."""
    out, state = the_plan.settings.out, the_plan.course_state
    return lambda rel: (out / rel).is_file() and (rel not in _HUB_OUTPUTS or "hub" in state)


_HUB_OUTPUTS = {o.path for o in COURSE_OUTPUTS if o.made_by == "hub"}


def _finish_hub(
    the_plan: Plan, present: list[Document], hub: HubTarget | None, report: BuildReport
) -> None:
    """With --hub, the links of the learner notebooks present, written again when the target,
    a notebook or the course settings changed. Without --hub, the links an earlier build made
    stay as they are: listed, and linked from the index, while their files are there."""
    s, state = the_plan.settings, the_plan.course_state
    if hub is None:
        if "hub" in state and not any((s.out / p).is_file() for p in _HUB_OUTPUTS):
            del state["hub"]  # both files deleted by hand: the build no longer has hub links
        return
    learners = [d for d in present if not d.trainer_only]
    course = the_plan.course
    key = hash_parts(
        [
            json.dumps(asdict(hub), sort_keys=True),
            *(f"{d.id}={the_plan.doc_state[d.id]['key']}" for d in learners),
            course.title, course.language, course.licence, str(s.pdf), s.paper, the_plan.render_fp,
        ]
    )  # fmt: skip
    wanted = [o.path for o in COURSE_OUTPUTS if o.made_by == "hub" and (s.pdf or not o.pdf_only)]
    if state.get("hub") == key and all((s.out / p).is_file() for p in wanted):
        return
    if state.pop("hub", None) is not None:  # ours: the sheet goes with --no-pdf
        remove_outputs(s.out, _HUB_OUTPUTS - set(wanted))
    try:
        write_hub_links(course, s.out, hub, pdf=s.pdf, paper=s.paper, docs=learners)
    except Exception as exc:  # noqa: BLE001 - reported with the course outputs; none left half
        remove_outputs(s.out, _HUB_OUTPUTS)
        report.course_errors.append(CourseError(f"hub links: {exc}"))
        return
    state["hub"] = key


def _finish_guide(
    the_plan: Plan,
    present: list[tuple[Document, str]],
    early: GuideResult | None,
    report: BuildReport,
) -> None:
    """Keep the guide the pool rendered when it covers exactly the notebooks that built;
    otherwise (a learner task failed after it started, or none was due) decide again here."""
    if not the_plan.settings.pdf:
        return
    if early is not None and early.key == the_plan.guide_key(present):
        the_plan.settle_guide(early, report.course_errors)
    elif (task := the_plan.guide_task(present)) is not None:
        from toolkit.course.worker import build_guide

        the_plan.settle_guide(build_guide(task), report.course_errors)


def _finish_outline(the_plan: Plan, present: list[Document], *, hub_page: bool) -> None:
    """The outline and glossary pages (when their inputs changed) and the style sheets;
    ``hub_page``: the learner outline links the hub links page."""
    from toolkit.course.outline import write_outline
    from toolkit.course.site import write_stylesheet  # light module

    course, s = the_plan.course, the_plan.settings
    headers = {d.id: _header(the_plan, d) for d in present}
    outline = [[d.id, d.part, d.title, str(d.path), headers[d.id]] for d in present]
    guide = (s.out / TRAINER_GUIDE).is_file()
    parts = [json.dumps(outline), course.title, course.language, course.licence, s.language]
    parts += [*s.languages, "linked", *(s.linked or ())]  # the language switcher
    key = hash_parts([*parts, str(s.pdf), str(guide), str(hub_page), the_plan.render_fp])
    pages = outline_paths()
    if the_plan.course_state.get("index") != key or not all((s.out / p).is_file() for p in pages):
        write_outline(course, present, s.out, pdf=s.pdf, hub_links=hub_page, headers=headers,
                      language=s.language, languages=s.languages, linked=s.linked)  # fmt: skip
        the_plan.course_state["index"] = key
    for audience in AUDIENCES:
        write_stylesheet(s.out / audience)


def _header(the_plan: Plan, doc: Document) -> dict[str, Any]:
    """The notebook's ``metadata["course"]``, translated in another language's edition."""
    from toolkit.course.outline import notebook_header

    translated = the_plan.translations.get(doc.id)
    if translated is None:
        return notebook_header(doc.path)
    meta = json.loads(translated.source).get("metadata", {})
    header = meta.get("course", {}) if isinstance(meta, dict) else {}
    return header if isinstance(header, dict) else {}
