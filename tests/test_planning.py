"""The build's plan without running a kernel: tasks per notebook, the trainer guide."""

from __future__ import annotations

import nbformat

from toolkit.course.config import Document
from toolkit.course.outputs import DocumentTask, Settings
from toolkit.course.planning import tasks_for


def test_a_notebook_without_answer_code_is_executed_once(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    note = nbformat.v4.new_markdown_cell("Trainer: a markdown note only.")
    note.metadata["tags"] = ["trainer"]
    nb.cells.append(note)
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    doc = Document(id="a", lesson="a", part="lesson", title="A", path=path)
    settings = Settings(tmp_path, "C", "en", "CC", pdf=False, paper="a4", timeout=60)
    base = DocumentTask(doc, "k", "e", settings, {})
    [task] = tasks_for(base, path.read_bytes())
    assert (task.variant, task.audiences) == (None, ("learner", "trainer"))
    nb.cells[0].metadata["tags"] = ["solution"]
    nbformat.write(nb, path)
    tasks = tasks_for(base, path.read_bytes())
    assert [(t.variant, t.audiences) for t in tasks] == [
        (None, ("trainer",)),
        ("learner", ("learner",)),
    ]


def test_front_matter_and_unreadable_notebooks(tmp_path):
    path = tmp_path / "f.ipynb"
    path.write_text("{not json", encoding="utf-8")
    settings = Settings(tmp_path, "C", "en", "CC", pdf=False, paper="a4")
    front = Document(id="f", lesson="f", part="front-matter", title="F", path=path)
    [task] = tasks_for(DocumentTask(front, "k", "e", settings, {}), path.read_bytes())
    assert task.audiences == ("trainer",)
    lesson = Document(id="l", lesson="l", part="lesson", title="L", path=path)
    # Unreadable: lint reports it; never assume there is nothing to hide.
    tasks = tasks_for(DocumentTask(lesson, "k", "e", settings, {}), path.read_bytes())
    assert [t.variant for t in tasks] == [None, "learner"]


def _plan(tmp_path, *, pdf=True):
    from toolkit.course.planning import Plan

    settings = Settings(tmp_path, "C", "en", "CC", pdf=pdf, paper="a4")
    lesson = Document(id="01", lesson="01", part="lesson", title="L", path=tmp_path / "l.ipynb")
    front = Document(id="f", lesson="f", part="front-matter", title="F", path=tmp_path / "f")
    state = {"docs": {}, "course": {}}
    return Plan(None, [front, lesson], settings, "fp", state), front, lesson  # type: ignore[arg-type]


def test_the_guide_is_made_once_and_a_stale_one_never_stays(tmp_path):
    from toolkit.course.worker import GuideResult

    plan, front, lesson = _plan(tmp_path)
    guide = tmp_path / "trainer" / "trainer-guide.pdf"
    guide.parent.mkdir()
    guide.write_bytes(b"%PDF old")
    task = plan.guide_task([(front, "kf"), (lesson, "kl")])
    assert task is not None
    assert (task.front, task.lessons) == (("f",), ("01",))
    assert not guide.exists()  # it no longer matched: removed before rendering again
    guide.write_bytes(b"%PDF new")
    errors: list = []
    plan.settle_guide(GuideResult(task.key), errors)
    assert errors == []
    assert plan.course_state["guide"] == task.key
    assert plan.guide_task([(front, "kf"), (lesson, "kl")]) is None  # up to date
    assert guide.exists()
    # A lesson changed and its guide failed to render: reported, nothing stale left.
    task = plan.guide_task([(front, "kf"), (lesson, "kl2")])
    assert task is not None
    plan.settle_guide(GuideResult(task.key, "trainer guide: rendering failed"), errors)
    assert [str(e) for e in errors] == ["trainer guide: rendering failed"]
    assert "guide" not in plan.course_state


def test_no_guide_without_a_lesson_or_without_pdfs(tmp_path):
    plan, front, lesson = _plan(tmp_path)
    guide = tmp_path / "trainer" / "trainer-guide.pdf"
    guide.parent.mkdir()
    guide.write_bytes(b"%PDF")
    assert plan.guide_task([(front, "kf")]) is None
    assert not guide.exists()  # front matter alone: the old guide goes
    plan, front, lesson = _plan(tmp_path, pdf=False)
    guide.write_bytes(b"%PDF")
    assert plan.guide_task([(front, "kf"), (lesson, "kl")]) is None
    assert guide.exists()  # --no-pdf leaves PDFs as they are


def test_the_pipeline_still_exports_the_plan() -> None:
    """build.py and older callers import these from toolkit.course.pipeline."""
    from toolkit.course import pipeline, planning

    assert pipeline.plan is planning.plan
    assert pipeline.tasks_for is planning.tasks_for
    assert pipeline.Plan is planning.Plan


def test_the_card_pack_is_made_and_removed_with_the_guide(tmp_path):
    from toolkit.course.outputs import CARD_PACK
    from toolkit.course.worker import GuideResult

    plan, front, lesson = _plan(tmp_path)
    cell = nbformat.v4.new_markdown_cell("**Cards: Sort it**\n\n- CARDONE\n- CARDTWO")
    cell.metadata["tags"] = ["trainer"]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), lesson.path)
    guide, pack = tmp_path / "trainer" / "trainer-guide.pdf", tmp_path / CARD_PACK
    present = [(front, "kf"), (lesson, "kl")]
    task = plan.guide_task(present)
    assert task is not None
    guide.parent.mkdir(parents=True)
    guide.write_bytes(b"%PDF guide")
    errors: list = []
    plan.settle_guide(GuideResult(task.key), errors)
    assert errors == []
    assert pack.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(pack).pages)
    assert text.index("CARDONE") < text.index("CARDTWO")
    assert plan.guide_task(present) is None  # both up to date
    pack.unlink()
    assert plan.guide_task(present) is not None  # the pack went missing: both are due
    assert not guide.exists()
    # A guide that failed takes the card pack with it.
    pack.write_bytes(b"%PDF old")
    task = plan.guide_task([(front, "kf"), (lesson, "kl2")])
    assert task is not None
    assert not pack.exists()  # stale: removed before rendering again
    pack.write_bytes(b"%PDF half")
    plan.settle_guide(GuideResult(task.key, "trainer guide: rendering failed"), errors)
    assert not pack.exists()
    assert "guide" not in plan.course_state
