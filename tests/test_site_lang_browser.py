"""The French and Arabic site in real Chromium, on a phone (390 × 844), served over HTTP.

A tiny course (the fixture) is built in French and Arabic only, into an empty folder, with
one paragraph of its lesson left untranslated. The Arabic lesson reads right to left (its first
heading ends at the right edge), nothing scrolls sideways, the English paragraph is marked
``lang="en"`` and runs left to right, the language switcher links only the edition that is
there (no English: it was not built) and every link answers 200, and axe finds no serious or
critical problem on either page. Screenshots go to /tmp/lang-shots for a person to look at.

Skips without Debian's chromium unless TOOLKIT_REQUIRE_BROWSER=1 (CI), then fails.
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from toolkit.course.build import build_editions
from toolkit.course.config import load_course

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/lang-shots")
BLOCKING = {"critical", "serious"}
LESSON = "learner/01-basics.html"
# The title and the first paragraph are translated; "safe space" and the rest stay English.
PARAGRAPH = "A small lesson used by the build tests. Everyone is welcome here."
TRANSLATIONS = {
    "fr": {
        "Fixture basics": "Bases de l'exemple",
        PARAGRAPH: "Une petite leçon pour les tests. Tout le monde est bienvenu ici.",
    },
    "ar": {
        "Fixture basics": "أساسيات المثال",
        PARAGRAPH: "درس صغير للاختبارات. الجميع مرحب بهم هنا.",
    },
}
AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(
  (r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})))"""
# Runs in the page: where the first heading's text ends, how wide the page is, and each block
# marked English with its direction.
MEASURE = """() => {
  const h = document.querySelector('main h1, main h2');
  const range = document.createRange();
  range.selectNodeContents(h);
  const text = range.getBoundingClientRect();
  return {
    heading: h.innerText, textLeft: text.left, textRight: text.right,
    innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
    english: [...document.querySelectorAll('main [lang="en"]')].map((el) => ({
      text: el.innerText.trim().slice(0, 60), dir: getComputedStyle(el).direction})),
  };
}"""


def _course(root: Path) -> Path:
    from conftest import copy_fixture_course

    course = copy_fixture_course(root / "course")
    toml = course / "course.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('language = "en"\n', 'language = "en"\nlanguages = ["en", "fr", "ar"]\n', 1),
        encoding="utf-8",
    )
    for lang, entries in TRANSLATIONS.items():
        catalog = Catalog(locale=lang)
        for english, translated in entries.items():
            catalog.add(english, translated)
        buf = io.BytesIO()
        write_po(buf, catalog)
        path = course / "locale" / lang / "lessons" / "01-basics.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue())
    return course


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """French and Arabic built (English not), served on 127.0.0.1; yields the base URL."""
    root = tmp_path_factory.mktemp("lang-site")
    out = root / "_build"
    course = load_course(_course(root) / "course.toml")
    reports = build_editions(course, out, ["fr", "ar"], jobs=2, progress=False, pdf=False)
    for _lang, report in reports:
        assert report.ok, [str(r.error) for r in report.failed]
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet: no line per request
        pass


@pytest.fixture(scope="module")
def phone(browser, site):
    """One tab at phone size with axe loaded before each page; requests stay on the server."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=PHONE)
    outside: list[str] = []

    def local(route) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local)
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    yield page
    context.close()
    assert outside == []


def _open(page, url: str, shot: str) -> dict:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    return page.evaluate(MEASURE)


def test_arabic_lesson_reads_right_to_left_on_a_phone(phone, site) -> None:
    m = _open(phone, f"{site}ar/{LESSON}", "ar-lesson")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert m["heading"] == "أساسيات المثال"
    # The heading's text ends at the right margin (a left-to-right page would start it at the
    # left: this short title would then end near the middle).
    assert m["innerWidth"] - m["textRight"] <= 24, m
    assert m["textLeft"] > m["innerWidth"] / 3, m
    assert m["scrollWidth"] <= m["innerWidth"] + 1, m
    # A paragraph with no translation yet stays English, marked and left to right.
    english = [e for e in m["english"] if "safe space" in e["text"]]
    assert english, m["english"]
    assert all(e["dir"] == "ltr" for e in m["english"]), m["english"]


def test_french_lesson_reads_left_to_right_on_a_phone(phone, site) -> None:
    m = _open(phone, f"{site}fr/{LESSON}", "fr-lesson")
    assert phone.evaluate("document.documentElement.lang") == "fr"
    assert m["heading"] == "Bases de l'exemple"
    assert m["textLeft"] <= 24, m
    assert m["scrollWidth"] <= m["innerWidth"] + 1, m
    assert any("safe space" in e["text"] for e in m["english"])


@pytest.mark.parametrize(
    ("lang", "other", "name"), [("ar", "fr", "Français"), ("fr", "ar", "العربية")]
)
def test_switcher_links_only_the_built_edition_and_it_answers(phone, site, lang, other, name):
    for path in (LESSON, "learner/index.html", "learner/glossary.html", "trainer/01-basics.html"):
        _open(phone, f"{site}{lang}/{path}", f"{lang}-{path.replace('/', '-')}")
        links = phone.locator("nav.languages a")
        # English was not built into this folder: no link to it.
        assert links.all_inner_texts() == [name], path
        href = links.first.evaluate("(a) => a.href")
        assert href == f"{site}{other}/{path}"
        assert phone.request.get(href).status == 200


def test_untranslated_outline_objectives_are_marked_english(phone, site) -> None:
    _open(phone, f"{site}ar/learner/index.html", "ar-index")
    marked = phone.locator('main .outline li li > span[lang="en"]')
    assert marked.count() >= 1
    assert marked.first.evaluate("(el) => getComputedStyle(el).direction") == "ltr"
    # The page's own words are Arabic too (the outline is written speaking the edition's).
    assert phone.locator("h2#outline").inner_text() != "Course outline"
    # The translated title carries nothing extra.
    title = phone.get_by_role("link", name="أساسيات المثال")
    assert title.get_attribute("lang") is None


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_axe_finds_no_serious_problem(phone, site, lang) -> None:
    problems = []
    for path in (LESSON, "learner/index.html"):
        phone.goto(f"{site}{lang}/{path}")
        problems += [
            f"{path}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
            for v in phone.evaluate(AXE_RUN)
            if v["impact"] in BLOCKING
        ]
    assert problems == [], "\n".join(problems)
