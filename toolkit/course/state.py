"""``.state.json``: what the last build made, and the only list of files the build may delete.

    {"docs": {"<notebook id>": {"key": "<sha256>", "outputs": [<manifest entries>]}},
     "course": {"guide": "<sha256>", "index": "<sha256>"}}

A notebook whose ``key`` is unchanged and whose outputs all exist is skipped. Every path read
here is checked with :func:`outdir.confined` first: nothing is ever followed out of the folder,
and nothing the build did not make is ever deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from toolkit.course.cache import ExecutionCache
from toolkit.course.files import atomic_write_text, remove_quietly
from toolkit.course.manifest import MANIFEST, parse_entry, read_manifest
from toolkit.course.outdir import clean_output, confined
from toolkit.course.outputs import COURSE_OUTPUTS, SITE_FILES
from toolkit.course.worker import CACHE_DIR, KERNELS_LOG

__all__ = [
    "CERTIFICATES_DIR",
    "STATE_FILE",
    "clean",
    "read_state",
    "remove_outputs",
    "write_state",
]

STATE_FILE = ".state.json"
CERTIFICATES_DIR = "certificates"  # toolkit.course.certificate.CERTIFICATES_DIR (not imported:
# it loads Typst, and the build's parent process stays light)


def read_state(out: Path) -> dict[str, Any]:
    """``.state.json``: only well-formed notebook entries whose outputs all stay in ``out``.

    A notebook with any bad entry loses its state (it is simply built again); nothing read
    here is ever followed out of the folder.
    """
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    docs = state.get("docs")
    good: dict[str, Any] = {}
    for doc_id, item in (docs if isinstance(docs, dict) else {}).items():
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            continue
        outputs = item.get("outputs")
        entries = [parse_entry(e, out) for e in (outputs if isinstance(outputs, list) else [0])]
        if all(e is not None for e in entries):
            good[doc_id] = {"key": item["key"], "outputs": [asdict(e) for e in entries if e]}
    course = state.get("course")
    course = course if isinstance(course, dict) else {}
    return {"docs": good, "course": {k: v for k, v in course.items() if isinstance(v, str)}}


def write_state(out: Path, state: dict[str, Any]) -> None:
    """Write ``.state.json`` when it changed (a no-op rebuild writes nothing)."""
    text = json.dumps(state, indent=1, sort_keys=True)
    path = out / STATE_FILE
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        atomic_write_text(path, text)


def clean(out: Path) -> list[str]:
    """``--clean``: delete what earlier builds made in ``out``; return what was kept."""
    listed = [STATE_FILE, MANIFEST, *(o.path for o in COURSE_OUTPUTS), *SITE_FILES]
    docs = read_state(out).get("docs", {})  # no state yet: nothing listed there
    listed += [e["path"] for d in docs.values() for e in d["outputs"]]
    listed += [e.path for e in read_manifest(out)]
    cached = ExecutionCache(out / CACHE_DIR).own_files()
    listed += [f"{CACHE_DIR}/{rel}" for rel in cached] + [KERNELS_LOG]
    folders = ["learner", "trainer/front", "trainer", CERTIFICATES_DIR, CACHE_DIR]
    folders += sorted({f"{CACHE_DIR}/{rel.split('/')[0]}" for rel in cached})
    return clean_output(out, listed, folders)


def remove_outputs(out: Path, paths: Iterable[str]) -> None:
    """Remove outputs named in the state, each only when it is inside ``out``."""
    for rel in set(paths):
        target = confined(out, rel)
        if target is not None:
            remove_quietly(target)
