"""The HTML site: outline, navigation, offline, accessible."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

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
