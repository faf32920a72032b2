"""Tag an extracted document: the stage between extraction and the index.

Order matters: sections first (decisions and statements belong to a §), then persons
(statements need their party), then metadata (the committee is read from decisions
when the header does not name it).
"""

from __future__ import annotations

from dataclasses import replace

from protosearch.tag import casenumbers
from protosearch.tag import metadata
from protosearch.tag import parties
from protosearch.tag.decisions import find_decisions
from protosearch.tag.nlp import find_cues
from protosearch.tag.persons import find_persons, local_parties
from protosearch.records import Decision, ExtractedText, Section, Statement, TaggedDocument
from protosearch.tag.sections import split_sections
from protosearch.tag.statements import find_statements
from protosearch.tag.votes import find_votes


def _roll_calls_by_section(doc: ExtractedText, sections: list[Section]) -> dict[str | None, tuple[tuple[str, str], ...]]:
    """Each voting table's rows under the § its page belongs to: the last § that starts on or before it."""
    out: dict[str | None, tuple[tuple[str, str], ...]] = {}
    for page in doc.pages:
        if page.roll_call:
            number = next((s.number for s in reversed(sections) if s.page <= page.number), None)
            out[number] = out.get(number, ()) + page.roll_call
    return out


def _page_of(flat_pages: list[tuple[int, str]], text: str) -> int | None:
    """The page on which a text begins: its first words found among the page's words."""
    head = " ".join(text.split()[:8])
    return next((number for number, words in flat_pages if head in words), None) if head else None


def tag(doc: ExtractedText) -> TaggedDocument:
    text = doc.text
    sections = split_sections(doc.pages)
    cues = find_cues(text)
    local = local_parties(text)
    persons, mentions = find_persons(text, cues)

    doc_type_guess = metadata.find_doc_type(doc, len(sections))
    is_protocol = doc_type_guess in ("protokoll", "protokollsutdrag")
    units = [(s.number, s.text) for s in sections] or [(None, text)]
    preamble = text[: text.find(sections[0].text[:40])] if sections else ""
    if preamble.strip():  # a protocol's title page and attendance list, before its first §
        units.insert(0, (None, preamble))
    decisions: list[Decision] = []
    statements: list[Statement] = []
    for number, unit_text in units:
        decisions.extend(find_decisions(unit_text, number, is_protocol=is_protocol))
        statements.extend(find_statements(unit_text, number, local))
    roll_calls = _roll_calls_by_section(doc, sections)
    flat_pages = [(p.number, " ".join(p.text.split())) for p in doc.pages]
    statements = [replace(s, page=_page_of(flat_pages, s.text)) for s in statements]
    votes = [v for number, unit_text in units for v in find_votes(unit_text, number, roll_calls.get(number, ()))]

    party_set = [m.party for m in mentions if m.party]
    party_set += [c.key for c in cues if c.label == "PARTY"]
    party_set += [p for s in statements for p in s.parties]
    party_set += parties.local_party_names(text)
    party_list = tuple(dict.fromkeys(p for p in party_set if p))

    committee = metadata.find_committee(doc, [d.text for d in decisions])
    date = metadata.find_date(doc)
    return TaggedDocument(
        path=doc.path,
        sha256=doc.sha256,
        doc_type=doc_type_guess,
        municipality=metadata.find_municipality(doc),
        committee=committee,
        date=date,
        title=metadata.find_title(doc, doc_type_guess, committee, date),
        pages=len(doc.pages),
        text=text,
        case_numbers=casenumbers.case_numbers_in(text),
        parties=party_list,
        persons=persons,
        decisions=tuple(decisions),
        statements=tuple(statements),
        votes=tuple(votes),
        sections=tuple(sections),
        ocr_pages=tuple(p.number for p in doc.pages if p.ocr),
    )

