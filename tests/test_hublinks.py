"""Hub links (toolkit.course.hublinks, build_course.py --hub): nbgitpuller links per lesson."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from toolkit.course import hublinks as H
from toolkit.course.config import load_course
from toolkit.course.errors import CourseError
from toolkit.course.manifest import read_manifest
from toolkit.course.sanitize import sanitize_html

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course.toml"
FIXTURE = ROOT / "tests" / "fixtures" / "course.toml"
HUB = "https://hub.example.org"
REPO = "https://git.example.org/course-learner.git"

needs_typst = pytest.mark.skipif(importlib.util.find_spec("typst") is None, reason="needs Typst")


def _query(link: str) -> tuple[str, dict[str, str]]:
    """The link's address without its query, and each parameter once (decoded)."""
    parts = urlsplit(link)
    params = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in params.values()), link
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in params.items()}


def test_every_learner_notebook_has_both_links_in_course_order():
    course = load_course(COURSE)
    target = H.hub_target(HUB + "/", REPO, branch="spring-2026", directory="course")
    links = H.lesson_links(target, course.documents())
    learner_docs = [d for d in course.documents() if not d.trainer_only]
    assert [link.id for link in links] == [d.id for d in learner_docs]
    assert {link.part for link in links} == {"lesson", "exercise"}
    for link in links:
        assert link.title
        for url, urlpath in (
            (link.lab, f"lab/tree/course/{link.id}.ipynb"),
            (link.voila, f"voila/render/course/{link.id}.ipynb"),
        ):
            where, params = _query(url)
            assert where == f"{HUB}/hub/user-redirect/git-pull"
            assert params == {
                "repo": REPO,
                "branch": "spring-2026",
                "urlpath": urlpath,
                "targetpath": "course",
            }


def test_spaces_and_unicode_are_percent_encoded_and_come_back_whole():
    target = H.hub_target("https://hub.example.org/jupyter/", REPO, directory="Kurs Ölçü/ünite 1")
    link = H.pull_link(target, "01-welcome.ipynb")
    assert " " not in link
    assert "Ö" not in link
    assert "+" not in link
    assert "%20" in link
    assert "%C3%96" in link
    assert link.startswith("https://hub.example.org/jupyter/hub/user-redirect/git-pull?")
    _where, params = _query(link)
    assert params["targetpath"] == "Kurs Ölçü/ünite 1"
    assert params["urlpath"] == "lab/tree/Kurs Ölçü/ünite 1/01-welcome.ipynb"
    # A hub address given with its /hub/ part is not doubled.
    assert H.hub_target(HUB + "/hub/", REPO).hub == HUB


@pytest.mark.parametrize(
    ("hub", "repo", "extra", "words"),
    [
        ("hub.example.org", REPO, {}, "not a web address"),
        ("/hub", REPO, {}, "not a web address"),
        ("ftp://hub.example.org", REPO, {}, "not a web address"),
        ("javascript:alert(1)", REPO, {}, "not a web address"),
        ("https://hub.example.org/?next=x", REPO, {}, "only the hub's address"),
        (HUB, None, {}, "--hub needs --repo"),
        (HUB, "git@git.example.org:c.git", {}, "--repo git@"),
        (HUB, REPO, {"directory": "/home/amina"}, "--hub-dir /home/amina"),
        (HUB, REPO, {"directory": "../elsewhere"}, "no leading /, ~ or .."),
        (HUB, REPO, {"directory": "~/course"}, "inside the learner's home"),
        (HUB, REPO, {"branch": "--upload-pack=x"}, "not a git branch name"),
        (HUB, REPO, {"branch": "a..b"}, "not a git branch name"),
    ],
)
def test_bad_options_are_refused_plainly(hub, repo, extra, words):
    with pytest.raises(H.HubLinkError) as caught:
        H.hub_target(hub, repo, **extra)
    assert isinstance(caught.value, CourseError)
    assert words in str(caught.value)


def test_repo_without_hub_is_refused_and_no_hub_means_no_links():
    assert H.hub_options(None, None) is None
    with pytest.raises(H.HubLinkError, match="--repo goes with --hub"):
        H.hub_options(None, REPO)


def test_the_page_passes_the_sanitiser_and_fetches_nothing():
    course = load_course(COURSE)
    links = H.lesson_links(H.hub_target(HUB, REPO, directory="my course"), course.documents())
    page = H.links_page(links, course_title=course.title)
    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    assert main is not None
    body = main.decode_contents()
    cleaned = BeautifulSoup(sanitize_html(body), "html.parser")
    # The sanitiser keeps every link as it is: the page needs nothing it would remove.
    assert [a["href"] for a in cleaned.find_all("a")] == [a["href"] for a in main.find_all("a")]
    assert [a["href"] for a in main.find_all("a")] == [u for x in links for u in (x.lab, x.voila)]
    # Nothing is loaded: no script, image, frame or style; the only other file is course.css.
    assert not soup.find_all(["script", "img", "iframe", "object", "embed", "style"])
    assert [link["href"] for link in soup.find_all("link")] == ["course.css"]
    outside = [a["href"] for a in soup.find_all("a") if "//" in a["href"]]
    assert all(href.startswith(f"{HUB}/hub/user-redirect/git-pull?") for href in outside)
    text = soup.get_text(" ")
    for link in links:
        assert link.title in text


