"""The toolkit's shipped translations (toolkit/locale/<lang>/LC_MESSAGES/toolkit.po and .mo).

A translation that loses a placeholder raises KeyError (or shows "{name}") in front of a learner;
one that drops a code word or a command tells her to type something the toolkit does not take;
a stale .mo shows old words. These tests read every entry of every shipped language.
"""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from toolkit import i18n

LOCALE = Path(i18n.__file__).parent / "locale"
LANGUAGES = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/toolkit.po"))
CODE = re.compile(
    r"`[^`]+`|<[a-z/][^>]*>|--[a-z][a-z-]+|\bpython -m [\w.]+"
    r"|\bmake (?:lab|learn|build|test|classroom|messages|translations|lint|bench|hub-\w+)\b"
)
PERCENT = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def fields(text: str) -> list[str]:
    """The str.format fields of ``text`` (names and format specs), sorted."""
    found = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.append(f"{name}!{conversion or ''}:{spec or ''}")
    return sorted(found) + sorted(PERCENT.findall(text))


def entries(lang: str) -> list[tuple[Message, list[str], list[str]]]:
    """(message, English forms, translated forms) for every translated, non-fuzzy entry."""
    path = LOCALE / lang / "LC_MESSAGES" / "toolkit.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        value = message.string or ""
        strings = [value] if isinstance(value, str) else list(value)
        if any(strings):
            out.append((message, ids, strings))
    return out


def test_french_and_arabic_are_shipped() -> None:
    assert {"fr", "ar"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_its_placeholders(lang: str) -> None:
    wrong = []
    for _message, ids, strings in entries(lang):
        # Plural forms may drop {n} in the "one" form only if the English singular has none.
        want = fields(ids[-1] if len(ids) > 1 else ids[0])
        for form in strings:
            try:
                got = fields(form)
            except ValueError as error:  # an unbalanced brace
                wrong.append((ids[0], form, str(error)))
                continue
            if got != want and not (len(ids) > 1 and set(got) <= set(want)):
                wrong.append((ids[0], form, f"{got} != {want}"))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_code_and_markup(lang: str) -> None:
    wrong = []
    for _message, ids, strings in entries(lang):
        want = sorted(CODE.findall(ids[0]))
        for form in strings:
            if sorted(CODE.findall(form)) != want:
                wrong.append((ids[0], form))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(lang: str) -> None:
    # `make messages` compiles; a .po edited without it ships the old words.
    compiled = gettext.translation("toolkit", LOCALE, languages=[lang])
    stale = []
    for _message, ids, strings in entries(lang):
        if len(ids) == 1:
            if compiled.gettext(ids[0]) != strings[0]:
                stale.append(ids[0])
        elif compiled.ngettext(ids[0], ids[1], 1) not in strings:
            stale.append(ids[0])
    assert stale == []


def test_french_typography_uses_no_breaking_spaces() -> None:
    # « Attention ! » must not break before the "!" at the end of a line on a phone.
    loose = [
        form
        for _m, _ids, strings in entries("fr")
        for form in strings
        if re.search(r" [:;!?»]|« ", form)
    ]
    assert loose == []


def test_the_learner_reads_her_language(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        i18n.set_language("fr")
        assert i18n._("Well done!") != "Well done!"
        i18n.set_language("ar")
        arabic = i18n._("Well done!")
        assert re.search(r"[\u0600-\u06ff]", arabic)
        # Six Arabic plural forms, chosen by the catalogue's own rule.
        forms = {i18n.ngettext("{n} comment", "{n} comments", n) for n in (0, 1, 2, 3, 11, 100)}
        assert len(forms) >= 4
    finally:
        i18n.set_language(None)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated(lang: str) -> None:
    # French and Arabic are complete (issue 16): a new message needs both before it ships,
    # or a learner reads English in the middle of her language. `make messages` lists them.
    path = LOCALE / lang / "LC_MESSAGES" / "toolkit.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    missing = [
        m.id
        for m in catalog
        if m.id
        and (m.fuzzy or not m.string or (not isinstance(m.string, str) and not all(m.string)))
    ]
    assert missing == [], f"translate these in {path} (then make messages): {missing[:5]}"
