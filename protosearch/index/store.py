"""The index directory: create, open, lock, write and read it, keeping readers consistent
while an ingest commits.

A document's identity is the sha256 of its bytes. A write commits only when every
document of the batch was written; otherwise it is cancelled and the index is unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index

from protosearch.index import query as q
from protosearch.index.errors import IndexUnavailable
from protosearch.index.results import Filters, Hit, Match, SearchResult, Unit
from protosearch.index.schema import SCHEMA_VERSION, schema
from protosearch.index.snippets import did_you_mean, snippet
from protosearch.index.translate import QueryRunner, with_filters
from protosearch.index.units import PreparedDocument, prepare
from protosearch.records import TaggedDocument

if TYPE_CHECKING:
    import numpy as np

    from protosearch.index.bulk import Snapshot

_VERSION_FILE = "protosearch-schema-version"
_PATHS_FILE = "paths.jsonl"  # doc id -> every path of its content, a journal appended after each commit
_LOCK_FILE = "ingest.lock"
_OPEN_TRIES = 5  # times a read opens the index again when a commit changed it meanwhile
_RETRY_SECONDS = 0.05


class SearchIndex:
    """An index directory: open for reading, or for writing with `writer()`.

    Reads keep the index open until a commit changes it (`close()` lets go of its files).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._held: tuple[tuple[int, int, int], Snapshot] | None = None  # (stamp, snapshot) of the last read
        self._reading = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------------
    def exists(self) -> bool:
        return index.exists_in(str(self.directory))

    def version(self) -> str | None:
        f = self.directory / _VERSION_FILE
        return f.read_text().strip() if f.exists() else None

    def create(self) -> None:
        """A new, empty index (an old one of another schema version is removed first)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for child in self.directory.iterdir():
            if child.name.startswith(("_MAIN", "MAIN_")) or child.suffix in (".seg", ".toc", ".pst"):
                child.unlink() if child.is_file() else shutil.rmtree(child)
        (self.directory / _PATHS_FILE).unlink(missing_ok=True)
        index.create_in(str(self.directory), schema())
        (self.directory / _VERSION_FILE).write_text(SCHEMA_VERSION + "\n")

    def open_for_writing(self) -> bool:
        """Create the index when missing or outdated; True when it had to be (re)built."""
        if self.exists() and self.version() == SCHEMA_VERSION:
            return False
        self.create()
        return True

    def _open(self) -> Any:
        """The index's current generation; a commit that replaces it meanwhile means a retry.

        Whoosh lists the tables of contents to find the newest and then opens it, and a
        commit in between writes the next one and deletes it.
        """
        for _ in range(_OPEN_TRIES):
            try:
                ix = index.open_dir(str(self.directory))
                break
            except index.EmptyIndexError:
                raise IndexUnavailable(
                    f"no index in {self.directory}: run `protosearch ingest PATH` first "
                    "(or point --index / PROTOSEARCH_INDEX at an existing index)"
                ) from None
            except FileNotFoundError:
                time.sleep(_RETRY_SECONDS)
        else:
            raise self._kept_changing()
        if self.version() != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"the index in {self.directory} was built with schema version {self.version() or '?'}, "
                f"this protosearch needs {SCHEMA_VERSION}: run `protosearch ingest` again to rebuild it"
            )
        return ix

    def _kept_changing(self) -> IndexUnavailable:
        return IndexUnavailable(f"the index in {self.directory} kept changing while it was being opened: try again")

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def ingest_lock(self, *, wait: float) -> Iterator[None]:
        """Held for a whole ingest: a second one waits up to `wait` seconds, then fails clearly.

        An flock dies with its process, so a killed ingest never leaves a stale lock.
        """
        import fcntl

        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / _LOCK_FILE, "a+") as f:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        f.seek(0)
                        holder = f.read().strip() or "?"
                        raise IndexUnavailable(
                            f"another ingest (pid {holder}) is writing to the index in {self.directory}; "
                            f"waited {wait:g} s: let it finish, or wait longer with --wait SECONDS"
                        ) from None
                    time.sleep(0.1)
            f.seek(0)
            f.truncate()
            f.write(f"{os.getpid()}\n")
            f.flush()
            try:
                yield
            finally:
                f.truncate(0)
                fcntl.flock(f, fcntl.LOCK_UN)

    def document_ids(self) -> set[str]:
        """The documents in the index (terms of deleted documents linger in a segment until a merge)."""
        ix = self._open()
        ids: set[str] = set()
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                terms = (t.decode() if isinstance(t, bytes) else t for t in leaf.lexicon("doc_id"))
                if leaf.has_deletions():
                    ids.update(t for t in terms if leaf.postings("doc_id", t).is_active())
                else:
                    ids.update(terms)
        return ids

    def paths_by_doc(self) -> dict[str, list[str]]:
        """Each document's paths, first the one its units carry; for the ingest, which holds the lock.

        The journal is checked against the index (a kill between a commit and its journal
        line loses only that line: the document's own path is read back from the index)
        and rewritten compactly when it has grown.
        """
        journal = self.directory / _PATHS_FILE
        recorded: dict[str, list[str]] = {}
        lines = 0
        if journal.exists():
            for line in journal.read_text("utf-8").splitlines():
                if not line:
                    continue
                lines += 1
                try:
                    doc_id, paths = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a kill
                recorded[doc_id] = paths
        ids = self.document_ids()
        result = {d: p for d, p in recorded.items() if p and d in ids}
        missing = ids - result.keys()
        if missing:
            with self._open().searcher() as s:
                for doc_id in missing:
                    stored = s.document(id=doc_id)
                    result[doc_id] = [stored["path"]] if stored else []
        if missing or lines > 2 * len(result) + 100:
            tmp = journal.with_suffix(".tmp")
            tmp.write_text("".join(_journal_line(d, p) for d, p in result.items()), "utf-8")
            os.replace(tmp, journal)
        return result

    @contextmanager
    def writer(self) -> Iterator[IndexWriter]:
        """A writer that commits if the block ends normally and cancels on any exception.

        After the commit, the documents' paths set in the block are appended to the journal.
        """
        from whoosh.index import LockError

        # here, so that a read command does not import Whoosh's writer
        from protosearch.index.whoosh_internals import CODEC, TermSegmentWriter

        ix = self._open()
        try:
            # segments of separate files: Whoosh copies each file of a compound segment into memory on opening
            w = TermSegmentWriter(ix, timeout=30.0, compound=False, codec=CODEC)
        except LockError as e:
            raise IndexUnavailable(
                f"the index in {self.directory} is locked by another ingest; wait for it to finish"
            ) from e
        writer = IndexWriter(w)
        try:
            yield writer
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit(mergetype=_merge_small_segments)
            if writer.paths:
                with open(self.directory / _PATHS_FILE, "a", encoding="utf-8") as f:
                    # the leading line break ends a line that a kill may have cut short
                    f.write("\n" + "".join(_journal_line(d, p) for d, p in writer.paths.items()))

    # -- reading -------------------------------------------------------------------------
    @contextmanager
    def _snapshot(self) -> Iterator[Snapshot]:
        """The index as of now, kept open between reads until a commit makes it outdated.

        Opening the files of every segment and reading their per-unit columns is the costly
        part of a small query (tens of milliseconds at 100,000 units), so a `SearchIndex`
        keeps its snapshot; each read first checks the index's table of contents (a commit
        writes a new one). Reads through one `SearchIndex` take turns (a lock): Whoosh's
        open files are not shared between threads.
        """
        with self._reading:
            stamp = self._stamp()
            if self._held is None or self._held[0] != stamp:
                self.close()
                self._held = (stamp, self._open_snapshot())
            yield self._held[1]

    def close(self) -> None:
        """Let go of the open snapshot's files (a later read opens the index again)."""
        if self._held is not None:
            self._held[1].searcher.close()
            self._held = None

    def _stamp(self) -> tuple[int, int, int]:
        """The index's generation and its table of contents' file identity (a rebuilt index
        may reach the same generation again)."""
        ix = self._open()
        for _ in range(_OPEN_TRIES):
            generation = ix.latest_generation()
            try:
                toc = os.stat(self.directory / f"_MAIN_{generation}.toc")
            except FileNotFoundError:  # a commit replaced it meanwhile
                time.sleep(_RETRY_SECONDS)
                continue
            return generation, toc.st_ino, toc.st_mtime_ns
        raise self._kept_changing()

    def _open_snapshot(self) -> Snapshot:
        """Every file of the current generation opened at once, so that a commit cannot pull one away.

        Segments are separate files and a commit deletes those of the segments it merged:
        if a commit came in between (a new generation), the half-opened snapshot is dropped
        and another opened.
        """
        # numpy and bulk.py only here, on the read path: an ingest starts without them
        from protosearch.index.bulk import Snapshot

        for _ in range(_OPEN_TRIES):
            try:
                ix = self._open()
                s = ix.searcher()
            except FileNotFoundError:  # a commit merged (and deleted) a segment meanwhile
                time.sleep(_RETRY_SECONDS)
                continue
            try:
                snapshot = Snapshot(s)
                # a reader without a generation holds no segment (no document was ever committed): none to lose
                if s.reader().generation() in (None, ix.latest_generation()):
                    return snapshot
            except FileNotFoundError:
                pass
            s.close()
            time.sleep(_RETRY_SECONDS)
        raise self._kept_changing()

    def search(self, text: str | None = "", filters: Filters = Filters(), *, limit: int = 10, offset: int = 0,
               sort: str = "relevance", compounds: bool = True,
               seconds: float | None = q.QUERY_SECONDS) -> SearchResult:
        """Matching documents, best (or newest) first, each with its matching §§; limit 0 means all.

        `compounds=False` leaves out compound-part matches (to measure what they add). A search
        that takes over `seconds` is stopped with a QueryTooCostly (None: no time bound).
        """
        from protosearch.index.bulk import Groups

        deadline = q.Deadline(seconds)
        parsed = q.parse(text or "")
        with self._snapshot() as snap:
            runner = QueryRunner(snap, compounds=compounds, deadline=deadline)
            found = runner.run(with_filters(parsed, filters))
            groups = Groups.of(snap, found, by_date=sort == "date")
            stop = len(groups) if limit == 0 else min(len(groups), offset + limit)
            hits = []
            for i in range(offset, stop):
                hits.append(_hit(snap, *groups[i], runner.marks))
                deadline.check()
            sections = int(snap.is_section[found.units].sum())
            nothing = not groups and parsed is not None
            respelled = did_you_mean(snap.searcher, text or "", parsed) if nothing else None
            return SearchResult(len(groups), tuple(hits), sections, respelled)

    def units(self, text: str | None = "", filters: Filters = Filters(), *, compounds: bool = True,
              seconds: float | None = q.QUERY_SECONDS) -> list[Unit]:
        """Every matching document and § unit with its tags, best first (time-bounded as `search`)."""
        deadline = q.Deadline(seconds)
        parsed = q.parse(text or "")  # a malformed query is reported before the index is opened
        with self._snapshot() as snap:
            found = QueryRunner(snap, compounds=compounds, deadline=deadline).run(with_filters(parsed, filters))
            out = []
            for unit, score in sorted(zip(found.units.tolist(), found.scores.tolist()), key=lambda x: -x[1]):
                f = snap.searcher.stored_fields(unit)
                out.append(Unit(f["id"], f["doc_id"], f["kind"], f["path"], f.get("title") or "",
                                f.get("section") or None, f.get("page") or None, score, json.loads(f["payload"])))
            return out

    def has_case(self, key: str) -> bool:
        """Whether any unit carries or cites the normalised case number `key`."""
        with self._snapshot() as snap:
            return ("case", key.lower()) in snap.reader

    def get(self, uid: str) -> dict[str, Any] | None:
        """One document or § unit by id (a unique id prefix of a document is enough)."""
        with self._snapshot() as snap:
            s = snap.searcher
            stored = s.document(id=uid)
            if stored is None:
                matches = [f for f in s.documents(kind="document") if f["id"].startswith(uid)]
                stored = matches[0] if len(matches) == 1 else None
            if stored is None:
                return None
            payload = json.loads(stored["payload"])
            if stored["kind"] == "section" and "votes" not in payload:
                # an index built before § units carried their votes: the document's, of this §
                whole = s.document(id=stored["doc_id"])
                votes = json.loads(whole["payload"]).get("votes", []) if whole else []
                payload["votes"] = [v for v in votes if v.get("section") == stored["section"]]
            return {**payload, "id": stored["id"], "doc_id": stored["doc_id"], "kind": stored["kind"],
                    "path": stored["path"], "title": stored["title"], "section": stored["section"] or None,
                    "page": stored["page"] or None, "text": stored.get("body") or ""}


