"""A tagged document as index units: the document itself and each of its § items, with the
tags every filter and view reads, analysed before they reach the writer."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from protosearch.index.analysis import Analysis
from protosearch.index.errors import IndexUnavailable
from protosearch.index.schema import Postings, analysed_fields, postings_of
from protosearch.records import TaggedDocument


def parse_date(value: str | None) -> datetime | None:
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
        "date": parse_date(doc.date),
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
                                "section": s.section, "text": s.text, "page": s.page} for s in statements],
                "votes": [v for v in d["votes"] if v["section"] == section.number],
            },
        )


@dataclass(frozen=True)
class PreparedDocument:
    """A tagged document as its index entries, their text fields analysed (see `Postings`)."""

    doc: TaggedDocument
    path: str
    units: tuple[dict[str, Any], ...]


def prepare(doc: TaggedDocument, path: str) -> PreparedDocument:
    """The index entries of a document read from `path`, analysed here rather than in the writer.

    Title and text are analysed once for the three big fields (exact words, stems, parts);
    the small fields go through the schema's analysers.
    """
    from protosearch.lexicon import WordListMissing, load_heads

    try:
        load_heads()  # the bulk of compound splitting is here
    except WordListMissing as e:
        raise IndexUnavailable(str(e)) from e
    analysed = analysed_fields()
    out = []
    for unit in units(doc, path):
        a = Analysis.of(unit["title"], unit["body"])
        ready = {"title": a.title_stems, "body": a.stems, "exact": a.exact, "parts": a.parts}
        for name, field in analysed.items():
            text = unit[name]
            if text:
                if field.stored:
                    unit["_stored_" + name] = text
                unit[name] = postings_of(field, ready[name]) if name in ready else Postings(tuple(field.index(text)))
        out.append(unit)
    return PreparedDocument(doc, path, tuple(out))
