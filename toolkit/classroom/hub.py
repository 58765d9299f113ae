"""The board as a JupyterHub service: learners come in through the hub, with no join code.

JupyterHub starts the board (``python -m toolkit.classroom --db FILE --hub``) with its service
settings in the environment, and its proxy serves it at ``/services/board/``. A hub user who
opens the board is sent through the hub's OAuth (``jupyterhub.services.auth.HubOAuth``); when
she comes back (``<prefix>oauth_callback``) the join page makes her a board session:

- her hub name is her nickname when the forum takes it as one; otherwise (or when it is taken)
  the join page asks for an alias, without a join code or a PIN;
- a hub user in the trainer group (``--trainer-group``, default "trainers") joins as a trainer,
  and her role follows the group: at each sign-in, and on each trainer page before its check
  (added to the group later: a trainer; taken out of it: a learner, refused there).

Which hub user is which member is kept in the forum file (``forum.board.hub_member``,
``join_from_hub``), so a restart, another browser or a second visit finds the same member, and
a hub user whose name is another member's nickname never becomes that member.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler
from tornado.httputil import url_concat

from toolkit.classroom.base import BoardHandler
from toolkit.classroom.pages import JoinPage, LoginPage, LogoutPage, alias_feedback, alias_notes
from toolkit.classroom.pages_base import PageHandler
from toolkit.classroom.trainer import TrainerHandler
from toolkit.forum import handles
from toolkit.forum.errors import Duplicate, ForumError, HandleError, NotAllowed
from toolkit.forum.model import Member
from toolkit.forum.service import Forum
from toolkit.i18n import _

TRAINER_GROUP = "trainers"
# JupyterHub sets these for a managed service; without them the board cannot ask the hub.
NEEDED = (
    "JUPYTERHUB_API_TOKEN",
    "JUPYTERHUB_API_URL",
    "JUPYTERHUB_SERVICE_PREFIX",
    "JUPYTERHUB_CLIENT_ID",
    "JUPYTERHUB_SERVICE_URL",
)


@dataclass(frozen=True)
class Hub:
    """The hub the board answers to: its OAuth client and the group whose users are trainers."""

    auth: HubOAuth
    trainer_group: str = TRAINER_GROUP

    @property
    def prefix(self) -> str:
        """Where the hub's proxy serves the board, like "/services/board/"."""
        base: str = self.auth.base_url
        return base


def hub_from_env(
    trainer_group: str = TRAINER_GROUP, environ: Mapping[str, str] | None = None
) -> Hub:
    """The hub from JupyterHub's service environment (a plain ForumError when it is missing)."""
    env = os.environ if environ is None else environ
    missing = [name for name in NEEDED if not env.get(name)]
    if missing:
        msg = _(
            "--hub needs the settings JupyterHub gives its services ({names} missing). "
            "Start the board as a hub service (docs/DEPLOY.md), or start it without --hub."
        )
        raise ForumError(msg.format(names=", ".join(missing)))
    auth = HubOAuth(
        api_token=env["JUPYTERHUB_API_TOKEN"],
        api_url=env["JUPYTERHUB_API_URL"],
        base_url=env["JUPYTERHUB_SERVICE_PREFIX"],
        oauth_client_id=env["JUPYTERHUB_CLIENT_ID"],
    )
    return Hub(auth, trainer_group)


def service_address(environ: Mapping[str, str] | None = None) -> tuple[str, int]:
    """The host and port the hub's proxy sends the board's requests to (JUPYTERHUB_SERVICE_URL)."""
    env = os.environ if environ is None else environ
    url = urlsplit(env.get("JUPYTERHUB_SERVICE_URL", ""))
    try:
        port = url.port
    except ValueError:
        port = None
    if not url.hostname or port is None:
        msg = _(
            "JUPYTERHUB_SERVICE_URL must name a host and port, like http://127.0.0.1:10101. "
            "Give the board's service a url in jupyterhub_config.py."
        )
        raise ForumError(msg)
    return url.hostname, port


