"""The search index: the one module that imports Whoosh, and the seam for another engine.

A document and each of its § items are searchable units. Every tag is a filterable field;
normalised case numbers sit in an exact keyword field. The schema's version is stored
beside the index: an index of another version is rebuilt by `ingest` and refused by reads.
A document's identity is the sha256 of its bytes. A write commits only when every
document of the batch was written; otherwise it is cancelled and the index is unchanged.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import fields, index, query, scoring
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.qparser import MultifieldParser, OrGroup, QueryParser
from whoosh.qparser.plugins import FuzzyTermPlugin, GtLtPlugin

from protosearch.records import TaggedDocument

SCHEMA_VERSION = "3"
_VERSION_FILE = "protosearch-schema-version"


class IndexError_(Exception):
    """An index that is missing, of another schema version, or locked by another writer."""


class QuerySyntaxError(Exception):
    """A query the parser cannot read; the message says where."""


def _swedish() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter() | StopFilter(lang="sv") | StemFilter(lang="sv", cachesize=50000)


def _exact() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter()


def _comma_list() -> fields.KEYWORD:
    return fields.KEYWORD(commas=True, lowercase=True, scorable=False, stored=False)


def schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        doc_id=fields.ID(stored=True),
        kind=fields.ID(stored=True),  # "document" or "section"
        path=fields.ID(stored=True),
        title=fields.TEXT(analyzer=_swedish(), stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=_swedish(), stored=True),
        exact=fields.TEXT(analyzer=_exact(), field_boost=1.5),
        tags=fields.TEXT(analyzer=_exact()),  # party names, statement types: searchable words
        section=fields.ID(stored=True),
        page=fields.NUMERIC(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
        committee=fields.TEXT(analyzer=_swedish(), stored=True),
        municipality=fields.TEXT(analyzer=_exact(), stored=True),
        doc_type=fields.KEYWORD(lowercase=True, stored=True),
        parties=_comma_list(),
        persons=fields.TEXT(analyzer=_exact()),
        statement=_comma_list(),
        case=_comma_list(),
        payload=fields.STORED(),
    )


@dataclass(frozen=True)
class Filters:
    parties: tuple[str, ...] = ()
    person: str | None = None
    doc_type: str | None = None
    statement: str | None = None
    case: str | None = None  # normalised
    committee: str | None = None
    municipality: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class Hit:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "path": self.path, "section": self.section, "page": self.page,
            "title": self.title, "date": self.date, "committee": self.committee,
            "municipality": self.municipality, "doc_type": self.doc_type,
            "case_numbers": list(self.case_numbers), "parties": list(self.parties),
            "score": round(self.score, 4), "snippet": self.snippet,
        }


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


def _case_keys(normalized: Iterable[str]) -> list[str]:
    """Each key, and the key without its series, so that '2018/124' finds 'KS 2018/124'."""
    keys = []
    for n in normalized:
        keys.append(n)
        digits = n.split(" ")[-1]
        if digits != n:
            keys.append(digits)
    return list(dict.fromkeys(keys))


def units(doc: TaggedDocument, path: str) -> Iterator[dict[str, Any]]:
    """The index entries of one document: the document itself, then each § item."""
    from protosearch.parties import name_map

    party_words = {v: k for k, v in name_map().items() if not k.endswith("s")}
    common = {
        "doc_id": doc.sha256,
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
              cases: list[str], parties: list[str], persons: list[str], statement_types: list[str],
              payload: dict[str, Any]) -> dict[str, Any]:
        words = [party_words.get(p, "") for p in parties] + statement_types
        return {
            **common, "id": uid, "kind": kind, "title": title, "body": text, "exact": title + "\n" + text,
            "tags": " ".join(w for w in words if w), "section": section or "", "page": page or 0,
            "parties": ",".join(parties), "persons": " | ".join(persons),
            "statement": ",".join(statement_types), "case": ",".join(_case_keys(cases)),
            "payload": json.dumps({**base_payload, **payload}, ensure_ascii=False),
        }

    d = doc.to_dict()
    yield entry(
        doc.sha256, "document", doc.title, doc.text, None, 1,
        [c.normalized for c in doc.case_numbers], list(doc.parties), [p.name for p in doc.persons],
        list(dict.fromkeys(s.type for s in doc.statements)),
        {k: d[k] for k in ("case_numbers", "parties", "persons", "decisions", "statements", "votes", "sections")},
    )
    for i, section in enumerate(doc.sections):
        statements = [s for s in doc.statements if s.section == section.number]
        decisions = [x for x in doc.decisions if x.section == section.number]
        sec_parties = list(dict.fromkeys(
            [p for s in statements for p in s.parties]
            + [p.party for p in doc.persons if p.party and p.name in section.text]))
        sec_cases = list(section.case_numbers) or []
        yield entry(
            f"{doc.sha256}/{i}", "section", f"{section.number} {section.title}".strip(), section.text,
            section.number, section.page, sec_cases, sec_parties,
            [p.name for p in doc.persons if p.name in section.text],
            list(dict.fromkeys(s.type for s in statements)),
            {
                "case_numbers": [{"raw": c, "normalized": c} for c in sec_cases],
                "parties": sec_parties,
                "decisions": [{"section": x.section, "text": x.text, "kind": x.kind} for x in decisions],
                "statements": [{"type": s.type, "by": list(s.by), "parties": list(s.parties),
                                "section": s.section, "text": s.text} for s in statements],
            },
        )


class SearchIndex:
    """An index directory: open for reading, or for writing with `writer()`."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

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
        index.create_in(str(self.directory), schema())
        (self.directory / _VERSION_FILE).write_text(SCHEMA_VERSION + "\n")

    def open_for_writing(self) -> bool:
        """Create the index when missing or outdated; True when it had to be (re)built."""
        if self.exists() and self.version() == SCHEMA_VERSION:
            return False
        self.create()
        return True

    def _open(self) -> Any:
        if not self.exists():
            raise IndexError_(
                f"no index in {self.directory}: run `protosearch ingest PATH` first "
                "(or point --index / PROTOSEARCH_INDEX at an existing index)"
            )
        if self.version() != SCHEMA_VERSION:
            raise IndexError_(
                f"the index in {self.directory} was built with schema version {self.version() or '?'}, "
                f"this protosearch needs {SCHEMA_VERSION}: run `protosearch ingest` again to rebuild it"
            )
        return index.open_dir(str(self.directory))

    # -- writing -------------------------------------------------------------------------
    def document_ids(self) -> set[str]:
        ix = self._open()
        with ix.reader() as reader:
            return {t.decode() if isinstance(t, bytes) else t for t in reader.lexicon("doc_id")}

    def paths_by_doc(self) -> dict[str, str]:
        ix = self._open()
        with ix.searcher() as s:
            return {f["doc_id"]: f["path"] for f in s.documents(kind="document")}

    @contextmanager
    def writer(self) -> Iterator[_Writer]:
        """A writer that commits if the block ends normally and cancels on any exception."""
        from whoosh.index import LockError

        ix = self._open()
        try:
            w = ix.writer(timeout=30.0)
        except LockError as e:
            raise IndexError_(
                f"the index in {self.directory} is locked by another ingest; wait for it to finish"
            ) from e
        try:
            yield _Writer(w)
        except BaseException:
            w.cancel()
            raise
        else:
            w.commit()

    # -- reading -------------------------------------------------------------------------
    def search(self, text: str, filters: Filters, *, limit: int = 10, offset: int = 0,
               case_key: str | None = None) -> SearchResult:
        ix = self._open()
        with ix.searcher(weighting=scoring.BM25F()) as s:
            q = self._filter_query(filters)
            if case_key:
                q = query.And([q, query.Term("case", case_key.lower())]) if q else query.Term("case", case_key.lower())
            user_q = self._parse(text, ix.schema, and_mode=True) if text.strip() else None
            final = query.And([x for x in (user_q, q) if x is not None]) if (user_q or q) else query.Every()
            results = s.search(final, limit=None if limit == 0 else offset + limit)
            if results.scored_length() == 0 and text.strip() and not case_key:
                user_q = self._parse(text, ix.schema, and_mode=False)
                final = query.And([x for x in (user_q, q) if x is not None])
                results = s.search(final, limit=None if limit == 0 else offset + limit)
            results.fragmenter = ContextFragmenter(maxchars=220, surround=70)
            results.formatter = _MarkdownBold()
            hits = tuple(self._hit(h) for h in list(results)[offset:])
            return SearchResult(len(results), hits)

    def get(self, uid: str) -> dict[str, Any] | None:
        """One document or § unit by id (a unique id prefix of a document is enough)."""
        ix = self._open()
        with ix.searcher() as s:
            stored = s.document(id=uid)
            if stored is None:
                matches = [f for f in s.documents(kind="document") if f["id"].startswith(uid)]
                stored = matches[0] if len(matches) == 1 else None
            if stored is None:
                return None
            return {**json.loads(stored["payload"]), "id": stored["id"], "kind": stored["kind"],
                    "path": stored["path"], "title": stored["title"], "section": stored["section"] or None,
                    "page": stored["page"] or None}

    def _parse(self, text: str, schema_: fields.Schema, *, and_mode: bool) -> query.Query:
        group = None if and_mode else OrGroup.factory(0.9)
        kwargs = {"group": group} if group else {}
        parser = MultifieldParser(["title", "body", "exact", "tags"], schema_, **kwargs)
        parser.add_plugin(FuzzyTermPlugin())
        parser.remove_plugin_class(GtLtPlugin)
        try:
            return parser.parse(text)
        except Exception as e:  # whoosh raises several types for malformed queries
            raise QuerySyntaxError(f"cannot read the query {text!r}: {e}") from e

    def _filter_query(self, f: Filters) -> query.Query | None:
        parts: list[query.Query] = []
        if f.parties:
            parts.append(query.Or([query.Term("parties", p.lower()) for p in f.parties]))
        if f.person:
            words = [w.lower() for w in f.person.split()]
            parts.append(query.Phrase("persons", words) if len(words) > 1 else query.Term("persons", words[0]))
        if f.doc_type:
            parts.append(query.Term("doc_type", f.doc_type.lower()))
        if f.statement:
            parts.append(query.Term("statement", f.statement.lower()))
        if f.case:
            parts.append(query.Term("case", f.case.lower()))
        if f.committee:
            parts.append(QueryParser("committee", schema()).parse(f.committee))
        if f.municipality:
            parts.append(QueryParser("municipality", schema()).parse(f.municipality))
        if f.date_from or f.date_to:
            parts.append(query.DateRange("date", _date(f.date_from), _date(f.date_to)))
        return query.And(parts) if parts else None

    def _hit(self, h: Any) -> Hit:
        payload = json.loads(h["payload"])
        snippet = h.highlights("body", top=2) or (h.get("body") or "")[:200]
        return Hit(
            id=h["id"], path=h["path"], section=h.get("section") or None, page=h.get("page") or None,
            title=h.get("title") or "", date=payload.get("date"), committee=payload.get("committee"),
            municipality=payload.get("municipality"), doc_type=payload.get("doc_type"),
            case_numbers=tuple(c["normalized"] for c in payload.get("case_numbers", [])),
            parties=tuple(payload.get("parties", [])), score=float(h.score or 0.0),
            snippet=" ".join(snippet.split()),
        )


class _MarkdownBold(Formatter):  # type: ignore[misc]
    """Matched words as **word**: readable in a terminal, in JSON and in CSV."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"**{get_text(text, token, replace)}**"


class _Writer:
    """Adds and replaces whole documents (all their units) inside one commit."""

    def __init__(self, w: Any) -> None:
        self._w = w

    def replace(self, doc: TaggedDocument, path: str) -> None:
        self._w.delete_by_term("doc_id", doc.sha256)
        for unit in units(doc, path):
            self._w.add_document(**unit)

    def delete(self, doc_id: str) -> None:
        self._w.delete_by_term("doc_id", doc_id)
