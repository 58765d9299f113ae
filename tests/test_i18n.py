"""Messages come from one gettext catalogue; the committed template is up to date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from toolkit import i18n
from toolkit.checks import Feedback, check_alias

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "toolkit" / "locale" / "toolkit.pot"


@pytest.fixture
def french(tmp_path: Path) -> Iterator[Path]:
    catalog = Catalog(locale="fr", domain="toolkit")
    catalog.add("Well done!", "Bravo !")
    catalog.add("Not yet — keep going", "Pas encore — continuez")
    catalog.add("Your alias contains your real name.", "Votre pseudo contient votre vrai nom.")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield tmp_path
    i18n.set_language("en")


def test_english_without_a_catalogue() -> None:
    i18n.set_language("xx")
    try:
        assert i18n._("Well done!") == "Well done!"
        assert "Well done!" in str(Feedback("demo", True, [], []))
    finally:
        i18n.set_language("en")


def test_messages_are_translated(french: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLKIT_PROGRESS", "off")
    assert "Bravo !" in str(Feedback("demo", True, [], []))
    fb = check_alias("amina_k", real_name="Amina")
    assert "Pas encore — continuez" in fb._repr_html_()
    assert "Votre pseudo contient votre vrai nom." in fb.missing
    # Untranslated messages fall back to English.
    assert "The forum accepts this alias." in fb.good


def test_template_lists_the_learner_messages() -> None:
    with POT.open("rb") as src:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(src) if m.id}
    for msgid in (
        "Well done!",
        "Not yet — keep going",
        "You have not posted anything yet.",
        "Your alias contains your real name.",
        "The notebook stopped at cell {n}: {line}",
        "{notebook}: {n} of {total} check passed",
        "Saving progress is turned off on this computer.",
        "phone number",
    ):
        assert msgid in ids, msgid


def test_template_is_up_to_date() -> None:
    # The same extraction as `pybabel extract ... toolkit`, through Babel's API.
    fresh = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(ROOT / "toolkit")
    }
    with POT.open("rb") as src:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(src) if m.id}
    stale = sorted(fresh ^ committed)
    assert not stale, (
        "toolkit/locale/toolkit.pot is out of date; run: pybabel extract --no-location "
        f"--sort-output -o toolkit/locale/toolkit.pot toolkit (differs: {stale[:5]})"
    )
