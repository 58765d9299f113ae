"""The build's command line: ``toolkit-build`` (installed) and ``python build_course.py``.

    toolkit-build                                # every lesson in ./course.toml, all cores
    toolkit-build 01-welcome --jobs 2            # one lesson
    toolkit-build --param workshop="Riverside library" --param paper=Letter
    toolkit-build --certificates names.csv --grades grades.json \
        --param workshop="Riverside library" --param trainer="Lena" --param date=2026-03-14

A thin layer over toolkit.course.build and toolkit.course.certificate (see docs/AUTHORING.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.course.config import Course
    from toolkit.course.hublinks import HubTarget
    from toolkit.course.pipeline import BuildReport

# Where the course list is looked for when --course is not given: the current folder for
# ``toolkit-build``; build_course.py passes its own folder, so it works from anywhere.
DEFAULT_COURSE = Path("course.toml")
# Lesson parameters that point a notebook at a live classroom board (docs/CLASSROOM.md).
BOARD_PARAMS = frozenset({"board", "board_pin"})


def parse_param(text: str) -> tuple[str, object]:
    """``NAME=VALUE``; VALUE is a JSON number/true/false/null when it parses as one, else text."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        msg = f"--param {text!r}: write NAME=VALUE, e.g. --param paper=Letter"
        raise argparse.ArgumentTypeError(msg)
    if name.strip() in BOARD_PARAMS:
        # The trainer edition runs every answer key: each would be posted to the room's board.
        msg = (
            f"--param {name.strip()}: the build never joins a classroom board (it would post every "
            "answer key there). Give the board to a learner's notebook instead: see "
            "docs/CLASSROOM.md, 'Lessons on the board'."
        )
        raise argparse.ArgumentTypeError(msg)
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    if isinstance(parsed, (list, dict, str)):
        parsed = value
    return name.strip(), parsed


def parse_jobs(text: str) -> int:
    """``--jobs N``: a whole number from 1 (more than the notebooks is the same as all)."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        msg = f"--jobs {text[:20]!r}: give a whole number of 1 or more, e.g. --jobs 2"
        raise argparse.ArgumentTypeError(msg)
    return min(jobs, 256)  # the pool never needs more workers than there are notebooks


def make_parser(course: Path = DEFAULT_COURSE) -> argparse.ArgumentParser:
    """The command line's options; ``course`` is the default for ``--course``."""
    parser = argparse.ArgumentParser(
        description=(
            "Build the course: learner and trainer HTML, notebooks and PDF handouts. Each "
            "learner version is executed WITHOUT the trainer and solution cells, so no output "
            "shows an answer; the trainer version runs everything. With --certificates, make "
            "completion certificates instead (no lesson is built or executed)."
        ),
        epilog=(
            "Exit codes: 0 everything built; 1 a lesson failed (the others were built); "
            "2 a problem with the whole run (course.toml, unknown lesson id, no PDF renderer, "
            "an output folder that is a file, the course itself, your home folder or holds "
            "other files, a bad names CSV or grader results, no workshop name for certificates); "
            "130 stopped with Ctrl-C (what was written is whole; run again to finish)."
        ),
    )
    _add_build_options(parser, course)
    _add_certificate_options(parser)
    _add_hub_options(parser)
    return parser


def _add_build_options(parser: argparse.ArgumentParser, course: Path) -> None:
    parser.add_argument(
        "ids", nargs="*", metavar="LESSON", help="lesson ids to build (default: all)"
    )
    parser.add_argument(
        "--lesson",
        action="append",
        default=[],
        metavar="ID",
        help="a lesson id to build (repeatable)",
    )
    parser.add_argument("--out", default="_build", metavar="DIR", help="output folder (_build)")
    parser.add_argument(
        "--course",
        default=str(course),
        metavar="FILE",
        help=f"the course list (default: {course})",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=parse_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="notebooks built at once (default: all cores)",
    )
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        type=parse_param,
        metavar="NAME=VALUE",
        help="papermill parameter (workshop, date, trainer, paper=A4|Letter)",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help=(
            "delete what earlier builds made in the output folder first (only files the build "
            "lists as its own; a folder it did not make is refused, nothing is deleted)"
        ),
    )
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip PDF handouts")
    parser.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="CODE",
        help=(
            "a language to build (repeatable or a comma list, e.g. --lang fr,ar; default: "
            "every one course.toml lists). The course's own goes to OUT/learner and "
            "OUT/trainer, another to OUT/<lang>/learner and OUT/<lang>/trainer"
        ),
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar; translation totals only"
    )


