"""Markdown -> Typst: everything prints literally, structure survives."""

from __future__ import annotations

import io
import string

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.course.fonts import compile_pdf
from toolkit.course.typst_markdown import (
    ZWSP,
    escape_text,
    image_placeholder,
    inline_markdown_to_typst,
    markdown_to_typst,
    typst_string,
)

PREAMBLE = '#set text(font: ("Noto Sans", "Amiri", "Noto Sans Khmer"))\n'


def render(markup: str, root: str | None = None) -> str:
    pdf = compile_pdf(PREAMBLE + markup, root=root)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return text.replace(ZWSP, "")


def flat(text: str) -> str:
    return "".join(text.split())


def test_every_ascii_punctuation_prints_literally() -> None:
    text = "x " + " ".join(string.punctuation) + " y"
    out = render(escape_text(text))
    assert flat(string.punctuation) in flat(out)


@pytest.mark.parametrize(
    "src",
    [
        "#set page(width: 1cm)",
        '#import "secret.typ": *',
        '#read("/etc/passwd")',
        "$x^2$ and @label and <label> and // not a comment",
        "= not a heading",
        "~ non-breaking -- dashes --- and ...",
    ],
)
def test_typst_injection_prints_literally(src: str) -> None:
    out = render(markdown_to_typst(src))
    assert flat(out) == flat(src)


def test_injection_does_not_change_the_page() -> None:
    pdf = compile_pdf(markdown_to_typst("#set page(width: 1cm, height: 1cm)"))
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > 500


def test_raw_html_is_text() -> None:
    out = render(markdown_to_typst("<b>bold</b>\n\n<div>\n<script>x</script>\n</div>"))
    assert "<b>bold</b>" in out
    assert "<script>x</script>" in out


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.punctuation + " ", min_size=1, max_size=40))
def test_escape_text_round_trips(text: str) -> None:
    out = render(escape_text(text, wrap=False))
    assert flat(out) == flat(text)


def test_typst_string_escapes_quotes_and_backslashes() -> None:
    s = 'a "quote" \\ back\nline'
    assert typst_string(s) == '"a \\"quote\\" \\\\ back\\nline"'
    out = render(f"#raw({typst_string(s)}, block: true)")
    assert 'a "quote" \\ back' in out


def test_headings_emphasis_code() -> None:
    markup = markdown_to_typst("# Big\n\nSome *em* and **strong** and `co#de`", heading_offset=1)
    assert "#heading(level: 2)" in markup
    out = render(markup)
    assert "Big" in out
    assert "em" in out
    assert "strong" in out
    assert "co#de" in out


def test_code_block_cannot_escape() -> None:
    md = '```python\nprint("```")  # ]] #set page(width: 1cm)\n```'
    out = render(markdown_to_typst(md))
    assert 'print("```")' in out
    assert "#set page(width: 1cm)" in out


def test_nested_lists_keep_order_and_nesting() -> None:
    md = "- one\n  - one.a\n    - deep\n- two\n\n3. three\n4. four\n"
    markup = markdown_to_typst(md)
    assert markup.count("#list(") == 3
    assert "#enum(tight: true, start: 3" in markup
    out = render(markup)
    for word in ("one", "one.a", "deep", "two", "3. three", "4. four"):
        assert word in out
    assert out.index("one.a") < out.index("deep") < out.index("two")


def test_links_print_their_address() -> None:
    out = render(markdown_to_typst("Read [the guide](https://example.org/guide?x=1&y=2)."))
    assert "the guide" in out
    assert "https://example.org/guide?x=1&y=2" in out.replace("\n", "")


def test_autolink_printed_once() -> None:
    out = render(markdown_to_typst("<https://example.org>"))
    assert out.count("https://example.org") == 1


def test_long_words_can_break() -> None:
    url = "https://example.org/" + "a" * 200
    markup = markdown_to_typst(url)
    assert ZWSP in markup
    out = render(markup)
    assert "a" * 100 in out.replace("\n", "")


