"""Messages for learners, looked up in one gettext catalogue (English when none is installed).

Everything a learner reads in the checks, the grader and the progress card goes through ``_``::

    from toolkit.i18n import _
    print(_("Well done!"))

Catalogues live in ``toolkit/locale/<lang>/LC_MESSAGES/toolkit.mo``. To refresh the template after
changing a message (no babel.cfg needed: pybabel reads every .py file with its Python extractor)::

    pybabel extract --no-location --sort-output -o toolkit/locale/toolkit.pot toolkit
    pybabel init -i toolkit/locale/toolkit.pot -d toolkit/locale -D toolkit -l fr   # a new language
    pybabel update -i toolkit/locale/toolkit.pot -d toolkit/locale -D toolkit        # later
    pybabel compile -d toolkit/locale -D toolkit

The language comes from ``set_language()``, else the ``TOOLKIT_LANG`` environment variable, else
the usual ``LANGUAGE`` / ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` variables.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "_",
    "direction",
    "gettext",
    "language",
    "ngettext",
    "set_language",
]

DOMAIN = "toolkit"
LOCALE_DIR = Path(__file__).parent / "locale"

_translations: _gettext.NullTranslations | None = None
_language: str | None = None


def _load(lang: str | None, localedir: Path) -> _gettext.NullTranslations:
    languages = None if lang is None else [lang]
    # fallback=True: a missing catalogue means English (the msgids), never an error.
    return _gettext.translation(DOMAIN, localedir, languages=languages, fallback=True)


def set_language(lang: str | None = None, localedir: str | Path | None = None) -> None:
    """Use the catalogue for ``lang`` (e.g. "fr"); ``None``: the environment's choice."""
    global _translations, _language
    lang = lang or os.environ.get("TOOLKIT_LANG") or None
    _translations = _load(lang, Path(localedir) if localedir is not None else LOCALE_DIR)
    _language = lang


def language() -> str | None:
    """The language asked for with ``set_language`` or ``TOOLKIT_LANG`` (None: environment's)."""
    return _language


# A locale code as people and systems write it: "fr", "fr-CA", "fr_FR.UTF-8", "sr@latin".
_LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*(?:\.[\w-]+)?(?:@\w+)?")


def base_language(code: str | None) -> str:
    """The language of a locale code: "fr" for "fr_FR.UTF-8", "fr-CA" or "FR"; "en" for none
    or for what is not a locale code ("fr/../ar", "english": Typst, the pattern files and the
    quiz folders need a plain one)."""
    match = _LOCALE.fullmatch((code or "").strip())
    return match.group(1).lower() if match else "en"


def direction(lang: str | None = None) -> str:
    """ "rtl" for a language written right to left (Arabic, Persian, Urdu...), else "ltr";
    ``None``: the toolkit's language. From Babel's CLDR data, not a list of our own."""
    from babel import Locale, UnknownLocaleError

    code = (lang or language() or "en").replace("-", "_").split(".")[0]
    try:
        order = Locale.parse(code).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def _active() -> _gettext.NullTranslations:
    if _translations is None:
        set_language()
    assert _translations is not None
    return _translations


def gettext(message: str) -> str:
    """The message in the learner's language (the English text when there is no translation)."""
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, translated."""
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:  # the name pybabel looks for
    """Mark a message for extraction without translating it yet (translate where it is shown)."""
    return message


_ = gettext
