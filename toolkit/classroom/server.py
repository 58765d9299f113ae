"""The command line: ``python -m toolkit.classroom --db workshop.sqlite`` (also ``make classroom``).

Opens (or makes) the board's forum file, prints where learners go, the join code, a QR code
and the trainer's link, and serves until Ctrl-C. A restart continues the same board and code.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import signal
import socket
import ssl
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import segno
import tornado.httpserver
import tornado.netutil
import tornado.web

from toolkit.classroom.app import HARD_MAX_BODY, make_app, normal_base
from toolkit.classroom.sign import write_sign
from toolkit.course.errors import CourseError
from toolkit.forum.errors import ForumError
from toolkit.forum.sample import add_community
from toolkit.forum.service import Forum
from toolkit.i18n import _

DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Opened:
    """A board ready to serve: its forum, join code and this start's trainer key."""

    forum: Forum
    code: str
    trainer_key: str


def open_board(
    db: str | Path, *, code: str | None = None, title: str | None = None, sample: bool = False
) -> Opened:
    """Open or make the board's forum file; keep its join code unless ``code`` is given.

    ``sample``: give a new board the lessons' sample community first (their threads and
    members), so the lessons that read those threads work on it; a board with posts is refused.
    """
    forum = Forum(db) if title is None else Forum(db, title=title)
    board = forum.board
    if sample:
        try:
            add_community(forum)
        except ForumError:
            forum.close()
            raise
    board.trainer()
    if code or board.join_code() is None:
        join_code = board.set_join_code(code or None)
    else:
        join_code = board.join_code() or board.set_join_code()
    # A new trainer key at every start: only its hash is kept, so an old link stops working.
    return Opened(forum, join_code, board.new_trainer_key())


