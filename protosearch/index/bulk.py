"""Queries scored over the whole index at once: Whoosh's postings, numpy's arithmetic.

Whoosh scores one matching unit at a time in Python, a few microseconds for each field of
each match; a common word at 100,000 units takes seconds. Here each term's posting list
is read from each segment in one piece, its blocks decoded into arrays, and BM25F computed
for all its units in one step; phrases are checked on the positions of the units that hold
every word; prefixes and fuzzy words are expanded into words by Whoosh. A `Snapshot` reads
what scoring needs from every segment once (field lengths, document keys, dates), keeps
each file open, so that a commit meanwhile cannot pull a file away, and keeps the decoded
postings of frequent words for the next queries.

What it reads below Whoosh's public API comes through whoosh_internals.py.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from math import log
from typing import Any

import numpy as np
from whoosh import query
from whoosh.reading import EmptyReader
from whoosh.util.times import datetime_to_long

from protosearch.index.whoosh_internals import BYTE_TO_LENGTH, column_bytes, expanded_terms, length_bytes, open_columns, term_blocks

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
NO_DATE = 2**64 - 1  # what the date column holds for a unit without a date
_CACHE_FROM = 2_000  # postings: a term with fewer is read again when asked
_CACHE_POSTINGS = 3_000_000  # decoded postings a snapshot keeps (100-200 MB at most, with positions)
_BYTE_TO_LENGTH = np.array(BYTE_TO_LENGTH, dtype=np.float64)


@dataclass
class Scored:
    """The units a query matches (a mask over all unit numbers) and their scores."""

    mask: np.ndarray
    scores: np.ndarray


@dataclass
class _Postings:
    """A term's live postings over all segments: unit numbers, term frequencies, and (when
    read with positions) posting i's positions at `positions[bounds[i]:bounds[i + 1]]`."""

    ids: np.ndarray
    weights: np.ndarray
    doc_frequency: int  # as Whoosh counts it for idf: every segment's, deleted units included
    positions: np.ndarray | None = None
    bounds: np.ndarray | None = None

    def positions_of(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(unit, position) of every position of the chosen postings, as two arrays."""
        assert self.positions is not None and self.bounds is not None
        counts = self.bounds[chosen + 1] - self.bounds[chosen]
        ends = np.cumsum(counts)
        where = np.repeat(self.bounds[chosen] - (ends - counts), counts) + np.arange(int(ends[-1]) if len(ends) else 0)
        return np.repeat(self.ids[chosen], counts), self.positions[where].astype(np.int64)


def _encoded_positions(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Positions encoded one posting at a time (uint32 arrays) as one array and each posting's bounds."""
    counts = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)) // 4
    return np.frombuffer(b"".join(encoded), dtype="<u4"), np.r_[0, np.cumsum(counts)]


