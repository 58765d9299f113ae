"""The board as a JupyterHub service, with a fake hub: the OAuth round trip is JupyterHub's own
code (``HubOAuth``, ``HubOAuthCallbackHandler``); only the two calls that would reach the hub's
API (``token_for_code`` and ``user_for_token``) answer from a table here. H-hubtest runs the
same flow against a real hub.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from board_support import Browser, RunningBoard, running_board

pytest.importorskip("jupyterhub")
from jupyterhub.services.auth import HubOAuth

from toolkit.classroom import server
from toolkit.classroom.hub import Hub, hub_from_env, service_address
from toolkit.forum.errors import ForumError

BASE = "/services/board/"
ENV = {
    "JUPYTERHUB_API_TOKEN": "service-token",
    "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",  # never reached: the calls are faked
    "JUPYTERHUB_SERVICE_PREFIX": BASE,
    "JUPYTERHUB_CLIENT_ID": "service-board",
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
    "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{BASE}oauth_callback",
    "JUPYTERHUB_BASE_URL": "/",
    "JUPYTERHUB_HOST": "",
}


class FakeHub:
    """What the hub's API would answer: an OAuth code per user, and the user behind a token."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}

    def add(self, name: str, groups: tuple[str, ...] = (), **extra: Any) -> str:
        """A hub user; returns the OAuth code the hub would hand her browser."""
        model = {"kind": "user", "name": name, "groups": list(groups), "scopes": [], **extra}
        self.users[f"token-{name}"] = model
        return f"code-{name}"

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        async def user_for_token(
            auth: HubOAuth, token: str, use_cache: bool = True, session_id: str = "", **kw: Any
        ) -> dict[str, Any] | None:
            return self.users.get(token)

        async def token_for_code(auth: HubOAuth, code: str, **kw: Any) -> str:
            return "token-" + code.removeprefix("code-")

        monkeypatch.setattr(HubOAuth, "user_for_token", user_for_token)
        monkeypatch.setattr(HubOAuth, "token_for_code", token_for_code)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return dict(ENV)


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> FakeHub:
    hub = FakeHub()
    hub.install(monkeypatch)
    return hub


def serve(tmp_path: Path, hub: Hub) -> Any:
    return running_board(tmp_path / "board.sqlite", base_url=hub.prefix, app_settings={"hub": hub})


@pytest.fixture
def board(tmp_path: Path, fake_hub: FakeHub, env: dict[str, str]) -> Iterator[RunningBoard]:
    with serve(tmp_path, hub_from_env(environ=env)) as running:
        yield running


