"""Shared fixtures: the fixture course (tests/fixtures) built once per session."""

from __future__ import annotations

import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# Checks save progress in the user's data folder; tests (and the kernels they start) must not.
os.environ["TOOLKIT_PROGRESS"] = "off"


@pytest.fixture(autouse=True)
def _no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with progress saving off (tests of progress turn it on themselves)."""
    monkeypatch.setenv("TOOLKIT_PROGRESS", "off")


def handout_available() -> bool:
    """True when the PDF renderer (toolkit.course.handout) imports."""
    if importlib.util.find_spec("toolkit.course.handout") is None:
        return False
    try:
        import toolkit.course.handout  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class BuiltCourse:
    course_dir: Path  # a copy of tests/fixtures (course.toml + lessons/)
    out: Path
    report: object  # toolkit.course.build.BuildReport
    pdf: bool

    def course(self):
        from toolkit.course.config import load_course

        return load_course(self.course_dir / "course.toml")


def copy_fixture_course(target: Path) -> Path:
    """A private, editable copy of the fixture course."""
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


@pytest.fixture(scope="session")
def built_course(tmp_path_factory: pytest.TempPathFactory) -> BuiltCourse:
    """The fixture course built once (learner + trainer, HTML, notebooks, PDFs if available)."""
    from toolkit.course.build import build_course
    from toolkit.course.config import load_course

    root = tmp_path_factory.mktemp("fixture-course")
    course_dir = copy_fixture_course(root / "course")
    out = root / "_build"
    pdf = handout_available()
    report = build_course(
        load_course(course_dir / "course.toml"), out, jobs=2, progress=False, pdf=pdf
    )
    assert report.ok, [str(r.error) for r in report.failed] + [str(e) for e in report.course_errors]
    return BuiltCourse(course_dir, out, report, pdf)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real course (course.toml) built once per session: shared by every module that needs it
    (a fixture imported into a module would be built again there)."""
    from toolkit.course.build import build_editions
    from toolkit.course.config import load_course

    course = load_course(Path(__file__).resolve().parent.parent / "course.toml")
    out = tmp_path_factory.mktemp("real-course") / "_build"
    # Every language course.toml lists: English at the top, the others in <lang>/.
    for lang, report in build_editions(course, out, progress=False):
        assert report.ok, lang + ": " + "\n".join(str(r.error) for r in report.failed)
    return out


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium for a test module; skipped without it (failed in CI, where
    TOOLKIT_REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("TOOLKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TOOLKIT_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()
