"""The model (toolkit/forum/model.py): forum objects show themselves through registered views."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from forum_fixtures import World, new_world

from toolkit.forum import model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def world() -> World:
    return new_world()


def test_display_goes_through_the_render_layer(world: World) -> None:
    from toolkit.render.html import to_html
    from toolkit.render.plain import to_text

    assert world.post._repr_html_() == to_html(world.post)
    assert str(world.post) == to_text(world.post)
    bundle = world.post._repr_mimebundle_()
    assert bundle["text/html"] == to_html(world.post)


def test_without_views_objects_still_show_plainly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A model used on its own (no render layer registered, none named) shows its plain form,
    # escaped, instead of failing.
    monkeypatch.setattr(model, "_VIEWS", {})
    monkeypatch.setattr(model, "_VIEWS_MODULE", [])
    assert str(world.post) == repr(world.post)
    html = world.post._repr_html_()
    assert html.startswith("<pre>Post(")
    inner = html.removeprefix("<pre>").removesuffix("</pre>")
    assert "<" not in inner
    assert "&#x27;Clean water&#x27;" in inner, "the quotes of the repr are escaped"
    assert world.post._repr_mimebundle_() == {"text/plain": repr(world.post)}


def test_import_toolkit_loads_no_renderer_until_something_is_shown() -> None:
    code = textwrap.dedent(
        """
        import sys
        from toolkit import Forum
        forum = Forum()
        post = forum.post(forum.join("amina_k", "Amina"), "Clean water", "The well pump is broken.")
        assert not any(m.startswith("toolkit.render") for m in sys.modules), "eager render"
        html = post._repr_html_()
        assert "toolkit.render.views" in sys.modules
        assert "<article" in html and "Clean water" in html
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
