"""Take-home sheets: one or two pages, nothing below 10 pt, what the lesson promises on them.

Every real lesson's sheet is rendered from its source (a take-home sheet prints only the
header and Markdown cells, so nothing needs executing) and read back with pypdf: page count,
the size of every piece of text (the text visitor), and the text of its ``takehome`` cells.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import nbformat
import pypdf
import pytest
from nbformat import v4

from toolkit.course.config import load_course
from toolkit.course.errors import HandoutError
from toolkit.course.handout import TAKEHOME_PAGES, page_count, render_takehome
from toolkit.course.handout_data import TAKEHOME, takehome_cells
from toolkit.course.typst_markdown import ZWSP, markdown_to_typst, parse_markdown, plain_text

ROOT = Path(__file__).resolve().parent.parent
LESSONS = [d for d in load_course(ROOT / "course.toml").documents() if d.part == "lesson"]
MIN_SIZE = 10.0  # pt: the smallest text allowed anywhere on a take-home sheet
BODY_SIZE = 11.0


def font_sizes(pdf: bytes) -> list[tuple[float, str]]:
    """(size in pt, text) of every piece of text, as printed (text and page matrices applied)."""
    found: list[tuple[float, str]] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, cm, tm, font, size) -> None:
            if text.strip():
                m = pypdf.mult(tm, cm)
                found.append((size * (m[2] ** 2 + m[3] ** 2) ** 0.5, text))

        page.extract_text(visitor_text=visit)
    return found


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages).replace(ZWSP, "")


def squash(text: str) -> str:
    """Text without spaces or hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010" + ZWSP + "]+", "", text).casefold()


def leaf_texts(markdown: str) -> list[str]:
    """The plain text of every paragraph of a Markdown cell (headings and code left out:
    part headings lose their minutes on paper, and code stays on the computer)."""
    texts = []

    def walk(node) -> None:
        if node.type == "paragraph":
            text = re.sub(r"^\s*\[[ xX]\]\s*", "", plain_text(node))  # the box is drawn
            texts.append(text)
        elif node.type not in ("heading", "fence", "code_block"):
            for child in node.children:
                walk(child)

    walk(parse_markdown(markdown))
    return [t for t in texts if t.strip()]


def _nb(cells, **meta) -> nbformat.NotebookNode:
    header = {
        "id": "07-sample",
        "title": "Sample lesson",
        "questions": ["How do I stay safe?"],
        "objectives": ["Spot a fake message."],
        "keypoints": ["Read the address before you tap."],
        "minutes": {"teaching": 45, "exercises": 15},
    }
    header.update(meta)
    return v4.new_notebook(cells=cells, metadata={"course": header})


def _takehome(source: str, *tags: str):
    return v4.new_markdown_cell(source, metadata={"tags": [TAKEHOME, *tags]})


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("doc", LESSONS, ids=lambda d: d.id)
def test_every_real_lesson_fits_two_pages_at_10_pt_or_more(doc, paper: str) -> None:
    nb = nbformat.read(doc.path, as_version=4)
    pdf = render_takehome(nb, paper=paper)
    assert 1 <= len(pypdf.PdfReader(io.BytesIO(pdf)).pages) <= TAKEHOME_PAGES
    sizes = font_sizes(pdf)
    small = [(round(size, 2), text) for size, text in sizes if size < MIN_SIZE - 0.01]
    assert not small, small[:5]
    # The body is 11 pt: most of the sheet's text is at that size.
    body = [size for size, _ in sizes if abs(size - BODY_SIZE) < 0.05]
    assert len(body) > len(sizes) / 2
    text = squash(pdf_text(pdf))
    meta = nb.metadata["course"]
    for line in [*meta.get("objectives", []), *meta.get("keypoints", [])]:
        assert squash(plain_text(parse_markdown(line))) in text, line
    for line in meta.get("questions", []):
        assert squash(line) in text, line
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and TAKEHOME in tags and "trainer" not in tags:
            for leaf in leaf_texts(cell.source):
                assert squash(leaf) in text, (doc.id, leaf)


def test_page_count_reads_the_pdf_as_pypdf_does() -> None:
    many = _nb([_takehome("\n\n".join(f"Paragraph {i} " + "word " * 60 for i in range(12)))])
    for nb in (_nb([]), many):
        pdf = render_takehome(nb)
        assert page_count(pdf) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert page_count(render_takehome(many)) == 2


def test_takehome_cells_print_with_tick_boxes_and_no_part_heading() -> None:
    plan = _takehome(
        "## Synthesis: Your plan (10 min)\n\n- [ ] Turn on 2-step login\n- Log out at the library\n"
    )
    phone = _takehome("### On your phone\n\nOpen **Settings**, then look for **Security**.")
    hidden = v4.new_markdown_cell("TRAINERNOTE keep it short", metadata={"tags": ["trainer"]})
    other = v4.new_markdown_cell("NOTONTHESHEET a cell without the tag")
    text = pdf_text(render_takehome(_nb([plan, phone, hidden, other])))
    assert "Your plan" in text
    assert "Synthesis" not in text
    assert "10 min" not in text
    assert "Turn on 2-step login" in text
    assert "[ ]" not in text
    assert "On your phone" in text
    assert "Security" in text
    assert "TRAINERNOTE" not in text
    assert "NOTONTHESHEET" not in text
    assert text.index("Read the address") < text.index("Your plan") < text.index("On your phone")


