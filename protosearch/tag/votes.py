"""Omröstning / votering: the Ja / Nej / Avstår counts of a § item, and each member's vote
where the text lists them.

Counts are written "Med 6 ja-röster och 7 nej-röster ...", "7 ja, 6 nej och 0 avstår",
"Ja: 7  Nej: 6  Avstår: 0" or "Ja-röster 7". Members are read from lists such as
"Ja: Anna Ek (M), Per Ohlsson (KD) och ..." or from a voteringslista printed as a table
(a cross per column), which extraction reads with pdfplumber (`Page.roll_call`).
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


_MEMBER_LIST = re.compile(
    r"(?im)^[ \t]*(?P<vote>ja|nej|avstår|avstående)(?:-?röster)?[ \t]*(?:\(\d+\))?[ \t]*:[ \t]*"
    r"(?P<names>(?:[^\n]+\n?)+?)(?=^[ \t]*(?:ja|nej|avstår|avstående)\b|\n[ \t]*\n|\Z|^[A-ZÅÄÖ][a-zåäö]+:)"
)


def _members(text: str) -> tuple[tuple[str, str], ...]:
    """(name, vote) from 'Ja: Name (P), Name (P) och Name (P).' lists."""
    from protosearch.tag.persons import find_mentions

    members = []
    for m in _MEMBER_LIST.finditer(text):
        vote = "avstår" if m.group("vote").lower().startswith("avst") else m.group("vote").lower()
        members += [(mention.name, vote) for mention in find_mentions(m.group("names"), set())]
    return tuple(members)


def find_votes(text: str, section: str | None, roll_call: tuple[tuple[str, str], ...] = ()) -> list[Vote]:
    """One Vote per sentence (or line) that gives both a Ja and a Nej count; a voting table's
    members go to the § vote (or make it, when the text gives no counts)."""
    members = roll_call or _members(text)
    votes = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
        if not _VOTE_CONTEXT.search(sentence):
            continue
        flat = " ".join(sentence.split())
        ja, nej = _count("ja", flat), _count("nej", flat)
        if ja is None or nej is None:
            continue
        votes.append(Vote(section, ja, nej, _count("avstår", flat) or 0))
    if len(votes) == 1 and members:
        votes[0] = Vote(section, votes[0].ja, votes[0].nej, votes[0].avstar, members)
    elif not votes and roll_call:
        tally = {kind: sum(vote == kind for _, vote in roll_call) for kind in ("ja", "nej", "avstår")}
        votes.append(Vote(section, tally["ja"], tally["nej"], tally["avstår"], roll_call))
    return votes
