"""One-click lesson links for a JupyterHub: ``build_course.py --hub URL --repo GIT-URL``.

Each link is an nbgitpuller link: the learner opens it, logs in to the hub, nbgitpuller copies
(or updates) the learner edition from the git repository into her folder ``--hub-dir`` and
opens the lesson, in JupyterLab or, for the no-code mode, in Voilà::

    {hub}/hub/user-redirect/git-pull?repo=..&branch=..&urlpath=lab/tree/{dir}/{id}.ipynb
        &targetpath={dir}

The repository must hold the learner edition (``_build/learner``) at its top: docs/DEPLOY.md
says how to publish it. :func:`write_hub_links` writes :data:`HUB_PAGE` (a page of the learner
site) and :data:`HUB_PDF` (for the trainer to print: one QR code per link, A4 or Letter,
black on white).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from toolkit.course.config import Course, Document
from toolkit.course.errors import CourseConfigError
from toolkit.course.files import atomic_write_bytes, atomic_write_text
from toolkit.course.format import LessonMeta, typst_paper
from toolkit.course.manifest import ManifestEntry
from toolkit.i18n import _

__all__ = [
    "HUB_PAGE",
    "HUB_PDF",
    "HubLinkError",
    "HubTarget",
    "LessonLink",
    "hub_options",
    "hub_target",
    "lesson_links",
    "links_page",
    "links_pdf",
    "pull_link",
    "write_hub_links",
]

HUB_PAGE = "learner/hub-links.html"
HUB_PDF = "trainer/hub-links.pdf"
REPO_SCHEMES = ("https", "http", "file")  # learners have no SSH keys; file: a repo on the hub
# A git branch name without options or tricks: nbgitpuller hands it to git.
_BRANCH = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._/-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


class HubLinkError(CourseConfigError):
    """The hub, repository, branch or folder for the links cannot be used."""


@dataclass(frozen=True)
class HubTarget:
    """Where the links lead: the hub, the git repository of the learner edition, the folder."""

    hub: str  # without a trailing slash, e.g. https://hub.example.org
    repo: str
    branch: str = "main"
    directory: str = "course"  # in each learner's home folder (nbgitpuller's targetpath)


@dataclass(frozen=True)
class LessonLink:
    """One notebook of the learner edition and its two links."""

    id: str
    title: str
    part: str  # "lesson" or "exercise"
    lab: str  # opens the notebook in JupyterLab
    voila: str  # opens it as an app, without code (the no-code mode)


def _hub_url(hub: str) -> str:
    parts = urlsplit(hub.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise HubLinkError(
            _(
                "--hub {hub}: this is not a web address. Give the address learners open, "
                "starting with https://, e.g. --hub https://hub.example.org"
            ).format(hub=hub)
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise HubLinkError(
            _(
                "--hub {hub}: give only the hub's address, without a name, password, '?' or '#'"
                ", e.g. --hub https://hub.example.org"
            ).format(hub=hub)
        )
    path = parts.path.rstrip("/")
    if path.endswith("/hub"):  # the address of the hub's own pages: the links add /hub
        path = path[: -len("/hub")]
    return f"{parts.scheme.lower()}://{parts.netloc}{path}"


def _repo_url(repo: str | None) -> str:
    if not repo:
        raise HubLinkError(
            _(
                "--hub needs --repo: the git repository that holds the learner edition, "
                "e.g. --repo https://git.example.org/course-learner.git (see docs/DEPLOY.md)"
            )
        )
    parts = urlsplit(repo.strip())
    if parts.scheme.lower() not in REPO_SCHEMES or not (parts.netloc or parts.path):
        raise HubLinkError(
            _(
                "--repo {repo}: give the repository's web address, starting with https://, "
                "e.g. --repo https://git.example.org/course-learner.git"
            ).format(repo=repo)
        )
    return repo.strip()


def _branch(branch: str) -> str:
    if not _BRANCH.match(branch) or ".." in branch or branch.endswith((".", "/", ".lock")):
        raise HubLinkError(
            _("--branch {branch}: not a git branch name. Use letters, digits, - _ . /").format(
                branch=branch
            )
        )
    return branch


def _directory(directory: str) -> str:
    path = PurePosixPath(directory.strip())
    bad = (
        not directory.strip()
        or path.is_absolute()
        or directory.strip().startswith("~")
        or _CONTROL.search(directory)
        or any(p in (".", "..") or p.startswith("-") for p in path.parts)
        or ".." in directory.split("/")
    )
    if bad:
        raise HubLinkError(
            _(
                "--hub-dir {folder}: give a folder inside the learner's home, such as course or "
                "workshop/course (no leading /, ~ or ..)"
            ).format(folder=directory)
        )
    return str(path)


def hub_target(
    hub: str, repo: str | None, *, branch: str = "main", directory: str = "course"
) -> HubTarget:
    """Check the options and return the target; a :class:`HubLinkError` says what to fix."""
    return HubTarget(_hub_url(hub), _repo_url(repo), _branch(branch), _directory(directory))


def hub_options(
    hub: str | None, repo: str | None, *, branch: str = "main", directory: str = "course"
) -> HubTarget | None:
    """The command line's --hub, --repo, --branch, --hub-dir checked; None without --hub."""
    if hub is None:
        if repo is not None:
            raise HubLinkError(
                _(
                    "--repo goes with --hub: give the hub's address too, e.g. --hub {example}"
                ).format(example="https://hub.example.org")
            )
        return None
    return hub_target(hub, repo, branch=branch, directory=directory)


