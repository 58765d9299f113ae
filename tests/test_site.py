"""The HTML site: outline, navigation, offline, accessible."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from site_support import broken_links, hostile_build, lesson_body, safety_problems

from toolkit.course.site import Link, OutlineItem, index_page

REMOTE = re.compile(r"^(https?:)?//", re.I)


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_index_page_outline():
    page = index_page(
        [OutlineItem("01-a.html", "Welcome", "lesson", 60, ("Agree the group's norms",))],
        course_title="C",
        audience="learner",
        language="en",
    )
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.find("h1").text == "C"
    assert soup.find("h3").a["href"] == "01-a.html"
    assert "Time: 60 minutes" in soup.text
    assert "Agree the group's norms" in soup.text
    assert "<script" not in page


def test_index_escapes_titles():
    page = index_page(
        [OutlineItem("x.html", "<b>bold</b>", "lesson")],
        course_title="C",
        audience="trainer",
        extra=(Link("g.pdf", "Guide"),),
    )
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;" in page


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_pages_are_offline_and_accessible(built_course, audience):
    pages = sorted((built_course.out / audience).glob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        soup = _soup(page)
        assert soup.html.get("lang") == "en", page.name
        assert soup.find("h1"), page.name
        assert soup.find("main"), page.name
        assert not soup.find("script"), page.name
        for tag, attr in (("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                assert not REMOTE.match(el.get(attr, "")), (page.name, el)
        for img in soup.find_all("img"):
            assert img.get("alt"), (page.name, img)
        assert soup.find("link", rel="stylesheet")["href"] == "course.css"
        assert safety_problems(lesson_body(str(soup))) == [], page.name
    assert (built_course.out / audience / "course.css").is_file()


@pytest.mark.slow
def test_navigation_links_resolve(built_course):
    learner = built_course.out / "learner"
    soup = _soup(learner / "01-basics.html")
    nav = soup.find("nav")
    assert nav.find("a", rel="next")["href"] == "02-forum.html"
    assert not nav.find("a", rel="prev")  # the first learner page (front matter is trainer-only)
    trainer_nav = _soup(built_course.out / "trainer" / "01-basics.html").find("nav")
    assert trainer_nav.find("a", rel="prev")["href"] == "00-personas.html"
    for page in learner.glob("*.html"):
        for a in _soup(page).find_all("a", href=True):
            href = a["href"].split("#")[0]
            if href and not REMOTE.match(href):
                assert (learner / href).is_file(), (page.name, href)


@pytest.mark.slow
def test_index_outline_has_title_time_objectives(built_course):
    soup = _soup(built_course.out / "learner" / "index.html")
    titles = [h.text for h in soup.select("ol.outline h3")]
    assert titles == ["Fixture basics", "Fixture forum"]
    assert "Time: 30 minutes" in soup.text
    assert "Recognise a post and a comment" in soup.text
    trainer = _soup(built_course.out / "trainer" / "index.html")
    assert "Fixture personas" in trainer.text


@pytest.mark.slow
def test_widget_and_forum_outputs_are_static_html(built_course):
    page = (built_course.out / "learner" / "02-forum.html").read_text(encoding="utf-8")
    assert "Static snapshot of the form" in page
    assert '<article class="forum-post" id="post-1">' in page
    outputs = " ".join(str(o) for o in BeautifulSoup(page, "html.parser").select(".output_area"))
    assert "widget-view" not in outputs
    assert "fixture-model-1" not in outputs


@pytest.mark.slow
def test_trainer_notes_are_marked(built_course):
    soup = _soup(built_course.out / "trainer" / "01-basics.html")
    notes = soup.select(".celltag_trainer")
    assert notes
    assert "Trainer note:" in notes[0].text


def test_glossary_page_lists_terms_a_to_z_with_their_lessons():
    from toolkit.course.site import GlossaryEntry, Link, glossary_page

    page = glossary_page(
        [
            GlossaryEntry("post", "A message that starts a talk.", Link("04.html", "First post")),
            GlossaryEntry("Alias", "A name <b>you</b> choose.", Link("02.html", "Your alias")),
        ],
        course_title="Course",
        audience="learner",
    )
    soup = BeautifulSoup(page, "html.parser")
    assert [dt.get_text() for dt in soup.select("dl.glossary dt")] == ["Alias", "post"]
    assert soup.select_one("dl.glossary dd a")["href"] == "02.html"
    assert "<b>you</b>" not in page  # member-free, but still escaped
    assert soup.find("html")["lang"] == "en"


# ----------------------------------------------------------------- safety (issue 9)
CSP_DIRECTIVES = {
    "default-src": "'none'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'none'",
}


def _csp(page: str) -> dict[str, str]:
    soup = BeautifulSoup(page, "html.parser")
    meta = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    # Before anything it governs: the policy must come ahead of the stylesheet link.
    assert meta.find_next("link", rel="stylesheet") is not None
    parts = (p.strip().split(None, 1) for p in meta["content"].split(";") if p.strip())
    return {name: value for name, value in parts}


def _nb(*cells):
    from nbformat.v4 import new_notebook

    return new_notebook(cells=list(cells), metadata={"language_info": {"name": "python"}})


def test_every_kind_of_page_has_the_content_security_policy():
    from nbformat.v4 import new_markdown_cell

    from toolkit.course.site import GlossaryEntry, glossary_page, lesson_page

    pages = [
        index_page([], course_title="C", audience="learner"),
        glossary_page(
            [GlossaryEntry("a", "b", Link("x.html", "X"))], course_title="C", audience="trainer"
        ),
        lesson_page(_nb(new_markdown_cell("# L")), title="L", course_title="C", audience="learner"),
    ]
    for page in pages:
        assert _csp(page) == CSP_DIRECTIVES


def test_svg_output_is_shown_as_an_image_that_cannot_run_script():
    import base64

    from nbformat.v4 import new_code_cell, new_output

    from toolkit.course.site import render_cells

    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script></svg>"
    )
    out = new_output("display_data", data={"image/svg+xml": svg, "text/plain": "A chart"})
    body = render_cells(_nb(new_code_cell("chart()", outputs=[out])))
    soup = BeautifulSoup(body, "html.parser")
    assert not soup.find("svg")
    assert not soup.find("script")
    img = soup.select_one(".output_area img")
    prefix = "data:image/svg+xml;base64,"
    assert img["src"].startswith(prefix)
    assert base64.b64decode(img["src"][len(prefix) :]).decode() == svg
    assert img["alt"] == "A chart"


def test_lesson_markdown_and_html_outputs_are_sanitised():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

    from toolkit.course.site import lesson_page

    html_out = new_output(
        "display_data",
        data={"text/html": "<p>kept</p><script>alert(1)</script>", "text/plain": "x"},
    )
    nb = _nb(
        new_markdown_cell(
            '# Title\n\n<img src="http://example.invalid/a.png" alt="A remote map">\n\n'
            "[bad](javascript:alert(1)) <scr<script>x</script>ipt>alert(1)</script>"
        ),
        new_code_cell("show()", outputs=[html_out]),
    )
    page = lesson_page(nb, title="T", course_title="C", audience="learner")
    body = lesson_body(page)
    assert safety_problems(body) == []
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one(".tk-image-removed").get_text() == "A remote map"
    assert "kept" in soup.get_text()
    assert soup.find("a", string="bad").get("href") is None


def test_stylesheet_carries_the_look_of_the_toolkit_outputs(tmp_path):
    """Inline <style> and style="" are gone from pages, so course.css has those rules."""
    from importlib import resources

    from toolkit.course.site import stylesheet, write_stylesheet

    css = stylesheet().decode()
    forum = resources.files("toolkit.render").joinpath("forum.css").read_text("utf-8")
    assert forum.strip() in css
    for selector in (".toolkit-feedback", ".toolkit-feedback--not-yet", ".tk-quiz ol", ".tk-phone"):
        assert selector in css, selector
    assert "url(" not in css.replace("url(http", "")  # nothing loaded from anywhere
    assert write_stylesheet(tmp_path).read_bytes() == stylesheet()


@pytest.mark.slow
@pytest.mark.parametrize("audience", ["learner", "trainer"])
def test_hostile_lesson_builds_a_safe_page_with_its_normal_content(tmp_path_factory, audience):
    page = (hostile_build(tmp_path_factory) / audience / "01-hostile.html").read_text("utf-8")
    assert _csp(page) == CSP_DIRECTIVES
    body = lesson_body(page)
    assert safety_problems(body) == []
    soup = BeautifulSoup(body, "html.parser")
    text = soup.get_text(" ")
    for words in (
        "welcome, everyone",
        "HTML output text",
        "Markdown output text",
        "Widget snapshot text",
        "Feedback card text",
    ):
        assert words in text, words
    assert [td.get_text() for td in soup.select("table td")][:2] == ["1", "Read"]
    removed = {s.get_text() for s in soup.select(".tk-image-removed")}
    assert {"A remote picture", "absolute path", "parent folder", "protocol relative"} <= removed
    assert soup.select_one("img[alt='handler picture']").attrs.keys() == {"src", "alt"}
    assert soup.select_one("img[alt='A blue square']")["src"].startswith("data:image/svg+xml")
    assert soup.select_one(".tk-forum article")
    assert soup.select_one("a[href='https://example.org/ok']")
    # Only a link a reader may click (markdown autolinks a URL left in the text) names the host.
    loaded = [
        str(v)
        for el in soup.find_all(True)
        for name, v in el.attrs.items()
        if (el.name, name) != ("a", "href")
    ]
    assert not [v for v in loaded if "example.invalid" in v]


# ----------------------------------------------------------------- the site on a phone (issue 10)
@pytest.mark.slow
def test_every_internal_link_of_the_fixture_course_resolves(built_course):
    assert broken_links(built_course.out) == []


def _quote_output(state: str = "ok"):
    from datetime import UTC, datetime

    from nbformat.v4 import new_output

    from toolkit.forum.model import Quote
    from toolkit.render.html import to_html

    quote = Quote(1, "post", "amina_k", "Amina", "Forty minutes", datetime(2026, 3, 2, tzinfo=UTC))
    quote = Quote(**{**{f: getattr(quote, f) for f in quote.__slots__}, "state": state})
    return new_output("display_data", data={"text/html": to_html(quote), "text/plain": "q"})


@pytest.mark.parametrize(
    ("target", "linked"),
    [("", False), ('<article id="post-1">The post</article>', True)],
    ids=["post-not-on-page", "post-on-page"],
)
def test_quote_links_to_its_post_only_when_the_post_is_on_the_page(target, linked):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

    from toolkit.course.site import lesson_page

    cells = [new_code_cell("quote", outputs=[_quote_output()])]
    if target:
        post = new_output("display_data", data={"text/html": target, "text/plain": "p"})
        cells.append(new_code_cell("post", outputs=[post]))
    page = lesson_page(
        _nb(new_markdown_cell("# L"), *cells), title="L", course_title="C", audience="learner"
    )
    soup = BeautifulSoup(lesson_body(page), "html.parser")
    footer = soup.select_one("blockquote.tk-quote footer")
    assert "read the full post" in footer.get_text()
    assert bool(footer.find("a", href="#post-1")) is linked
    assert ("(not on this page)" in footer.get_text()) is not linked
    assert [a["href"] for a in soup.select(".tk-forum a[href]")] == (["#post-1"] if linked else [])


def test_two_snapshots_of_one_form_get_distinct_landmark_names():
    from nbformat.v4 import new_code_cell, new_output

    from toolkit.course.site import lesson_page

    form = (
        '<section class="tk-form-static" aria-label="Quote a post"><h3>Quote a post</h3></section>'
    )
    out = new_output("display_data", data={"text/html": form, "text/plain": "f"})
    nb = _nb(new_code_cell("a", outputs=[out]), new_code_cell("b", outputs=[out]))
    soup = BeautifulSoup(
        lesson_page(nb, title="L", course_title="C", audience="learner"), "html.parser"
    )
    names = [s["aria-label"] for s in soup.find_all(["section", "nav"], attrs={"aria-label": True})]
    assert len(names) == len(set(names)) == 4  # two forms, two navigation bars
    assert "Quote a post (2)" in names


@pytest.mark.parametrize(
    "table",
    [
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>",
    ],
    ids=["markdown-table", "nested-table"],
)
def test_every_table_scrolls_in_a_box_the_keyboard_can_reach(table):
    from nbformat.v4 import new_markdown_cell

    from toolkit.course.site import lesson_page

    page = lesson_page(
        _nb(new_markdown_cell(f"# L\n\n{table}\n\nAfter.")),
        title="L",
        course_title="C",
        audience="learner",
    )
    soup = BeautifulSoup(lesson_body(page), "html.parser")
    boxes = soup.select("div.table-scroll")
    assert len(boxes) == 1
    assert boxes[0]["tabindex"] == "0"
    assert boxes[0]["aria-label"] == "Table"
    assert all(t.find_parent("div", class_="table-scroll") is boxes[0] for t in soup("table"))
    assert "After." not in boxes[0].get_text()


# ----------------------------------------------------------------- templates and words (issue 12)
FRENCH = {
    "Skip to content": "Aller au contenu",
    "Course outline": "Plan du cours",
    "Learner edition": "Édition apprenante",
    "Lesson navigation": "Navigation de la leçon",
    "Lesson navigation, bottom": "Navigation de la leçon, bas",
    "Next: {title}": "Suivant : {title}",
    "Course content licensed {licence}.": "Contenu du cours sous licence {licence}.",
    "By the end you can:": "À la fin, vous saurez :",
}


@pytest.fixture
def french(tmp_path):
    """A French catalogue for the site's words, switched on through toolkit.i18n."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from toolkit import i18n

    catalog = Catalog(locale="fr", domain="toolkit")
    for english, french in FRENCH.items():
        catalog.add(english, french)
    catalog.add(("Time: {n} minute", "Time: {n} minutes"), ("{n} minute", "{n} minutes"))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield
    i18n.set_language("en")