def test_titles_are_text_not_markup():
    link = H.LessonLink("x", "<b>Bold</b> & co", "lesson", f"{HUB}/a", f"{HUB}/b")
    page = H.links_page([link], course_title="<i>Course</i>")
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page
    assert "<i>Course</i>" not in page


@needs_typst
def test_the_pdf_holds_every_title_the_steps_and_one_qr_code_per_link():
    from pypdf import PdfReader

    course = load_course(COURSE)
    links = H.lesson_links(H.hub_target(HUB, REPO), course.documents())
    pdf = H.links_pdf(links, course_title=course.title, hub=HUB)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Scan, log in, the lesson opens." in text
    for link in links:
        assert " ".join(link.title.split()) in text, link.title
    data = H._pdf_data(links, course_title=course.title, paper="letter", hub=HUB)
    assert data["paper"] == "us-letter"
    assert [x["lab"] for x in data["links"]] == [H.qr_svg(x.lab) for x in links]


def test_a_qr_code_holds_its_link():
    segno = pytest.importorskip("segno")
    link = H.pull_link(H.hub_target(HUB, REPO), "01-welcome.ipynb")
    svg = H.qr_svg(link)
    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False)
    assert svg == buf.getvalue().decode()
    assert svg.startswith("<svg")
    assert segno.make(link, error="m").designator  # the link fits in one QR code


def _cli():
    sys.path.insert(0, str(ROOT))
    try:
        import build_course as cli
    finally:
        sys.path.remove(str(ROOT))
    return cli


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = _cli().main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    printed = capsys.readouterr()
    return code, printed.out + printed.err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--hub", HUB], "--hub needs --repo"),
        (["--hub", "hub.example.org", "--repo", REPO], "not a web address"),
        (["--hub", "http:/", "--repo", REPO], "not a web address"),
        (["--hub", HUB, "--repo", REPO, "--hub-dir", "/srv"], "--hub-dir /srv"),
        (["--repo", REPO], "--repo goes with --hub"),
        (["--hub", HUB, "--repo", REPO, "--certificates", "n.csv"], "separate run"),
    ],
)
def test_cli_refuses_bad_hub_options_with_exit_2_before_building(tmp_path, capsys, argv, words):
    out = tmp_path / "_build"
    code, printed = _run(["--course", str(FIXTURE), "--out", str(out), "--quiet", *argv], capsys)
    assert code == 2, printed
    assert words in printed
    assert "Traceback" not in printed
    assert not out.exists()


def test_cli_writes_the_links_of_what_was_built_and_lists_them(tmp_path, capsys):
    shutil.copytree(FIXTURE.parent / "lessons", tmp_path / "course" / "lessons")
    shutil.copy(FIXTURE, tmp_path / "course" / "course.toml")
    out = tmp_path / "_build"
    argv = ["--course", str(tmp_path / "course" / "course.toml"), "--out", str(out)]
    argv += ["--quiet", "--no-pdf", "--jobs", "2", "--hub", HUB, "--repo", REPO]
    code, printed = _run([*argv, "--hub-dir", "workshop"], capsys)
    assert code == 0, printed
    page = BeautifulSoup((out / H.HUB_PAGE).read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.find_all("a") if a["href"].startswith(HUB)]
    urlpaths = [_query(h)[1]["urlpath"] for h in hrefs]
    # Learner notebooks only (the front matter is the trainer's), each in both modes.
    assert urlpaths == [
        "lab/tree/workshop/01-basics.ipynb",
        "voila/render/workshop/01-basics.ipynb",
        "lab/tree/workshop/02-forum.ipynb",
        "voila/render/workshop/02-forum.ipynb",
    ]
    assert all((out / "learner" / Path(p).name).is_file() for p in urlpaths)
    assert not (out / H.HUB_PDF).exists()  # --no-pdf
    listed = {e.path: e for e in read_manifest(out)}
    assert listed[H.HUB_PAGE].audience == "learner"
    assert listed[H.HUB_PAGE].lesson is None
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["course"] == "Fixture Course"


# --- Later builds: the links stay, and follow the course ------------------------------------


def _course_copy(tmp_path: Path) -> Path:
    from conftest import copy_fixture_course

    return copy_fixture_course(tmp_path / "course") / "course.toml"


def _build(toml: Path, out: Path, hub: H.HubTarget | None):
    from toolkit.course.build import build_course

    report = build_course(load_course(toml), out, jobs=2, pdf=False, progress=False, hub=hub)
    assert report.ok, report.course_errors or [r.error for r in report.failed]
    return report


