"""Helpers for tests over a built course (fixture course and real course)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from toolkit.course.manifest import read_manifest


def output_text(path: Path) -> str:
    """What a reader can see in one output: page text, PDF text, or a notebook's cells."""
    if path.suffix == ".html":
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    nb = nbformat.read(path, as_version=4)
    return json.dumps([[c.source, c.get("outputs", [])] for c in nb.cells], ensure_ascii=False)


def rerun_under_nbval(
    out: Path, timeout: int, lang: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Re-run every executed notebook in ``out``'s manifest under ``pytest --nbval`` (with
    ``TOOLKIT_LANG=lang``: a translated edition's kernels speak its language, as in the build)."""
    env = dict(os.environ)
    if lang is not None:
        env["TOOLKIT_LANG"] = lang
    notebooks = [str(out / e.path) for e in read_manifest(out) if e.kind == "notebook"]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(out),
            *notebooks,
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
