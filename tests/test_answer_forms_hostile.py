"""The worst a learner (or a prankster on a shared laptop) can type into every answer form.

Each form is built as the exercises build it, with its real check. Every text box gets each
hostile text; every sorting row gets a value that is not one of its choices. The form always
answers in words (a Feedback card), shows nothing as live HTML, and never changes the forum
except by the one action it offers (blocking the comment's author).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from toolkit.checks.checklist import check_safety_checklist, checklist_rows, yes_no_choices
from toolkit.checks.claims import check_claim_decisions
from toolkit.checks.harassment import (
    block_by_name,
    check_evidence_log,
    check_report_log,
    evidence_fields,
    report_log_fields,
)
from toolkit.checks.passwords import (
    check_dice_passphrase,
    check_login_code,
    check_logout_drill,
    logout_options,
)
from toolkit.checks.phone import keep_change_choices, phone_check, phone_rows
from toolkit.checks.quotes import check_ask_first, check_copied_quote
from toolkit.checks.reports import check_phishing_sort, check_real_site
from toolkit.checks.safety import check_alias
from toolkit.forum.sample import sample_forum
from toolkit.forum.scenarios import CLAIMS_KEY, abusive_comment, claims_feed, phishing_inbox
from toolkit.widgets import AnswerForm, FieldsForm, PickForm, SortForm

HOSTILE = [
    "",
    "   \t\n",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "‮gnp.exe",  # right-to-left override
    "\x00\x1b[31m",
    "“curly” ‘quotes’ from a phone",
    "0712 345 678, 14 Lotus Lane",
    "🙂" * 500,
    "a" * 20_000,
    "'; DROP TABLE members; --",
]


def _forms() -> list[tuple[str, Any]]:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    key = phishing_inbox(forum, me)
    feed = claims_feed(forum)
    bad = abusive_comment(forum)
    reading = next(p for p in forum.posts() if p.title == "Free reading circle for girls")
    return [
        ("alias", AnswerForm(partial(check_alias, real_name="Leila Haddad"), title="A", label="A")),
        ("dice", AnswerForm(check_dice_passphrase, title="D", label="D")),
        ("code", AnswerForm(check_login_code, title="C", label="C")),
        (
            "site",
            AnswerForm(
                partial(check_real_site, address="https://a.example/x"), title="S", label="S"
            ),
        ),
        (
            "block",
            AnswerForm(lambda n: block_by_name(forum, me, n, bad.author), title="B", label="B"),
        ),
        ("drill", PickForm(check_logout_drill, logout_options(), title="L")),
        (
            "sort",
            SortForm(
                partial(check_phishing_sort, key=key),
                {k: k for k in key},
                [("Safe", "safe"), ("Phishing", "phishing")],
                title="P",
            ),
        ),
        (
            "claims",
            SortForm(
                partial(check_claim_decisions, key=CLAIMS_KEY),
                {p.title: p.title for p in feed},
                [("Share", "share")],
                title="V",
            ),
        ),
        (
            "phone",
            SortForm(phone_check("amina"), phone_rows("amina"), keep_change_choices(), title="Ph"),
        ),
        (
            "checklist",
            SortForm(check_safety_checklist, checklist_rows(), yes_no_choices(), title="K"),
        ),
        (
            "evidence",
            FieldsForm(
                lambda log: check_evidence_log(forum, log, bad),
                evidence_fields(),
                title="E",
                long=["what"],
            ),
        ),
        (
            "report-log",
            FieldsForm(
                lambda log: check_report_log(forum, me, log, bad), report_log_fields(), title="R"
            ),
        ),
        (
            "copied",
            FieldsForm(
                partial(check_copied_quote, post=reading),
                {"excerpt": "E", "author": "A", "link": "L"},
                title="Q",
            ),
        ),
        (
            "ask",
            FieldsForm(
                partial(check_ask_first, post=reading), {"to": "To", "message": "M"}, title="M"
            ),
        ),
    ]


def _fill_with(form: Any, text: str) -> None:
    for box in getattr(form, "boxes", {}).values():
        if hasattr(box, "placeholder"):  # a text box (PickForm's boxes are tick boxes)
            box.value = text
    if hasattr(form, "box"):
        form.box.value = text
    if isinstance(form, PickForm):
        form.fill(text)  # letters typed by hand, as code would give them


def test_a_pasted_page_is_cut_and_she_is_told() -> None:
    form = AnswerForm(check_login_code, title="C", label="C")
    form.box.value = "417263" + " " * 3000 + "x"
    form._on_submit()
    assert "only its first 2000 characters were checked" in form.status.value
    assert form.feedback.passed  # the code itself was in the part that was checked


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_form_answers_hostile_text_in_words(text: str) -> None:
    for name, form in _forms():
        _fill_with(form, text)
        if isinstance(form, SortForm):
            form.fill({key: text for key in form.rows})  # not a choice: left empty
        form._on_submit()  # raises if a check faults (a click would only log it)
        assert form.feedback is not None, name
        shown = form.status.value + form._repr_mimebundle_()["text/html"]
        assert "<script" not in shown, name
        assert "<img" not in shown, name
        assert len(form.status.value) < 12_000, f"{name} echoes {len(form.status.value)} chars"


def test_a_hostile_name_in_the_block_form_blocks_nobody() -> None:
    forum = sample_forum()
    me = forum.join("new_member", "You")
    bad = abusive_comment(forum)
    form = AnswerForm(lambda n: block_by_name(forum, me, n, bad.author), title="B", label="B")
    for text in HOSTILE + ["amina_k", "coach_ines"]:
        form.box.value = text
        form._on_submit()
        assert not form.feedback.passed
    assert forum.blocked(me) == []
    form.box.value = "@grey_cloud_42"
    form._on_submit()
    assert form.feedback.passed
    assert [m.handle for m in forum.blocked(me)] == ["grey_cloud_42"]
