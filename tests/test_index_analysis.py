"""The index's one-pass analysis gives exactly what the schema's Whoosh analysers give, the
bulk scorer scores as Whoosh's own BM25F does, and snippets mark the query's words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from whoosh import query, scoring
from whoosh.searching import Searcher

from protosearch.extract.document import extract_file
from protosearch.index import SearchIndex, prepare
from protosearch.index.schema import schema
from protosearch.index.analysis import stem
from protosearch.index.units import units
from protosearch.tag.tagger import tag

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:12])
def test_prepared_postings_equal_the_schema_analysers(path: Path) -> None:
    doc = tag(extract_file(path))
    fields = schema()
    for fast, plain in zip(prepare(doc, str(path)).units, units(doc, str(path)), strict=True):
        for name in ("title", "body", "exact", "parts", "tags", "committee", "municipality", "persons"):
            if plain[name]:
                assert sorted(fast[name].items) == sorted(fields[name].index(plain[name])), name
                if fields[name].stored:
                    assert fast["_stored_" + name] == plain[name]


def test_compound_parts_are_indexed_only_for_compounds() -> None:
    doc = tag(extract_file(SEEDS[0]))
    parts = {t.decode() for t, *_ in prepare(doc, "x").units[0]["parts"].items}
    assert {"arbetsmarkn", "förvalt"} <= parts  # arbetsmarknadsförvaltningens, stemmed
    assert "stockholm" not in parts and "salar" not in parts  # single words are left to the other fields


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    idx = SearchIndex(tmp_path_factory.mktemp("analysis-index"))
    idx.create()
    with idx.writer() as w:
        for path in SEEDS:
            w.replace(tag(extract_file(path)), str(path))
    return idx


@pytest.mark.parametrize("field,word", [("body", "beslut"), ("exact", "nämnden"), ("title", "rapport"),
                                        ("parts", "arbetsmarkn"), ("exact", "salar"), ("parties", "s")])
def test_bulk_scores_equal_whoosh_bm25f(seed_index: SearchIndex, field: str, word: str) -> None:
    term = query.Term(field, word, boost=2.0)
    with seed_index._snapshot() as snap:
        bulk = snap.evaluate(term)
        ours = {int(d): float(bulk.scores[d]) for d in np.flatnonzero(bulk.mask)}
        with Searcher(snap.reader, weighting=scoring.BM25F(), closereader=False) as s:
            theirs = {d: score for score, d in s.search(term, limit=None).top_n}
    assert ours and ours.keys() == theirs.keys()  # the same units match ...
    for d, score in theirs.items():
        assert ours[d] == pytest.approx(score, rel=1e-4)  # ... with the same scores


def test_snippet_marks_words_and_their_inflections_in_whole_word_passages() -> None:
    from protosearch.index.snippets import snippet

    text = ("Inledning om annat. " * 12 + "Nämnden beslutade att godkänna budgeten. "
            + "Fyllnad utan träff här. " * 12 + "Beslutet om budget gäller från och med januari.")
    out = snippet(text, {"budget", "beslut"})
    first, second = out.split(" … ")
    assert "**beslutade** att godkänna **budgeten**" in first  # stems mark inflected forms
    assert "**Beslutet** om **budget** gäller" in second
    assert not first.startswith(("nledning", "m annat"))  # passages begin at a word
    assert snippet("Inget här matchar.", {"budget"}) == "Inget här matchar."


def test_small_segments_are_merged_once_there_are_ten(tmp_path: Path) -> None:
    idx = SearchIndex(tmp_path / "index")
    idx.create()
    doc = tag(extract_file(SEEDS[0]))
    counts = []
    for i in range(11):
        with idx.writer() as w:  # one commit, one new segment each: the same text as other content
            w.replace(replace(doc, sha256=f"{i:064x}"), f"/x/{i}.txt")
        with idx._snapshot() as snap:
            counts.append(len(snap.leaves))
    assert counts == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1]
    assert len(idx.document_ids()) == 11


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The seeds in four commits (four segments), then the first one written again under
    another identity, which deletes nothing, and the second one deleted."""
    idx = SearchIndex(tmp_path_factory.mktemp("segmented-index"))
    idx.create()
    docs = [tag(extract_file(path)) for path in SEEDS]
    for doc, path in zip(docs, SEEDS):
        with idx.writer() as w:
            w.replace(doc, str(path))
    with idx.writer() as w:
        w.replace(replace(docs[0], sha256="f" * 64), "/copy/first.txt")
        w.delete(docs[1].sha256)
    return idx


