"""Forum refusals in the form's words: the field named by the label she sees, in her language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from toolkit import i18n
from toolkit.forum import Forum
from toolkit.forum.errors import ForumError
from toolkit.widgets.base import name_fields as from_base
from toolkit.widgets.labels import empty_refusals, name_fields


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        pytest.param(
            "The comment is empty. Write something in it, then try again.",
            "Write a few words in “Your own words” first.",
            id="empty",
        ),
        pytest.param(
            "The comment is too long (2,001 characters). Keep it under 2,000.",
            "“Your own words” is too long (2,001 characters). Keep it under 2,000.",
            id="too-long",
        ),
        pytest.param(
            "The title must fit on one line. Remove the line breaks and try again.",
            "“Title” must fit on one line. Remove the line breaks and try again.",
            id="one-line",
        ),
        pytest.param(
            "The quoted post has been taken down, so it cannot be quoted now.",
            "The quoted post has been taken down, so it cannot be quoted now.",
            id="not-a-field",
        ),
    ],
)
def test_messages_name_fields_by_their_labels(message, shown):
    labels = {"comment": "Your own words", "title": "Title"}
    assert name_fields(message, labels) == shown


def test_name_fields_is_still_importable_from_base():
    assert from_base is name_fields


def test_an_excerpt_left_empty_is_named_by_its_label():
    [said] = [s for s in empty_refusals("excerpt") if "Copy" in s]
    assert name_fields(said, {"excerpt": "Words to quote"}) == (
        "Write a few words in “Words to quote” first."
    )


@pytest.fixture
def french(tmp_path: Path) -> Iterator[None]:
    """A French catalogue holding only the sentences these tests need."""
    catalog = Catalog(locale="fr", domain="toolkit")
    for english, french in {
        "The {field} is empty. Write something in it, then try again.": (
            "Le champ « {field} » est vide. Écrivez quelque chose, puis réessayez."
        ),
        "comment": "commentaire",
        "The excerpt is empty. Copy a few words from the post you want to quote.": (
            "L'extrait est vide. Copiez quelques mots du message à citer."
        ),
        "Write a few words in “{label}” first.": "Écrivez d'abord quelques mots dans « {label} ».",
    }.items():
        catalog.add(english, french)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield
    i18n.set_language("en")


def test_a_translated_empty_refusal_is_named_by_the_forms_label(french):
    forum = Forum()
    try:
        forum.join("amina_k", "Amina")
        post = forum.post("amina_k", "Bonjour", "Un premier message.")
        with pytest.raises(ForumError) as refused:
            forum.comment(post, "amina_k", "   ")
    finally:
        forum.close()
    said = refused.value.message
    assert said == "Le champ « commentaire » est vide. Écrivez quelque chose, puis réessayez."
    assert name_fields(said, {"comment": "Vos mots"}) == (
        "Écrivez d'abord quelques mots dans « Vos mots »."
    )
    # A field the form does not label is left as the forum said it.
    assert name_fields(said, {"title": "Titre"}) == said


def test_a_translated_empty_excerpt_is_named_by_the_forms_label(french):
    said = "L'extrait est vide. Copiez quelques mots du message à citer."
    assert said in empty_refusals("excerpt")
    assert name_fields(said, {"excerpt": "Mots à citer"}) == (
        "Écrivez d'abord quelques mots dans « Mots à citer »."
    )
