"""The answer forms driven headlessly: the check gets what code would give it, feedback shows."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.checks.feedback import Feedback
from toolkit.checks.passwords import LOGOUT_STEPS, check_login_code, check_logout_drill
from toolkit.forum.errors import ForumError
from toolkit.widgets import AnswerForm, FieldsForm, PickForm, SortForm
from toolkit.widgets.answer import preset


class Recorder:
    """A check that keeps what it was given and passes when ``expected`` arrives."""

    def __init__(self, expected: Any) -> None:
        self.expected = expected
        self.seen: list[Any] = []

    def __call__(self, answer: Any) -> Feedback:
        self.seen.append(answer)
        ok = answer == self.expected
        return Feedback("recorder", ok, ["Well done!" if ok else "Not yet: look again."])


def test_answer_form_gives_the_text_as_typed_to_a_real_check() -> None:
    form = AnswerForm(check_login_code, title="Log in with a code", label="The code")
    form.submit.click()
    assert not form.feedback.passed
    form.box.value = "417 263"
    form.submit.click()
    assert form.feedback.passed
    assert form.status.value == form.feedback._repr_html_()


def test_curly_quotes_from_a_phone_keyboard_are_just_text() -> None:
    check = Recorder("“rosa”")
    form = AnswerForm(check, title="Alias", label="Your alias")
    form.box.value = "“rosa”"
    form.submit.click()
    assert check.seen == ["“rosa”"]
    assert form.feedback.passed


def test_pick_form_joins_the_ticked_keys_in_option_order() -> None:
    options = {"A": "Press Log out", "B": "Close only the tab", "C": "Say No to saving"}
    check = Recorder("A C")
    form = PickForm(check, options, title="Leave safely")
    form.boxes["C"].value = True
    form.boxes["A"].value = True
    form.submit.click()
    assert check.seen == ["A C"]
    assert "Well done" in form.status.value


def test_pick_form_with_the_real_logout_check() -> None:
    steps = {k: f"step {k}" for k in LOGOUT_STEPS}
    safe = [k for k, step in LOGOUT_STEPS.items() if step.needed]
    unsafe = [k for k, step in LOGOUT_STEPS.items() if not step.needed]
    form = PickForm(check_logout_drill, steps, title="Leave safely")
    for key in safe:
        form.boxes[key].value = True
    form.submit.click()
    assert form.feedback.passed
    form.boxes[unsafe[0]].value = True
    form.submit.click()
    assert not form.feedback.passed


def test_sort_form_gives_none_for_a_row_left_empty() -> None:
    check = Recorder({"m1": "safe", "m2": "scam"})
    form = SortForm(
        check,
        {"m1": "Thursday workshop", "m2": "Account closed"},
        [("Safe", "safe"), ("Scam", "scam")],
        title="Sort the messages",
    )
    form.rows["m1"].value = "safe"
    form.submit.click()
    assert check.seen == [{"m1": "safe", "m2": None}]
    assert not form.feedback.passed
    form.rows["m2"].value = "scam"
    form.submit.click()
    assert form.feedback.passed


def test_sort_form_values_keep_their_type() -> None:
    check = Recorder({"alias": True, "home": False})
    form = SortForm(
        check,
        {"alias": "I use an alias", "home": "I gave my street"},
        [("Yes", True), ("No", False)],
        title="Checklist",
    )
    form.rows["alias"].value = True
    form.rows["home"].value = False
    form.submit.click()
    assert check.seen[-1] == {"alias": True, "home": False}


def test_fields_form_gives_every_field_and_long_ones_are_text_areas() -> None:
    check = Recorder({"date": "2026-03-02", "what": "Stay quiet"})
    form = FieldsForm(
        check, {"date": "The date", "what": "What was said"}, title="Log", long=["what"]
    )
    assert form.boxes["what"].rows == 3
    form.boxes["date"].value = "2026-03-02"
    form.boxes["what"].value = "Stay quiet"
    form.submit.click()
    assert form.feedback.passed


def test_a_refusal_from_a_check_is_shown_in_words() -> None:
    def refuses(_answer: Any) -> Feedback:
        msg = "That alias is taken. Try another one."
        raise ForumError(msg)

    form = AnswerForm(refuses, title="Alias", label="Your alias")
    form.submit.click()
    assert "That alias is taken" in form.status.value
    assert form.feedback is None


def test_a_fault_in_a_check_is_named_and_raised() -> None:
    def broken(_answer: Any) -> Feedback:
        msg = "bug"
        raise RuntimeError(msg)

    form = AnswerForm(broken, title="Alias", label="Your alias")
    with pytest.raises(RuntimeError):
        form._on_submit()  # a click would only log it: call the handler itself
    assert "not your fault" in form.status.value


def test_snapshots_print_the_choices_and_ticks() -> None:
    pick = PickForm(Recorder(""), {"A": "Log out", "B": "Close the tab"}, title="Leave")
    pick.boxes["A"].value = True
    bundle = pick._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'type="checkbox" disabled checked> A. Log out' in html
    assert 'type="checkbox" disabled> B. Close the tab' in html
    field = bundle["application/vnd.toolkit.form+json"]["fields"][0]
    assert field["choices"] == ["A. Log out", "B. Close the tab"]
    assert field["multiple"] is True
    sort = SortForm(Recorder({}), {"m1": "Workshop <b>"}, [("Safe", 1), ("Scam", 2)], title="S")
    sort_bundle = sort._repr_mimebundle_()
    assert "Workshop &lt;b&gt;" in sort_bundle["text/html"]
    assert "Workshop <b>: Safe / Scam" in sort_bundle["text/plain"]


def test_fill_is_the_inverse_of_answer_for_every_form() -> None:
    text = AnswerForm(Recorder(""), title="T1", label="L")
    text.fill("417 263")
    assert text.answer() == "417 263"
    text.fill({"not": "text"})  # a handed-in notebook may hold anything: no answer
    assert text.answer() == ""
    pick = PickForm(Recorder(""), {"A": "a", "B": "b", "C": "c"}, title="T2")
    pick.fill("C A")
    assert pick.answer() == "A C"
    sort = SortForm(
        Recorder(""), {"m1": "one", "m2": "two"}, [("Yes", True), ("No", False)], title="T3"
    )
    sort.fill({"m1": False, "m2": "maybe"})  # a value that is not a choice is left empty
    assert sort.answer() == {"m1": False, "m2": None}
    fields = FieldsForm(Recorder(""), {"when": "When", "what": "What"}, title="T4")
    fields.fill({"when": "2026-03-02 10:14 UTC", "extra": "ignored"})
    assert fields.answer() == {"when": "2026-03-02 10:14 UTC", "what": ""}


def test_the_checked_answer_is_saved_with_the_form_output() -> None:
    form = AnswerForm(check_login_code, title="Log in with a code", label="The code")
    assert "answer" not in form._repr_mimebundle_()["application/vnd.toolkit.form+json"]
    form.box.value = "417 263"
    form.submit.click()
    saved = form._repr_mimebundle_()
    assert saved["application/vnd.toolkit.form+json"]["answer"] == "417 263"
    assert 'value="417 263"' in saved["text/html"]  # the page shows what she checked


def test_a_preset_answer_goes_to_the_form_with_that_title_once() -> None:
    preset('[{"title": "Other", "answer": "1"}, {"title": "Code", "answer": "417263"}, 7]')
    first = AnswerForm(check_login_code, title="Code", label="The code")
    assert first.answer() == "417263"
    assert first.result_card().passed  # the official check cell grades it
    second = AnswerForm(check_login_code, title="Code", label="The code")
    assert second.answer() == ""
    assert not second.result_card().passed
    preset("[]")
