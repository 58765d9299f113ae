"""The public API is exactly the intended names (like httpx's test of the same name)."""

from __future__ import annotations

import pytest

import toolkit


def test_all_is_exactly_the_public_names() -> None:
    assert sorted(toolkit.__all__) == ["Forum", "ForumError", "__version__"]


def test_every_exported_name_exists() -> None:
    for name in toolkit.__all__:
        assert hasattr(toolkit, name), name


def test_forum_and_forum_error_import_from_the_top() -> None:
    from toolkit import Forum, ForumError
    from toolkit.forum.errors import ForumError as Inner
    from toolkit.forum.service import Forum as Service

    assert Forum is Service
    assert ForumError is Inner
    with Forum() as forum, pytest.raises(ForumError, match="username"):
        forum.join("ab")


def test_version_is_a_string() -> None:
    assert isinstance(toolkit.__version__, str)
    assert toolkit.__version__.count(".") == 2