def query(location: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


def sign_in(board: RunningBoard, code: str, joined: tuple[int, ...] = (200, 302)) -> Browser:
    """The whole round trip: board -> hub login -> oauth_callback -> board join -> front page."""
    phone = Browser(board)
    first = phone.get(BASE)
    assert (first.status, first.location) == (302, f"{BASE}join")
    to_hub = phone.get(f"{BASE}join")
    assert to_hub.status == 302
    assert to_hub.location.startswith("/hub/api/oauth2/authorize?"), to_hub.location
    asked = query(to_hub.location)
    assert asked["client_id"] == "service-board"
    assert asked["redirect_uri"] == f"{BASE}oauth_callback"
    assert asked["code_challenge_method"] == "S256"
    # The hub approves and sends her browser back with a code and the same state.
    state = urllib.parse.quote(asked["state"])
    back = phone.get(f"{BASE}oauth_callback?code={code}&state={state}")
    assert (back.status, back.location) == (302, f"{BASE}join"), back.text
    assert phone.get(f"{BASE}join").status in joined
    return phone


# ------------------------------------------------------------------ settings
def test_hub_mode_needs_the_service_settings() -> None:
    with pytest.raises(ForumError) as caught:
        hub_from_env(environ={"JUPYTERHUB_API_TOKEN": "x"})
    assert "JUPYTERHUB_SERVICE_PREFIX" in caught.value.message
    assert "JUPYTERHUB_API_TOKEN" not in caught.value.message
    assert "without --hub" in caught.value.message


def test_hub_settings_come_from_the_environment(env: dict[str, str]) -> None:
    hub = hub_from_env("staff", environ=env)
    assert (hub.prefix, hub.trainer_group) == (BASE, "staff")
    assert hub.auth.oauth_client_id == "service-board"
    assert service_address(env) == ("127.0.0.1", 10101)
    for bad in ("", "http://127.0.0.1", "not a url", "http://127.0.0.1:99999"):
        with pytest.raises(ForumError):
            service_address({"JUPYTERHUB_SERVICE_URL": bad})


def test_the_command_line_without_a_hub_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    assert server.main(["--db", str(tmp_path / "b.sqlite"), "--hub"]) == 2
    assert "JUPYTERHUB_API_TOKEN" in capsys.readouterr().err
    assert not (tmp_path / "b.sqlite").exists()


# ------------------------------------------------------------------ signing in
def test_a_hub_user_comes_in_through_the_hub_with_her_hub_name(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    phone = sign_in(board, fake_hub.add("river"))
    member = board.forum.member("river")
    assert member.role == "learner"
    front = phone.get(BASE)
    assert front.status == 200
    assert "@<bdi>river</bdi>" in front.text
    assert board.code not in front.text  # learners in hub mode never see a join code
    # A second visit (another browser) finds the same member: no second one is made.
    again = sign_in(board, fake_hub.add("river"))
    assert again.get(BASE).status == 200
    assert [m.handle for m in board.forum.members() if m.handle == "river"] == ["river"]


def test_hub_trainers_come_from_the_trainer_group(board: RunningBoard, fake_hub: FakeHub) -> None:
    trainer = sign_in(board, fake_hub.add("anna", groups=("trainers",)))
    learner = sign_in(board, fake_hub.add("bob", groups=("learners",)))
    assert board.forum.member("anna").role == "trainer"
    assert board.forum.member("bob").role == "learner"
    assert trainer.get(f"{BASE}trainer").status == 200
    assert learner.get(f"{BASE}trainer").status == 403


def test_another_trainer_group_can_be_named(
    tmp_path: Path, fake_hub: FakeHub, env: dict[str, str]
) -> None:
    with serve(tmp_path, hub_from_env("staff", environ=env)) as board:
        sign_in(board, fake_hub.add("carla", groups=("staff",)))
        sign_in(board, fake_hub.add("dev", groups=("trainers",)))
        assert board.forum.member("carla").role == "trainer"
        assert board.forum.member("dev").role == "learner"


def test_a_hub_name_that_is_no_nickname_asks_for_an_alias_without_a_code(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    name = "ann.lee@example.org"
    phone = sign_in(board, fake_hub.add(name))
    page = phone.get(f"{BASE}join")
    assert page.status == 200
    assert 'name="alias"' in page.text
    assert 'name="code"' not in page.text
    assert 'name="pin"' not in page.text
    assert f"{BASE}login" not in page.text
    assert board.code not in page.text
    assert len(board.forum.members()) == 1  # only the board's own trainer so far
    reply = phone.post(f"{BASE}join", alias="ann_lee", display_name="Ann")
    assert (reply.status, reply.location) == (302, BASE)
    member = board.forum.member("ann_lee")
    assert (member.role, member.display_name) == ("learner", "Ann")
    # Next time, from another browser, the hub user is that member at once.
    other = sign_in(board, fake_hub.add(name))
    assert "@<bdi>ann_lee</bdi>" in other.get(BASE).text


def test_a_hub_user_never_becomes_a_member_she_is_not(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    # The board's own trainer is called "trainer"; a hub user of that name is someone else.
    phone = sign_in(board, fake_hub.add("trainer"))
    page = phone.get(f"{BASE}join")
    assert (page.status, 'name="alias"' in page.text) == (200, True)
    assert phone.get(f"{BASE}trainer").status == 302  # no session: off to the join page
    # An alias that is taken is refused in the forum's words, and the form stays.
    taken = phone.post(f"{BASE}join", alias="trainer")
    assert taken.status in (400, 409)  # reserved or taken: the forum says which
    assert 'name="alias"' in taken.text
    assert phone.post(f"{BASE}join", alias="helper_tom").status == 302
    assert board.forum.member("helper_tom").role == "learner"


def test_without_the_hub_nobody_joins(board: RunningBoard) -> None:
    phone = Browser(board)
    assert phone.get(f"{BASE}join").status == 302  # off to the hub: no form, no XSRF cookie
    # The room's way in (code and alias) is not taken in hub mode, even with a good CSRF pair
    # (any visitor can make one: it proves nothing about who she is).
    phone.jar.set_cookie(http.cookiejar.Cookie(
        0, "_xsrf", "made-up", None, False, "127.0.0.1", False, False, BASE, True,
        False, None, False, None, None, {},
    ))  # fmt: skip
    form = {"_xsrf": "made-up", "code": board.code, "alias": "sneaky"}
    reply = phone.post(f"{BASE}join", form, xsrf=False)
    assert reply.status == 302
    assert reply.location.startswith("/hub/api/oauth2/authorize?")
    assert [m.handle for m in board.forum.members()] == ["trainer"]
    assert phone.get(f"{BASE}login").location == f"{BASE}join"
    # A made-up hub cookie is not a hub user.
    phone.jar.clear()
    bad = phone.get(f"{BASE}oauth_callback?code=code-x&state=made-up")
    assert bad.status in (400, 403)
    assert [m.handle for m in board.forum.members()] == ["trainer"]


def test_a_stranger_to_the_hub_is_refused(board: RunningBoard, fake_hub: FakeHub) -> None:
    phone = Browser(board)
    to_hub = phone.get(f"{BASE}join")
    state = urllib.parse.quote(query(to_hub.location)["state"])
    # The hub gave a code, but the token behind it names no user: nothing is made.
    back = phone.get(f"{BASE}oauth_callback?code=code-nobody&state={state}")
    assert back.status == 500
    assert [m.handle for m in board.forum.members()] == ["trainer"]


def test_access_scopes_are_checked(tmp_path: Path, fake_hub: FakeHub, env: dict[str, str]) -> None:
    hub = hub_from_env(environ=env)
    hub.auth.access_scopes = {"access:services!service=board"}
    with serve(tmp_path, hub) as board:
        phone = sign_in(board, fake_hub.add("eve"), joined=(403,))
        refused = phone.get(f"{BASE}join")
        assert refused.status == 403
        assert "may not open the board" in refused.text
        ok = sign_in(board, fake_hub.add("fay", scopes=["access:services!service=board"]))
        assert ok.get(BASE).status == 200
        assert sorted(m.handle for m in board.forum.members()) == ["fay", "trainer"]


def test_logging_out_ends_the_board_session_and_the_hub_cookie(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    phone = sign_in(board, fake_hub.add("river"))
    assert any(c.name == "service-board" for c in phone.jar)
    out = phone.post(f"{BASE}logout")
    assert (out.status, out.location) == (302, "/hub/")
    assert not any(c.name == "service-board" for c in phone.jar)
    assert phone.get(BASE).location == f"{BASE}join"


def test_the_api_still_answers_a_signed_in_hub_user(board: RunningBoard, fake_hub: FakeHub) -> None:
    phone = sign_in(board, fake_hub.add("river"))
    answer = phone.get(f"{BASE}api/v1/changes?since=0")
    assert answer.status == 200
    assert "latest" in json.loads(answer.text)
    posted = phone.post(f"{BASE}new", title="Hello from the hub", body="A first post, plain.")
    assert posted.status == 302
    assert board.forum.posts()[0].author.handle == "river"


# ------------------------------------------------------------------ the role follows the hub group
def test_the_role_follows_the_trainer_group_at_each_sign_in(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    sign_in(board, fake_hub.add("river"))
    assert board.forum.member("river").role == "learner"
    # Her hub admin adds her to the trainers: at her next sign-in she is a trainer.
    later = sign_in(board, fake_hub.add("river", groups=("trainers",)))
    assert board.forum.member("river").role == "trainer"
    assert later.get(f"{BASE}trainer").status == 200
    # Taken out of the group: a learner again at her next sign-in, with a learner's answers.
    again = sign_in(board, fake_hub.add("river", groups=("learners",)))
    assert board.forum.member("river").role == "learner"
    assert again.get(f"{BASE}trainer").status == 403
    assert [m.handle for m in board.forum.members()].count("river") == 1


def test_an_alias_member_follows_the_group_too(board: RunningBoard, fake_hub: FakeHub) -> None:
    name = "ann.lee@example.org"
    phone = sign_in(board, fake_hub.add(name))
    assert phone.post(f"{BASE}join", alias="ann_lee").status == 302
    assert board.forum.member("ann_lee").role == "learner"
    sign_in(board, fake_hub.add(name, groups=("trainers",)))
    assert board.forum.member("ann_lee").role == "trainer"
    # The join form's POST signs her in as her member too, in her current role.
    fake_hub.add(name)
    assert phone.post(f"{BASE}join", alias="ignored").status == 302
    assert board.forum.member("ann_lee").role == "learner"
    assert "ignored" not in [m.handle for m in board.forum.members()]


def test_the_trainer_pages_ask_the_hub_group_again(board: RunningBoard, fake_hub: FakeHub) -> None:
    phone = sign_in(board, fake_hub.add("river"))
    assert phone.get(f"{BASE}trainer").status == 403
    # Added to the group while signed in: the trainer page lets her in, no new sign-in needed.
    fake_hub.add("river", groups=("trainers",))
    assert phone.get(f"{BASE}trainer").status == 200
    assert board.forum.member("river").role == "trainer"
    post = board.forum.post("river", "Welcome", "Say hello to the group here.")
    # Taken out of the group: the learner's 403 at once, on the page and for its actions.
    fake_hub.add("river")
    assert phone.get(f"{BASE}trainer").status == 403
    assert board.forum.member("river").role == "learner"
    # A trainer again; then out of the group and straight to an action (not the page first).
    fake_hub.add("river", groups=("trainers",))
    assert phone.get(f"{BASE}trainer").status == 200
    fake_hub.add("river")
    assert board.forum.member("river").role == "trainer"
    moderate = {"action": "hide", "target": f"post-{post.id}", "reason": "Testing the role."}
    assert phone.post(f"{BASE}trainer/moderate", moderate).status == 403
    assert board.forum.get(post.id).status == "visible"
    assert board.forum.member("river").role == "learner"
    # While in the group, the same action works (so the 403 above came from the group).
    fake_hub.add("river", groups=("trainers",))
    assert phone.post(f"{BASE}trainer/moderate", moderate).status == 302
    assert board.forum.get(post.id).status == "hidden"


def test_the_boards_own_trainer_keeps_her_role_beside_a_hub_cookie(
    board: RunningBoard, fake_hub: FakeHub
) -> None:
    phone = sign_in(board, fake_hub.add("river"))  # the hub cookie is a learner's
    assert phone.get(f"{BASE}trainer/login?key={board.trainer_key}").status == 302
    assert phone.get(f"{BASE}trainer").status == 200
    assert board.forum.member("trainer").role == "trainer"
    assert board.forum.member("river").role == "learner"  # her hub user changed no one else


class HubOAuth5(HubOAuth):
    """HubOAuth as JupyterHub 5 has it (TLJH and the Z2JH chart run 5.x): no PKCE, and
    set_state_cookie takes no code_verifier."""

    @property
    def pkce_enabled(self) -> bool:  # type: ignore[override]
        name = "pkce_enabled"
        raise AttributeError(name)

    def set_state_cookie(self, handler: Any, next_url: str | None = None) -> str:  # type: ignore[override]
        state: str = super().set_state_cookie(handler, next_url=next_url)
        return state


def test_a_jupyterhub_5_hub_signs_learners_in_without_pkce(
    tmp_path: Path, fake_hub: FakeHub, env: dict[str, str]
) -> None:
    # Seen with TLJH's JupyterHub 5.5: the board answered every learner with a 500.
    hub = hub_from_env(environ=env)
    hub.auth.__class__ = HubOAuth5
    with serve(tmp_path, hub) as running:
        phone = Browser(running)
        to_hub = phone.get(f"{BASE}join")
        assert to_hub.status == 302, to_hub.text
        asked = query(to_hub.location)
        assert "code_challenge" not in asked
        state = urllib.parse.quote(asked["state"])
        back = phone.get(f"{BASE}oauth_callback?code={fake_hub.add('lina')}&state={state}")
        assert (back.status, back.location) == (302, f"{BASE}join"), back.text
        assert phone.get(f"{BASE}join").status in (200, 302)
        assert phone.get(BASE).status == 200
        assert running.forum.member("lina").role == "learner"
