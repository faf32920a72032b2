"""Swedish analysis of text into index terms: exact words, lemma + Snowball stems, compound parts.

`_Analysis.of` analyses a unit's title and text once for the three big fields, in the
ingest's worker processes; the analysers built here give the same terms inside Whoosh."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.lang import stemmer_for_language

from protosearch.index.errors import IndexUnavailable


STOP_WORDS = frozenset(StopFilter(lang="sv").stops)  # Swedish and English: what the stop filter drops
_snowball: Callable[[str], str] = stemmer_for_language("sv")  # type: ignore[no-untyped-call]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball on the word's dictionary lemma: 'underskottet' meets 'underskott', which Snowball alone misses."""
    from protosearch.lexicon import WordListMissing, lemma

    try:
        base = lemma(word)
    except WordListMissing as e:
        raise IndexUnavailable(str(e)) from e
    own = _snowball(word)
    if base == word:
        return own
    of_base = _snowball(base)
    # a lemma that shares no stem with the word is another word's form ("goda" listed under "goa")
    return of_base if own.startswith(of_base) or of_base.startswith(own) else own


def part_stem(word: str) -> str:
    """A compound part as the parts field keeps it: stemmed, -ning dropped (utsättning ~ utsättande)."""
    s = stem(word)
    return _snowball(s[:-4]) if s.endswith("ning") and len(s) >= 7 else s


def split_compound(word: str) -> tuple[str, ...] | None:
    from protosearch.lexicon import WordListMissing, split

    try:
        return split(word)
    except WordListMissing as e:
        raise IndexUnavailable(str(e)) from e


class LemmaStemFilter(Filter):
    """Each word as `stem()`: its lemma from the word list, then Snowball."""

    # whoosh types Filter.__call__ unlike its base Composable: follow Filter
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for t in tokens:
            t.text = stem(t.text)
            yield t


class CompoundFilter(Filter):
    """The stemmed parts of each compound word: 'vattenledningsnätet' -> 'vatten', 'led', 'nät'.

    Other words are left out: the exact and stem fields find them already.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        pos = 0
        for t in tokens:
            for part in split_compound(t.text) or ():
                t.text = part_stem(part)
                t.pos = pos
                pos += 1
                yield t


def swedish() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter() | StopFilter(lang="sv") | LemmaStemFilter()


def exact_words() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter()


def compound_parts() -> Any:
    return RegexTokenizer(r"\w+") | LowercaseFilter() | StopFilter(lang="sv") | CompoundFilter()


WORD = re.compile(r"\w+")


@lru_cache(maxsize=500_000)
def _terms(word: str) -> tuple[str | None, tuple[str, ...]]:
    """A lower-case word's term in the stem fields (None when the stop filter drops it) and its compound parts."""
    if len(word) < 2 or word in STOP_WORDS:
        return None, ()
    return stem(word), tuple(part_stem(p) for p in split_compound(word) or ())


@dataclass
class Analysis:
    """Positions of each term of a unit's title and text in the big fields, as the schema's analysers give them.

    The stem fields hold the title and the text apart; `exact` and `parts` hold the title,
    then the text, numbered on: the text's words are added to the title's maps, not copied.
    """

    title_stems: dict[str, list[int]]
    stems: dict[str, list[int]]
    exact: defaultdict[str, list[int]]
    parts: defaultdict[str, list[int]]

    @classmethod
    def of(cls, title: str, text: str) -> Analysis:
        """One pass over the words of the title, then of the text."""
        exact: defaultdict[str, list[int]] = defaultdict(list)
        parts: defaultdict[str, list[int]] = defaultdict(list)
        e = p = 0
        stem_maps = []
        for words in (WORD.findall(title.lower()), WORD.findall(text.lower())):
            stems: defaultdict[str, list[int]] = defaultdict(list)
            first, s = e, None
            for word in words:
                exact[word].append(e)
                e += 1
                term, word_parts = _terms(word)
                if term is not None:
                    if s is None:
                        s = e - 1 - first  # Whoosh's stop filter numbers from the first word it keeps
                    stems[term].append(s)
                    s += 1
                    for part in word_parts:
                        parts[part].append(p)
                        p += 1
            stem_maps.append(stems)
        return cls(stem_maps[0], stem_maps[1], exact, parts)
