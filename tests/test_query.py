"""The query language parser: plain strings in, a query tree or a one-line QuerySyntaxError out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protosearch.index.query import (
    And, CaseRef, DateRange, Field, Not, Or, Phrase, QuerySyntaxError, Term, date_range, parse,
)


def test_words_are_an_implicit_and() -> None:
    assert parse("ungdomsmottagning avgift") == And((Term("ungdomsmottagning"), Term("avgift")))


def test_or_binds_looser_than_and() -> None:
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))


def test_explicit_and_is_marked() -> None:
    assert parse("a AND b") == And((Term("a"), Term("b")), explicit=True)


@pytest.mark.parametrize("text", ["NOT vindkraft", "-vindkraft"])
def test_not(text: str) -> None:
    assert parse(text) == Not(Term("vindkraft"))


def test_phrase_prefix_fuzzy_and_grouping() -> None:
    assert parse('"särskilt uttalande" detaljplan* kompetens~ (x OR y)') == And((
        Phrase("särskilt uttalande"), Term("detaljplan", prefix=True), Term("kompetens", fuzzy=1),
        Or((Term("x"), Term("y"))),
    ))


@pytest.mark.parametrize(("text", "expected"), [
    ("parti:S", Field("party", "S")),
    ("party:s", Field("party", "S")),
    ("parti:Vänsterpartiet", Field("party", "V")),
    ('parti:"Miljöpartiet de gröna"', Field("party", "MP")),
    ('person:"Anna Andersson"', Field("person", "Anna Andersson")),
    ("typ:protokoll", Field("type", "protokoll")),
    ("type:motioner", Field("type", "motion")),
    ("uttalande:reservationer", Field("statement", "reservation")),
    ('statement:"särskilt yttrande"', Field("statement", "särskilt uttalande")),
    ('dnr:"KS 2018/124"', Field("case", "KS 2018-124")),
    ("dnr:KS 2018/124", Field("case", "KS 2018-124")),
    ("case:ks-2018-0124", Field("case", "KS 2018-124")),
    ("nämnd:socialnämnden", Field("committee", "socialnämnden")),
    ("committee:socialnämnden", Field("committee", "socialnämnden")),
    ("kommun:Alingsås", Field("municipality", "Alingsås")),
    ("datum:2019-01-01..2020-06-30", DateRange("2019-01-01", "2020-06-30")),
    ("date:2019", DateRange("2019-01-01", "2019-12-31")),
    ("datum:2020-02", DateRange("2020-02-01", "2020-02-29")),
    ("datum:..2020-06-30", DateRange(None, "2020-06-30")),
    ("paragraf:7", Field("section", "§ 7")),
])
def test_fields_with_swedish_names_and_english_aliases(text: str, expected: object) -> None:
    assert parse(text) == expected


def test_field_values_over_several_parties() -> None:
    assert parse("parti:(S OR Centerpartiet) budget") == And((
        Or((Field("party", "S"), Field("party", "C"))), Term("budget")))


@pytest.mark.parametrize(("text", "key"), [
    ("KS 2018-124", "KS 2018-124"),
    ("ks 2018/0124", "KS 2018-124"),
    ("KS-2018-124", "KS 2018-124"),
    ("2018/124", "2018-124"),
    ("ASN 2023 6069", "ASN 2023-6069"),
    ("2026.057 BUN", "BUN 2026-57"),
    ("dnr 106-1964-2017", "2017-106-1964"),
])
def test_a_case_number_in_any_spelling_becomes_one_case_ref(text: str, key: str) -> None:
    node = parse(text)
    assert isinstance(node, CaseRef)
    assert node.key == key


def test_a_case_number_among_words_keeps_the_words() -> None:
    node = parse("BUN 2026-57 övergångsregel skolskjutsen")
    assert isinstance(node, And)
    assert node.items[0] == CaseRef("BUN 2026-57", (Term("BUN"), Term("2026-57")))
    assert node.items[1:] == (Term("övergångsregel"), Term("skolskjutsen"))


@pytest.mark.parametrize("text", ["TSFS 2024:57 felparkering", "Ingared 4:101", "budget 2019 2020"])
def test_references_and_property_names_are_not_case_numbers(text: str) -> None:
    assert not any(isinstance(n, CaseRef) for n in getattr(parse(text), "items", ()))


def test_an_unknown_field_name_is_an_ordinary_word() -> None:
    assert parse("x:y") == Term("x:y")


@pytest.mark.parametrize("text", ["", "   ", "§", "* ~"])
def test_nothing_to_search_for(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(("text", "message"), [
    ("(a", "a parenthesis is not closed: add ')'"),
    ("a)", "unexpected ')': a ')' without its '('"),
    ('"abc', "a quote is not closed: '\"abc'"),
    ("a OR", "OR needs a search term after it"),
    ("AND b", "AND needs a search term on both sides"),
    ("NOT", "NOT needs a search term after it"),
    ("parti:", "parti: needs a value, e.g. parti:V"),
    ("typ:foo", "unknown document type 'foo' in typ: (one of protokoll, protokollsutdrag, tjänsteutlåtande, "
                "tjänsteskrivelse, motion, nämndinitiativ, remissvar, kallelse, other)"),
    ("dnr:hej", "'hej' in dnr: is not a case number (e.g. dnr:\"KS 2018/124\")"),
    ("datum:2019-13", "'2019-13' in datum: is not a date in the calendar"),
    ("datum:2020..2019", "datum:2020..2019 ends before it starts"),
])
def test_malformed_queries_say_what_to_change(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as e:
        parse(text)
    assert str(e.value) == message


def test_date_range_of_a_month_ends_on_its_last_day() -> None:
    assert date_range("2019-02") == ("2019-02-01", "2019-02-28")


_QUERYISH = st.lists(st.sampled_from([
    "a", "får", "KS", "2018", "124", "2018/124", "(", ")", '"', "*", "~", "~2", "-", ":", "..", "AND", "OR",
    "NOT", "parti:", "dnr:", "datum:", "typ:", "uttalande:", "nämnd:", "person:", "§", "\n", " ", "\t", "é",
]), max_size=14).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), _QUERYISH, _QUERYISH.map(lambda s: s.replace(" ", ""))))
def test_any_text_parses_or_raises_only_a_one_line_query_syntax_error(text: str) -> None:
    try:
        parse(text)
    except QuerySyntaxError as e:
        message = str(e)
        assert message and "\n" not in message and "\r" not in message
