"""The sample community (toolkit/forum/sample.py) in English, French and Arabic.

Its words are translated when the forum is built; lessons still find the threads by their English
titles; a forum file made in English stays English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit import i18n
from toolkit.forum.cast import cast
from toolkit.forum.errors import NotFound
from toolkit.forum.sample import (
    CAST_TEXT,
    QUOTES,
    RISKY_ON_PURPOSE,
    THREADS,
    find_post,
    sample_forum,
    sample_posts,
)
from toolkit.forum.service import Forum
from toolkit.i18n import _

LANGUAGES = ("fr", "ar")


@pytest.fixture
def language() -> Iterator[None]:
    """Put the language back as it was, whatever the test set."""
    before = i18n.language()
    yield
    i18n.set_language(before)


def _texts(forum: Forum) -> list[str]:
    """Every text a learner reads in the sample: title, posts, comments, quotes, signatures."""
    found = [forum.title]
    for post in forum.posts():
        thread = forum.thread(post)
        for entry in (thread.post, *thread.comments):
            found += [entry.title or "", entry.body]
            if entry.quote is not None:
                found.append(entry.quote.excerpt)
    found += [m.signature for m in forum.members() if m.signature]
    return [t for t in found if t]


def _english_sentences() -> set[str]:
    i18n.set_language("en")
    sentences = set()
    for text in _texts(sample_forum()):
        for part in re.split(r"(?<=[.!?])\s+|\n+", text):
            # Names on their own ("Ines", "Amina") stay the same in every language.
            if len(part.split()) >= 2 and re.search(r"[a-z]{3}", part):
                sentences.add(part.strip())
    return sentences


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sample_speaks_the_language_and_no_english_is_left(lang: str) -> None:
    english = _english_sentences()
    assert len(english) > 25  # the walk reads the real sample
    i18n.set_language(lang)
    forum = sample_forum()
    titles = [p.title or "" for p in forum.posts()]
    assert sorted(titles) == sorted(_(t) for t in THREADS)
    assert not set(titles) & set(THREADS)
    assert forum.title == _(cast().title) != cast().title
    for text in _texts(forum):
        left = [s for s in english if s in text]
        assert left == [], f"English in {lang}: {left} in {text!r}"
    # What stays: the names, the Khmer greeting, the town.
    joined = "\n".join(_texts(forum))
    assert "សួស្តី" in joined
    assert "Riverside" in joined or "ريفرسايد" in joined


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_lessons_find_the_threads_by_their_english_titles(lang: str) -> None:
    i18n.set_language(lang)
    forum = sample_forum()
    posts = sample_posts(forum)
    for title in THREADS:
        assert posts[title].title == _(title)
        assert posts[_(title)] is posts[title]
        found = find_post(forum, title)
        assert found is not None
        assert found.anchor == posts[title].anchor
    assert posts[THREADS[0]].author.handle == "amina_k"
    assert find_post(forum, "No such thread") is None


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_board_without_the_threads_is_refused_in_the_language(lang: str) -> None:
    i18n.set_language(lang)
    with pytest.raises(NotFound) as info:
        sample_posts(Forum())
    assert _(THREADS[0]) in str(info.value)
    assert "--sample" in str(info.value)


@pytest.mark.usefixtures("language")
def test_a_forum_made_in_english_stays_english(tmp_path: Path) -> None:
    path = tmp_path / "forum.db"
    i18n.set_language("en")
    sample_forum(path).close()
    i18n.set_language("fr")
    forum = sample_forum(path)
    assert sorted(p.title or "" for p in forum.posts()) == sorted(THREADS)
    posts = sample_posts(forum)
    assert posts["Clean water for Riverside"].body.startswith("The pump at the east well")
    forum.close()


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_quoted_sentences_are_part_of_their_post_in_every_language(lang: str) -> None:
    # Lessons quote these words: each translation must be word for word inside its post's.
    i18n.set_language(lang)
    forum = sample_forum()
    bodies = [p.body for p in forum.posts()]
    for sentence in QUOTES:
        assert any(_(sentence) in body for body in bodies), (lang, _(sentence))
    mei = sample_posts(forum)[THREADS[3]]
    assert mei.quote is not None
    assert mei.quote.excerpt == _(QUOTES[0])


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_risky_comments_are_posted_translated(lang: str) -> None:
    i18n.set_language(lang)
    forum = sample_forum()
    walk = forum.thread(sample_posts(forum)[THREADS[1]])
    bodies = [c.body for c in walk.comments]
    assert bodies == [_(text) for text in RISKY_ON_PURPOSE]
    assert not set(bodies) & set(RISKY_ON_PURPOSE)


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_signatures_keep_the_name_and_translate_the_role(lang: str) -> None:
    i18n.set_language(lang)
    signatures = {m.handle: m.signature for m in sample_forum().members() if m.signature}
    assert signatures["amina_k"] == "Amina\n" + _("Volunteer, Clean Water Group")
    assert signatures["coach_ines"] == "Ines\n" + _("Workshop trainer")
    assert _("Workshop trainer") != "Workshop trainer"


def test_every_cast_word_a_learner_reads_is_marked_for_the_catalogue() -> None:
    # pybabel cannot read cast.toml: a new role line there must be added to CAST_TEXT.
    read = {cast().title}
    for member in cast().members:
        if member.signature:
            read.update(member.signature.split("\n")[1:])
    assert read <= set(CAST_TEXT)


def _quoting_entries(lang: str, english: str) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) of the lesson catalogue entries that quote ``english`` in quotes."""
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1] / "locale" / lang
    for path in sorted([*root.glob("lessons/*.po"), *root.glob("exercises/*.po")]):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                text = message.string
                if not isinstance(message.id, str) or message.fuzzy or not isinstance(text, str):
                    continue
                if text and f'"{english}"' in message.id:
                    yield message.id, text


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_lesson_catalogues_quote_the_sample_as_the_forum_shows_it(lang: str) -> None:
    # A French lesson that says « Clean water for Riverside » sends her looking for a thread
    # her French forum does not show.
    i18n.set_language(lang)
    seen = 0
    for english in (*THREADS, *QUOTES):
        for msgid, msgstr in _quoting_entries(lang, english):
            seen += 1
            assert _(english) in msgstr, (msgid, msgstr)
            assert english not in msgstr, (msgid, msgstr)
    assert seen >= 5  # the walk finds the lessons' quotes (lessons 1 and 6 in both languages)