def pull_link(target: HubTarget, notebook: str, *, app: str = "lab") -> str:
    """The nbgitpuller link that opens ``notebook`` (a path in the repository).

    ``app`` is ``"lab"`` (JupyterLab) or ``"voila"`` (the notebook as an app, no code).
    """
    where = f"{target.directory}/{notebook}"
    urlpath = {"lab": f"lab/tree/{where}", "voila": f"voila/render/{where}"}[app]
    query = urlencode(
        {
            "repo": target.repo,
            "branch": target.branch,
            "urlpath": urlpath,
            "targetpath": target.directory,
        },
        quote_via=quote,
        safe="",  # as encodeURIComponent in nbgitpuller's own link generator
    )
    return f"{target.hub}/hub/user-redirect/git-pull?{query}"


def _title(doc: Document) -> str:
    try:
        nb = json.loads(doc.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return doc.title
    return (LessonMeta.read(nb).title if isinstance(nb, dict) else "") or doc.title


def lesson_links(target: HubTarget, docs: Sequence[Document]) -> list[LessonLink]:
    """The links of every learner notebook among ``docs``, in course order."""
    return [
        LessonLink(
            d.id,
            _title(d),
            d.part,
            pull_link(target, f"{d.id}.ipynb"),
            pull_link(target, f"{d.id}.ipynb", app="voila"),
        )
        for d in docs
        if not d.trainer_only
    ]


def _words() -> dict[str, str]:
    return {
        "heading": _("Open the lessons on the hub"),
        "intro": _(
            "Each link copies the course into your folder on the hub and opens one lesson. "
            "The first time, log in with the name and password your trainer gives you. "
            "Your own work is kept when a lesson opens again."
        ),
        "lab": _("Open the notebook"),
        "voila": _("Open as an app, no code"),
        "scan": _("Scan, log in, the lesson opens."),
        "no_code": _("App: no code to see"),
        "notebook": _("Notebook"),
    }


def _steps() -> list[str]:
    return [
        _("Open the camera on your phone or tablet and point it at a square code."),
        _("Tap the address that appears. Log in with the name and password from your trainer."),
        _("Wait a moment: the lesson opens. The first time can take a minute."),
    ]


def links_page(
    links: Sequence[LessonLink],
    *,
    course_title: str,
    language: str = "en",
    licence: str = "CC BY-SA 4.0",
) -> str:
    """The learner site's page of links (autoescaped template, no script, nothing fetched)."""
    from toolkit.course import site

    return site.plain_page(
        "hublinks.html.j2",
        title=_("Lessons on the hub"),
        edition=site.Edition(course_title, "learner", language, licence),
        links=list(links),
        hub_words=_words(),
    )


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as SVG (medium error correction, a quiet zone of 2 modules)."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False)
    return buf.getvalue().decode("utf-8")


def _pdf_data(
    links: Sequence[LessonLink], *, course_title: str, paper: str, hub: str
) -> dict[str, Any]:
    from toolkit.course.fonts import font_families

    return {
        "title": course_title,
        "paper": typst_paper(paper) or "a4",
        "hub": hub,
        "fonts": list(font_families()),
        "words": _words(),
        "steps": _steps(),
        "links": [
            {
                "title": link.title,
                "lab": qr_svg(link.lab),
                "voila": qr_svg(link.voila),
            }
            for link in links
        ],
    }


def links_pdf(
    links: Sequence[LessonLink], *, course_title: str, paper: str = "a4", hub: str = ""
) -> bytes:
    """The printable sheet: one QR code per link, black on white (raises HandoutError)."""
    from toolkit.course.fonts import compile_pdf

    source = resources.files("toolkit.course").joinpath("templates", "hublinks.typ")
    data = json.dumps(
        _pdf_data(links, course_title=course_title, paper=paper, hub=hub), ensure_ascii=False
    )
    return compile_pdf(source.read_text("utf-8"), sys_inputs={"data": data})


def write_hub_links(
    course: Course,
    out: Path,
    target: HubTarget,
    *,
    pdf: bool = True,
    paper: str = "a4",
    docs: Sequence[Document] | None = None,
) -> list[ManifestEntry]:
    """Write :data:`HUB_PAGE` (and :data:`HUB_PDF` when ``pdf``) for the learner notebooks
    among ``docs`` (default: those built in ``out``); return their manifest entries.

    The build calls this from :mod:`toolkit.course.pipeline` with the notebooks it holds.
    """
    if docs is None:
        docs = [d for d in course.documents() if (out / "learner" / f"{d.id}.ipynb").is_file()]
    links = lesson_links(target, docs)
    page = links_page(
        links, course_title=course.title, language=course.language, licence=course.licence
    )
    atomic_write_text(out / HUB_PAGE, page)
    entries = [ManifestEntry(HUB_PAGE, None, "learner", "html")]
    if pdf:
        sheet = links_pdf(links, course_title=course.title, paper=paper, hub=target.hub)
        atomic_write_bytes(out / HUB_PDF, sheet)
        entries.append(ManifestEntry(HUB_PDF, None, "trainer", "pdf"))
    return entries
