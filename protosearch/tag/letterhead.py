"""The municipality of a document whose text names none: many name theirs only in a logo.

Read only for such documents, since OCR of the letterhead costs about a second a PDF; the
user's `--municipality` comes last, for files that name theirs nowhere.
"""

from __future__ import annotations

from dataclasses import replace

from protosearch.records import ExtractedText, TaggedDocument
from protosearch.tag.metadata import municipality_in_letterhead


def name_municipality(doc: TaggedDocument, extracted: ExtractedText, *, ocr: bool,
                      default: str | None = None) -> TaggedDocument:
    """`doc` with a municipality: its text's, else its letterhead's (a PDF, with OCR), else `default`."""
    if doc.municipality is not None:
        return doc
    found = None
    if extracted.pages and extracted.pages[0].ocr:  # a scan, read already: its letterhead is in its text
        found = municipality_in_letterhead("\n".join(extracted.pages[0].text.split("\n")[:8]))
    if found is None and ocr and extracted.kind == "pdf":
        from protosearch.extract import ocr as tesseract

        if tesseract.available():
            try:
                found = municipality_in_letterhead(tesseract.ocr_letterhead(extracted.path))
            except Exception:  # a hint only: a page pdfplumber cannot render must not fail the document
                found = None
    return replace(doc, municipality=found or default) if found or default else doc