def test_lists_become_boxes_to_tick() -> None:
    box = "box(width: 0.9em"
    assert markdown_to_typst("- [ ] one\n- [x] two").count(box) == 2
    assert box not in markdown_to_typst("- one\n- two")
    assert markdown_to_typst("- one\n- two", tick_lists=True).count(box) == 2
    table = markdown_to_typst("| I can | Yes |\n|---|---|\n| log out | [ ] |")
    assert table.count(box) == 1
    assert "\\[" not in table
    # Only "[ ]" and "[x]" are boxes: other brackets stay text.
    assert box not in markdown_to_typst("Say [yes] or [no].")


def test_a_tagged_exercise_prints_once() -> None:
    task = _takehome("## Your plan\n\n- [ ] PLANLINE call a friend", "exercise")
    text = pdf_text(render_takehome(_nb([task])))
    assert text.count("PLANLINE") == 1


def test_exercises_and_new_words_print_while_they_fit() -> None:
    glossary = {f"word{i}": "A meaning that takes a whole line of text. " * 3 for i in range(80)}
    prompts = [
        v4.new_markdown_cell(
            f"EXERCISE{i}: " + "write a few lines " * 12, metadata={"tags": ["exercise"]}
        )
        for i in range(3)
    ]
    short = pdf_text(render_takehome(_nb(prompts, glossary={"alias": "A chosen name."})))
    assert "EXERCISE2" in short
    assert "alias" in short
    long_words = render_takehome(_nb(prompts, glossary=glossary))
    assert len(pypdf.PdfReader(io.BytesIO(long_words)).pages) <= TAKEHOME_PAGES
    text = pdf_text(long_words)
    assert "EXERCISE2" in text  # the new words went first
    assert "word79" not in text
    many = [
        v4.new_markdown_cell(
            f"EXERCISE{i}: " + "write many lines " * 40, metadata={"tags": ["exercise"]}
        )
        for i in range(12)
    ]
    crowded = render_takehome(_nb(many, keypoints=["KEYPOINT " * 30] * 8))
    assert len(pypdf.PdfReader(io.BytesIO(crowded)).pages) <= TAKEHOME_PAGES
    assert "EXERCISE0" not in pdf_text(crowded)
    assert "KEYPOINT" in pdf_text(crowded)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_sheet_that_cannot_fit_is_refused_never_shrunk(paper: str) -> None:
    plan = _takehome("\n".join(f"- [ ] Step {i}: " + "do one more thing " * 8 for i in range(70)))
    with pytest.raises(HandoutError) as caught:
        render_takehome(_nb([plan]), paper=paper)
    message = str(caught.value)
    assert "07-sample" in message  # which lesson
    assert "take-home sheet" in message
    assert "'takehome'" in message  # what to shorten first: the longest part
    assert message.index("'takehome'") < message.index("key points")


def test_links_and_code_on_the_sheet_stay_at_10_pt_or_more() -> None:
    cell = _takehome(
        "### On your phone\n\nRead [the guide](https://example.org/guide) and type `Settings`.\n\n"
        "```python\nprint('hi')\n```"
    )
    pdf = render_takehome(_nb([cell], digcomp=["4.1 Protecting devices"]))
    assert min(size for size, _ in font_sizes(pdf)) >= MIN_SIZE - 0.01
    text = pdf_text(pdf)
    assert "example.org/guide" in text
    assert "print(" not in text  # code stays on the computer


@pytest.mark.parametrize("doc", LESSONS, ids=lambda d: d.id)
def test_every_real_lesson_sends_home_its_phone_part_and_its_plan(doc) -> None:
    nb = nbformat.read(doc.path, as_version=4)
    tagged = [
        c.source
        for c in nb.cells
        if c.cell_type == "markdown" and TAKEHOME in c.get("metadata", {}).get("tags", [])
    ]
    assert any(s.lstrip().startswith("### On your phone") for s in tagged), doc.id
    assert len(tagged) >= 2, doc.id  # and the home plan


def test_a_takehome_cell_keeps_its_lines_to_write_on() -> None:
    plan = _takehome("**Your plan.** Write one step.", "lines-3")
    phone = _takehome("### On your phone\n\nOpen **Settings**.")
    cells = takehome_cells(_nb([plan, phone]))
    assert [c["lines"] for c in cells] == [3, 0]
    assert "Your plan" in pdf_text(render_takehome(_nb([plan, phone])))