def test_the_site_words_come_from_the_catalogue(french):
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

    from toolkit.course.site import lesson_page

    index = BeautifulSoup(
        index_page(
            [OutlineItem("01.html", "Un", "lesson", 1, ("Lire",))],
            course_title="C",
            audience="learner",
            language="fr",
        ),
        "html.parser",
    )
    assert index.select_one("a.skip-link").get_text() == "Aller au contenu"
    assert index.select_one("h2#outline").get_text() == "Plan du cours"
    assert index.title.get_text() == "Plan du cours · C"
    assert index.select_one(".edition").get_text() == "Édition apprenante"
    assert index.select_one(".minutes").get_text() == "1 minute"
    assert "À la fin, vous saurez :" in index.get_text()
    assert index.select_one("footer").get_text() == "Contenu du cours sous licence CC BY-SA 4.0."
    assert "Also in this course" not in str(index)  # untranslated words fall back to English

    # A form whose name is the (translated) navigation's name is renamed, not the navigation.
    form = '<section aria-label="Navigation de la leçon"><h3>F</h3></section>'
    out = new_output("display_data", data={"text/html": form, "text/plain": "f"})
    page = lesson_page(
        _nb(new_markdown_cell("# L"), new_code_cell("f", outputs=[out])),
        title="L",
        course_title="C",
        audience="learner",
        next=Link("02.html", "Deux"),
    )
    soup = BeautifulSoup(page, "html.parser")
    navs = [n["aria-label"] for n in soup.find_all("nav")]
    assert navs == ["Navigation de la leçon", "Navigation de la leçon, bas"]
    assert soup.find("section")["aria-label"] == "Navigation de la leçon (2)"
    assert soup.find("a", rel="next").get_text() == "Suivant : Deux"
    assert soup.select_one("nav a[href='index.html']").get_text() == "Plan du cours"


