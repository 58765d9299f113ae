"""The escaped HTML pieces the forms show: forum objects, feedback, refusals, hints."""

from __future__ import annotations

import pytest
from widget_support import FakeFeedback

from toolkit.widgets.html import Html, alert_html, done_html, hint_html, html_of


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        pytest.param(FakeFeedback(text="Good"), "Good", id="feedback"),
        pytest.param(Html("<b>ok</b>"), "<b>ok</b>", id="html"),
        pytest.param("<b>plain</b>", "&lt;b&gt;plain&lt;/b&gt;", id="text-escaped"),
        pytest.param(None, "", id="none"),
    ],
)
def test_html_of(obj, expected):
    assert expected in html_of(obj)


@pytest.mark.parametrize("make", [alert_html, done_html, hint_html])
def test_what_the_forum_or_a_learner_wrote_is_escaped(make):
    shown = make('<img src=x onerror="alert(1)">')
    assert "<img" not in shown
    assert "&lt;img" in shown
    assert 'dir="auto"' in shown  # her script decides the direction, not the page
