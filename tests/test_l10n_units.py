"""Translatable units: Markdown blocks, metadata, `# i18n` strings and quiz-bank strings."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course.l10n.units import code_strings, markdown_blocks, units

MARKDOWN = """# Lesson **one**

A first paragraph with a [link](https://example.org)
on two lines.

- Item one
  - Nested *item*
- Item two

1. First step

| Card | Issue |
|---|---|
| 1 | No shade |

> A quoted line
> that goes on.
>
> A second quote paragraph.

```python
print("not a unit")
```

<p>Raw <b>HTML</b> text</p>

<!-- a comment -->
"""


def test_markdown_units_in_order_without_markers() -> None:
    texts = [block.text for block in markdown_blocks(MARKDOWN)]
    assert texts == [
        "Lesson **one**",
        "A first paragraph with a [link](https://example.org)\non two lines.",
        "Item one",
        "Nested *item*",
        "Item two",
        "First step",
        "| Card | Issue |",
        "| 1 | No shade |",
        "A quoted line\nthat goes on.",
        "A second quote paragraph.",
        "<p>Raw <b>HTML</b> text</p>",
    ]


def test_blocks_know_their_prefixes() -> None:
    blocks = {block.text: block for block in markdown_blocks(MARKDOWN)}
    assert blocks["Lesson **one**"].prefixes == ("# ",)
    assert blocks["Nested *item*"].prefixes == ("  - ",)
    assert blocks["Nested *item*"].in_list
    assert blocks["A quoted line\nthat goes on."].prefixes == ("> ", "> ")
    assert blocks["| 1 | No shade |"].cells == ("1", "No shade")
    assert blocks["First step"].prefixes == ("1. ",)


def test_setext_heading_and_closing_hashes() -> None:
    blocks = markdown_blocks("Title\n=====\n\n## Part ##\n")
    assert [(b.text, b.start, b.end) for b in blocks] == [("Title", 0, 1), ("Part", 3, 4)]
    assert blocks[1].suffixes == (" ##",)


def test_only_strings_on_i18n_lines() -> None:
    source = (
        'post = "Shade at the bus stop"  # i18n\n'
        'handle = "hana"\n'
        'title = f"Hello {handle}"  # i18n\n'
        'print("shown", "too")  # i18n\n'
        '# "a comment" # i18n\n'
    )
    assert [item.value for item in code_strings(source)] == [
        "Shade at the bus stop",
        "shown",
        "too",
    ]
    first = code_strings(source)[0]
    assert source[first.begin : first.end] == '"Shade at the bus stop"'


def test_code_that_is_not_python_has_no_units() -> None:
    assert code_strings('x = """never closed  # i18n\n') == []


def _notebook() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_markdown_cell("## Hello\n\nSay hi."),
            new_code_cell('sample = "A post"  # i18n\nother = "no"'),
            new_markdown_cell("Trainer only.", metadata={"tags": ["trainer"]}),
        ]
    )
    nb.metadata["course"] = {
        "id": "01-x",
        "title": "Hello",
        "minutes": 30,
        "digcomp": ["2.2 Sharing"],
        "questions": ["Why?"],
        "outcomes": [1, 2],
        "glossary": {"alias": "A name you choose."},
        "safety": True,
    }
    return nb


def test_units_cover_metadata_cells_and_quiz(tmp_path: Path) -> None:
    bank = tmp_path / "01-x.toml"
    bank.write_text(
        '[[quiz]]\nid = "q1"\nquestion = "Which?"\n'
        '[quiz.options.A]\ntext = "This"\nwhy = "Because."\ncorrect = true\n'
        '[quiz.options.B]\ntext = "That"\nwhy = "No."\n',
        encoding="utf-8",
    )
    found = units(_notebook(), bank)
    assert [(u.where, u.text) for u in found] == [
        ("metadata.title", "Hello"),
        ("metadata.questions", "Why?"),
        ("metadata.glossary", "alias"),
        ("metadata.glossary.alias", "A name you choose."),
        ("cell-0", "Hello"),
        ("cell-0", "Say hi."),
        ("cell-1", "A post"),
        ("cell-2", "Trainer only."),
        ("quiz.q1.question", "Which?"),
        ("quiz.q1.options.A.text", "This"),
        ("quiz.q1.options.A.why", "Because."),
        ("quiz.q1.options.B.text", "That"),
        ("quiz.q1.options.B.why", "No."),
    ]
    assert len({u.key for u in found}) == len(found)
    assert found[5].line == 3


def test_every_real_notebook_splits() -> None:
    root = Path(__file__).resolve().parents[1]
    paths = sorted((root / "lessons").rglob("*.ipynb")) + sorted(
        (root / "exercises").glob("*.ipynb")
    )
    assert paths
    for path in paths:
        assert units(nbformat.read(path, as_version=4)), path
