"""(filled in by the pages part of issue 14)."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
