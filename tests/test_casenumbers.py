"""Case numbers: every spelling of a case maps to one key; look-alikes are not case numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protosearch.tag.casenumbers import case_numbers_in, normalize_case_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AMN 2019-0540-1.3", [("AMN 2019-0540-1.3", "AMN 2019-540")]),
        ("ASN-2023-6069 och ASN 2021–4461", [("ASN-2023-6069", "ASN 2023-6069"), ("ASN 2021–4461", "ASN 2021-4461")]),
        ("Dnr 106-1964/2017", [("Dnr 106-1964/2017", "2017-106-1964")]),
        ("§ 26 2026.072 TEN", [("2026.072 TEN", "TEN 2026-72")]),
        ("2026.002 BUN-049 Delegationsbeslut", [("2026.002 BUN", "BUN 2026-2")]),
        ("se 2021.114\nKS i tabellen", [("2021.114 KS", "KS 2021-114")]),
        ("KFKS 2015/433-214", [("KFKS 2015/433-214", "KFKS 2015-433")]),
        ("DNR:BN/2009.14", [("DNR:BN/2009.14", "BN 2009-14")]),
        ("KS KF/2024:11", [("KS KF/2024:11", "KS KF 2024-11")]),
        ("Dnr 0733/21", [("Dnr 0733/21", "2021-733")]),
        ("Diarie nr: 2024-316", [("Diarie nr: 2024-316", "2024-316")]),
        ("Länsstyrelsens dnr: 5475-2026", [("dnr: 5475-2026", "2026-5475")]),
        ("2018.002 ÖN", [("2018.002 ÖN", "ÖN 2018-2")]),
        ("Beteckning: 2022. 071 SBN", [("Beteckning: 2022. 071 SBN", "SBN 2022-71")]),
        ("Beteckning: 2018-0117", [("Beteckning: 2018-0117", "2018-117")]),
        ("Lövekulle 1:26, strandskyddsdispens för carport (2026-0142)", [("2026-0142", "2026-142")]),
        ("1.  Information om förvaltningsbudget 2024  2023-00250", [("2023-00250", "2023-250")]),  # a Beteckning column
    ],
)
def test_found_and_normalised(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.raw, c.normalized) for c in case_numbers_in(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Telefon: 08-508 09 275", "Lpn: 2016-0912", "Cirkulär 19:32", "org.nr 212000-1234",
        "org.nr 212000\u20101234", "KF § 87", "SBN 180313, § 41", "SFS 2001:453", "TSFS 2024:57",
        "SOU 2026:4", "2 500 000 kronor", "Datum 2023-05-15", "ASN beredning 2023-05-03",
        "§ 67 KS 2026-04-13", "läsår 2027/2028", "planen (2019-2022)", "uppföljning (2026-06)", "(2026-06-01)", "INGARED 4:101", "skollagen (2010:800)",
        "SKOLFS 2011:142", "SOSFS 2011:9", "VIP 2022–2024", "VIP 2019 - 2021", "Telefon 0300-834000",
        "Bankgiro 5050-1055", "mellan 2023-2024",
    ],
)
def test_look_alikes_are_not_case_numbers(text: str) -> None:
    assert case_numbers_in(text) == ()


@pytest.mark.parametrize(
    "spelling", ["KS 2018/124", "KS 2018-124", "ks 2018/0124", "KS-2018-124", "Dnr KS 2018/124", "KS 2018 124"]
)
def test_every_spelling_has_one_key(spelling: str) -> None:
    assert normalize_case_number(spelling) == "KS 2018-124"


def test_series_after_the_number_and_before_it_agree() -> None:
    assert normalize_case_number("2026.072 TEN") == normalize_case_number("TEN 2026-72") == "TEN 2026-72"


def test_not_a_case_number_query() -> None:
    assert normalize_case_number("feriejobb civilsamhället") is None
    assert normalize_case_number("SFS 2001:453") is None


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    for case in case_numbers_in(text):
        assert normalize_case_number(case.normalized) == case.normalized
    key = normalize_case_number(text)
    if key is not None:
        assert normalize_case_number(key) == key


@pytest.mark.parametrize("text", ["Dnr 106-1964/2017", "Dnr 0733/21", "Diarie nr: 2024-316", "dnr: 5475-2026"])
def test_keys_without_series_are_stable(text: str) -> None:
    (case,) = case_numbers_in(text)
    assert normalize_case_number(case.normalized) == case.normalized
    assert normalize_case_number(case.raw) == case.normalized
