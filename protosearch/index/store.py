"""The search index: the one module that imports Whoosh, and the seam for another engine.

A document and each of its § items are searchable units. Every tag is a filterable field;
normalised case numbers sit in an exact keyword field. The schema's version is stored
beside the index: an index of another version is rebuilt by `ingest` and refused by reads.
A document's identity is the sha256 of its bytes. A write commits only when every
document of the batch was written; otherwise it is cancelled and the index is unchanged.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import sys
import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import columns, fields, formats, index, query
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.codec import whoosh3 as whoosh3_codec
from whoosh.lang import stemmer_for_language
from whoosh.system import pack_uint

from protosearch.index import query as q
from protosearch.index.query import QuerySyntaxError
from protosearch.records import TaggedDocument

if TYPE_CHECKING:
    import numpy as np

    from protosearch.index.bulk import Found, Snapshot

__all__ = ["Filters", "Hit", "IndexError_", "PositionArray", "Postings", "PreparedDocument", "QuerySyntaxError",
           "SearchIndex", "SearchResult", "Unit", "doc_key", "prepare", "snippet", "units"]

SCHEMA_VERSION = "9"
_VERSION_FILE = "protosearch-schema-version"
_PATHS_FILE = "paths.jsonl"  # doc id -> every path of its content, a journal appended after each commit
_LOCK_FILE = "ingest.lock"
_OPEN_TRIES = 5  # times a read opens the index again when a commit changed it meanwhile
_RETRY_SECONDS = 0.05


def _pickle_protocol_4(obj: Any, protocol: int = 4) -> bytes:
    """`pickle.dumps` with protocol 4 whatever Whoosh asks for (it asks for 2)."""
    return pickle.dumps(obj, 4)


# Whoosh pickles each block of postings with protocol 2, where every bytes object (a
# posting's positions) becomes a call to codecs.encode: protocol 4 reads a block 13 times
# faster and writes it 10 times faster (112 -> 8.5 us for a block of 128), and pickle
# reads either, so indexes stay readable by any Whoosh.
whoosh3_codec.dumps = _pickle_protocol_4
# Posting blocks are written without zlib: a query decodes every block of each of its words,
# and zlib was a third of that. Disk for time: at 100,000 units 1,011 MB instead of 579 MB,
# the slowest queries 1.3-1.9x faster, writing 10-20% faster (benchmarks/README.md). A block
# says whether it is compressed, so segments written either way are read alike.
_CODEC = whoosh3_codec.W3Codec(compression=0)


class IndexError_(Exception):
    """An index that is missing, of another schema version, or locked by another writer."""


_STOP = frozenset(StopFilter(lang="sv").stops)  # Swedish and English: what the stop filter drops
_snowball: Callable[[str], str] = stemmer_for_language("sv")  # type: ignore[no-untyped-call]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball on the word's dictionary lemma: 'underskottet' meets 'underskott', which Snowball alone misses."""
    from protosearch.index.compound import WordListMissing, lemma

    try:
        base = lemma(word)
    except WordListMissing as e:
        raise IndexError_(str(e)) from e
    own = _snowball(word)
    if base == word:
        return own
    of_base = _snowball(base)
    # a lemma that shares no stem with the word is another word's form ("goda" listed under "goa")
    return of_base if own.startswith(of_base) or of_base.startswith(own) else own


def part_stem(word: str) -> str:
    """A compound part as the parts field keeps it: stemmed, -ning dropped (utsättning ~ utsättande)."""
    s = stem(word)
    return _snowball(s[:-4]) if s.endswith("ning") and len(s) >= 7 else s


def _split(word: str) -> tuple[str, ...] | None:
    from protosearch.index.compound import WordListMissing, split

    try:
        return split(word)
    except WordListMissing as e:
        raise IndexError_(str(e)) from e


class LemmaStemFilter(Filter):
    """Each word as `stem()`: its lemma from the word list, then Snowball."""

    # whoosh types Filter.__call__ unlike its base Composable: follow Filter
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for t in tokens:
            t.text = stem(t.text)
            yield t


