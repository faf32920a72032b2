"""The one module that imports spaCy: a blank Swedish pipeline with a rule-based SpanRuler.

The rules are data: `rules/cues.jsonl` (roles, statement and decision verbs) and the
party names of `rules/parties.json`. No trained Swedish pipeline is needed: what the
taggers need is tokenisation and phrase matching that ignores case and line breaks.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from protosearch.tag.parties import name_map, written_bare

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class Cue:
    label: str  # PARTY, ROLE, VERB
    key: str  # the party abbreviation, the role, the verb's meaning
    start: int
    end: int
    text: str


def _patterns() -> list[dict[str, object]]:
    text = resources.files("protosearch.tag").joinpath("rules/cues.jsonl").read_text("utf-8")
    patterns = [json.loads(line) for line in text.splitlines() if line.strip()]
    for name, party in name_map().items():
        patterns.append(
            {"label": "PARTY", "id": party, "pattern": [{"LOWER": w} for w in name.split()]}
        )
    for abbreviation, party in written_bare().items():  # in capitals only: 'SDp nr 30' is a plan
        patterns.append({"label": "PARTY", "id": party, "pattern": [{"LOWER": abbreviation.lower(), "ORTH": abbreviation}]})
    return patterns


@lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    nlp = spacy.blank("sv")
    # added after the blank pipeline is built: initialising later would wipe the patterns
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "overwrite": False})
    ruler.add_patterns(_patterns())  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def _first_words() -> re.Pattern[str] | None:
    """Any first word of a pattern, or None when a pattern starts with something else."""
    words: set[str] = set()
    for p in _patterns():
        first = p["pattern"][0]  # type: ignore[index]
        lower = first.get("LOWER") if isinstance(first, dict) and "OP" not in first else None  # ORTH only narrows
        if isinstance(lower, str):
            words.add(lower)
        elif isinstance(lower, dict) and set(lower) == {"IN"}:
            words.update(lower["IN"])
        else:
            return None
    return re.compile(_trie(words))


def _trie(words: set[str]) -> str:
    """An alternation of `words` with common beginnings factored out ("s(?:ekreterare|ocialdemokraterna)"),
    matching the longest word at a place: the engine tries a letter at each place, not every word."""
    by_first: dict[str, set[str]] = {}
    for w in words:
        if w:
            by_first.setdefault(w[0], set()).add(w[1:])
    branches = [re.escape(c) + _trie(rests) for c, rests in sorted(by_first.items())]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{pattern})?" if "" in words else pattern


def _cue_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines that hold a pattern's first word: only they can hold a cue.

    A cue never spans a line break (the tokenizer makes each run of whitespace other than
    one space a token of its own), and a line is tokenized alone as it is in the text.
    """
    first_words = _first_words()
    lowered = text.lower()
    if first_words is None or len(lowered) != len(text):  # lower() changed offsets: take it all
        return [(0, text)]
    lines = []
    pos = 0
    while m := first_words.search(lowered, pos):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        lines.append((start, text[start:end]))
        pos = end + 1
    return lines


def find_cues(text: str) -> list[Cue]:
    """Every cue phrase in `text`, in order, with character offsets into `text`."""
    # spaCy reads only the lines that may hold a cue (about 7% of a protocol), joined by
    # line breaks: the same cues as on the whole text, about ten times faster
    lines = _cue_lines(text)
    offsets, joined_starts, pos = [], [], 0
    for start, line in lines:
        offsets.append(start)
        joined_starts.append(pos)
        pos += len(line) + 1
    joined = "\n".join(line for _, line in lines)
    nlp = pipeline()
    nlp.max_length = max(nlp.max_length, len(joined) + 1)
    from spacy.util import filter_spans

    doc = nlp(joined)
    longest = filter_spans(doc.spans["cues"])  # "Miljöpartiet de gröna", not also "Miljöpartiet"
    cues = []
    for s in longest:
        i = bisect_right(joined_starts, s.start_char) - 1
        shift = offsets[i] - joined_starts[i]
        cues.append(Cue(s.label_, s.id_, s.start_char + shift, s.end_char + shift, s.text))
    return cues
