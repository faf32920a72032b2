"""Typed, frozen records passed between the stages: extract -> tag -> index -> search.

This module imports nothing third-party, so every stage (and the fast read commands)
can share it. Dicts appear only at the edges, in `to_dict` for the JSON contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATEMENT_TYPES = (
    "reservation",
    "särskilt uttalande",
    "ersättaryttrande",
    "protokollsanteckning",
    "yrkande",
)
DOC_TYPES = (
    "protokoll",
    "protokollsutdrag",
    "tjänsteutlåtande",
    "tjänsteskrivelse",
    "motion",
    "nämndinitiativ",
    "remissvar",
    "kallelse",
    "other",
)


@dataclass(frozen=True)
class Page:
    """One page of body text; `furniture` holds the running header/footer lines removed from it."""

    number: int
    text: str
    furniture: tuple[str, ...] = ()
    ocr: bool = False
    roll_call: tuple[tuple[str, str], ...] = ()  # (member, "ja" | "nej" | "avstår") of a voting table on the page


@dataclass(frozen=True)
class ExtractedText:
    path: str
    sha256: str
    kind: str  # "pdf" or "text"
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


@dataclass(frozen=True)
class CaseNumber:
    raw: str
    normalized: str


@dataclass(frozen=True)
class Person:
    name: str
    party: str | None
    role: str | None


@dataclass(frozen=True)
class Decision:
    section: str | None
    text: str
    kind: str = "beslut"  # beslut | förslag till beslut | beslut (referenced)


@dataclass(frozen=True)
class Statement:
    type: str
    by: tuple[str, ...]
    parties: tuple[str, ...]
    section: str | None
    text: str
    page: int | None = None  # where the statement's own text stands (an annex may be pages after its §)


@dataclass(frozen=True)
class Vote:
    section: str | None
    ja: int
    nej: int
    avstar: int
    members: tuple[tuple[str, str], ...] = ()  # (name, "ja" | "nej" | "avstår")


@dataclass(frozen=True)
class Section:
    number: str  # "§ 7"
    title: str
    page: int
    case_numbers: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class TaggedDocument:
    path: str
    sha256: str
    doc_type: str | None
    municipality: str | None
    committee: str | None
    date: str | None  # YYYY-MM-DD
    title: str
    pages: int
    text: str
    case_numbers: tuple[CaseNumber, ...] = ()
    parties: tuple[str, ...] = ()
    persons: tuple[Person, ...] = ()
    decisions: tuple[Decision, ...] = ()
    statements: tuple[Statement, ...] = ()
    votes: tuple[Vote, ...] = ()
    sections: tuple[Section, ...] = ()
    ocr_pages: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The `extract --json` contract (keys read by the evaluation tools)."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "doc_type": self.doc_type,
            "municipality": self.municipality,
            "committee": self.committee,
            "date": self.date,
            "title": self.title,
            "pages": self.pages,
            "case_numbers": [asdict(c) for c in self.case_numbers],
            "parties": list(self.parties),
            "persons": [asdict(p) for p in self.persons],
            "decisions": [asdict(d) for d in self.decisions],
            "statements": [
                {**asdict(s), "by": list(s.by), "parties": list(s.parties)} for s in self.statements
            ],
            "votes": [
                {"section": v.section, "ja": v.ja, "nej": v.nej, "avstår": v.avstar,
                 "members": [{"name": n, "vote": x} for n, x in v.members]}
                for v in self.votes
            ],
            "sections": [
                {"number": s.number, "title": s.title, "page": s.page,
                 "case_numbers": list(s.case_numbers)}
                for s in self.sections
            ],
            "ocr_pages": list(self.ocr_pages),
        }


@dataclass(frozen=True)
class Failure:
    """A file that could not be ingested, and why, in words a user can act on."""

    path: str
    reason: str
