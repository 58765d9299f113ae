"""``python -m toolkit.course.l10n update|stats [--lang fr]`` (``make translations``).

``update`` brings the catalogues up to date, then writes each language's quiz banks into the
package (``toolkit/quizzes/<lang>/``), where a learner's kernel can read them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.course.errors import CourseError
from toolkit.course.l10n.banks import write_banks
from toolkit.course.l10n.catalogs import update
from toolkit.course.l10n.stats import coverage_table
from toolkit.i18n import _

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0 when done, 2 with a plain message when something is wrong."""
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.course.l10n",
        description=_("Translation catalogues for the lessons (locale/<lang>/<group>/<name>.po)."),
    )
    parser.add_argument("command", choices=["update", "stats"])
    parser.add_argument("--lang", help=_("one language (default: all in course.toml)"))
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=_("the course folder"))
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            written = update(args.lang, args.root)
            written += write_banks(args.root, [args.lang] if args.lang else None)
            for path in written:
                print(_("wrote {path}").format(path=path.relative_to(args.root.resolve())))
            print(_("{count} files changed.").format(count=len(written)))
        print(coverage_table(args.lang, args.root))
    except CourseError as error:
        print(error, file=sys.stderr)
        return 2
    return 0
