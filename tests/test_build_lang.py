"""A build per language: _build/<lang>/, lang and dir on pages, the switcher, the manifest."""

from __future__ import annotations

import filecmp
import importlib.util
import io
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from bs4 import BeautifulSoup

from toolkit.course.build import build_course, build_editions
from toolkit.course.config import load_course
from toolkit.course.manifest import read_manifest
from toolkit.course.outdir import MARKER

FR = {
    "Fixture basics": "Bases de l'exemple",
    "A small lesson used by the build tests. Everyone is welcome here.": (
        "Une petite leçon pour les tests. Tout le monde est bienvenu ici."
    ),
}
AR = {
    "Fixture basics": "أساسيات المثال",
    "A small lesson used by the build tests. Everyone is welcome here.": (
        "درس صغير للاختبارات. الجميع مرحب بهم هنا."
    ),
}


def _write_po(
    course: Path, lang: str, entries: dict[str, str], name: str = "lessons/01-basics.po"
) -> None:
    catalog = Catalog(locale=lang)
    for english, translated in entries.items():
        catalog.add(english, translated)
    buf = io.BytesIO()
    write_po(buf, catalog)
    path = course / "locale" / lang / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def _course(tmp: Path, languages: str | None) -> Path:
    from conftest import copy_fixture_course

    course = copy_fixture_course(tmp / "course")
    toml = course / "course.toml"
    if languages:
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('language = "en"\n', f'language = "en"\n{languages}\n', 1))
    _write_po(course, "fr", FR)
    _write_po(course, "ar", AR)
    # The course title in French only: the Arabic edition keeps course.toml's.
    _write_po(course, "fr", {load_course(toml).title: "Le cours d'exemple"}, "course.po")
    return course


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list]:
    root = tmp_path_factory.mktemp("langs")
    course = _course(root, 'languages = ["en", "fr", "ar"]')
    out = root / "_build"
    reports = build_editions(
        load_course(course / "course.toml"), out, jobs=2, progress=False, pdf=False
    )
    for _lang, report in reports:
        assert report.ok, [str(r.error) for r in report.failed] + [
            str(e) for e in report.course_errors
        ]
    return course, out, reports


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_french_pages_translated_with_english_marked(built) -> None:
    _course, out, reports = built
    assert [lang for lang, _r in reports] == ["en", "fr", "ar"]
    page = _soup(out / "fr/learner/01-basics.html")
    assert page.html["lang"] == "fr"
    assert page.html.get("dir") is None
    text = page.get_text()
    assert "Une petite leçon pour les tests." in text
    assert "A small lesson used by the build tests" not in text
    # A block with no translation stays English, marked for readers and screen readers.
    english = page.select('main [lang="en"]')
    assert english
    assert any("safe space" in e.get_text() for e in english)
    assert page.title.get_text().startswith("Bases de l'exemple")
    # The English edition is untouched: no translation, no marker.
    en = _soup(out / "learner/01-basics.html")
    assert en.html["lang"] == "en"
    assert "A small lesson" in en.get_text()
    assert not en.select('main [lang="en"]')


def test_each_edition_names_the_course_in_its_language(built) -> None:
    _course, out, _reports = built
    english = load_course(_course / "course.toml").title
    # Every page's footer, and the learner's index, name the course.
    assert "Le cours d'exemple" in _soup(out / "fr/learner/index.html").get_text()
    assert "Le cours d'exemple" in _soup(out / "fr/learner/01-basics.html").get_text()
    assert english not in _soup(out / "fr/learner/01-basics.html").get_text()
    assert english in _soup(out / "ar/learner/01-basics.html").get_text()  # not translated
    assert english in _soup(out / "learner/01-basics.html").get_text()
    assert json.loads((out / "fr/manifest.json").read_text(encoding="utf-8"))["course"] == (
        "Le cours d'exemple"
    )
    # The top manifest lists every edition under course.toml's own title.
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["course"] == english


def test_arabic_page_is_right_to_left(built) -> None:
    _course, out, _reports = built
    page = _soup(out / "ar/trainer/01-basics.html")
    assert page.html["lang"] == "ar"
    assert page.html["dir"] == "rtl"
    assert "درس صغير للاختبارات" in page.get_text()
    css = (out / "ar/learner/course.css").read_text(encoding="utf-8")
    assert "inset-inline-start" in css
    assert "text-align: start" in css


