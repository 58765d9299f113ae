"""The forum's own notes on a signature (toolkit/forum/rules.py): phones, e-mails, streets."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from forum_fixtures import new_world

from toolkit.forum.rules import Rules, has_phone, signature_warnings

PHONES = [
    "+254 722 118 904",
    "0712 345 678",
    "07700 900123",
    "(555) 013-9981",
    "98201 44567",
    "+44 7700 900123",
    "0044 20 7946 0018",
    "+33 6 12 34 56 78",
    "+1 (202) 555-0143",
    "0803 123 4567",
    "+91 98201 44567",
]

NOT_PHONES = [
    "born 1990",
    "Born 01.02.1990",
    "Mum of two, born 1990, class of 2008",
    "Cakes from KSh 1,500",
    "Price: 3 500 000 FCFA",
    "KSh 12,500,000 for the plot",
    "Prices $25.00 - $40.00",
    "Open 4-5 pm",
    "Open 8:30-17:30, 7 days",
    "Plot 50 x 100 ft",
    "Plot size 50x100, 1/8 acre",
    "plot 1234/5678",
    "Member 2019-2024",
    "Baking since 1998 - 2024 2025",
    "10,000 steps a day",
    "12 345 members",
]


def _phone_note(signature: str) -> bool:
    return any("phone number" in note for note in signature_warnings(signature, Rules()))


@pytest.mark.parametrize("number", PHONES)
def test_a_phone_number_in_a_signature_gets_a_note(number: str) -> None:
    assert has_phone(number)
    assert _phone_note(f"Asha, tailor\nCall me: {number}")


@pytest.mark.parametrize("text", NOT_PHONES)
def test_years_prices_times_and_plot_sizes_are_not_phones(text: str) -> None:
    assert not has_phone(text)
    assert not _phone_note(f"Asha, tailor. {text}")


def test_a_plain_signature_gets_no_note() -> None:
    assert signature_warnings("Asha, tailor and mother of two", Rules()) == ()


def test_each_risk_gets_its_own_note_once() -> None:
    signature = "Asha\n+254 722 118 904\nasha.t@example.org\n12 Mango Road"
    notes = signature_warnings(signature, Rules())
    assert len(notes) == 3
    assert [n for n in notes if "phone" in n]
    assert [n for n in notes if "e-mail" in n]
    assert [n for n in notes if "street address" in n]


def test_the_forum_passes_the_phone_note_on_when_a_member_joins() -> None:
    w = new_world()
    member = w.forum.join("rosa_p", "Rosa", signature="Rosa, call 0712 345 678")
    assert any("phone number" in note for note in member.warnings)
    member = w.forum.join("lena_b", "Lena", signature="Lena, gardener since 1990")
    assert not any("phone number" in note for note in member.warnings)


def test_the_forum_does_not_import_the_safety_finders() -> None:
    # The forum is the ground floor: toolkit.safety sits above it. Only the message catalogue
    # (toolkit.i18n, a leaf that imports nothing of the toolkit) may be used from below.
    source = Path(__file__).parents[1] / "toolkit" / "forum" / "rules.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert "phonenumbers" in names
    outside = [n for n in names if n.startswith("toolkit.") and not n.startswith("toolkit.forum")]
    assert outside == ["toolkit.i18n"]
