#!/usr/bin/env python3
"""Build the course into _build/: learner and trainer HTML sites, notebooks, PDF handouts.

    python build_course.py                       # every lesson in course.toml, all cores
    python build_course.py 01-welcome --jobs 2   # one lesson
    python build_course.py --param workshop="Riverside library" --param paper=Letter

A thin command line over toolkit.course.build (see docs/AUTHORING.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def parse_param(text: str) -> tuple[str, object]:
    """``NAME=VALUE``; VALUE is a JSON number/true/false/null when it parses as one, else text."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        msg = f"--param {text!r}: write NAME=VALUE, e.g. --param paper=Letter"
        raise argparse.ArgumentTypeError(msg)
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    if isinstance(parsed, (list, dict, str)):
        parsed = value
    return name.strip(), parsed


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Build the course: learner and trainer HTML, notebooks and PDF handouts.",
    )
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
        default=str(ROOT / "course.toml"),
        metavar="FILE",
        help="the course list (course.toml at the repository root)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
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
    parser.add_argument("--clean", action="store_true", help="delete the output folder first")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip PDF handouts")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    from toolkit.course.build import build_course
    from toolkit.course.config import load_course
    from toolkit.course.errors import CourseError
    from toolkit.course.report import print_report

    try:
        course = load_course(args.course)
        report = build_course(
            course,
            args.out,
            lessons=[*args.ids, *args.lesson],
            jobs=args.jobs,
            params=dict(args.param),
            clean=args.clean,
            pdf=args.pdf,
            progress=not args.quiet,
        )
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
