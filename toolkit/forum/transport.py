"""JSON over HTTP to a classroom board, with urllib only (nothing to install on a learner's laptop).

    http = Transport("http://192.168.1.20:8765")
    http.call("POST", "/api/v1/posts", {"title": ..., "body": ...}, token="...")

``Session`` holds a connection's session tokens, one per member it joined or logged in. Also
how the client names things on the wire: the board's address and join code from the link
the trainer shows (``base_and_code``), posts and members in URLs (``entry_path``, ``handle_of``).

A refusal from the board comes back as the same ForumError subclass with the board's message;
a board that cannot be reached is a StorageError, like a forum file that cannot be opened.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Self

from toolkit.forum import handles
from toolkit.forum.errors import ForumError, NotAllowed, NotFound, StorageError
from toolkit.forum.model import Entry, Member, Message
from toolkit.forum.refs import EntryRef, MemberRef, parse_entry
from toolkit.forum.wire import error_from_wire, expect, unreadable
from toolkit.i18n import _

API = "/api/v1"
TIMEOUT_S = 10.0
# A whole board's front page is far smaller; a bigger answer is not a board talking.
MAX_RESPONSE = 32 * 1024 * 1024

# No proxies: the board is on the classroom's own network, and a school's proxy cannot reach it
# (nor should it see the learners' session tokens).
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def unreachable(url: str) -> StorageError:
    msg = _(
        "The board at {url} cannot be reached. Check the address and that the trainer's board "
        "is running, then try again."
    )
    return StorageError(msg.format(url=url))


def quote_part(value: str) -> str:
    """``value`` as one part of a URL path (a handle like ``amina/../x`` stays one part)."""
    return urllib.parse.quote(value, safe="")


class Transport:
    """Calls the board's API v1 under ``base`` (scheme, host, port and the board's path)."""

    def __init__(self, base: str, timeout: float = TIMEOUT_S) -> None:
        self.base = base.rstrip("/")
        self.timeout = timeout

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        query: dict[str, str] | None = None,
    ) -> Any:
        """The decoded JSON answer of ``method path`` (``path`` under /api/v1)."""
        url = f"{self.base}{API}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=UTF-8"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_RESPONSE + 1)
        except urllib.error.HTTPError as refused:
            raise self._refusal(refused) from None
        except (urllib.error.URLError, OSError, ValueError):
            # Refused, timed out, no such host, a broken address: all "cannot be reached".
            raise unreachable(self.base) from None
        return _decode(raw)

    def _refusal(self, refused: urllib.error.HTTPError) -> ForumError:
        try:
            raw = refused.read(MAX_RESPONSE + 1)
        except OSError:
            raw = b""
        finally:
            refused.close()
        try:
            data = _decode(raw)
        except ForumError:
            data = None
        if isinstance(data, dict) and "error" in data:
            return error_from_wire(data["error"])
        if refused.code in (502, 503, 504):
            return unreachable(self.base)
        return unreadable()


def _decode(raw: bytes) -> Any:
    if len(raw) > MAX_RESPONSE:
        raise unreadable()
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise unreadable() from None


def entry_path(ref: EntryRef) -> str:
    """``ref`` as it goes in a URL; refused here exactly as a local forum refuses it."""
    entry_id, kind, _post_id = parse_entry(ref)
    return f"{kind}-{entry_id}" if kind else str(entry_id)


def handle_of(ref: MemberRef) -> str:
    """The handle a member reference names (refused as a local forum refuses a non-name)."""
    if isinstance(ref, Member):
        return ref.handle
    if not isinstance(ref, str):
        msg = _("Name a member by their username (text like amina_k) or a Member.")
        raise NotFound(msg)
    return ref.lstrip("@")


def target_of(target: object) -> object:
    """What a report names, as the API takes it (an anchor like "post-3", or the text given)."""
    if isinstance(target, (Entry, Message, Member)):
        return target.anchor
    return target


# The page names a trainer's link may end in; the board itself is the folder they are in.
_PAGES = frozenset({"join", "login"})
# Encoded slashes and backslashes: a path that hides a separator is no board's address.
_HIDDEN_SEPARATOR = re.compile(r"%(2f|5c)", re.IGNORECASE)


def not_a_board() -> ForumError:
    msg = _(
        "That is not a board address. Copy the link the trainer shows, "
        "like http://192.168.1.20:8765/join?code=K7M4QP."
    )
    return ForumError(msg)


def board_path(path: str) -> str:
    """The board's path prefix in ``path`` ("" or like "/services/board"), without a page name.

    Empty and ``.`` segments go; ``..`` segments, encoded slashes and spaces are refused.
    """
    if _HIDDEN_SEPARATOR.search(path) or any(char.isspace() for char in path):
        raise not_a_board()
    segments = [part for part in path.split("/") if urllib.parse.unquote(part) not in ("", ".")]
    if any(urllib.parse.unquote(part) == ".." for part in segments):
        raise not_a_board()
    if segments and segments[-1] in _PAGES:
        segments.pop()
    return "".join(f"/{part}" for part in segments)


def base_and_code(url: str, code: str) -> tuple[str, str]:
    """The board's address and join code from what the trainer showed.

    The address keeps the scheme, host, port and the path the board is served under (on
    JupyterHub or behind a proxy, like ``http://host/services/board``), without a trailing
    slash, the page name (``join``, ``login``), the query or any ``user:password@``.
    """
    url = url.strip() if isinstance(url, str) else ""
    if "\\" in url:  # a backslash is a slash to some programs and not to others
        raise not_a_board()
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 (a port that is no number, or out of range, raises here)
    except ValueError:
        raise not_a_board() from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise not_a_board()
    prefix = board_path(parts.path)
    if not code:
        code = urllib.parse.parse_qs(parts.query).get("code", [""])[0]
    if not code and "/services/" in prefix + "/":
        # A JupyterHub service: learners there never see a code; the board answers the same.
        msg = _(
            "This board is on JupyterHub: it knows learners by their hub login, not by a join "
            "code or PIN. Open {address} in your browser and sign in to the hub there."
        )
        raise NotAllowed(msg.format(address=f"{parts.hostname}{prefix}/"))
    if not code:
        msg = _(
            'Give the board\'s join code too: code="..." '
            "(it is on the wall or the trainer's screen)."
        )
        raise NotAllowed(msg)
    # Without any user:password@ part (a board never needs one, and it would leak into messages).
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{prefix}", code


class Session:
    """The connection to a board: its address, the join code and one session token per member.

    The acting member of every call must be one this connection joined or logged in; the request
    then carries her own token, so the board acts for her and no one else.
    """

    def __init__(self, base: str, code: str) -> None:
        self.url = base
        self._http = Transport(base)
        self._code = code
        # handle key -> (member, token); the first is the connected member ("me").
        self._sessions: dict[str, tuple[Member, str]] = {}
        self._title: str | None = None
        self._closed = False

    # ----------------------------------------------------------------- sessions
    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, *,
              token: str | None = None, query: dict[str, str] | None = None) -> Any:  # fmt: skip
        if self._closed:
            msg = _(
                "This connection to the board is closed. Connect again with Forum.connect(...)."
            )
            raise StorageError(msg)
        return self._http.call(method, path, body, token=token, query=query)

    def _keep(self, answer: Any) -> Member:
        """Remember the session a join or login answered with; return its member."""
        if not isinstance(answer, dict) or not isinstance(answer.get("token"), str):
            raise unreadable()
        member = expect(answer.get("member"), Member)
        self._sessions[handles.key(member.handle)] = (member, answer["token"])
        return member

    def _token(self, ref: MemberRef) -> str:
        """The session token of the acting member ``ref``; refused if not held here."""
        held = self._sessions.get(handles.key(handle_of(ref)))
        if held is None or (isinstance(ref, Member) and ref.id != held[0].id):
            msg = _(
                "You are connected to the board as {handle}. You can only act as {handle} here."
            )
            raise NotAllowed(msg.format(handle=self.me.handle))
        return held[1]

    def _viewer_token(self, viewer: MemberRef | None) -> str:
        return self._token(viewer if viewer is not None else self.me)

    def _trainer_token(self) -> str:
        """A trainer's token when one is held here (for reading reports and the log)."""
        for member, token in self._sessions.values():
            if member.is_trainer:
                return token
        return self._token(self.me)

    @property
    def me(self) -> Member:
        """The member this connection joined as."""
        if not self._sessions:
            raise unreachable(self.url)
        return next(iter(self._sessions.values()))[0]

    def log_in(self, handle: str, pin: str) -> Member:
        """Come back as ``handle`` with her PIN; this connection then acts for her too."""
        answer = self._call("POST", "/login", {"code": self._code, "handle": handle, "pin": pin})
        return self._keep(answer)

    def trainer_login(self, key: str) -> Member:
        """Act as the board's trainer too, with the key the board printed when it started."""
        return self._keep(self._call("POST", "/trainer", {"key": key}))

    def set_pin(self, member: MemberRef, pin: str | None) -> None:
        """Set (None: remove) the PIN that lets ``member`` come back from another device."""
        self._call("POST", "/me/pin", {"pin": pin}, token=self._token(member))

    # ----------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Log out every member of this connection (best effort) and forget the tokens."""
        if self._closed:
            return
        for _member, token in list(self._sessions.values()):
            try:
                self._http.call("POST", "/logout", {}, token=token)
            except ForumError:
                pass  # the board is gone or the session already ended: nothing left to end
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        who = f" as {self.me.handle}" if self._sessions else ""
        return f"<Session {self.url}{who}>"
