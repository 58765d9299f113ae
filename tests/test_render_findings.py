"""The table of hostile words a lesson shows (toolkit/render/findings.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup

from toolkit.course import print_rules
from toolkit.forum.sample import sample_forum
from toolkit.forum.scenarios import abusive_comment
from toolkit.render.findings import KIND_LABELS, findings_table
from toolkit.safety.hostility import KINDS, label


@dataclass(frozen=True)
class _Fake:
    kind: str
    words: str
    why: str


def _rows(html: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for tr in soup.tbody.find_all("tr")]


def _words(html: str) -> dict[str, list[str]]:
    """What they do -> the words in bold in that row."""
    soup = BeautifulSoup(html, "html.parser")
    out: dict[str, list[str]] = {}
    for tr in soup.tbody.find_all("tr"):
        words, what, _why = tr.find_all("td")
        out[what.get_text()] = [b.get_text().strip("“”") for b in words.find_all("strong")]
    return out


def test_the_lesson_9_comment_shows_which_words_threaten_and_silence() -> None:
    forum = sample_forum()
    bad = abusive_comment(forum)
    html = findings_table(label(bad.body))._repr_html_()
    found = _words(html)
    assert any("sorry" in w for w in found[KIND_LABELS["threat"]])
    assert any("quiet" in w for w in found[KIND_LABELS["silencing"]])
    for words in found.values():
        for w in words:
            assert w in bad.body  # the exact words, as the evidence log wants them
    for _words_cell, _what, why in _rows(html):
        assert why.endswith(".")


def test_findings_of_one_kind_and_reason_share_a_row() -> None:
    why = "It tells her to be quiet."
    table = findings_table(
        [
            _Fake("silencing", "Nobody asked you", why),
            _Fake("threat", "watch your back", "It scares her."),
            _Fake("silencing", "stay quiet", why),
        ]
    )
    assert table.rows == (
        (("Nobody asked you", "stay quiet"), KIND_LABELS["silencing"], why),
        (("watch your back",), "Threat", "It scares her."),
    )
    assert str(table).startswith("“Nobody asked you”, “stay quiet”\n")


def test_every_hostility_kind_has_a_label() -> None:
    assert set(KIND_LABELS) == set(KINDS)


def test_words_and_sentences_are_escaped() -> None:
    table = findings_table([_Fake("threat", "<script>alert(1)</script>", "Why <b>.")])
    html = table._repr_html_()
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert _rows(html) == [["“<script>alert(1)</script>”", "Threat", "Why <b>."]]


def test_an_unknown_kind_shows_its_name() -> None:
    table = findings_table([_Fake("phone", "0712 345 678", "Anyone can call you.")])
    assert table.rows == ((("0712 345 678",), "phone", "Anyone can call you."),)


def test_kind_text_finds_nothing_and_says_so() -> None:
    table = findings_table(label("Thank you, Amina. I do not agree, because the pump is new."))
    assert table.rows == ()
    assert "No hurtful words" in table._repr_html_()
    assert "No hurtful words" in str(table)


def test_plain_text_lists_the_words_and_why() -> None:
    table = findings_table([_Fake("threat", "you will be sorry", "It scares her.")])
    assert str(table) == "“you will be sorry”\n  Threat: It scares her."


def test_a_printed_handout_prints_the_table_not_a_repr() -> None:
    # The handout prints HTML when the plain-text form is only a repr (toolkit/course/handout.py).
    table = findings_table([_Fake("threat", "you will be sorry", "It scares her.")])
    assert print_rules.is_code_repr(repr(table))
    items = print_rules.html_items(table._repr_html_())
    assert [i["m"][:18] for i in items] == ["#table(columns: 3,"]
    assert "you will be sorry" in items[0]["m"]
