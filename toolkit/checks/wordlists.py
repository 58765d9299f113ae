"""Small word lists the reply check uses. Kept short on purpose: they catch the common cases in
class, and a trainer reads the rest. Matching is whole-word and case-insensitive.

Hurtful words are not here: the hostility finder (``toolkit/safety/patterns``) holds them, with
threats and silencing, so the reply check and the forms use one list."""

from __future__ import annotations

# Remarks about spelling and grammar instead of about what she said.
GRAMMAR_POLICING: tuple[str, ...] = (
    "grammar",
    "spelling",
    "spelled",
    "spelt",
    "misspelled",
    "typo",
    "typos",
    "learn english",
    "learn to write",
    "learn to spell",
    "write properly",
)

# Common English words that say nothing about a post's topic (for "does the reply respond to the
# content?"). Short words (under four letters) are ignored anyway.
STOPWORDS: frozenset[str] = frozenset(
    """
    about above after again also always because been before being below between both could
    does doing done down during each even every from have having here into just know like
    made make many more most much must never only other over really same should some such
    than that their them then there these they thing things think this those though through
    very want well were what when where which while will with would your yours you're
    thank thanks please great good nice post agree sure maybe yes okay
    """.split()
)

# Words that talk to the author: a reply using them answers a person, not the void.
SECOND_PERSON: frozenset[str] = frozenset({"you", "your", "yours", "you're", "youre", "yourself"})
