"""ProfileForm: check a username idea, then choose what others may see about you."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.checks.risky import profile_findings
from toolkit.forum import handles, text
from toolkit.forum.errors import ForumError, HandleError
from toolkit.forum.model import MESSAGES_FROM, VISIBILITIES
from toolkit.i18n import N_
from toolkit.widgets.base import (
    Check,
    Html,
    _,
    alert_html,
    done_html,
    hint_html,
    html_of,
    name_fields,
    touch_layout,
)
from toolkit.widgets.confirm import ConfirmRisky, Risk, found_in

# The profile fields this form edits, with their labels and hints.
EDITED_FIELDS = (
    ("about", N_("About you"), N_("For example: I grow vegetables and like to read.")),
    ("town", N_("Town"), N_("You can leave this empty")),
    ("languages", N_("Languages"), N_("For example: English, Khmer")),
    # In class, leave these empty or use made-up practice details; the point is who sees them.
    ("phone", N_("Phone number"), N_("Leave empty in class, or type a made-up practice number")),
    ("email", N_("E-mail address"), N_("Leave empty in class, or type a made-up practice address")),
)
VISIBILITY_LABELS = {
    "public": N_("Everyone, even people who are not members"),
    "members": N_("Forum members only"),
    "only_me": N_("Only me"),
}
DEFAULT_VISIBILITY = {
    "about": "members",
    "town": "only_me",
    "languages": "members",
    "phone": "only_me",
    "email": "only_me",
}
MESSAGES_FROM_LABELS = {
    "everyone": N_("Everyone in the forum"),
    "trainers": N_("Only trainers"),
    "nobody": N_("Nobody"),
}


def check_alias_facts(alias: str, **facts: Any) -> Any:
    """``toolkit.checks.check_alias`` when it exists, else the toolkit's own small check.

    Returns a Feedback (anything with ``_repr_html_`` and ``passed``) or a list of warnings.
    """
    try:
        from toolkit.checks import check_alias
    except ImportError:
        from toolkit.widgets._alias import alias_warnings

        return alias_warnings(alias, **facts)
    return check_alias(alias, **facts)


class ProfileForm(ConfirmRisky):
    """Profile settings: display name, profile fields with who may see each, who may message.

    A detail others can see that says how to reach her or where and when to find her is saved
    only after she presses "Save anyway" (the first press asks).
    """

    submit_label = N_("Save profile")
    done_message = N_("Your profile is saved.")

    def __init__(
        self,
        forum: Any,
        member: Any,
        *,
        real_name: str | None = None,
        town: str | None = None,
        phone: str | None = None,
        birth_year: int | str | None = None,
        check: Check | None = None,
    ) -> None:
        super().__init__(
            forum,
            title=_("Your profile"),
            intro=_(
                "Choose what people can see about you. Share less if you are not sure. "
                "You can change it later."
            ),
            check=check,
        )
        self.member = member
        self.facts = {
            "real_name": real_name,
            "town": town,
            "phone": phone,
            "birth_year": birth_year,
        }
        self.alias_feedback: Any = None
        current_name, current_profile, current_from = "", {}, "everyone"
        try:
            who = forum.member(member)
            current_name, current_from = who.display_name, who.messages_from
            current_profile = forum.profile(who, viewer=who)
        except ForumError as error:
            self.show_error(error)

        # 1. A username idea, checked before it is used anywhere.
        step_one = escape(_("1. Check a username idea"))
        alias_head = widgets.HTML(f"<h4>{step_one}</h4>")
        self.alias = self._text(_("Username idea"), _("For example: river_reader"))
        self.alias.continuous_update = False
        self.alias_button = widgets.Button(
            description=_("Check username"),
            layout=touch_layout(align_self="flex-start"),
        )
        self.alias_status = widgets.HTML("")
        self.alias_button.on_click(lambda _button: self.check_alias_now())
        self.alias.observe(lambda _change: self.check_alias_now(), names="value")

        # 2. What others see.
        step_two = escape(_("2. What others see"))
        profile_head = widgets.HTML(f"<h4>{step_two}</h4>")
        self.display_name = self._text(
            _("Display name (the name people see)"), _("For example: Amina"), current_name
        )
        self.fields: dict[str, tuple[widgets.Text, widgets.Dropdown]] = {}
        rows: list[widgets.Widget] = []
        for name, label, hint in EDITED_FIELDS:
            value, visibility = current_profile.get(name, ("", DEFAULT_VISIBILITY[name]))
            box = self._text(_(label), _(hint), value)
            who_sees = self._dropdown(
                _("Who can see it? ({field})").format(field=_(label)),
                [(_(VISIBILITY_LABELS[v]), v) for v in VISIBILITIES],
                visibility,
            )
            self.fields[name] = (box, who_sees)
            rows.append(widgets.VBox([box, who_sees], layout=widgets.Layout(margin="0 0 .6em 0")))
        self.messages_from = self._dropdown(
            _("Who can send you private messages?"),
            [(_(MESSAGES_FROM_LABELS[v]), v) for v in MESSAGES_FROM],
            current_from,
        )
        self.field_words = {"display name": self.display_name.description}
        self.field_words.update({name: _(label) for name, label, _hint in EDITED_FIELDS})
        self._setup_confirm()
        self._finish(
            alias_head,
            self.alias,
            self.alias_button,
            self.alias_status,
            profile_head,
            self.display_name,
            *rows,
            self.messages_from,
        )

    # ----------------------------------------------------------------- the username idea
    def check_alias_now(self) -> Any:
        """Check the username idea; show and return the feedback (or None)."""
        alias = self.alias.value
        self.alias_feedback = None
        if not alias.strip():
            self.alias_status.value = hint_html(_("Type a username idea first."))
            return None
        try:
            handles.validate(alias)
            self._check_not_taken(alias)
        except ForumError as error:
            words = {"username": self.alias.description}
            self.alias_status.value = alert_html(name_fields(error.message, words))
            return None
        feedback = check_alias_facts(alias, **self.facts)
        self.alias_feedback = feedback
        if isinstance(feedback, list):
            if feedback:
                self.alias_status.value = "".join(hint_html(note) for note in feedback)
            else:
                self.alias_status.value = done_html(
                    _("This username does not show your name, town, phone or birth year.")
                )
        else:
            self.alias_status.value = html_of(feedback)
        return feedback

    def _check_not_taken(self, alias: str) -> None:
        key, skeleton = handles.key(alias), handles.skeleton(alias)
        for other in self.forum.members():
            if handles.key(other.handle) == key:
                msg = _('The username "{name}" is already taken.').replace("{name}", other.handle)
                raise HandleError(msg)
            if handles.skeleton(other.handle) == skeleton:
                msg = (
                    _(
                        '"{alias}" looks too much like the member "{name}", so people could mix '
                        "you up. Choose a username that looks different."
                    )
                    .replace("{alias}", alias)
                    .replace("{name}", other.handle)
                )
                raise HandleError(msg)

    # ----------------------------------------------------------------- asking first
    def _risks(self) -> list[Risk]:
        about_to_save = {
            name: (box.value, who_sees.value)
            for name, (box, who_sees) in self.fields.items()
            if box.value.strip()
        }
        found: list[Risk] = []
        for name, finding in profile_findings(about_to_save, self.forum):
            box = self.fields[name][0]
            found += found_in(box.description, [finding], box)
        return found

    def _values(self) -> Any:
        return tuple((box.value, who.value) for box, who in self.fields.values())

    def _first_field(self) -> widgets.Widget:
        return self.fields["about"][0]

    def _precheck(self) -> None:
        text.clean(self.display_name.value, "display name", text.DISPLAY_NAME)
        for name, (box, _who_sees) in self.fields.items():
            if box.value.strip():
                text.clean(box.value, name.replace("_", " "), text.PROFILE_VALUE)

    # ----------------------------------------------------------------- saving
    def _submit(self) -> Any:
        forum, who = self.forum, self.forum.member(self.member)
        self._precheck()  # every value first, so a refusal changes nothing
        current = forum.profile(who, viewer=who)
        if self.display_name.value != who.display_name:
            forum.set_display_name(who, self.display_name.value)
        for name, (box, who_sees) in self.fields.items():
            if box.value.strip():
                forum.set_profile(who, name, box.value, who_sees.value)
            elif name in current:
                forum.set_profile(who, name, None)
        forum.set_privacy(who, messages_from=self.messages_from.value)
        return forum.member(who)

    def _shown(self, result: Any) -> list[Any]:
        return [result, Html(self.summary_html(result))]

    def summary_html(self, member: Any) -> str:
        """A table of her profile details and who can see each one."""
        members = self.forum.profile(member, viewer=member)
        rows = []
        for name, label, _hint in EDITED_FIELDS:
            if name not in members:
                continue
            value, visibility = members[name]
            rows.append(
                f"<tr><th scope='row'>{escape(_(label))}</th><td dir='auto'>{escape(value)}</td>"
                f"<td>{escape(_(VISIBILITY_LABELS[visibility]))}</td></tr>"
            )
        if not rows:
            return hint_html(_("Your profile has no details. Nobody can see anything about you."))
        titles = (_("Detail"), _("What you wrote"), _("Who can see it"))
        head = "<tr>" + "".join(f"<th scope='col'>{escape(t)}</th>" for t in titles) + "</tr>"
        return f"<table class='tk-profile'>{head}{''.join(rows)}</table>"

    def _member_for_check(self) -> Any:
        return self.member


__all__ = ["EDITED_FIELDS", "ProfileForm", "check_alias_facts"]
