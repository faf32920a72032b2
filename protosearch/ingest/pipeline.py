"""Ingest: find files, extract and tag them in worker processes, write them to the index.

Content identity is the file's sha256 (remembered with the file's status, `hashes.py`):
an unchanged file is skipped before it is opened as a PDF; a changed file replaces its old
document; the same content under several paths is one document that lists them all. A
file that fails, overruns the time limit or has more pages than the limit is reported with
its reason and the others go on: each file is read in a worker process (`workers.py`) that
is killed and replaced when it overruns. A file whose bytes cannot be read (HTML,
truncated, encrypted ...) is remembered by its sha256 and not read again while it is
unchanged. One writer commits batches, and every document's units land in one commit, so
an ingest killed at any moment leaves a consistent index, and the next run carries on
where it stopped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from protosearch import __version__
from protosearch.extract.document import MAX_PAGES
from protosearch.ingest.hashes import Digests
from protosearch.index import PreparedDocument, SearchIndex
from protosearch.records import Failure
from protosearch.ingest.workers import ReadOptions, read_in_workers

if TYPE_CHECKING:
    from protosearch.index import IndexWriter

BATCH = 500  # documents per commit ...
COMMIT_SECONDS = 5.0  # ... or after this many seconds, so that a kill loses little work
TIMEOUT = 900.0  # seconds for one file: OCR of an 11-page scan took 351 s on a loaded 2-core machine
WAIT = 10.0  # seconds to wait for another ingest to release the index
_FAILURES_FILE = "failures.json"
_NEEDS_OCR = "no text layer"  # such a failure lasts only while OCR is asked for and installed as it was


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0  # files whose content another file of this run brings
    removed: int = 0  # documents pruned because every file of theirs is gone
    pages: int = 0
    failures: list[Failure] = field(default_factory=list)
    known_failures: int = 0  # of the failures: unchanged files that failed before, not read again
    rebuilt: bool = False


@dataclass(frozen=True)
class Progress:
    """One file read: what a progress bar or a log line shows."""

    path: str
    outcome: str  # "added", "replaced" or "failed"
    detail: str  # "12 pages, protokoll" or the reason it failed
    done: int
    total: int
    pages: int  # pages read so far


# In a folder, only files of these kinds are documents (a .json beside them is not); Markdown
# is how other tools convert published PDFs, but a folder's own README.md or CHANGELOG.md is
# no meeting document. A file named on the command line is always tried, whatever its name.
DOCUMENT_SUFFIXES = {".pdf", ".txt", ".text", ".md"}
_NOT_DOCUMENTS = re.compile(r"(?i)^(?:readme|changelog|license|licence|contributing|manifest)\b")


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and document files under folders named (recursively, sorted, no hidden ones)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if (not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES
                            and not _NOT_DOCUMENTS.match(name)):
                        yield Path(root) / name
        else:
            yield path


class _Catalog:
    """Which paths hold which document, and the changes not yet committed."""

    def __init__(self, paths_by_doc: dict[str, list[str]]) -> None:
        self.paths = paths_by_doc
        self.owner = {p: d for d, ps in paths_by_doc.items() for p in ps}
        self.changed: set[str] = set()
        self.orphans: set[str] = set()  # documents whose last path now holds other content or is gone

    def attach(self, path: str, doc_id: str) -> None:
        if self.owner.get(path) == doc_id:
            return
        self.detach(path)
        self.paths.setdefault(doc_id, []).append(path)
        self.owner[path] = doc_id
        self.changed.add(doc_id)
        self.orphans.discard(doc_id)

    def detach(self, path: str) -> None:
        old = self.owner.pop(path, None)
        if old is None:
            return
        self.paths[old].remove(path)
        self.changed.add(old)
        if not self.paths[old]:
            self.orphans.add(old)

    def prune(self) -> int:
        """Forget the paths that are gone; the number of documents left with none."""
        before = len(self.orphans)
        for path in [p for p in self.owner if not os.path.exists(p)]:
            self.detach(path)
        return len(self.orphans) - before

    def dirty(self) -> bool:
        return bool(self.changed or self.orphans)

    def flush(self, w: IndexWriter) -> None:
        """Write the pending deletions and path lists into the commit being prepared."""
        for doc_id in self.orphans:
            w.delete(doc_id)
            del self.paths[doc_id]
        for doc_id in self.changed - self.orphans:
            w.set_paths(doc_id, self.paths[doc_id])
        self.changed.clear()
        self.orphans.clear()


def ingest(paths: Iterable[str | Path], index_dir: str | Path, *, jobs: int | None = None,
           timeout: float = TIMEOUT, max_pages: int = MAX_PAGES, ocr: bool = True, prune: bool = False,
           wait: float = WAIT, batch: int = BATCH, municipality: str | None = None,
           progress: Callable[[Progress], None] | None = None) -> IngestReport:
    """Bring the index in `index_dir` up to date with the files under `paths`; never raises for one bad file.

    `municipality` is given to the new documents that do not name their municipality themselves.
    """
    report = IngestReport()
    idx = SearchIndex(index_dir)
    with idx.ingest_lock(wait=wait):
        report.rebuilt = idx.open_for_writing()
        known = idx.document_ids()
        catalog = _Catalog(idx.paths_by_doc())
        stored = {} if report.rebuilt else _load_failures(idx.directory)
        digests = Digests(idx.directory)
        setting = "ocr" if ocr and shutil.which("tesseract") else "no ocr"
        remembered = {d: reason for d, (reason, needs) in stored.items() if needs in (None, setting)}
        todo: dict[str, list[str]] = {}  # content -> its paths, the first one to read
        for path in find_files(paths):
            resolved = str(path.resolve())
            try:
                digest = digests.of(path, resolved)
            except FileNotFoundError:
                report.failures.append(Failure(str(path), "no such file or folder"))
                continue
            except OSError as e:
                report.failures.append(Failure(str(path), f"cannot read file: {e.strerror}"))
                continue
            if digest in known:
                catalog.attach(resolved, digest)
                report.unchanged += 1
            elif digest in remembered:
                catalog.detach(resolved)
                report.failures.append(Failure(resolved, remembered[digest]))
                report.known_failures += 1
            elif digest in todo:
                todo[digest].append(resolved)
                report.duplicates += 1
            else:
                todo[digest] = [resolved]
        if prune:
            report.removed = catalog.prune()
            digests.forget_missing()
        digests.save()  # before the reading: what is hashed is kept whatever becomes of the rest
        lasting = _write_all(idx, todo, catalog, report, jobs=jobs or os.cpu_count() or 1,
                             timeout=timeout, limits=ReadOptions(max_pages, ocr, municipality), batch=batch,
                             progress=progress)
        stored.update({d: (r, setting if r.startswith(_NEEDS_OCR) else None) for d, r in lasting.items()})
        _save_failures(idx.directory, stored)
    return report


def _write_all(idx: SearchIndex, todo: dict[str, list[str]], catalog: _Catalog, report: IngestReport, *,
               jobs: int, timeout: float, limits: ReadOptions, batch: int,
               progress: Callable[[Progress], None] | None) -> dict[str, str]:
    """Read the new contents in workers and commit them in batches; the lasting failures by content.

    Each document is written into the open commit as soon as it arrives, so that the index
    analyses it while the workers read the next files.
    """
    first = {paths[0]: digest for digest, paths in todo.items()}
    lasting: dict[str, str] = {}
    results = read_in_workers(_largest_first(first), jobs=jobs, timeout=timeout, limits=limits)
    done = 0
    more = bool(first) or catalog.dirty()
    early_commit = EarlyCommit(len(first))
    while more:
        with idx.writer() as w:
            opened, written = time.monotonic(), 0
            for path, result, is_lasting in results:
                done += 1
                digest = first[path]
                outcome, detail = _record(result, path, digest, todo[digest], catalog, report, w)
                if isinstance(result, Failure) and is_lasting:
                    lasting[digest] = result.reason
                written += outcome != "failed"
                if progress:
                    progress(Progress(path, outcome, detail, done, len(first), report.pages))
                now = time.monotonic()
                if written >= batch or now - opened >= COMMIT_SECONDS or early_commit.commit_now(done, written, now):
                    break
            else:
                more = False
            catalog.flush(w)
            committing = time.monotonic()
        early_commit.committed(written, time.monotonic() - committing)
    return lasting


def _largest_first(paths: Iterable[str]) -> list[str]:
    """The largest files first, so that the workers end together on small ones rather than one
    reading a long file while the others wait."""

    def size(path: str) -> int:
        try:
            return os.stat(path).st_size
        except OSError:
            return 0  # its worker reports why

    return sorted(paths, key=size, reverse=True)


class EarlyCommit:
    """When to commit a last time before the workers are done, so that the final commit is small.

    Once the workers are done, only the writer works: what its final commit has to write
    is the ingest's tail. The writer commits early once, when the files left would take the
    workers about as long as the commit of what it holds: the earlier commits of this
    ingest tell how long a commit takes per document, the files done so far how long a
    file takes.
    """

    def __init__(self, files: int) -> None:
        self.files = files
        self.first_result = 0.0
        self.commit_seconds_per_doc: float | None = None
        self.used = False

    def commit_now(self, done: int, written: int, now: float) -> bool:
        """Called with each result (`done` files so far, `written` of them in the open commit): commit now?"""
        if done == 1:
            self.first_result = now  # the workers' start-up is over
            return False
        if self.used or self.commit_seconds_per_doc is None or done >= self.files:
            return False
        seconds_per_file = (now - self.first_result) / (done - 1)
        self.used = (self.files - done) * seconds_per_file <= written * self.commit_seconds_per_doc
        return self.used

    def committed(self, written: int, seconds: float) -> None:
        if written:
            self.commit_seconds_per_doc = seconds / written


def _record(result: PreparedDocument | Failure, path: str, digest: str, paths: list[str], catalog: _Catalog,
            report: IngestReport, w: IndexWriter) -> tuple[str, str]:
    """Write one result into the commit and the report: (outcome, detail) for the progress."""
    if isinstance(result, Failure):
        for p in paths:
            catalog.detach(p)  # whatever it held before is gone from it
            report.failures.append(Failure(p, result.reason))
        return "failed", result.reason
    doc = result.doc
    if doc.sha256 != digest:  # the file changed after it was hashed: its copies did not
        paths = [path]
    replacing = any(catalog.owner.get(p, doc.sha256) != doc.sha256 for p in paths)
    w.replace(result, path)
    for p in paths:
        catalog.attach(p, doc.sha256)
    report.pages += doc.pages
    if replacing:
        report.replaced += 1
    else:
        report.added += 1
    return ("replaced" if replacing else "added"), f"{doc.pages} pages, {doc.doc_type}"


def _load_failures(directory: Path) -> dict[str, tuple[str, str | None]]:
    """Lasting failures of earlier runs by content: the reason, and the OCR setting it depends on.

    Only those of this protosearch version: another version may read the file.
    """
    try:
        data = json.loads((directory / _FAILURES_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != __version__:
        return {}
    return {d: (reason, needs) for d, (reason, needs) in data["failures"].items()}


def _save_failures(directory: Path, failures: dict[str, tuple[str, str | None]]) -> None:
    tmp = directory / (_FAILURES_FILE + ".tmp")
    tmp.write_text(json.dumps({"version": __version__, "failures": failures}, ensure_ascii=False), "utf-8")
    os.replace(tmp, directory / _FAILURES_FILE)
