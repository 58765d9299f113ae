"""GET/POST /me: her display name, signature, profile, PIN and who may message her.

One page, five small forms; each names its part in a hidden ``part`` field. The signature and
the profile go through the risk nudge; what is saved is checked again every time the page is
shown, so a risky detail she chose to keep stays in view under its form.
"""

from __future__ import annotations

from typing import Any

from toolkit.checks.risky import profile_findings, risks
from toolkit.classroom.pages_base import Note, PageHandler, notes_in
from toolkit.forum import text
from toolkit.forum.errors import ForumError, InvalidText
from toolkit.forum.model import MESSAGES_FROM, VISIBILITIES, Member
from toolkit.i18n import N_, _

# The profile fields the page edits, with plain labels (as widgets/profile.py).
FIELDS = (
    ("about", N_("About you")),
    ("town", N_("Town")),
    ("languages", N_("Languages")),
    ("phone", N_("Phone number")),
    ("email", N_("E-mail address")),
)
VISIBILITY_LABELS = {
    "public": N_("Everyone, even people who are not members"),
    "members": N_("Board members only"),
    "only_me": N_("Only me"),
}
MESSAGES_FROM_LABELS = {
    "everyone": N_("Everyone on the board"),
    "trainers": N_("Only trainers"),
    "nobody": N_("Nobody"),
}
# A new field is seen by members only until she chooses otherwise.
DEFAULT_VISIBILITY = "only_me"
DONE = {
    "name": N_("Your name is saved."),
    "signature": N_("Your signature is saved."),
    "profile": N_("Your profile is saved."),
    "pin": N_("Your PIN is saved. Use it with your alias to come back on another phone."),
    "nopin": N_("Your PIN is taken away."),
    "privacy": N_("Saved: who may send you messages."),
}


def profile_notes(profile: dict[str, tuple[str, str]], forum: Any) -> list[Note]:
    labels = dict(FIELDS)
    notes: list[Note] = []
    for name, finding in profile_findings(profile, forum):
        notes += notes_in(_(labels.get(name, name)), [finding])
    return notes


class MePage(PageHandler):
    def context(self, me: Member, **form: Any) -> dict[str, Any]:
        fresh = self.forum.member(me)
        profile = self.forum.profile(fresh, viewer=fresh)
        values = {name: profile.get(name, ("", DEFAULT_VISIBILITY)) for name, _label in FIELDS}
        context: dict[str, Any] = {
            "me": fresh,
            "fields": FIELDS,
            "values": values,
            "visibilities": [(v, VISIBILITY_LABELS[v]) for v in VISIBILITIES],
            "messages_from": [(v, MESSAGES_FROM_LABELS[v]) for v in MESSAGES_FROM],
            "signature_notes": notes_in(_("Signature"), risks(fresh.signature or "", self.forum)),
            "profile_notes": profile_notes(profile, self.forum),
            "part": "",
            "done": "",
            "display_name": fresh.display_name,
            "signature": fresh.signature or "",
        }
        context.update(form)
        return context

    def get(self) -> None:
        me = self.me()
        done = self.get_query_argument("done", default="") or ""
        message = _(DONE[done]) if done in DONE else ""
        self.render_page("me.html", **self.context(me, done=message))

    def post(self) -> None:
        me = self.me()
        part = self.field("part")
        form: dict[str, Any] = {"part": part}
        try:
            done = self.save(me, part, form)
        except ForumError as error:
            self.refuse(error, "me.html", **self.context(me, **form))
            return
        if done:
            self.redirect(self.url(f"/me?done={done}#{part}"))

    def save(self, me: Member, part: str, form: dict[str, Any]) -> str | None:
        """Save one part; the word for the "done" line, or None when the page was shown."""
        if part == "name":
            form["display_name"] = self.field("display_name")
            self.forum.set_display_name(me, form["display_name"])
            return "name"
        if part == "signature":
            signature = form["signature"] = self.field("signature", strip=False)
            if signature.strip():
                text.clean(signature, "signature", text.SIGNATURE)
            nudge = self.nudge(notes_in(_("Signature"), risks(signature, self.forum)), [signature])
            if nudge is not None:
                self.render_page("me.html", **self.context(me, nudge=nudge, **form))
                return None
            self.forum.set_signature(me, signature if signature.strip() else None)
            return "signature"
        if part == "profile":
            return self.save_profile(me, form)
        if part == "pin":
            if self.field("choice") == "remove":
                self.forum.board.set_pin(me, None)
                return "nopin"
            pin = self.field("pin")
            if not pin:
                raise InvalidText(_("Type a PIN of 4 to 8 digits, like 2580."))
            self.forum.board.set_pin(me, pin)
            return "pin"
        if part == "privacy":
            self.forum.set_privacy(me, messages_from=self.field("messages_from"))
            return "privacy"
        raise InvalidText(
            _("The board did not understand that form. Reload the page and try again.")
        )

    def save_profile(self, me: Member, form: dict[str, Any]) -> str | None:
        new: dict[str, tuple[str, str]] = {}
        for name, label in FIELDS:
            value = self.field(name)
            visibility = self.field(f"{name}_visibility") or DEFAULT_VISIBILITY
            if visibility not in VISIBILITIES:
                raise InvalidText(_("Choose who can see each detail from the list."))
            if value:  # checked before any is saved: a refusal saves nothing
                text.clean(value, _(label), text.PROFILE_VALUE)
            new[name] = (value, visibility)
        form["values"] = new
        shown = {name: pair for name, pair in new.items() if pair[0]}
        values = [part for pair in new.values() for part in pair]
        nudge = self.nudge(profile_notes(shown, self.forum), values)
        if nudge is not None:
            self.render_page("me.html", **self.context(me, nudge=nudge, **form))
            return None
        for name, (value, visibility) in new.items():
            self.forum.set_profile(me, name, value or None, visibility)
        return "profile"


ROUTES: list[Any] = [(r"/me", MePage)]
