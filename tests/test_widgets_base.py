"""The Form contract: status area, refusals, faults, display bundle, static snapshot."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from widget_support import (
    FORM_MIME,
    assert_bundle,
    new_forum,
    snapshot,
    strict_callbacks,
)

from toolkit import i18n
from toolkit.widgets import PostForm
from toolkit.widgets.base import _


@pytest.fixture(autouse=True)
def _strict(monkeypatch):
    strict_callbacks(monkeypatch)


def test_the_forms_translate_with_the_toolkits_catalogue():
    # The forms import ``_`` from base: it must be the one catalogue, never a stand-in.
    assert _ is i18n._
    assert _("Post") == "Post"  # English without a catalogue


def test_bundle_keeps_widget_view_and_adds_snapshot_and_form_json():
    form = PostForm(new_forum(), "amina_k")
    bundle = assert_bundle(form)
    assert bundle[FORM_MIME]["fields"] == [
        {"label": "Title", "lines": 1},
        {"label": "Your post", "lines": 6},
    ]
    soup = BeautifulSoup(bundle["text/html"], "html.parser")
    assert soup.find("h3").text == "Write a post"
    labels = [label.get_text(" ", strip=True) for label in soup.find_all("label")]
    assert labels == ["Title", "Your post"]
    assert soup.find("input")["placeholder"].startswith("For example")
    assert soup.find("script") is None
    assert "Title: ____" in bundle["text/plain"]


def test_snapshot_escapes_what_was_typed():
    form = PostForm(new_forum(), "amina_k")
    form.title.value = '"><script>alert(1)</script>'
    form.body.value = "</textarea><img src=x onerror=alert(1)>"
    soup = BeautifulSoup(form._repr_mimebundle_()["text/html"], "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("textarea").text == form.body.value


def test_fields_have_visible_labels_and_real_buttons():
    form = PostForm(new_forum(), "amina_k")
    for box in (form.title, form.body):
        assert box.description
        assert box.style.description_width == "initial"
        assert box.placeholder
    assert form.submit.description == "Post"
    assert type(form.submit).__name__ == "Button"


def test_a_fault_that_is_not_a_refusal_is_raised_not_hidden(monkeypatch):
    forum = new_forum()
    form = PostForm(forum, "amina_k")

    def broken(*args, **kwargs):
        msg = "a bug in the toolkit"
        raise RuntimeError(msg)

    monkeypatch.setattr(forum, "post", broken)
    form.title.value, form.body.value = "Hello", "Hello everyone, nice to meet you."
    with pytest.raises(RuntimeError, match="a bug"):
        form.submit.click()
    assert 'role="alert"' in form.status.value
    assert "not your fault" in form.status.value
    assert "Traceback" not in form.status.value
    assert form.result is None
    assert not form.submit.disabled


def test_success_listeners_get_the_result():
    form = PostForm(new_forum(), "amina_k")
    seen = []
    form.on_success(seen.append)
    form.title.value, form.body.value = "Hello", "Hello everyone, nice to meet you."
    form.submit.click()
    assert seen == [form.result]


def test_a_refusal_changes_nothing_and_calls_no_listener():
    forum = new_forum()
    before = snapshot(forum)
    form = PostForm(forum, "amina_k")
    seen = []
    form.on_success(seen.append)
    form.title.value, form.body.value = "Hello", "   "
    form.submit.click()
    assert seen == []
    assert snapshot(forum) == before
