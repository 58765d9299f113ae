"""Images for printed handouts, checked before Typst sees them.

One unreadable picture must never stop a whole handout. Every image (an output, a Markdown
attachment, a ``data:`` URI or a file in the lesson folder) is checked in two steps:

1. cheap checks in Python: the bytes are the format their label says (PNG, JPEG, GIF or SVG),
   the file and its pixel count are below :data:`MAX_BYTES` and :data:`MAX_PIXELS` (read from
   the header, so a decompression bomb is never decoded), and an SVG is well-formed XML with an
   ``<svg>`` root and no reference to another file or a web address;
2. Typst itself decodes the image once, exactly as the real compile will.

A rejected image becomes a placeholder with its description, and the reason is logged for the
trainer. Typst only ever reads :attr:`HandoutImages.root`, a private folder holding the checked
copies, so nothing in a notebook can make it read other files or reach the network.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import struct
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from toolkit.course.errors import HandoutError
from toolkit.course.fonts import compile_pdf
from toolkit.course.typst_markdown import ImageResolver, typst_string
from toolkit.terminal import for_terminal

__all__ = [
    "MAX_BYTES",
    "MAX_PIXELS",
    "MIME_SUFFIX",
    "HandoutImages",
    "UnprintableImage",
    "check_image",
    "local_image",
]

log = logging.getLogger("toolkit.course.handout")

MIME_SUFFIX = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/svg+xml": ".svg",
}
# A phone photo is 12-50 million pixels; 75% of a page at 300 dpi needs about 2 million.
MAX_PIXELS = 40_000_000
MAX_BYTES = 20 * 1024 * 1024

_PRINTABLE = "PNG, JPEG, GIF and SVG can"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


class UnprintableImage(ValueError):
    """An image Typst must not be given; the message says why in plain words."""


# -- checks on bytes ------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The image MIME type the bytes themselves show, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "image/svg+xml"  # XML text; whether it is really an SVG is checked when parsed
    return None


def _raster_size(data: bytes, mime: str) -> tuple[int, int] | None:
    """Width and height from the header, without decoding the pixels."""
    if mime == "image/png":
        if data[12:16] != b"IHDR" or len(data) < 24:
            return None
        return struct.unpack(">II", data[16:24])
    if mime == "image/gif":
        return struct.unpack("<HH", data[6:10]) if len(data) >= 10 else None
    # JPEG: walk the segments up to the frame header (SOFn), which holds the size.
    i = 2
    while i + 9 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        if marker == 0xDA:  # image data before any frame header
            return None
        i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    return None


def _external_reference(value: str) -> bool:
    value = value.strip()
    return bool(value) and not value.startswith("#") and not value.lower().startswith("data:")


def _check_svg(data: bytes) -> None:
    if b"<?xml-stylesheet" in data:
        msg = "the SVG drawing uses a style sheet from another file"
        raise UnprintableImage(msg)
    try:
        root: Element = parse_xml(data, forbid_dtd=False)  # entities are refused by default
    except DefusedXmlException as exc:
        msg = "it is an SVG drawing that declares XML entities, which are not allowed"
        raise UnprintableImage(msg) from exc
    except (ParseError, ValueError) as exc:  # ValueError: text that cannot be decoded
        msg = f"it is not a readable SVG drawing ({exc})"
        raise UnprintableImage(msg) from exc
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        msg = "it is not an SVG drawing (its outermost element is not <svg>)"
        raise UnprintableImage(msg)
    # Linked images, <use> of other files, CSS url(...) and @import: the drawing must be whole.
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in ("href", "src") and _external_reference(value):
                msg = f"the SVG drawing links to another file or web address ({value[:60]})"
                raise UnprintableImage(msg)
        css = " ".join([element.text or "", *element.attrib.values()])
        for target in _CSS_URL.findall(css):
            if _external_reference(target):
                msg = f"the SVG drawing links to another file or web address ({target[:60]})"
                raise UnprintableImage(msg)
        if "@import" in css:
            msg = "the SVG drawing imports a style sheet from elsewhere"
            raise UnprintableImage(msg)


def check_image(data: bytes, mime: str | None = None) -> str:
    """The MIME type of ``data`` when it is an image Typst may be given, else UnprintableImage.

    ``mime`` is the type the notebook claims; the bytes must be of that type.
    """
    if mime is not None and mime not in MIME_SUFFIX:
        msg = f"its type {mime[:40]!r} cannot be printed ({_PRINTABLE})"
        raise UnprintableImage(msg)
    if not data:
        msg = "it is empty"
        raise UnprintableImage(msg)
    if len(data) > MAX_BYTES:
        msg = f"it is {len(data) // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB"
        raise UnprintableImage(msg)
    found = sniff(data)
    if found is None:
        msg = "it is not a PNG, JPEG, GIF or SVG image"
        raise UnprintableImage(msg)
    if mime is not None and found != mime:
        msg = f"it says it is {mime} but holds {found} data"
        raise UnprintableImage(msg)
    if found == "image/svg+xml":
        _check_svg(data)
        return found
    size = _raster_size(data, found)
    if size is None or 0 in size:
        msg = "it is damaged (its header is incomplete)"
        raise UnprintableImage(msg)
    if size[0] * size[1] > MAX_PIXELS:
        msg = (
            f"it is {size[0]} x {size[1]} pixels, more than {MAX_PIXELS // 1_000_000} million; "
            "save a smaller copy"
        )
        raise UnprintableImage(msg)
    return found


def decode_base64(value: Any) -> bytes:
    """Bytes of a notebook's base64 text (which may hold line breaks); strict, never lenient."""
    text = "".join(value) if isinstance(value, list) else str(value)
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        msg = "its base64 data is damaged"
        raise UnprintableImage(msg) from exc


