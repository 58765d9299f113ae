"""Applying a catalogue: translated blocks, English marked lang="en", a lossless round trip."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from toolkit.course.l10n import translate, translate_quiz_bank, units
from toolkit.course.l10n.stats import catalog_coverage
from toolkit.course.l10n.units import parser, quiz_units, read_bank
from toolkit.course.sanitize import sanitize_html

ROOT = Path(__file__).resolve().parents[1]
SOURCE = """## Plan your post

Write **one** line.

- Name the *issue*
  - Who it affects
- Say what you want

| Card | Issue |
|---|---|
| 1 | No shade |

> Keep it short.
> Then read it aloud.
Closing line."""


def _nb() -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[
            new_markdown_cell(SOURCE),
            new_code_cell('post = "Shade at the bus stop"  # i18n\nprint(post)'),
        ]
    )
    nb.metadata["course"] = {
        "title": "Plan",
        "keypoints": ["Plan first."],
        "glossary": {"issue": "A problem people share."},
        "minutes": 30,
    }
    return nb


def _catalog(nb: nbformat.NotebookNode, skip: tuple[str, ...] = ()) -> Catalog:
    catalog = Catalog(locale="fr")
    for unit in units(nb):
        if unit.text not in skip:
            # A translator keeps a table row's pipes.
            row = unit.text.startswith("|")
            upper = unit.text.upper()
            catalog.add(unit.text, upper.replace("| ", "| FR ", 1) if row else "FR " + upper)
    return catalog


def test_fully_translated_notebook_has_no_english_left() -> None:
    nb = _nb()
    out, coverage = translate(nb, _catalog(nb), "fr")
    text = out.cells[0].source
    assert text.startswith("## FR PLAN YOUR POST\n")
    assert "- FR NAME THE *ISSUE*\n  - FR WHO IT AFFECTS\n" in text
    assert "\n| FR 1 | NO SHADE |\n" in text
    assert "|---|---|" in text
    assert "> FR KEEP IT SHORT.\n> THEN READ IT ALOUD.\nCLOSING LINE." in text
    # Every English word left is Markdown syntax, never a sentence.
    english = [w for w in re.findall(r"[a-z]{3,}", text)]
    assert english == []
    assert "lang=" not in text
    assert out.cells[1].source.startswith("post = 'FR SHADE AT THE BUS STOP'  # i18n\n")
    meta = out.metadata["course"]
    assert meta["title"] == "FR PLAN"
    assert meta["keypoints"] == ["FR PLAN FIRST."]
    assert meta["glossary"] == {"FR ISSUE": "FR A PROBLEM PEOPLE SHARE."}
    assert meta["language"] == "fr"
    assert "dir" not in meta
    assert meta["minutes"] == 30
    assert coverage.percent == 100.0
    assert coverage.untranslated == 0
    assert nb.cells[0].source == SOURCE  # the original is untouched


def test_untranslated_blocks_are_marked_english_and_still_formatted() -> None:
    nb = _nb()
    skip = ("Write **one** line.", "Name the *issue*", "| 1 | No shade |", "Plan your post")
    out, coverage = translate(nb, _catalog(nb, skip), "ar")
    text = out.cells[0].source
    assert '<div lang="en">\n\nWrite **one** line.\n\n</div>' in text
    assert '- <span lang="en">Name the *issue*</span>' in text
    assert '## <span lang="en">Plan your post</span>' in text
    html = sanitize_html(parser().render(text))
    assert '<div lang="en">\n<p>Write <strong>one</strong> line.</p>\n</div>' in html
    assert '<li><span lang="en">Name the <em>issue</em></span>' in html
    assert '<td><span lang="en">1</span></td>' in html
    assert '<h2><span lang="en">Plan your post</span></h2>' in html
    assert html.count("<li>") == 3
    assert html.count("<tr>") == 2
    assert out.metadata["course"]["dir"] == "rtl"
    assert (coverage.total, coverage.translated, coverage.untranslated) == (13, 9, 4)


def test_english_div_before_a_list_keeps_the_list() -> None:
    nb = new_notebook(cells=[new_markdown_cell("In this lesson you will:\n- write\n- check")])
    out, _coverage = translate(nb, None, "fr")
    html = parser().render(out.cells[0].source)
    assert html.count("<li>") == 2
    assert "&lt;" not in html


def test_fuzzy_entries_stay_english() -> None:
    nb = _nb()
    catalog = _catalog(nb)
    catalog["Write **one** line."].flags.add("fuzzy")
    out, coverage = translate(nb, catalog, "fr")
    assert '<div lang="en">\n\nWrite **one** line.' in out.cells[0].source
    assert coverage.fuzzy == 1
    assert coverage.translated == coverage.total - 1


def test_coverage_matches_the_catalogue() -> None:
    lesson = ROOT / "lessons" / "04-first-post.ipynb"
    bank = ROOT / "toolkit" / "quizzes" / "04-first-post.toml"
    nb = nbformat.read(lesson, as_version=4)
    extra = list(quiz_units(read_bank(bank)))
    catalog = Catalog(locale="fr")
    for number, unit in enumerate([*units(nb), *extra]):
        state = number % 3  # translated, fuzzy, untranslated in turn
        catalog.add(unit.text, "" if state == 2 else "x", flags={"fuzzy"} if state == 1 else ())
    _out, coverage = translate(nb, catalog, "fr", extra)
    assert coverage == catalog_coverage(catalog)
    assert coverage.fuzzy > 0
    assert coverage.untranslated > 0


def test_quiz_bank_translated_for_the_loader() -> None:
    bank = read_bank(ROOT / "toolkit" / "quizzes" / "04-first-post.toml")
    catalog = Catalog(locale="fr")
    catalog.add("Which title is clearest?", "Quel titre est le plus clair ?")
    out = translate_quiz_bank(bank, catalog)
    assert out["quiz"][0]["question"] == "Quel titre est le plus clair ?"
    assert out["quiz"][0]["options"]["A"] == bank["quiz"][0]["options"]["A"]
    assert bank["quiz"][0]["question"] == "Which title is clearest?"


def test_round_trip_is_lossless_for_every_real_notebook() -> None:
    paths = [
        *sorted((ROOT / "lessons").rglob("*.ipynb")),
        *sorted((ROOT / "exercises").glob("*.ipynb")),
    ]
    assert len(paths) > 20
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        catalog = Catalog(locale="fr")
        for unit in units(nb):
            catalog.add(unit.text, unit.text)
        out, coverage = translate(nb, catalog, "fr")
        assert [c.source for c in out.cells] == [c.source for c in nb.cells], path
        assert coverage.translated == coverage.total


def test_untranslated_real_lessons_render_the_same_structure() -> None:
    def shape(html: str) -> list[str]:
        return re.findall(r"<(li|tr|h[1-6]|strong|em|code|table|ul|ol|blockquote|pre)[ >]", html)

    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out, _coverage = translate(nb, None, "fr")
        for before, after in zip(nb.cells, out.cells, strict=True):
            if before.cell_type == "markdown":
                html = parser().render(after.source)
                assert shape(parser().render(before.source)) == shape(html), path
                assert "&lt;div" not in html
                assert "&lt;span" not in html
