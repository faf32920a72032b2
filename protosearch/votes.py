"""Omröstning / votering: the Ja / Nej / Avstår counts of a § item.

Written as "Med 6 ja-röster och 7 nej-röster ...", "7 ja, 6 nej och 0 avstår",
"Ja: 7  Nej: 6  Avstår: 0", or "Ja-röster 7". Member votes from voteringslistor are
table layouts that plain text cannot keep apart, so only the counts are read.
"""

from __future__ import annotations

import re

from protosearch.records import Vote

_VOTE_CONTEXT = re.compile(r"(?i)\b(omröstning|votering|röstar|röster|ja-röst)")
_COUNT = {
    "ja": re.compile(r"(?i)(?:\b(\d{1,3})\s+ja(?:-?röster|-?röst)?\b|\bja(?:-?röster)?\s*:?\s*(\d{1,3})\b)"),
    "nej": re.compile(r"(?i)(?:\b(\d{1,3})\s+nej(?:-?röster|-?röst)?\b|\bnej(?:-?röster)?\s*:?\s*(\d{1,3})\b)"),
    "avstår": re.compile(r"(?i)(?:\b(\d{1,3})\s+(?:ledamöter\s+)?(?:avstår|avstod|avstående|nedlagda)\b|\b(?:avstår|avstod|avstående)\s*:?\s*(\d{1,3})\b)"),
}


def _count(kind: str, text: str) -> int | None:
    m = _COUNT[kind].search(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def find_votes(text: str, section: str | None) -> list[Vote]:
    """One Vote per sentence (or line) that gives both a Ja and a Nej count."""
    votes = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
        if not _VOTE_CONTEXT.search(sentence):
            continue
        flat = " ".join(sentence.split())
        ja, nej = _count("ja", flat), _count("nej", flat)
        if ja is None or nej is None:
            continue
        votes.append(Vote(section, ja, nej, _count("avstår", flat) or 0))
    return votes
