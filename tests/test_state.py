""".state.json and --clean: only what the build made, never followed out of the folder."""

from __future__ import annotations

from toolkit.course.outdir import MARKER
from toolkit.course.state import STATE_FILE, clean, read_state, write_state


def test_clean_without_state_deletes_only_the_builds_files(tmp_path):
    out = tmp_path / "_build"
    (out / "learner").mkdir(parents=True)
    (out / MARKER).write_text("", encoding="utf-8")
    (out / "learner" / "index.html").write_text("made", encoding="utf-8")
    (out / "learner" / "notes.txt").write_text("mine", encoding="utf-8")
    kept = clean(out.resolve())
    assert kept == ["learner/notes.txt"]
    assert not (out / "learner" / "index.html").exists()


def test_state_round_trip_and_no_rewrite_when_unchanged(tmp_path):
    entry = {"path": "learner/a.html", "lesson": "a", "audience": "learner", "kind": "html"}
    old = {"docs": {"a": {"key": "k", "outputs": [entry]}}, "course": {"index": "i"}}
    write_state(tmp_path, old)  # written before entries had a language: read as "en"
    state = {"docs": {"a": {"key": "k", "outputs": [{**entry, "language": "en"}]}}}
    state["course"] = {"index": "i"}
    assert read_state(tmp_path.resolve()) == state
    write_state(tmp_path, state)
    before = (tmp_path / STATE_FILE).stat().st_mtime_ns
    write_state(tmp_path, state)
    assert (tmp_path / STATE_FILE).stat().st_mtime_ns == before
