#!/usr/bin/env python3
"""Build the course into _build/: learner and trainer HTML sites, notebooks, PDF handouts.

    python build_course.py                       # every lesson in course.toml, all cores
    python build_course.py 01-welcome --jobs 2   # one lesson
    python build_course.py --param workshop="Riverside library" --param paper=Letter
    python build_course.py --certificates names.csv --grades grades.json \
        --param workshop="Riverside library" --param trainer="Lena" --param date=2026-03-14

The same command as ``toolkit-build`` (toolkit/course/cli.py), with this folder's course.toml.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from toolkit.course.cli import main as _main  # noqa: E402
from toolkit.course.cli import (  # noqa: E402
    make_certificates_cli,
    make_parser,
    parse_jobs,
    parse_param,
)

__all__ = ["main", "make_certificates_cli", "make_parser", "parse_jobs", "parse_param"]


def main(argv: list[str] | None = None) -> int:
    """``python build_course.py ...``: the build, with course.toml beside this file."""
    return _main(argv, course_toml=ROOT / "course.toml")


if __name__ == "__main__":
    sys.exit(main())
