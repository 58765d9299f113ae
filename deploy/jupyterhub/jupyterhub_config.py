"""JupyterHub for the course on one server (TLJH-style): docs/DEPLOY.md.

Every learner gets her own Jupyter server; it opens in ``~/course``, her own copy of the course's
learner edition (no answers, no trainer notes), refreshed at each start by
``toolkit.course.workspace`` (a notebook she has worked in is never replaced). It is copied from
the published learner edition (``toolkit.course.publish``, world-readable); the course's sources
with their answer keys stay in a folder only root reads (docs/DEPLOY.md). The classroom board
runs as the hub service "board" at ``/services/board/``: learners who are logged in to the hub are
logged in to the board, and members of the "trainers" group are its trainers.

Use it as it is (``jupyterhub -f jupyterhub_config.py``) or drop it into TLJH's
``/opt/tljh/config/jupyterhub_config.d/``. Every value it adds to a list or a dict is *added*
(``.append``/``.update``), never assigned, so TLJH's own settings and a test's config that loads
this file with ``load_subconfig`` keep theirs. Settings come from the environment:

=========================  ===========================================  ==========================
variable                   meaning                                      default
=========================  ===========================================  ==========================
TOOLKIT_COURSE_BUILD       the published learner edition                /opt/course
                           (``python -m toolkit.course.publish``)
TOOLKIT_USER_PYTHON        Python with the toolkit and Jupyter          /opt/tljh/user/bin/python
                                                                        if it exists, else this one
TOOLKIT_WORKSPACE          a learner's folder, inside her home          course
TOOLKIT_LANDING            ``lab`` (JupyterLab) or ``voila`` (no code)  lab
TOOLKIT_MEM_LIMIT          memory per learner server, e.g. 1G           1G; none under TLJH
TOOLKIT_CPU_LIMIT          cores per learner server, e.g. 1             none
TOOLKIT_CULL               ``on``/``off``: stop idle servers            on; off under TLJH
TOOLKIT_CULL_TIMEOUT       seconds idle before a server stops           3600
TOOLKIT_BOARD              ``on``/``off``: the board service            on
TOOLKIT_BOARD_DB           the board's forum file                       /srv/board/workshop.sqlite
TOOLKIT_BOARD_PORT         the board's port on 127.0.0.1                10101
TOOLKIT_BOARD_USER         system user the board runs as                board under TLJH, else
                                                                        the hub's own user
TOOLKIT_TRAINER_GROUP      hub group whose members are trainers         trainers
TOOLKIT_TRAINERS           hub names put in that group (comma list)     none
TOOLKIT_ADMINS             hub admins (comma list)                      none
=========================  ===========================================  ==========================

Memory and CPU limits are enforced only by spawners that run servers in a cgroup or container:
SystemdSpawner (TLJH), DockerSpawner, KubeSpawner (Z2JH). The default LocalProcessSpawner only
passes them to the server as MEM_LIMIT/CPU_LIMIT (shown by jupyter-resource-usage), nothing more.
"""

import os
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (injected by the config loader)

# Under TLJH, tljh-config owns limits and culling. TLJH's own config has imported its package
# before it loads this file, and its systemd unit sets TLJH_INSTALL_PREFIX; the prefix test alone
# missed a TLJH installed elsewhere (two cullers, and tljh-config's memory limit overridden).
UNDER_TLJH = (
    "tljh.configurer" in sys.modules
    or bool(os.environ.get("TLJH_INSTALL_PREFIX"))
    or sys.prefix.startswith("/opt/tljh/")
)
TLJH_USER_PYTHON = Path(
    os.environ.get("TLJH_INSTALL_PREFIX", "").strip() or "/opt/tljh", "user", "bin", "python"
)


def env(name: str, default: str = "") -> str:
    """The environment's value for ``name``, or ``default`` when unset or blank."""
    return os.environ.get(name, "").strip() or default


def env_on(name: str, default: bool) -> bool:
    """An on/off switch from the environment (on, off, true, false, 1, 0, yes, no)."""
    value = env(name).lower()
    if not value:
        return default
    return value in {"on", "true", "1", "yes"}


def env_names(name: str) -> set[str]:
    """A comma-separated list of hub user names."""
    return {part.strip() for part in env(name).split(",") if part.strip()}


# The learner edition alone: never the sources (lessons/, exercises/ hold the answers).
COURSE_BUILD = env("TOOLKIT_COURSE_BUILD", "/opt/course")
USER_PYTHON = env(
    "TOOLKIT_USER_PYTHON", str(TLJH_USER_PYTHON) if TLJH_USER_PYTHON.exists() else sys.executable
)
WORKSPACE = env("TOOLKIT_WORKSPACE", "course")
TRAINER_GROUP = env("TOOLKIT_TRAINER_GROUP", "trainers")

