"""ConfirmRisky: the "before you publish" warning shared by the post, comment, signature and
profile forms. Its words are the learner's own input, so they are shown as text, never as HTML.
"""

from __future__ import annotations

import pytest
from widget_support import new_forum, strict_callbacks, visible_text

from toolkit.widgets import CommentForm, PostForm, ProfileForm, SignatureEditor
from toolkit.widgets.confirm import Risk, risk_item, risk_line

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


def test_a_risk_reads_as_words_why_and_a_safer_way():
    risk = Risk("Your post", "0712 345 678", "Anyone can call you.", "Take the number out.")
    expected = "Your post: “0712 345 678”. Anyone can call you. A safer way: Take the number out."
    assert risk_line(risk) == expected
    assert visible_text(risk_item(risk)) == expected
    assert "<strong>0712 345 678</strong>" in risk_item(risk)


def test_every_part_of_a_risk_is_escaped():
    risk = Risk(f"Title {IMG}", f"14 {SCRIPT} Lane", f"Why {IMG}", f"Hint {SCRIPT}")
    item = risk_item(risk)
    assert "<script" not in item
    assert "<img" not in item
    assert item.count("<strong>") == 1  # the only tag made from the parts is ours
    assert visible_text(item) == (
        f"Title {IMG}: “14 {SCRIPT} Lane”. Why {IMG} A safer way: Hint {SCRIPT}"
    )


def _post(forum, text):
    form = PostForm(forum, "amina_k")
    form.title.value, form.body.value = f"About me {IMG}", text
    return form


def _comment(forum, text):
    forum.post("lena_m", "Clean water", "Our well needs a new pump. Who can help?")
    form = CommentForm(forum, "amina_k", "post-1")
    form.body.value = text
    return form


def _signature(forum, text):
    form = SignatureEditor(forum, "amina_k")
    form.text.value = text
    return form


def _profile(forum, text):
    form = ProfileForm(forum, "amina_k")
    form.display_name.value = f"Amina {SCRIPT}"
    box, who_sees = form.fields["about"]
    box.value, who_sees.value = text, "members"
    return form


FORMS = [
    pytest.param(_post, "Post anyway", "Posted, but not safe yet:", id="post"),
    pytest.param(_comment, "Reply anyway", "Sent, but not safe yet:", id="comment"),
    pytest.param(_signature, "Save anyway", "Saved, but not safe yet:", id="signature"),
    pytest.param(_profile, "Save anyway", "Saved, but not safe yet:", id="profile"),
]


@pytest.mark.parametrize(("make", "anyway", "published"), FORMS)
@pytest.mark.parametrize(
    "attack",
    [f"I live at 14 {SCRIPT} Lane", f"I live at 14 Lotus{IMG} Lane"],
    ids=["script", "img-onerror"],
)
def test_markup_she_typed_is_shown_as_text(make, anyway, published, attack):
    forum = new_forum()
    form = make(forum, attack)
    form.submit.click()
    assert form.asking
    assert form.publish_anyway.description == anyway
    for status in (form.status.value, form.snapshot_html()):
        assert "<script" not in status
        assert "<img" not in status
    # The exact words she typed, markup and all, read as text in the warning.
    assert f"“{attack}”" in visible_text(form.status.value)
    form.publish_anyway.click()
    assert not form.asking
    shown = visible_text(form.status.value)
    assert shown.startswith(published)
    assert f"“{attack}”" in shown
    assert "<script" not in form.status.value
    assert "<img" not in form.status.value


@pytest.mark.parametrize(("make", "anyway", "published"), FORMS)
def test_the_warning_is_an_alert_with_two_large_buttons(make, anyway, published):
    form = make(new_forum(), "Call me on 0712 345 678, I am home after 6 pm.")
    assert form.confirm in form.children
    assert not form.asking  # hidden until there is something to ask
    form.submit.click()
    assert form.asking
    assert form.status.value.startswith('<div class="tk-alert tk-warn" role="alert">')
    assert [b.description for b in form.confirm.children] == ["Change it", anyway]
    for button in form.confirm.children:
        # 44 px tall touch targets that wrap inside a 390 px screen rather than run off it.
        assert button.layout.min_height == "44px"
        assert button.layout.max_width == "100%"
        assert button.layout.width == "auto"
    assert form.confirm.layout.flex_flow == "row wrap"
    choices = visible_text(form.status.value)
    assert f"Press “Change it” to change your words, or “{anyway}” if you are sure." in choices


def test_a_safer_way_shared_by_two_findings_is_said_once() -> None:
    from toolkit.widgets.confirm import Risk, risk_items

    same = "Do not send this."
    html = risk_items(
        [
            Risk("Your comment", "I know where you live", "A threat.", same),
            Risk("Your comment", "Keep posting and see", "A hidden threat.", same),
            Risk("Your comment", "0712 345 678", "A phone.", "Take the number out."),
        ]
    )
    assert html.count(same) == 1
    assert html.index(same) > html.index("Keep posting and see")  # after the last of the two
    assert "Take the number out." in html