class Snapshot:
    """One generation of the index, opened: per-unit arrays of all segments side by side."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        # an index that never committed a document has no segment: Whoosh reads it as one EmptyReader
        self.leaves = [(leaf, offset) for leaf, offset in self.reader.leaf_readers()
                       if not isinstance(leaf, EmptyReader)]
        self.size = self.reader.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._averages: dict[str, float] = {}
        self._cached: OrderedDict[tuple[str, bytes], _Postings] = OrderedDict()  # most recently used last
        self._cached_size = 0  # postings held in `_cached`
        live = np.ones(self.size, dtype=bool)
        columns = ["_stored", "doc_key", "is_section", "date",
                   *(f"_{name}_len" for name, field in searcher.schema.items() if field.scorable)]
        for leaf, offset in self.leaves:
            open_columns(leaf, columns)
            if leaf.has_deletions():
                live[[offset + d for d in leaf.deleted_docs_set]] = False
        self.live = live
        self.doc_key = self._numeric("doc_key", np.uint64, 0)
        self.is_section = self._numeric("is_section", np.uint8, 0).astype(bool)
        self.date = self._numeric("date", np.uint64, NO_DATE)

    def _numeric(self, name: str, dtype: Any, default: int) -> np.ndarray:
        """A numeric column of every segment as one array (Whoosh keeps it big-endian, fixed width)."""
        out = np.full(self.size, default, dtype=dtype)
        width = np.dtype(dtype).itemsize
        for leaf, offset in self.leaves:
            raw = column_bytes(leaf, name, width)
            if raw is not None:
                out[offset : offset + len(raw) // width] = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder(">"))
        return out

    def lengths(self, field: str) -> np.ndarray:
        """The length of `field` in every unit, as Whoosh stores it (one byte, logarithmic)."""
        if field not in self._lengths:
            out = np.zeros(self.size, dtype=np.float64)
            for leaf, offset in self.leaves:
                raw = length_bytes(leaf, field)
                if raw is not None:
                    out[offset : offset + len(raw)] = _BYTE_TO_LENGTH[np.frombuffer(raw, dtype=np.uint8)]
            self._lengths[field] = out
        return self._lengths[field]

    # -- evaluation ------------------------------------------------------------------------
    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def evaluate(self, q: Any) -> Scored:
        """The units matching a Whoosh query and their BM25F scores (sums over the query's parts)."""
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, query.Or):
            parts = [self.evaluate(x) for x in q.subqueries]
            if not parts:
                return self.empty()
            mask = np.logical_or.reduce([p.mask for p in parts])
            return Scored(mask, sum(p.scores for p in parts) * q.boost)
        if isinstance(q, query.And):
            parts = [self.evaluate(x) for x in q.subqueries]
            if not parts:
                return self.empty()
            mask = np.logical_and.reduce([p.mask for p in parts])
            return Scored(mask, np.where(mask, sum(p.scores for p in parts), 0.0) * q.boost)
        if isinstance(q, query.AndMaybe):
            a, b = self.evaluate(q.a), self.evaluate(q.b)
            return Scored(a.mask, np.where(a.mask, a.scores + b.scores, 0.0))
        if isinstance(q, query.Not):
            inner = self.evaluate(q.query)
            return Scored(self.live & ~inner.mask, np.zeros(self.size))
        if isinstance(q, query.Every):
            return Scored(self.live.copy(), np.zeros(self.size))
        if isinstance(q, query.ConstantScoreQuery):
            inner = self.evaluate(q.child)
            return Scored(inner.mask, np.where(inner.mask, q.score, 0.0))
        if isinstance(q, query.DateRange):
            return self._date_range(q)
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            return self.empty()
        if isinstance(q, query.Phrase):
            return self._phrase(q)
        if isinstance(q, query.MultiTerm):  # Prefix, FuzzyTerm: the words of the index they stand for
            words = expanded_terms(q, self.reader, 1000)
            found = self.evaluate(query.Or(words)) if words else self.empty()
            if getattr(q, "constantscore", False):  # as Whoosh scores a prefix: one score per matching unit
                return Scored(found.mask, np.where(found.mask, q.boost, 0.0))
            return found
        return self._whoosh(q)

    def _term(self, field: str, text: Any, boost: float) -> Scored:
        return self._scored(self._postings(field, text), field, boost)

    def _scored(self, postings: _Postings, field: str, boost: float) -> Scored:
        """BM25F over a term's postings, as Whoosh computes it (idf from the document
        frequency of every segment, deleted units included)."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        ids, weights = postings.ids, postings.weights
        if not len(ids):  # an index of no units has no idf to take
            return Scored(mask, scores)
        mask[ids] = True
        if self.searcher.schema[field].scorable:
            idf = log(self.size / (postings.doc_frequency + 1)) + 1
            fl = self.lengths(field)[ids]
            scores[ids] = idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / self._average(field))) * boost
        else:
            scores[ids] = weights * boost
        return Scored(mask, scores)

    def _average(self, field: str) -> float:
        if field not in self._averages:
            self._averages[field] = self.searcher.avg_field_length(field) or 1.0
        return self._averages[field]

    def _postings(self, field: str, text: Any, *, with_positions: bool = False) -> _Postings:
        """Every live (unit number, term frequency) of a term over all segments, and its
        positions if asked.

        The postings of frequent words ('och', 'kommunen') take tens of milliseconds to
        decode at 100,000 units and come back in query after query: the snapshot keeps the
        most recently used of them, up to `_CACHE_POSTINGS` postings.
        """
        btext = text if isinstance(text, bytes) else self.searcher.schema[field].to_bytes(text)
        key = (field, btext)
        hit = self._cached.get(key)
        if hit is not None and (hit.positions is not None or not with_positions):
            self._cached.move_to_end(key)
            return hit
        postings = self._read_postings(field, btext, with_positions=with_positions)
        if len(postings.ids) >= _CACHE_FROM:
            if hit is not None:
                self._cached_size -= len(self._cached.pop(key).ids)
            self._cached[key] = postings
            self._cached_size += len(postings.ids)
            while self._cached_size > _CACHE_POSTINGS:
                self._cached_size -= len(self._cached.popitem(last=False)[1].ids)
        return postings

    def _read_postings(self, field: str, btext: bytes, *, with_positions: bool) -> _Postings:
        """A term's postings read from its segment files, each segment's in one piece, and their
        blocks decoded here; Whoosh's matcher seeks and reads each block of 128 postings on its own.
        """
        ids: list[int] = []
        weights: list[float] = []
        encoded: list[bytes] = []
        doc_frequency = 0
        last = 0  # the previous block's last unit number, over all segments
        for leaf, offset in self.leaves:
            term = term_blocks(leaf, field, btext)
            if term is None:  # not in this segment
                continue
            frequency, blocks = term
            doc_frequency += frequency
            for count, block_last, gaps, block_weights, block_values in blocks:
                first = len(ids)
                ids.extend(gaps)
                ids[first] += offset - last  # a block's first number is whole, the rest are gaps
                last = offset + block_last
                if block_weights is None or isinstance(block_weights, float):
                    weights.extend([1.0 if block_weights is None else block_weights] * count)
                else:
                    weights.extend(block_weights)
                if with_positions:
                    encoded.extend(block_values)
        unit_ids = np.cumsum(np.array(ids, dtype=np.int64))
        postings = _Postings(unit_ids, np.array(weights), doc_frequency, *_encoded_positions(encoded) if with_positions else ())
        alive = self.live[unit_ids]
        if alive.all():
            return postings
        kept = np.flatnonzero(alive)
        if not with_positions:
            return _Postings(unit_ids[kept], postings.weights[kept], doc_frequency)
        assert postings.bounds is not None
        counts = postings.bounds[kept + 1] - postings.bounds[kept]
        return _Postings(unit_ids[kept], postings.weights[kept], doc_frequency,
                         postings.positions_of(kept)[1].astype(np.uint32), np.r_[0, np.cumsum(counts)])

    def _date_range(self, q: Any) -> Scored:
        start = datetime_to_long(q.startdate) if q.startdate else 0
        end = datetime_to_long(q.enddate) if q.enddate else NO_DATE - 1
        mask = self.live & (self.date >= start) & (self.date <= end) & (self.date != NO_DATE)
        return Scored(mask, np.zeros(self.size))

    def _phrase(self, q: Any) -> Scored:
        """Units holding the words one after another, scored as the sum of the words' scores.

        Each word's postings are read once, with their positions: the units holding every
        word are found in bulk, and the words line up where (unit, position - i) of the i-th
        word is the same for all.
        """
        postings = [self._postings(q.fieldname, word, with_positions=len(q.words) > 1) for word in q.words]
        words = [self._scored(p, q.fieldname, 1.0) for p in postings]
        if not words:
            return self.empty()
        mask = np.logical_and.reduce([w.mask for w in words])
        starts: np.ndarray | None = None
        for i, p in enumerate(postings if len(q.words) > 1 and mask.any() else []):
            units, positions = p.positions_of(np.flatnonzero(mask[p.ids]))
            keys = ((units << 32) | (positions - i))[positions >= i]  # unique: one per posting position
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
            if not len(starts):
                break
        if starts is not None:
            mask = np.zeros(self.size, dtype=bool)
            mask[starts >> 32] = True
        return Scored(mask, np.where(mask, sum(w.scores for w in words), 0.0) * q.boost)

    def _whoosh(self, q: Any) -> Scored:
        mask = np.zeros(self.size, dtype=bool)
        ids = list(self.searcher.docs_for_query(q))
        if ids:
            mask[ids] = True
        return Scored(mask & self.live, np.zeros(self.size))


@dataclass
class MatchedUnits:
    """The matching units (unit numbers) and their scores."""

    units: np.ndarray
    scores: np.ndarray


def found(mask: np.ndarray, scores: np.ndarray) -> MatchedUnits:
    units = np.flatnonzero(mask)
    return MatchedUnits(units, scores[units])


@dataclass
class Groups:
    """Matching units by document: each document's units best first, documents in the order shown."""

    units: np.ndarray  # grouped by document, best first inside each
    scores: np.ndarray
    bounds: np.ndarray  # document i holds units[bounds[i]:bounds[i + 1]] ...
    order: np.ndarray  # ... and the documents are shown in this order of i

    @classmethod
    def of(cls, snap: Snapshot, found: MatchedUnits, *, by_date: bool) -> Groups:
        units, scores = found.units, found.scores
        keys = snap.doc_key[units]
        # best first inside a document; on a tie the § is the better citation than its whole document
        by_document = np.lexsort((units, ~snap.is_section[units], -scores, keys))
        units, scores, keys = units[by_document], scores[by_document], keys[by_document]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
        best, first = scores[starts], units[starts]
        dates = snap.date[first]
        newest = -np.where(dates == NO_DATE, 0, dates).astype(np.float64)  # undated last
        # the content's key settles the rest: the order an ingest happened to add documents in does not
        if by_date:
            order = np.lexsort((keys[starts], -best, newest))  # newest first, then best
        else:
            order = np.lexsort((keys[starts], newest, -best))  # best first, on a tie the newest
        return cls(units, scores, np.r_[starts, len(units)], order)

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        g = self.order[i]
        start, end = self.bounds[g], self.bounds[g + 1]
        return self.units[start:end], self.scores[start:end]


def soft_and(base: Scored, words: list[Scored], need: int) -> MatchedUnits:
    """Units matching `base` and at least `need` of the words (or one, if none has `need`),
    scored by the words' sum times the share of the words they hold."""
    word_scores = sum(w.scores for w in words)
    counts = sum(w.mask.astype(np.int32) for w in words)
    mask = base.mask & (counts >= need)
    if not mask.any() and need > 1:
        mask = base.mask & (counts >= 1)
    return found(mask, (base.scores + word_scores) * (counts / len(words)))
