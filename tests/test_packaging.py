"""The installed toolkit holds every file of the source tree (pip install, Binder, TLJH).

A file left out of ``[tool.setuptools.package-data]`` works from the checkout and goes missing
once installed: ``board.js`` did, so a hub's board ran without its script.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def tracked_toolkit_files() -> set[str]:
    run = subprocess.run(
        ["git", "ls-files", "toolkit"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        pytest.skip("not a git checkout")
    return {line for line in run.stdout.splitlines() if line}


def test_the_wheel_holds_every_tracked_toolkit_file(tmp_path: Path) -> None:
    setuptools = pytest.importorskip("setuptools")
    # pyproject's [build-system] asks for 77 (the licence as an SPDX string); installed with the
    # test extra, so the wheel is built here without reaching the package index.
    assert int(setuptools.__version__.split(".")[0]) >= 77, "pip install -e .[test]"
    wanted = tracked_toolkit_files()
    assert "toolkit/classroom/static/board.js" in wanted
    # Built from a copy of the tracked files only, as a clean clone would build it.
    source = tmp_path / "src"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in (f.decode() for f in files if f):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    out = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-c", "from setuptools import build_meta as b; import sys; "
         "print(b.build_wheel(sys.argv[1]))", str(out)],
        cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    assert sorted(wanted - inside) == []
