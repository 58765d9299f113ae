"""What the build makes: one table of outputs, from which the build, the manifest and the
removal of stale files all follow.

Each notebook of ``course.toml`` makes the rows of :data:`DOCUMENT_OUTPUTS` whose condition
holds; the course as a whole makes :data:`COURSE_OUTPUTS`. A row says where the file goes, for
whom, what kind it is (the manifest's words), which steps turn the executed notebook into the
edition it shows, and which writer makes the bytes. Rows are in manifest order.

A new output is one new row (and, if no writer fits, one writer function here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.course import steps as S
from toolkit.course.config import Document
from toolkit.course.hublinks import HUB_PAGE, HUB_PDF  # light: its writers import lazily
from toolkit.course.manifest import ManifestEntry
from toolkit.course.site import CSS_FILE
from toolkit.i18n import _

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "CARD_PACK",
    "COURSE_OUTPUTS",
    "DOCUMENT_OUTPUTS",
    "LEARNER_NOTEBOOK",
    "LEARNER_PAGE",
    "SITE_FILES",
    "TRAINER_GUIDE",
    "TRAINER_NOTEBOOK",
    "TRAINER_PAGE",
    "CourseOutput",
    "DocumentTask",
    "Output",
    "Settings",
    "course_entries",
    "load_handout",
    "outputs_for",
    "write_card_pack",
]

# --- The steps, in order (each is (nb, resources) -> (nb, resources)) -------------------------
# remove_trainer_cells must come first in every learner list: later steps never see answers.
LEARNER_NOTEBOOK: list[S.Step] = [S.remove_trainer_cells]
LEARNER_PAGE: list[S.Step] = [
    S.remove_trainer_cells,
    S.remove_parameters_cells,
    S.strip_widget_state,
]
TRAINER_NOTEBOOK: list[S.Step] = []
# mark_trainer_notes before strip_widget_state: order among these two does not matter, but
# remove_parameters_cells must run after nothing that inserts cells next to parameters.
TRAINER_PAGE: list[S.Step] = [S.remove_parameters_cells, S.mark_trainer_notes, S.strip_widget_state]

# A kit page the trainer copies for learners (self-assessment, risk plan...): her notes and
# answers are left out, as in a learner handout, but it sits in the trainer's folder.
KIT_COPY: list[S.Step] = [S.remove_trainer_cells]

TRAINER_GUIDE = "trainer/trainer-guide.pdf"
CARD_PACK = "trainer/card-pack.pdf"  # every lesson's Cards blocks (toolkit.course.cards)


@dataclass(frozen=True)
class Settings:
    """What is the same for every notebook of one build."""

    out: Path
    course_title: str
    language: str
    licence: str
    pdf: bool
    paper: str
    timeout: int = 600
    params: Mapping[str, Any] = field(default_factory=dict)
    # The course's languages, its own first (the pages' language switcher); an edition in
    # another language than languages[0] is built from translated notebooks.
    languages: tuple[str, ...] = ()
    # Those the switcher links: this build's and those on disk beside it (None: all).
    linked: tuple[str, ...] | None = None

    @property
    def translated(self) -> bool:
        return bool(self.languages) and self.language != self.languages[0]


@dataclass(frozen=True)
class DocumentTask:
    """One pool task: execute one notebook (or its learner variant) and write its outputs."""

    doc: Document
    key: str  # of every input of its outputs (unchanged: the notebook is skipped)
    exec_key: str  # of its execution (the cache's key)
    settings: Settings
    nav: Mapping[str, tuple[Any, Any]]  # audience -> (prev Link | None, next Link | None)
    # Which execution: None = every cell (answers included), "learner" = the learner variant.
    variant: str | None = None
    # Whose outputs this task writes from that execution: ("trainer",), ("learner",) or both
    # (both only when the notebook has no trainer/solution code cell to hide).
    audiences: tuple[str, ...] = ("learner", "trainer")
    # The notebook translated into the edition's language (None: read doc.path as it is).
    source: bytes | None = None


def load_handout() -> Any:
    """Import ``toolkit.course.handout`` (the PDF renderer), or raise a clear error."""
    from toolkit.course.errors import HandoutUnavailableError

    try:
        from toolkit.course import handout  # lazily: Typst is heavy
    except ImportError as exc:
        msg = (
            f"PDF handouts need toolkit.course.handout, which cannot be imported ({exc}). "
            "Build without PDFs with --no-pdf, or install what it needs."
        )
        raise HandoutUnavailableError(msg) from exc
    return handout


# --- Writers: (edition, task, audience) -> the file's bytes ------------------------------------
Writer = Callable[["nbformat.NotebookNode", DocumentTask, str], bytes]


def write_notebook(nb: nbformat.NotebookNode, task: DocumentTask, audience: str) -> bytes:
    """The edition as a notebook (it re-runs to the same outputs under nbval)."""
    import nbformat

    return nbformat.writes(nb).encode()


def write_page(nb: nbformat.NotebookNode, task: DocumentTask, audience: str) -> bytes:
    """The edition as an HTML page of the course site, with its neighbours linked."""
    from toolkit.course import site

    prev, nxt = task.nav[audience]
    s = task.settings
    page = site.lesson_page(
        nb,
        title=task.doc.title,
        audience=audience,
        prev=prev,
        next=nxt,
        course_title=s.course_title,
        language=s.language,
        licence=s.licence,
        languages=s.languages,
        linked=s.linked,
        page=f"{task.doc.id}.html",
    )
    return page.encode()


def write_handout(nb: nbformat.NotebookNode, task: DocumentTask, audience: str) -> bytes:
    """The printable handout (PDF); images beside the lesson print."""
    s = task.settings
    return load_handout().render_handout(
        nb,
        audience=audience,
        paper=s.paper,
        course_title=s.course_title,
        base_dir=task.doc.path.parent,
    )


def write_takehome(nb: nbformat.NotebookNode, task: DocumentTask, audience: str) -> bytes:
    """The take-home sheet (PDF, one or two pages; too long: a HandoutError naming the lesson)."""
    s = task.settings
    return load_handout().render_takehome(nb, paper=s.paper, course_title=s.course_title)


def write_kit(nb: nbformat.NotebookNode, task: DocumentTask, audience: str) -> bytes:
    """A front-matter page as its own PDF, printed as learners get it (no trainer notes)."""
    s = task.settings
    return load_handout().render_handout(
        nb,
        audience="learner",
        paper=s.paper,
        course_title=s.course_title,
        base_dir=task.doc.path.parent,
        label=_("Workshop kit"),
    )


def write_card_pack(
    paths: Iterable[Path], out: Path, *, paper: str, course_title: str, lang: str = "en"
) -> int:
    """Write :data:`CARD_PACK` from the notebooks at ``paths``; return how many activities.

    With no Cards block anywhere it is still written: one page that says there are no cards
    yet and how to add them, so the trainer's link never leads nowhere.
    """
    from toolkit.course.cards import collect_course
    from toolkit.course.files import atomic_write_bytes

    blocks = collect_course(paths)
    pdf = load_handout().render_card_pack(blocks, paper=paper, course_title=course_title, lang=lang)
    atomic_write_bytes(out / CARD_PACK, pdf)
    return len(blocks)


# --- Conditions: (notebook, pdf wanted) -> made? -----------------------------------------------
Condition = Callable[[Document, bool], bool]


def always(doc: Document, pdf: bool) -> bool:
    return True


def for_learners(doc: Document, pdf: bool) -> bool:
    """Every notebook but trainer-only front matter."""
    return not doc.trainer_only


def learner_pdf(doc: Document, pdf: bool) -> bool:
    return pdf and not doc.trainer_only


def lesson_pdf(doc: Document, pdf: bool) -> bool:
    """Lessons only (not exercises, not front matter)."""
    return pdf and doc.part == "lesson"


def front_pdf(doc: Document, pdf: bool) -> bool:
    """Front matter only: the trainer's kit pages."""
    return pdf and doc.part == "front-matter"


