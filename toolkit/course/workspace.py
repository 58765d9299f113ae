"""The learner's workspace: her own copies of the learner edition, outside the tracked course.

    python -m toolkit.course.workspace              # _build/learner/*.ipynb -> workspace/
    python -m toolkit.course.workspace --build _build my-class/
    python -m toolkit.course.workspace --build /opt/course ~/course   # no course.toml needed

With ``--build`` and no ``--course``, course.toml is not looked for: a shared hub gives learners
only the published learner edition (:mod:`toolkit.course.publish`), never the sources.

``make lab`` builds the course (incremental: seconds when nothing changed), runs this, then opens
JupyterLab in the workspace. Learners so work in the *learner edition* (no answers, no trainer
notes: what ``build_course.py`` writes to ``_build/learner/``), never in ``lessons/`` or
``exercises/``, which hold the answers; and JupyterLab's autosave changes nothing tracked.

Copying never overwrites a learner's work. :data:`STATE` records the checksum of every copy
this module wrote; on each run a notebook is

- **added** when the workspace has none of that name (a new lesson, or one she deleted);
- **updated** when her copy is still byte for byte the one copied last time (she never saved
  it) and the course has changed it since;
- **kept** otherwise: she has worked in it (even just run it), or it is not a copy of ours.

Like the build's output folder (:mod:`toolkit.course.outdir`), the workspace has a marker
file (:data:`MARKER`): a folder without it that already holds files is refused, and so are the
home folder, the top of the disk and the course itself. A refusal changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.course.errors import CourseError, OutputFolderError
from toolkit.course.files import atomic_write_bytes, atomic_write_text, make_marked_folder
from toolkit.course.manifest import read_manifest
from toolkit.i18n import _, ngettext
from toolkit.terminal import for_terminal

__all__ = [
    "MARKER",
    "STATE",
    "WorkspaceReport",
    "fill_workspace",
    "learner_notebooks",
    "main",
    "make_workspace",
    "prepare_workspace",
]

MARKER = ".toolkit-workspace"
STATE = ".toolkit-workspace.json"
MARKER_TEXT = (
    "This folder is a learner's workspace, made by `make lab` (toolkit.course.workspace)\n"
    "from the course's learner edition (_build/learner/). Work here: running `make lab` again\n"
    "adds new lessons and never replaces a notebook you have changed.\n"
)
_SHOWN = 5  # names shown when refusing a folder that holds other files


@dataclass
class WorkspaceReport:
    """What one run did to the workspace, by notebook file name."""

    folder: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Plain sentences for the terminal."""
        out = [
            _("Learner workspace: {folder} (learner edition: no answers)").format(
                folder=self.folder
            )
        ]
        for names, text in (
            (
                self.added,
                ngettext(
                    "Added {n} notebook: {names}", "Added {n} notebooks: {names}", len(self.added)
                ),
            ),
            (
                self.updated,
                ngettext(
                    "Updated {n} notebook you had not changed: {names}",
                    "Updated {n} notebooks you had not changed: {names}",
                    len(self.updated),
                ),
            ),
            (
                self.kept,
                ngettext(
                    "Kept your own work in {n} notebook (not replaced): {names}",
                    "Kept your own work in {n} notebooks (not replaced): {names}",
                    len(self.kept),
                ),
            ),
        ):
            if names:
                out.append(text.format(n=len(names), names=", ".join(names)))
        if self.kept:
            out.append(
                _(
                    "To start one of them again from the course's copy, rename or delete it, then "
                    "run make lab again."
                )
            )
        if not (self.added or self.updated or self.kept):
            out.append(_("Nothing new: every notebook is already there."))
        return [for_terminal(line) for line in out]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _contains(folder: Path, path: Path) -> bool:
    return path == folder or folder in path.parents


