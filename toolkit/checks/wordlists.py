"""Small word lists the checks read, per language. Kept short on purpose: they catch the common
cases in class, and a trainer reads the rest. Matching is whole-word and ignores case, accents and
Arabic vowel marks (:func:`toolkit.checks._base.contains_phrase`).

A French or Arabic learner may still write a word in English, so each list is English plus the
language's own (:func:`for_language`; the language is the toolkit's, ``TOOLKIT_LANG``). Phrases
are written as words separated by single spaces: "est-ce que" is "est ce que".

Hurtful words are not here: the hostility finder (``toolkit/safety/patterns``) holds them, with
threats and silencing, so the reply check and the forms use one list."""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.safety.lang import pick_language

__all__ = [
    "ASKING",
    "CHOICE",
    "GRAMMAR_POLICING",
    "SECOND_PERSON",
    "STOPWORDS",
    "USING",
    "for_language",
]

# Remarks about spelling and grammar instead of about what she said.
GRAMMAR_POLICING: Mapping[str, tuple[str, ...]] = {
    "en": (
        "grammar", "spelling", "spelled", "spelt", "misspelled", "typo", "typos",
        "learn english", "learn to write", "learn to spell", "write properly",
    ),
    "fr": (
        "grammaire", "orthographe", "faute d orthographe", "fautes d orthographe",
        "faute de frappe", "fautes de frappe", "conjugaison", "apprends le francais",
        "apprenez le francais", "apprends a ecrire", "apprenez a ecrire",
        "ecris correctement", "ecrivez correctement", "mal ecrit",
    ),
    "ar": (
        "الاملاء", "املاء", "النحو", "القواعد", "قواعد اللغة", "اخطاء املائية", "خطا املائي",
        "تعلمي العربية", "تعلمي العربيه", "تعلمي الكتابة", "تعلمي تكتبي", "اكتبي صح",
        "اكتبي صحيح", "اكتبي بشكل صحيح",
    ),
}  # fmt: skip

# Common words that say nothing about a post's topic (for "does the reply respond to the
# content?"). Words under four letters are ignored anyway.
STOPWORDS: Mapping[str, frozenset[str]] = {
    "en": frozenset(
        """
        about above after again also always because been before being below between both could
        does doing done down during each even every from have having here into just know like
        made make many more most much must never only other over really same should some such
        than that their them then there these they thing things think this those though through
        very want well were what when where which while will with would your yours you're
        thank thanks please great good nice post agree sure maybe yes okay
        """.split()
    ),
    "fr": frozenset(
        """
        avec pour dans mais aussi tres bien merci cette comme tout tous toute toutes faire etre
        avoir sont etait etaient plus moins alors donc encore quand parce leur leurs nous vous
        elle elles notre votre meme peut peux pouvez pourrait veux voulez voudrais bonjour salut
        super bravo idee publication message oui d'accord vraiment toujours jamais chose choses
        pense crois aussi avant apres sans chez voici voila beaucoup assez peut-etre
        """.split()
    ),
    "ar": frozenset(
        """
        على الى إلى هذا هذه ذلك التي الذي الذين كان كانت يكون تكون لكن ايضا أيضا شكرا شكراً
        جدا جداً مرحبا فكرة فكرتك منشور منشورك ممكن يمكن يمكنني عندي نحن انتي أنتِ هناك كذلك
        بعض كثير كثيرا لماذا ماذا كيف متى اين أين الان الآن اليوم حتى عندما لانه لأن
        """.split()
    ),
}

# Words that talk to the author: a reply using them answers a person, not the void.
SECOND_PERSON: Mapping[str, frozenset[str]] = {
    "en": frozenset({"you", "your", "yours", "you're", "youre", "yourself"}),
    "fr": frozenset({"tu", "te", "toi", "ton", "ta", "tes", "vous", "votre", "vos", "t'as"}),
    "ar": frozenset({"انت", "انتي", "انتم", "لك", "لكي", "لكم", "عندك", "معك", "منك", "اليك"}),
}

# Asking the author before quoting her (lesson 6): a question ...
ASKING: Mapping[str, tuple[str, ...]] = {
    "en": (
        "may i", "can i", "could i", "is it ok", "is it okay", "is that ok", "is that okay",
        "would you mind", "do you agree", "do you mind", "permission", "allow me",
        "are you ok with",
    ),
    "fr": (
        "est ce que je peux", "est ce que je pourrais", "puis je", "je peux", "pourrais je",
        "ca te derange", "ca vous derange", "es tu d'accord", "etes vous d'accord",
        "tu es d'accord", "vous etes d'accord", "permission", "autorisation", "me permets tu",
        "me permettez vous", "d'accord pour", "accepterais tu", "accepteriez vous",
    ),
    "ar": (
        "هل يمكنني", "هل استطيع", "ممكن", "هل تسمحين", "تسمحيلي", "تسمحي لي", "اذنك", "اذن",
        "توافقين", "موافقة", "هل يزعجك", "عندك مانع", "هل تمانعين", "هل توافقين",
    ),
}  # fmt: skip
# ... that says what she wants to do with the words ...
USING: Mapping[str, tuple[str, ...]] = {
    "en": ("quote", "quoting", "share", "sharing", "use", "using", "copy", "repost", "mention"),
    "fr": (
        "citer", "cite", "citation", "partager", "reprendre", "copier", "utiliser",
        "mentionner", "republier", "reproduire",
    ),
    "ar": (
        "اقتبس", "اقتباس", "ااقتبس", "اشارك", "مشاركة", "انشر", "نشر", "انقل", "نقل", "استخدم",
        "اذكر", "استعمل",
    ),
}  # fmt: skip
# ... and leaves her free to say no.
CHOICE: Mapping[str, tuple[str, ...]] = {
    "en": (
        "say no", "if not", "rather not", "up to you", "your choice", "your decision",
        "don't have to", "do not have to", "dont have to", "no problem", "without your name",
        "leave out", "is fine if", "is ok if", "is okay if", "no is fine", "no is ok",
    ),
    "fr": (
        "dire non", "si tu ne veux pas", "si vous ne voulez pas", "tu peux refuser",
        "vous pouvez refuser", "c'est ton choix", "c'est votre choix", "pas obligee",
        "pas oblige", "sans ton nom", "sans votre nom", "pas de probleme", "pas de souci",
        "aucun probleme", "libre de refuser", "tu es libre", "vous etes libre", "un non",
        "si c'est non", "je comprendrai",
    ),
    "ar": (
        "لا باس", "لا مشكلة", "ما في مشكلة", "مافي مشكلة", "ان رفضت", "اذا رفضت", "لو رفضت",
        "يمكنك الرفض", "من حقك", "على راحتك", "براحتك", "القرار لك", "بدون اسمك", "دون اسمك",
        "قولي لا", "ساتفهم", "افهم اذا",
    ),
}  # fmt: skip


def for_language(
    table: Mapping[str, tuple[str, ...]] | Mapping[str, frozenset[str]], lang: str | None = None
) -> tuple[str, ...]:
    """English and the language's own entries of ``table`` (the toolkit's language if None)."""
    own = pick_language(lang)
    return (*table["en"], *(table.get(own, ()) if own != "en" else ()))
