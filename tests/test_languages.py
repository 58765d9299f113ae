"""toolkit.course.languages: which editions the switcher links, and where its links lead."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from toolkit.course.config import Course
from toolkit.course.languages import direction, linked_languages, switcher
from toolkit.course.site import GlossaryEntry, Link, OutlineItem, glossary_page, index_page

COURSE = Course(title="T", root=Path("/nowhere"), languages=("en", "fr", "ar"))


def _outline(out: Path, lang: str) -> None:
    page = out / ("" if lang == "en" else lang) / "learner" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!DOCTYPE html>", encoding="utf-8")


def test_linked_languages_are_those_built_now_or_already_there(tmp_path: Path) -> None:
    assert linked_languages(COURSE, tmp_path, {"fr"}) == ()  # alone: no switcher
    assert linked_languages(COURSE, tmp_path, {"en", "fr", "ar"}) == ("en", "fr", "ar")
    assert linked_languages(COURSE, tmp_path, {"ar", "fr"}) == ("fr", "ar")  # course order
    # A top manifest.json (another edition lists itself there) is no English edition.
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    assert linked_languages(COURSE, tmp_path, {"fr"}) == ()
    _outline(tmp_path, "ar")
    assert linked_languages(COURSE, tmp_path, {"fr"}) == ("fr", "ar")
    _outline(tmp_path, "en")
    assert linked_languages(COURSE, tmp_path, {"fr"}) == ("en", "fr", "ar")
    one = Course(title="T", root=Path("/nowhere"))
    assert linked_languages(one, tmp_path, {"en"}) == ()


def test_switcher_leaves_out_editions_that_are_not_there() -> None:
    everyone = switcher("fr", ("en", "fr", "ar"), "learner", "01.html")
    assert [(x["lang"], x["href"]) for x in everyone] == [
        ("en", "../../learner/01.html"),
        ("ar", "../../ar/learner/01.html"),
    ]
    assert everyone[1]["dir"] == "rtl"
    some = switcher("fr", ("en", "fr", "ar"), "learner", "01.html", ("fr", "ar"))
    assert [(x["lang"], x["href"]) for x in some] == [("ar", "../../ar/learner/01.html")]
    assert switcher("en", ("en", "fr", "ar"), "trainer", "x.html", ("en",)) == []
    assert switcher("en", ("en",), "learner", "x.html") == []
    assert direction("ar-EG") == "rtl"
    assert direction("fr") == "ltr"


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def test_untranslated_objectives_and_titles_are_marked_with_the_source_language() -> None:
    item = OutlineItem(
        href="01.html",
        title="Fixture basics",
        part="lesson",
        objectives=("يكتب تحية قصيرة", "Write a short greeting"),
        untranslated=frozenset({"Fixture basics", "Write a short greeting"}),
    )
    page = _soup(
        index_page(
            [item], course_title="T", audience="learner", language="ar", languages=("en", "ar")
        )
    )
    assert page.select_one(".outline h3 a")["lang"] == "en"
    assert page.select_one(".outline h3 a")["dir"] == "ltr"
    marked = page.select('.outline li li span[lang="en"]')
    assert [m.get_text() for m in marked] == ["Write a short greeting"]
    assert marked[0]["dir"] == "ltr"
    assert page.select(".outline li li")[0].find("span") is None  # translated: nothing extra
    # On a left-to-right page the language alone; in the course's own edition nothing at all.
    fr = _soup(
        index_page(
            [item], course_title="T", audience="learner", language="fr", languages=("en", "fr")
        )
    )
    span = fr.select_one('.outline li li span[lang="en"]')
    assert span is not None
    assert span.get("dir") is None
    en = index_page([item], course_title="T", audience="learner", languages=("en", "fr"))
    assert 'lang="en" dir' not in en
    assert "<span lang" not in en


def test_untranslated_glossary_terms_and_definitions_are_marked() -> None:
    lesson = Link("01.html", "أساسيات")
    entries = [
        GlossaryEntry("منشور", "Something you write for everyone", lesson, False, True),
        GlossaryEntry("Thread", "سلسلة", lesson, True, False),
    ]
    page = _soup(
        glossary_page(
            entries, course_title="T", audience="learner", language="ar", languages=("en", "ar")
        )
    )
    terms = {dt.get_text(): dt for dt in page.select("dl.glossary dt")}
    assert terms["Thread"]["lang"] == "en"
    assert terms["Thread"]["dir"] == "ltr"
    assert terms["منشور"].get("lang") is None
    marked = page.select('dl.glossary dd span[lang="en"]')
    assert [m.get_text() for m in marked] == ["Something you write for everyone"]


def test_an_exercise_is_titled_with_its_lessons_translated_title(tmp_path: Path) -> None:
    import io

    import nbformat
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from toolkit.course.config import Document
    from toolkit.course.languages import translated_source

    for group in ("lessons", "exercises"):
        (tmp_path / group).mkdir()
        nbformat.write(nbformat.v4.new_notebook(), tmp_path / group / "05-replying.ipynb")
    (tmp_path / "course.toml").write_text('[course]\ntitle = "T"\n', encoding="utf-8")
    # The lesson's catalogue has the title; the exercise's own catalogue does not.
    catalog = Catalog(locale="fr")
    catalog.add("Replying and encouraging", "Répondre et encourager")
    po = tmp_path / "locale/fr/lessons/05-replying.po"
    po.parent.mkdir(parents=True)
    buf = io.BytesIO()
    write_po(buf, catalog)
    po.write_bytes(buf.getvalue())
    doc = Document(
        "05-replying-exercise",
        "05-replying",
        "exercise",
        "Replying and encouraging: exercises",
        tmp_path / "exercises/05-replying.ipynb",
    )
    assert translated_source(doc, "fr").title == "Répondre et encourager\u00a0: exercices"
    assert translated_source(doc, "ar").title.startswith("Replying and encouraging")
