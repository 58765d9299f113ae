"""The hostility finder: threats, blackmail, silencing, contempt, insults; kind replies pass."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from toolkit.forum.sample import sample_forum
from toolkit.forum.scenarios import (
    _ABUSIVE_TEXT,
    _INBOX,
    CLAIMS,
    abusive_comment,
    claims_feed,
    phishing_inbox,
)
from toolkit.safety import find_hostility
from toolkit.safety.gate import needed_words
from toolkit.safety.hostility import _STRAIGHT, KINDS, _rules, label

CORPUS = tomllib.loads(
    (Path(__file__).parent / "corpus" / "replies.toml").read_text(encoding="utf-8")
)["item"]
HOSTILE = [item for item in CORPUS if item["label"] == "hostile"]
KIND = [item for item in CORPUS if item["label"] == "kind"]


def _kinds(text: str, **kw: Any) -> set[str]:
    return {f.kind for f in find_hostility(text, **kw)}


# ------------------------------------------------------------------------------- one per kind
@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("Keep posting and you will see.", "threat", "Keep posting and you will see"),
        ("Watch your back.", "threat", "Watch your back"),
        ("Accidents happen.", "threat", "Accidents happen"),
        ("I will find you.", "threat", "I will find you"),
        ("I know where you live.", "threat", "I know where you live"),
        ("See what happens to your family.", "threat", "See what happens to your family"),
        ("You have been warned.", "threat", "You have been warned"),
        ("If you post again you will be sorry.", "threat", "If you post again you will be sorry"),
        ("I have your photo.", "blackmail", "I have your photo"),
        ("I will tell your employer.", "blackmail", "I will tell your employer"),
        ("Everyone will see your pictures.", "blackmail", "Everyone will see your pictures"),
        ("I will post your address.", "blackmail", "I will post your address"),
        (
            "Your daughter walks home alone.",
            "blackmail",
            "Your daughter walks home alone",
        ),
        ("Stay quiet.", "silencing", "Stay quiet"),
        ("Know your place.", "silencing", "Know your place"),
        ("Go back to the kitchen.", "silencing", "Go back to the kitchen"),
        ("Accept your place.", "silencing", "Accept your place"),
        ("Your husband should stop you.", "silencing", "Your husband should"),
        ("Nobody asked you.", "silencing", "Nobody asked you"),
        ("Women like you never learn.", "silencing", "Women like you"),
        ("People like you are a disease.", "contempt", "People like you are a disease"),
        ("You are vermin.", "contempt", "You are vermin"),
        ("You people breed.", "contempt", "You people breed"),
        ("You are nothing.", "contempt", "You are nothing"),
        ("They are animals.", "contempt", "They are animals"),
        ("What a stupid idea.", "insult", "stupid"),
        ("You idiot.", "insult", "idiot"),
        ("Such a st*pid plan, l0ser.", "insult", "st*pid"),
        ("YOU ARE ALL WRONG ABOUT THE PUMP", "shouting", "YOU ARE ALL WRONG ABOUT THE PUMP"),
    ],
)
def test_finds_each_kind_with_its_words(text: str, kind: str, words: str) -> None:
    found = find_hostility(text)
    assert kind in {f.kind for f in found}
    assert any(f.words == words for f in found if f.kind == kind), found
    for f in found:
        assert text[f.start : f.end] == f.words
        assert f.why
        assert f.hint


def test_issue_example_is_a_threat() -> None:
    text = "I know where you live. Keep posting and see what happens to your family."
    found = find_hostility(text)
    assert {f.kind for f in found} == {"threat"}
    assert "I know where you live" in [f.words for f in found]
    assert any("Keep posting" in f.words for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "I do not agree, because the road is also used by buses",
        "I see it differently",
        "Have you thought about the cost?",
        "That is not what I saw at the meeting",
        "Your plan is weak: it ignores the cost of fuel, and the survey asked only ten families.",
        "I'll find you the link later.",
        "Accidents happen on this road every week. We need a crossing.",
        "Women like you inspire the girls in our group.",
        "You will see the clinic on your left.",
        "Please keep quiet in the library.",
        "I have your photos from the festival, shall I send them to you privately?",
        "The rats in the grain store are back.",
        "The word 'stupid' hurts children, so our class uses kinder words.",
    ],
)
def test_polite_and_ordinary_text_passes(text: str) -> None:
    assert find_hostility(text) == []


# ------------------------------------------------------------------------------- quoting abuse
@pytest.mark.parametrize(
    "text",
    [
        "Someone wrote 'watch your back' under my post, I reported it.",
        'A member sent me "I know where you live". I saved it and told the moderators.',
        "I got this message: “you will be sorry”. I blocked the sender.",
        # The lesson 9 model reports: reported speech, no quotation marks.
        "This comment under Amina's post about clean water tells her to stay quiet "
        "and says she will be sorry. It is an attack and a threat.",
        "Under the clean water post. It tells Amina to be quiet and says she will be sorry.",
    ],
)
def test_reporting_a_quote_is_not_hostile(text: str) -> None:
    assert find_hostility(text) == []


def test_an_order_to_the_reader_is_not_reported_speech() -> None:
    assert _kinds("I want you to stay quiet.") == {"silencing"}
    assert _kinds("He told me to know my place, so I reported him.") == set()


def test_quoted_mode_counts_everything_and_says_report_it() -> None:
    text = "Someone wrote 'watch your back' under my post."
    found = find_hostility(text, quoted=True)
    assert [f.words for f in found] == ["watch your back"]
    assert "report" in found[0].hint
    assert label("I will find you.")[0].hint == found[0].hint


def test_quotes_without_a_report_still_count() -> None:
    # Quotation marks alone do not hide a threat: nothing says it is someone else's words.
    assert "threat" in _kinds('"Accidents happen." Think about it.')


def test_overlapping_findings_keep_the_most_serious() -> None:
    found = find_hostility("If you keep posting, you will be sorry.")
    assert [f.kind for f in found] == ["threat"]


def test_empty_text() -> None:
    assert find_hostility("") == []
    assert find_hostility("   \n") == []


def test_kinds_are_known() -> None:
    for item in CORPUS:
        for f in find_hostility(item["text"]):
            assert f.kind in KINDS


# ------------------------------------------------------------------------------- corpus
def test_corpus_is_big_enough() -> None:
    assert len(HOSTILE) >= 40
    assert len(KIND) >= 40
    texts = [item["text"] for item in CORPUS]
    assert len(set(texts)) == len(texts)
    assert "I know where you live. Keep posting and see what happens to your family." in texts
    for item in HOSTILE:
        assert item["kinds"], item
        assert set(item["kinds"]) <= set(KINDS), item


def test_corpus_hostile_caught_and_kind_pass() -> None:
    missed = [item["text"] for item in HOSTILE if not find_hostility(item["text"])]
    flagged = [item["text"] for item in KIND if find_hostility(item["text"])]
    assert len(missed) <= 0.05 * len(HOSTILE), missed
    assert len(flagged) <= 0.05 * len(KIND), flagged


def test_corpus_kinds_agree() -> None:
    wrong = [item["text"] for item in HOSTILE if not _kinds(item["text"]) & set(item["kinds"])]
    assert len(wrong) <= 0.1 * len(HOSTILE), wrong


# ------------------------------------------------------------------------------- scenarios
# Mei's card in lesson 9's Activity (cell 3): the other abusive comment the lesson shows.
MEI_CARD = "Who cares about your little circle? Nobody wants you here."


@pytest.mark.parametrize("text", [_ABUSIVE_TEXT, MEI_CARD], ids=["abusive_comment", "mei_card"])
def test_abusive_scenario_text_is_labelled(text: str) -> None:
    found = label(text)
    assert found
    assert all(text[f.start : f.end] == f.words for f in found)


def test_abusive_comment_labels_show_the_threat() -> None:
    found = {f.words: f.kind for f in label(_ABUSIVE_TEXT)}
    assert found["If you keep posting, you will be sorry"] == "threat"
    assert found["stay quiet"] == "silencing"
    assert found["Nobody asked you"] == "silencing"


def test_no_kind_scenario_text_is_flagged() -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    phishing_inbox(forum, me)
    claims_feed(forum)
    bad = abusive_comment(forum)
    texts = [body for _s, _t, body, _l, _c in _INBOX] + [body for _a, _t, body, _d, _c in CLAIMS]
    for post in forum.posts():
        thread = forum.thread(post)
        texts += [f"{post.title}\n{post.body}"]
        texts += [c.body for c in thread.comments if c.id != bad.id]
    texts += [m.signature for m in forum.members() if m.signature]
    flagged = {t: find_hostility(t) for t in texts if find_hostility(t)}
    assert not flagged


def test_feedback_is_easy_to_read() -> None:
    textstat = pytest.importorskip("textstat")
    from toolkit.safety.hostility import _SENTENCES

    for key, sentence in _SENTENCES.items():
        assert textstat.flesch_kincaid_grade(sentence) <= 6, key


@pytest.mark.parametrize(
    "text",
    ["a" * 5000, "word " * 1000, "if you keep posting " * 200, "stuuu" * 1000],
    ids=["one-letter", "many-words", "repeated-condition", "repeated-letters"],
)
def test_long_repetitive_text_is_read_without_a_false_alarm(text: str) -> None:
    # How long it takes is measured in bench/hostile_input_bench.py (against ordinary text).
    assert [f.kind for f in find_hostility(text)] in ([], ["shouting"])


def test_insult_words_are_whole_words() -> None:
    assert find_hostility("A foolproof plan for the skilled idiotproof pump.") == []
    assert [f.words for f in find_hostility("Your tribe are liars.")] == ["Your tribe are liars"]


def test_unknown_language_uses_english_patterns() -> None:
    assert _kinds("Watch your back.", lang="xx") == {"threat"}


# ------------------------------------------------------------------------------- gate words
def test_gate_reads_groups_alternatives_and_repeats() -> None:
    # The longest sure word: "watch", not "back" (nor "your" or "ur", which are optional).
    assert needed_words(r"\bwatch\s+(?:your|ur)\s+back\b") == {"watch"}
    # "sleep" stands for "sleeps"; the longer sure word wins over "well".
    assert needed_words(r"(?:sleep|sleeps)\s+well") == {"sleep"}
    assert needed_words(r"(?:you|u)\s+(?:never|won't)\s+see") == {"never", "won't"}
    # Optional parts and look-arounds need nothing: the pattern is then always searched.
    assert needed_words(r"(?:ab)?c") is None
    assert needed_words(r"(?!never)\w+") is None
    assert needed_words(r"(?i:hello)+ there") == {" there"}


def test_gate_never_hides_a_match() -> None:
    # Every text a pattern matches holds one of its gate words (labelled and dev sets only).
    folder = Path(__file__).parent / "corpus"
    texts = [
        item["text"]
        for path in (folder / "replies.toml", folder / "dev" / "replies.toml")
        for item in tomllib.loads(path.read_text(encoding="utf-8"))["item"]
    ]
    gated = [rule for rule in _rules("en") if rule.gate is not None]
    assert len(gated) > 0.9 * len(_rules("en")) - 1  # nearly every pattern has a gate
    for text in texts:
        plain = text.translate(_STRAIGHT)
        for rule in gated:
            if rule.regex.search(plain):
                assert any(word in plain.lower() for word in rule.gate), (rule.regex, text)


# ------------------------------------------------------------------------------- phone spellings
@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("ok keep talkin and see wat happens", "threat", "keep talkin and see wat happens"),
        ("sumthing bad will happen 2 u", "threat", "sumthing bad will happen 2 u"),
        ("ppl like u should be banned from the internet", "contempt", "ppl like u"),
    ],
)
def test_phone_spellings_are_read_and_quoted_as_written(text: str, kind: str, words: str) -> None:
    found = [f for f in find_hostility(text) if f.kind == kind]
    assert found, find_hostility(text)
    assert all(text[f.start : f.end] == f.words for f in found)
    assert any(f.words.startswith(words) for f in found), [f.words for f in found]


def test_a_number_is_a_word_only_between_words() -> None:
    # "2" is "to" in "happen 2 u", but a price or a date stays a number.
    assert find_hostility("Something bad might happen 2 your shop.")
    assert find_hostility("The 2 of us will meet at 4 pm, see you there.") == []
