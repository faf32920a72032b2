#!/usr/bin/env python3
"""What the check for damaged text layers costs, and how many pages it sends to OCR.

usage: python benchmarks/bench_damage_check.py [DIR ...]

Reads every PDF under the folders (default: each folder of ../shared/corpus) without OCR,
then times `extract.damage.is_damaged` on each page, apart from the extraction itself.
Prints per folder: pages, pages the check would send to OCR, the check's milliseconds per
page and its share of the extraction's time. A healthy folder should send (almost) none:
each page sent costs an OCR of about 3 to 5 s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def measure(folder: Path) -> tuple[int, int, float, float]:
    """(pages, pages flagged, seconds checking, seconds extracting) over a folder's PDFs."""
    from protosearch.extract import damage
    from protosearch.extract.document import ExtractionError, extract_file

    pages = flagged = 0
    checking = extracting = 0.0
    for path in sorted(folder.rglob("*.pdf")):
        start = time.perf_counter()
        try:
            doc = extract_file(path, ocr=False)
        except ExtractionError:
            continue
        extracting += time.perf_counter() - start
        start = time.perf_counter()
        flagged += sum(damage.is_damaged(page.text) for page in doc.pages)
        checking += time.perf_counter() - start
        pages += len(doc.pages)
    return pages, flagged, checking, extracting


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    args = ap.parse_args()
    folders = args.folders or sorted(p for p in (SHARED / "corpus").iterdir() if p.is_dir())
    from protosearch.extract import damage

    damage.unknown_share("x " * 100)  # the word list's cache and heads read once, before timing
    print(f"{'folder':<16} {'pages':>6} {'to OCR':>7} {'check ms/page':>14} {'of extraction':>14}")
    for folder in folders:
        pages, flagged, checking, extracting = measure(folder)
        if pages:
            print(f"{folder.name:<16} {pages:>6} {flagged:>7} {1000 * checking / pages:>14.2f} "
                  f"{checking / extracting:>13.1%}")


if __name__ == "__main__":
    main()