@pytest.mark.parametrize("q", [query.Term("body", "beslut"), query.Term("exact", "arbetsmarknadsnämnden"),
                               query.Phrase("exact", ["förslag", "till", "beslut"]),
                               query.Phrase("body", [stem("förvaltningens"), stem("förslag")])], ids=str)
def test_bulk_reads_every_segment_and_leaves_deleted_units_out(segmented_index: SearchIndex, q: query.Query) -> None:
    with segmented_index._snapshot() as snap:
        assert len(snap.leaves) == 5 and not snap.live.all()
        bulk = snap.evaluate(q)
        ours = {int(d): float(bulk.scores[d]) for d in np.flatnonzero(bulk.mask)}
        with Searcher(snap.reader, weighting=scoring.BM25F(), closereader=False) as s:
            theirs = {d: score for score, d in s.search(q, limit=None).top_n}
    assert len(theirs) >= 2 and ours.keys() == theirs.keys()
    if isinstance(q, query.Term):  # Whoosh scores a phrase by its own formula; ours is the words' sum
        for d, score in theirs.items():
            assert ours[d] == pytest.approx(score, rel=1e-4)


def test_a_rebuilt_index_is_read_anew_by_the_same_search_index(tmp_path: Path) -> None:
    idx = SearchIndex(tmp_path / "index")
    idx.create()
    first, second = (tag(extract_file(path)) for path in SEEDS[:2])
    with idx.writer() as w:
        w.replace(first, "/a.txt")
    assert idx.document_ids() == {first.sha256}
    idx.create()  # the same generation number again, another table of contents
    with idx.writer() as w:
        w.replace(second, "/b.txt")
    assert idx.document_ids() == {second.sha256}


def test_the_postings_cache_answers_as_the_index_does(segmented_index: SearchIndex,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from protosearch.index import bulk

    monkeypatch.setattr(bulk, "_CACHE_FROM", 1)  # every term is cached ...
    monkeypatch.setattr(bulk, "_CACHE_POSTINGS", 60)  # ... and the oldest evicted soon
    queries = [query.Term("exact", "förslag"),  # cached without positions, then asked with them
               query.Phrase("exact", ["förslag", "till", "beslut"]),
               query.Term("body", "beslut"), query.Phrase("body", [stem("förvaltningens"), stem("förslag")])]
    with segmented_index._snapshot() as snap:
        snap._cached.clear()
        snap._cached_size = 0
        read = [snap.evaluate(q) for q in queries]
        assert snap._postings("exact", "till") is snap._postings("exact", "till")  # kept, not read again
        assert 0 < snap._cached_size <= 60
        again = [snap.evaluate(q) for q in queries]
    for a, b in zip(read, again, strict=True):
        assert (a.mask == b.mask).all() and np.allclose(a.scores, b.scores)


def test_positions_of_deleted_units_are_left_out(segmented_index: SearchIndex) -> None:
    with segmented_index._snapshot() as snap:
        postings = snap._postings("exact", "förslag", with_positions=True)
        assert postings.bounds is not None and len(postings.bounds) == len(postings.ids) + 1
        assert snap.live[postings.ids].all()
        for i in range(len(postings.ids)):  # every kept posting's positions are the unit's own
            units, positions = postings.positions_of(np.array([i]))
            assert (units == postings.ids[i]).all() and len(positions) == postings.weights[i]
