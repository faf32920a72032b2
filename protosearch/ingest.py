"""Ingest: find files, extract and tag them in a process pool, write them to the index.

Content identity is the file's sha256: an unchanged file is skipped before it is opened
as a PDF; a changed file (same path, new content) replaces the old document. A file that
fails is recorded with its reason and the others go on. The index is written in batches,
each committed only when all its documents were written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from protosearch.index import SearchIndex
from protosearch.records import Failure, TaggedDocument

BATCH = 50


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    rebuilt: bool = False


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files under folders named (recursively, sorted, hidden ones skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_file(path: str) -> TaggedDocument | Failure:
    """Extract and tag one file; runs in a worker process."""
    from protosearch.extract import ExtractionError, extract_file
    from protosearch.tagger import tag

    try:
        return tag(extract_file(path))
    except ExtractionError as e:
        return Failure(path, str(e))
    except Exception as e:  # a tagger bug must not stop the batch; report it as such
        return Failure(path, f"internal error while tagging ({type(e).__name__}: {e})")


def ingest(paths: Iterable[str | Path], index_dir: str | Path, *, jobs: int | None = None,
           progress: Callable[[str, str], None] | None = None) -> IngestReport:
    """Add the files under `paths` to the index in `index_dir`; never raises for one bad file."""
    report = IngestReport()
    idx = SearchIndex(index_dir)
    report.rebuilt = idx.open_for_writing()
    known = idx.document_ids()
    path_owner = {p: d for d, p in idx.paths_by_doc().items()}

    todo: list[str] = []
    stale: dict[str, str] = {}  # path -> the doc id it held before it changed
    for path in find_files(paths):
        resolved = str(path.resolve())
        if not path.exists():
            report.failures.append(Failure(str(path), "no such file or folder"))
            continue
        try:
            digest = _sha256(path)
        except OSError as e:
            report.failures.append(Failure(str(path), f"cannot read file: {e.strerror}"))
            continue
        if digest in known:
            report.unchanged += 1
            continue
        if resolved in path_owner:
            stale[resolved] = path_owner[resolved]
        todo.append(resolved)

    jobs = jobs or os.cpu_count() or 1
    results = _run(todo, jobs)
    batch: list[TaggedDocument] = []
    for result in results:
        if isinstance(result, Failure):
            report.failures.append(result)
            if progress:
                progress(result.path, f"failed: {result.reason}")
            continue
        batch.append(result)
        if progress:
            progress(result.path, f"{result.pages} pages, {result.doc_type}")
        if len(batch) >= BATCH:
            _write(idx, batch, stale, report)
            batch = []
    if batch:
        _write(idx, batch, stale, report)
    return report


def _run(paths: list[str], jobs: int) -> Iterator[TaggedDocument | Failure]:
    if jobs <= 1 or len(paths) <= 1:
        yield from map(process_file, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(process_file, paths, chunksize=1)


def _write(idx: SearchIndex, docs: list[TaggedDocument], stale: dict[str, str], report: IngestReport) -> None:
    with idx.writer() as w:
        for doc in docs:
            old = stale.get(doc.path)
            if old and old != doc.sha256:
                w.delete(old)
                report.replaced += 1
            else:
                report.added += 1
            w.replace(doc, doc.path)
            report.pages += doc.pages
