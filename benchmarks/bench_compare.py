#!/usr/bin/env python3
"""Two installs of protosearch, one ingest each in turn: is a change faster or slower?

usage: python benchmarks/bench_compare.py OLD_SCRIPT NEW_SCRIPT [--corpus DIR] [--rounds N] [--jobs N] [--ocr]

Each round runs `OLD ingest --no-ocr --jobs N` (or with OCR, `--ocr`) then `NEW ...` (the order swapped every other
round) on the same corpus into new indexes, as a user runs it, and prints both wall times.
The machine's other tenants move both alike within a round, so the figure to read is the
per-round ratio NEW/OLD and its median, not the absolute seconds. The word-list cache is
built by a first untimed ingest of each install.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def ingest(script: str, corpus: Path, jobs: int, ocr: bool) -> tuple[float, str]:
    """Seconds of one ingest into a new index, and its summary line (to check both did the same work)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        no_ocr = [] if ocr else ["--no-ocr"]
        done = subprocess.run([script, "--index", tmp, "ingest", *no_ocr, "--jobs", str(jobs),
                               str(corpus)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some files failed (the corpus holds HTML pages saved as .pdf)
        raise SystemExit(f"{script} failed: {done.stderr[-500:]}")
    summary = next((line for line in (done.stdout + done.stderr).splitlines() if line.startswith("ingested ")), None)
    if summary is None:
        raise SystemExit(f"{script} printed no summary: {done.stderr[-500:]}")
    return seconds, summary[: summary.index(";")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "alingsas")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ocr", action="store_true", help="let both OCR scans and letterheads (Tesseract)")
    a = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; corpus {a.corpus}; {a.jobs} jobs; OCR {'on' if a.ocr else 'off'}")
    for script in (a.old, a.new):
        print(f"{script}: {ingest(script, a.corpus, a.jobs, a.ocr)[1]}")  # builds the word-list cache; not timed
    ratios = []
    for r in range(a.rounds):
        order = [("old", a.old), ("new", a.new)][:: 1 if r % 2 == 0 else -1]
        runs = {name: ingest(script, a.corpus, a.jobs, a.ocr) for name, script in order}
        if runs["old"][1] != runs["new"][1]:
            raise SystemExit(f"the two did different work: {runs}")
        times = {name: seconds for name, (seconds, _) in runs.items()}
        ratios.append(times["new"] / times["old"])
        print(f"round {r + 1}: old {times['old']:.2f} s, new {times['new']:.2f} s, new/old {ratios[-1]:.3f}")
    print(f"median new/old {statistics.median(ratios):.3f} over {a.rounds} rounds "
          f"(load average now {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
