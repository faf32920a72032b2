"""The term-by-term segment writer writes the bytes Whoosh's own writer writes, merges included."""

from __future__ import annotations

import hashlib
from pathlib import Path

from whoosh.writing import SegmentWriter

from protosearch.extract.document import extract_file
from protosearch.index.store import _CODEC, SearchIndex, prepare
from protosearch.index.segments import TermSegmentWriter
from protosearch.tag.tagger import tag

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def _digests(directory: Path) -> list[tuple[str, str]]:
    """The postings (.pst) and terms (.trm) files by suffix and digest (segment names are random)."""
    return sorted((f.suffix, hashlib.sha256(f.read_bytes()).hexdigest())
                  for f in directory.iterdir() if f.suffix in (".pst", ".trm"))


def _segment_files(directory: Path, writer_class: type[SegmentWriter]) -> tuple[list[tuple[str, str]], ...]:
    """Every seed in a commit of its own; then one deleted and every segment merged into one."""
    idx = SearchIndex(directory)
    idx.create()
    prepared = [prepare(tag(extract_file(path)), str(path)) for path in SEEDS]
    ix = idx._open()
    for doc in prepared:
        w = writer_class(ix, compound=False, codec=_CODEC)
        for unit in doc.units:
            w.add_document(**unit)
        w.commit(merge=False)
    committed = _digests(directory)
    w = writer_class(ix, compound=False, codec=_CODEC)
    w.delete_by_term("doc_id", prepared[1].doc.sha256)
    w.commit(optimize=True)
    return committed, _digests(directory)


def test_term_writer_writes_whoosh_bytes(tmp_path: Path) -> None:
    ours = _segment_files(tmp_path / "ours", TermSegmentWriter)
    theirs = _segment_files(tmp_path / "theirs", SegmentWriter)
    committed, merged = theirs
    assert len(committed) == 2 * len(SEEDS) and len(merged) == 2  # a segment a seed; one left after the merge
    assert ours == theirs
