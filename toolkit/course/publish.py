"""Publish the learner edition alone, to a folder every learner of a shared server reads.

    python -m toolkit.course.publish _build /opt/course      # or: --build _build /opt/course

Copies what the build lists for learners (``learner/**`` in its manifest, and ``course.css``) into
DEST with a ``manifest.json`` of those entries only, so ``python -m toolkit.course.workspace
--build DEST ~/course`` works there without the sources. Nothing from ``trainer/``, lessons/ or
exercises/ (the answer keys) is copied. DEST gets a marker file (:data:`MARKER`): a folder without
it that already holds files is refused, as are folders inside the build or a course. Nothing is
ever deleted. Files are 0644 and folders 0755 whatever the umask: every learner account reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from toolkit.course.errors import CourseError, OutputFolderError
from toolkit.course.files import atomic_write_bytes
from toolkit.course.manifest import MANIFEST, read_manifest, write_manifest
from toolkit.course.outdir import confined
from toolkit.course.outputs import SITE_FILES
from toolkit.i18n import _, ngettext
from toolkit.terminal import for_terminal

__all__ = ["MARKER", "learner_files", "main", "publish"]

MARKER = ".toolkit-learner-edition"
MARKER_TEXT = (
    "This folder holds a course's learner edition (no answers, no trainer notes), copied here by\n"
    "`python -m toolkit.course.publish`. Publishing again adds and updates files, deletes none.\n"
)
_FILE, _FOLDER = 0o644, 0o755


def _inside(folder: Path, path: Path) -> bool:
    return path == folder or folder in path.parents


def learner_files(build: str | Path) -> list[str]:
    """The learner edition's plain files in ``build`` (``learner/...``, no link out of it), in
    manifest order; raises CourseError, saying what to run, when the build has none."""
    root = Path(build).resolve()
    top = root / "learner"
    listed = [e.path for e in read_manifest(root) if e.audience == "learner"]
    found: list[str] = []
    for rel in [*listed, *SITE_FILES]:
        path = confined(root, rel)
        if rel.startswith("learner/") and path is not None and rel not in found:
            if _inside(top, path.parent.resolve()) and path.is_file() and not path.is_symlink():
                found.append(rel)
    if not any(rel in listed for rel in found):
        msg = _(
            "{build} holds no learner edition yet, so there is nothing to publish. Build it "
            "first with build_course.py --no-pdf, then try again."
        )
        raise CourseError(msg.format(build=build))
    return found


def _check_dest(dest: Path, given: str, build: Path) -> None:
    """Refuse a file, the top of the disk, the build, a course or a folder of other files."""
    fix = _("Choose an empty folder of its own, e.g. /opt/course.")
    if dest.exists() and not dest.is_dir():
        problem = _("{dest}, a file, not a folder").format(dest=given)
    elif _inside(build, dest) or _inside(dest, build):
        problem = _("{dest}, which shares a folder with the build").format(dest=given)
    elif any((p / "course.toml").is_file() for p in (dest, *dest.parents)):
        problem = _("{dest}, inside a course whose lessons hold the answers").format(dest=given)
    elif dest.is_dir() and not (dest / MARKER).is_file() and any(dest.iterdir()):  # also /
        problem = _("{dest}, which already holds other files").format(dest=given)
    else:
        return
    msg = _("Cannot publish into {problem}; nothing was changed. {fix}")
    raise OutputFolderError(msg.format(problem=problem, fix=fix))


def _make_folder(path: Path) -> None:
    """Create ``path`` and its missing parents, each readable by everyone."""
    made = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for folder in [*made, path]:
        os.chmod(folder, _FOLDER)


def _write(path: Path, data: bytes) -> bool:
    """Write ``path`` (readable by everyone); False when it already held ``data``."""
    _make_folder(path.parent)
    same = path.is_file() and not path.is_symlink() and path.read_bytes() == data
    if not same:
        atomic_write_bytes(path, data)  # replaces a link, never writes through it
    os.chmod(path, _FILE)
    return not same


def publish(build: str | Path, dest: str | Path) -> list[str]:
    """Copy the learner edition of ``build`` into ``dest``; return the paths that changed."""
    given = str(dest) or "''"
    root, target = Path(build).resolve(), Path(dest).expanduser().resolve()
    files = learner_files(root)
    _check_dest(target, given, root)
    changed = []
    try:
        # The title only: read_manifest gives the entries, not the course's name.
        title = json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("course", "")
        _make_folder(target)
        _write(target / MARKER, MARKER_TEXT.encode("utf-8"))
        for rel in files:
            out = confined(target, rel)
            if out is None:  # a link inside DEST leading out of it: never written through
                raise OSError(0, _("{path} leads out of the folder").format(path=rel))
            if _write(out, (root / rel).read_bytes()):
                changed.append(rel)
        entries = [e for e in read_manifest(root) if e.path in files]
        write_manifest(target, str(title), entries)
        os.chmod(target / MANIFEST, _FILE)
    except OSError as exc:
        msg = _("Could not publish into {dest} ({error}). Fix the problem and run it again.")
        raise CourseError(msg.format(dest=given, error=exc.strerror or exc)) from None
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.course.publish",
        description=_("Copy the learner edition (no answers) to a folder every learner reads."),
    )
    parser.add_argument("source", nargs="?", metavar="BUILD", help=_("the build folder"))
    parser.add_argument("dest", metavar="DEST", help=_("where learners read it, e.g. /opt/course"))
    parser.add_argument("--build", metavar="DIR", help=_("the build folder (default: _build)"))
    args = parser.parse_args(argv)
    if args.source and args.build:
        parser.error(_("give the build folder once: BUILD or --build DIR"))
    try:
        changed = publish(args.source or args.build or "_build", args.dest)
    except CourseError as exc:
        print(for_terminal(_("error: {problem}").format(problem=exc)), file=sys.stderr)
        return 2
    n = len(changed)
    line = ngettext("{n} file new or changed in {dest}", "{n} files new or changed in {dest}", n)
    print(for_terminal(_("Learner edition published. ") + line.format(n=n, dest=args.dest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