# ----------------------------------------------------------------------- hub users and members
def is_trainer(model: Mapping[str, Any], trainer_group: str) -> bool:
    """Whether the hub user ``model`` is in the trainer group now."""
    return trainer_group in model.get("groups", [])


def follow_hub_role(forum: Forum, model: Mapping[str, Any], member: Member, group: str) -> Member:
    """``member`` with the role the hub user ``model``'s groups give her now, when she is the
    member that hub user joined as; anyone else (the board's own trainer) stays as she is."""
    linked = forum.board.hub_member(str(model["name"]))
    if linked is None or linked.id != member.id:
        return member
    trainer = is_trainer(model, group)
    return linked if linked.is_trainer == trainer else forum.board.set_hub_role(linked, trainer)


def hub_member(forum: Forum, model: Mapping[str, Any], trainer_group: str) -> Member | None:
    """The member the hub user ``model`` acts as, in the role her hub groups give her now (made
    on her first visit when her name is a free nickname), or None when she must choose an alias
    first."""
    name = str(model["name"])
    member = forum.board.hub_member(name)
    if member is not None:
        return follow_hub_role(forum, model, member, trainer_group)
    try:
        handles.validate(name)
        trainer = is_trainer(model, trainer_group)
        return forum.board.join_from_hub(name, name, trainer=trainer)
    except (HandleError, Duplicate):
        return None  # not a nickname the forum takes, or another member's: she picks one


# ----------------------------------------------------------------------- pages
class HubUser(BoardHandler):
    """A handler that knows the hub and the hub user behind this browser (hub mode only)."""

    @property
    def hub(self) -> Hub:
        hub: Hub = self.settings["hub"]
        return hub

    async def hub_user(self) -> dict[str, Any] | None:
        """The hub user whose OAuth cookie this browser carries, or None."""
        auth = self.hub.auth
        token = self.get_signed_cookie(auth.cookie_name)
        if not token:
            return None
        session = auth.get_session_id(self)
        model = await auth.user_for_token(
            token.decode("ascii", "replace"), session_id=session, sync=False
        )
        if not model or model.get("kind", "user") != "user":
            return None
        if auth.access_scopes and not auth.check_scopes(auth.access_scopes, model):
            msg = _("Your hub account may not open the board. Ask your trainer to give it access.")
            raise NotAllowed(msg)
        result: dict[str, Any] = model
        return result


class FollowHubRole(HubUser):
    """Put before each trainer handler in hub mode: before the trainer check, a member who came
    from the hub takes the role her hub groups give her now (promoted or demoted at once)."""

    async def prepare(self) -> None:
        member = self.member
        if member is not None:
            try:
                model = await self.hub_user()
            except NotAllowed:
                model = None  # the hub no longer lets her open the board: her role stays
            if model is not None:
                group = self.hub.trainer_group
                self._current_user = follow_hub_role(self.forum, model, member, group)
        checked = super().prepare()  # the trainer handler's own check (TrainerHandler)
        if checked is not None:
            await checked


class HubPage(HubUser, PageHandler):
    """A page that knows the hub (only routed in hub mode)."""

    async def hub_user_or_login(self) -> dict[str, Any] | None:
        """The hub user; None (and the answer is on its way) when she must sign in or may not."""
        try:
            model = await self.hub_user()
        except NotAllowed as error:
            self.render_page("error.html", status=HTTPStatus.FORBIDDEN, message=error.message)
            return None
        if model is None:
            self.to_hub_login()
        return model

    def to_hub_login(self) -> None:
        """Off to the hub's login (OAuth with a state cookie and PKCE); back at the join page."""
        auth = self.hub.auth
        params: dict[str, str] = {}
        state: dict[str, Any] = {"next_url": self.url("/join")}
        # PKCE came with JupyterHub 6; TLJH and the Z2JH chart still run JupyterHub 5, whose
        # HubOAuth has neither pkce_enabled nor set_state_cookie(code_verifier=).
        if getattr(auth, "pkce_enabled", False):
            verifier, challenge, method = auth.generate_pkce_code_challenge()
            params.update(code_challenge=challenge, code_challenge_method=method)
            state["code_verifier"] = verifier
        params["state"] = auth.set_state_cookie(self, **state)
        self.redirect(url_concat(auth.login_url, params))