def test_tables() -> None:
    md = "| Name | Count |\n|:--|--:|\n| apples | 3 |\n| pears | 10 |\n"
    markup = markdown_to_typst(md)
    assert "#table(columns: 2" in markup
    assert "table.header(" in markup
    assert "(start, right,)" in markup  # start: the right side in Arabic
    out = render(markup)
    for word in ("Name", "Count", "apples", "10"):
        assert word in out


def test_blockquote_breaks_and_rule() -> None:
    markup = markdown_to_typst("> quoted\n\nline one  \nline two\n\n---\n\nafter")
    assert "#quote(block: true)" in markup
    assert "#linebreak()" in markup
    assert "#line(" in markup
    out = render(markup)
    assert "quoted" in out
    assert "line one\nline two" in out
    assert "after" in out


def test_images_are_kept_with_caption(tmp_path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    raw = b"".join(b"\x00" + b"\x60" * 8 * 3 for _ in range(4))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    (tmp_path / "pic.png").write_bytes(png)
    seen = []

    def resolve(src: str) -> str | None:
        seen.append(src)
        return "/pic.png"

    markup = markdown_to_typst("![A *red* pump](pic.png)", resolve_image=resolve)
    assert seen == ["pic.png"]
    assert '#figure(image("/pic.png"' in markup
    pdf = compile_pdf(PREAMBLE + markup, root=tmp_path)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "A red pump" in reader.pages[0].extract_text()
    assert reader.pages[0].images, "the image is embedded"


def test_unresolved_image_keeps_description() -> None:
    out = render(markdown_to_typst("![Map of the town](https://example.org/map.png)"))
    assert "[Image could not be printed: Map of the town (https://example.org/map.png)]" in out


@pytest.mark.parametrize(
    ("alt", "src", "printed"),
    [
        ("", "", "[Image could not be printed]"),
        ("A *pump*", "pump.png", "[Image could not be printed: A *pump*]"),
        ('#set page(width: 1cm) ] " \\', "", '#set page(width: 1cm) ] " \\'),
        ("Map", "http://example.org/m.png", "Map (http://example.org/m.png)"),
        ("Secret", "../../../etc/passwd", "[Image could not be printed: Secret]"),
    ],
)
def test_image_placeholder_prints_text_literally(alt: str, src: str, printed: str) -> None:
    out = " ".join(render(image_placeholder(alt, src)).split())
    assert printed in out
    if not src.startswith("http"):
        assert "passwd" not in out  # only web addresses are printed, never local paths


def test_placeholder_for_data_uri_does_not_print_the_data() -> None:
    markup = markdown_to_typst("![Chart](data:image/png;base64,iVBORw0KGgoAAAANSUhEUg)")
    out = render(markup)
    assert "[Image could not be printed: Chart]" in out
    assert "iVBOR" not in out


def test_arabic_paragraph_is_right_to_left() -> None:
    markup = markdown_to_typst("مرحبا بكم في الدرس")
    assert 'lang: "ar"' in markup
    assert 'lang: "ar"' not in markdown_to_typst("Hello مرحبا")


def test_inline_markdown_has_no_paragraphs() -> None:
    markup = inline_markdown_to_typst("Use *care* with `#handles`")
    assert "\n" not in markup
    assert "#emph[care]" in markup


CODE_NOTE = "(On the computer: see the code.)"


@pytest.mark.parametrize("fence", ["```python", "```", "```bash", "~~~py"])
def test_code_blocks_become_the_stand_in_sentence(fence: str) -> None:
    end = "~~~" if fence.startswith("~") else "```"
    source = f"Edit it like this:\n\n{fence}\nforum.edit(mine, me)\n{end}\n"
    markup = markdown_to_typst(source, code_stand_in=CODE_NOTE)
    assert "forum" not in markup
    assert "#emph[" in markup
    assert "On the computer" in markup
    assert "forum.edit" in markdown_to_typst(source)  # without it, code prints as before


def test_text_samples_are_not_code() -> None:
    markup = markdown_to_typst("```text\nDear Amina,\n```", code_stand_in=CODE_NOTE)
    assert "Dear Amina" in markup
    assert "On the computer" not in markup