class CompoundFilter(Filter):
    """The stemmed parts of each compound word: 'vattenledningsnätet' -> 'vatten', 'led', 'nät'.

    Other words are left out: the exact and stem fields find them already.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        pos = 0
        for t in tokens:
            for part in _split(t.text) or ():
                t.text = part_stem(part)
                t.pos = pos
                pos += 1
                yield t


def _swedish() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter() | StopFilter(lang="sv") | LemmaStemFilter()


def _exact() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter()


def _parts() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter() | StopFilter(lang="sv") | CompoundFilter()


@dataclass(frozen=True)
class Postings:
    """One field of one unit, analysed: (term, frequency, weight, encoded positions) per term.

    Worker processes analyse the text, which is most of the cost of indexing, so that the
    single writer only files the postings.
    """

    items: tuple[tuple[bytes, int, float, bytes], ...]


class PositionArray(formats.Positions):
    """Positions as 32-bit little-endian integers, not Whoosh's pickled gaps: bulk.py reads the
    positions of a whole block of postings with one numpy call."""

    def encode(self, poslist: Any) -> bytes:
        a = array("I", poslist)
        if sys.byteorder == "big":
            a.byteswap()
        return a.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        a = array("I")
        a.frombytes(valuestring)
        if sys.byteorder == "big":
            a.byteswap()
        return a.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


class _Text(fields.TEXT):
    """A text field that takes its value as text or as `Postings` analysed beforehand."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if kwargs.get("phrase", True):
            self.format = PositionArray(field_boost=self.format.field_boost)

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Postings):
            return iter(value.items)
        return super().index(value, **kwargs)


_ANALYSED = ("title", "body", "exact", "parts", "tags", "committee", "municipality", "persons")


def _comma_list() -> fields.KEYWORD:
    return fields.KEYWORD(commas=True, lowercase=True, scorable=False, stored=False)


def schema() -> fields.Schema:
    """Three analyses of the same text: exact words (no å/ä/ö folding), stems, stemmed compound parts."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        doc_id=fields.ID(stored=True, sortable=True),
        kind=fields.ID(stored=True, sortable=True),  # "document" or "section"
        path=fields.ID(stored=True),
        # positions where phrases are asked for: exact words, stems, persons' and municipalities' names
        title=_Text(analyzer=_swedish(), stored=True, phrase=False),
        body=_Text(analyzer=_swedish(), stored=True),
        exact=_Text(analyzer=_exact()),  # title and text, lower case, unstemmed
        parts=_Text(analyzer=_parts(), phrase=False),  # the parts of the compound words of title and text
        tags=_Text(analyzer=_exact(), phrase=False),  # party names, statement types: searchable words
        section=fields.ID(stored=True),
        page=fields.NUMERIC(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
        committee=_Text(analyzer=_swedish(), stored=True, phrase=False),
        municipality=_Text(analyzer=_exact(), stored=True),
        doc_type=fields.KEYWORD(lowercase=True, stored=True),
        parties=_comma_list(),
        persons=_Text(analyzer=_exact()),
        statement=_comma_list(),
        case=_comma_list(),  # every case number the unit carries or cites
        case_own=_comma_list(),  # the case numbers the unit carries (its § heading, its memo's Dnr)
        payload=fields.STORED(),
        # columns only, read whole by protosearch.bulk: the document of each unit, and which are §§
        doc_key=fields.COLUMN(columns.NumericColumn("Q", default=0)),
        is_section=fields.COLUMN(columns.NumericColumn("B", default=0)),
    )


@dataclass(frozen=True)
class Filters:
    """The search options of the CLI; they narrow the query like its field filters do."""

    parties: tuple[str, ...] = ()  # any of them
    person: str | None = None
    doc_type: str | None = None
    statement: str | None = None
    case: str | None = None  # normalised
    committee: str | None = None
    municipality: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def nodes(self) -> list[q.Node]:
        """The filters as query nodes (a value the query language rejects raises QuerySyntaxError)."""
        out: list[q.Node] = []
        if self.parties:
            parties = [q.field_node("party", p) for p in self.parties]
            out.append(parties[0] if len(parties) == 1 else q.Or(tuple(parties)))
        for name, value in (("person", self.person), ("type", self.doc_type), ("statement", self.statement),
                            ("committee", self.committee), ("municipality", self.municipality)):
            if value:
                out.append(q.field_node(name, value))
        if self.case:
            out.append(q.Field("case", self.case))
        if self.date_from or self.date_to:
            out.append(q.DateRange(self.date_from, self.date_to))
        return out


@dataclass(frozen=True)
class Match:
    """One matching § of a document hit."""

    id: str
    section: str | None
    page: int | None
    title: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "section": self.section, "page": self.page, "title": self.title,
                "score": round(self.score, 4)}


@dataclass(frozen=True)
class Hit:
    """A matching document, cited by its best matching unit (the document or one of its §§)."""

    id: str
    path: str
    section: str | None
    page: int | None
    title: str
    date: str | None
    committee: str | None
    municipality: str | None
    doc_type: str | None
    case_numbers: tuple[str, ...]
    parties: tuple[str, ...]
    score: float
    snippet: str
    matches: tuple[Match, ...] = ()  # every matching § of the document, best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "path": self.path, "section": self.section, "page": self.page,
            "title": self.title, "date": self.date, "committee": self.committee,
            "municipality": self.municipality, "doc_type": self.doc_type,
            "case_numbers": list(self.case_numbers), "parties": list(self.parties),
            "score": round(self.score, 4), "snippet": self.snippet,
            "matches": [m.to_dict() for m in self.matches],
        }


@dataclass(frozen=True)
class SearchResult:
    total: int  # matching documents
    hits: tuple[Hit, ...]
    sections: int = 0  # matching § items
    did_you_mean: str | None = None  # a respelling from the index's own words, when nothing matched


@dataclass(frozen=True)
class Unit:
    """A matching index entry with its tags, for the statement, case and facet views."""

    id: str
    doc_id: str
    kind: str  # "document" or "section"
    path: str
    title: str
    section: str | None
    page: int | None
    score: float
    payload: dict[str, Any]


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


def doc_key(sha256: str) -> int:
    """A document's number in the doc_key column: the first 64 bits of its sha256."""
    return int(sha256[:16], 16)