class HubJoinPage(HubPage, JoinPage):
    """GET/POST <prefix>join in hub mode: the hub says who she is; no join code, no PIN."""

    async def get(self) -> None:  # type: ignore[override]
        if self.member is not None:
            self.redirect(self.url("/"))
            return
        model = await self.hub_user_or_login()
        if model is None:
            return
        member = hub_member(self.forum, model, self.hub.trainer_group)
        if member is not None:
            self.start_session(member)
            self.redirect(self.url("/"))
            return
        form: dict[str, Any] = dict(alias="", display_name="", real_name="", town="")
        self.render_page("join.html", hub_name=model["name"], code="", feedback=None, **form)

    async def post(self) -> None:  # type: ignore[override]
        model = await self.hub_user_or_login()
        if model is None:
            return
        name = str(model["name"])
        member = hub_member(self.forum, model, self.hub.trainer_group)
        if member is None:
            alias, display_name = self.field("alias"), self.field("display_name")
            real_name, town = self.field("real_name"), self.field("town")
            form: dict[str, Any] = dict(
                alias=alias, display_name=display_name, real_name=real_name, town=town
            )
            feedback = alias_feedback(alias, real_name, town)
            page: dict[str, Any] = dict(hub_name=name, code="", **form)
            if self.field("choice") == "check":
                self.render_page("join.html", feedback=feedback, **page)
                return
            nudge = self.nudge(alias_notes(alias, feedback), [alias])
            if nudge is not None:
                self.render_page("join.html", feedback=None, nudge=nudge, **page)
                return
            trainer = is_trainer(model, self.hub.trainer_group)
            try:
                member = self.forum.board.join_from_hub(
                    name, alias, trainer=trainer, display_name=display_name
                )
            except ForumError as error:
                self.refuse(error, "join.html", feedback=feedback, **page)
                return
        self.start_session(member)
        self.redirect(self.url("/"))


class HubLoginPage(PageHandler):
    """<prefix>login in hub mode: there is no PIN to come back with; the hub knows her."""

    def get(self) -> None:
        self.redirect(self.url("/join"))

    def post(self) -> None:
        self.redirect(self.url("/join"))


class HubLogoutPage(HubPage, LogoutPage):
    """POST <prefix>logout in hub mode: the board session and the hub's cookie for the board
    end; she lands on the hub's home page (the join page would sign her in again at once)."""

    def post(self) -> None:
        member = self.member
        if member is not None and self.field("choice") == "everywhere":
            self.forum.board.end_sessions(member)
        self.end_session()
        self.hub.auth.clear_cookie(self)
        self.redirect(self.hub.auth.hub_prefix)


class OAuthCallback(HubOAuthCallbackHandler):
    """<prefix>oauth_callback: JupyterHub's own handler, with the board's hub client."""

    @property
    def hub_auth(self) -> HubOAuth:
        auth: HubOAuth = self.settings["hub"].auth
        return auth


def hub_routes(routes: list[Any]) -> list[Any]:
    """The board's route table in hub mode: the hub's join, login and logout, the callback."""
    swap: dict[Any, Any] = {
        JoinPage: HubJoinPage,
        LoginPage: HubLoginPage,
        LogoutPage: HubLogoutPage,
    }
    changed = [(pattern, swap.get(handler, handler), *rest) for pattern, handler, *rest in routes]
    changed = [(pattern, _following(handler), *rest) for pattern, handler, *rest in changed]
    return [(r"/oauth_callback", OAuthCallback), *changed]


def _following(handler: Any) -> Any:
    """A trainer handler that follows the hub's trainer group first; any other as it is."""
    if not (isinstance(handler, type) and issubclass(handler, TrainerHandler)):
        return handler
    return type(handler.__name__, (FollowHubRole, handler), {"__doc__": handler.__doc__})
