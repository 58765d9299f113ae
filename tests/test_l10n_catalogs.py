"""Catalogues: deterministic files, fuzzy on change, obsolete on removal, plain errors."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

from toolkit.course.errors import CourseError
from toolkit.course.l10n import CatalogError, coverage_table, load, update
from toolkit.course.l10n.catalogs import read, template
from toolkit.course.l10n.cli import main
from toolkit.course.l10n.stats import catalog_coverage

PARAGRAPHS = [
    "# A tiny lesson",
    "The bus stop has no shade. People wait in the hot sun.",
    "Write your post on paper first.",
    "Then read it aloud to a partner.",
]


def _course(root: Path, paragraphs: list[str] = PARAGRAPHS) -> Path:
    (root / "course.toml").write_text(
        '[course]\ntitle = "Tiny"\nlanguages = ["en", "fr", "ar"]\n\n'
        '[[lessons]]\nid = "01-tiny"\ntitle = "Tiny"\nlesson = "lessons/01-tiny.ipynb"\n',
        encoding="utf-8",
    )
    (root / "lessons").mkdir(exist_ok=True)
    (root / "toolkit" / "quizzes").mkdir(parents=True, exist_ok=True)
    (root / "toolkit" / "quizzes" / "01-tiny.toml").write_text(
        '[[quiz]]\nid = "t1"\nquestion = "Which?"\n'
        '[quiz.options.A]\ntext = "This"\nwhy = "Right."\ncorrect = true\n',
        encoding="utf-8",
    )
    nb = new_notebook(cells=[new_markdown_cell("\n\n".join(paragraphs))])
    nb.metadata["course"] = {"id": "01-tiny", "title": "Tiny"}
    path = root / "lessons" / "01-tiny.ipynb"
    nbformat.write(nb, path)
    return path


def _translate_all(po: Path, lang: str) -> None:
    """Fill every msgstr, as a translator would, and save with Babel."""
    from babel.messages.pofile import write_po

    catalog = read(po, lang)
    for message in catalog:
        if message.id:
            message.string = f"[{lang}] {message.id}"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=76, include_previous=False)


def test_update_writes_templates_and_languages(tmp_path: Path) -> None:
    _course(tmp_path)
    written = update(root=tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert names == [
        "locale/ar/course.po",
        "locale/ar/lessons/01-tiny.po",
        "locale/fr/course.po",
        "locale/fr/lessons/01-tiny.po",
        "locale/templates/course.pot",
        "locale/templates/lessons/01-tiny.pot",
    ]
    pot = read(tmp_path / "locale/templates/lessons/01-tiny.pot")
    ids = [m.id for m in pot if m.id]
    assert ids == ["Tiny", "A tiny lesson", *PARAGRAPHS[1:], "Which?", "This", "Right."]
    assert pot["Write your post on paper first."].locations == [("cell-0", 5)]
    ar = (tmp_path / "locale/ar/lessons/01-tiny.po").read_text("utf-8")
    assert "Language: ar" in ar
    assert '#, fuzzy\nmsgid ""' not in ar


def test_course_title_has_its_own_catalogue(tmp_path: Path) -> None:
    from toolkit.course.config import load_course
    from toolkit.course.languages import course_title

    _course(tmp_path)
    update(root=tmp_path)
    assert [m.id for m in read(tmp_path / "locale/templates/course.pot") if m.id] == ["Tiny"]
    course = load_course(tmp_path / "course.toml")
    assert course_title(course, "fr") == "Tiny"  # not translated yet: course.toml's
    _translate_all(tmp_path / "locale/fr/course.po", "fr")
    assert course_title(course, "fr") == "[fr] Tiny"
    assert course_title(course, "ar") == "Tiny"
    assert course_title(course, "en") == "Tiny"
    # A new title waits for its translator (fuzzy or empty): the old one is not used.
    toml = tmp_path / "course.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('title = "Tiny"\nlang', 'title = "Tiny course"\nlang')
    )
    update("fr", tmp_path)
    changed = load_course(toml)
    message = read(tmp_path / "locale/fr/course.po", "fr")["Tiny course"]
    assert message.fuzzy or not message.string
    assert course_title(changed, "fr") == "Tiny course"


def test_unchanged_notebook_gives_identical_files(tmp_path: Path) -> None:
    _course(tmp_path)
    update(root=tmp_path)
    files = sorted((tmp_path / "locale").rglob("*.po*"))
    before = {p: p.read_bytes() for p in files}
    assert update(root=tmp_path) == []
    assert {p: p.read_bytes() for p in files} == before


def test_one_changed_paragraph_is_the_only_fuzzy_entry(tmp_path: Path) -> None:
    _course(tmp_path)
    update(root=tmp_path)
    po = tmp_path / "locale/fr/lessons/01-tiny.po"
    _translate_all(po, "fr")
    changed = list(PARAGRAPHS)
    changed[1] = "The bus stop has no shade. People wait in the hot sun all day."
    _course(tmp_path, changed)
    update("fr", tmp_path)
    catalog = read(po, "fr")
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == [changed[1]]
    assert catalog[changed[1]].string == f"[fr] {PARAGRAPHS[1]}"
    assert all(m.string == f"[fr] {m.id}" for m in catalog if m.id and not m.fuzzy)
    assert catalog_coverage(catalog).fuzzy == 1
    assert update("fr", tmp_path) == []  # stays as it is on the next run


def test_removed_paragraph_is_kept_as_obsolete(tmp_path: Path) -> None:
    _course(tmp_path)
    update(root=tmp_path)
    po = tmp_path / "locale/fr/lessons/01-tiny.po"
    _translate_all(po, "fr")
    _course(tmp_path, PARAGRAPHS[:2] + PARAGRAPHS[3:])
    update("fr", tmp_path)
    text = po.read_text("utf-8")
    assert '#~ msgid "Write your post on paper first."' in text
    assert '#~ msgstr "[fr] Write your post on paper first."' in text
    assert PARAGRAPHS[2] not in read(po, "fr")
    # Kept on later runs too, and the file does not change again.
    assert update("fr", tmp_path) == []
    # Back in the lesson: live again (translated), no longer obsolete.
    _course(tmp_path)
    update("fr", tmp_path)
    text = po.read_text("utf-8")
    assert "#~" not in text
    assert read(po, "fr")[PARAGRAPHS[2]].string == f"[fr] {PARAGRAPHS[2]}"


def test_broken_po_names_file_and_line(tmp_path: Path) -> None:
    lesson = _course(tmp_path)
    update("fr", tmp_path)
    po = tmp_path / "locale/fr/lessons/01-tiny.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "Loose"\nmsgtsr "typo"\n', "utf-8")
    with pytest.raises(CatalogError, match=r"01-tiny\.po, line \d+: .*Fix:"):
        load("fr", lesson)
    assert main(["update", "--lang", "fr", "--root", str(tmp_path)]) == 2


def test_load_and_coverage_table(tmp_path: Path) -> None:
    lesson = _course(tmp_path)
    assert load("fr", lesson) is None
    update(root=tmp_path)
    catalog = load("fr", lesson)
    assert catalog is not None
    assert catalog_coverage(catalog).total == 8
    _translate_all(tmp_path / "locale/fr/lessons/01-tiny.po", "fr")
    table = coverage_table(root=tmp_path).splitlines()
    assert table[1].split() == ["fr", "lessons/01-tiny", "8", "0", "0", "100"]
    assert table[3].split() == ["ar", "lessons/01-tiny", "0", "0", "8", "0"]


def test_language_list_must_be_a_list(tmp_path: Path) -> None:
    _course(tmp_path)
    toml = tmp_path / "course.toml"
    toml.write_text(toml.read_text("utf-8").replace('["en", "fr", "ar"]', '"fr"'), "utf-8")
    # course.toml's reader or the catalogue command: either says what to write.
    with pytest.raises(CourseError, match="languages must be a list"):
        update(root=tmp_path)


def test_real_lesson_template_is_stable() -> None:
    root = Path(__file__).resolve().parents[1]
    path = root / "lessons" / "04-first-post.ipynb"
    bank = root / "toolkit" / "quizzes" / "04-first-post.toml"
    first, second = template(path, bank), template(path, bank)
    assert [m.id for m in first] == [m.id for m in second]
    assert "l4" not in " ".join(str(m.id) for m in first)  # quiz ids are not text
    assert any(loc[0].startswith("quiz.l4-q1") for m in first for loc in m.locations)