def test_switcher_links_resolve(built) -> None:
    _course, out, _reports = built
    for page in [
        *out.glob("*/learner/*.html"),
        *out.glob("learner/*.html"),
        *out.glob("fr/trainer/*.html"),
    ]:
        if page.name == "hub-links.html":
            continue
        links = _soup(page).select("nav.languages a")
        assert len(links) == 2, page
        for a in links:
            assert a["hreflang"] == a["lang"]
            assert (page.parent / a["href"]).resolve().is_file(), (page, a["href"])
    names = [a.get_text() for a in _soup(out / "learner/index.html").select("nav.languages a")]
    assert names == ["Français", "العربية"]


def test_manifest_lists_every_language(built) -> None:
    _course, out, _reports = built
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_path = {e["path"]: e for e in data["outputs"]}
    assert by_path["learner/01-basics.html"]["language"] == "en"
    assert by_path["fr/learner/01-basics.html"]["language"] == "fr"
    assert by_path["ar/trainer/index.html"]["language"] == "ar"
    assert all((out / p).is_file() for p in by_path)
    # Readers of the course's own edition (workspace, publish, --clean) see English only.
    assert all(not e.path.startswith(("fr/", "ar/")) for e in read_manifest(out))
    assert any(e.path.startswith("fr/") for e in read_manifest(out, every_language=True))


def test_english_output_does_not_depend_on_other_languages(built, tmp_path: Path) -> None:
    course, out, _reports = built
    alone = tmp_path / "_build"
    # The executions from the cache: the fixture prints a random number.
    shutil.copytree(out / ".cache", alone / ".cache")
    shutil.copy(out / MARKER, alone / MARKER)
    report = build_course(
        load_course(course / "course.toml"), alone, jobs=2, progress=False, pdf=False
    )
    assert report.ok
    # Alone in its folder, English links no other edition (none is there): the same files but
    # for the switcher.
    switcher = re.compile(r'<nav class="languages".*?</nav>\n', re.S)
    for audience in ("learner", "trainer"):
        names = sorted(p.name for p in (alone / audience).iterdir())
        match, mismatch, errors = filecmp.cmpfiles(
            alone / audience, out / audience, names, shallow=False
        )
        assert not errors
        for name in mismatch:
            assert name.endswith(".html"), name
            page = (alone / audience / name).read_text()
            assert 'class="languages"' not in page
            assert page == switcher.sub("", (out / audience / name).read_text())
    # A course without languages: the same notebooks, the same pages but for the switcher.
    plain = _course(tmp_path / "plain", None)
    bare = tmp_path / "_bare"
    shutil.copytree(out / ".cache", bare / ".cache")
    shutil.copy(out / MARKER, bare / MARKER)
    assert build_course(
        load_course(plain / "course.toml"), bare, jobs=2, progress=False, pdf=False
    ).ok
    for path in (bare / "learner").glob("*.ipynb"):
        assert path.read_bytes() == (out / "learner" / path.name).read_bytes()
    for path in (bare / "learner").glob("*.html"):
        assert path.read_text() == switcher.sub("", (out / "learner" / path.name).read_text())


def test_changed_french_entry_rebuilds_that_notebook_only(built, tmp_path: Path) -> None:
    course, out, _reports = built
    paragraph = "A small lesson used by the build tests. Everyone is welcome here."
    _write_po(course, "fr", {**FR, paragraph: "Les bases, pour tout le monde."})
    loaded = load_course(course / "course.toml")
    report = build_course(loaded, out, language="fr", jobs=2, progress=False, pdf=False)
    assert report.ok
    statuses = {r.doc_id: r.status for r in report.results}
    assert statuses["01-basics"] == "built"
    assert all(s == "skipped" for d, s in statuses.items() if d != "01-basics"), statuses
    assert report.executed == ["01-basics"]
    assert "Les bases, pour" in (out / "fr/learner/01-basics.html").read_text(encoding="utf-8")
    # The English build, even with --clean, never lists or deletes another edition.
    before = sorted(p.relative_to(out) for p in (out / "fr").rglob("*") if p.is_file())
    english = build_editions(loaded, out, ["en"], clean=True, jobs=2, progress=False, pdf=False)
    assert english[0][1].ok
    assert not english[0][1].kept
    after = sorted(p.relative_to(out) for p in (out / "fr").rglob("*") if p.is_file())
    assert before == after
    assert any(e.path.startswith("fr/") for e in read_manifest(out, every_language=True))


