"""Facets: how many matching documents, § items or statements have each party, person, type ...

Each count is what the matching listing filtered by that value would total: the count of
party V among documents is `search QUERY --party V`'s total, among statements it is
`statements QUERY --party V`'s. A document naming two parties counts once for each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from protosearch.index import Filters, SearchIndex, Unit
from protosearch.views.statementlist import StatementRow, find_statements, statements_of

FACETS = ("party", "person", "type", "statement", "committee", "municipality", "year")
COUNTED = ("documents", "sections", "statements")
NONE = "(none)"


@dataclass(frozen=True)
class Facets:
    by: str
    counted: str  # documents, sections or statements
    documents: int  # matching documents (the whole index for no query and no filter)
    sections: int  # matching § items
    statements: int  # statements in the matching units
    counts: tuple[tuple[str, int], ...]  # most first

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "sections": self.sections, "statements": self.statements,
                "by": self.by, "counted": self.counted, "counts": dict(self.counts)}


def _unit_values(unit: Unit, by: str) -> list[str]:
    p = unit.payload
    if by == "party":
        return list(p.get("parties") or [])
    if by == "person":
        return [x["name"] for x in p.get("persons") or []]
    if by == "statement":
        return list(dict.fromkeys(s["type"] for s in p.get("statements") or []))
    if by == "type":
        return [p.get("doc_type") or "other"]
    if by == "year":
        return [(p.get("date") or NONE)[:4] if p.get("date") else NONE]
    return [p.get(by) or NONE]


def _statement_values(row: StatementRow, by: str) -> list[str]:
    if by == "party":
        return list(row.parties)
    if by == "person":
        return list(row.by)
    if by == "statement":
        return [row.type]
    if by == "year":
        return [row.date[:4] if row.date else NONE]
    if by == "type":
        return [row.doc_type or "other"]
    return [getattr(row, by) or NONE]


def facet_counts(idx: SearchIndex, text: str, filters: Filters, by: str, *, counted: str = "documents") -> Facets:
    """Counts per value of `by` over the matching documents, § items or statements."""
    units = idx.units(text, filters)
    docs: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    sections = 0
    for unit in units:
        values = set(_unit_values(unit, by))
        docs.setdefault(unit.doc_id, set()).update(values)
        if unit.kind == "section":
            sections += 1
            if counted == "sections":
                counts.update(values)
    rows = find_statements(idx, text, filters) if counted == "statements" else []
    if counted == "documents":
        for values in docs.values():
            counts.update(values)
    for row in rows:
        counts.update(set(_statement_values(row, by)))
    statements = len(rows) if counted == "statements" else sum(len(statements_of(u)) for u in units)
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return Facets(by, counted, len(docs), sections, statements, ordered)
