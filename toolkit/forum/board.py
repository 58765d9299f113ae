"""The classroom board's state in the forum file: join code, PINs, sessions, question of the day.

``forum.board`` is what the classroom server (``toolkit/classroom/``) keeps in the forum itself,
so a board survives a restart and two server processes on one file agree. Secrets are stored
only as hashes: session tokens and the trainer key as sha256 (they are long and random), PINs
with scrypt and a salt of their own (they are short, so a stolen file must not give them away).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from datetime import datetime, timedelta

from toolkit.forum import handles, text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import HandleError, InvalidText, NotAllowed, TooFast
from toolkit.forum.guard import guard_public_methods
from toolkit.forum.members import Members
from toolkit.forum.model import Member, Post
from toolkit.forum.posts import Posts
from toolkit.forum.queries import board as q
from toolkit.forum.queries import members as members_q
from toolkit.forum.queries import posts as posts_q
from toolkit.forum.refs import EntryRef, MemberRef, lookup_text
from toolkit.forum.store import Store
from toolkit.i18n import N_, _

# Letters and digits that cannot be mixed up when read off a wall (no B/8, G/6, I/1, L, O/0, S/5).
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
_CODE = re.compile(r"[A-Z0-9]{4,12}")
_CODE_SEPARATORS = re.compile(r"[\s\-]+")
_PIN = re.compile(r"[0-9]{4,8}")
_SECRET_NAME = re.compile(r"[a-z0-9_]{1,40}")
# Longer than any token start_session makes: such a text is not looked up at all.
_TOKEN_MAX = 200
# scrypt's cost: about 16 MB and a few tens of milliseconds per try on a laptop.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
SALT_BYTES = 16
MAX_PIN_FAILURES = 5
PIN_WINDOW = timedelta(minutes=10)

# Keys in board_settings.
JOIN_CODE = "join_code"
TRAINER_KEY = "trainer_key_sha256"
PINNED = "pinned_post"
# What a reset carries to the new file (see carried()).
CARRIED = (JOIN_CODE, TRAINER_KEY, "secret:cookie")

WRONG_CODE = N_("That join code is not right. Check the code on the wall or ask your trainer.")
# One message for an unknown name, no PIN and a wrong PIN: it must not tell which it was.
WRONG_LOGIN = N_(
    "That name and PIN do not match. Check both and try again, or ask your trainer for help."
)
LOCKED_OUT = N_(
    "That PIN was wrong too many times. Wait 10 minutes and try again, "
    "or ask your trainer to set a new PIN."
)


@guard_public_methods
class Board:
    """The classroom board's side of one forum (reached as ``forum.board``)."""

    def __init__(self, ctx: ForumContext, members: Members, posts: Posts) -> None:
        self.ctx = ctx
        self.members = members
        self.posts = posts

    @property
    def store(self) -> Store:
        return self.ctx.store

    # ----------------------------------------------------------------- join code and secrets
    def join_code(self) -> str | None:
        """The code learners type to join, or None before one is set."""
        return q.setting(self.store.conn, JOIN_CODE)

    def set_join_code(self, code: str | None = None) -> str:
        """Set the join code (None: a new random one) and return it, upper-case."""
        if code is None:
            new = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
        else:
            new = _normal_code(code) if isinstance(code, str) else ""
            if not _CODE.fullmatch(new):
                msg = _("A join code is 4 to 12 letters or digits, like RIVER7. Choose another.")
                raise InvalidText(msg)
        with self.store.write() as db:
            q.set_setting(db, JOIN_CODE, new)
        return new

    def check_code(self, code: str) -> bool:
        """Whether ``code`` is the join code (case, spaces and dashes do not matter)."""
        stored = self.join_code()
        if stored is None or not isinstance(code, str) or len(code) > 100:
            return False
        given = _normal_code(code).encode("utf-8", "replace")
        return hmac.compare_digest(given, stored.encode("utf-8"))

    def secret(self, name: str) -> str:
        """A random secret kept in the file under ``name`` (made the first time it is asked for)."""
        if not isinstance(name, str) or not _SECRET_NAME.fullmatch(name):
            msg = _("A secret's name is 1 to 40 small letters, digits or _, like cookie.")
            raise InvalidText(msg)
        with self.store.write() as db:
            return q.add_setting(db, f"secret:{name}", secrets.token_urlsafe(32))

    def new_trainer_key(self) -> str:
        """A fresh trainer key (the old one stops working); only its sha256 is stored."""
        key = secrets.token_urlsafe(32)
        with self.store.write() as db:
            q.set_setting(db, TRAINER_KEY, _sha256(key))
        return key

    def check_trainer_key(self, key: str) -> bool:
        stored = q.setting(self.store.conn, TRAINER_KEY)
        if stored is None or not isinstance(key, str) or not 0 < len(key) <= _TOKEN_MAX:
            return False
        return hmac.compare_digest(_sha256(key).encode(), stored.encode())

    def carried(self) -> dict[str, str]:
        """What a reset hands to the next board file: the join code, the trainer key's hash and
        the cookie secret (so the code on the wall and the trainer's link keep working)."""
        found = {key: q.setting(self.store.conn, key) for key in CARRIED}
        return {key: value for key, value in found.items() if value is not None}

    def take_over(self, carried: dict[str, str]) -> None:
        """Start this board with the settings ``carried()`` gave from the one before."""
        if not isinstance(carried, dict) or not set(carried) <= set(CARRIED):
            msg = _("Only what Board.carried() gives can be taken over. Pass that, unchanged.")
            raise InvalidText(msg)
        with self.store.write() as db:
            for key, value in carried.items():
                q.set_setting(db, key, str(value))

    # ----------------------------------------------------------------- joining and PINs
    def join(
        self, code: str, handle: str, display_name: str | None = None, pin: str | None = None
    ) -> Member:
        """A learner joins with the board's code, optionally with a PIN to come back later."""
        if not self.check_code(code):
            raise NotAllowed(_(WRONG_CODE))
        # Checked and hashed before the member exists, so a bad PIN leaves no member behind.
        hashed = _hash_new(_checked_pin(pin))
        member = self.members.join(handle, display_name, None, "learner")
        if hashed is not None:
            # A second transaction: Members.join commits its own. Only a storage failure could
            # come between them, and the member could then set a PIN on the "me" page.
            with self.store.write() as db:
                q.set_pin(db, member.id, *hashed)
        return member

    def log_in(self, code: str, handle: str, pin: str) -> Member:
        """A learner comes back (another device, a closed browser) with her name and PIN.

        Trainers never log in this way: they use the trainer key.
        """
        if not self.check_code(code):
            raise NotAllowed(_(WRONG_CODE))
        found = None
        if lookup_text(handle):
            found = members_q.by_key(self.store.conn, handles.key(handle.lstrip("@")))
        row = None if found is None or found.is_trainer else q.pin(self.store.conn, found.id)
        if found is None or row is None:
            _hash(b"0000", b"\0" * SALT_BYTES)  # as slow as a real try: timing tells nothing
            raise NotAllowed(_(WRONG_LOGIN))
        pin_hash, salt, failures, failed_at = row
        now = self.ctx.now()
        recent = failed_at is not None and now - failed_at < PIN_WINDOW
        if recent and failures >= MAX_PIN_FAILURES:
            raise TooFast(_(LOCKED_OUT))
        given = pin.encode("utf-8", "replace") if isinstance(pin, str) and len(pin) < 64 else b""
        if hmac.compare_digest(_hash(given, bytes.fromhex(salt)), pin_hash):
            if failures:
                with self.store.write() as db:
                    q.set_failures(db, found.id, 0, None)
            return found
        # A wrong PIN is counted (and kept, unlike other refusals), so guessing is slowed down.
        with self.store.write() as db:
            fresh = q.pin(db, found.id)
            if fresh is not None:
                counted = fresh[3] is not None and now - fresh[3] < PIN_WINDOW
                failures = (fresh[2] if counted else 0) + 1
                q.set_failures(db, found.id, failures, now)
        if failures >= MAX_PIN_FAILURES:
            raise TooFast(_(LOCKED_OUT))
        raise NotAllowed(_(WRONG_LOGIN))

    def set_pin(self, member: MemberRef, pin: str | None) -> None:
        """Set a member's PIN (None or "": take it away); wrong tries are forgotten."""
        who = self.members.get(member)
        hashed = _hash_new(_checked_pin(pin))
        with self.store.write() as db:
            if hashed is None:
                q.delete_pin(db, who.id)
            else:
                q.set_pin(db, who.id, *hashed)

    # ----------------------------------------------------------------- sessions
    def start_session(self, member: MemberRef) -> str:
        """A new session token for ``member`` (the file keeps only its sha256)."""
        who = self.members.get(member)
        token = secrets.token_urlsafe(32)
        with self.store.write() as db:
            q.add_session(db, _sha256(token), who.id, self.ctx.now())
        return token

    def session_member(self, token: str) -> Member | None:
        """The member a session token belongs to; None for an unknown or malformed token."""
        hashed = _token_hash(token)
        return None if hashed is None else q.session_member(self.store.conn, hashed)

    def end_session(self, token: str) -> None:
        """Log out this one session (an unknown token: nothing to do)."""
        hashed = _token_hash(token)
        if hashed is not None:
            with self.store.write() as db:
                q.delete_session(db, hashed)

    def end_sessions(self, member: MemberRef) -> None:
        """Log ``member`` out everywhere."""
        who = self.members.get(member)
        with self.store.write() as db:
            q.delete_sessions(db, who.id)

    # ----------------------------------------------------------------- the trainer
    def trainer(self, handle: str = "trainer", display_name: str = "Trainer") -> Member:
        """The board's trainer member, made the first time.

        A staff name such as "trainer" is reserved so no learner can pass as staff; the board's
        own trainer may use one, spelled in plain ASCII (no look-alike letters).
        """
        plain = isinstance(handle, str) and re.fullmatch(r"[A-Za-z0-9_]{3,20}", handle)
        if not (plain and handles.is_reserved(handle)):
            handle = handles.validate(handle)
        display = text.clean(display_name, N_("display name"), text.DISPLAY_NAME)
        with self.store.write() as db:
            found = members_q.by_key(db, handles.key(handle))
            if found is None:
                found = _add_member(db, handle, display, "trainer", self.ctx.now())
        if not found.is_trainer:
            msg = _('The learner "{handle}" already has this name. Choose another trainer name.')
            raise NotAllowed(msg.format(handle=found.handle))
        return found

    # ----------------------------------------------------------------- JupyterHub users
    def hub_member(self, name: str) -> Member | None:
        """The member the hub user ``name`` joined as on an earlier visit, or None."""
        return _linked(self.store.conn, _hub_name(name))

    def join_from_hub(
        self, name: str, handle: str, *, trainer: bool, display_name: str | None = None
    ) -> Member:
        """The hub user ``name`` joins as the new member ``handle`` (no code, no PIN), linked in
        the same write: a refused handle leaves no link; one linked already gets her member."""
        name, handle = _hub_name(name), handles.validate(handle)
        display = text.clean(display_name or handle, N_("display name"), text.DISPLAY_NAME)
        with self.store.write() as db:
            found = _linked(db, name)
            if found is None:
                role = "trainer" if trainer is True else "learner"
                found = _add_member(db, handle, display, role, self.ctx.now())
                q.link_hub_user(db, name, handle)
            return found

    def set_hub_role(self, member: MemberRef, trainer: bool) -> Member:
        """A member who came from the hub takes the role her hub groups give her now (only a
        hub member: the board's own trainer and those who joined with the code keep theirs)."""
        who = self.members.get(member)
        with self.store.write() as db:
            if not q.hub_linked(db, who.handle):
                msg = _(
                    "@{handle} did not come in through JupyterHub, so the hub's groups do not "
                    "set this member's role. Nothing was changed."
                )
                raise NotAllowed(msg.format(handle=who.handle))
            role = "trainer" if trainer is True else "learner"
            if who.role != role:
                members_q.set_role(db, who.id, role)
            return members_q.by_id(db, who.id)

    # ----------------------------------------------------------------- question of the day
    def pin_post(self, post: EntryRef, trainer: MemberRef) -> Post:
        """A trainer pins a post at the top of the board (the question of the day)."""
        self.members.trainer(trainer)
        entry = self.posts.get(post)
        if not isinstance(entry, Post):
            msg = _("Only a post (the start of a thread) can be pinned. Choose a post.")
            raise NotAllowed(msg)
        if entry.status != "visible":
            msg = _("This post is hidden or taken down, so it cannot be pinned. Choose another.")
            raise NotAllowed(msg)
        with self.store.write() as db:
            q.set_setting(db, PINNED, str(entry.id))
            q.bump(db)
        return entry

    def unpin(self, trainer: MemberRef) -> None:
        """A trainer takes the question of the day down (nothing pinned: nothing to do)."""
        self.members.trainer(trainer)
        with self.store.write() as db:
            if q.setting(db, PINNED) is not None:
                q.delete_setting(db, PINNED)
                q.bump(db)

    def pinned(self) -> Post | None:
        """The pinned post, or None (also when it has since been hidden, removed or deleted)."""
        value = q.setting(self.store.conn, PINNED)
        found = posts_q.by_id(self.store.conn, int(value)) if value else []
        if found and isinstance(found[0], Post) and found[0].status == "visible":
            return found[0]
        return None

    # ----------------------------------------------------------------- live updates
    def latest(self) -> int:
        """A number that grows with every new post, comment, edit, deletion, moderation or pin."""
        return q.latest(self.store.conn)