def _arabic_handout(tmp_path: Path) -> bytes:
    from toolkit.course import l10n
    from toolkit.course.handout import render_handout

    course = _course(tmp_path, 'languages = ["en", "ar"]')
    path = course / "lessons/01-basics.ipynb"
    nb, _coverage = l10n.translate(nbformat.read(path, as_version=4), l10n.load("ar", path), "ar")
    return render_handout(nb, audience="learner", base_dir=path.parent)


needs_typst = pytest.mark.skipif(importlib.util.find_spec("typst") is None, reason="needs Typst")


@needs_typst
def test_arabic_handout_is_right_aligned(tmp_path: Path) -> None:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(_arabic_handout(tmp_path))).pages[0]
    starts: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda t, cm, tm, *_: starts.append((tm[4] * cm[0] + cm[4], t)))
    width = float(page.mediabox.width)
    # "مرحب" (welcome): a word of the lesson's short translated paragraph. The page's own
    # Arabic words also sit at the end side (the left): the running header, the page number.
    arabic = [x for x, t in starts if "مرحب" in t]
    english = [x for x, t in starts if "three words" in t]  # left in English: left to right
    # The short Arabic paragraph ends at the right margin, so it starts right of the middle;
    # the English one left in starts at the left margin.
    assert arabic
    assert min(arabic) > width / 2
    assert english
    assert max(english) < width / 4


_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u066E-\u06D3]+")
_HARAKAT = re.compile(r"[\u064B-\u0652\u0640]")  # vowel marks and the stretching tatweel


def _arabic_words(text: str) -> list[str]:
    return _ARABIC_WORD.findall(_HARAKAT.sub("", text))


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    import subprocess

    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# CI installs it and sets TOOLKIT_REQUIRE_POPPLER: there a missing pdftotext fails.
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("TOOLKIT_REQUIRE_POPPLER"),
    reason="needs poppler's pdftotext (apt install poppler-utils)",
)


@needs_typst
def test_arabic_handout_text_copies_out_letter_for_letter(tmp_path: Path) -> None:
    from pypdf import PdfReader

    # Noto Sans Arabic's shared letter shapes came out as "المثثال": every letter once here.
    words = _arabic_words(PdfReader(io.BytesIO(_arabic_handout(tmp_path))).pages[0].extract_text())
    for word in ("المثال", "درس", "صغير", "للاختبارات"):
        assert word in words


@needs_typst
@needs_poppler
def test_arabic_handout_text_extracts_in_logical_order(tmp_path: Path) -> None:
    text = _pdftotext(_arabic_handout(tmp_path), tmp_path)
    assert "درس صغير للاختبارات" in text


@needs_typst
@needs_poppler
def test_a_real_arabic_lesson_copies_out_word_for_word(tmp_path: Path) -> None:
    """Lesson 4 in Arabic: what a reader copies from the handout is the lesson's own words."""
    from toolkit.course import l10n
    from toolkit.course.handout import render_handout

    path = Path(__file__).resolve().parents[1] / "lessons/04-first-post.ipynb"
    nb, _coverage = l10n.translate(nbformat.read(path, as_version=4), l10n.load("ar", path), "ar")
    written = {w for c in nb.cells if c.cell_type == "markdown" for w in _arabic_words(c.source)}
    copied = _arabic_words(_pdftotext(render_handout(nb, base_dir=path.parent), tmp_path))
    # Words outside the lesson's Markdown: the page's own labels and the forum's sample posts.
    assert len(copied) > 1000
    assert sum(w in written for w in copied) / len(copied) > 0.85


# -- the printed course's own words in the edition's language --------------------------------

ENGLISH_LABELS = ("IN THIS LESSON", "Key points", "KEY POINTS", "Page 1 of", "LEARNER HANDOUT")


