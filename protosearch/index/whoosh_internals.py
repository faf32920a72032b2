"""Every use of Whoosh's private internals, in one place, for exactly the Whoosh it was written against.

Two things are done below Whoosh's public API, for speed that a committed benchmark shows
(benchmarks/README.md):
- writing: a segment writer that files a commit's postings term by term. Whoosh's writer
  puts every posting into a pool, sorts it at the commit and writes it posting by posting,
  looking up the field length for each: the commit of the Alingsås set took 2.6-3.3 s
  instead of 1.7-2.5 s, the 100,000-unit scale build 945 s instead of 505 s. The bytes on
  disk are Whoosh's own (a test compares them), except that blocks are pickled with
  protocol 4 (Whoosh asks for 2, which makes every posting's positions a call to
  codecs.encode: 13 times slower to read) and not zlib-compressed; pickle reads either and
  a block says whether it is compressed, so any Whoosh reads these segments.
- reading: a term's postings over each segment in one piece, column files and field lengths
  read whole, for bulk scoring in numpy (bulk.py), where Whoosh's matcher reads a block of
  128 postings through several calls and scores one match at a time.

Importing this module checks the installed Whoosh: another distribution or version may lay
its files out otherwise, and silently wrong scores are worse than a clear refusal.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from collections.abc import Callable, Iterator
from importlib import metadata
from typing import Any

WHOOSH_DISTRIBUTION, WHOOSH_VERSION = "whoosh3", "3.54.0"


def _check_whoosh() -> None:
    try:
        found = metadata.version(WHOOSH_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        found = None
    if found != WHOOSH_VERSION:
        raise ImportError(
            f"protosearch reads and writes index files through the internals of {WHOOSH_DISTRIBUTION} "
            f"{WHOOSH_VERSION}, but {WHOOSH_DISTRIBUTION} {found or 'is not installed'}: "
            f"run `pip install {WHOOSH_DISTRIBUTION}=={WHOOSH_VERSION}` (and uninstall any other whoosh distribution)")


_check_whoosh()

from whoosh import query  # noqa: E402  (after the check: a wrong Whoosh must not be used at all)
from whoosh.codec import whoosh3  # noqa: E402
from whoosh.codec.whoosh3 import (  # noqa: E402
    COMPRESSION_MIN_SIZE, LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo)
from whoosh.reading import CorruptIndexError  # noqa: E402
from whoosh.system import pack_int, pack_long, pack_ushort  # noqa: E402
from whoosh.util.numeric import _length_byte_cache, length_to_byte  # noqa: E402
from whoosh.util.numlists import delta_encode  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

CODEC = whoosh3.W3Codec(compression=0)  # posting blocks without zlib: a third of a query's decoding
BYTE_TO_LENGTH = tuple(_length_byte_cache)  # a field length as Whoosh stores it (one byte) -> the length
_INT = struct.Struct("!i")  # a posting block's signed length (negative: the last block)


def _dumps(obj: Any) -> bytes:
    """A block's pickle as this writer makes it: protocol 4 (see the module's docstring)."""
    return pickle.dumps(obj, 4)


# -- reading -------------------------------------------------------------------------------

def open_columns(leaf: Any, names: list[str]) -> None:
    """Open a segment's column files now and read them later: Whoosh looks a column file up
    by name on first use, when a commit may have deleted it; an open file stays readable."""
    perdoc = leaf._perdoc
    for name in names:
        if perdoc.has_column(name):
            perdoc._colfiles[name] = perdoc._get_column_file(name)
    opened = perdoc._colfiles
    looked_up = perdoc.has_column
    perdoc.has_column = lambda name: name in opened or looked_up(name)


def column_bytes(leaf: Any, name: str, width: int) -> bytes | None:
    """A fixed-width column of a segment opened by `open_columns`, raw (None when the segment lacks it)."""
    colfiles = leaf._perdoc._colfiles
    if name not in colfiles:
        return None
    colfile, base, length = colfiles[name]
    return colfile.get(base, min(length // width, leaf.doc_count_all()) * width)  # type: ignore[no-any-return]


def length_bytes(leaf: Any, field: str) -> bytes | None:
    """The stored length byte of `field` for each unit of a segment (None when it has none)."""
    reader = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
    if reader is None:
        return None
    return reader._dbfile.get(reader._basepos, min(reader._count, leaf.doc_count_all()))  # type: ignore[no-any-return]


def expanded_terms(q: Any, reader: Any, limit: int) -> list[Any]:
    """A prefix or fuzzy query as the index's words it stands for, at most `limit` of them."""
    return [query.Term(q.fieldname, t, boost=q.boost) for t in list(q._btexts(reader))[:limit]]


def term_blocks(leaf: Any, field: str, btext: bytes) -> tuple[int, Iterator[tuple[int, int, Any, Any, Any]]] | None:
    """A term's document frequency in a segment and its posting blocks, read in one piece:
    (count, last unit number, delta-encoded ids, weights, values) each; None when absent."""
    terms = leaf._terms
    entry = terms._tindex.get(terms._keycoder(field, btext))
    if entry is None:
        return None
    info = W3TermInfo.from_bytes(entry)
    position, length = info.extent()  # whoosh3 leaves the length in a 1-tuple
    stream = io.BytesIO(terms._postfile.get(position, length[0] if isinstance(length, tuple) else length))
    if stream.read(4) != WHOOSH3_HEADER_MAGIC:
        raise CorruptIndexError(f"the postings of {field}:{btext!r} do not start with a block")
    return info.doc_frequency(), _blocks(stream)