def _case_keys(normalized: Iterable[str]) -> list[str]:
    """Each key, and the key without its series, so that '2018/124' finds 'KS 2018/124'."""
    keys = []
    for n in normalized:
        keys.append(n)
        digits = n.split(" ")[-1]
        if digits != n:
            keys.append(digits)
    return list(dict.fromkeys(keys))


_HEAD_CHARS = 2000  # a memo prints its Dnr in its first lines


def _own_cases(doc: TaggedDocument) -> list[str]:
    """The case numbers a document carries: its §§' headings, or a memo's number near its top."""
    own = [c for section in doc.sections for c in section.case_numbers]
    if not doc.sections and doc.case_numbers:
        from protosearch.tag.casenumbers import find_case_numbers

        own += [c.normalized for _, _, c in find_case_numbers(doc.text[:_HEAD_CHARS])][:1]
    return list(dict.fromkeys(own))


def units(doc: TaggedDocument, path: str) -> Iterator[dict[str, Any]]:
    """The index entries of one document: the document itself, then each § item."""
    from protosearch.tag.casenumbers import find_case_numbers
    from protosearch.tag.parties import name_map

    party_words = {v: k for k, v in name_map().items() if not k.endswith("s")}
    common = {
        "doc_id": doc.sha256,
        "doc_key": doc_key(doc.sha256),
        "path": path,
        "date": _date(doc.date),
        "committee": doc.committee or "",
        "municipality": doc.municipality or "",
        "doc_type": doc.doc_type or "other",
    }
    base_payload = {
        "sha256": doc.sha256, "date": doc.date, "committee": doc.committee,
        "municipality": doc.municipality, "doc_type": doc.doc_type, "pages": doc.pages,
        "doc_title": doc.title,
    }

    def entry(uid: str, kind: str, title: str, text: str, section: str | None, page: int | None,
              cases: list[str], own: list[str], parties: list[str], persons: list[str],
              statement_types: list[str], payload: dict[str, Any]) -> dict[str, Any]:
        words = [party_words.get(p, "") for p in parties] + statement_types
        return {
            **common, "id": uid, "kind": kind, "is_section": int(kind == "section"), "title": title, "body": text,
            "exact": title + "\n" + text, "parts": title + "\n" + text,
            "tags": " ".join(w for w in words if w), "section": section or "", "page": page or 0,
            "parties": ",".join(parties), "persons": " | ".join(persons),
            "statement": ",".join(statement_types), "case": ",".join(_case_keys(cases + own)),
            "case_own": ",".join(_case_keys(own)),
            "payload": json.dumps({**base_payload, **payload, "case_own": own}, ensure_ascii=False),
        }

    d = doc.to_dict()
    yield entry(
        doc.sha256, "document", doc.title, doc.text, None, 1,
        [c.normalized for c in doc.case_numbers], _own_cases(doc), list(doc.parties),
        [p.name for p in doc.persons], list(dict.fromkeys(s.type for s in doc.statements)),
        {k: d[k] for k in ("case_numbers", "parties", "persons", "decisions", "statements", "votes", "sections")},
    )
    for i, section in enumerate(doc.sections):
        statements = [s for s in doc.statements if s.section == section.number]
        decisions = [x for x in doc.decisions if x.section == section.number]
        persons = [p for p in doc.persons if p.name in section.text]
        sec_parties = list(dict.fromkeys(
            [p for s in statements for p in s.parties] + [p.party for p in persons if p.party]))
        own = list(section.case_numbers)
        cited = list(dict.fromkeys(c.normalized for _, _, c in find_case_numbers(section.text)))
        yield entry(
            f"{doc.sha256}/{i}", "section", f"{section.number} {section.title}".strip(), section.text,
            section.number, section.page, cited, own, sec_parties, [p.name for p in persons],
            list(dict.fromkeys(s.type for s in statements)),
            {
                "case_numbers": [{"raw": c, "normalized": c} for c in dict.fromkeys(own + cited)],
                "parties": sec_parties,
                "persons": [{"name": p.name, "party": p.party, "role": p.role} for p in persons],
                "decisions": [{"section": x.section, "text": x.text, "kind": x.kind} for x in decisions],
                "statements": [{"type": s.type, "by": list(s.by), "parties": list(s.parties),
                                "section": s.section, "text": s.text} for s in statements],
            },
        )


