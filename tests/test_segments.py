"""The term-by-term segment writer writes what Whoosh's own writer writes, merges included: the same
postings and term statistics, read back through Whoosh's own reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.writing import SegmentWriter

from protosearch.extract.document import extract_file
from protosearch.index import SearchIndex, prepare
from protosearch.index.whoosh_internals import CODEC, TermSegmentWriter
from protosearch.tag.tagger import tag

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def _postings(directory: Path) -> tuple[int, dict[tuple[str, bytes], Any]]:
    """The segments' count, and every term's postings (unit, weight, value) and statistics, as Whoosh reads them."""
    ix = index.open_dir(str(directory))
    out = {}
    with ix.reader() as reader:
        segments = len(list(reader.leaf_readers()))
        for field, btext in reader.all_terms():
            m = reader.postings(field, btext)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value()))
                m.next()
            info = reader.term_info(field, btext)
            out[field, btext] = (items, info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                 info.max_weight())
    return segments, out


def _segment_files(directory: Path, writer_class: type[SegmentWriter]) -> tuple[Any, Any]:
    """Every seed in a commit of its own; then one deleted and every segment merged into one."""
    idx = SearchIndex(directory)
    idx.create()
    prepared = [prepare(tag(extract_file(path)), str(path)) for path in SEEDS]
    ix = idx._open()
    for doc in prepared:
        w = writer_class(ix, compound=False, codec=CODEC)
        for unit in doc.units:
            w.add_document(**unit)
        w.commit(merge=False)
    committed = _postings(directory)
    w = writer_class(ix, compound=False, codec=CODEC)
    w.delete_by_term("doc_id", prepared[1].doc.sha256)
    w.commit(optimize=True)
    return committed, _postings(directory)


def test_term_writer_writes_whoosh_bytes(tmp_path: Path) -> None:
    ours = _segment_files(tmp_path / "ours", TermSegmentWriter)
    theirs = _segment_files(tmp_path / "theirs", SegmentWriter)
    (committed, committed_terms), (merged, merged_terms) = theirs
    assert (committed, merged) == (len(SEEDS), 1)  # a segment a seed; one left after the merge
    assert len(committed_terms) > 2000 and len(merged_terms) > 1000
    assert ours == theirs
