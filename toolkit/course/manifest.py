"""``manifest.json``: every output of a build (a stable contract).

    {"course": "...", "outputs": [
        {"path": "learner/01-welcome.html", "lesson": "01-welcome",
         "audience": "learner", "kind": "html", "language": "en"}, ...]}

``path`` is relative to the output root; ``lesson`` is a lesson id from course.toml (a
front-matter id for front matter, ``null`` for course-wide outputs such as the index pages and
the trainer guide); ``audience`` is ``learner`` or ``trainer``; ``kind`` is ``html``, ``pdf`` or
``notebook``; ``language`` is the edition's language. The course's own language sits at the
top (``learner/...``), every other one under its code (``fr/learner/04-first-post.html``). An
entry without ``language`` (an older manifest) is the course's own language.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from toolkit.course.files import atomic_write_text
from toolkit.course.format import AUDIENCES
from toolkit.course.outdir import confined

__all__ = [
    "AUDIENCES",
    "KINDS",
    "MANIFEST",
    "ManifestEntry",
    "add_to_manifest",
    "parse_entry",
    "read_manifest",
    "write_manifest",
]

MANIFEST = "manifest.json"
KINDS = ("html", "pdf", "notebook")


@dataclass(frozen=True)
class ManifestEntry:
    """One output file."""

    path: str
    lesson: str | None
    audience: str
    kind: str
    language: str = "en"

    @property
    def translated(self) -> bool:
        """An entry of another language's edition (its path starts with ``<language>/``)."""
        return self.path.startswith(f"{self.language}/")

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES or self.kind not in KINDS:
            msg = f"bad manifest entry {self!r}: audience in {AUDIENCES}, kind in {KINDS}"
            raise ValueError(msg)


def write_manifest(out: str | Path, course_title: str, entries: list[ManifestEntry]) -> bool:
    """Write ``<out>/manifest.json`` atomically; return False if it was already identical."""
    path = Path(out) / MANIFEST
    text = (
        json.dumps({"course": course_title, "outputs": [asdict(e) for e in entries]}, indent=2)
        + "\n"
    )
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write_text(path, text)
    return True


def read_manifest(out: str | Path, *, every_language: bool = False) -> list[ManifestEntry]:
    """The entries of ``<out>/manifest.json`` (empty when there is none or it is unreadable):
    the course's own language only (``learner/...``), unless ``every_language``.

    An entry that is malformed or whose path leaves ``out`` (``..``, absolute, through a link)
    is left out: nothing the build does follows it.
    """
    root = Path(out).resolve()
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = data.get("outputs") if isinstance(data, dict) else None
    items = outputs if isinstance(outputs, list) else []
    entries = [e for e in (parse_entry(item, root) for item in items) if e is not None]
    return entries if every_language else [e for e in entries if not e.translated]


def parse_entry(item: object, root: Path) -> ManifestEntry | None:
    """``item`` (read from a state file) as an entry, or ``None`` when it is malformed or its
    path leaves ``root`` (resolved): such an entry is ignored, never followed."""
    if not isinstance(item, dict):
        return None
    try:
        entry = ManifestEntry(**item)
    except (TypeError, ValueError):
        return None
    if not isinstance(entry.lesson, (str, type(None))) or not isinstance(entry.language, str):
        return None
    if confined(root, entry.path) is None:
        return None
    return entry


def add_to_manifest(out: str | Path, course_title: str, entries: list[ManifestEntry]) -> None:
    """Add ``entries`` to ``<out>/manifest.json``, keeping the others (same path: replaced)."""
    new = {e.path for e in entries}
    kept = [e for e in read_manifest(out, every_language=True) if e.path not in new]
    write_manifest(out, course_title, kept + entries)