@dataclass(frozen=True)
class PreparedDocument:
    """A tagged document as its index entries, their text fields analysed (see `Postings`)."""

    doc: TaggedDocument
    path: str
    units: tuple[dict[str, Any], ...]


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=500_000)
def _terms(word: str) -> tuple[str | None, tuple[str, ...]]:
    """A lower-case word's term in the stem fields (None when the stop filter drops it) and its compound parts."""
    if len(word) < 2 or word in _STOP:
        return None, ()
    return stem(word), tuple(part_stem(p) for p in _split(word) or ())


@dataclass
class _Analysis:
    """Positions of each term of a unit's title and text in the big fields, as the schema's analysers give them.

    The stem fields hold the title and the text apart; `exact` and `parts` hold the title,
    then the text, numbered on: the text's words are added to the title's maps, not copied.
    """

    title_stems: dict[str, list[int]]
    stems: dict[str, list[int]]
    exact: defaultdict[str, list[int]]
    parts: defaultdict[str, list[int]]

    @classmethod
    def of(cls, title: str, text: str) -> _Analysis:
        """One pass over the words of the title, then of the text."""
        exact: defaultdict[str, list[int]] = defaultdict(list)
        parts: defaultdict[str, list[int]] = defaultdict(list)
        e = p = 0
        stem_maps = []
        for words in (_WORD.findall(title.lower()), _WORD.findall(text.lower())):
            stems: defaultdict[str, list[int]] = defaultdict(list)
            first, s = e, None
            for word in words:
                exact[word].append(e)
                e += 1
                term, word_parts = _terms(word)
                if term is not None:
                    if s is None:
                        s = e - 1 - first  # Whoosh's stop filter numbers from the first word it keeps
                    stems[term].append(s)
                    s += 1
                    for part in word_parts:
                        parts[part].append(p)
                        p += 1
            stem_maps.append(stems)
        return cls(stem_maps[0], stem_maps[1], exact, parts)


def _postings(field: Any, positions: dict[str, list[int]]) -> Postings:
    """A field's postings as its format encodes them: the positions, or only their count."""
    encode = field.format.encode if isinstance(field.format, formats.Positions) else (lambda ps: pack_uint(len(ps)))
    return Postings(tuple((term.encode(), len(ps), float(len(ps)), encode(ps)) for term, ps in positions.items()))


@lru_cache(maxsize=1)
def _analysed_fields() -> dict[str, Any]:
    s = schema()
    return {name: s[name] for name in _ANALYSED}


