"""Handout images: a picture Typst cannot (or must not) read becomes a placeholder; the rest prints.

One regression case per kind of bad image (``BAD_IMAGES``); each prints a handout and reads the
PDF back: a PDF is produced, the placeholder is there between the text around it, no picture is
embedded, and the trainer's log says why.
"""

from __future__ import annotations

import base64
import http.server
import io
import logging
import os
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pypdf
import pytest
from nbformat import v4

from toolkit.course.handout import HandoutExporter, render_handout, render_trainer_guide
from toolkit.course.images import (
    MAX_PIXELS,
    HandoutImages,
    UnprintableImage,
    check_image,
    local_image,
)
from toolkit.course.typst_markdown import ZWSP

FIXTURES = Path(__file__).parent / "fixtures"
NBCONVERT = FIXTURES / "nbconvert"
BEFORE = "Text before the picture."
AFTER = "Text after the picture."
PLACEHOLDER = "Image could not be printed"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


# -- test images, made here ------------------------------------------------------------------


def png(w: int = 24, h: int = 12, *, grey: int = 0x60, color_type: int = 2) -> bytes:
    channels = 3 if color_type == 2 else 1
    raw = b"".join(b"\x00" + bytes([grey]) * w * channels for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def jpeg(w: int = 8, h: int = 8) -> bytes:
    """A mid-grey baseline JPEG: one Huffman code per table, every block "DC 0, end of block"."""

    def seg(marker: int, body: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body

    blocks = ((w + 7) // 8) * ((h + 7) // 8)
    bits = "00" * blocks
    bits += "1" * (-len(bits) % 8)
    scan = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    one_code = bytes([1] + [0] * 15)
    return (
        b"\xff\xd8"
        + seg(0xDB, b"\x00" + b"\x01" * 64)
        + seg(0xC0, struct.pack(">BHHB", 8, h, w, 1) + b"\x01\x11\x00")
        + seg(0xC4, b"\x00" + one_code + b"\x00")
        + seg(0xC4, b"\x10" + one_code + b"\x00")
        + seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + scan.replace(b"\xff", b"\xff\x00")
        + b"\xff\xd9"
    )


def jpeg_claiming(w: int, h: int) -> bytes:
    """A small JPEG whose frame header claims ``w`` x ``h`` pixels."""
    data = jpeg()
    sof = data.index(b"\xff\xc0")
    return data[: sof + 5] + struct.pack(">HH", h, w) + data[sof + 9 :]


def gif(w: int = 1, h: int = 1) -> bytes:
    return (
        b"GIF89a"
        + struct.pack("<HH", w, h)
        + b"\x80\x00\x00\xff\xff\xff\x00\x00\x00"  # colour table: white, black
        + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # one 1x1 frame
    )


def svg(body: str = '<rect width="10" height="10"/>', head: str = "") -> str:
    return f'{head}<svg {SVG_NS} width="40" height="20">{body}</svg>'


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


GOOD_PNG = png()
BOMB_PNG = png(8000, 8000, grey=0, color_type=0)  # 64 million pixels in about 60 kB


# -- notebooks -------------------------------------------------------------------------------


def md_lesson(markdown: str, attachments: dict | None = None) -> nbformat.NotebookNode:
    cell = v4.new_markdown_cell(markdown)
    if attachments is not None:
        cell["attachments"] = attachments
    nb = v4.new_notebook(metadata={"course": {"title": "Pictures"}})
    nb.cells = [v4.new_markdown_cell(BEFORE), cell, v4.new_markdown_cell(AFTER)]
    return nb


def output_lesson(data: dict) -> nbformat.NotebookNode:
    out = v4.new_output("display_data", data=data)
    nb = v4.new_notebook(metadata={"course": {"title": "Pictures"}})
    nb.cells = [
        v4.new_markdown_cell(BEFORE),
        v4.new_code_cell("show()", outputs=[out]),
        v4.new_markdown_cell(AFTER),
    ]
    return nb


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text().replace(ZWSP, "") for p in reader.pages)
    return " ".join(text.replace("\xad\n", "").replace("\xad ", "").split())  # hyphenation


def image_count(pdf: bytes) -> int:
    return sum(len(p.images) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@dataclass(frozen=True)
class Layout:
    """A lesson folder with a valid secret picture just outside it."""

    lesson: Path
    secret: Path


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(png(30, 10, grey=0x20))
    (lesson / "notes.png").write_text("not a picture at all")
    (lesson / "link.png").symlink_to(secret)
    return Layout(lesson, secret)


@dataclass(frozen=True)
class Bad:
    notebook: Callable[[Layout], nbformat.NotebookNode]
    reason: str  # part of the trainer's log line
    alt: str = ""  # the description printed in the placeholder


def out(data: dict, reason: str) -> Bad:
    return Bad(lambda _: output_lesson(data), reason)


def md(markdown: str, reason: str, alt: str, attachments: dict | None = None) -> Bad:
    return Bad(lambda _: md_lesson(markdown, attachments), reason, alt)


BAD_IMAGES: dict[str, Bad] = {
    # Malformed or not-SVG drawings (nbconvert's notebook_inject.ipynb: no root node).
    "svg-malformed": out({"image/svg+xml": svg("<g><rect/></svg>")}, "not a readable SVG"),
    "svg-no-root-node-notebook-inject": out(
        {"image/svg+xml": "<script>alert('image/svg+xml output')</script>"}, "not an SVG drawing"
    ),
    "svg-text-only": out({"image/svg+xml": "just words, no markup"}, "not a PNG, JPEG, GIF or SVG"),
    "svg-empty": out({"image/svg+xml": ""}, "it is empty"),
    "svg-lone-surrogate": out({"image/svg+xml": svg("<text>\ud800</text>")}, "not a readable"),
    # Damaged rasters.
    "png-truncated": out({"image/png": b64(GOOD_PNG[: len(GOOD_PNG) // 2])}, "Typst cannot read"),
    "png-no-end": out({"image/png": b64(GOOD_PNG[:-12])}, "Typst cannot read"),
    "png-bad-checksum": out(
        {"image/png": b64(GOOD_PNG[:-16] + b"\0\0\0\0" + GOOD_PNG[-12:])}, "Typst cannot read"
    ),
    "png-signature-only": out({"image/png": b64(GOOD_PNG[:8])}, "header is incomplete"),
    "png-zero-size": out({"image/png": b64(png(0, 0))}, "header is incomplete"),
    "png-empty": out({"image/png": ""}, "it is empty"),
    "jpeg-no-frame-header": out({"image/jpeg": b64(b"\xff\xd8\xff\xd9")}, "incomplete"),
    # Unknown types, and types that lie about their bytes.
    "unknown-mime-output": out({"image/bmp": b64(b"BM" + bytes(60))}, "'image/bmp' cannot"),
    "unknown-mime-data-uri": md(
        f"![Bitmap chart](data:image/webp;base64,{b64(b'RIFF' + bytes(60))})",
        "cannot be printed (PNG, JPEG",
        "Bitmap chart",
    ),
    "unknown-mime-attachment": md(
        "![Tiff scan](attachment:scan.tiff)",
        "no PNG, JPEG, GIF or SVG attachment",
        "Tiff scan",
        {"scan.tiff": {"image/tiff": b64(b"II*\0" + bytes(40))}},
    ),
    "lying-mime-html-as-png": out({"image/png": b64(b"<html><script>x</script>")}, "holds"),
    "lying-mime-gif-as-png": out({"image/png": b64(gif())}, "says it is image/png"),
    "lying-mime-png-as-svg": out({"image/svg+xml": GOOD_PNG.decode("latin-1")}, "SVG"),
    "lying-mime-exe-as-jpeg": out({"image/jpeg": b64(b"MZ\x90\x00" + bytes(100))}, "not a PNG"),
    # Huge: refused from the header, never decoded.
    "huge-png-decompression-bomb": out({"image/png": b64(BOMB_PNG)}, "8000 x 8000 pixels"),
    "huge-gif-header": out({"image/gif": b64(gif(65535, 65535))}, "65535 x 65535 pixels"),
    "huge-jpeg-header": out({"image/jpeg": b64(jpeg_claiming(30000, 20000))}, "30000 x 20000"),
    # SVGs that point elsewhere: files, absolute paths, the web, style sheets, entities.
    "svg-links-relative-file": out(
        {"image/svg+xml": svg('<image href="secret.png" width="9" height="9"/>')}, "links to"
    ),
    "svg-links-parent-file": out(
        {
            "image/svg+xml": svg('<image xlink:href="../../etc/passwd"/>').replace(
                "<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" '
            )
        },
        "links to",
    ),
    "svg-links-absolute-file": out(
        {"image/svg+xml": svg('<image href="file:///etc/hostname"/>')}, "links to"
    ),
    "svg-links-http": out(
        {"image/svg+xml": svg('<image href="http://127.0.0.1:9/x.png"/>')}, "links to"
    ),
    "svg-use-other-file": out({"image/svg+xml": svg('<use href="other.svg#a"/>')}, "links to"),
    "svg-css-url-http": out(
        {"image/svg+xml": svg('<rect style="fill: url(http://127.0.0.1:9/p)"/>')}, "links to"
    ),
    "svg-css-import": out(
        {"image/svg+xml": svg("<style>@import 'http://127.0.0.1:9/a.css';</style>")}, "imports"
    ),
    "svg-xml-stylesheet": out(
        {"image/svg+xml": svg(head='<?xml-stylesheet href="http://127.0.0.1:9/x.css"?>')},
        "style sheet from another file",
    ),
    "svg-external-entity": out(
        {
            "image/svg+xml": svg(
                "<text>&x;</text>",
                head='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
            )
        },
        "entities",
    ),
    "svg-billion-laughs": out(
        {
            "image/svg+xml": svg(
                "<text>&c;</text>",
                head='<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
                '<!ENTITY c "&b;&b;&b;&b;&b;">]>',
            )
        },
        "entities",
    ),
    # Markdown images that point outside the lesson folder or at the web.
    "md-parent-folder": md("![Secret](../outside/secret.png)", "outside the lesson", "Secret"),
    "md-etc-passwd": md(
        "![x](../../../../../../../../etc/passwd)", "outside the lesson folder", "x"
    ),
    "md-percent-encoded-traversal": md(
        "![Enc](..%2Foutside%2Fsecret.png)", "outside the lesson", "Enc"
    ),
    "md-symlink-out-of-folder": md("![Linked](link.png)", "outside the lesson", "Linked"),
    "md-url": md("![Map of town](https://example.org/map.png)", "web address", "Map of town"),
    "md-ftp-url": md("![Ftp](ftp://example.org/a.png)", "web address or link", "Ftp"),
    "md-not-a-picture": md("![Notes](notes.png)", "not a PNG, JPEG, GIF or SVG", "Notes"),
    "md-missing-file": md("![Gone](gone.png)", "no such file", "Gone"),
    # Attachments and data: URIs whose base64 is damaged.
    "attachment-bad-base64": md(
        "![Attached](attachment:a.png)",
        "base64 data is damaged",
        "Attached",
        {"a.png": {"image/png": "@@ not base64 @@"}},
    ),
    "attachment-missing": md("![Lost](attachment:lost.png)", "attachment by that name", "Lost"),
    "data-uri-bad-base64": md(
        "![Inline](data:image/png;base64,iVBORw0KGgo%%%)", "base64 data is damaged", "Inline"
    ),
    "data-uri-not-base64": md("![Plain](data:image/png;charset=utf-8,abc)", "only base64", "Plain"),
}


def absolute_path_case(layout: Layout) -> nbformat.NotebookNode:
    return md_lesson(f"![Absolute]({layout.secret})")


BAD_IMAGES["md-absolute-path"] = Bad(absolute_path_case, "starts outside", "Absolute")


@pytest.mark.parametrize("case", BAD_IMAGES.values(), ids=BAD_IMAGES.keys())
def test_bad_image_becomes_placeholder_and_the_rest_prints(
    case: Bad, layout: Layout, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="toolkit.course.handout"):
        pdf = render_handout(case.notebook(layout), base_dir=layout.lesson)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    label = f"[{PLACEHOLDER}: {case.alt}" if case.alt else f"[{PLACEHOLDER}]"
    assert label in text
    assert text.index(BEFORE) < text.index(PLACEHOLDER) < text.index(AFTER)
    assert image_count(pdf) == 0  # nothing of the bad (or outside) picture reached the PDF
    assert "could not be printed" in caplog.text
    assert case.reason in caplog.text


def test_good_images_still_print_beside_bad_ones(layout: Layout) -> None:
    (layout.lesson / "pic.png").write_bytes(png(16, 16, grey=0x90))
    nb = md_lesson("![Good](pic.png) ![Bad](../outside/secret.png)")
    nb.cells.append(
        v4.new_code_cell(
            "x",
            outputs=[
                v4.new_output(
                    "display_data", data={"image/png": b64(GOOD_PNG), "image/svg+xml": "<broken"}
                )
            ],
        )
    )
    nb.cells.append(
        v4.new_code_cell(
            "y", outputs=[v4.new_output("display_data", data={"image/jpeg": b64(jpeg(16, 8))})]
        )
    )
    nb.cells.append(
        v4.new_code_cell(
            "z",
            outputs=[
                v4.new_output(
                    "display_data", data={"image/gif": b64(gif(2, 2)), "image/svg+xml": svg()}
                )
            ],
        )
    )
    pdf = render_handout(nb, base_dir=layout.lesson)
    assert image_count(pdf) == 4  # the lesson's PNG, the output PNG, the JPEG, the GIF
    assert f"[{PLACEHOLDER}: Bad]" in pdf_text(pdf)


def test_same_bad_picture_twice_is_checked_once(caplog: pytest.LogCaptureFixture) -> None:
    data = {"image/png": b64(GOOD_PNG[:40])}
    nb = output_lesson(data)
    nb.cells.append(nb.cells[1])
    with caplog.at_level(logging.WARNING, logger="toolkit.course.handout"):
        text = pdf_text(render_handout(nb))
    assert text.count(PLACEHOLDER) == 2
    assert "Pictures, cell 1" in caplog.text  # the trainer is told which cell


def test_trainer_guide_prints_with_a_bad_image() -> None:
    nb = output_lesson({"image/svg+xml": "<script>alert(1)</script>"})
    text = pdf_text(render_trainer_guide([nb, md_lesson("![Net](http://127.0.0.1:9/a.png)")]))
    assert text.count(PLACEHOLDER) == 2
    assert "http://127.0.0.1:9/a.png" in text  # a web address is printed, to look it up


@pytest.mark.parametrize("src", ["file:///etc/hostname", "data:image/svg+xml,%3Csvg%3E"])
def test_links_markdown_refuses_print_as_text(src: str) -> None:
    """markdown-it does not even make these images: the text prints, nothing is read."""
    pdf = render_handout(md_lesson(f"![Refused]({src})"), base_dir=FIXTURES)
    assert "![Refused](" in pdf_text(pdf)
    assert image_count(pdf) == 0


def test_log_line_has_no_control_characters(caplog: pytest.LogCaptureFixture) -> None:
    nb = md_lesson("![x](gone%1B%5B2J.png)")
    nb.metadata["course"]["title"] = "Evil\x1b]0;owned\x07 title"
    with caplog.at_level(logging.WARNING, logger="toolkit.course.handout"):
        render_handout(nb, base_dir=FIXTURES)
    assert "could not be printed" in caplog.text
    assert "\x1b" not in caplog.text
    assert "\x07" not in caplog.text


# -- nothing reaches the network or files outside the lesson ----------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # the http.server name
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_no_request_leaves_the_machine(layout: Layout) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        nb = md_lesson(f"![Web]({url}/md.png) ![Css]({url}/md2.svg)")
        for body in (
            f'<image href="{url}/svg.png" width="5" height="5"/>',
            f"<style>@import url({url}/a.css); rect {{ fill: url({url}/f) }}</style>",
        ):
            nb.cells.append(
                v4.new_code_cell(
                    "x", outputs=[v4.new_output("display_data", data={"image/svg+xml": svg(body)})]
                )
            )
        pdf = render_handout(nb, base_dir=layout.lesson)
    finally:
        server.shutdown()
        server.server_close()
    assert pdf_text(pdf).count(PLACEHOLDER) == 4
    assert _Recorder.requests == []


def test_typst_only_reads_checked_copies(layout: Layout) -> None:
    (layout.lesson / "pic.png").write_bytes(GOOD_PNG)
    images = HandoutImages(layout.lesson)
    resolve = images.resolver({"a.png": {"image/png": b64(png(5, 5))}})
    try:
        assert resolve("pic.png") == "/img-1.png"
        assert resolve("attachment:a.png") == "/img-2.png"
        assert resolve("../outside/secret.png") is None
        assert resolve(str(layout.secret)) is None
        assert sorted(p.name for p in images.root.iterdir()) == ["img-1.png", "img-2.png"]
        assert layout.lesson not in images.root.parents
    finally:
        images.cleanup()


@pytest.mark.parametrize(
    "src",
    [
        "../outside/secret.png",
        "..%2Foutside%2Fsecret.png",
        "sub/../../outside/secret.png",
        "link.png",
        "/etc/passwd",
        "~/secret.png",
        "\\\\server\\share\\pic.png",
        "C:\\Windows\\pic.png",
        "file:///etc/hostname",
        "https://example.org/a.png",
        "pic.png\x00.txt",
    ],
)
def test_local_image_stays_inside_the_lesson_folder(layout: Layout, src: str) -> None:
    with pytest.raises(UnprintableImage):
        local_image(layout.lesson, src)


def test_local_image_in_a_subfolder_is_fine(layout: Layout) -> None:
    (layout.lesson / "img").mkdir()
    (layout.lesson / "img" / "a b.png").write_bytes(GOOD_PNG)
    assert local_image(layout.lesson, "img/a%20b.png") == (layout.lesson / "img" / "a b.png")


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (GOOD_PNG, "image/png"),
        (jpeg(), "image/jpeg"),
        (gif(), "image/gif"),
        (svg().encode(), "image/svg+xml"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n' + svg().encode(), "image/svg+xml"),
        (b"<svg><rect/></svg>", "image/svg+xml"),  # no namespace: Typst reads it too
        (svg('<use href="#a"/><image href="data:image/png;base64,AAAA"/>').encode(), None),
        (png(MAX_PIXELS // 1000, 1000, color_type=0)[:33], "image/png"),  # at the limit
    ],
)
def test_check_image_accepts_good_images(data: bytes, mime: str | None) -> None:
    found = check_image(data, mime)
    assert found == (mime or "image/svg+xml")


# -- foreign notebooks -------------------------------------------------------------------------


def test_foreign_outputs_fixture_prints() -> None:
    """Our own notebook like nbconvert's notebook_inject.ipynb: odd outputs of every kind."""
    nb = nbformat.read(FIXTURES / "foreign_outputs.ipynb", as_version=4)
    pdf, _ = HandoutExporter().from_notebook_node(nb)
    text = pdf_text(pdf)
    assert "First paragraph before the odd outputs." in text
    assert "Last words after the odd outputs." in text
    assert text.count(PLACEHOLDER) == 7
    assert "alert(" not in text.replace("<script>alert('markdown cell')</script>", "")


NBCONVERT_NOTEBOOKS = sorted(NBCONVERT.rglob("*.ipynb"))


def test_nbconvert_notebooks_are_there_in_ci() -> None:
    # CI fetches them (.ci/nbconvert-notebooks); there a missing copy must fail, not skip.
    if not os.environ.get("TOOLKIT_REQUIRE_NBCONVERT_NOTEBOOKS"):
        pytest.skip("set TOOLKIT_REQUIRE_NBCONVERT_NOTEBOOKS=1 to require them")
    assert len(NBCONVERT_NOTEBOOKS) >= 20, "run .ci/nbconvert-notebooks to copy them"


@pytest.mark.slow
@pytest.mark.skipif(
    not NBCONVERT_NOTEBOOKS, reason="nbconvert's notebooks not copied (tests/fixtures/nbconvert)"
)
@pytest.mark.parametrize(
    "path", NBCONVERT_NOTEBOOKS, ids=[str(p.relative_to(NBCONVERT)) for p in NBCONVERT_NOTEBOOKS]
)
def test_nbconvert_notebooks_print(path: Path) -> None:
    pdf, resources = HandoutExporter().from_filename(os.fspath(path))
    assert pdf.startswith(b"%PDF")
    assert resources["output_extension"] == ".pdf"
    assert pypdf.PdfReader(io.BytesIO(pdf)).pages
