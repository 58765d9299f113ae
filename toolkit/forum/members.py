"""Members: joining, looking up, display name, signature, profile fields and privacy."""

from __future__ import annotations

from toolkit.forum import handles, text
from toolkit.forum.context import ForumContext
from toolkit.forum.errors import HandleError, InvalidText, NotAllowed, NotFound
from toolkit.forum.model import MESSAGES_FROM, PROFILE_FIELDS, VISIBILITIES, Member
from toolkit.forum.queries import members as q
from toolkit.forum.refs import MemberRef, lookup_text, row_id
from toolkit.forum.rules import signature_warnings
from toolkit.forum.text import shorten
from toolkit.i18n import N_, _

# Profile fields as a message names them ("The birth year is too long"), marked for translation.
PROFILE_LABELS = {
    "about": N_("about"),
    "town": N_("town"),
    "languages": N_("languages"),
    "interests": N_("interests"),
    "website": N_("website"),
    "birth_year": N_("birth year"),
    "phone": N_("phone"),
    "email": N_("email"),
}


class Members:
    """The member side of one forum (``Forum`` calls it; see ``service.py``)."""

    def __init__(self, ctx: ForumContext) -> None:
        self.ctx = ctx

    def join(
        self, handle: str, display_name: str | None, signature: str | None, role: str
    ) -> Member:
        handle = handles.validate(handle)
        display = text.clean(
            handle if display_name is None else display_name,
            N_("display name"),
            text.DISPLAY_NAME,
        )
        if role not in ("learner", "trainer"):
            msg = _('The role must be "learner" or "trainer". Choose one of them.')
            raise InvalidText(msg)
        sig, warnings = self.clean_signature(signature)
        key, skel = handles.key(handle), handles.skeleton(handle)
        now = self.ctx.now()
        with self.ctx.store.write() as db:
            taken = q.taken(db, key, skel)
            if taken is not None:
                if taken["handle_key"] == key:
                    msg = _('The username "{taken}" is already taken. Choose a different one.')
                else:
                    msg = _(
                        '"{handle}" looks too much like the member "{taken}", '
                        "so people could mix you up. Choose a username that looks different."
                    )
                raise HandleError(
                    msg.format(handle=shorten(handle), taken=shorten(taken["handle"]))
                )
            member_id = q.insert(
                db,
                handle=handle,
                key=key,
                skeleton=skel,
                display_name=display,
                role=role,
                signature=sig,
                joined_at=now,
            )
        return q.by_id(self.ctx.store.conn, member_id, warnings)

    def clean_signature(self, signature: str | None) -> tuple[str | None, tuple[str, ...]]:
        if signature is None:
            return None, ()
        sig = text.clean(signature, N_("signature"), text.SIGNATURE)
        return sig, signature_warnings(sig, self.ctx.rules)

    def get(self, ref: MemberRef) -> Member:
        """A member by handle (any case, optional "@") or a Member checked to be in this forum."""
        db = self.ctx.store.conn
        if isinstance(ref, Member):
            member_id, handle = row_id(ref.id), ref.handle
            found = None
            if member_id is not None and lookup_text(handle):
                found = q.by_id_and_handle(db, member_id, handle)
            if found is None:
                if isinstance(handle, str):
                    msg = _(
                        'There is no member "{handle}" in this forum. '
                        "Check the name, or join the forum first."
                    )
                else:
                    msg = _(
                        "There is no member in this forum. Check the name, or join the forum first."
                    )
                raise NotFound(
                    msg.format(handle=shorten(handle) if isinstance(handle, str) else "")
                )
            return found
        if not isinstance(ref, str):
            msg = _("Name a member by their username (text like amina_k) or a Member.")
            raise NotFound(msg)
        handle = ref.lstrip("@")
        found = q.by_key(db, handles.key(handle)) if lookup_text(handle) else None
        if found is None:
            msg = _(
                'There is no member "{handle}" in this forum. '
                "Check the spelling, or join the forum first."
            )
            raise NotFound(msg.format(handle=shorten(handle)))
        return found

    def by_id(self, member_id: int, warnings: tuple[str, ...] = ()) -> Member:
        return q.by_id(self.ctx.store.conn, member_id, warnings)

    def trainer(self, ref: MemberRef) -> Member:
        """The member, who must be a trainer."""
        who = self.get(ref)
        if not who.is_trainer:
            msg = _("Only a trainer can do this. If something looks wrong, report it instead.")
            raise NotAllowed(msg)
        return who

    def every(self) -> list[Member]:
        return q.every(self.ctx.store.conn)

    def set_signature(self, member: MemberRef, signature: str | None) -> Member:
        who = self.get(member)
        sig, warnings = self.clean_signature(signature)
        with self.ctx.store.write() as db:
            q.set_signature(db, who.id, sig)
        return self.by_id(who.id, warnings)

    def set_display_name(self, member: MemberRef, display_name: str) -> Member:
        who = self.get(member)
        display = text.clean(display_name, N_("display name"), text.DISPLAY_NAME)
        with self.ctx.store.write() as db:
            q.set_display_name(db, who.id, display)
        return self.by_id(who.id)

    def set_profile(
        self, member: MemberRef, field: str, value: str | None, visibility: str
    ) -> dict[str, tuple[str, str]]:
        who = self.get(member)
        if field not in PROFILE_FIELDS:
            if isinstance(field, str):
                msg = _('"{field}" is not a profile field. Choose one of: {choices}.')
            else:
                msg = _("That is not a profile field. Choose one of: {choices}.")
            shown = shorten(field) if isinstance(field, str) else ""
            raise InvalidText(msg.format(field=shown, choices=", ".join(PROFILE_FIELDS)))
        if visibility not in VISIBILITIES:
            msg = _("Who can see it must be one of: {choices}.")
            raise InvalidText(msg.format(choices=", ".join(VISIBILITIES)))
        with self.ctx.store.write() as db:
            if value is None:
                q.delete_profile_field(db, who.id, field)
            else:
                label = PROFILE_LABELS.get(field, field.replace("_", " "))
                cleaned = text.clean(value, label, text.PROFILE_VALUE)
                q.set_profile_field(db, who.id, field, cleaned, visibility)
        return self.profile(who, viewer=who)

    def profile(self, member: MemberRef, viewer: MemberRef | None) -> dict[str, tuple[str, str]]:
        who = self.get(member)
        seen_by = None if viewer is None else self.get(viewer)
        allowed = {"public"}
        if seen_by is not None:
            allowed.add("members")
            if seen_by.id == who.id:
                allowed.add("only_me")
        order = {name: i for i, name in enumerate(PROFILE_FIELDS)}
        fields = sorted(q.profile_fields(self.ctx.store.conn, who.id), key=lambda f: order[f[0]])
        return {f: (v, vis) for f, v, vis in fields if vis in allowed}

    def set_privacy(self, member: MemberRef, messages_from: str) -> Member:
        who = self.get(member)
        if messages_from not in MESSAGES_FROM:
            msg = _("Who can message you must be one of: {choices}.")
            raise InvalidText(msg.format(choices=", ".join(MESSAGES_FROM)))
        with self.ctx.store.write() as db:
            q.set_messages_from(db, who.id, messages_from)
        return self.by_id(who.id)
