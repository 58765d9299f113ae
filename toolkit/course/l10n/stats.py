"""How much of each notebook each language translates: the coverage table."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from toolkit.course.config import load_course
from toolkit.course.l10n.apply import Coverage
from toolkit.course.l10n.catalogs import catalog_path, entries, languages, read
from toolkit.i18n import _

__all__ = ["catalog_coverage", "coverage_rows", "coverage_table"]


def catalog_coverage(catalog: Catalog | None) -> Coverage:
    """Translated, fuzzy and untranslated entries of a catalogue (obsolete ones not counted)."""
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for message in catalog or ():
        if not message.id:
            continue  # the header
        if not message.string:
            counts["untranslated"] += 1
        elif message.fuzzy:
            counts["fuzzy"] += 1
        else:
            counts["translated"] += 1
    return Coverage(sum(counts.values()), **counts)


def coverage_rows(
    lang: str | None = None, root: Path | None = None
) -> list[tuple[str, str, Coverage]]:
    """(language, group/stem, coverage) for every notebook and language (a missing file counts
    as nothing translated: its template's entries)."""
    root = (root or Path.cwd()).resolve()
    course = load_course(root / "course.toml")
    locale_dir = root / "locale"
    rows = []
    for code in [lang] if lang else languages(root):
        for entry in entries(course):
            po = catalog_path(locale_dir, code, entry.group, entry.stem)
            pot = catalog_path(locale_dir, None, entry.group, entry.stem)
            if po.is_file():
                found = catalog_coverage(read(po, code))
            else:
                total = catalog_coverage(read(pot)).total if pot.is_file() else 0
                found = Coverage(total, 0, 0, total)
            rows.append((code, f"{entry.group}/{entry.stem}", found))
    return rows


def coverage_table(lang: str | None = None, root: Path | None = None) -> str:
    """A plain-text table per language and notebook: translated / fuzzy / untranslated / %."""
    rows = coverage_rows(lang, root)
    heads = (_("language"), _("notebook"), _("translated"), _("fuzzy"), _("untranslated"), "%")
    body: list[tuple[str, ...]] = []
    for code in dict.fromkeys(code for code, _name, _c in rows):
        mine = [(name, c) for k, name, c in rows if k == code]
        sums = [
            sum(getattr(c, f) for _n, c in mine) for f in ("translated", "fuzzy", "untranslated")
        ]
        total = Coverage(sum(sums), *sums)
        for name, c in [*mine, (_("all"), total)]:
            body.append(
                (
                    code,
                    name,
                    str(c.translated),
                    str(c.fuzzy),
                    str(c.untranslated),
                    f"{c.percent:.0f}",
                )
            )
    widths = [max(len(row[i]) for row in [heads, *body]) for i in range(len(heads))]
    lines = []
    for row in [heads, *body]:
        cells = [row[i].ljust(widths[i]) if i < 2 else row[i].rjust(widths[i]) for i in range(6)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
