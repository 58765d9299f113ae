"""What handouts print: print tags, writing lines, reprs and HTML outputs (print_rules)."""

from __future__ import annotations

import pytest
from nbformat import v4

from toolkit.course import print_rules as P
from toolkit.course.lint import check_notebook


def _cell(*tags: str):
    return v4.new_markdown_cell("Fill in the plan.", metadata={"tags": list(tags)})


@pytest.mark.parametrize(
    ("tags", "lines"),
    [((), 0), (("write-lines",), P.WRITE_LINES), (("lines-8",), 8), (("lines-3", "lines-9"), 9)],
)
def test_writing_lines_from_tags(tags: tuple[str, ...], lines: int) -> None:
    assert P.writing_lines(_cell(*tags)) == lines


@pytest.mark.parametrize("tag", ["handout-code", "write-lines", "lines-1", "lines-20"])
def test_lint_accepts_print_tags(tag: str) -> None:
    nb = v4.new_notebook(metadata={"course": {"title": "T"}})
    nb.cells = [_cell(tag)]
    assert check_notebook(nb, "t", part="front-matter") == []


@pytest.mark.parametrize("tag", ["lines-0", "lines-21", "lines-99", "lines-x", "write-line"])
def test_lint_refuses_bad_print_tags(tag: str) -> None:
    nb = v4.new_notebook(metadata={"course": {"title": "T"}})
    nb.cells = [_cell(tag)]
    problems = check_notebook(nb, "t", part="front-matter")
    assert [str(p) for p in problems if tag in str(p)]


def test_only_trainers_and_tagged_cells_print_code() -> None:
    plain = v4.new_code_cell("forum.edit(mine, me)")
    tagged = v4.new_code_cell("print('hi')", metadata={"tags": ["handout-code"]})
    assert P.prints_code(plain, "trainer")
    assert not P.prints_code(plain, "learner")
    assert P.prints_code(tagged, "learner")


@pytest.mark.parametrize(
    "text",
    [
        "<IPython.core.display.HTML object>",
        "<toolkit.forum.model.Post object at 0x7f3a2b9c>",
        "<function check at 0x7F3A2B9C>",
        "DiceWords(pairs=(('53', 'cloud'),), problems=())",
        "Reaction(member='new_member', target='post-10', kind='thanks')",
    ],
)
def test_reprs_are_recognised(text: str) -> None:
    assert P.is_code_repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "[Phone] Riverside Forum: Your login code is 417 263.",
        "Report 1 (open) by @new_member about message-3: impersonation",
        "A stranger sees: town, about",
    ],
)
def test_meaningful_text_is_not_a_repr(text: str) -> None:
    assert not P.is_code_repr(text)


def test_html_blocks_keep_tables_and_text_drop_markup_and_script() -> None:
    html = (
        "<div><table><thead><tr><th>Dice</th><th>Word</th></tr></thead>"
        "<tbody><tr><td>5 and 3</td><td>cloud</td></tr></tbody></table>"
        "<p>Your practice passphrase: <strong>cloud</strong></p>"
        "<script>alert(1)</script><style>p{}</style></div>"
    )
    assert P.html_blocks(html) == [
        ("table", [["Dice", "Word"], ["5 and 3", "cloud"]]),
        ("p", "Your practice passphrase: cloud"),
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td>#set page(width: 1cm)</td></tr></table>",
        '<p>#import "x.typ": *</p>',
        '<p>]) #eval("1")</p>',
    ],
)
def test_html_text_is_escaped_never_typst_markup(html: str) -> None:
    markup = " ".join(item["m"] for item in P.html_items(html))
    assert "#set" not in markup.replace("\\#set", "")
    assert "#import" not in markup.replace("\\#import", "")
    assert "#eval" not in markup.replace("\\#eval", "")
