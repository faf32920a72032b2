"""The Swedish word list (the Hunspell dictionary of the package hunspell-sv): compound
splitting and lemmas for the index, and whether a word is Swedish at all for extraction's check
of damaged text layers.

`vattenledningsnätet` is `vattenledning` + `nätet`: a compound is one or more head parts
(words the dictionary allows first or in the middle of a compound, with their linking forms:
`lednings`, `skol`, `ränte`) followed by one final part (any inflected form of a word that may
end a compound). Among the segmentations the one with the fewest parts wins. The same list
gives each inflected form its word (`lemma("underskottet") == "underskott"`).

Expanding the dictionary's suffix rules takes seconds, so the expanded forms are kept in a
SQLite file in the user's cache folder, keyed by the dictionary file: a read command opens it
and looks up the few forms a query needs, without loading the word list. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import sys
import sysconfig
import tempfile
from functools import lru_cache
from pathlib import Path

_CACHE_FORMAT = "5"
MIN_PART = 3  # shorter parts ("ek", "in") make more false splits than true ones
MAX_PARTS = 4  # COMPOUNDWORDMAX of the dictionary
MIN_WORD = 6  # two parts of three letters


class WordListMissing(Exception):
    """The Swedish word list (package hunspell-sv) is not installed where we look for it."""


def dictionary_path() -> Path:
    """The hunspell-sv `sv_SE.dic`: from PROTOSEARCH_WORDLIST, this Python's prefix, or the system."""
    override = os.environ.get("PROTOSEARCH_WORDLIST")
    if override:
        candidates = [Path(override)]
    else:
        prefixes = [sysconfig.get_path("data"), sys.prefix, sys.base_prefix, "/usr/local", "/usr"]
        candidates = [Path(p) / "share" / "hunspell" / "sv_SE.dic" for p in dict.fromkeys(prefixes)]
    for c in candidates:
        if c.is_file() and c.with_suffix(".aff").is_file():
            return c
    raise WordListMissing(
        "the Swedish word list for compound splitting is missing: install the package "
        "hunspell-sv (`pip install hunspell-sv`) or set PROTOSEARCH_WORDLIST to a sv_SE.dic"
    )


_Rule = tuple[str, str, str, "re.Pattern[str]"]  # strip, add, continuation flags, condition


def _suffix_rules(aff: str) -> tuple[dict[str, list[_Rule]], dict[str, str]]:
    """SFX rules by flag, and the compound flags the .aff names (COMPOUNDBEGIN X ...)."""
    rules: dict[str, list[_Rule]] = {}
    options: dict[str, str] = {}
    for line in aff.splitlines():
        f = line.split()
        if len(f) == 2 and f[0].isupper():
            options[f[0]] = f[1]
        if len(f) < 5 or f[0] != "SFX":
            continue
        flag, strip, add_cont, cond = f[1], f[2], f[3], f[4]
        add, _, cont = add_cont.partition("/")
        try:
            pattern = re.compile(f"(?:{cond})$")
        except re.error:
            continue
        rules.setdefault(flag, []).append(
            ("" if strip == "0" else strip, "" if add == "0" else add, cont, pattern))
    return rules, options


def _expand(dic: str, aff: str) -> dict[str, tuple[str | None, bool, str | None]]:
    """Every form: (the word it heads a compound for, may it end one, the word it is a form of)."""
    rules, opt = _suffix_rules(aff)
    begin, middle, end = opt.get("COMPOUNDBEGIN", "X"), opt.get("COMPOUNDMIDDLE", "U"), opt.get("COMPOUNDEND", "Y")
    not_alone = {opt.get("ONLYINCOMPOUND", "Z"), opt.get("NEEDAFFIX", "¤"), opt.get("FORBIDDENWORD", "%")}
    heads: dict[str, str] = {}
    ends: set[str] = set()
    lemmas: dict[str, str] = {}
    bases: set[str] = set()
    for line in dic.splitlines()[1:]:
        word, _, flags = line.split("\t")[0].strip().partition("/")
        word = word.lower()
        if len(word) < MIN_PART - 1 or not word.isalpha():
            continue
        if not not_alone.intersection(flags):
            bases.add(word)
        if begin in flags or middle in flags:
            heads.setdefault(word, word)
        if end in flags:
            ends.add(word)
        for flag in flags:
            for strip, add, cont, cond in rules.get(flag, ()):
                if not word.endswith(strip) or not cond.search(word):
                    continue
                form = word[: len(word) - len(strip)] + add
                if len(form) < MIN_PART or not form.isalpha():
                    continue
                if begin in cont or middle in cont:
                    heads.setdefault(form, word)  # a linking form: "lednings", "skol", "ränte"
                elif not cont:
                    lemmas.setdefault(form, word)  # an inflected form: "underskottet" of "underskott"
                    if end in flags:
                        ends.add(form)  # ... of a word that may end a compound
    for base in bases:
        lemmas[base] = base  # a word of its own is its own lemma ("får" the sheep is not "få")
    forms = set(heads) | ends | set(lemmas)
    return {f: (heads.get(f), f in ends, lemmas.get(f)) for f in forms if len(f) >= MIN_PART}


