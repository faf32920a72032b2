"""The politicians' own words: every statement (reservation, särskilt uttalande, ...) whose § matches.

A statement belongs to its § item; one without a § (a memo, text before the first §) belongs to
its document. The query and the document filters choose the §§; party, person and kind choose
the statements in them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from protosearch.index import Filters, SearchIndex, Unit
from protosearch.tag.parties import query_party
from protosearch.index.query import field_node
from protosearch.index.query import Field as _Field


@dataclass(frozen=True)
class StatementRow:
    type: str
    by: tuple[str, ...]
    parties: tuple[str, ...]
    text: str
    id: str  # the unit (§ or document) that holds it, for `protosearch show`
    path: str
    title: str
    date: str | None
    committee: str | None
    municipality: str | None
    doc_type: str | None
    section: str | None
    page: int | None
    case_numbers: tuple[str, ...]
    decisions: tuple[dict[str, str], ...]  # its §'s decisions: {"text", "kind"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "by": list(self.by), "parties": list(self.parties), "path": self.path,
            "date": self.date, "committee": self.committee, "municipality": self.municipality,
            "section": self.section, "page": self.page, "case_numbers": list(self.case_numbers),
            "text": self.text, "decisions": [dict(d) for d in self.decisions], "title": self.title, "id": self.id,
            "doc_type": self.doc_type,
        }


def statement_kind(value: str) -> str:
    """The canonical statement type of a user's word ('reservationer' -> 'reservation'); QuerySyntaxError if none."""
    node = field_node("statement", value)
    assert isinstance(node, _Field)
    return node.value


def statements_of(unit: Unit) -> list[dict[str, Any]]:
    """The statements a unit holds: a §'s own, or a document's that belong to no §."""
    found = unit.payload.get("statements") or []
    return found if unit.kind == "section" else [s for s in found if not s.get("section")]


def _row(unit: Unit, s: dict[str, Any]) -> StatementRow:
    p = unit.payload
    own = p.get("case_own") or []
    cases = own or [c["normalized"] for c in p.get("case_numbers") or []]
    # what the § decided (or proposes); an earlier decision its text reports is not its own
    decisions = [{"text": d["text"], "kind": d.get("kind") or "beslut"} for d in p.get("decisions") or []
                 if (unit.kind == "section" or not d.get("section")) and d.get("kind") != "beslut (referenced)"]
    return StatementRow(
        type=s["type"], by=tuple(s.get("by") or ()), parties=tuple(s.get("parties") or ()),
        text=" ".join((s.get("text") or "").split()), id=unit.id, path=unit.path,
        title=unit.title or p.get("doc_title") or "", date=p.get("date"), committee=p.get("committee"),
        municipality=p.get("municipality"), doc_type=p.get("doc_type"), section=unit.section,
        page=s.get("page") or unit.page,
        case_numbers=tuple(dict.fromkeys(cases)), decisions=tuple(decisions),
    )


def find_statements(idx: SearchIndex, text: str, filters: Filters, *, parties: tuple[str, ...] = (),
                    person: str | None = None, kind: str | None = None) -> list[StatementRow]:
    """Statements in the matching §§ by any of `parties`, by `person`, of `kind`; newest first."""
    wanted_parties = {query_party(p).upper() for p in parties}
    kind = statement_kind(kind) if kind else None
    narrowed = replace(filters, parties=tuple(parties), statement=kind)  # units holding such statements
    rows = []
    for unit in idx.units(text, narrowed):
        for s in statements_of(unit):
            if kind and s["type"] != kind:
                continue
            if wanted_parties and not wanted_parties & {p.upper() for p in s.get("parties") or ()}:
                continue
            if person and not any(person.lower() in b.lower() for b in s.get("by") or ()):
                continue
            rows.append(_row(unit, s))
    rows.sort(key=lambda r: _section_number(r.section))
    rows.sort(key=lambda r: (r.date or "", r.path), reverse=True)
    return rows


def _section_number(section: str | None) -> int:
    digits = "".join(c for c in section or "" if c.isdigit())
    return int(digits) if digits else -1
