"""What a hit shows of its text: passages around the query's words; and a respelling of a
query that found nothing, from the index's own words."""

from __future__ import annotations

import re
from typing import Any

from protosearch.index import query as q
from protosearch.index.analysis import WORD


_SNIPPET_SCAN = 16_000  # characters of a unit looked at for a snippet
_AROUND = 70  # characters shown on each side of a marked word
# a respelling costs about 0.2 s a word (Whoosh walks the word list within two edits): a few
# words, within a fraction of a second, are all a query of unknown words may spend on it
_RESPELL_WORDS = 4
_RESPELL_SECONDS = 0.5


def snippet(text: str, marks: set[str]) -> str:
    """Up to two passages of `text` around the query's words, the words in **bold**, joined by ' … '.

    A word is marked when it is a query word or starts with a query word's stem
    ('beslutade' for 'beslut'); the passages with the most marked words win.
    """
    text = text[:_SNIPPET_SCAN]
    stems = tuple(m for m in marks if len(m) >= 4)
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)
             if (w := m.group().lower()) in marks or w.startswith(stems)]
    if not spans:
        return " ".join(text[:200].split())
    passages: list[list[tuple[int, int]]] = []
    for span in spans:
        if passages and span[0] - passages[-1][-1][1] <= 2 * _AROUND:
            passages[-1].append(span)
        else:
            passages.append([span])
    best = sorted(sorted(passages, key=len, reverse=True)[:2], key=lambda p: p[0][0])
    out = []
    for passage in best:
        start, end = max(0, passage[0][0] - _AROUND), min(len(text), passage[-1][1] + _AROUND)
        while 0 < start < passage[0][0] and not text[start - 1].isspace():
            start += 1  # whole words only
        while passage[-1][1] < end < len(text) and not text[end].isspace():
            end -= 1
        pieces, at = [], start
        for a, b in passage:
            pieces += [text[at:a], f"**{text[a:b]}**"]
            at = b
        pieces.append(text[at:end])
        out.append(" ".join("".join(pieces).split()))
    return " … ".join(out)


def did_you_mean(s: Any, text: str, node: q.Node) -> str | None:
    """The query with each word the index does not know replaced by its nearest known word.

    Only the first few unknown words, for a bounded time: the rest are left as typed.
    """
    import time

    corrector = s.corrector("exact")
    reader = s.reader()
    changed = text
    tried, stop = 0, time.monotonic() + _RESPELL_SECONDS
    for t in q.walk(node):
        if tried >= _RESPELL_WORDS or time.monotonic() > stop:
            break
        if not isinstance(t, q.Term) or t.prefix or not re.fullmatch(r"\w+", t.text):
            continue
        w = t.text.lower()
        if ("exact", w) in reader or w.isdigit():
            continue
        tried += 1
        suggestions = corrector.suggest(w, limit=1, maxdist=2)
        if suggestions:
            changed = re.sub(rf"(?<!\w){re.escape(t.text)}(?!\w)", suggestions[0], changed, count=1)
    return changed if changed != text else None
