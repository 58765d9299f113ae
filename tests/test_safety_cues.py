"""The hostility finder's second opinion: word cues learned from the labelled replies."""

from __future__ import annotations

import pytest

from toolkit.safety import cues, find_hostility
from toolkit.safety.cues import CueModel, features, hostile_sentence, model, sentences
from toolkit.safety.train import ROOT, cross_validate, load, main


def test_the_shipped_cues_are_what_the_corpora_give() -> None:
    # A trainer who adds labelled replies retrains; a stale file fails here, not in class.
    assert main(["--check"]) == 0


def test_the_held_out_replies_are_never_learned_from() -> None:
    texts = {t for t, _bad, _kinds in load([ROOT / "tests" / "corpus"])}
    held = ROOT / "tests" / "corpus" / "heldout" / "replies.toml"
    if not held.exists():
        pytest.skip("no held-out set in this checkout")
    import tomllib

    assert not texts & {i["text"] for i in tomllib.loads(held.read_text("utf-8"))["item"]}


def test_cross_validation_keeps_kind_replies_mostly_unflagged() -> None:
    threshold, recall, flagged = cross_validate(load([ROOT / "tests" / "corpus"]))
    assert flagged <= 0.03
    assert recall > 0.2  # a layer that catches nothing is no second opinion
    assert threshold == model().threshold  # type: ignore[union-attr]


def test_features_read_phone_spellings_as_words() -> None:
    assert features("U will see") == features("you will see")
    assert "your family" in features("ur family")


def test_sentences_skip_spaces_and_empty_lines() -> None:
    text = "  First one. \n\nSecond one!  "
    assert [text[a:b] for a, b in sentences(text)] == ["First one.", "Second one!"]


def test_a_model_scores_by_shared_cues_and_names_the_sentence() -> None:
    toy = cues.train(
        [
            ("you will regret this", True, ("threat",)),
            ("you will regret this soon", True, ("threat",)),
            ("thank you for this", False, ()),
            ("thank you so much", False, ()),
        ],
        min_count=1,
    )
    assert toy.score("you will regret it") > toy.score("thank you")
    assert toy.kind("you will regret it") == "threat"
    again = CueModel.from_json(toy.to_json())
    assert again.score("you will regret it") == pytest.approx(toy.score("you will regret it"), 1e-2)


def test_no_model_for_a_language_without_one() -> None:
    assert model("xx") is None
    assert hostile_sentence("anything at all", lang="xx") is None


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test, in wordings the phrase patterns do not list.
        "Complain once more and see if your stall is still there next market day.",
        "Your employer would be very interested in these messages. Think about it.",
    ],
)
def test_veiled_hostility_is_found_by_patterns_or_cues(text: str) -> None:
    assert find_hostility(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for this, I will bring the ladder on Saturday.",
        "I disagree: the money should go to the clinic first, because the roof leaks.",
        "Someone wrote 'you will regret this' under my post. Should I report it?",
    ],
)
def test_kind_replies_stay_unflagged(text: str) -> None:
    assert find_hostility(text) == []


def test_a_quote_she_reports_is_not_scored_as_hers() -> None:
    text = "He wrote to me: “your husband would enjoy hearing about your past”. What do I do?"
    assert hostile_sentence(text, skip=[(text.index("“"), text.index("”") + 1)]) is None


def test_the_english_cues_learn_no_other_language() -> None:
    # tests/corpus/fr/ and ar/ are measured with their own patterns, not folded into English.
    texts = {t for t, _bad, _kinds in load([ROOT / "tests" / "corpus"])}
    for lang in ("fr", "ar"):
        dev = ROOT / "tests" / "corpus" / lang / "dev" / "replies.toml"
        import tomllib

        assert not texts & {i["text"] for i in tomllib.loads(dev.read_text("utf-8"))["item"]}
