"""The card pack: Cards blocks read from trainer notes, printed as cut-out cards.

Unit tests read notebooks made here; the build tests use the fixture course (its lesson
02-forum holds two Cards blocks, its front matter a table of tick boxes).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import nbformat
import pypdf
import pytest
from bs4 import BeautifulSoup
from nbformat import v4
from test_handout_takehome import font_sizes, pdf_text, squash

from toolkit.course.build import build_course
from toolkit.course.cards import collect, collect_course
from toolkit.course.config import load_course
from toolkit.course.handout import render_card_pack, render_trainer_guide
from toolkit.course.manifest import read_manifest
from toolkit.course.outputs import CARD_PACK

TWO_BLOCKS = (
    "Before the activity, print the cards.\n\n"
    "**Cards: Safe or risky?**\n\n"
    "- **Street name** A post that names her street.\n"
    "- A post about the *weather*.\n\n"
    "Shuffle them first.\n\n"
    "**Cards: Who sees it?**\n"
    "- A public post\n"
    "- A private message\n"
    "- A group chat\n"
)


def _lesson(*cells, lesson_id: str = "03-passwords") -> nbformat.NotebookNode:
    meta = {"course": {"id": lesson_id, "title": "Passwords"}}
    return v4.new_notebook(cells=list(cells), metadata=meta)


def _trainer(source: str):
    return v4.new_markdown_cell(source, metadata={"tags": ["trainer"]})


def test_collect_reads_each_block_in_order() -> None:
    blocks = collect(_lesson(_trainer(TWO_BLOCKS)))
    assert [b.activity for b in blocks] == ["Safe or risky?", "Who sees it?"]
    assert {b.lesson for b in blocks} == {"Lesson 3"}
    assert blocks[0].texts == (
        "Street name A post that names her street.",
        "A post about the weather.",
    )
    assert blocks[1].texts == ("A public post", "A private message", "A group chat")
    assert "#strong[Street name]" in blocks[0].cards[0]  # the bold first phrase stays bold
    assert "#emph[weather]" in blocks[0].cards[1]


def test_only_trainer_notes_and_real_blocks_count() -> None:
    learner = v4.new_markdown_cell("**Cards: Seen by learners**\n\n- not a card")
    not_bold = _trainer("Cards: Plain line\n\n- not a card")
    no_list = _trainer("**Cards: No list**\n\nJust a paragraph.\n\n- a later list")
    in_code = _trainer("```\n**Cards: In code**\n\n- not a card\n```")
    solution = v4.new_markdown_cell(TWO_BLOCKS, metadata={"tags": ["solution"]})
    nb = _lesson(learner, not_bold, no_list, in_code, solution)
    assert collect(nb) == []


def test_a_notebook_without_a_number_is_named_by_its_title() -> None:
    nb = _lesson(_trainer(TWO_BLOCKS), lesson_id="")
    assert {b.lesson for b in collect(nb)} == {"Passwords"}


def test_collect_course_skips_unreadable_notebooks(tmp_path: Path) -> None:
    good = tmp_path / "good.ipynb"
    nbformat.write(_lesson(_trainer(TWO_BLOCKS)), good)
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    blocks = collect_course([broken, good, tmp_path / "missing.ipynb"])
    assert [b.activity for b in blocks] == ["Safe or risky?", "Who sees it?"]


@pytest.mark.parametrize(("paper", "width"), [("a4", 595), ("letter", 612)])
def test_card_pack_prints_every_card_big_and_labelled(paper: str, width: int) -> None:
    blocks = collect(_lesson(_trainer(TWO_BLOCKS)))
    pdf = render_card_pack(blocks, paper=paper, course_title="Fixture Course")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == width
    text = pdf_text(pdf)
    flat = squash(text)
    cards = [t for b in blocks for t in b.texts]
    # After the contents page, every card once, in order.
    positions = [flat.index(squash(card)) for card in cards]
    assert positions == sorted(positions)
    sizes = font_sizes(pdf)
    for card in ("A private message", "A group chat", "A public post"):
        assert [s for s, t in sizes if card in t] == [pytest.approx(15.0, abs=0.1)]
    # Every card names its lesson and activity, small but readable.
    labels = [s for s, t in sizes if "Who sees it?" in t]
    assert len(labels) >= 3
    assert min(labels) >= 9
    assert text.count("Lesson 3 · Who sees it?") >= 3
    assert min(s for s, _ in sizes) >= 9


def test_card_pack_without_cards_says_so() -> None:
    pdf = render_card_pack([], course_title="Fixture Course")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "No card activities yet" in pdf_text(pdf)


def test_trainer_guide_ends_with_the_cards() -> None:
    nb = _lesson(v4.new_markdown_cell("# Passwords\n\nText."), _trainer(TWO_BLOCKS))
    text = pdf_text(render_trainer_guide([nb]))
    assert "Card pack" in text
    assert text.rindex("A group chat") > text.index("Answer key")


# --- the build (fixture course) -----------------------------------------------------------


def _pdf_text(path: Path) -> str:
    return pdf_text(path.read_bytes())


@pytest.mark.slow
def test_build_writes_the_card_pack_lists_and_links_it(built_course) -> None:
    if not built_course.pdf:
        pytest.skip("no PDF renderer")
    out = built_course.out
    pack = out / CARD_PACK
    text = squash(_pdf_text(pack))  # a card's text wraps inside the card
    expected = [
        "Thank you, Amina, that helps.",
        "Nobody asked you.",
        "I can bring a bucket on Saturday.",
        "A public post",
        "A private message",
    ]
    positions = [text.index(squash(card)) for card in expected]
    assert positions == sorted(positions)
    assert squash("Kind or unkind?") in text
    assert squash("Who can see it?") in text
    assert squash("Kiwi reply") in text
    entries = {e.path: e for e in read_manifest(out)}
    assert entries[CARD_PACK].audience == "trainer"
    assert entries[CARD_PACK].kind == "pdf"
    links = _links(out / "trainer" / "index.html")
    assert "card-pack.pdf" in links
    assert "card-pack.pdf" not in _links(out / "learner" / "index.html")
    guide = squash(_pdf_text(out / "trainer" / "trainer-guide.pdf"))
    assert squash("I can bring a bucket on Saturday.") in guide


def _links(page: Path) -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a["href"] for a in soup.find_all("a", href=True)}


@pytest.mark.slow
def test_every_front_matter_page_has_its_own_pdf(built_course) -> None:
    if not built_course.pdf:
        pytest.skip("no PDF renderer")
    out = built_course.out
    course = built_course.course()
    front = [d for d in course.documents() if d.part == "front-matter"]
    assert front
    entries = {e.path: e for e in read_manifest(out)}
    links = _links(out / "trainer" / "index.html")
    for doc in front:
        rel = f"trainer/front/{doc.id}.pdf"
        assert (out / rel).is_file(), rel
        assert entries[rel].lesson == doc.lesson
        assert entries[rel].audience == "trainer"
        assert f"front/{doc.id}.pdf" in links
    text = _pdf_text(out / f"trainer/front/{front[0].id}.pdf")
    assert "make a passphrase" in text  # the table
    assert "I log out on a shared computer" in text  # the tick list
    assert "[ ]" not in text  # drawn as boxes


def _mtimes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.relative_to(out).parts
    }


@pytest.mark.slow
def test_noop_rebuild_rewrites_nothing_and_a_new_card_rebuilds_the_pack(
    built_course, tmp_path: Path
) -> None:
    if not built_course.pdf:
        pytest.skip("no PDF renderer")
    course_dir = tmp_path / "course"
    shutil.copytree(built_course.course_dir, course_dir)
    out = tmp_path / "_build"
    shutil.copytree(built_course.out, out)
    # The copy's paths differ from the original's: one rebuild settles them.
    build_course(load_course(course_dir / "course.toml"), out, progress=False)
    before = _mtimes(out)
    report = build_course(load_course(course_dir / "course.toml"), out, progress=False)
    assert report.ok
    assert _mtimes(out) == before

    path = course_dir / "lessons" / "02-forum.ipynb"
    nb = nbformat.read(path, as_version=4)
    (cell,) = [c for c in nb.cells if "**Cards: Who can see it?**" in c.source]
    cell.source = cell.source.replace("- A private message", "- A private message\n- A group chat")
    nbformat.write(nb, path)
    report = build_course(load_course(course_dir / "course.toml"), out, progress=False)
    assert report.ok
    after = _mtimes(out)
    assert after[CARD_PACK] != before[CARD_PACK]
    assert "A group chat" in _pdf_text(out / CARD_PACK)
    assert after["learner/01-basics.html"] == before["learner/01-basics.html"]
