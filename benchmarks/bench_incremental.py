#!/usr/bin/env python3
"""Incremental ingest: a re-ingest of an unchanged corpus, then of one with 1% of its files changed.

The unchanged corpus is ingested again twice: with the digests the first ingest
remembered (a file whose size and times are unchanged is not read), and without them
(every file hashed again).

The corpus (../shared/corpus/alingsas, or --corpus) is copied to a temporary folder
first; the copies are changed there, never the originals. A changed PDF gets bytes
appended after its end marker, as a re-save does: a new sha256, the same pages. Every
ingest is `protosearch ingest --no-ocr` in a new process, as a user runs it.

    .venv/bin/python benchmarks/bench_incremental.py
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALINGSAS = ROOT.parent / "shared" / "corpus" / "alingsas"
PROTOSEARCH = Path(sys.executable).with_name("protosearch")
# the commands timed here run as after a pip install, with their bytecode cached (some machines turn that off)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def run(index: Path, corpus: Path, *extra: str) -> tuple[float, str]:
    """(seconds, summary line) of one `protosearch ingest`."""
    started = time.perf_counter()
    done = subprocess.run([str(PROTOSEARCH), "--index", str(index), "ingest", "-q", "--no-ocr", "--jobs", "2",
                           *extra, str(corpus)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    summary = next((line for line in done.stderr.splitlines() if line.startswith("ingested ")), done.stderr)
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ALINGSAS)
    parser.add_argument("--percent", type=float, default=1.0, help="share of the files to change")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")

    work = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(args.corpus, corpus)
        # an ingest remembers a file's sha256 only if the file had not changed for a second
        # when it was hashed (protosearch/hashes.py): an archive's files are not that new, the copy's are
        time.sleep(1.1)
        index = work / "index"
        files = sorted(p for p in corpus.rglob("*.pdf") if b"%PDF-" in p.read_bytes()[:1024])
        print(f"corpus: a copy of {args.corpus} ({sum(1 for p in corpus.rglob('*') if p.is_file())} files, "
              f"{len(files)} PDFs); 2 jobs; load average before: {os.getloadavg()[0]:.1f}")

        first, summary = run(index, corpus)
        print(f"first ingest:              {first:7.2f} s   {summary}")
        again, summary = run(index, corpus)
        print(f"unchanged re-ingest:       {again:7.2f} s = {100 * again / first:5.1f}% of the first   {summary}")
        (index / "hashes.json").unlink()
        seconds, summary = run(index, corpus)
        print(f"the same, every file hashed again (no remembered digests): {seconds:.2f} s = "
              f"{100 * seconds / first:.1f}% of the first")

        rng = random.Random(args.seed)
        changed = rng.sample(files, max(1, math.ceil(len(files) * args.percent / 100)))
        for path in changed:
            with path.open("ab") as f:
                f.write(b"\n% re-saved\n")
        seconds, summary = run(index, corpus)
        print(f"{len(changed)} files changed ({args.percent:g}%): {seconds:7.2f} s = {100 * seconds / first:5.1f}% "
              f"of the first   {summary}")

        for path in changed:
            path.unlink()
        seconds, summary = run(index, corpus, "--prune")
        print(f"{len(changed)} files deleted, --prune: {seconds:7.2f} s = {100 * seconds / first:5.1f}% "
              f"of the first   {summary}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