def _cache_file(dic: Path) -> Path:
    """sv-compounds-PLACE-VERSION.sqlite: one cache per installed dictionary (each virtual
    environment has its own copy), replaced when that dictionary or the cache format changes."""
    stat = dic.stat()
    place = hashlib.sha256(str(dic.resolve()).encode()).hexdigest()[:8]
    version = hashlib.sha256(f"{_CACHE_FORMAT}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:8]
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "protosearch" / f"sv-compounds-{place}-{version}.sqlite"


def _build(dic: Path, target: Path) -> None:
    forms = _expand(dic.read_text("utf-8", errors="replace"),
                    dic.with_suffix(".aff").read_text("utf-8", errors="replace"))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, is_end INTEGER, lemma TEXT) WITHOUT ROWID")
        con.executemany("INSERT INTO forms VALUES (?, ?, ?)",
                        sorted((f, int(e), lem) for f, (_, e, lem) in forms.items() if e or lem))
        con.execute("CREATE TABLE heads (form TEXT PRIMARY KEY, head TEXT) WITHOUT ROWID")
        con.executemany("INSERT INTO heads VALUES (?, ?)", sorted((f, h) for f, (h, _, _) in forms.items() if h))
        con.commit()
    finally:
        con.close()
    tmp.replace(target)  # atomic: a concurrent reader sees the whole file or none
    place = target.name.rsplit("-", 1)[0]
    for old in target.parent.glob("sv-compounds-*.sqlite"):
        if old != target and old.name.startswith(place + "-"):
            old.unlink(missing_ok=True)  # built from an older copy of this dictionary or by another format


@lru_cache(maxsize=1)
def _connection() -> sqlite3.Connection:
    dic = dictionary_path()
    cache = _cache_file(dic)
    if not cache.exists():
        try:
            _build(dic, cache)
        except OSError:  # no writable home: the temporary folder will do
            cache = Path(tempfile.gettempdir()) / f"protosearch-{os.getuid()}" / cache.name
            if not cache.exists():
                _build(dic, cache)
    return sqlite3.connect(f"file:{cache}?mode=ro", uri=True, check_same_thread=False)


# A SQLite connection must not be used across a fork: a forked worker opens its own.
os.register_at_fork(after_in_child=_connection.cache_clear)


@lru_cache(maxsize=200_000)
def _form(form: str) -> tuple[bool, str | None]:
    """Whether `form` may end a compound, and the word it is a form of."""
    row = _connection().execute("SELECT is_end, lemma FROM forms WHERE form = ?", (form,)).fetchone()
    return (bool(row[0]), row[1]) if row else (False, None)


@lru_cache(maxsize=200_000)
def _head_row(form: str) -> str | None:
    row = _connection().execute("SELECT head FROM heads WHERE form = ?", (form,)).fetchone()
    return row[0] if row else None


_all_heads: dict[str, str] | None = None  # every head form, once `load_heads()` has run


def load_heads() -> None:
    """Keep every form that may begin a compound in memory (~50,000, read in about 0.1 s).

    Splitting tries each beginning of a word and most are no form at all: an ingest, which
    splits tens of thousands of words, looks them up here instead of querying the file
    each time; a search, which splits a few, does not pay for the reading.
    """
    global _all_heads
    if _all_heads is None:
        _all_heads = dict(_connection().execute("SELECT form, head FROM heads"))


def _head(form: str) -> str | None:
    """The word that `form` stands for at the beginning of a compound, or None."""
    return _all_heads.get(form) if _all_heads is not None else _head_row(form)


def lemma(word: str) -> str:
    """The dictionary word that `word` (lower case) is a form of, or `word` itself when unknown."""
    if len(word) < MIN_PART or not word.isalpha():
        return word
    return _form(word)[1] or word


def _segment(word: str, parts_left: int, *, whole: bool = True) -> list[str] | None:
    """The fewest parts that spell `word`: heads as dictionary words, then one end as written."""
    if whole and _form(word)[0]:
        return [word]
    if parts_left <= 1:
        return None
    best: list[str] | None = None
    for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):  # longest head first
        base = _head(word[:i])
        if base is None:
            continue
        rests = [word[i:]]
        if word[i - 1] == word[i - 2] and word[i] != word[i - 1]:
            rests.append(word[i - 1] + word[i:])  # "fall" + "lucka" is written "fallucka"
        for rest in rests:
            tail = _segment(rest, parts_left - 1)
            if tail is not None and (best is None or len(tail) + 1 < len(best)):
                best = [base, *tail]
                if len(best) == 2:
                    return best
    return best


@lru_cache(maxsize=100_000)
def split(word: str) -> tuple[str, ...] | None:
    """The parts of a compound (heads as dictionary words, the last part as written), or None."""
    w = word.lower()
    if len(w) < MIN_WORD or not w.isalpha():
        return None
    parts = _segment(w, MAX_PARTS, whole=False)
    return tuple(parts) if parts else None


def is_word(word: str) -> bool:
    """Whether `word` (lower case) is Swedish: a form in the list, or a compound of its parts."""
    may_end, lemma_of = _form(word)
    return may_end or lemma_of is not None or split(word) is not None
