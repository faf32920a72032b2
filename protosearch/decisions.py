"""Decisions: the clauses under a `Beslut` heading, `Förslag till beslut` in memos, and
sentences where a body `beslutar`/`beslutade ... att`.

One decision per att-clause, numbered item or bullet; a block without items gives one
decision per sentence.
"""

from __future__ import annotations

import re

from protosearch.persons import is_name_line
from protosearch.records import Decision
from protosearch.sections import Block, blocks

_ITEM = re.compile(r"(?m)^[ \t]*(?:\d{1,2}[.)][ \t]+|[•·▪◦o\-–*][ \t]+|(?=att[ \t]))")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_BODY = r"(?:[A-ZÅÄÖ][\wåäö-]*(?:[ ]och[ ][\wåäö-]+)?(?:nämnden|styrelsen|fullmäktige|utskottet|nämnd)|Nämnden|Styrelsen|Fullmäktige|Utskottet|Förvaltningen)"
_DECIDES = re.compile(
    rf"{_BODY}[^.\n]{{0,80}}?\b(?P<verb>beslutar|beslutade|beslöt|har[ ]beslutat|hade[ ]beslutat)\b[^.]{{0,120}}?\b(?:att|om)\b[^.]{{3,}}\.",
    re.S,
)
_SPLIT_ATT = re.compile(r"(?:;|,)?\s+samt\s+(?=att\b)|;\s*(?=att\b)")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _clauses(text: str) -> list[str]:
    """A block's decisions: its items, or its sentences when it has no items."""
    text = _block_end(text).strip()
    if not text:
        return []
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) >= 1 and (len(starts) >= 2 or starts[0] == 0):
        lead = text[: starts[0]]
        parts = [text[s:e] for s, e in zip(starts, starts[1:] + [len(text)])]
        items = [re.sub(r"^\s*(?:\d{1,2}[.)]|[•·▪◦o\-–*])\s+", "", p) for p in parts]
        clauses = [_flat(i) for i in items]
        lead_flat = _flat(lead)
        if lead_flat and not re.search(r"(?:att|:|beslutar|beslutade|följande)$", lead_flat):
            clauses = [*_sentences(lead_flat), *clauses]
    else:
        clauses = _sentences(_flat(text))
    out = []
    for c in clauses:
        out.extend(p.strip() for p in _SPLIT_ATT.split(c))
    return [c for c in out if len(c.split()) >= 2]


_HEADING_LIKE = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:[ ][\wåäö-]+){0,5}$")


def _block_end(text: str) -> str:
    """A decision block ends at the officials' signatures or at a heading the rules do not
    know ('Delegationsbeslut'): a short line without end punctuation after a full sentence."""
    lines = text.split("\n")
    seen_text = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        prev = lines[i - 1].strip() if i else ""
        if seen_text and stripped and is_name_line(stripped) and not prev:
            return "\n".join(lines[:i])
        if seen_text and _HEADING_LIKE.match(stripped) and prev.endswith((".", ":")) and not stripped.lower().startswith("att "):
            return "\n".join(lines[:i])
        seen_text = seen_text or bool(stripped)
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _kind(block: Block, *, is_protocol: bool) -> str | None:
    h = block.heading.lower()
    if "förslag" in h:
        if "på sammanträdet" in h:
            return None  # yrkanden made at the meeting
        if not is_protocol or re.search(r"\btill (?:beslut i |)(?:kommun|region|nämnd|fullmäktige|\w+nämnden)", h):
            return "förslag till beslut"
        return None
    if re.fullmatch(r"(?:[\wåäö-]+s )?beslut(?: i korthet)?", h):
        return "beslut"
    return None


def find_decisions(text: str, section: str | None, *, is_protocol: bool) -> list[Decision]:
    """Decisions of one § item (or of a whole memo when `section` is None)."""
    found: list[Decision] = []
    covered: list[tuple[int, int]] = []
    for block in blocks(text):
        kind = _kind(block, is_protocol=is_protocol)
        if kind is not None or "förslag" in block.heading.lower():
            covered.append((block.start, block.start + len(block.text)))
        if kind is None:
            continue
        found.extend(Decision(section, c, kind) for c in _clauses(block.text))
    for m in _DECIDES.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        past = m.group("verb") != "beslutar"
        sentence = _flat(m.group(0))
        found.append(Decision(section, sentence, "beslut (referenced)" if past else "beslut"))
    return found
