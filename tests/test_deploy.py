"""The deployment files (binder/, deploy/jupyterhub/): they load, and they say what the docs say.

- ``jupyterhub_config.py`` is read by traitlets' own config loader (as JupyterHub reads it) and
  applied to JupyterHub's classes; its start command is run with stand-ins for Python and the
  single-user server, to show it copies the course and then starts the server even on failure.
- ``binder/``: requirements.txt names every runtime dependency of pyproject.toml; postBuild and
  start are executable and run the build, publish and workspace commands (stand-in ``python`` on
  PATH); run for real on a tiny course, postBuild publishes no answer key and start fills
  ``~/course`` from the published learner edition alone.
- ``z2jh-values.yaml`` parses and uses only keys the Zero to JupyterHub chart documents.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from toolkit.course import cells

ROOT = Path(__file__).resolve().parents[1]
HUB_DIR = ROOT / "deploy" / "jupyterhub"
BINDER = ROOT / "binder"
ENV_NAMES = (
    "TOOLKIT_COURSE_DIR",
    "TOOLKIT_COURSE_BUILD",
    "TOOLKIT_USER_PYTHON",
    "TOOLKIT_WORKSPACE",
    "TOOLKIT_LANDING",
    "TOOLKIT_MEM_LIMIT",
    "TOOLKIT_CPU_LIMIT",
    "TOOLKIT_CULL",
    "TOOLKIT_CULL_TIMEOUT",
    "TOOLKIT_BOARD",
    "TOOLKIT_BOARD_DB",
    "TOOLKIT_BOARD_PORT",
    "TOOLKIT_BOARD_USER",
    "TOOLKIT_TRAINER_GROUP",
    "TOOLKIT_TRAINERS",
    "TOOLKIT_ADMINS",
)

jupyterhub_app = pytest.importorskip("jupyterhub.app")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def load_hub_config() -> Config:
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB_DIR)).load_config()


def hub(config: Config) -> Any:
    """JupyterHub's application with the config applied (lazy appends resolved), not started."""
    return jupyterhub_app.JupyterHub(config=config)


def spawner(config: Config) -> Any:
    from jupyterhub.spawner import LocalProcessSpawner

    return LocalProcessSpawner(config=config)


def services(config: Config) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in hub(config).services}


# --- jupyterhub_config.py -----------------------------------------------------------------------


