"""A case's timeline: every document and § that carries its number, in date order, across committees.

A § carries the number in its heading; a memo carries the one near its top. A protocol is
represented by its §§ that carry the case; a document that only mentions the number cites it.
On one date, the steps sort as a case moves: motion, memo, committee extract, protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protosearch.index import Filters, SearchIndex, Unit
from protosearch.views.statementlist import statements_of

_STAGE = {t: i for i, t in enumerate((
    "motion", "nämndinitiativ", "remissvar", "tjänsteskrivelse", "tjänsteutlåtande", "kallelse",
    "protokollsutdrag", "protokoll", "other"))}


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    path: str
    date: str | None
    committee: str | None
    doc_type: str | None
    section: str | None
    page: int | None
    title: str
    decisions: tuple[dict[str, str], ...]  # {"text", "kind"}: a beslut, or a förslag till beslut
    statements: tuple[dict[str, Any], ...]
    relation: str  # "carries" or "cites"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "date": self.date, "committee": self.committee, "doc_type": self.doc_type,
            "section": self.section, "page": self.page, "title": self.title,
            "decisions": [dict(d) for d in self.decisions], "statements": list(self.statements),
            "relation": self.relation, "id": self.id,
        }


def _carries(unit: Unit, key: str) -> bool:
    """Whether the unit's own numbers include `key` (a key without series matches any series)."""
    own = unit.payload.get("case_own") or []
    return any(key == c or key == c.split(" ")[-1] for c in own)


def _entry(unit: Unit, key: str) -> TimelineEntry:
    p = unit.payload
    # an earlier decision the text reports is another step of the case, not this one's
    decisions = [{"text": d["text"], "kind": d.get("kind") or "beslut"} for d in p.get("decisions") or []
                 if d.get("kind") != "beslut (referenced)"]
    statements = [{"type": s["type"], "by": s.get("by") or [], "parties": s.get("parties") or [],
                   "text": " ".join((s.get("text") or "").split())}
                  for s in (p.get("statements") or [] if unit.kind == "section" else statements_of(unit))]
    title = unit.title if unit.kind == "section" else (p.get("doc_title") or unit.title)
    return TimelineEntry(
        id=unit.id, path=unit.path, date=p.get("date"), committee=p.get("committee"),
        doc_type=p.get("doc_type"), section=unit.section, page=unit.page, title=title,
        decisions=tuple(decisions), statements=tuple(statements),
        relation="carries" if _carries(unit, key) else "cites",
    )


def case_timeline(idx: SearchIndex, key: str) -> list[TimelineEntry]:
    """The entries of the case with normalised number `key`, oldest first (undated last)."""
    by_doc: dict[str, list[Unit]] = {}
    for unit in idx.units("", Filters(case=key)):
        by_doc.setdefault(unit.doc_id, []).append(unit)
    entries: list[TimelineEntry] = []
    for found in by_doc.values():
        sections = [u for u in found if u.kind == "section"]
        entries.extend(_entry(u, key) for u in (sections or found))
    entries.sort(key=lambda e: (e.date is None, e.date or "", _STAGE.get(e.doc_type or "other", 99),
                                e.path, _number(e.section)))
    return entries


def _number(section: str | None) -> int:
    digits = "".join(c for c in section or "" if c.isdigit())
    return int(digits) if digits else -1
