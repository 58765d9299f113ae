"""A minimal alias check, used only when ``toolkit.checks.check_alias`` is not available.

It says whether a proposed username gives away who or where someone is.
"""

from __future__ import annotations

import re
import unicodedata


def _fold(text: str) -> str:
    """Lower case, accents off, letters and digits only: "Amína_K" -> "aminak"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def alias_warnings(
    alias: str,
    *,
    real_name: str | None = None,
    town: str | None = None,
    phone: str | None = None,
    birth_year: int | str | None = None,
) -> list[str]:
    """Plain-English notes on what the alias gives away (empty when it looks safe)."""
    folded = _fold(alias)
    notes: list[str] = []
    if real_name:
        parts = [_fold(p) for p in re.split(r"[\s\-_.']+", real_name)]
        if any(len(p) >= 3 and p in folded for p in parts):
            notes.append("This username contains your real name. Choose one that does not.")
    if town:
        place = _fold(town)
        if len(place) >= 3 and place in folded:
            notes.append("This username names your town. Strangers could find where you live.")
    if phone:
        digits = re.sub(r"\D", "", phone)
        alias_digits = re.sub(r"\D", "", alias)
        runs = {digits[i : i + 4] for i in range(len(digits) - 3)}
        if any(run in alias_digits for run in runs):
            notes.append("This username contains numbers from your phone. Leave them out.")
    if birth_year:
        year = str(birth_year).strip()
        digits_in_alias = re.findall(r"\d+", alias)
        if len(year) == 4 and any(year in d or d == year[2:] for d in digits_in_alias):
            notes.append("This username shows your birth year. Leave it out.")
    return notes


__all__ = ["alias_warnings"]
