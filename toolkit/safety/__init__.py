"""Finders for what could put a learner at risk (:mod:`risks`) or hurt her (:mod:`hostility`).

Both take a text and return :class:`Finding` objects: the kind, the exact words found, a plain
sentence on why it matters and a hint for a safer version. Patterns are data (TOML files per
language under ``patterns/``), so a trainer can add local street words, school words or phone
formats without touching code. This package sits on the checks' floor: it reads nothing above it.
"""

from __future__ import annotations

from toolkit.safety.finding import Finding
from toolkit.safety.hostility import find_hostility
from toolkit.safety.risks import find_risks

__all__ = ["Finding", "find_hostility", "find_risks"]
