"""``python -m toolkit.learn [NOTEBOOK_OR_FOLDER] [--port N] [--host ADDRESS] [--no-browser]``.

Opens learner notebooks as apps (text, forms and feedback, no code) in the web browser.
Exit codes: 0 stopped normally (Ctrl+C); 2 refused (a source or answer notebook, a busy port,
a bad address), with a message saying what to do; nothing was served.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from toolkit.i18n import _
from toolkit.learn import server
from toolkit.learn.errors import LearnerModeError
from toolkit.learn.workspace import AppWorkspace, prepare_workspace

DEFAULT_TARGET = Path("_build") / "learner"


def _strings() -> dict[str, str]:
    """The template's words, translated here (Jinja has no access to toolkit.i18n)."""
    return {
        "lang": server.page_language(),
        # Any page without a title of its own (an error page, for one).
        "page_title": _("Your exercises"),
        "loading": _("Getting your exercise ready… ({i} of {n})"),
        "tree_title": _("Your exercises"),
        "tree_intro": _(
            "Tap a title to open it. Everything here is practice: nothing leaves this computer, "
            "and each page starts afresh when you open it."
        ),
        "tree_up": _("Back to the list"),
        # The first page the browser opens (browser-open.html).
        "opening": _("Opening your exercises…"),
        "open_link": _("Nothing happens? Tap here to open your exercises."),
    }


def install_template(share: Path) -> Path:
    """Copy the learner template under ``share`` with its words; return the JUPYTER_PATH entry."""
    shutil.copytree(server.TEMPLATES / "voila", share / "voila")
    lines = [
        # json.dumps gives a valid Jinja string literal, whatever the translation holds.
        f"{{% set {key} = {json.dumps(value)} %}}"
        for key, value in _strings().items()
    ]
    folder = share / "voila" / "templates" / server.TEMPLATE
    (folder / "learner_strings.j2").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return share


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.learn",
        description=_(
            "Open learner notebooks as apps: text, forms and feedback, no code. Only learner "
            "editions (made by 'make build' in _build/learner/) are opened, never the course's "
            "lessons/ or exercises/."
        ),
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="NOTEBOOK_OR_FOLDER",
        help=_("a learner notebook or folder (default: _build/learner)"),
    )
    parser.add_argument(
        "--port", type=int, default=server.DEFAULT_PORT, help=_("port (default: 8866)")
    )
    parser.add_argument(
        "--host",
        default=server.DEFAULT_HOST,
        help=_(
            "address to listen on (default 127.0.0.1: this computer only; any other address "
            "needs the link with its token)"
        ),
    )
    parser.add_argument("--no-browser", action="store_true", help=_("do not open the web browser"))
    return parser


def _default_target() -> Path:
    target = Path.cwd() / DEFAULT_TARGET
    if not target.is_dir():
        raise LearnerModeError(
            _(
                "There are no learner notebooks yet: {path} does not exist. Build the course "
                "first ('make build'), or name a learner notebook or folder."
            ).format(path=DEFAULT_TARGET)
        )
    return target


def _announce(workspace: AppWorkspace, plan: server.ServerPlan) -> None:
    count = len(workspace.notebooks)
    print(
        _("The learner mode is open at {url} ({count} notebook(s)). Press Ctrl+C to stop.").format(
            url=plan.url, count=count
        ),
        flush=True,
    )
    if not plan.loopback:
        print(
            _(
                "Other computers can reach it: share the link with its token only with the "
                "people in the room. Anyone with the link can run code as you on this computer."
            ),
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        plan = server.plan(args.host, args.port)
        server.check_port_free(plan.host, plan.port)
        target = Path(args.target) if args.target else _default_target()
        with tempfile.TemporaryDirectory(prefix="toolkit-learn-") as tmp:
            workspace = prepare_workspace(target, Path(tmp) / "notebooks")
            share = install_template(Path(tmp) / "share")
            os.environ["JUPYTER_PATH"] = server.jupyter_path(share)
            _announce(workspace, plan)
            from voila.app import Voila

            config = server.voila_config(plan, open_browser=not args.no_browser and plan.loopback)
            Voila.launch_instance(argv=[str(workspace.entry)], config=config)
    except LearnerModeError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
