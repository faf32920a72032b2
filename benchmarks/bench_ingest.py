#!/usr/bin/env python3
"""Ingest throughput beside raw PDF text extraction of the same files, in one run.

On ../shared/corpus/alingsas (or --corpus): `protosearch ingest` (a new process, as a
user runs it) with 1 and 2 jobs, raw pypdfium2 and raw pdfplumber `extract_text` with 1
and 2 processes, the ratios between them, the peak memory of each ingest, a re-ingest of
the unchanged corpus, paired rounds of a 2-job ingest between two raw pypdfium2 runs,
where the time of one process goes (extract, tag, write), and the start-up time of the
read commands.

    .venv/bin/python benchmarks/bench_ingest.py
    .venv/bin/python benchmarks/bench_ingest.py --plumber-files 40   # a faster, partial pdfplumber baseline
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ALINGSAS = ROOT.parent / "shared" / "corpus" / "alingsas"
PROTOSEARCH = Path(sys.executable).with_name("protosearch")
# the commands timed here run as after a pip install, with their bytecode cached (some machines turn that off)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def files_under(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def is_pdf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(1024).find(b"%PDF-") != -1


# -- raw extraction baselines ---------------------------------------------------------------

def pdfium_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def plumber_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def raw(fn: object, pdfs: list[Path], processes: int) -> tuple[float, int]:
    """(seconds, pages) to extract the text of every page of `pdfs` in `processes` processes."""
    started = time.perf_counter()
    if processes == 1:
        pages = sum(map(fn, pdfs))  # type: ignore[arg-type]
    else:
        with get_context("fork").Pool(processes) as pool:
            pages = sum(pool.map(fn, pdfs, chunksize=1))  # type: ignore[arg-type]
    return time.perf_counter() - started, pages


# -- memory of a process tree -----------------------------------------------------------------

def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(sum, largest) resident set size in KiB of `root` and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    sizes = [rss.get(p, 0) for p in tree]
    return sum(sizes), max(sizes, default=0)


class TreeMemory:
    """Samples the memory of a process tree every 0.1 s while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.total, self.largest = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            total, largest = _tree_rss_kb(self.pid)
            self.total, self.largest = max(self.total, total), max(self.largest, largest)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_ingest(corpus: Path, index: Path, jobs: int, *, ocr: bool) -> tuple[float, str, TreeMemory]:
    """`protosearch ingest` in a new process: (seconds, its summary line, its memory)."""
    args = [str(PROTOSEARCH), "--index", str(index), "ingest", "-q", "--jobs", str(jobs), str(corpus)]
    if not ocr:
        args.insert(-1, "--no-ocr")
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    summary = next((line for line in err.splitlines() if line.startswith("ingested ")), err.strip())
    return seconds, summary, memory


def _count(summary: str, word: str) -> int:
    """The number before `word` in an ingest summary line."""
    words = summary.replace(",", "").replace(";", "").split()
    return int(words[words.index(word) - 1])


# -- one process, stage by stage --------------------------------------------------------------

def stages(files: list[Path]) -> dict[str, float]:
    """Seconds for extraction, tagging, analysis and index writing of every file, one after the other here.

    In an ingest the workers extract, tag and analyse; the writer only writes.
    """
    from protosearch.extract.document import ExtractionError, extract_file
    from protosearch.index import SearchIndex, prepare
    from protosearch.tag.nlp import pipeline
    from protosearch.tag.tagger import tag

    pipeline()
    t = time.perf_counter()
    extracted = []
    for path in files:
        try:
            extracted.append(extract_file(path, ocr=False))
        except ExtractionError:
            continue
    t_extract = time.perf_counter() - t
    t = time.perf_counter()
    tagged = [tag(e) for e in extracted]
    t_tag = time.perf_counter() - t
    t = time.perf_counter()
    prepared = [prepare(doc, doc.path) for doc in tagged]
    t_prepare = time.perf_counter() - t
    directory = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    try:
        idx = SearchIndex(directory)
        idx.create()
        t = time.perf_counter()
        with idx.writer() as w:
            for doc in prepared:
                w.replace(doc, doc.path)
        t_write = time.perf_counter() - t
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {"extract (pypdfium2 + cleaning)": t_extract, "tag": t_tag, "analyse (index.prepare)": t_prepare,
            "write the index": t_write}


