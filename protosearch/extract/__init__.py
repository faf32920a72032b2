"""Stage 1: a file's bytes to the text of its pages (PDF through pypdfium2, OCR, plain text)."""

from protosearch.extract.document import MAX_PAGES, ExtractionError, LimitExceeded, extract_bytes, extract_file, sniff

__all__ = ["MAX_PAGES", "ExtractionError", "LimitExceeded", "extract_bytes", "extract_file", "sniff"]
