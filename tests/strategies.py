"""Hypothesis strategies for the forum's property tests: hostile text of every kind."""

from __future__ import annotations

from hypothesis import strategies as st

# Fragments attackers and copy-paste accidents bring in.
HOSTILE_FRAGMENTS = (
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example>",
    "<form action=//evil.example><input name=pw>",
    "<svg onload=alert(1)>",
    '<p style="position:fixed">',
    "<style>*{display:none}</style>",
    "<blockquote>",
    "<!--",
    "-->",
    "<![CDATA[",
    "javascript:",
    "JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:",
    "jav\tascript:",
    "&#106;avascript:",
    "javascript&colon;",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "[x](javascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x][r]\n\n[r]: javascript:alert(1)\n",
    "<javascript:alert(1)>",
    "![img](https://example.org/x.png)",
    "[ok](https://example.org)",
    "[mail](mailto:amina@example.org)",
    "[top](#post-1)",
    '[quote="trainer"]',
    "[/quote]",
    "> ",
    "\n> quoted\n",
    "**",
    "_",
    "`",
    "```\n",
    "~~",
    "# ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "\n\n",
    "&amp;",
    "&lt;",
    "&",
    '"',
    "'",
    "\u202e",
    "\u200b",
    "\u00a0",
    "\u3000",
    "\x00",
    "مرحبا",
    "שלום",
    "សួស្តី",
    "👩🏽‍💻",
)

markdown_marks = st.sampled_from(("*", "_", "`", "[", "]", "(", ")", "<", ">", "!", "#", "\n"))
hostile = st.sampled_from(HOSTILE_FRAGMENTS)

# Any code point, lone surrogates included (the forum must refuse them, not crash).
any_text = st.text(st.characters(codec=None), max_size=60)
# Text that could have come from a UTF-8 file: no surrogates.
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)


@st.composite
def mixed_text(draw: st.DrawFn, max_parts: int = 8) -> str:
    """Ordinary words mixed with HTML, link tricks, Markdown marks and odd characters."""
    parts = draw(
        st.lists(
            st.one_of(hostile, hostile, words, markdown_marks, unicode_text, any_text),
            min_size=1,
            max_size=max_parts,
        )
    )
    sep = draw(st.sampled_from(("", " ", "\n")))
    return sep.join(parts)


# What the property tests feed into every field.
field_text = st.one_of(mixed_text(), unicode_text, any_text, hostile)

# Handles: mostly plausible shapes, with look-alikes and invisible characters mixed in.
handles = st.one_of(
    st.text(st.characters(whitelist_categories=("L", "N", "Pc")), min_size=1, max_size=24),
    st.from_regex(r"[a-z][a-z0-9_]{2,15}", fullmatch=True),
    field_text,
)