def paired_rounds(corpus: Path, pdfs: list[Path], work: Path, rounds: int, *, ocr: bool) -> None:
    """Rounds of raw pypdfium2 in one process, a 2-job ingest into a new index, raw pypdfium2 again;
    each ratio within its round, against the mean of the two baselines around the ingest.

    The machine's other tenants move a single figure by up to 1.6x within minutes, the
    baseline as much as the ingest: a ratio of figures taken side by side, with the
    baseline measured on both sides of the ingest, and the median of a few rounds, says
    more than one baseline taken minutes before.
    """
    if rounds < 1:
        return
    print(f"\npaired rounds: raw pypdfium2 (1 process), `ingest --jobs 2`, raw pypdfium2 again ({rounds} rounds):")
    speeds, ratios = [], []
    for n in range(1, rounds + 1):
        before, _ = raw(pdfium_pages, pdfs, 1)
        index = work / f"index-round-{n}"
        seconds, summary, _ = run_ingest(corpus, index, 2, ocr=ocr)
        shutil.rmtree(index, ignore_errors=True)
        after, _ = raw(pdfium_pages, pdfs, 1)
        baseline = (before + after) / 2
        pages = _count(summary, "pages")
        speeds.append(pages / seconds)
        ratios.append(seconds / baseline)
        print(f"  round {n}: raw {before:5.2f} / {after:5.2f} s, ingest {seconds:6.2f} s = {pages / seconds:4.0f} pages/s, "
              f"{seconds / baseline:4.1f}x raw (load {os.getloadavg()[0]:.1f})")
    print(f"  median: {statistics.median(speeds):.0f} pages/s, {statistics.median(ratios):.1f}x raw pypdfium2")


def wall(args: list[str], repeat: int = 5) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ALINGSAS)
    parser.add_argument("--plumber-files", type=int, default=0, help="pdfplumber on the first N PDFs only (0: all)")
    parser.add_argument("--ocr", action="store_true", help="let the ingest OCR pages without a text layer")
    parser.add_argument("--rounds", type=int, default=3,
                        help="paired rounds of raw pypdfium2 (1 process) then a 2-job ingest (0: none)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}")

    files = files_under(args.corpus)
    pdfs = [p for p in files if is_pdf(p)]
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {args.corpus}: {len(files)} files ({len(pdfs)} PDFs), {size / 2**20:.1f} MB; "
          f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}")

    print("\nraw text extraction of every PDF page:")
    baseline: dict[tuple[str, int], tuple[float, int]] = {}
    plumber_set = pdfs[: args.plumber_files] if args.plumber_files else pdfs
    for name, fn, subset in (("pypdfium2", pdfium_pages, pdfs), ("pdfplumber", plumber_pages, plumber_set)):
        for processes in (1, 2):
            seconds, pages = raw(fn, subset, processes)
            baseline[(name, processes)] = (seconds, pages)
            print(f"  {name:10} {processes} process{'es' if processes > 1 else '  '}: {pages} pages in "
                  f"{seconds:6.2f} s = {pages / seconds:6.0f} pages/s")

    print(f"\nprotosearch ingest{' (with OCR)' if args.ocr else ' --no-ocr'} into a new index, a new process:")
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    self_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        first: dict[int, float] = {}
        for jobs in (1, 2):
            seconds, summary, memory = run_ingest(args.corpus, work / f"index-{jobs}", jobs, ocr=args.ocr)
            first[jobs] = seconds
            pages, docs = _count(summary, "pages"), _count(summary, "new")
            ratios = f"{seconds / baseline[('pypdfium2', 1)][0]:4.1f}x raw pypdfium2 with 1 process"
            if jobs > 1:
                ratios += f", {seconds / baseline[('pypdfium2', jobs)][0]:4.1f}x with {jobs}"
            print(f"  {jobs} job{'s' if jobs > 1 else ' '}: {seconds:6.2f} s, {pages} pages, {docs} documents: "
                  f"{pages / seconds:5.0f} pages/s, {docs / seconds:5.1f} documents/s; {ratios}; "
                  f"peak memory {memory.total / 1024:.0f} MB in all its processes "
                  f"(largest process {memory.largest / 1024:.0f} MB)")
            print(f"          {summary}")
        pl_seconds, pl_pages = baseline[("pdfplumber", 2)]
        print(f"  ingest with 2 jobs reads {pages / first[2] / (pl_pages / pl_seconds):.1f}x as many pages/s "
              "as raw pdfplumber extract_text with 2 processes")

        seconds, summary, _ = run_ingest(args.corpus, work / "index-2", 2, ocr=args.ocr)
        print(f"\nre-ingest of the unchanged corpus (2 jobs): {seconds:.2f} s = "
              f"{100 * seconds / first[2]:.1f}% of the first ingest\n          {summary}")

        paired_rounds(args.corpus, pdfs, work, args.rounds, ocr=args.ocr)

        usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"\ngetrusage ru_maxrss: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
              f"({self_before / 1024:.0f} MB before the ingests), the largest reaped child process "
              f"{usage_children / 1024:.0f} MB (the ingest's workers are the forkserver's children, not reaped "
              "here: the sampled figures above count them)")

        print("\none process, stage by stage (no OCR):")
        for stage, seconds in stages(files).items():
            print(f"  {stage:32} {seconds:6.2f} s")

        print("\nstart-up of the read commands (median of 5, wall time of a new process):")
        print(f"  python -c pass                     {wall([sys.executable, '-c', 'pass']) * 1000:6.0f} ms")
        print(f"  protosearch --help                 {wall([str(PROTOSEARCH), '--help']) * 1000:6.0f} ms")
        index = str(work / "index-2")
        for query in ("budget", '"särskilt yttrande"'):
            ms = wall([str(PROTOSEARCH), "--index", index, "search", query]) * 1000
            print(f"  protosearch search {query:16}{ms:6.0f} ms  (index of {args.corpus.name})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