def _add_certificate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--certificates",
        metavar="NAMES.CSV",
        help=(
            "make completion certificates for the learners in this CSV (header 'name', "
            "optional 'handle', 'notebook', 'date') into OUT/certificates/ and list them in "
            "OUT/manifest.json; needs --param workshop=..., uses trainer, date, paper"
        ),
    )
    parser.add_argument(
        "--grades",
        metavar="GRADES.JSON",
        help=(
            "with --certificates: the saved output of 'python -m toolkit.grade --json ...'; "
            "only learners whose notebooks all passed are certified"
        ),
    )


def _add_hub_options(parser: argparse.ArgumentParser) -> None:
    hub = parser.add_argument_group(
        "links for a JupyterHub (docs/DEPLOY.md)",
        "With --hub, the build also writes OUT/learner/hub-links.html and (unless --no-pdf) "
        "OUT/trainer/hub-links.pdf: one nbgitpuller link (and QR code) per lesson and exercise "
        "that copies the learner edition from --repo into the learner's folder and opens it.",
    )
    hub.add_argument("--hub", metavar="URL", help="the hub's address, e.g. https://hub.example.org")
    hub.add_argument(
        "--repo",
        metavar="GIT-URL",
        help="the git repository that holds the learner edition (OUT/learner) at its top",
    )
    hub.add_argument("--branch", default="main", help="its branch (default: main)")
    hub.add_argument(
        "--hub-dir",
        default="course",
        metavar="FOLDER",
        help="the folder in each learner's home it is copied to (default: course)",
    )


def _hub_target(args: argparse.Namespace) -> HubTarget | None:
    """The checked --hub options, None without --hub; a HubLinkError (a CourseError) if bad."""
    from toolkit.course.hublinks import hub_options

    return hub_options(args.hub, args.repo, branch=args.branch, directory=args.hub_dir)


def _print_hub_links(report: BuildReport) -> None:
    from toolkit.course.outputs import COURSE_OUTPUTS

    hub = {o.path for o in COURSE_OUTPUTS if o.made_by == "hub"}
    for entry in report.course_outputs:
        if entry.path in hub:
            print(f"Hub links: {report.out / entry.path}")


def make_certificates_cli(args: argparse.Namespace) -> int:
    """``--certificates``: one call to make_certificates, a report, manifest entries."""
    from toolkit.course.build import paper_size
    from toolkit.course.certificate import CERTIFICATES_DIR, make_certificates
    from toolkit.course.config import load_course
    from toolkit.course.errors import CourseError
    from toolkit.course.languages import course_title
    from toolkit.course.manifest import ManifestEntry, add_to_manifest
    from toolkit.course.outdir import discard_if_unused, prepare_output

    if args.ids or args.lesson:
        print(
            "error: --certificates makes certificates only; build the lessons in a separate run",
            file=sys.stderr,
        )
        return 2
    params = dict(args.param)
    langs = [code.strip() for item in args.lang for code in item.split(",") if code.strip()]
    if len(langs) > 1:
        print(
            "error: certificates are made in one language at a time: give one --lang",
            file=sys.stderr,
        )
        return 2
    out: Path | None = None
    fresh = not os.path.lexists(os.path.expanduser(args.out))
    try:
        course = load_course(args.course)
        paper = paper_size(params)
        # Certificates go into a build folder: never into the course, home or others' files.
        out = prepare_output(
            args.out, protected=[course.root, *(d.path for d in course.documents())]
        )
        paths, not_certified = make_certificates(
            args.certificates,
            out,
            params=params,
            course_title=course_title(course, langs[0]) if langs else course.title,
            grades_json=args.grades,
            paper=paper,
            course=course,
            # --lang ar: the certificate's words, direction and font in that language.
            lang=langs[0] if langs else None,
        )
    except CourseError as exc:
        if out is not None and fresh:
            discard_if_unused(out)  # a refusal leaves no new empty folder behind
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reasons = _reasons(args, course) if not_certified and args.grades else {}
    entries = [ManifestEntry(f"{CERTIFICATES_DIR}/{p.name}", None, "learner", "pdf") for p in paths]
    add_to_manifest(out, course.title, entries)

    _print_certified(args.certificates, paths, not_certified, reasons)
    print(f"Listed in {out / 'manifest.json'}")
    return 0


