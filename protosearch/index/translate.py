"""The query tree (protosearch.index.query) into Whoosh queries, run over a snapshot with
bulk scoring: filters must match, free words must match (most of a long list), ranked by BM25F."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from whoosh import query

from protosearch.index import query as q
from protosearch.index.analysis import STOP_WORDS, part_stem, split_compound, stem
from protosearch.index.results import Filters
from protosearch.index.units import parse_date

if TYPE_CHECKING:
    from protosearch.index.bulk import MatchedUnits, Snapshot


_BOOST = {"exact": 4.0, "title": 2.0, "body": 1.0, "tags": 1.0, "parties": 2.0, "parts": 0.5}
_SOFT_FROM = 3  # word lists this long match documents that miss some of the words


def _min_match(n: int) -> int:
    """How many of n words a unit must contain: both of two, two thirds of more (rounded up)."""
    return n if n < _SOFT_FROM else -(-2 * n // 3)


def with_filters(node: q.Node | None, filters: Filters) -> q.Node | None:
    extra = filters.nodes()
    if not extra:
        return node
    if isinstance(node, q.And) and not node.explicit:
        return q.And(node.items + tuple(extra))
    return q.And(tuple(x for x in (node, *extra) if x is not None))


class QueryRunner:
    """Runs a query tree: filters must match, free words must match (most of a long list), ranked by BM25F."""

    def __init__(self, snapshot: Snapshot, *, compounds: bool, deadline: q.Deadline | None = None) -> None:
        self.snap = snapshot
        self.deadline = deadline or q.Deadline(None)
        self.reader = snapshot.reader
        self.compounds = compounds
        self.marks: set[str] = set()  # the query's words and stems, to mark in snippets

    def run(self, node: q.Node | None) -> MatchedUnits:
        required: list[query.Query] = []
        words: list[query.Query] = []
        optional = False
        items = node.items if isinstance(node, q.And) and not node.explicit else (() if node is None else (node,))
        for item in items:
            if isinstance(item, (q.Term, q.Phrase)):
                words.extend(x for x in [self.word(item)] if x is not None)
            elif isinstance(item, q.CaseRef) and not self.known_case(item.key):
                words.extend(x for x in map(self.word, item.terms) if x is not None)
            else:
                optional |= isinstance(item, q.CaseRef)  # a known case number ranks first; words only rank
                required.append(self.translate(item))
        if not words and not required and items:
            words = [x for x in (self.word(t, keep_stop=True) for t in q.walk(node) if isinstance(t, q.Term)) if x]
        from protosearch.index.bulk import found, soft_and

        snap = self.snap
        base = snap.evaluate(query.And(required) if required else query.Every())
        if not words:
            return found(base.mask, base.scores)
        self.deadline.check()
        matched = []
        for w in words:
            matched.append(snap.evaluate(w))
            self.deadline.check()
        if optional:
            return found(base.mask, base.scores + sum(m.scores for m in matched))
        return soft_and(base, matched, _min_match(len(words)))

    def known_case(self, key: str) -> bool:
        return ("case", key.lower()) in self.reader

    def word(self, t: q.Term | q.Phrase, *, keep_stop: bool = False) -> query.Query | None:
        """One word of the query in every analysis: exact form first, then stem, then compound parts."""
        pieces = re.findall(r"\w+", t.text.lower())
        if not pieces:
            return None
        if isinstance(t, q.Phrase) or len(pieces) > 1:
            return self.phrase(pieces)
        w = pieces[0]
        if t.prefix:
            self.marks.add(w)
            return query.Or([query.Prefix("exact", w, boost=_BOOST["exact"]), query.Prefix("title", w)])
        if t.fuzzy:
            return query.Or([query.Term("exact", w, boost=_BOOST["exact"]),
                             query.FuzzyTerm("exact", w, maxdist=t.fuzzy, prefixlength=1)])
        if w in STOP_WORDS and not keep_stop:
            return None
        stem_ = stem(w)
        self.marks.update((w, stem_))
        alts: list[query.Query] = [query.Term("exact", w, boost=_BOOST["exact"]), query.Term("body", stem_),
                query.Term("title", stem_, boost=_BOOST["title"]), query.Term("tags", w)]
        if self.compounds:
            parts = split_compound(w)
            if parts:  # every part among the unit's compound parts; positions cost more than they add
                alts.append(query.And([query.Term("parts", part_stem(p)) for p in parts], boost=_BOOST["parts"]))
            if len(w) >= 5:
                alts.append(query.Term("parts", part_stem(w), boost=_BOOST["parts"]))
        party = _party_name(w)
        if party:
            alts.append(query.Term("parties", party.lower(), boost=_BOOST["parties"]))
        return query.Or(alts)

    def phrase(self, words: list[str]) -> query.Query:
        alts: list[query.Query] = [query.Phrase("exact", words, boost=_BOOST["exact"])]
        stems = [stem(w) for w in words if w not in STOP_WORDS]
        self.marks.update(words, stems)
        if len(stems) > 1:
            alts.append(query.Phrase("body", stems))
        return query.Or(alts)

    def translate(self, node: q.Node) -> query.Query:
        """A query tree inside operators: every word must match (no soft AND below the top)."""
        if isinstance(node, (q.Term, q.Phrase)):
            return self.word(node, keep_stop=True) or query.Every()
        if isinstance(node, q.And):
            return query.And([self.translate(x) for x in node.items])
        if isinstance(node, q.Or):
            return query.Or([self.translate(x) for x in node.items])
        if isinstance(node, q.Not):
            return query.And([query.Every(), query.Not(self.translate(node.item))])
        if isinstance(node, q.CaseRef):
            if not self.known_case(node.key):
                return query.And([self.translate(t) for t in node.terms])
            key = node.key.lower()
            return query.Or([query.ConstantScoreQuery(query.Term("case_own", key), 20.0),
                             query.ConstantScoreQuery(query.Term("case", key), 10.0)])
        if isinstance(node, q.DateRange):
            return query.ConstantScoreQuery(query.DateRange("date", parse_date(node.start), _end_of_day(node.end)), 0.0)
        assert isinstance(node, q.Field)
        return query.ConstantScoreQuery(_field_query(node), 0.0)


def _field_query(node: q.Field) -> query.Query:
    value = node.value
    if node.name == "party":
        return query.Term("parties", value.lower())
    if node.name == "type":
        return query.Term("doc_type", value)
    if node.name == "statement":
        return query.Term("statement", value)
    if node.name == "case":
        return query.Term("case", value.lower())
    if node.name == "section":
        return query.Term("section", value)
    words = re.findall(r"\w+", value.lower()) or [value.lower()]
    if node.name in ("person", "municipality"):
        field = "persons" if node.name == "person" else "municipality"
        return query.Phrase(field, words) if len(words) > 1 else query.Term(field, words[0])
    field = "committee" if node.name == "committee" else "title"
    stems = [stem(w) for w in words if w not in STOP_WORDS] or [stem(words[0])]
    return query.And([query.Term(field, st) for st in stems])


def _party_name(word: str) -> str | None:
    """The abbreviation of a party written out in full ('Centerpartiet', 'moderaternas'), else None."""
    from protosearch.tag.parties import name_map

    return name_map().get(word)


def _end_of_day(value: str | None) -> datetime | None:
    d = parse_date(value)
    return d.replace(hour=23, minute=59, second=59) if d else None