def test_hub_config_defaults() -> None:
    config = load_hub_config()
    found = services(config)
    board = found["board"]
    assert board["url"] == "http://127.0.0.1:10101"
    assert board["oauth_no_confirm"] is True
    assert board["command"][1:] == [
        "-m",
        "toolkit.classroom",
        "--db",
        "/srv/board/workshop.sqlite",
        "--hub",
        "--trainer-group",
        "trainers",
    ]
    assert "user" not in board  # outside TLJH: the hub's own user
    culler = found["jupyterhub-idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    roles = {r["name"]: r for r in hub(config).load_roles}
    assert roles["jupyterhub-idle-culler"]["services"] == ["jupyterhub-idle-culler"]
    assert "delete:servers" in roles["jupyterhub-idle-culler"]["scopes"]
    assert "admin:users" not in roles["jupyterhub-idle-culler"]["scopes"]
    assert roles["trainer"]["groups"] == ["trainers"]
    assert "access:servers" not in roles["trainer"]["scopes"]
    assert hub(config).load_groups == {"trainers": {"users": []}}

    spawn = spawner(config)
    assert spawn.default_url == "/lab/tree/course"
    assert spawn.mem_limit == 1024**3
    # The published learner edition only: the sources (answer keys) are never named.
    assert spawn.environment["TOOLKIT_COURSE_BUILD"] == "/opt/course"
    assert "TOOLKIT_COURSE_DIR" not in spawn.environment
    assert spawn.cmd[:2] == ["/bin/sh", "-c"]
    assert "--course" not in spawn.cmd[2]
    assert spawn.cmd[3].endswith("/jupyterhub-singleuser")


def test_hub_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOOLKIT_COURSE_BUILD", str(tmp_path / "course"))
    monkeypatch.setenv("TOOLKIT_USER_PYTHON", "/env/bin/python")
    monkeypatch.setenv("TOOLKIT_LANDING", "voila")
    monkeypatch.setenv("TOOLKIT_MEM_LIMIT", "512M")
    monkeypatch.setenv("TOOLKIT_CPU_LIMIT", "0.5")
    monkeypatch.setenv("TOOLKIT_CULL", "off")
    monkeypatch.setenv("TOOLKIT_BOARD_DB", str(tmp_path / "b" / "room.sqlite"))
    monkeypatch.setenv("TOOLKIT_BOARD_PORT", "10555")
    monkeypatch.setenv("TOOLKIT_BOARD_USER", "board")
    monkeypatch.setenv("TOOLKIT_TRAINER_GROUP", "staff")
    monkeypatch.setenv("TOOLKIT_TRAINERS", "amina, grace")
    monkeypatch.setenv("TOOLKIT_ADMINS", "grace")
    config = load_hub_config()
    found = services(config)
    assert set(found) == {"board"}
    board = found["board"]
    assert board["url"] == "http://127.0.0.1:10555"
    assert board["command"][0] == "/env/bin/python"
    assert board["command"][board["command"].index("--db") + 1] == str(tmp_path / "b/room.sqlite")
    assert board["command"][-2:] == ["--trainer-group", "staff"]
    assert board["cwd"] == str(tmp_path / "b")
    assert board["user"] == "board"
    app = hub(config)
    assert app.load_groups == {"staff": {"users": ["amina", "grace"]}}
    assert "jupyterhub-idle-culler" not in {r["name"] for r in app.load_roles}
    from jupyterhub.auth import Authenticator

    assert Authenticator(config=config).admin_users == {"grace"}
    spawn = spawner(config)
    assert spawn.default_url == "/voila/tree/course"
    assert spawn.mem_limit == 512 * 1024**2
    assert spawn.cpu_limit == 0.5
    assert spawn.environment["TOOLKIT_COURSE_BUILD"] == str(tmp_path / "course")
    assert spawn.cmd[3] == "/env/bin/jupyterhub-singleuser"


def test_hub_config_board_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLKIT_BOARD", "off")
    assert "board" not in services(load_hub_config())


def test_hub_config_adds_to_an_outer_config(tmp_path: Path) -> None:
    """Loaded from TLJH's jupyterhub_config.d or a test's config, it keeps what is set there."""
    outer = tmp_path / "outer_config.py"
    outer.write_text(
        "c.JupyterHub.services = [{'name': 'cull-idle', 'command': ['true']}]\n"
        "c.JupyterHub.load_roles = [{'name': 'other', 'scopes': ['read:users'], 'users': ['x']}]\n"
        "c.Spawner.environment = {'KEEP': '1'}\n"
        "c.Authenticator.admin_users = {'root-admin'}\n"
        f"load_subconfig('jupyterhub_config.py', path={str(HUB_DIR)!r})\n",
        encoding="utf-8",
    )
    config = PyFileConfigLoader(outer.name, path=str(tmp_path)).load_config()
    assert set(services(config)) == {"cull-idle", "jupyterhub-idle-culler", "board"}
    assert {r["name"] for r in hub(config).load_roles} >= {"other", "trainer"}
    assert spawner(config).environment["KEEP"] == "1"
    assert spawner(config).environment["TOOLKIT_WORKSPACE"] == "course"


def test_hub_config_under_tljh_leaves_limits_and_culling_to_tljh_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """TLJH's systemd unit sets TLJH_INSTALL_PREFIX, and its config sets limits and its own
    culler from tljh-config before loading ours (seen with TLJH's real config: with a prefix
    other than /opt/tljh our culler came too, and 1G replaced tljh-config's 2G)."""
    prefix = tmp_path / "tljh"
    user_python = prefix / "user" / "bin" / "python"
    user_python.parent.mkdir(parents=True)
    user_python.write_text("", encoding="utf-8")
    monkeypatch.setenv("TLJH_INSTALL_PREFIX", str(prefix))
    outer = tmp_path / "tljh_config.py"
    outer.write_text(
        "c.JupyterHub.services = [{'name': 'cull-idle', 'command': ['true']}]\n"
        "c.Spawner.mem_limit = '2G'\n"
        f"load_subconfig('jupyterhub_config.py', path={str(HUB_DIR)!r})\n",
        encoding="utf-8",
    )
    config = PyFileConfigLoader(outer.name, path=str(tmp_path)).load_config()
    found = services(config)
    assert set(found) == {"cull-idle", "board"}  # one culler: TLJH's
    assert found["board"]["user"] == "board"
    assert found["board"]["command"][0] == str(user_python)
    assert spawner(config).mem_limit == 2 * 1024**3
    assert spawner(config).environment["TOOLKIT_USER_PYTHON"] == str(user_python)


def _stand_in(path: Path, log: Path, exit_code: int = 0) -> None:
    """A program that writes its arguments (one line per call) to ``log`` and exits."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'#!/bin/sh\necho "$(basename "$0") $*" >> "{log}"\nexit {exit_code}\n', encoding="utf-8"
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.mark.parametrize("copy_fails", [False, True])
def test_hub_start_command_copies_the_course_then_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, copy_fails: bool
) -> None:
    log = tmp_path / "calls.log"
    bin_dir = tmp_path / "env" / "bin"
    _stand_in(bin_dir / "python", log, exit_code=1 if copy_fails else 0)
    _stand_in(bin_dir / "jupyterhub-singleuser", log)
    monkeypatch.setenv("TOOLKIT_USER_PYTHON", str(bin_dir / "python"))
    monkeypatch.setenv("TOOLKIT_COURSE_BUILD", "/srv/the course")
    spawn = spawner(load_hub_config())
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), **spawn.environment}
    done = subprocess.run(
        [*spawn.cmd, "--port=8888"], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls == [
        f"python -m toolkit.course.workspace --build /srv/the course {home}/course",
        "jupyterhub-singleuser --port=8888",
    ]
    assert ("was not copied" in done.stderr) is copy_fails


# --- binder/ ------------------------------------------------------------------------------------


def _requirements(path: Path) -> dict[str, Requirement]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            found[req.name.lower().replace("_", "-")] = req
    return found


def test_binder_requirements_name_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = _requirements(BINDER / "requirements.txt")
    for spec in project["dependencies"]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in listed, f"binder/requirements.txt lacks {spec}"
        assert listed[name].specifier == req.specifier, f"{spec} differs in binder/"
    # The hub's single-user server and the one-click links run in this image too.
    assert {"jupyterhub", "nbgitpuller"} <= set(listed)


def test_binder_runtime_matches_requires_python() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-")
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(project["requires-python"]).contains(runtime.removeprefix("python-"))


@pytest.mark.parametrize("name", ["postBuild", "start"])
def test_binder_scripts_are_executable(name: str) -> None:
    script = BINDER / name
    assert script.stat().st_mode & stat.S_IXUSR
    assert script.read_text(encoding="utf-8").startswith("#!/bin/bash\n")


def test_binder_postbuild_installs_builds_and_publishes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "course.toml").write_text("# the course\n", encoding="utf-8")
    (repo / "lessons").mkdir()
    (repo / "lessons" / "01.ipynb").write_text("{}", encoding="utf-8")
    log = tmp_path / "calls.log"
    _stand_in(tmp_path / "bin" / "python", log)
    prefix = tmp_path / "srv" / "conda" / "envs" / "notebook"
    env = {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "NB_PYTHON_PREFIX": str(prefix),
    }
    done = subprocess.run(
        [str(BINDER / "postBuild")], cwd=repo, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    course = prefix / "share" / "toolkit-course"
    assert not course.exists()  # postBuild copies nothing itself: only publish writes there
    assert log.read_text(encoding="utf-8").splitlines() == [
        "python -m pip install --no-deps --no-cache-dir .",
        "python build_course.py --no-pdf --quiet",
        f"python -m toolkit.course.publish _build {course}",
    ]


def _real_python(path: Path, log: Path) -> None:
    """A ``python`` that logs its arguments, skips ``pip`` (nothing is installed) and runs this
    test's own Python for everything else."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'#!/bin/sh\necho "$(basename "$0") $*" >> "{log}"\n'
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then exit 0; fi\n'
        f'exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    path.chmod(0o755)


@pytest.mark.slow
def test_binder_publishes_no_answer_key_and_start_fills_the_course(tmp_path: Path) -> None:
    """postBuild and start for real on a tiny course: the image's course folder holds the learner
    edition alone, and ~/course is filled from it with no course.toml in reach."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "grading", repo)
    shutil.copy(ROOT / "build_course.py", repo)
    (repo / ".git").mkdir()
    for lesson in (repo / "lessons").glob("*.ipynb"):  # what the build asks of a lesson
        nb = nbformat.read(lesson, as_version=4)
        nb.metadata.setdefault("course", {}).update(
            questions=["Q?"], objectives=["O"], keypoints=["K"], digcomp=["1.1"], outcomes=[1]
        )
        nbformat.write(nb, lesson)
    _real_python(tmp_path / "bin" / "python", tmp_path / "calls.log")
    prefix = tmp_path / "srv" / "conda" / "envs" / "notebook"
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "NB_PYTHON_PREFIX": str(prefix),
    }
    done = subprocess.run(
        [str(BINDER / "postBuild")], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    course = prefix / "share" / "toolkit-course"
    files = [p for p in course.rglob("*") if p.is_file()]
    names = {p.relative_to(course).as_posix() for p in files}
    assert names >= {"manifest.json", "learner/01-echo-exercise.ipynb", "learner/course.css"}
    assert all(
        n.startswith("learner/") or n.startswith(".toolkit") or n == "manifest.json" for n in names
    ), names
    sources = {p.read_bytes() for d in ("lessons", "exercises") for p in (repo / d).iterdir()}
    assert not sources & {p.read_bytes() for p in files}
    assert not (course / "course.toml").exists()
    assert not {"lessons", "exercises", "trainer", ".git"} & {
        part for p in course.rglob("*") for part in p.relative_to(course).parts
    }
    # A trainer-only answer ("**Answer:** hello", a solution cell) is in the trainer edition,
    # never in the published one.
    assert b"Answer:" in (repo / "_build" / "trainer" / "01-echo-exercise.ipynb").read_bytes()
    assert not any(b"Answer:" in p.read_bytes() for p in files)
    for path in course.rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(cells.is_solution(c) or cells.is_trainer(c) for c in nb.cells)
    audiences = {
        e["audience"] for e in json.loads((course / "manifest.json").read_text())["outputs"]
    }
    assert audiences == {"learner"}

    started = subprocess.run(
        [str(BINDER / "start"), sys.executable, "-c", "print('server started')"],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "server started"
    assert "was not copied" not in started.stderr
    copied = sorted(p.name for p in (home / "course").glob("*.ipynb"))
    assert copied == sorted(p.name for p in (course / "learner").glob("*.ipynb"))
    assert "01-echo-exercise.ipynb" in copied


def test_binder_postbuild_stops_on_a_failed_build(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    _stand_in(tmp_path / "bin" / "python", tmp_path / "calls.log", exit_code=1)
    env = {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "NB_PYTHON_PREFIX": str(tmp_path / "prefix"),
    }
    done = subprocess.run(
        [str(BINDER / "postBuild")], cwd=tmp_path / "repo", env=env, capture_output=True, timeout=60
    )
    assert done.returncode != 0


def test_binder_start_fills_the_workspace_then_runs_the_server(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    _stand_in(tmp_path / "bin" / "python", log)
    env = {
        "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
        "NB_PYTHON_PREFIX": "/srv/conda/envs/notebook",
    }
    done = subprocess.run(
        [str(BINDER / "start"), sys.executable, "-c", "print('server started')"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "server started"
    course = "/srv/conda/envs/notebook/share/toolkit-course"
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"python -m toolkit.course.workspace --build {course} {tmp_path}/home/course"
    ]


# --- z2jh-values.yaml ---------------------------------------------------------------------------

# The keys used here, as the chart documents them
# (https://z2jh.jupyter.org/en/stable/resources/reference.html). A key outside these is a typo
# or a key of another chart version: the chart's schema would refuse it at `helm upgrade`.
Z2JH_KEYS = {
    "singleuser": {"image", "defaultUrl", "memory", "cpu", "storage", "cmd", "extraEnv"},
    "singleuser.image": {"name", "tag", "pullPolicy", "pullSecrets"},
    "singleuser.memory": {"limit", "guarantee"},
    "singleuser.cpu": {"limit", "guarantee"},
    "singleuser.storage": {"type", "capacity", "homeMountPath", "dynamic", "extraVolumes"},
    "cull": {"enabled", "users", "adminUsers", "removeNamedServers", "timeout", "every", "maxAge"},
    "hub": {
        "config",
        "services",
        "loadRoles",
        "extraContainers",
        "extraVolumes",
        "extraVolumeMounts",
        "service",
        "networkPolicy",
    },
    "hub.service": {"type", "ports", "extraPorts", "annotations"},
    "hub.networkPolicy": {"enabled", "ingress", "egress", "allowedIngressPorts"},
    "proxy": {"chp"},
    "proxy.chp": {"networkPolicy"},
    "proxy.chp.networkPolicy": {"enabled", "ingress", "egress"},
}


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    loaded = yaml.safe_load((HUB_DIR / "z2jh-values.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_z2jh_values_use_documented_keys(values: dict[str, Any]) -> None:
    assert set(values) <= {"singleuser", "cull", "hub", "proxy"}
    for path, allowed in Z2JH_KEYS.items():
        node: Any = values
        for part in path.split("."):
            node = node.get(part, {})
        assert set(node) <= allowed, f"{path}: {set(node) - allowed}"


def test_z2jh_values_settings(values: dict[str, Any]) -> None:
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab/tree/course"
    assert single["storage"]["type"] == "dynamic"
    assert single["memory"]["limit"]
    assert single["cpu"]["limit"]
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == 3600
    hub_values = values["hub"]
    board = hub_values["services"]["board"]
    assert board["oauth_no_confirm"] is True
    assert board["url"] == "http://hub:10101"
    assert "apiToken" not in board  # the chart makes it and keeps it in its Secret
    assert hub_values["loadRoles"]["trainer"]["groups"] == ["trainers"]
    assert "trainers" in hub_values["config"]["JupyterHub"]["load_groups"]
    (sidecar,) = hub_values["extraContainers"]
    assert sidecar["image"] == f"{single['image']['name']}:{single['image']['tag']}"
    assert sidecar["command"][:3] == ["python", "-m", "toolkit.classroom"]
    assert "--hub" in sidecar["command"]
    env = {e["name"]: e for e in sidecar["env"]}
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == "/services/board/"
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub",
        "key": "hub.services.board.apiToken",
    }
    port = int(board["url"].rsplit(":", 1)[1])
    assert [p["port"] for p in hub_values["service"]["extraPorts"]] == [port]
    assert hub_values["networkPolicy"]["ingress"][0]["ports"] == [{"port": port}]
    assert values["proxy"]["chp"]["networkPolicy"]["egress"][0]["ports"] == [{"port": port}]
