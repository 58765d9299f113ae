"""Translation catalogues for the lessons: one gettext file per notebook per language.

The model is Sphinx / Jupyter Book gettext: one entry per Markdown block (paragraph, heading,
list item, table row, quote paragraph), metadata string and quiz-bank string, so translators
use Poedit or Weblate and an edited English paragraph marks only that entry fuzzy.

    locale/templates/<group>/<stem>.pot     English units (groups: lessons, exercises, front)
    locale/<lang>/<group>/<stem>.po         translations; languages from course.toml

Public API (for the course build)::

    units(nb, bank=None) -> list[Unit]           the translatable units, in notebook order
    template(path, bank=None) -> Catalog         a notebook's template
    update(lang=None, root=None) -> list[Path]   extract + merge every notebook (new, fuzzy,
                                                 obsolete), write only what changed
    load(lang, nb_path) -> Catalog | None        a notebook's catalogue in a language
    translate(nb, catalog, lang, extra=()) -> (NotebookNode, Coverage)
                                                 translated copy; English left marked lang="en"
    translate_quiz_bank(data, catalog) -> dict   a quiz bank's TOML data, translated
    Coverage(total, translated, fuzzy, untranslated), coverage_table(lang=None, root=None)

Command line: ``python -m toolkit.course.l10n update|stats [--lang fr]`` (``make translations``).
"""

from toolkit.course.l10n.apply import Coverage, translate, translate_quiz_bank
from toolkit.course.l10n.catalogs import CatalogError, load, template, update
from toolkit.course.l10n.stats import coverage_table
from toolkit.course.l10n.units import Unit, units

__all__ = [
    "CatalogError",
    "Coverage",
    "Unit",
    "coverage_table",
    "load",
    "template",
    "translate",
    "translate_quiz_bank",
    "units",
    "update",
]
