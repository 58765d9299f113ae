"""The pipeline running the plan: Ctrl-C stops the queue, what finished is whole."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_ctrl_c_lets_running_tasks_finish_and_starts_no_queued_one(tmp_path):
    """Every task is queued at once; on Ctrl-C the queued ones are cancelled, not run."""
    from conftest import copy_fixture_course

    from toolkit.course.build import build_course
    from toolkit.course.config import load_course

    course = load_course(copy_fixture_course(tmp_path / "course") / "course.toml")
    seen: list[str] = []

    def stop(result) -> None:
        seen.append(result.doc_id)
        raise KeyboardInterrupt

    out = tmp_path / "_build"
    with pytest.raises(KeyboardInterrupt):
        build_course(course, out, jobs=1, pdf=False, progress=False, on_result=stop)
    assert seen == ["00-personas"]  # front matter: one task, done first
    # The last task in the queue (02-forum's learner variant) never started.
    assert not (out / "learner" / "02-forum.html").exists()
    assert (out / "trainer" / "00-personas.html").is_file()  # what finished is whole
