"""The risk finder reads French: posts as learners write them (with and without accents, in lower
case, with spelling mistakes) flag the right kind; safe look-alikes stay unflagged.
All names and places are made up."""

from __future__ import annotations

import pytest

from toolkit import i18n
from toolkit.checks import risky
from toolkit.safety import find_risks, risk_rules


def kinds(text: str, lang: str = "fr") -> set[str]:
    return {f.kind for f in find_risks(text, lang=lang)}


RISKY = [
    # home: a street and a number, a landmark beside her door
    ("home", "J'habite au 12 rue des Flamboyants, juste à côté de la boulangerie."),
    ("home", "j habite a cote de la grande mosquee de Bellevue, la maison avec le portail vert"),
    ("home", "Venez me rendre visite : 45, avenue Kanté Sory, 2e étage."),
    ("home", "ma boutique est juste en face du marche de Tilène"),
    ("home", "Nous habitons dans le quartier Mbambilor, derrière le château d'eau."),
    ("home", "la clé est toujours sous le pot de fleurs devant la porte"),
    ("home", "Pour le colis, villa n°45 cité Keur Yaba, merci"),
    # school and child
    ("child", "Ma fille Awa est en CM2 à l'école Les Palmiers."),
    ("child", "mon fils Ibou va au lycee Cheikh Oumar depuis septembre"),
    ("child", "ma petite rentre seule de l'ecole a 16h30, je m'inquiète"),
    # routine with a time
    ("routine", "Tous les matins à 6h je vais chercher l'eau au puits toute seule."),
    ("routine", "chaque jour a 7h je prend le car rapide devant la station"),
    ("routine", "Je rentre seule du travail le soir vers 22h par la piste."),
    # workplace
    ("workplace", "Je travaille à la pharmacie du Marché Central depuis deux ans."),
    ("workplace", "je suis infirmiere a l'hopital de Kolda, service maternité"),
    # phones in national formats
    ("phone", "Appelle-moi au 06 12 34 56 78 pour la tontine."),
    ("phone", "mon num c'est 0612345678"),
    ("phone", "Mon numéro : 77 123 45 67 (Sénégal)"),
    ("phone", "appelez moi 07 07 12 34 56"),
    ("phone", "au Cameroun c'est le 6 77 12 34 56, whatsapp"),
    ("phone", "mon tel 0661 23 45 78"),
    ("phone", "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit"),
    ("phone", "Tu peux m'écrire sur whatsapp +221 77 654 32 10"),
    # meeting, valuables
    ("meeting", "On se retrouve samedi à 15h devant la gare, je porterai un foulard jaune."),
    ("valuables", "je garde toutes mes economies sous le matelas, c'est plus sûr"),
]

SAFE = [
    "Appelez le 3919, numéro gratuit, 24h/24 si vous êtes en danger.",
    "En cas d'urgence, appelez la police au 17.",
    "J'ai payé 150 000 FCFA pour le loyer ce mois-ci, c'est trop cher.",
    "La réunion des femmes aura lieu le 14/03/2025 à la mairie.",
    "Il y a eu un accident avenue Bourguiba hier soir, faites attention.",
    "Le marché est ouvert le lundi à 8h.",
    "« Une femme qui sait lire est une femme libre », disait ma grand-mère.",
    "j habite a Dakar et je suis couturiere",
    "Je travaille dans une banque et j'aime mon métier.",
    "Je garde mes économies à la banque, c'est plus sûr.",
    "Mon fils a 12 ans et il veut un téléphone, qu'en pensez-vous ?",
    "Ne marchez jamais seule la nuit, c'est ce que dit ma mère.",
    "Merci pour vos conseils, je vais faire attention à ce que je publie.",
    "La boulangerie de mon quartier ouvre tous les jours à 6h.",
]


@pytest.mark.parametrize(("kind", "text"), RISKY)
def test_risky_french_post_is_flagged_with_its_kind(kind: str, text: str) -> None:
    assert kind in kinds(text), (text, find_risks(text, lang="fr"))


@pytest.mark.parametrize("text", SAFE)
def test_safe_french_post_is_not_flagged(text: str) -> None:
    assert find_risks(text, lang="fr") == []


def test_words_are_the_learners_own_with_accents() -> None:
    text = "J'habite à côté de l'école Les Manguiers."
    (f,) = find_risks(text, lang="fr")
    assert f.kind == "home"
    assert text[f.start : f.end] == f.words
    assert "à côté" in f.words


def test_unaccented_and_accented_read_alike() -> None:
    assert kinds("j'habite a cote de l'eglise") == kinds("j'habite à côté de l'église") == {"home"}


def test_language_follows_the_toolkit(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "j habite derriere la pharmacie du rond-point"
    monkeypatch.setattr(i18n, "_language", "fr_FR")
    assert {f.kind for f in find_risks(text)} == {"home"}
    assert {f.kind for f in risky.risks(text)} == {"home"}
    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.delenv("TOOLKIT_LANG", raising=False)
    assert find_risks(text) == []  # English words know no "habite"


def test_toolkit_lang_variable_counts_before_any_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.setenv("TOOLKIT_LANG", "fr")
    assert {f.kind for f in find_risks("j'habite pres de la gare")} == {"home"}


def test_pick_language_normalises_locale_names() -> None:
    assert risk_rules.pick_language("fr_FR.UTF-8") == "fr"
    assert risk_rules.pick_language("ar-MA") == "ar"
    assert risk_rules.pick_language("EN") == "en"


def test_unknown_language_falls_back_to_english_and_still_finds_phones() -> None:
    # Swahili has no pattern file: the English ones read it, never nothing.
    assert kinds("Nipigie 0722 123 456", lang="sw") == {"phone"}
    assert kinds("Barua pepe yangu ni amina.k@example.org", lang="sw") == {"email"}
    assert kinds("I live at 14 Lotus Lane", lang="sw") == {"home"}


def test_french_everyday_words_come_from_word_counts() -> None:
    # textstat 0.7.8 ships only "en" and "es": French reads pyspellchecker's offline counts.
    easy = risk_rules.rules("fr").easy
    assert {"etoile", "citron", "soleil", "riviere"} <= easy  # folded like the text
    assert not {"diallo", "ouedraogo", "fatou"} & easy
    assert risk_rules.rules("en").easy


def test_checks_profile_reads_french() -> None:
    profile = {"about": ("j'habite au 3 rue des Acacias", "members")}
    found = risky.profile_findings(profile, lang="fr")
    assert [(field, f.kind) for field, f in found] == [("about", "home")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Je ne mets jamais de photo de mes enfants ni le nom de leur école.", None),
        ("Ma fille commence l'école l'an prochain, des conseils ?", None),
        ("Ma fille Awa est en CM2 à l'école Les Palmiers.", "child"),
        ("Je n'habite pas loin de la mosquée, porte verte au 12 rue des Lilas.", "home"),
    ],
)
def test_what_she_never_shares_and_a_school_by_its_name(text: str, kind: str | None) -> None:
    assert {f.kind for f in find_risks(text, lang="fr")} == ({kind} if kind else set())


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Étoile Citron", False),  # an alias: two everyday words
        ("Lectrice Soleil", False),
        ("Héron Gris\nJ'aime lire", False),
        ("Fatou Diallo", True),
        ("Mariam Ouédraogo, infirmière", True),
    ],
)
def test_an_alias_of_everyday_words_is_not_a_name(text: str, named: bool) -> None:
    assert ("name" in {f.kind for f in find_risks(text, lang="fr")}) is named
