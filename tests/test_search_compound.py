"""Compound splitting and lemmas on the real Swedish word list of the package hunspell-sv."""

from __future__ import annotations

import os

import pytest

from protosearch import lexicon
from protosearch.lexicon import dictionary_path, lemma, split
from protosearch.index.analysis import part_stem


@pytest.mark.parametrize(("word", "parts"), [
    ("vattenledningsnätet", ("vattenledning", "nätet")),
    ("vattenledning", ("vatten", "ledning")),
    ("äldreboendeplatser", ("äldreboende", "platser")),
    ("konkurrensutsättande", ("konkurrens", "utsättande")),
    ("busshållplatser", ("buss", "hållplatser")),
    ("habiliteringsersättningen", ("habilitering", "ersättningen")),
    ("kompetensförsörjningsplan", ("kompetens", "försörjning", "plan")),
    ("skolskjutsen", ("skol", "skjutsen")),
])
def test_compounds_split_into_dictionary_parts(word: str, parts: tuple[str, ...]) -> None:
    assert split(word) == parts


@pytest.mark.parametrize("word", ["kommunen", "protokollet", "beslutade", "Alingsås", "TEN", "2026"])
def test_simple_words_and_non_words_do_not_split(word: str) -> None:
    assert split(word) is None


def test_the_heads_in_memory_split_as_the_file_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest splits with every head form in memory, a search looks each up in the file."""
    words = ["vattenledningsnätet", "kompetensförsörjningsplan", "skolskjutsen", "busshållplatser", "kommunen"]
    uncached = split.__wrapped__  # type: ignore[attr-defined]
    monkeypatch.setattr(lexicon, "_all_heads", None)
    from_file = [uncached(w) for w in words]
    lexicon.load_heads()
    assert lexicon._all_heads is not None and len(lexicon._all_heads) > 40_000
    assert [uncached(w) for w in words] == from_file == [
        ("vattenledning", "nätet"), ("kompetens", "försörjning", "plan"), ("skol", "skjutsen"),
        ("buss", "hållplatser"), None]


def test_forms_of_one_compound_meet_in_the_parts_field() -> None:
    assert [part_stem(p) for p in split("konkurrensutsättning") or ()] == [
        part_stem(p) for p in split("konkurrensutsättande") or ()]


@pytest.mark.parametrize(("form", "word"), [
    ("underskottet", "underskott"), ("sjukfrånvaron", "sjukfrånvaro"), ("platser", "plats"),
    ("beslutade", "besluta"), ("får", "får"), ("far", "far"), ("ensamkommande", "ensamkommande"),
])
def test_lemmas_from_the_word_list(form: str, word: str) -> None:
    assert lemma(form) == word


def test_the_word_list_comes_from_the_package() -> None:
    assert dictionary_path().name == "sv_SE.dic"


def test_a_forked_process_opens_its_own_word_list_connection() -> None:
    # the ingest's fork server reads the word list before it forks the workers
    parent = lexicon._connection()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        child = lexicon._connection()
        ok = child is not parent and split("bostadsbolaget") == ("bostad", "bolaget")
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