def test_one_minute_is_singular_in_english():
    page = index_page(
        [OutlineItem("a.html", "A", "lesson", 1)], course_title="C", audience="learner"
    )
    assert BeautifulSoup(page, "html.parser").select_one(".minutes").get_text() == "Time: 1 minute"


HOSTILE_TITLE = "<script>alert('t')</script> & \"quotes\""


def test_titles_with_markup_stay_text_on_every_page():
    from nbformat.v4 import new_markdown_cell

    from toolkit.course.site import GlossaryEntry, glossary_page, lesson_page

    link = Link('x.html" onclick="alert(1)', HOSTILE_TITLE)
    common = {"course_title": HOSTILE_TITLE, "audience": "trainer", "licence": HOSTILE_TITLE}
    pages = [
        # No heading in the cells: the page's <h1> is the title.
        lesson_page(_nb(new_markdown_cell("Text.")), title=HOSTILE_TITLE, prev=link, **common),
        index_page(
            [OutlineItem(link.href, HOSTILE_TITLE, "lesson", 5, (HOSTILE_TITLE,), (link,))],
            extra=(link,),
            **common,
        ),
        glossary_page([GlossaryEntry(HOSTILE_TITLE, HOSTILE_TITLE, link)], **common),
    ]
    for page in pages:
        assert "<script" not in page
        soup = BeautifulSoup(page, "html.parser")
        assert not soup.find("script")
        assert not soup.find(attrs={"onclick": True})
        assert soup.title.get_text().endswith(f" · {HOSTILE_TITLE}")
        assert soup.select_one(".course-title a").get_text() == HOSTILE_TITLE
        assert soup.find("footer").get_text() == f"Course content licensed {HOSTILE_TITLE}."
        assert soup.find("h1").get_text() in {HOSTILE_TITLE, "Glossary"}
        hrefs = {a["href"] for a in soup.find_all("a", href=True)}
        assert link.href in hrefs  # the whole value stayed inside its attribute
    assert BeautifulSoup(pages[0], "html.parser").find("a", rel="prev").get_text() == (
        f"Previous: {HOSTILE_TITLE}"
    )


def test_the_page_templates_escape_by_default():
    from toolkit.course.site import _templates

    env = _templates()
    names = set(env.list_templates())
    assert {"page.html.j2", "lesson.html.j2", "index.html.j2", "glossary.html.j2"} <= names
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