def _index_links(out: Path, audience: str = "learner") -> dict[str, str]:
    page = BeautifulSoup((out / audience / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {a["href"]: a.get_text(" ", strip=True) for a in page.find_all("a")}


def _hub_paths(out: Path) -> list[str]:
    return [e.path for e in read_manifest(out) if e.path in (H.HUB_PAGE, H.HUB_PDF)]


def _urlpaths(out: Path) -> list[str]:
    page = BeautifulSoup((out / H.HUB_PAGE).read_text(encoding="utf-8"), "html.parser")
    return [_query(a["href"])[1]["urlpath"] for a in page.find_all("a") if HUB in a["href"]]


def test_a_later_build_without_hub_keeps_the_links_listed_and_linked(tmp_path):
    toml, out = _course_copy(tmp_path), tmp_path / "_build"
    first = _build(toml, out, H.hub_target(HUB, REPO))
    assert H.HUB_PAGE in [e.path for e in first.course_outputs]
    assert _hub_paths(out) == [H.HUB_PAGE]  # --no-pdf: no sheet
    assert _index_links(out)["hub-links.html"] == "Open the lessons on the hub"
    assert "hub-links.html" not in _index_links(out, "trainer")
    made = (out / H.HUB_PAGE).read_bytes()

    _build(toml, out, None)  # an ordinary rebuild, without --hub
    assert _hub_paths(out) == [H.HUB_PAGE]
    assert (out / H.HUB_PAGE).read_bytes() == made  # kept as it was, not re-written
    assert _index_links(out)["hub-links.html"] == "Open the lessons on the hub"

    # Deleted by hand: no longer listed, and the index no longer leads to it.
    (out / H.HUB_PAGE).unlink()
    _build(toml, out, None)
    assert _hub_paths(out) == []
    assert "hub-links.html" not in _index_links(out)


def test_a_later_build_with_hub_keeps_the_links_and_a_new_lesson_gets_its_link(tmp_path):
    toml, out = _course_copy(tmp_path), tmp_path / "_build"
    target = H.hub_target(HUB, REPO)
    _build(toml, out, target)
    assert _urlpaths(out)[::2] == [
        "lab/tree/course/01-basics.ipynb",
        "lab/tree/course/02-forum.ipynb",
    ]
    stamp = (out / H.HUB_PAGE).stat().st_mtime_ns

    again = _build(toml, out, target)  # nothing changed: nothing re-written, still listed
    assert again.executed == []
    assert (out / H.HUB_PAGE).stat().st_mtime_ns == stamp
    assert _hub_paths(out) == [H.HUB_PAGE]

    lessons = toml.parent / "lessons"
    shutil.copy(lessons / "02-forum.ipynb", lessons / "03-more.ipynb")
    with toml.open("a", encoding="utf-8") as f:
        f.write('\n[[lessons]]\nid = "03-more"\ntitle = "More"\nlesson = "lessons/03-more.ipynb"\n')
    newer = _build(toml, out, target)
    assert "03-more" in [r.doc_id for r in newer.results if r.status != "skipped"]
    assert _urlpaths(out)[::2] == [
        "lab/tree/course/01-basics.ipynb",
        "lab/tree/course/02-forum.ipynb",
        "lab/tree/course/03-more.ipynb",
    ]
    assert _hub_paths(out) == [H.HUB_PAGE]
    assert _index_links(out)["hub-links.html"] == "Open the lessons on the hub"

    # Another hub folder: the links are written again for it.
    _build(toml, out, H.hub_target(HUB, REPO, directory="workshop"))
    assert _urlpaths(out)[0] == "lab/tree/workshop/01-basics.ipynb"


def test_without_hub_there_is_no_link_and_a_stray_page_is_not_the_builds(tmp_path):
    toml, out = _course_copy(tmp_path), tmp_path / "_build"
    report = _build(toml, out, None)
    assert H.HUB_PAGE not in [e.path for e in report.course_outputs]
    assert _hub_paths(out) == []
    assert "hub-links.html" not in _index_links(out)
    # A page of that name the build did not make is neither listed nor linked.
    (out / H.HUB_PAGE).write_text("<p>mine</p>", encoding="utf-8")
    _build(toml, out, None)
    assert _hub_paths(out) == []
    assert "hub-links.html" not in _index_links(out)
    assert (out / H.HUB_PAGE).read_text(encoding="utf-8") == "<p>mine</p>"


def test_links_that_cannot_be_written_are_reported_and_left_out(tmp_path, monkeypatch):
    from toolkit.course import pipeline
    from toolkit.course.build import build_course

    def half_written(course, out, target, **kw):
        (out / H.HUB_PAGE).write_text("half", encoding="utf-8")
        msg = "the sheet could not be made"
        raise H.HubLinkError(msg)

    monkeypatch.setattr(pipeline, "write_hub_links", half_written)
    toml, out = _course_copy(tmp_path), tmp_path / "_build"
    course = load_course(toml)
    report = build_course(
        course, out, jobs=2, pdf=False, progress=False, hub=H.hub_target(HUB, REPO)
    )
    assert not report.ok
    assert [str(e) for e in report.course_errors] == ["hub links: the sheet could not be made"]
    assert not (out / H.HUB_PAGE).exists()  # nothing half-made is left
    assert _hub_paths(out) == []
    assert "hub-links.html" not in _index_links(out)