@dataclass(frozen=True)
class Output:
    """One row of the table: a file each notebook may make."""

    pattern: str  # relative to the output folder; {id} is the notebook's id
    audience: str
    kind: str  # the manifest's kind: html, notebook, pdf
    steps: tuple[S.Step, ...]
    writer: Writer
    when: Condition = always

    def path(self, doc: Document) -> str:
        return self.pattern.format(id=doc.id)

    def entry(self, doc: Document, language: str = "en") -> ManifestEntry:
        return ManifestEntry(self.path(doc), doc.lesson, self.audience, self.kind, language)


# Manifest order. The phase a row is timed under (--profile) is its kind.
DOCUMENT_OUTPUTS: tuple[Output, ...] = (
    Output("learner/{id}.html", "learner", "html", (*LEARNER_PAGE,), write_page, for_learners),
    Output(
        "learner/{id}.ipynb",
        "learner",
        "notebook",
        (*LEARNER_NOTEBOOK,),
        write_notebook,
        for_learners,
    ),
    Output(
        "learner/{id}-handout.pdf",
        "learner",
        "pdf",
        (*LEARNER_NOTEBOOK,),
        write_handout,
        learner_pdf,
    ),
    Output(
        "learner/{id}-takehome.pdf",
        "learner",
        "pdf",
        (*LEARNER_NOTEBOOK,),
        write_takehome,
        lesson_pdf,
    ),
    Output("trainer/{id}.html", "trainer", "html", (*TRAINER_PAGE,), write_page),
    Output("trainer/{id}.ipynb", "trainer", "notebook", (*TRAINER_NOTEBOOK,), write_notebook),
    Output("trainer/front/{id}.pdf", "trainer", "pdf", (*KIT_COPY,), write_kit, front_pdf),
)


