"""The names CSV for completion certificates: who the learners are, and whether a name prints.

    read_names(path)       the learners listed in a names CSV
    name_problem(name)     why a name cannot go on a certificate, or None
    clean_text(value)      one line of plain text, with invisible characters removed

The names CSV has a header row; ``name`` is required, ``handle``, ``notebook`` (that learner's
submitted notebook; several may be separated by ``;``) and ``date`` are optional::

    name,handle,notebook,date
    Amina Karimi,amina_k,submissions/amina/04-first-post.ipynb,
    نور,noor,submissions/noor/04-first-post.ipynb,2026-03-14

Every name is checked before any file is written: not empty, at most ``NAME_LIMIT``
characters, and printable by the fonts (a script with no font is refused with its name, never
printed as empty boxes); bidi controls and invisible characters are removed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from toolkit.course.errors import CertificateError
from toolkit.course.fonts import missing_script

__all__ = [
    "COLUMNS",
    "NAME_LIMIT",
    "Learner",
    "check_texts",
    "clean_text",
    "name_problem",
    "read_names",
]

NAME_LIMIT = 200  # characters; longer "names" are a pasted paragraph, not a name
COLUMNS = ("name", "handle", "notebook", "date")
_NOTEBOOK_SEP = re.compile(r"\s*;\s*")
# Bidi controls (U+202E reverses a name) and invisible characters; ZWNJ/ZWJ stay, as Persian
# and Indic names need them to join letters correctly.
_INVISIBLE = regex.compile(
    r"(?![\u200c\u200d])[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}\p{Cf}]"
)


@dataclass(frozen=True)
class Learner:
    """One row of the names CSV.

    ``notebooks`` are the submitted notebooks as written in the CSV (``;``-separated in the
    ``notebook`` column); ``base_dir`` is the CSV's folder, which relative paths start from.
    ``lessons`` is filled in by ``certified`` with the titles of the notebooks that passed.
    """

    name: str
    handle: str | None = None
    notebooks: tuple[str, ...] = ()
    date: str | None = None
    row: int | None = None  # line number in the CSV (for messages)
    number: int | None = None  # position in the CSV, 1-based (for fallback slugs)
    base_dir: Path | None = None
    lessons: tuple[str, ...] = ()

    @property
    def notebook(self) -> str | None:
        return self.notebooks[0] if self.notebooks else None


def clean_text(value: Any) -> str:
    """One line of text (NFC): control characters and runs of whitespace become single spaces;
    bidi controls and invisible characters are removed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value or "")))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in text)
    return " ".join(text.split())


def _quoted(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def name_problem(name: str) -> str | None:
    """Why ``name`` (already cleaned) cannot go on a certificate, or None when it can."""
    if not name:
        return "the name is empty. Fix: write the learner's name, or delete the line."
    if len(name) > NAME_LIMIT:
        return (
            f"the name is longer than {NAME_LIMIT} characters ({len(name)}), which will not "
            f"fit on a certificate. Fix: shorten it to the name the learner wants printed."
        )
    missing = missing_script(name)
    if missing:
        return (
            f"the name {_quoted(name)} cannot be printed: {missing}. Fix: install that font, "
            f"or write the name as the learner wants it in a script the fonts cover "
            f"(Latin, Arabic, Khmer, ...)."
        )
    return None


def check_texts(problems: list[str]) -> None:
    """Raise one :class:`CertificateError` listing every problem, if there are any."""
    if problems:
        count = len(problems)
        msg = (
            f"{count} {'entry' if count == 1 else 'entries'} cannot be printed, so no "
            f"certificate was written:\n  " + "\n  ".join(problems)
        )
        raise CertificateError(msg)


def _delimiter(text: str) -> str:
    """``,`` normally; ``;`` or tab when the header uses those (spreadsheets in some locales)."""
    for line in text.splitlines():
        if line.strip():
            if "," not in line:
                for sep in (";", "\t"):
                    if sep in line:
                        return sep
            return ","
    return ","


def _read_text(path: Path) -> str:
    """The CSV's text (UTF-8, with or without BOM), or a CertificateError saying how to fix it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the names list ({exc.strerror or exc}). Fix: check the path."
        raise CertificateError(msg) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = (
            f"{path}: the names list is not UTF-8 text (byte {exc.start}). Fix: save it as "
            f"'CSV UTF-8' from your spreadsheet so names in every script survive."
        )
        raise CertificateError(msg) from exc


def _header(row: list[str], where: str) -> list[str]:
    """The column names (lower case), or an error when there is no ``name`` column."""
    header = [cell.strip().lower() for cell in row]
    if "name" not in header:
        found = ", ".join(repr(c) for c in row if c.strip()) or "nothing"
        msg = (
            f"{where}: the header has no 'name' column (found {found}). "
            f"Fix: make the first line 'name,handle,notebook,date' "
            f"(only 'name' is required) and put one learner per line below it."
        )
        raise CertificateError(msg)
    return header


def _learner(values: dict[str, str], name: str, *, row: int, number: int, base: Path) -> Learner:
    notebooks = tuple(nb for nb in _NOTEBOOK_SEP.split(values.get("notebook") or "") if nb)
    return Learner(
        name=name,
        handle=(values.get("handle") or "").lstrip("@").strip() or None,
        notebooks=notebooks,
        date=clean_text(values.get("date")) or None,
        row=row,
        number=number,
        base_dir=base,
    )


def read_names(path: str | Path) -> list[Learner]:
    """The learners in a names CSV (UTF-8, with or without BOM; blank lines are skipped)."""
    path = Path(path)
    text = _read_text(path)
    reader = csv.reader(text.splitlines(), delimiter=_delimiter(text))
    header: list[str] | None = None
    learners: list[Learner] = []
    problems: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank line (or only separators)
        if header is None:
            header = _header(row, f"{path}, line {line}")
            continue
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        name = clean_text(values.get("name"))
        problem = name_problem(name)
        if problem:
            # Every line is checked before anything is printed: one list of all the fixes.
            problems.append(f"{path}, line {line}: {problem}")
            continue
        number = len(learners) + 1
        learners.append(_learner(values, name, row=line, number=number, base=path.parent))
    if header is None:
        msg = (
            f"{path}: the names list is empty. Fix: write 'name' on the first line and one "
            f"learner's name on each line below it."
        )
        raise CertificateError(msg)
    check_texts(problems)
    return learners
