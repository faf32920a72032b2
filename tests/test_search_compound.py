"""Compound splitting and lemmas on the real Swedish word list of the package hunspell-sv."""

from __future__ import annotations

import pytest

from protosearch.compound import dictionary_path, lemma, split
from protosearch.index import part_stem


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
