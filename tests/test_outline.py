"""The outline and glossary pages: read from each notebook's header, never a traceback."""

from __future__ import annotations

import nbformat

from toolkit.course.config import load_course
from toolkit.course.outline import write_outline


def test_notebook_metadata_of_the_wrong_shape_does_not_break_the_outline(tmp_path):
    """A glossary that is a list or objectives that are a number: left out, no traceback."""
    meta = {"title": "<b>A</b>", "glossary": ["a", "b"], "objectives": 5, "minutes": 10}
    nb = nbformat.v4.new_notebook(metadata={"course": meta})
    nbformat.write(nb, tmp_path / "a.ipynb")
    (tmp_path / "course.toml").write_text(
        '[course]\ntitle = "T"\n[[lessons]]\nid = "01-a"\ntitle = "A"\nlesson = "a.ipynb"\n',
        encoding="utf-8",
    )
    course = load_course(tmp_path / "course.toml")
    write_outline(course, list(course.documents()), tmp_path / "out", pdf=False)
    index = (tmp_path / "out" / "learner" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;A&lt;/b&gt;" in index
    assert "By the end you can" not in index
    glossary = (tmp_path / "out" / "learner" / "glossary.html").read_text(encoding="utf-8")
    assert '<dl class="glossary"></dl>' in glossary


def test_the_outline_lists_learner_pdfs_only_when_built(tmp_path):
    meta = {"title": "Alpha", "minutes": 10, "glossary": {"alias": "a made-up name"}}
    nbformat.write(nbformat.v4.new_notebook(metadata={"course": meta}), tmp_path / "a.ipynb")
    (tmp_path / "course.toml").write_text(
        '[course]\ntitle = "T"\n[[lessons]]\nid = "01-a"\ntitle = "A"\nlesson = "a.ipynb"\n',
        encoding="utf-8",
    )
    course = load_course(tmp_path / "course.toml")
    for pdf in (False, True):
        out = tmp_path / f"out-{pdf}"
        write_outline(course, list(course.documents()), out, pdf=pdf)
        learner = (out / "learner" / "index.html").read_text(encoding="utf-8")
        assert ("01-a-handout.pdf" in learner) is pdf
        assert ("01-a-takehome.pdf" in learner) is pdf
        assert "Alpha" in learner
        glossary = (out / "trainer" / "glossary.html").read_text(encoding="utf-8")
        assert "a made-up name" in glossary


def test_the_trainer_outline_links_the_kit_pdfs_and_the_card_pack(tmp_path):
    for name in ("a", "f"):
        nbformat.write(nbformat.v4.new_notebook(), tmp_path / f"{name}.ipynb")
    (tmp_path / "course.toml").write_text(
        '[course]\ntitle = "T"\n'
        '[[front_matter]]\nid = "front-kit"\ntitle = "Kit"\npath = "f.ipynb"\n'
        '[[lessons]]\nid = "01-a"\ntitle = "A"\nlesson = "a.ipynb"\n',
        encoding="utf-8",
    )
    course = load_course(tmp_path / "course.toml")
    out = tmp_path / "out"
    write_outline(course, list(course.documents()), out, pdf=True)
    trainer = (out / "trainer" / "index.html").read_text(encoding="utf-8")
    learner = (out / "learner" / "index.html").read_text(encoding="utf-8")
    assert 'href="front/front-kit.pdf"' in trainer
    assert "front-kit" not in learner  # front matter is the trainer's
    assert "card-pack.pdf" not in trainer  # not written yet: no link that leads nowhere
    (out / "trainer" / "card-pack.pdf").write_bytes(b"%PDF")
    write_outline(course, list(course.documents()), out, pdf=True)
    assert 'href="card-pack.pdf"' in (out / "trainer" / "index.html").read_text(encoding="utf-8")
    write_outline(course, list(course.documents()), out, pdf=False)
    trainer = (out / "trainer" / "index.html").read_text(encoding="utf-8")
    assert "front/front-kit.pdf" not in trainer
    assert "card-pack.pdf" not in trainer