def _hit(snap: Snapshot, units: np.ndarray, scores: np.ndarray, marks: set[str]) -> Hit:
    s = snap.searcher
    f = s.stored_fields(int(units[0]))
    payload = json.loads(f["payload"])
    matches = []
    for unit, score in zip(units, scores):
        u = f if unit == units[0] else s.stored_fields(int(unit))
        if u["kind"] == "section":
            matches.append(Match(u["id"], u.get("section") or None, u.get("page") or None, u.get("title") or "",
                                 float(score)))
    return Hit(
        id=f["id"], path=f["path"], section=f.get("section") or None, page=f.get("page") or None,
        title=f.get("title") or "", date=payload.get("date"), committee=payload.get("committee"),
        municipality=payload.get("municipality"), doc_type=payload.get("doc_type"),
        case_numbers=tuple(c["normalized"] for c in payload.get("case_numbers", [])),
        parties=tuple(payload.get("parties", [])), score=float(scores[0]),
        snippet=snippet(f.get("body") or "", marks), matches=tuple(matches),
    )


_SMALL_SEGMENT = 2_000  # units
_SMALL_SEGMENTS_TO_MERGE = 10


def _merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge the small segments into the new one once there are ten; leave the large ones.

    Whoosh's own policy now and then merges every segment into one, which at 85,000 units
    held a commit for over a quarter of an hour, and merging costs more than writing (8 s
    for the 361 units of the Alingsås set): a query pays little for a few dozen segments
    (bulk.py reads each term's postings segment by segment).
    """
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < _SMALL_SEGMENT]
    if len(small) < _SMALL_SEGMENTS_TO_MERGE:
        return segments
    for segment in small:
        with SegmentReader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    return [s for s in segments if s not in small]


def _journal_line(doc_id: str, paths: list[str]) -> str:
    return json.dumps([doc_id, paths], ensure_ascii=False) + "\n"


class IndexWriter:
    """Adds and replaces whole documents (all their units) inside one commit."""

    def __init__(self, w: Any) -> None:
        self._w = w
        self.paths: dict[str, list[str]] = {}  # doc id -> its paths, for the journal after the commit

    def replace(self, doc: TaggedDocument | PreparedDocument, path: str) -> None:
        """Write a document's units (analysed here unless prepared), replacing any it had."""
        prepared = doc if isinstance(doc, PreparedDocument) else prepare(doc, path)
        doc_id = prepared.doc.sha256
        self._w.delete_by_term("doc_id", doc_id)
        for unit in prepared.units:
            self._w.add_document(**unit)
        self.paths[doc_id] = [path]

    def delete(self, doc_id: str) -> None:
        self._w.delete_by_term("doc_id", doc_id)
        self.paths[doc_id] = []

    def set_paths(self, doc_id: str, paths: list[str]) -> None:
        """The paths of a document's content, its units' own path first."""
        self.paths[doc_id] = list(paths)
