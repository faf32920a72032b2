"""Voting lists (voteringslista, omröstningslista) read as the tables they are, with pdfplumber.

A roll-call vote is printed as a table: one row per member, a cross under Ja, Nej or Avstår.
Linearised text loses which cross stands in which column; pdfplumber's table extraction keeps
the cells, so each member's vote is known. Only pages whose text announces a vote and names
the Ja and Nej columns are opened: pdfplumber reads a page about a hundred times slower than
pypdfium2.
"""

from __future__ import annotations

import io
import re

VOTE_COLUMNS = {"ja": "ja", "nej": "nej", "avstår": "avstår", "avstod": "avstår", "avstående": "avstår"}
_ANNOUNCES_A_VOTE = re.compile(r"(?i)\b(?:omröstningslista|voteringslista|omröstning|votering)")
_JA_AND_NEJ = re.compile(r"(?im)^.*\bja\b.*\bnej\b.*$")
_MARK = re.compile(r"^\s*(?:[xX×✓✔]|1)\s*$")
_TOTAL = re.compile(r"(?i)^\s*(?:summa|totalt|antal|resultat)\b")


def may_hold_a_roll_call(page_text: str) -> bool:
    """A page worth opening with pdfplumber: it announces a vote and has a line naming Ja and Nej."""
    return bool(_ANNOUNCES_A_VOTE.search(page_text) and _JA_AND_NEJ.search(page_text))


def roll_calls(pdf_bytes: bytes, page_numbers: list[int]) -> dict[int, tuple[tuple[str, str], ...]]:
    """(member, vote) rows of the voting tables on the given 1-based pages; pages without one are left out."""
    import pdfplumber

    found: dict[int, tuple[tuple[str, str], ...]] = {}
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for number in page_numbers:
            rows = [row for table in pdf.pages[number - 1].extract_tables() for row in _votes(table)]
            if rows:
                found[number] = tuple(rows)
    return found


def _votes(table: list[list[str | None]]) -> list[tuple[str, str]]:
    """A table's members and their votes, from the row that names the vote columns on."""
    cells = [[" ".join((c or "").split()) for c in row] for row in table]
    for i, header in enumerate(cells):
        columns = {j: VOTE_COLUMNS[c.lower()] for j, c in enumerate(header) if c.lower() in VOTE_COLUMNS}
        if {"ja", "nej"} <= set(columns.values()):
            break
    else:
        return []
    out = []
    for row in cells[i + 1 :]:
        marked = [vote for j, vote in columns.items() if j < len(row) and _MARK.match(row[j])]
        words = [c for j, c in enumerate(row) if j not in columns and c]
        if len(marked) != 1 or not words or _TOTAL.match(words[0]):
            continue
        out.append((_member(words), marked[0]))
    return out


def _member(words: list[str]) -> str:
    """The member's name from the row's first cell: 'Anna Ek (M)' and 'Anna Ek' | 'M' are 'Anna Ek'."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", words[0])