def _translated(tmp_path: Path, lang: str, extra: dict[str, str] | None = None):
    from toolkit.course import l10n

    course = _course(tmp_path, 'languages = ["en", "fr", "ar"]')
    path = course / "lessons/01-basics.ipynb"
    catalog = l10n.load(lang, path)
    assert catalog is not None
    for english, translated in (extra or {}).items():
        catalog.add(english, translated)
    nb, _coverage = l10n.translate(nbformat.read(path, as_version=4), catalog, lang)
    return nb, path


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _typst_data(monkeypatch: pytest.MonkeyPatch, module: object) -> list[dict]:
    """Every JSON document ``module`` hands to Typst, as it renders."""
    seen: list[dict] = []
    real = module.compile_pdf  # type: ignore[attr-defined]

    def spy(source: str, **kw: object) -> bytes:
        seen.append(json.loads(kw["sys_inputs"]["data"]))  # type: ignore[index]
        return real(source, **kw)

    monkeypatch.setattr(module, "compile_pdf", spy)
    return seen


@needs_typst
def test_french_handout_and_takehome_print_french_words(tmp_path: Path) -> None:
    from toolkit.course.handout import render_handout, render_takehome

    nb, path = _translated(tmp_path, "fr")
    handout = _pdf_text(render_handout(nb, audience="learner", base_dir=path.parent))
    for label in ("DANS CETTE LEÇON", "Vous saurez", "FICHE DE LA PARTICIPANTE", "Page 1 sur"):
        assert label in handout
    sheet = _pdf_text(render_takehome(nb))
    for label in ("POINTS CLÉS", "À ESSAYER CHEZ VOUS", "FICHE À EMPORTER", "Page 1 sur 1"):
        assert label in sheet
    for label in ENGLISH_LABELS:
        assert label not in handout
        assert label not in sheet


@needs_typst
def test_arabic_handout_gets_arabic_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.course import handout

    seen = _typst_data(monkeypatch, handout)
    nb, path = _translated(tmp_path, "ar")
    text = _pdf_text(handout.render_handout(nb, audience="learner", base_dir=path.parent))
    words = seen[-1]["words"]
    assert words["in_this_lesson"] == "في هذا الدرس"
    assert words["page_of"] == "الصفحة {page} من {total}"
    assert seen[-1]["dir"] == "rtl"
    for label in ENGLISH_LABELS:
        assert label not in text


@needs_typst
def test_english_handout_keeps_english_words_whatever_the_process_speaks(
    tmp_path: Path,
) -> None:
    from toolkit import i18n
    from toolkit.course.handout import render_handout
    from toolkit.course.languages import speaking

    path = _course(tmp_path, None) / "lessons/01-basics.ipynb"
    nb = nbformat.read(path, as_version=4)
    with speaking("fr"):
        text = _pdf_text(render_handout(nb, audience="learner", base_dir=path.parent))
        assert i18n.language() == "fr"  # the render put the process's language back
    assert "IN THIS LESSON" in text
    assert "Page 1 of" in text
    assert "DANS CETTE LEÇON" not in text


def test_untranslated_header_strings_are_marked_english(tmp_path: Path) -> None:
    from toolkit.course.handout_data import lesson_data
    from toolkit.course.images import HandoutImages

    greeting = "Écrire un court message de bienvenue"
    nb, _path = _translated(tmp_path, "fr", {"Write a short greeting": greeting})
    assert "Recognise a post and a comment" in nb.metadata["course"]["english"]
    assert "Write a short greeting" not in nb.metadata["course"]["english"]
    data = lesson_data(nb, "learner", HandoutImages(None))
    english, french = data["objectives"]
    assert english.startswith('\u200e#text(lang: "en", dir: ltr)[')
    assert "Recognise" in english
    assert "lang" not in french
    assert "court message" in french
    assert all('lang: "en"' in q for q in data["questions"] + data["keypoints"])


