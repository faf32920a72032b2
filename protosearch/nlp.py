"""The one module that imports spaCy: a blank Swedish pipeline with a rule-based SpanRuler.

The rules are data: `rules/cues.jsonl` (roles, statement and decision verbs) and the
party names of `rules/parties.json`. No trained Swedish pipeline is needed: what the
taggers need is tokenisation and phrase matching that ignores case and line breaks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from protosearch.parties import name_map

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
    text = resources.files("protosearch").joinpath("rules/cues.jsonl").read_text("utf-8")
    patterns = [json.loads(line) for line in text.splitlines() if line.strip()]
    for name, party in name_map().items():
        patterns.append(
            {"label": "PARTY", "id": party, "pattern": [{"LOWER": w} for w in name.split()]}
        )
    return patterns


@lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    nlp = spacy.blank("sv")
    # added after the blank pipeline is built: initialising later would wipe the patterns
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "cues", "overwrite": False})
    ruler.add_patterns(_patterns())  # type: ignore[attr-defined]
    return nlp


def find_cues(text: str) -> list[Cue]:
    """Every cue phrase in `text`, in order, with character offsets into `text`."""
    nlp = pipeline()
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    from spacy.util import filter_spans

    doc = nlp(text)
    longest = filter_spans(doc.spans["cues"])  # "Miljöpartiet de gröna", not also "Miljöpartiet"
    return [Cue(s.label_, s.id_, s.start_char, s.end_char, s.text) for s in longest]
