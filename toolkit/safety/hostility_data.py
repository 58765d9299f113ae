"""The hostility finder's data per language, read once from ``patterns/hostility.<lang>.toml``.

A language without its own file is read with the English one; the words are folded like the
text they are matched against (:func:`toolkit.safety.lang.fold`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from typing import Any

from toolkit.safety.lang import fold

__all__ = ["data", "glad_words", "quoting", "spellings"]


@functools.cache
def data(lang: str) -> dict[str, Any]:
    source = resources.files("toolkit.safety") / "patterns" / f"hostility.{lang}.toml"
    if not source.is_file():  # an unknown language is read with the English patterns
        source = resources.files("toolkit.safety") / "patterns" / "hostility.en.toml"
    text = source.read_text(encoding="utf-8")
    # Folded like the text it reads (risk_rules.fold): "ou tu habites" finds "où tu habites".
    accents = bool(tomllib.loads(text).get("fold_accents"))
    data: dict[str, Any] = tomllib.loads(fold(text, accents=accents))
    return data


@functools.cache
def quoting(lang: str) -> dict[str, re.Pattern[str]]:
    """A language's own words for reporting, reported speech and denial ([quoting] in its TOML),
    read beside the English ones."""
    return {k: re.compile(v, re.IGNORECASE) for k, v in data(lang).get("quoting", {}).items()}


@functools.cache
def glad_words(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Capitals that are joy, not anger: made only of glad words ("THANK YOU SO MUCH"), or
    holding a joy word and no angry one ("YES!!! WE GOT THE GRANT")."""
    table = data(lang).get("shouting", {})
    return tuple(  # type: ignore[return-value]
        frozenset(w.lower() for w in table.get(key, []))
        for key in ("glad_words", "joy_words", "angry_words")
    )


@functools.cache
def spellings(lang: str) -> dict[str, str]:
    """Phone spellings and their words ("wat" -> "what"), from the TOML's [spelling]."""
    return {k.lower(): v for k, v in data(lang).get("spelling", {}).items()}