def _blocks(stream: io.BytesIO) -> Iterator[tuple[int, int, Any, Any, Any]]:
    at_end = False
    while not at_end:
        start = stream.tell()
        (size,) = _INT.unpack(stream.read(4))
        at_end = size < 0
        count, block_last, _, compressed, _, _ = pickle.load(stream)
        data = stream.read(start + 4 + abs(size) - stream.tell())
        gaps, weights, values = pickle.loads(zlib.decompress(data) if compressed else data)
        yield count, block_last, gaps, weights, values


# -- writing -------------------------------------------------------------------------------

class _TermPool:
    """The postings of one segment, by (field, term), in the order they were added."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], list[tuple[int, float, bytes | None]]] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, btext))
        if postings is None:
            self.terms[fieldname, btext] = [(docnum, weight, vbytes)]
        else:
            postings.append((docnum, weight, vbytes))

    def cleanup(self) -> None:
        self.terms.clear()


class TermSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with the pool above and a commit that writes whole terms."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            _write_terms(self.fieldwriter, self.schema, self.pool.terms, lengths, self.docnum)
        finally:
            lengths.close()
        self.fieldwriter.close()


def _write_terms(fieldwriter: Any, schema: Any, terms: dict[tuple[str, bytes], list[tuple[int, float, bytes | None]]],
                 lengths: Any, doc_count: int) -> None:
    """Write every term's postings in (field, term) order into the segment's postings and terms files.

    Each field's document lengths are read once, when the field starts, not once per posting.
    """
    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    fieldname = None
    for (name, btext), postings in sorted(terms.items()):
        if name != fieldname:
            if fieldname is not None:
                fieldwriter.finish_field()
            fieldname = name
            fieldwriter.start_field(name, schema[name])
            length_of: Callable[[int], int | None] = lengths.doc_field_length_reader(name)
            blocks = _Blocks(fieldwriter._postwriter, schema[name].format.fixed_value_size(),
                             [length_of(docnum) for docnum in range(doc_count)])
            key = pack_ushort(fieldwriter._fieldid)
        offset = postfile.tell()
        data, info = blocks.term(postings)
        postfile.write(data)
        tindex.add(key + btext, info + pack_long(offset) + pack_int(len(data)))
    if fieldname is not None:
        fieldwriter.finish_field()


class _Blocks:
    """One field's postings encoded as Whoosh 3 blocks: the bytes `W3PostingsWriter` writes, term by term.

    A term is the block header, then blocks of up to `blocklimit` postings, each its length
    (negative for the last), a pickled summary and the pickled ids (delta-encoded),
    weights and values; its term info sums the blocks up. Pickled with protocol 4.
    """

    def __init__(self, postwriter: Any, fixed_size: int | None, lengths: list[int | None]) -> None:
        self._limit = postwriter._blocklimit
        self._compression = postwriter._compression
        self._fixed_size = fixed_size
        self._lengths = lengths

    def term(self, postings: list[tuple[int, float, bytes | None]]) -> tuple[bytes, bytes]:
        """The term's bytes in the postings file and its term info (without the extent)."""
        out = [WHOOSH3_HEADER_MAGIC]
        weight, maxweight, minlength, maxlength = 0.0, 0, None, 0
        for start in range(0, len(postings), self._limit):
            chunk = postings[start:start + self._limit]
            ids = array("I", [p[0] for p in chunk])
            weights = array("f", [p[1] for p in chunk])
            block_maxweight = max(0, *(p[1] for p in chunk))
            known = [n for n in (self._lengths[p[0]] for p in chunk) if n]
            block_min, block_max = (min(known), max(known)) if known else (None, 0)
            data = _dumps((tuple(delta_encode(ids)), _mini_weights(weights), self._mini_values(chunk)))
            comp = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
            if comp:
                data = zlib.compress(data, comp)
            info = _dumps((len(ids), ids[-1], block_maxweight, comp, length_to_byte(block_min), length_to_byte(block_max)))
            size = len(info) + len(data)
            out += [pack_int(-size if start + self._limit >= len(postings) else size), info, data]
            weight += sum(weights)
            minlength = block_min if minlength is None else min(minlength, block_min)  # type: ignore[type-var]
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
        info = W3TermInfo._struct.pack(False, weight, len(postings), length_to_byte(minlength), length_to_byte(maxlength),
                                       maxweight, postings[0][0], postings[-1][0])
        return b"".join(out), info

    def _mini_values(self, chunk: list[tuple[int, float, bytes | None]]) -> Any:
        """A block's values as `W3PostingsWriter._mini_values` gives them: a fixed size joins them."""
        values = [p[2] for p in chunk if p[2]]
        if self._fixed_size is None or self._fixed_size < 0:
            return tuple(values)
        return None if self._fixed_size == 0 else b"".join(values)


def _mini_weights(weights: array) -> Any:
    """A block's weights as `W3PostingsWriter._mini_weights` gives them: none when all are 1, one when all alike."""
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return tuple(weights)