def lan_address() -> str | None:
    """This machine's address on the local network, or None (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # Connecting a UDP socket only picks the route; nothing leaves the machine.
        probe.connect(("10.255.255.255", 1))
        address: str = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def learner_url(
    host: str, port: int, code: str, *, https: bool = False, base_url: str = "/"
) -> str:
    scheme = "https" if https else "http"
    return f"{scheme}://{host}:{port}{normal_base(base_url)}join?code={quote(code)}"


def ssl_context(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    if cert is None and key is None:
        return None
    if cert is None or key is None:
        raise ForumError(_("HTTPS needs both --cert and --key. Give both, or neither."))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(str(cert), str(key))
    except (OSError, ssl.SSLError) as exc:
        msg = _("The certificate or key could not be read ({problem}). Check the two files.")
        raise ForumError(msg.format(problem=exc)) from exc
    return context


@dataclass(frozen=True)
class Listening:
    """A board being served: its HTTP server, port and application."""

    server: tornado.httpserver.HTTPServer
    port: int
    app: tornado.web.Application

    @property
    def forum(self) -> Forum:
        """The forum served now (a reset replaces it)."""
        forum: Forum = self.app.settings["forum"]
        return forum

    def show_address(self, url: str) -> None:
        """The learners' address the trainer page shows (the request's own host is loopback)."""
        self.app.settings["learner_url"] = url


def listen(
    opened: Opened,
    host: str,
    port: int,
    context: ssl.SSLContext | None = None,
    *,
    base_url: str = "/",
    **app_settings: Any,
) -> Listening:
    """Start serving on ``host:port`` (port 0: any free port), the board under ``base_url``."""
    app = make_app(opened.forum, base_url=base_url, **app_settings)
    server = tornado.httpserver.HTTPServer(
        app,
        ssl_options=context,
        max_body_size=HARD_MAX_BODY,
        max_header_size=16 * 1024,
        idle_connection_timeout=120,
        body_timeout=30,
        xheaders=False,
    )
    sockets = tornado.netutil.bind_sockets(port, address=host, family=socket.AF_INET)
    server.add_sockets(sockets)
    return Listening(server, sockets[0].getsockname()[1], app)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.classroom",
        description=_("Serve one live forum to every phone in the room."),
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path("workshop.sqlite"),
        help=_("the board's file (made if missing; a restart continues it)"),
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--host", default=LOOPBACK, help=_("the address to listen on (default: this computer only)")
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help=_("listen on the local network so phones in the room can join"),
    )
    parser.add_argument("--code", help=_("the join code (made up when missing)"))
    parser.add_argument("--title", help=_("the board's title"))
    parser.add_argument(
        "--sample",
        action="store_true",
        help=_("start a new board with the lessons' sample threads and members"),
    )
    parser.add_argument(
        "--print-sign",
        type=Path,
        metavar="PDF",
        help=_("also write a one-page sign with the address, QR code and code"),
    )
    parser.add_argument("--cert", type=Path, help=_("HTTPS certificate (PEM)"))
    parser.add_argument("--key", type=Path, help=_("HTTPS private key (PEM)"))
    parser.add_argument(
        "--hub",
        action="store_true",
        help=_("run as a JupyterHub service: hub users sign in through the hub"),
    )
    parser.add_argument(
        "--trainer-group",
        default="trainers",
        help=_("with --hub: the hub group whose users are trainers (default: trainers)"),
    )
    return parser  # fmt: skip


def announce(url: str, code: str, trainer_link: str, *, lan: bool) -> str:
    """What the terminal shows at start: address, code, QR code, trainer link."""
    drawn = io.StringIO()
    # Compact: two rows per line of text, so it fits an 80 x 24 terminal.
    segno.make(url, error="m").terminal(out=drawn, compact=True)
    lines = [
        _("The classroom board is running."),
        "",
        _("Learners open: {url}").format(url=url),
        _("Join code: {code}").format(code=code),
        "",
        drawn.getvalue(),
    ]
    if not lan:
        lines.append(
            _("Only this computer can reach it. Start with --lan so phones in the room can join.")
        )
    else:
        lines.append(
            _(
                "Anyone on this Wi-Fi can open the board. Plain HTTP can be read by others on the "
                "network: use --cert and --key for HTTPS if you have a certificate."
            )
        )
    lines += ["", _("Trainer (keep this link to yourself): {link}").format(link=trainer_link)]
    lines.append(_("Press Ctrl-C to stop. Starting again continues the same board."))
    return "\n".join(lines)


def sign_path(path: Path | None) -> Path | None:
    """``--print-sign``: a PDF name, and never a file of another kind (it would be replaced)."""
    if path is None:
        return None
    not_pdf = path.suffix.lower() != ".pdf"
    if not not_pdf and path.is_file():
        with path.open("rb") as existing:
            not_pdf = existing.read(5) != b"%PDF-"
    if not_pdf:
        msg = _(
            "--print-sign {path}: the sign is a PDF. Give a new file name ending in .pdf, "
            "like sign.pdf."
        )
        raise ForumError(msg.format(path=path))
    return path


def _show_room(serving: Listening, opened: Opened, args: argparse.Namespace, host: str) -> None:
    """The room's start: the learners' address, the sign, the announcement, the trainer link."""
    https = serving.server.ssl_options is not None  # type: ignore[attr-defined]
    shown = (lan_address() or LOOPBACK) if args.lan else (LOOPBACK if host == "0.0.0.0" else host)
    port = serving.port
    url = learner_url(shown, port, opened.code, https=https)
    serving.show_address(url)
    scheme = "https" if https else "http"
    trainer_link = f"{scheme}://{LOOPBACK}:{port}/trainer/login?key={opened.trainer_key}"
    if args.lan and lan_address() is None:
        print(
            _(
                "No local network was found: phones cannot reach this computer yet. "
                "Connect it to the room's Wi-Fi, then start the board again."
            ),
            file=sys.stderr,
        )
    if args.print_sign:
        try:
            write_sign(args.print_sign, url=url, code=opened.code, title=opened.forum.title)
        except (OSError, CourseError) as exc:
            msg = _("The sign could not be written ({problem}). The board runs without it.")
            print(msg.format(problem=getattr(exc, "strerror", None) or exc), file=sys.stderr)
        else:
            print(_("Sign written: {path}").format(path=args.print_sign))
    print(announce(url, opened.code, trainer_link, lan=args.lan), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    host = "0.0.0.0" if args.lan else args.host
    hub: Any = None
    try:
        if args.hub:
            # Imported only with --hub: jupyterhub is an optional dependency.
            from toolkit.classroom.hub import hub_from_env, service_address

            hub = hub_from_env(args.trainer_group)
            host, args.port = service_address()
        args.print_sign = sign_path(args.print_sign)
        context = ssl_context(args.cert, args.key)
        opened = open_board(args.db, code=args.code, title=args.title, sample=args.sample)
    except ForumError as error:
        print(error.message, file=sys.stderr)
        return 2

    async def run() -> None:
        base = "/" if hub is None else hub.prefix
        try:
            serving = listen(opened, host, args.port, context, base_url=base, hub=hub)
        except OSError as exc:
            msg = _("The board could not listen on port {port} ({problem}). Try --port 8001.")
            print(msg.format(port=args.port, problem=exc.strerror or exc), file=sys.stderr)
            raise SystemExit(2) from exc
        if hub is None:
            _show_room(serving, opened, args, host)
        else:
            serving.show_address(base)
            msg = _(
                "The classroom board runs as the hub's service at {prefix}. Hub users sign in "
                "through the hub; members of the group {group} are trainers."
            )
            print(msg.format(prefix=base, group=hub.trainer_group), flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        serving.server.stop()
        await serving.server.close_all_connections()
        serving.forum.close()  # the one served now: a reset may have replaced the first

    try:
        asyncio.run(run())
    finally:
        opened.forum.close()
    print(_("The board has stopped. Everything is saved in {path}.").format(path=args.db))
    return 0
