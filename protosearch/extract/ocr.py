"""OCR for pages without a text layer: pdfplumber renders the page, Tesseract (Swedish) reads it.

Tesseract is a system program (Debian: tesseract-ocr, tesseract-ocr-swe). When it is
absent, `available()` is False and extraction reports the page as needing OCR.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

INSTALL_HINT = "install Tesseract with the Swedish model (Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-swe)"
RESOLUTION = 300


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract is on PATH and has the Swedish model."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, check=False)
    return "swe" in langs.stdout.split()


def ocr_pages(pdf_bytes: bytes, page_numbers: list[int]) -> dict[int, str]:
    """Text of the given 1-based pages, read by Tesseract from a 300 dpi rendering."""
    import io

    import pdfplumber

    out: dict[int, str] = {}
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf, tempfile.TemporaryDirectory() as tmp:
        for number in page_numbers:
            image = pdf.pages[number - 1].to_image(resolution=RESOLUTION).original
            png = Path(tmp) / f"page{number}.png"
            image.save(png)
            run = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", "swe", "--psm", "3"],
                capture_output=True, text=True, check=False, timeout=120,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one core per worker process
            )
            out[number] = repair(run.stdout)
    return out


LETTERHEAD_BAND = 0.2  # of the first page's height: where a municipality's logo stands
# dpi: logo lettering is large. On ../shared/corpus 150 dpi read the same 67 names as 200 in 0.82
# of the time; 200 leaves room for smaller logos than Alingsås's.
LETTERHEAD_RESOLUTION = 200


def ocr_letterhead(pdf_path: str) -> str:
    """Text of the top band of a PDF's first page, read by Tesseract: a logo's lettering
    ('ALINGSÅS KOMMUN') that no text layer carries. Sparse-text mode, since a letterhead is
    scattered words, not paragraphs."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf, tempfile.TemporaryDirectory() as tmp:
        if not pdf.pages:
            return ""
        page = pdf.pages[0]
        band = page.crop((0, 0, page.width, page.height * LETTERHEAD_BAND))
        png = Path(tmp) / "letterhead.png"
        band.to_image(resolution=LETTERHEAD_RESOLUTION).original.save(png)
        run = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", "swe", "--psm", "11"],
            capture_output=True, text=True, check=False, timeout=60,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    return run.stdout


_K_AS_L_PAREN = re.compile(r"\bl\((?=[A-ZÅÄÖ])")
_ZERO_IN_CAPS = re.compile(r"\b(?=[A-ZÅÄÖ0]*[A-ZÅÄÖ])(?=[A-ZÅÄÖ]*0)[A-ZÅÄÖ0]{3,}\b")
# "§" read as "$", "S", "&", "3" or "8" before a § number that opens a heading line
_PARAGRAPH_AT_LINE_START = re.compile(r"(?m)^(?:[S$&][ ]?|[38][ ])(?=\d{1,3}(?:[ ]+(?:\d{4}\.\d|[A-ZÅÄÖ])|[ ]*$))")
_PARAGRAPH_IN_TEXT = re.compile(r"(?<=[ (])[$&][ ]?(?=\d{1,3}\b)")


def repair(text: str) -> str:
    """Undo OCR slips that break the taggers' rules: 'l(S 2018/124' is 'KS', 'PR0T0K0LL' is
    'PROTOKOLL', '$ 105 2026.220 KS' or '3 105 2026.220 KS' opening a line is the heading
    '§ 105', and '2024, & 162' is '§ 162'."""
    text = _K_AS_L_PAREN.sub("K", text)
    text = _ZERO_IN_CAPS.sub(lambda m: m.group(0).replace("0", "O"), text)
    text = _PARAGRAPH_AT_LINE_START.sub("§ ", text)
    return _PARAGRAPH_IN_TEXT.sub("§ ", text)