def document_outputs(doc: Document, *, pdf: bool) -> list[Output]:
    """The rows one notebook makes."""
    return [o for o in DOCUMENT_OUTPUTS if o.when(doc, pdf)]


def outputs_for(doc: Document, *, pdf: bool, language: str = "en") -> list[ManifestEntry]:
    """Every output file one notebook makes (paths relative to the output root).

    With ``pdf=True`` these are also every file it may have made: what goes when it fails.
    """
    return [o.entry(doc, language) for o in document_outputs(doc, pdf=pdf)]


@dataclass(frozen=True)
class CourseOutput:
    """One row of the course-wide table (no lesson: ``null`` in the manifest)."""

    path: str
    audience: str
    kind: str
    # "outline": outline.write_outline; "guide": worker.build_guide, and with it (written
    # when the guide is settled, from the same notebooks) the card pack; "hub":
    # hublinks.write_hub_links (with --hub; a later build without it keeps them)
    made_by: str
    pdf_only: bool = False
    optional: bool = False  # listed only when made (the hub links: once built with --hub)


COURSE_OUTPUTS: tuple[CourseOutput, ...] = (
    CourseOutput("learner/index.html", "learner", "html", "outline"),
    CourseOutput("trainer/index.html", "trainer", "html", "outline"),
    CourseOutput("learner/glossary.html", "learner", "html", "outline"),
    CourseOutput("trainer/glossary.html", "trainer", "html", "outline"),
    # Rendered in the pool once every trainer notebook is written (pipeline.run).
    CourseOutput(TRAINER_GUIDE, "trainer", "pdf", "guide", pdf_only=True),
    CourseOutput(CARD_PACK, "trainer", "pdf", "guide", pdf_only=True),
    CourseOutput(HUB_PAGE, "learner", "html", "hub", optional=True),
    CourseOutput(HUB_PDF, "trainer", "pdf", "hub", pdf_only=True, optional=True),
)
# Written beside the pages, not listed in the manifest, still the build's own (--clean).
SITE_FILES = (f"learner/{CSS_FILE}", f"trainer/{CSS_FILE}")


def course_entries(
    *, pdf: bool, made: Callable[[str], bool], language: str = "en"
) -> list[ManifestEntry]:
    """The course-wide outputs for the manifest; a PDF or an optional page only when it was
    ``made``."""
    return [
        ManifestEntry(o.path, None, o.audience, o.kind, language)
        for o in COURSE_OUTPUTS
        if (pdf or not o.pdf_only) and (not (o.pdf_only or o.optional) or made(o.path))
    ]


def outline_paths() -> list[str]:
    """The pages :func:`toolkit.course.outline.write_outline` writes."""
    return [o.path for o in COURSE_OUTPUTS if o.made_by == "outline"]
