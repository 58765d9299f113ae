"""Every name, handle and town the course uses is in the one cast, and used the same way."""

from __future__ import annotations

from pathlib import Path

from toolkit.course.names import Text, course_texts, findings, main

ROOT = Path(__file__).resolve().parent.parent


def _problems(*texts: str, identifiers: frozenset[str] = frozenset()) -> list[str]:
    found = findings([Text(f"t{i}", t) for i, t in enumerate(texts)], set(identifiers))
    return [f.problem for f in found]


def test_a_handle_outside_the_cast_is_named() -> None:
    assert _problems("The comment is by guest_77.") == ['the handle "guest_77" is not in the cast']
    assert _problems("The comment is by grey_cloud_42.") == []


def test_code_names_are_not_handles() -> None:
    assert _problems("Run `check_quote` now.", identifiers=frozenset({"check_quote"})) == []


def test_an_unknown_name_inside_a_sentence_is_named() -> None:
    assert _problems("Rosa lives in Hillview.") == [
        '"Hillview" is not in the cast (toolkit/forum/cast.toml)'
    ]
    assert _problems("A post by Amara Diallo, credited.") == []


def test_a_credited_source_is_not_a_name() -> None:
    assert _problems("Sources: the EFF Surveillance Self-Defense guide.") == []
    # An uncredited title is named, so a source gets listed in the cast's [[sources]].
    assert _problems("Sources: the Riverside Digital Safety Manual.") == [
        '"Digital" is not in the cast (toolkit/forum/cast.toml)',
        '"Manual" is not in the cast (toolkit/forum/cast.toml)',
    ]


def test_ordinary_words_starting_a_sentence_or_heading_are_not_names() -> None:
    assert _problems("## Managing your profile\n\nStress is normal. Ask for help.") == []
    assert _problems("2.6 Managing digital identity") == []
    assert _problems("Then tap Don't allow.") == []


def test_a_cast_person_in_another_town_is_named() -> None:
    assert _problems("Rosa walks to the market in Brookfield.") == [
        "Rosa lives in Hillcrest, not Brookfield"
    ]
    assert _problems("Rosa lives in Hillcrest. Leila lives in Brookfield.") == []


def test_a_cast_person_with_another_surname_is_named() -> None:
    assert _problems("Her name is Rosa Haddad.") == ["Rosa is Rosa Delgado, not Rosa Haddad"]
    assert _problems("Her name is Rosa Delgado.") == []


def test_the_whole_course_is_in_step_with_the_cast(capsys) -> None:
    texts, identifiers = course_texts(ROOT)
    assert len(texts) > 500  # lessons, exercises, front matter, quizzes, scenarios
    found = findings(texts, identifiers)
    assert not found, "\n".join(map(str, found))
    assert main([str(ROOT)]) == 0
    assert "0 names, handles or towns out of step" in capsys.readouterr().out