@needs_typst
def test_guide_and_card_pack_in_french(tmp_path: Path) -> None:
    from toolkit.course.handout import render_card_pack, render_trainer_guide

    nb, path = _translated(tmp_path, "fr")
    guide = _pdf_text(render_trainer_guide([nb], lang="fr", base_dir=path.parent))
    for label in ("GUIDE DE LA FORMATRICE", "Sommaire", "CORRIGÉ", "DANS CETTE LEÇON"):
        assert label in guide or label.title() in guide, label
    assert "Trainer guide" not in guide
    total = guide.split("Durée totale", 1)[1][:15]
    assert "30" in total
    assert "min" not in total  # "0 h 30", the French way
    assert "RÉPONSE TYPE" in guide  # the answer's label, not the forum's "Répondre"
    assert "<span" not in guide  # a heading left in English, named in the answer key
    assert "Contents" not in guide
    text = _pdf_text(render_card_pack([], lang="fr"))
    assert "JEU DE CARTES" in text
    assert "Pas encore d’activité avec des cartes" in text
    assert "Card pack" not in text
    assert "No card activities" not in text


@needs_typst
def test_certificates_in_french_and_arabic(monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.course import certificate
    from toolkit.course.fonts import font_families

    seen = _typst_data(monkeypatch, certificate)
    text = {
        "workshop": "Atelier",
        "date": "2026-12-02",
        "trainer": "Sara",
        "course_title": "Digital Empowerment",
    }
    french = _pdf_text(certificate.render_certificate(learner="Amina", lang="fr", **text))
    assert "Attestation de fin de formation" in french
    assert "Nous attestons que" in french
    assert "Certificate of completion" not in french
    assert seen[-1]["lang"] == "fr"
    assert seen[-1]["dir"] == "ltr"
    certificate.render_certificate(learner="Amina", lang="ar", **text)
    arabic = seen[-1]
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")
    assert arabic["words"]["title"] == "شهادة إتمام"
    # Latin first (Noto Sans has no Arabic letters), and Arabic prints larger (Amiri is small).
    assert arabic["fonts"] == list(font_families())
    assert arabic["text_scale"] > seen[-2]["text_scale"] == 1.0
    english = _pdf_text(certificate.render_certificate(learner="Amina", lang="en", **text))
    assert "Certificate of completion" in english


def test_printed_thread_dates_and_reactions_in_the_edition_language() -> None:
    from toolkit.course.handout_data import lesson_data
    from toolkit.course.images import HandoutImages
    from toolkit.course.languages import speaking
    from toolkit.mime import FORUM_MIME

    thread = {
        "kind": "thread",
        "entries": [
            {
                "author": "amina_k",
                "time": "2026-03-02T10:00:00",
                "text": "Our well needs a new pump.",
                "reactions": {"like": 2},
            }
        ],
    }
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={FORUM_MIME: thread})]
    nb.cells = [cell]

    def entry(lang: str) -> dict:
        with speaking(lang):
            data = lesson_data(nb, "learner", HandoutImages(None))
        return data["cells"][0]["items"][0]["forum"]["entries"][0]

    assert (entry("en")["time"], entry("en")["reactions"]) == ("2 Mar 2026, 10:00", "Like 2")
    french = entry("fr")
    assert "Mar" not in french["time"]
    assert french["time"].startswith("2 ")
    assert "Like" not in french["reactions"]
    assert entry("ar")["ltr"] is True  # English words in an Arabic thread keep their direction


@pytest.mark.parametrize(
    ("lang", "heading", "note"),
    [
        ("fr", "## Activité : Le panneau d'affichage (10 min)", "- **Matériel :** cartes; stylos"),
        ("ar", "## نشاط: لوحة الإعلانات (10 دقائق)", "- **المواد:** بطاقات; أقلام"),
    ],
)
def test_guide_plan_reads_translated_part_headings(lang: str, heading: str, note: str) -> None:
    from toolkit.course import cells, guide
    from toolkit.course.format import ADIDS
    from toolkit.course.languages import speaking
    from toolkit.course.print_words import PART_NAMES

    assert PART_NAMES == ADIDS  # the same parts, in the same order
    nb = nbformat.v4.new_notebook()
    trainer = nbformat.v4.new_markdown_cell(note)
    trainer.metadata["tags"] = [cells.TRAINER]
    nb.cells = [nbformat.v4.new_markdown_cell(heading), trainer]
    assert guide.glance(nb) is None  # in English, the French or Arabic heading is not a part
    with speaking(lang):
        plan = guide.glance(nb)
    assert plan is not None
    assert plan["minutes"] == 10
    assert len(plan["parts"][0]["materials"]) == 2
