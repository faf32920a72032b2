"""What a search returns, and the filters it takes: plain records, no Whoosh objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protosearch.index import query as q


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