def learner_notebooks(build: str | Path) -> list[Path]:
    """The learner notebooks the build lists in its ``manifest.json``, in course order.

    Raises CourseError (with what to run) when the build has made none yet.
    """
    root = Path(build)
    found = [
        root / entry.path
        for entry in read_manifest(root)
        if entry.audience == "learner"
        and entry.kind == "notebook"
        and entry.path.startswith("learner/")
    ]
    found = [p for p in found if p.is_file() and not p.is_symlink()]
    if not found:
        msg = _(
            "{build} holds no learner notebooks yet, so there is nothing to copy. Build them "
            "first: make lab does it, or run build_course.py --no-pdf, then try again. (On a "
            "shared server, publish it there with python -m toolkit.course.publish.)"
        ).format(build=root)
        raise CourseError(msg)
    return found


def _what_to_do() -> str:
    return _("Choose a folder of its own, e.g. make lab WORKSPACE=my-work.")


def _check_place(path: Path, given: str, protected: Iterable[Path], apart: Iterable[Path]) -> None:
    """Refuse a file, the top of the disk, home, or a folder sharing the course's own files."""
    what_to_do = _what_to_do()
    if path.exists() and not path.is_dir():
        raise OutputFolderError(
            _("The workspace {folder} is a file, not a folder; nothing was changed. {fix}").format(
                folder=given, fix=what_to_do
            )
        )
    try:
        home: Path | None = Path.home().resolve()
    except (OSError, RuntimeError):
        home = None
    if path == Path(path.anchor) or (home is not None and _contains(path, home)):
        raise OutputFolderError(
            _(
                "The workspace {folder} is the top of the disk or your home "
                "folder; nothing was changed. {fix}"
            ).format(folder=given, fix=what_to_do)
        )
    for own in protected:
        if _contains(path, own.resolve()):
            raise OutputFolderError(
                _(
                    "The workspace {folder} holds the course itself ({own}), whose notebooks have "
                    "the answers; nothing was changed. {fix}"
                ).format(folder=given, own=own.name, fix=what_to_do)
            )
    for other in apart:
        other = other.resolve()
        if _contains(path, other) or _contains(other, path):
            raise OutputFolderError(
                _(
                    "The workspace {folder} would share a folder with the course's own files "
                    "({other}); nothing was changed. {fix}"
                ).format(folder=given, other=other.name, fix=what_to_do)
            )


def _check_unused(path: Path, given: str) -> None:
    """Refuse an existing folder (not a workspace yet) that already holds other files."""
    what_to_do = _what_to_do()
    if path.is_dir() and not (path / MARKER).is_file():
        others = sorted(p.name for p in path.iterdir())
        if others:
            shown = ", ".join(others[:_SHOWN]) + ("…" if len(others) > _SHOWN else "")
            raise OutputFolderError(
                _(
                    "The workspace {folder} already holds files it did not put there ({names}); "
                    "nothing was changed. {fix}"
                ).format(folder=given, names=shown, fix=what_to_do)
            )


def prepare_workspace(
    folder: str | Path, *, protected: Iterable[Path] = (), apart: Iterable[Path] = ()
) -> Path:
    """Check ``folder`` is safe to use as a workspace, create it with its marker; return it
    resolved. ``protected`` are the course's own files: the workspace may not hold them.
    ``apart`` are folders (the build's, the lessons') it may neither hold nor be inside. Raises
    OutputFolderError, having changed nothing, when it is unsafe."""
    given = str(folder) or "''"
    try:
        path = Path(folder).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise OutputFolderError(
            _(
                "The workspace {folder} cannot be used ({error}). Choose "
                "another folder, e.g. workspace."
            ).format(folder=given, error=exc)
        ) from None
    _check_place(path, given, protected, apart)
    _check_unused(path, given)
    try:
        make_marked_folder(path, MARKER, MARKER_TEXT)  # undoes the folders it made on failure
    except OSError as exc:
        raise OutputFolderError(
            _(
                "Cannot write to the workspace {folder} ({error}). Choose a "
                "folder you can write to."
            ).format(folder=given, error=exc.strerror)
        ) from None
    return path


def _read_state(folder: Path) -> dict[str, str]:
    # Unreadable or tampered state only means "we copied nothing": every file is then kept.
    try:
        data = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    copied = data.get("copied") if isinstance(data, dict) else None
    if not isinstance(copied, dict):
        return {}
    return {k: v for k, v in copied.items() if isinstance(k, str) and isinstance(v, str)}


