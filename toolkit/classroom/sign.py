"""The sign for the classroom wall: a one-page A4 PDF with the address, a QR code and the code.

    write_sign("sign.pdf", url="http://192.168.1.20:8000/join?code=RIVER7", code="RIVER7",
               title="Community forum")

``python -m toolkit.classroom --print-sign sign.pdf`` writes it at start. The QR code is made
by segno as SVG and handed to Typst as data with everything else (nothing is evaluated).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import segno

from toolkit.classroom.export import template
from toolkit.course.fonts import MONO_FAMILIES, compile_pdf, font_families
from toolkit.i18n import _


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an SVG document (medium error correction: a creased sign scans)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False)
    return buf.getvalue().decode("utf-8")


def sign_document(*, url: str, code: str, title: str) -> dict[str, object]:
    """The data sign.typ prints."""
    return {
        "title": title,
        "url": url,
        "code": code,
        "qr": qr_svg(url),
        "fonts": list(font_families()),
        "mono": [*MONO_FAMILIES, *font_families()],
        "words": {
            "heading": _("Join the class board"),
            "address": _("Open this address on your phone:"),
            "code": _("The join code:"),
        },
        "steps": [
            _("Connect your phone to the room's Wi-Fi."),
            _("Scan the square code with the camera, or type the address."),
            _("Type the join code and choose a nickname. Not your real name!"),
        ],
    }


def sign_pdf(*, url: str, code: str, title: str) -> bytes:
    """The sign as PDF bytes (raises HandoutError if Typst fails)."""
    data = json.dumps(sign_document(url=url, code=code, title=title), ensure_ascii=False)
    return compile_pdf(template("sign.typ"), sys_inputs={"data": data})


def write_sign(path: str | Path, *, url: str, code: str, title: str) -> Path:
    """Write the one-page sign to ``path`` and return it."""
    where = Path(path)
    where.write_bytes(sign_pdf(url=url, code=code, title=title))
    return where
