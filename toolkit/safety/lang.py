"""Which language a text is read in, and the folding that lets one pattern read its spellings.

``pick_language`` turns a locale name ("fr_FR.UTF-8", "ar-MA") into the patterns' language code,
defaulting to the toolkit's own language; ``fold`` makes digit forms, alef forms (and accents when
a language's patterns ask for it) one, letter for letter, so a finding keeps its place.
"""

from __future__ import annotations

import os
import re

__all__ = ["ARABIC_MARKS", "fold", "pick_language"]

# One letter for one letter, so a match's place is its place in the learner's own text:
# Eastern Arabic-Indic and Persian digits become 0-9 (phonenumbers and "\d{1,5}" read them
# alike), the forms of alef one alef, Arabic punctuation its Latin twin.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹أإآٱى؟؛،", "01234567890123456789ااااي?;,")
# French typed on a phone often drops its accents ("ecole", "ou j'habite"): read both alike.
_ACCENTS = str.maketrans("àâäéèêëîïôöùûüçÿÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ", "aaaeeeeiioouuucyAAAEEEEIIOOUUUC")


# Arabic vowel marks and the stretching tatweel ("أَنْتِ", "عـار"): readers of a text drop them
# to read the bare letters, as most people type them (not done by fold: it changes the length).
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def fold(text: str, *, accents: bool = False) -> str:
    """``text`` with digits, alef forms (and accents when asked) made one; same length."""
    text = text.translate(_DIGITS)
    return text.translate(_ACCENTS) if accents else text


def pick_language(lang: str | None = None) -> str:
    """ "fr" for "fr_FR.UTF-8" or "fr-CA"; None: the toolkit's language, else English."""
    from toolkit.i18n import base_language, language  # read when asked: set_language may change it

    if not lang:
        # Before any message is shown, set_language() has not yet read TOOLKIT_LANG.
        lang = language() or os.environ.get("TOOLKIT_LANG") or "en"
    return base_language(lang)
