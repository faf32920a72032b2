"""Turn a file into page texts. The only module that opens PDFs.

The file type is decided by its bytes, not its name: an HTML error page saved as `.pdf`
is reported as HTML. PDF text comes from pypdfium2, which gives the same words as
pdfplumber's `extract_text` about 80 times faster (see README, "Dependency choices").
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from protosearch.extract import damage, tables, textclean
from protosearch.records import ExtractedText, Page

MAX_PAGES = 2000


class ExtractionError(Exception):
    """A file that cannot be read; the message says why in words a user can act on."""


class LimitExceeded(ExtractionError):
    """A file beyond a configured limit: it may be read with a higher one."""


def sniff(data: bytes) -> str:
    """'pdf', 'html', 'text', 'empty' or 'binary', from the first bytes."""
    if not data.strip():
        return "empty"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        return "html"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary"
    try:
        sample.decode("utf-8")
        return "text"
    except UnicodeDecodeError as e:
        if e.start > len(sample) - 4:
            return "text"  # a multi-byte character cut by the sample's end
    printable = sum(b >= 0x20 or b in b"\t\r\n" for b in sample)
    return "text" if printable / len(sample) > 0.95 else "binary"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else cp1252, else latin-1 (which never fails)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_file(path: str | Path, *, max_pages: int = MAX_PAGES, ocr: bool = True) -> ExtractedText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExtractionError(f"cannot read file: {e.strerror}") from e
    return extract_bytes(data, str(path), max_pages=max_pages, ocr=ocr)


def extract_bytes(data: bytes, path: str, *, max_pages: int = MAX_PAGES, ocr: bool = True) -> ExtractedText:
    """Pages of text; pages without a text layer, or with a damaged one, are read by OCR when
    `ocr` and Tesseract allow."""
    kind = sniff(data)
    digest = sha256_of(data)
    if not data:
        raise ExtractionError("empty file (0 bytes): an interrupted download or copy?")
    if kind == "empty":
        raise ExtractionError("empty file: nothing but white space")
    if kind == "html":
        raise ExtractionError("not a PDF: an HTML page (often a web portal's error page saved under a .pdf name)")
    if kind == "binary":
        raise ExtractionError("unknown format: binary data that is neither PDF nor text")
    if kind == "text":
        return ExtractedText(path, digest, "text", _text_pages(decode_text(data)))
    raw_pages = _pdf_page_texts(data, max_pages=max_pages)
    scanned = [n for n, (text, has_image) in enumerate(raw_pages, start=1) if has_image and not text.strip()]
    damaged = [n for n, (text, _) in enumerate(raw_pages, start=1) if ocr and damage.is_damaged(text)]
    read = _ocr(data, scanned + damaged) if ocr and (scanned or damaged) else {}
    texts = [read.get(n, text) for n, (text, _) in enumerate(raw_pages, start=1)]
    for n in damaged:
        if n in read:
            texts[n - 1] = damage.repaired(raw_pages[n - 1][0], read.pop(n))
    if not any(t.strip() for t in texts):
        from protosearch.extract.ocr import INSTALL_HINT, available

        hint = "" if available() or not ocr else f"; to read it, {INSTALL_HINT}"
        raise ExtractionError(f"no text layer (needs OCR): every page is an image{hint}")
    cleaned = [textclean.normalize(t) for t in texts]
    voting = [n for n, t in enumerate(cleaned, start=1) if n not in read and tables.may_hold_a_roll_call(t)]
    roll_calls = tables.roll_calls(data, voting) if voting else {}
    pages = []
    for number, (body, furniture) in enumerate(textclean.split_furniture(cleaned), start=1):
        body = textclean.join_hyphenation(body)
        pages.append(Page(number, body.strip(), furniture, ocr=number in read, roll_call=roll_calls.get(number, ())))
    return ExtractedText(path, digest, "pdf", tuple(pages))


def _text_pages(text: str) -> tuple[Page, ...]:
    """A text file's pages: a form feed is a page break (pdftotext writes one per page), as is
    a run of footer lines where a converter kept no break; the running header and footer of
    such pages are furniture, as in a PDF."""
    sheets = [textclean.strip_markdown(textclean.normalize(sheet)) for sheet in text.split("\f")]
    while len(sheets) > 1 and not sheets[-1].strip():
        sheets.pop()  # the form feed that ends the last page
    if len(sheets) == 1:
        sheets = textclean.inline_pages(sheets[0])  # a conversion that kept each page's footer, not its break
    if len(sheets) == 1:
        return (Page(1, textclean.join_hyphenation(sheets[0]).strip()),)
    return tuple(
        Page(number, textclean.join_hyphenation(body).strip(), furniture)
        for number, (body, furniture) in enumerate(textclean.split_furniture(sheets), start=1)
    )


def _ocr(data: bytes, page_numbers: list[int]) -> dict[int, str]:
    from protosearch.extract import ocr

    return ocr.ocr_pages(data, page_numbers) if ocr.available() else {}


def _pdf_page_texts(data: bytes, *, max_pages: int) -> list[tuple[str, bool]]:
    """(text, has an image) per page: an image page without text is a scan."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        message = str(e).lower()
        if "password" in message:
            raise ExtractionError("password-protected PDF: it cannot be opened without its password") from e
        if "security" in message:
            raise ExtractionError(
                "encrypted PDF: its security scheme (certificate or unknown) cannot be opened here") from e
        if b"%%EOF" not in data[-1024:]:  # the end marker is missing: the file was cut short
            raise ExtractionError("truncated PDF: the file stops before its end (no %%EOF marker); fetch it again")
        raise ExtractionError(f"corrupt PDF: {str(e).rstrip('.')}") from e
    try:
        if len(pdf) == 0:
            raise ExtractionError("corrupt PDF: it has no pages")
        if len(pdf) > max_pages:
            raise LimitExceeded(f"too many pages: {len(pdf)}, more than the limit of {max_pages}")
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            has_image = not text.strip() and any(
                True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
            texts.append((text, has_image))
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()