def _normal_code(code: str) -> str:
    return _CODE_SEPARATORS.sub("", code).upper()


def _add_member(
    db: sqlite3.Connection, handle: str, display: str, role: str, now: datetime
) -> Member:
    """Insert a checked handle, refused (as Members.join refuses) when taken or a look-alike."""
    key, skeleton = handles.key(handle), handles.skeleton(handle)
    taken = members_q.taken(db, key, skeleton)
    if taken is not None:
        if taken["handle_key"] == key:
            msg = _('The username "{taken}" is already taken. Choose a different one.')
        else:
            msg = _(
                '"{handle}" looks too much like the member "{taken}", '
                "so people could mix you up. Choose a username that looks different."
            )
        raise HandleError(msg.format(handle=handle, taken=taken["handle"]))
    new_id = members_q.insert(
        db,
        handle=handle,
        key=key,
        skeleton=skeleton,
        display_name=display,
        role=role,
        signature=None,
        joined_at=now,
    )
    return members_q.by_id(db, new_id)


def _hub_name(name: object) -> str:
    if not isinstance(name, str) or not 0 < len(name) <= 255:
        raise InvalidText(_("A hub user's name is 1 to 255 characters. Check the name."))
    return name


def _linked(db: sqlite3.Connection, name: str) -> Member | None:
    handle = q.hub_handle(db, name)
    return None if handle is None else members_q.by_key(db, handles.key(handle))


def _checked_pin(pin: object) -> str | None:
    """The PIN to set (None: no PIN), refused unless it is 4 to 8 digits."""
    if pin is None or (isinstance(pin, str) and pin == ""):
        return None
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        msg = _("A PIN is 4 to 8 digits, like 2580. Type one, or leave it empty.")
        raise InvalidText(msg)
    return pin


def _hash(pin: bytes, salt: bytes) -> str:
    return hashlib.scrypt(pin, salt=salt, **SCRYPT).hex()


def _hash_new(pin: str | None) -> tuple[str, str] | None:
    """``(pin_hash, salt)`` as stored, with a new salt (None for no PIN)."""
    if pin is None:
        return None
    salt = secrets.token_bytes(SALT_BYTES)
    return _hash(pin.encode("ascii"), salt), salt.hex()


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


def _token_hash(token: object) -> str | None:
    if not isinstance(token, str) or not 0 < len(token) <= _TOKEN_MAX or not token.isascii():
        return None
    return _sha256(token)