def local_image(base_dir: Path | None, src: str) -> Path:
    """The file a Markdown image source names, only when it is inside ``base_dir``."""
    if _SCHEME.match(src):
        msg = "it is a web address or link; handouts print only images saved with the lesson"
        raise UnprintableImage(msg)
    if base_dir is None:
        msg = "there is no lesson folder to find it in"
        raise UnprintableImage(msg)
    name = unquote(src.split("?", 1)[0].split("#", 1)[0])
    if name.startswith(("/", "\\", "~")) or "\x00" in name:
        msg = "its path starts outside the lesson folder; use a path relative to the lesson"
        raise UnprintableImage(msg)
    folder = base_dir.resolve()
    path = (folder / name).resolve()  # follows symbolic links, then the check below applies
    if not path.is_relative_to(folder):
        msg = "it is outside the lesson folder; copy it next to the lesson"
        raise UnprintableImage(msg)
    if not path.is_file():
        msg = "no such file in the lesson folder"
        raise UnprintableImage(msg)
    if path.stat().st_size > MAX_BYTES:
        msg = f"it is larger than {MAX_BYTES // 2**20} MB"
        raise UnprintableImage(msg)
    return path


def _printable(text: str, limit: int = 80) -> str:
    shown = for_terminal(text[:limit])
    return shown + ("..." if len(text) > limit else "")


# -- the private folder Typst reads -----------------------------------------------------------


def _templates_dir() -> Path:
    return Path(__file__).parent / "templates"