def prepare(doc: TaggedDocument, path: str) -> PreparedDocument:
    """The index entries of a document read from `path`, analysed here rather than in the writer.

    Title and text are analysed once for the three big fields (exact words, stems, parts);
    the small fields go through the schema's analysers.
    """
    from protosearch.index.compound import WordListMissing, load_heads

    try:
        load_heads()  # the bulk of compound splitting is here
    except WordListMissing as e:
        raise IndexError_(str(e)) from e
    analysed = _analysed_fields()
    out = []
    for unit in units(doc, path):
        a = _Analysis.of(unit["title"], unit["body"])
        ready = {"title": a.title_stems, "body": a.stems, "exact": a.exact, "parts": a.parts}
        for name, field in analysed.items():
            text = unit[name]
            if text:
                if field.stored:
                    unit["_stored_" + name] = text
                unit[name] = _postings(field, ready[name]) if name in ready else Postings(tuple(field.index(text)))
        out.append(unit)
    return PreparedDocument(doc, path, tuple(out))


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
                raise IndexError_(
                    f"no index in {self.directory}: run `protosearch ingest PATH` first "
                    "(or point --index / PROTOSEARCH_INDEX at an existing index)"
                ) from None
            except FileNotFoundError:
                time.sleep(_RETRY_SECONDS)
        else:
            raise self._kept_changing()
        if self.version() != SCHEMA_VERSION:
            raise IndexError_(
                f"the index in {self.directory} was built with schema version {self.version() or '?'}, "
                f"this protosearch needs {SCHEMA_VERSION}: run `protosearch ingest` again to rebuild it"
            )
        return ix

    def _kept_changing(self) -> IndexError_:
        return IndexError_(f"the index in {self.directory} kept changing while it was being opened: try again")

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
                        raise IndexError_(
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
    def writer(self) -> Iterator[_Writer]:
        """A writer that commits if the block ends normally and cancels on any exception.

        After the commit, the documents' paths set in the block are appended to the journal.
        """
        from whoosh.index import LockError

        # here, so that a read command does not import Whoosh's writer
        from protosearch.index.segments import TermSegmentWriter

        ix = self._open()
        try:
            # segments of separate files: Whoosh copies each file of a compound segment into memory on opening
            w = TermSegmentWriter(ix, timeout=30.0, compound=False, codec=_CODEC)
        except LockError as e:
            raise IndexError_(
                f"the index in {self.directory} is locked by another ingest; wait for it to finish"
            ) from e
        writer = _Writer(w)
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
               sort: str = "relevance", compounds: bool = True) -> SearchResult:
        """Matching documents, best (or newest) first, each with its matching §§; limit 0 means all.

        `compounds=False` leaves out compound-part matches (to measure what they add).
        """
        from protosearch.index.bulk import Groups

        parsed = q.parse(text or "")
        with self._snapshot() as snap:
            runner = _Runner(snap, compounds=compounds)
            found = runner.run(_with_filters(parsed, filters))
            groups = Groups.of(snap, found, by_date=sort == "date")
            stop = len(groups) if limit == 0 else min(len(groups), offset + limit)
            hits = tuple(_hit(snap, *groups[i], runner.marks) for i in range(offset, stop))
            sections = int(snap.is_section[found.units].sum())
            nothing = not groups and parsed is not None
            did_you_mean = _did_you_mean(snap.searcher, text or "", parsed) if nothing else None
            return SearchResult(len(groups), hits, sections, did_you_mean)

    def units(self, text: str | None = "", filters: Filters = Filters(), *, compounds: bool = True) -> list[Unit]:
        """Every matching document and § unit with its tags, best first."""
        parsed = q.parse(text or "")  # a malformed query is reported before the index is opened
        with self._snapshot() as snap:
            found = _Runner(snap, compounds=compounds).run(_with_filters(parsed, filters))
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
            return {**json.loads(stored["payload"]), "id": stored["id"], "kind": stored["kind"],
                    "path": stored["path"], "title": stored["title"], "section": stored["section"] or None,
                    "page": stored["page"] or None}


# -- query translation: the query tree (protosearch.query) into Whoosh queries ---------------

_BOOST = {"exact": 4.0, "title": 2.0, "body": 1.0, "tags": 1.0, "parties": 2.0, "parts": 0.5}
_SOFT_FROM = 3  # word lists this long match documents that miss some of the words