def fill_workspace(folder: Path, notebooks: Iterable[Path]) -> WorkspaceReport:
    """Copy ``notebooks`` into ``folder`` (from :func:`prepare_workspace`) without ever replacing
    a learner's work; return what was added, updated, kept and already there."""
    report = WorkspaceReport(folder)
    copied = _read_state(folder)
    for source in notebooks:
        try:
            _copy(source, folder, copied, report)
        except OSError as exc:
            raise CourseError(
                _(
                    "Could not copy {name} into the workspace {folder} ({error}). Nothing you "
                    "saved was replaced; fix the problem and run make lab again."
                ).format(name=source.name, folder=folder, error=exc.strerror or exc)
            ) from None
    return report


def _copy(source: Path, folder: Path, copied: dict[str, str], report: WorkspaceReport) -> None:
    """One notebook into the workspace, unless the learner's own copy is already there."""
    name, data = source.name, source.read_bytes()
    target = folder / name
    new = _sha(data)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        report.kept.append(name)  # not a file of ours: never written through
        return
    if not target.exists():
        report.added.append(name)
    else:
        current = _sha(target.read_bytes())
        if current == new:
            report.unchanged.append(name)
            copied[name] = new
            return
        if copied.get(name) != current:
            report.kept.append(name)  # she saved it since (or it was never ours)
            return
        report.updated.append(name)
    atomic_write_bytes(target, data)
    copied[name] = new
    # Saved after every copy: an interrupted run never mistakes our copy for her work.
    atomic_write_text(folder / STATE, json.dumps({"copied": copied}, indent=1) + "\n")


def make_workspace(
    folder: str | Path,
    build: str | Path,
    *,
    protected: Iterable[Path] = (),
    apart: Iterable[Path] = (),
) -> WorkspaceReport:
    """The learner notebooks of ``build`` copied into the workspace ``folder`` (see above);
    the workspace is never inside the build folder nor holds it."""
    notebooks = learner_notebooks(build)
    ready = prepare_workspace(folder, protected=protected, apart=[Path(build), *apart])
    return fill_workspace(ready, notebooks)


def _from_build_alone(build: str, folder: str | None) -> WorkspaceReport:
    """``--build`` without ``--course``: a published learner edition (a shared hub, Binder),
    where no course.toml is readable. The workspace is still kept apart from the build."""
    if not folder:
        raise CourseError(
            _(
                "Name the workspace folder after --build {build}, e.g. --build {build} "
                "~/course (or give --course to use the course's own workspace/)."
            ).format(build=build)
        )
    return make_workspace(folder, build)


def _from_course(course_arg: str | None, build: str | None, folder: str | None) -> WorkspaceReport:
    """``make lab``: the course's build and workspace, kept apart from its sources."""
    from toolkit.course.submission import find_course  # course.toml only here

    course = find_course(course_arg)
    protected = [course.root / "course.toml"]
    for entry in course.lessons:
        protected += [p for p in (entry.lesson, entry.exercise) if p is not None]
    protected += [f.path for f in course.front_matter]
    # The lessons' folders (not the course root, where workspace/ lives): never inside.
    folders = {p.parent.resolve() for p in protected} - {course.root.resolve()}
    return make_workspace(
        folder or course.root / "workspace",
        build or course.root / "_build",
        protected=protected,
        apart=sorted(folders),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.course.workspace",
        description=_(
            "Copy the learner edition of the course (built notebooks, no answers) into a "
            "learner's workspace, keeping every notebook she has already worked in."
        ),
    )
    parser.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER",
        help=_("the workspace (default: workspace/ next to course.toml; needed with --build)"),
    )
    parser.add_argument(
        "--build", metavar="DIR", help=_("the build folder (default: _build next to course.toml)")
    )
    parser.add_argument(
        "--course",
        metavar="COURSE",
        help=_(
            "course.toml or its folder (default: found from here upwards; not looked for when "
            "only --build is given)"
        ),
    )
    args = parser.parse_args(argv)
    try:
        if args.build and not args.course:
            report = _from_build_alone(args.build, args.folder)
        else:
            report = _from_course(args.course, args.build, args.folder)
    except CourseError as exc:
        print(for_terminal(_("error: {problem}").format(problem=exc)), file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