class HandoutImages:
    """Checked images copied into a private folder that becomes Typst's compile root."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = base_dir
        self.problems: list[str] = []
        self.where = "handout"  # set per cell by the caller, for the trainer's log
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0
        self._seen: dict[bytes, str | None] = {}

    @property
    def root(self) -> Path:
        """The only folder Typst may read (the templates folder when there are no images)."""
        return Path(self._tmp.name) if self._tmp else _templates_dir()

    def _reject(self, what: str, reason: str) -> None:
        # Titles and paths come from the notebook: no control characters reach the terminal.
        problem = (
            f"{_printable(self.where)}: image {_printable(what)!r} could not be printed: "
            f"{_printable(reason, 200)}; "
            "a placeholder with its description is printed instead"
        )
        self.problems.append(problem)
        log.warning("%s", problem)

    def _store(self, data: bytes, mime: str | None) -> str:
        found = check_image(data, mime)
        digest = hashlib.sha256(data).digest()
        if digest in self._seen:  # the same picture twice: checked once
            path = self._seen[digest]
            if path is None:
                msg = "Typst cannot read it (damaged or unsupported)"
                raise UnprintableImage(msg)
            return path
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="handout-")
        self._count += 1
        name = f"img-{self._count}{MIME_SUFFIX[found]}"
        file = Path(self._tmp.name) / name
        file.write_bytes(data)
        try:
            # Typst decodes it here exactly as in the real compile (about a millisecond).
            compile_pdf(
                f"#context {{ let _ = measure(image({typst_string('/' + name)})) }}",
                root=self._tmp.name,
            )
        except HandoutError as exc:
            file.unlink()
            self._seen[digest] = None
            detail = str(exc).removeprefix("Typst could not compile the handout: ")
            msg = f"Typst cannot read it ({detail[:120]})"
            raise UnprintableImage(msg) from exc
        self._seen[digest] = "/" + name
        return "/" + name

    def add(self, data: bytes, mime: str | None, what: str) -> str | None:
        """The path Typst reads the image at, or None (a placeholder is printed)."""
        try:
            return self._store(data, mime)
        except UnprintableImage as exc:
            self._reject(what, str(exc))
            return None

    def add_output(self, mime: str, value: Any, what: str = "output") -> str | None:
        """An image from a display bundle (base64 text, or SVG text)."""
        try:
            if mime == "image/svg+xml":
                text = "".join(value) if isinstance(value, list) else str(value)
                data = text.encode("utf-8", "surrogatepass")
            else:
                data = decode_base64(value)
        except UnprintableImage as exc:
            self._reject(what, str(exc))
            return None
        return self.add(data, mime, what)

    def output_bundle(self, data: Mapping[str, Any], what: str = "output") -> str | None:
        """The first printable image of a bundle, or None when it has none that can print."""
        for mime in MIME_SUFFIX:
            if mime in data:
                path = self.add_output(mime, data[mime], what)
                if path:
                    return path
        others = [str(m) for m in data if str(m).startswith("image/") and m not in MIME_SUFFIX]
        if others and not any(m in data for m in MIME_SUFFIX):
            self._reject(what, f"its type {others[0][:40]!r} cannot be printed ({_PRINTABLE})")
        return None

    def resolver(self, attachments: Mapping[str, Any] | None) -> ImageResolver:
        """Resolves Markdown image sources: attachments, ``data:`` URIs and lesson files."""

        def resolve(src: str) -> str | None:
            if src.startswith("attachment:"):
                bundle = (attachments or {}).get(src.removeprefix("attachment:"))
                if not isinstance(bundle, Mapping) or not any(m in bundle for m in MIME_SUFFIX):
                    reason = "the notebook has no PNG, JPEG, GIF or SVG attachment by that name"
                    self._reject(src, reason)
                    return None
                return self.output_bundle(bundle, src)
            if src.lower().startswith("data:"):
                head, _, payload = src.partition(",")
                mime = head[5:].split(";")[0].strip().lower()
                what = f"data:{mime[:40]}"
                if ";base64" not in head.lower():
                    self._reject(what, "only base64 data: images can be printed")
                    return None
                try:
                    data = decode_base64(unquote(payload))
                except UnprintableImage as exc:
                    self._reject(what, str(exc))
                    return None
                return self.add(data, mime, what)
            try:
                path = local_image(self.base_dir, src)
            except UnprintableImage as exc:
                self._reject(src, str(exc))
                return None
            return self.add(path.read_bytes(), None, src)

        return resolve

    def cleanup(self) -> None:
        """Delete the private folder."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