def _reasons(args: argparse.Namespace, course: Course) -> dict[str, str]:
    """Why each learner was not certified: check_grades (no rendering) on the same inputs."""
    from toolkit.course.certificate import check_grades, read_names

    grades_path = Path(args.grades)
    grades = json.loads(grades_path.read_text(encoding="utf-8-sig"))
    result = check_grades(
        read_names(args.certificates), grades, grades_dir=grades_path.parent, course=course
    )
    return {n.learner.name: n.reason for n in result.not_certified}


def _print_certified(
    names_csv: str, paths: list[Path], not_certified: list[str], reasons: dict[str, str]
) -> None:
    print(f"Certified ({len(paths)}):")
    names = _certified_names(names_csv, not_certified, len(paths))
    for name, path in zip(names, paths, strict=True):
        print(f"  {name or path.stem}  ->  {path}")
    if not_certified:
        print(f"Not certified ({len(not_certified)}):")
        for name in not_certified:
            print(f"  {name}: {reasons.get(name, 'not finished yet')}")


def _certified_names(names_csv: str, not_certified: list[str], count: int) -> list[str]:
    """The certified learners' names, in CSV order (the order certificates are written in)."""
    from toolkit.course.certificate import read_names

    left_out = list(not_certified)
    names = []
    for learner in read_names(names_csv):
        if learner.name in left_out:
            left_out.remove(learner.name)
        else:
            names.append(learner.name)
    return names if len(names) == count else [""] * count


def main(argv: list[str] | None = None, *, course_toml: Path = DEFAULT_COURSE) -> int:
    """Run the build (or make certificates); the exit code as documented in ``--help``."""
    args = make_parser(course_toml).parse_args(argv)
    if args.certificates:
        if args.hub or args.repo:
            print(
                "error: --certificates makes certificates only; make the hub links with the "
                "build, in a separate run",
                file=sys.stderr,
            )
            return 2
        return make_certificates_cli(args)
    if args.grades:
        print("error: --grades goes with --certificates NAMES.CSV", file=sys.stderr)
        return 2
    from toolkit.course.build import build_editions
    from toolkit.course.config import load_course
    from toolkit.course.errors import CourseError
    from toolkit.course.languages import editions
    from toolkit.course.report import print_report

    try:
        hub = _hub_target(args)  # refused before anything is built
        course = load_course(args.course)
        editions(course, args.lang)  # a language course.toml does not list: nothing built
        reports = build_editions(
            course,
            args.out,
            args.lang,
            lessons=[*args.ids, *args.lesson],
            jobs=args.jobs,
            params=dict(args.param),
            clean=args.clean,
            pdf=args.pdf,
            progress=not args.quiet,
            hub=hub,  # written by the build, kept by later builds without --hub
        )
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\nStopped. Every file already written is whole (written atomically); "
            "run the same command again to finish: unchanged lessons are not executed again.",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:  # disk full, a folder made read-only mid-build
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"error: the build could not write its files: {exc.strerror or exc}{where}. "
            "Free some space or fix the folder's permissions, then build again.",
            file=sys.stderr,
        )
        return 2
    for lang, report in reports:
        if len(reports) > 1:
            print(f"\n== {lang} ==")
        print_report(report)
        if hub is not None and lang == course.language:
            _print_hub_links(report)
        if report.kept:
            shown = ", ".join(report.kept[:5]) + (" ..." if len(report.kept) > 5 else "")
            print(f"--clean kept {len(report.kept)} file(s) the build did not make: {shown}")
    translated = [lang for lang, _report in reports if lang != course.language]
    if translated:
        _print_coverage(course, translated, totals=args.quiet)
    return 0 if all(report.ok for _lang, report in reports) else 1


def _print_coverage(course: Course, languages: list[str], *, totals: bool) -> None:
    """How much of each notebook the catalogues translate (``totals``: one line a language)."""
    from toolkit.course.errors import CourseError
    from toolkit.course.l10n.stats import coverage_rows, coverage_table

    print()
    for lang in languages:
        try:
            if not totals:
                print(coverage_table(lang, course.root))
                continue
            rows = coverage_rows(lang, course.root)
        except (CourseError, OSError, ValueError) as exc:
            print(f"{lang}: no coverage table ({exc})")
            continue
        done = sum(c.translated for _l, _n, c in rows)
        total = sum(c.total for _l, _n, c in rows)
        fuzzy = sum(c.fuzzy for _l, _n, c in rows)
        share = 100 * done / total if total else 100.0
        print(f"{lang}: {done} of {total} entries translated ({share:.0f}%), {fuzzy} to review")


def run() -> None:
    """The ``toolkit-build`` console script."""
    sys.exit(main())