def _min_match(n: int) -> int:
    """How many of n words a unit must contain: both of two, two thirds of more (rounded up)."""
    return n if n < _SOFT_FROM else -(-2 * n // 3)


def _with_filters(node: q.Node | None, filters: Filters) -> q.Node | None:
    extra = filters.nodes()
    if not extra:
        return node
    if isinstance(node, q.And) and not node.explicit:
        return q.And(node.items + tuple(extra))
    return q.And(tuple(x for x in (node, *extra) if x is not None))


class _Runner:
    """Runs a query tree: filters must match, free words must match (most of a long list), ranked by BM25F."""

    def __init__(self, snapshot: Snapshot, *, compounds: bool) -> None:
        self.snap = snapshot
        self.reader = snapshot.reader
        self.compounds = compounds
        self.marks: set[str] = set()  # the query's words and stems, to mark in snippets

    def run(self, node: q.Node | None) -> Found:
        required: list[query.Query] = []
        words: list[query.Query] = []
        optional = False
        items = node.items if isinstance(node, q.And) and not node.explicit else (() if node is None else (node,))
        for item in items:
            if isinstance(item, (q.Term, q.Phrase)):
                words.extend(x for x in [self.word(item)] if x is not None)
            elif isinstance(item, q.CaseRef) and not self.known_case(item.key):
                words.extend(x for x in map(self.word, item.terms) if x is not None)
            else:
                optional |= isinstance(item, q.CaseRef)  # a known case number ranks first; words only rank
                required.append(self.translate(item))
        if not words and not required and items:
            words = [x for x in (self.word(t, keep_stop=True) for t in q.walk(node) if isinstance(t, q.Term)) if x]
        from protosearch.index.bulk import found, soft_and

        snap = self.snap
        base = snap.evaluate(query.And(required) if required else query.Every())
        if not words:
            return found(base.mask, base.scores)
        matched = [snap.evaluate(w) for w in words]
        if optional:
            return found(base.mask, base.scores + sum(m.scores for m in matched))
        return soft_and(base, matched, _min_match(len(words)))

    def known_case(self, key: str) -> bool:
        return ("case", key.lower()) in self.reader

    def word(self, t: q.Term | q.Phrase, *, keep_stop: bool = False) -> query.Query | None:
        """One word of the query in every analysis: exact form first, then stem, then compound parts."""
        pieces = re.findall(r"\w+", t.text.lower())
        if not pieces:
            return None
        if isinstance(t, q.Phrase) or len(pieces) > 1:
            return self.phrase(pieces)
        w = pieces[0]
        if t.prefix:
            self.marks.add(w)
            return query.Or([query.Prefix("exact", w, boost=_BOOST["exact"]), query.Prefix("title", w)])
        if t.fuzzy:
            return query.Or([query.Term("exact", w, boost=_BOOST["exact"]),
                             query.FuzzyTerm("exact", w, maxdist=t.fuzzy, prefixlength=1)])
        if w in _STOP and not keep_stop:
            return None
        stem_ = stem(w)
        self.marks.update((w, stem_))
        alts: list[query.Query] = [query.Term("exact", w, boost=_BOOST["exact"]), query.Term("body", stem_),
                query.Term("title", stem_, boost=_BOOST["title"]), query.Term("tags", w)]
        if self.compounds:
            parts = _split(w)
            if parts:  # every part among the unit's compound parts; positions cost more than they add
                alts.append(query.And([query.Term("parts", part_stem(p)) for p in parts], boost=_BOOST["parts"]))
            if len(w) >= 5:
                alts.append(query.Term("parts", part_stem(w), boost=_BOOST["parts"]))
        party = _party_name(w)
        if party:
            alts.append(query.Term("parties", party.lower(), boost=_BOOST["parties"]))
        return query.Or(alts)

    def phrase(self, words: list[str]) -> query.Query:
        alts: list[query.Query] = [query.Phrase("exact", words, boost=_BOOST["exact"])]
        stems = [stem(w) for w in words if w not in _STOP]
        self.marks.update(words, stems)
        if len(stems) > 1:
            alts.append(query.Phrase("body", stems))
        return query.Or(alts)

    def translate(self, node: q.Node) -> query.Query:
        """A query tree inside operators: every word must match (no soft AND below the top)."""
        if isinstance(node, (q.Term, q.Phrase)):
            return self.word(node, keep_stop=True) or query.Every()
        if isinstance(node, q.And):
            return query.And([self.translate(x) for x in node.items])
        if isinstance(node, q.Or):
            return query.Or([self.translate(x) for x in node.items])
        if isinstance(node, q.Not):
            return query.And([query.Every(), query.Not(self.translate(node.item))])
        if isinstance(node, q.CaseRef):
            if not self.known_case(node.key):
                return query.And([self.translate(t) for t in node.terms])
            key = node.key.lower()
            return query.Or([query.ConstantScoreQuery(query.Term("case_own", key), 20.0),
                             query.ConstantScoreQuery(query.Term("case", key), 10.0)])
        if isinstance(node, q.DateRange):
            return query.ConstantScoreQuery(query.DateRange("date", _date(node.start), _end_of_day(node.end)), 0.0)
        assert isinstance(node, q.Field)
        return query.ConstantScoreQuery(_field_query(node), 0.0)


def _field_query(node: q.Field) -> query.Query:
    value = node.value
    if node.name == "party":
        return query.Term("parties", value.lower())
    if node.name == "type":
        return query.Term("doc_type", value)
    if node.name == "statement":
        return query.Term("statement", value)
    if node.name == "case":
        return query.Term("case", value.lower())
    if node.name == "section":
        return query.Term("section", value)
    words = re.findall(r"\w+", value.lower()) or [value.lower()]
    if node.name in ("person", "municipality"):
        field = "persons" if node.name == "person" else "municipality"
        return query.Phrase(field, words) if len(words) > 1 else query.Term(field, words[0])
    field = "committee" if node.name == "committee" else "title"
    stems = [stem(w) for w in words if w not in _STOP] or [stem(words[0])]
    return query.And([query.Term(field, st) for st in stems])


def _party_name(word: str) -> str | None:
    """The abbreviation of a party written out in full ('Centerpartiet', 'moderaternas'), else None."""
    from protosearch.tag.parties import name_map

    return name_map().get(word)


def _end_of_day(value: str | None) -> datetime | None:
    d = _date(value)
    return d.replace(hour=23, minute=59, second=59) if d else None


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


_SNIPPET_SCAN = 16_000  # characters of a unit looked at for a snippet
_AROUND = 70  # characters shown on each side of a marked word


def snippet(text: str, marks: set[str]) -> str:
    """Up to two passages of `text` around the query's words, the words in **bold**, joined by ' … '.

    A word is marked when it is a query word or starts with a query word's stem
    ('beslutade' for 'beslut'); the passages with the most marked words win.
    """
    text = text[:_SNIPPET_SCAN]
    stems = tuple(m for m in marks if len(m) >= 4)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)
             if (w := m.group().lower()) in marks or w.startswith(stems)]
    if not spans:
        return " ".join(text[:200].split())
    passages: list[list[tuple[int, int]]] = []
    for span in spans:
        if passages and span[0] - passages[-1][-1][1] <= 2 * _AROUND:
            passages[-1].append(span)
        else:
            passages.append([span])
    best = sorted(sorted(passages, key=len, reverse=True)[:2], key=lambda p: p[0][0])
    out = []
    for passage in best:
        start, end = max(0, passage[0][0] - _AROUND), min(len(text), passage[-1][1] + _AROUND)
        while 0 < start < passage[0][0] and not text[start - 1].isspace():
            start += 1  # whole words only
        while passage[-1][1] < end < len(text) and not text[end].isspace():
            end -= 1
        pieces, at = [], start
        for a, b in passage:
            pieces += [text[at:a], f"**{text[a:b]}**"]
            at = b
        pieces.append(text[at:end])
        out.append(" ".join("".join(pieces).split()))
    return " … ".join(out)


def _did_you_mean(s: Any, text: str, node: q.Node) -> str | None:
    """The query with each word the index does not know replaced by its nearest known word."""
    corrector = s.corrector("exact")
    reader = s.reader()
    changed = text
    for t in q.walk(node):
        if not isinstance(t, q.Term) or t.prefix or not re.fullmatch(r"\w+", t.text):
            continue
        w = t.text.lower()
        if ("exact", w) in reader or w.isdigit():
            continue
        suggestions = corrector.suggest(w, limit=1, maxdist=2)
        if suggestions:
            changed = re.sub(rf"(?<!\w){re.escape(t.text)}(?!\w)", suggestions[0], changed, count=1)
    return changed if changed != text else None


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


class _Writer:
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
