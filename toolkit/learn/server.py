"""Voilà settings for the learner mode, chosen for safety, and the launch itself.

- **Loopback by default** (127.0.0.1): no token, so a learner is never asked for one, and the
  Host check stays on (Voilà turns it off), so a web page cannot reach the server through DNS
  rebinding. Any other address (a classroom network) gets a random token in the printed link.
- **Nothing from outside**: the ``toolkit-learner`` template drops Voilà's CDN links, and a
  Content-Security-Policy lets the page load only from this server (an image a lesson links
  from the internet is blocked, not fetched).
- **No code**: ``strip_sources``; the template and theme cannot be switched from the URL or the
  notebook; Python tracebacks are not sent to the page.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

from toolkit import i18n
from toolkit.i18n import _
from toolkit.learn.errors import LearnerModeError

__all__ = [
    "CSP",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "TEMPLATE",
    "TEMPLATES",
    "ServerPlan",
    "check_port_free",
    "is_loopback",
    "page_language",
    "plan",
    "voila_config",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TEMPLATE = "toolkit-learner"
# A JUPYTER_PATH entry: Voilà finds templates in <entry>/voila/templates/<name>.
TEMPLATES = Path(__file__).parent / "share"
# Everything from this server only. Inline scripts and styles: Voilà's page needs them.
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'self'"
)


# gettext("") is the catalogue's header; a variable, so pybabel does not extract an empty msgid.
_HEADER = ""
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def page_language() -> str:
    """The language the pages' words are in, for ``<html lang>``: the Language of the catalogue
    in use, else the language asked for, else English (no catalogue means English words)."""
    header = i18n.gettext(_HEADER)
    if not header:
        return "en"
    for line in header.splitlines():
        name, _colon, value = line.partition(":")
        if name.strip().lower() == "language" and _LANGUAGE_TAG.fullmatch(value.strip()):
            return value.strip().replace("_", "-")
    asked = i18n.language() or ""
    return asked.replace("_", "-") if _LANGUAGE_TAG.fullmatch(asked) else "en"


@dataclass(frozen=True)
class ServerPlan:
    """Where the learner mode listens and how a browser gets in."""

    host: str
    port: int
    token: str  # "" on loopback

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        """The link to open (with the token when there is one)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.host in ("0.0.0.0", "::"):
            host = socket.gethostname()
        query = f"?token={self.token}" if self.token else ""
        return f"http://{host}:{self.port}/{query}"


def is_loopback(host: str) -> bool:
    """True for this machine only: 127.0.0.0/8, ::1 and "localhost"."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_host(host: str) -> str:
    if host == "localhost":
        return host
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        raise LearnerModeError(
            _(
                "--host {host}: give an IP address: 127.0.0.1 (this computer only, the "
                "default) or 0.0.0.0 (every network this computer is on)."
            ).format(host=host[:60])
        ) from None


def _check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise LearnerModeError(
            _("--port {port}: choose a number from 1024 to 65535, for example 8866.").format(
                port=port
            )
        )
    return port


def check_port_free(host: str, port: int) -> None:
    """Refuse a port something else listens on (Voilà would quietly pick another)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise LearnerModeError(
                _(
                    "Port {port} on {host} cannot be used ({error}): the learner mode may be "
                    "open already (look for its window), or choose another port, for example "
                    "--port {other}."
                ).format(port=port, host=host, error=exc.strerror or exc, other=port + 1)
            ) from None


def plan(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None
) -> ServerPlan:
    """Checked settings: a token exactly when the address is reachable from elsewhere."""
    host = _check_host(host)
    port = _check_port(port)
    if is_loopback(host):
        token = ""
    elif not token:
        token = secrets.token_urlsafe(24)
    return ServerPlan(host=host, port=port, token=token)


def voila_config(server: ServerPlan, *, open_browser: bool) -> Config:
    """Voilà's settings, every one explicit (no voila.json/.py is read: config_file_paths=[])."""
    config = Config()
    config.Voila.ip = server.host
    config.Voila.port = server.port
    config.Voila.port_retries = 0
    config.Voila.token = server.token
    config.Voila.open_browser = open_browser
    config.Voila.config_file_paths = []
    config.Voila.log_level = "WARN"
    config.Voila.tornado_settings = {
        # Voilà allows any Host header; on loopback, keep Jupyter's check against DNS rebinding.
        "allow_remote_access": not server.loopback,
        "headers": {"Content-Security-Policy": CSP},
    }
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.strip_sources = True
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    # The list of exercises is the template's own page (phone-sized, no scripts).
    config.VoilaConfiguration.classic_tree = True
    # The exercise pages' <html lang> (nbconvert takes a two-letter ISO 639-1 code).
    config.VoilaExporter.language_code = page_language().split("-")[0]
    # Voilà's own advice ("run Voilà with --show_tracebacks=True") is for programmers.
    config.VoilaExecutor.cell_error_instruction = _(
        "This part of the page did not work. Tell your trainer; reloading the page starts it again."
    )
    return config


def jupyter_path(runtime_share: Path | None = None) -> str:
    """JUPYTER_PATH with the learner template first (and any existing entries after)."""
    entries = [str(runtime_share or TEMPLATES)]
    if os.environ.get("JUPYTER_PATH"):
        entries.append(os.environ["JUPYTER_PATH"])
    return os.pathsep.join(entries)
