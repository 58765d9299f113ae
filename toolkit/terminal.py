"""Text that is safe to print in a terminal, whoever wrote it.

A learner's notebook can put escape sequences (``\\x1b[2K``, ``\\r``, ``\\b``), line breaks, bidi
overrides (U+202E) or invisible characters into a check name or message; printed raw they could
hide or fake rows of the trainer's table. These helpers show every such character visibly as its
Python escape (``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import json
from typing import Any

import regex

__all__ = ["for_terminal", "json_for_terminal"]

# Controls (C0, DEL, C1), format characters (bidi controls, zero-width), line and paragraph
# separators, surrogates, private use, unassigned, and every default-ignorable code point
# (variation selectors, tag characters, Hangul fillers): none of them should reach a terminal.
UNSAFE = regex.compile(
    r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]"
)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def for_terminal(text: Any) -> str:
    """``text`` with every control, bidi or invisible character shown as an escape."""
    return UNSAFE.sub(lambda m: _escape(m.group()), str(text))


def json_for_terminal(data: Any, *, indent: int | None = 1) -> str:
    """JSON (non-ASCII letters kept readable) with the unsafe characters ``\\u``-escaped.

    The result parses to exactly ``data``: only characters inside strings are escaped.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    # json.dumps already escapes C0 controls inside strings: a raw newline is layout (indent).
    return UNSAFE.sub(
        lambda m: m.group() if m.group() == "\n" else json.dumps(m.group())[1:-1], text
    )
