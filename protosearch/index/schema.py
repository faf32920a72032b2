"""The index's schema: its fields and how the analysed postings of a unit are encoded.

Stored beside the index as SCHEMA_VERSION: an index of another version is rebuilt by
`ingest` and refused by reads."""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from protosearch.index.analysis import compound_parts, exact_words, swedish


SCHEMA_VERSION = "9"


@dataclass(frozen=True)
class Postings:
    """One field of one unit, analysed: (term, frequency, weight, encoded positions) per term.

    Worker processes analyse the text, which is most of the cost of indexing, so that the
    single writer only files the postings.
    """

    items: tuple[tuple[bytes, int, float, bytes], ...]


class PositionArray(formats.Positions):
    """Positions as 32-bit little-endian integers, not Whoosh's pickled gaps: bulk.py reads the
    positions of a whole block of postings with one numpy call."""

    def encode(self, poslist: Any) -> bytes:
        a = array("I", poslist)
        if sys.byteorder == "big":
            a.byteswap()
        return a.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        a = array("I")
        a.frombytes(valuestring)
        if sys.byteorder == "big":
            a.byteswap()
        return a.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


class _Text(fields.TEXT):
    """A text field that takes its value as text or as `Postings` analysed beforehand."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if kwargs.get("phrase", True):
            self.format = PositionArray(field_boost=self.format.field_boost)

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Postings):
            return iter(value.items)
        return super().index(value, **kwargs)


ANALYSED_FIELDS = ("title", "body", "exact", "parts", "tags", "committee", "municipality", "persons")


def _comma_list() -> fields.KEYWORD:
    return fields.KEYWORD(commas=True, lowercase=True, scorable=False, stored=False)


def schema() -> fields.Schema:
    """Three analyses of the same text: exact words (no å/ä/ö folding), stems, stemmed compound parts."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        doc_id=fields.ID(stored=True, sortable=True),
        kind=fields.ID(stored=True, sortable=True),  # "document" or "section"
        path=fields.ID(stored=True),
        # positions where phrases are asked for: exact words, stems, persons' and municipalities' names
        title=_Text(analyzer=swedish(), stored=True, phrase=False),
        body=_Text(analyzer=swedish(), stored=True),
        exact=_Text(analyzer=exact_words()),  # title and text, lower case, unstemmed
        parts=_Text(analyzer=compound_parts(), phrase=False),  # the parts of the compound words of title and text
        tags=_Text(analyzer=exact_words(), phrase=False),  # party names, statement types: searchable words
        section=fields.ID(stored=True),
        page=fields.NUMERIC(stored=True),
        date=fields.DATETIME(stored=True, sortable=True),
        committee=_Text(analyzer=swedish(), stored=True, phrase=False),
        municipality=_Text(analyzer=exact_words(), stored=True),
        doc_type=fields.KEYWORD(lowercase=True, stored=True),
        parties=_comma_list(),
        persons=_Text(analyzer=exact_words()),
        statement=_comma_list(),
        case=_comma_list(),  # every case number the unit carries or cites
        case_own=_comma_list(),  # the case numbers the unit carries (its § heading, its memo's Dnr)
        payload=fields.STORED(),
        # columns only, read whole by protosearch.bulk: the document of each unit, and which are §§
        doc_key=fields.COLUMN(columns.NumericColumn("Q", default=0)),
        is_section=fields.COLUMN(columns.NumericColumn("B", default=0)),
    )


def postings_of(field: Any, positions: dict[str, list[int]]) -> Postings:
    """A field's postings as its format encodes them: the positions, or only their count."""
    encode = field.format.encode if isinstance(field.format, formats.Positions) else (lambda ps: pack_uint(len(ps)))
    return Postings(tuple((term.encode(), len(ps), float(len(ps)), encode(ps)) for term, ps in positions.items()))


@lru_cache(maxsize=1)
def analysed_fields() -> dict[str, Any]:
    s = schema()
    return {name: s[name] for name in ANALYSED_FIELDS}
