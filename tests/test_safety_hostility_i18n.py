"""The hostility finder reads French and Arabic: threats ("je sais où tu habites" / «أعرف أين
تسكنين»), blackmail, silencing, contempt and insults flag the right kind; kind replies, denials
and reported quotes do not. There is no cue model for either language: only patterns count."""

from __future__ import annotations

import pytest

from toolkit import i18n
from toolkit.checks import risky
from toolkit.i18n import _
from toolkit.safety import cues, find_hostility, hostility


def kinds(text: str, lang: str) -> set[str]:
    return {f.kind for f in find_hostility(text, lang=lang)}


FR_HOSTILE = [
    ("threat", "Je sais où tu habites."),
    ("threat", "jsais ou tu vis, fais gaffe a toi"),
    ("threat", "on connait ton quartier et l'école de tes enfants"),
    ("threat", "Continue comme ça et je vais te retrouver."),
    ("threat", "tu vas le regretter"),
    ("threat", "Ce serait dommage qu'il arrive quelque chose à ta boutique."),
    ("blackmail", "je vais publier tes photos sur facebook si tu ne retires pas ton post"),
    ("blackmail", "Je vais tout dire à ton mari."),
    ("silencing", "Tais-toi et retourne à la cuisine."),
    ("silencing", "une femme doit se taire, personne t'a demandé"),
    ("contempt", "vous etes des cafards"),
    ("contempt", "tu ne vaux rien"),
    ("insult", "espèce d'idiote"),
    ("insult", "t'es vraiment une connasse"),
    ("shouting", "TAIS TOI ESPECE DE NULLE"),
]

FR_KIND = [
    "Merci pour ton message, je suis d'accord avec toi.",
    "Tu n'es pas idiote, ta question est très bonne.",
    "Quelqu'un a écrit « je sais où tu habites » sous mon post, je l'ai signalé.",
    "MERCI BEAUCOUP LES FEMMES",
    "Je ne vais nulle part ce week-end, je reste lire.",
    "Fais attention à toi et repose-toi bien.",
    "Je ne suis pas d'accord, parce que les prix ont augmenté.",
    "Je sais où trouver le formulaire, je te l'envoie.",
    "Tu vas voir, la recette est facile.",
    "La cuisine de ma mère me manque.",
]

AR_HOSTILE = [
    ("threat", "أعرف أين تسكنين"),
    ("threat", "عارف وين ساكنة وعارف مدرسة ولادك"),
    ("threat", "غادي نقتلك"),
    ("threat", "ستندمين"),
    ("threat", "رح تشوفي شو رح يصير"),
    ("threat", "جاي لدارك الليلة"),
    ("blackmail", "سأنشر صورك لزوجك"),
    ("blackmail", "غادي نقول لراجلك كلشي"),
    ("silencing", "اسكتي وارجعي للمطبخ"),
    ("silencing", "مكانك في المطبخ"),
    ("contempt", "انتم حشرات"),
    ("contempt", "انتي ولا شي"),
    ("insult", "يا غبية"),
    ("insult", "هاد الحمارة ما كتفهم"),
    ("threat", "نعرف فين كتسكني"),
]

AR_KIND = [
    "شكرا على النصيحة، أنا متفقة معك",
    "لست غبية، سؤالك مهم",
    "كتب لي «أعرف أين تسكنين» وبلغت عنه",
    "أعرف أين أجد الاستمارة، سأرسلها لك",
    "ما نتفقش معاك، لأن الأسعار غالية",
    "اعتني بنفسك وارتاحي",
    "أمي تطبخ أحسن كسكس",
    "الحمد لله، نجحت في الامتحان",
    "ردي بالك على صحتك",
    "المطبخ عندنا صغير بزاف",
    "اشتريت بقرة وحمار للدار",
]


@pytest.mark.parametrize(("kind", "text"), FR_HOSTILE)
def test_french_hostile_reply_is_flagged(kind: str, text: str) -> None:
    assert kind in kinds(text, "fr"), find_hostility(text, lang="fr")


@pytest.mark.parametrize("text", FR_KIND)
def test_french_kind_reply_is_not_flagged(text: str) -> None:
    assert find_hostility(text, lang="fr") == []


@pytest.mark.parametrize(("kind", "text"), AR_HOSTILE)
def test_arabic_hostile_reply_is_flagged(kind: str, text: str) -> None:
    assert kind in kinds(text, "ar"), find_hostility(text, lang="ar")


@pytest.mark.parametrize("text", AR_KIND)
def test_arabic_kind_reply_is_not_flagged(text: str) -> None:
    assert find_hostility(text, lang="ar") == []


def test_no_cue_model_for_french_or_arabic() -> None:
    assert cues.model("fr") is None
    assert cues.model("ar") is None
    assert cues.hostile_sentence("on va voir ce soir", lang="fr") is None
    # A veiled English threat the cue model knows is not guessed at in French: no crash, no cue.
    assert find_hostility("Ce soir, on verra bien.", lang="fr") == []


def test_found_words_are_the_learners_own() -> None:
    text = "Je sais où tu habites."
    (f,) = find_hostility(text, lang="fr")
    assert f.words == text[f.start : f.end] == "Je sais où tu habites"
    text = "أعرف أين تسكنين"
    (f,) = find_hostility(text, lang="ar")
    assert f.words == text  # hamza kept as she wrote it


def test_label_says_report_for_a_french_threat() -> None:
    (f,) = hostility.label("Je sais où tu habites.", lang="fr")
    assert f.kind == "threat"
    assert f.hint == _(hostility._SENTENCES["hint.report"])


def test_language_follows_the_toolkit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_language", "ar")
    assert {f.kind for f in find_hostility("أعرف أين تسكنين")} == {"threat"}
    assert {f.kind for f in risky.hurtful("أعرف أين تسكنين")} == {"threat"}
    monkeypatch.setattr(i18n, "_language", "fr")
    assert {f.kind for f in risky.hurtful("je sais ou tu habites")} == {"threat"}


def test_unknown_language_reads_with_english_patterns() -> None:
    assert kinds("I know where you live.", "sw") == {"threat"}


def test_arabic_vowel_marks_are_read_as_bare_letters() -> None:
    # Typed with marks (a teacher's or a phone keyboard's habit): the same words as without.
    text = "إِنَّكِ لَا تُسَاوِينَ شَيْئًا"
    (f,) = find_hostility(text, lang="ar")
    assert f.kind == "contempt"
    assert f.words == text[f.start : f.end]  # her own letters, marks and all
    assert "تُسَاوِينَ" in f.words
    assert kinds("إنك لا تساوين شيئا", "ar") == {"contempt"}


def test_advice_about_blackmail_is_not_blackmail() -> None:
    assert kinds("إذا هددك أحد بنشر صورك، لا تدفعي شيئًا وأبلغي فورًا", "ar") == set()
    assert kinds("عندي صورك، إذا ما بعتيلي 500 دينار هنشرها", "ar") == {"blackmail"}
