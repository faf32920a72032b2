"""Party names and abbreviations, from the data file `rules/parties.json`.

A party is written `(S)`, `(s)`, `(KD)`, `FP` (Liberalerna before 2015) or in words.
A local party has no entry in the data: it is recognised when a document puts its
abbreviation after the names of at least two different persons, as councillors' parties
are written; `(-)` marks a councillor without party, never a party called "-".
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _rules() -> dict[str, dict[str, list[str]] | list[str]]:
    text = resources.files("protosearch.tag").joinpath("rules/parties.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _abbreviation_map() -> dict[str, str]:
    rules = _rules()["abbreviations"]
    assert isinstance(rules, dict)
    return {alias: party for party, aliases in rules.items() for alias in aliases}


@lru_cache(maxsize=1)
def name_map() -> dict[str, str]:
    """Full party names (lower case) to abbreviation, with their genitive forms."""
    rules = _rules()["names"]
    assert isinstance(rules, dict)
    out = {}
    for party, names in rules.items():
        for name in names:
            out[name] = party
            out[name + "s"] = party
    return out


def written_bare() -> dict[str, str]:
    """Abbreviations that name their party outside parentheses, as written ('SDP'), to the party."""
    return {alias: _abbreviation_map()[alias] for alias in _rules()["written_bare"]}


@lru_cache(maxsize=1)
def not_parties() -> frozenset[str]:
    return frozenset(str(x) for x in _rules()["not_parties"])


@lru_cache(maxsize=1)
def _firms() -> frozenset[str]:
    return frozenset(str(x) for x in _rules()["firms"])


def is_firm(token: str) -> bool:
    """'(EY)', '(PwC)': a consultant's firm after the name, where a councillor's party would stand."""
    return token.strip().upper() in _firms()


def is_independent(token: str) -> bool:
    """'(-)', '(obunden)', and '(f.d. M)': a member who left the party and sits outside any."""
    t = token.strip()
    return t in {"-", "–", "—", "obunden", "partilös", "PL"} or bool(re.match(r"f\.?[ ]?d\.?[ ]", t))


def canonical(token: str) -> str | None:
    """The abbreviation of a known party written in any case or in words, else None."""
    t = token.strip().strip("()").strip()
    if not t or is_independent(t):
        return None
    known = _abbreviation_map().get(t.upper())
    if known:
        return known
    return name_map().get(t.lower())


def query_party(token: str) -> str:
    """What a user's `--party` value means: a known party's abbreviation, else the value itself."""
    return canonical(token) or token.strip().strip("()")


_LOCAL_PARTY_NAME = re.compile(r"\b(?:[A-ZÅÄÖ][a-zåäö]+partiet|Kommunens väl|[A-ZÅÄÖ][a-zåäö]+s väl)\b")


def local_party_names(text: str) -> list[str]:
    """Local parties named in words ('Örebropartiet', 'Kommunens väl'), not the national ones."""
    names = name_map()
    return list(dict.fromkeys(m.group(0) for m in _LOCAL_PARTY_NAME.finditer(text) if m.group(0).lower() not in names))


def could_be_local_party(token: str) -> bool:
    """An unknown abbreviation that may be a local party: 1-6 letters, not a known non-party."""
    t = token.strip()
    return (
        1 <= len(t) <= 6  # Göteborg's Demokraterna write (D)
        and t.replace("Ä", "").replace("Å", "").replace("Ö", "").isalpha()
        and t[0].isupper()
        and t.upper() not in not_parties()
        and not is_firm(t)
    )