# --- Learner servers: the course in her home, opened in the learner edition -------------------
# Before her server starts, her own copies are brought up to date as herself (the spawner runs
# this command as her user, in her home), so a hub running as root never writes in her folder.
# A failed copy still starts the server: she can work in what she has, and the log says why.
# No braces in the script: SystemdSpawner expands {USERNAME}-style fields in the command.
SINGLEUSER = str(Path(USER_PYTHON).parent / "jupyterhub-singleuser")
START_SCRIPT = (
    '"$TOOLKIT_USER_PYTHON" -m toolkit.course.workspace '
    '--build "$TOOLKIT_COURSE_BUILD" "$HOME/$TOOLKIT_WORKSPACE" >&2 '
    '|| echo "toolkit: the course was not copied into $HOME/$TOOLKIT_WORKSPACE (see above)" >&2; '
    'exec "$0" "$@"'
)
c.Spawner.cmd = ["/bin/sh", "-c", START_SCRIPT, SINGLEUSER]
c.Spawner.environment.update(
    {
        "TOOLKIT_USER_PYTHON": USER_PYTHON,
        "TOOLKIT_COURSE_BUILD": COURSE_BUILD,
        "TOOLKIT_WORKSPACE": WORKSPACE,
    }
)
# Learners land in the learner edition: JupyterLab on her workspace, or (TOOLKIT_LANDING=voila)
# the exercises as apps without code through Voilà's server extension (Voilà's own template: the
# phone-sized toolkit-learner template is only in `python -m toolkit.learn`).
LANDING = env("TOOLKIT_LANDING", "lab").lower()
c.Spawner.default_url = (
    f"/voila/tree/{WORKSPACE}" if LANDING == "voila" else f"/lab/tree/{WORKSPACE}"
)

# --- Memory and CPU limits (enforced by SystemdSpawner, DockerSpawner, KubeSpawner only) --------
MEM_LIMIT = env("TOOLKIT_MEM_LIMIT", "" if UNDER_TLJH else "1G")
if MEM_LIMIT:
    c.Spawner.mem_limit = MEM_LIMIT
CPU_LIMIT = env("TOOLKIT_CPU_LIMIT")
if CPU_LIMIT:
    c.Spawner.cpu_limit = float(CPU_LIMIT)

# --- Idle culling: a server nobody used for an hour stops and gives its memory back ------------
if env_on("TOOLKIT_CULL", default=not UNDER_TLJH):
    c.JupyterHub.services.append(
        {
            "name": "jupyterhub-idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={int(env('TOOLKIT_CULL_TIMEOUT', '3600'))}",
                "--cull-every=300",
            ],
        }
    )
    # Only what the culler needs (jupyterhub-idle-culler's README), not admin.
    c.JupyterHub.load_roles.append(
        {
            "name": "jupyterhub-idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["jupyterhub-idle-culler"],
        }
    )

# --- The classroom board as a managed service at /services/board/ ------------------------------
if env_on("TOOLKIT_BOARD", default=True):
    board_db = env("TOOLKIT_BOARD_DB", "/srv/board/workshop.sqlite")
    board_port = int(env("TOOLKIT_BOARD_PORT", "10101"))
    board = {
        "name": "board",
        "url": f"http://127.0.0.1:{board_port}",
        "command": [
            USER_PYTHON,
            "-m",
            "toolkit.classroom",
            "--db",
            board_db,
            "--hub",
            "--trainer-group",
            TRAINER_GROUP,
        ],
        "cwd": str(Path(board_db).parent),
        # Learners go from the hub to the board without a "Authorize access" page.
        "oauth_no_confirm": True,
        "display": True,
        "info": {"about": "The classroom board: the course's live forum."},
    }
    board_user = env("TOOLKIT_BOARD_USER", "board" if UNDER_TLJH else "")
    if board_user:
        board["user"] = board_user
    c.JupyterHub.services.append(board)
    # The default "user" role reaches no service: without this the hub answers 403 when a
    # learner opens the board (seen against a real hub in tests/test_hub.py).
    c.JupyterHub.load_roles.append(
        {"name": "user", "scopes": ["self", "access:services!service=board"]}
    )

# --- People: the trainers' group and the admins ------------------------------------------------
# Trainers see who is running (admin page, read-only); opening a learner's server is left out on
# purpose (her notebooks are hers): add "access:servers" to the scopes to allow it.
c.JupyterHub.load_groups.update({TRAINER_GROUP: {"users": sorted(env_names("TOOLKIT_TRAINERS"))}})
c.JupyterHub.load_roles.append(
    {
        "name": "trainer",
        "description": "Trainers: see the learners' servers on the admin page.",
        "scopes": ["admin-ui", "list:users", "read:users:activity", "read:servers"],
        "groups": [TRAINER_GROUP],
    }
)
ADMINS = env_names("TOOLKIT_ADMINS")
if ADMINS:
    c.Authenticator.admin_users.update(ADMINS)
