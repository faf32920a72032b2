"""Case numbers (diarienummer): find them in text and map every spelling of one case to one key.

The key is `SERIES YEAR-SERIAL` (series letters upper case, serial without leading zeros,
classification or document suffix dropped): `AMN 2019-0540-1.3`, `amn 2019/540` and
`AMN-2019-0540` all become `AMN 2019-540`; `2026.072 TEN` becomes `TEN 2026-72`.
Numbers without series letters keep their digit groups, year first: `0733/21` -> `2021-733`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from protosearch.records import CaseNumber

_DASH = r"[-‐–—/.:]"
# two series words only before a separator: "KS KF/2024:11" (never "IOP AMN 2019-0498")
# or a capitalised series right before a slash: "Bun/2016:136" (Jönköping)
_SERIES = r"(?:[A-ZÅÄÖ]{2,6}(?:[ ][A-ZÅÄÖ]{2,6}(?=[/:-]))?|[A-ZÅÄÖ][a-zåäö]{1,5}(?=/))"
# Upper-case words that precede years and numbers but are not diary series.
_NOT_SERIES = {
    "SFS", "SOU", "TSFS", "PROP", "DS", "LPN", "NR", "DNR", "TEL", "FAX", "ORG", "SIDA", "SID",
    "DATUM", "BILAGA", "KL", "CIRKULÄR", "AFS", "HSLF", "SKLFS", "BFS", "FS", "ISBN", "ISO",
    "EU", "EG", "EUR", "SEK", "KR", "MSEK", "TKR", "MKR", "KAP", "LSS", "SOL", "HSL", "PBL",
    "ÅR", "ÅK", "VECKA", "V", "MOM", "PUNKT", "ART", "ID", "OCH", "EL", "VA", "FÖRORDNING",
    "JAN", "FEB", "MARS", "APRIL", "MAJ", "JUNI", "JULI", "AUG", "SEPT", "OKT", "NOV", "DEC",  # Mars/2020
}
_DNR_PREFIX = r"(?i:\b(?:dnr|diarienummer|diarienr|diarie\s*nr|ärendenummer|ärendenr|(?:vår\s+)?beteckning)\b\.?\s*:?\s*)"

_CASE = re.compile(
    rf"""
    # a match starts with a label's first letter, a series letter or a digit: the scan skips other places at once
    (?=[A-ZÅÄÖ\dDdÄäBbVv])
    (?P<prefix>{_DNR_PREFIX})?
    (?:
      # series first: AMN 2019-0540-1.3, ASN-2023-6069, KS 2020/123, Dnr:BN/2009.14, KS KF/2024:11
      (?<![\w§])(?P<series1>{_SERIES})\s*{_DASH}?\s*
      (?P<year1>(?:19|20)\d\d)\s*{_DASH}\s*(?P<serial1>\d{{1,6}})(?![\d])
      (?P<suffix1>(?:-\d{{1,4}}(?:\.\d{{1,3}})*)|(?:\.\d{{1,3}})+)?
    | # series/serial/filing code/year, as Finnish municipalities write them: NKBY/497/12.03.01/2022
      (?<![\w§])(?P<series3>[A-ZÅÄÖ]{{2,6}})/(?P<serial3>\d{{1,6}})/(?:\d{{1,3}}(?:\.\d{{1,3}})*/)?(?P<year3>(?:19|20)\d\d)(?![\d])
    | # year.serial then series: 2021.114 KS, 2026.072 TEN (the series may wrap to the next line)
      (?<![\w.§])(?P<year2>(?:19|20)\d\d)\.[ ]?(?P<serial2>\d{{1,5}})\s+(?P<series2>[A-ZÅÄÖ]{{2,6}})\b
    | # bare numbers, after a Dnr label (106-1964/2017, 2024-316, 0733/21, 5475-2026) or in
      # parentheses after a case's title: "strandskyddsdispens för carport (2026-0142)"
      (?<=[\s:(])(?P<bare>\d{{1,6}}(?:\s*[-–/.:]\s*\d{{1,6}}){{1,2}})(?![\d])
    )
    """,
    re.VERBOSE,
)
# year-serial alone in parentheses; not a span of years "(2019-2022)", not a month "(2026-06)"
_IN_PARENTHESES = re.compile(r"\((?:19|20)\d\d-(?!(?:19|20)\d\d\))\d{3,6}\)")
# a year and a serial padded to five digits, as diary systems print them in an agenda's
# Beteckning column ('2023-00250'): no date, phone or organisation number has that shape
_PADDED_SERIAL = re.compile(r"(?:19|20)\d\d-0\d{4}")
_DATE_LIKE = re.compile(r"^(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$")
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:sfs|sou|tsfs|prop|ds|lpn|cirkulär|kf|ks)\s*(?:nr\.?)?\s*:?\s*$|§\s*$|\bkap\.?\s*$)",
    re.IGNORECASE,
)


def _is_period(year: str, serial: str) -> bool:
    """'2019-2021': a serial that is a later year, unpadded, within ten years of the first."""
    return len(serial) == 4 and serial[0] != "0" and 0 < int(serial) - int(year) <= 10


def _year(group: str) -> int | None:
    n = int(group)
    if len(group) == 4 and 1950 <= n <= 2099:
        return n
    if len(group) == 2:
        return 2000 + n if n < 50 else 1900 + n
    return None


def normalize_parts(series: str, year: int | None, numbers: list[int]) -> str:
    series = " ".join(series.upper().split())
    digits = "-".join(str(n) for n in ([year] if year else []) + numbers)
    return f"{series} {digits}".strip()


def _bare_key(text: str) -> str | None:
    """Digit groups of a number found after a Dnr label, year first, or None if not a case number."""
    groups = re.findall(r"\d+", text)
    if len(groups) < 2:
        return None
    # the year stands first or last; of two candidates the later year wins (106-1964/2017)
    ends = [i for i in {0, len(groups) - 1} if len(groups[i]) == 4 and _year(groups[i])]
    year_at = max(ends, key=lambda i: int(groups[i]), default=None)
    if year_at is None and len(groups) == 2 and len(groups[1]) == 2:
        year_at = 1  # 0733/21: a two-digit year after the serial
    if year_at is None:
        return None
    year = _year(groups[year_at])
    rest = [int(g) for i, g in enumerate(groups) if i != year_at]
    return normalize_parts("", year, rest)


def find_case_numbers(text: str) -> Iterator[tuple[int, int, CaseNumber]]:
    """Yield (start, end, CaseNumber) for every case number written in `text`."""
    for m in _CASE.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if m.group("bare"):
            if not (m.group("prefix") or _IN_PARENTHESES.fullmatch(text, m.start() - 1, m.end() + 1)
                    or _PADDED_SERIAL.fullmatch(m.group("bare"))):
                continue
            if _DATE_LIKE.match(m.group("bare").replace(" ", "")):
                continue
            key = _bare_key(m.group("bare"))
            if key is None:
                continue
        else:
            series = m.group("series1") or m.group("series2") or m.group("series3")
            if any(w.upper() in _NOT_SERIES or w.upper().endswith("FS") for w in series.split()):
                continue  # ... and a statute book (författningssamling): 'SKOLFS 2011:142'
            n = next(i for i in "123" if m.group("series" + i))
            year, serial = m.group("year" + n), m.group("serial" + n)
            candidate = f"{year}-{serial}{m.group('suffix1') or ''}"
            if _DATE_LIKE.match(candidate[:10]) and len(serial) == 2:
                continue  # ASN 2023-05-03 is a date
            if _is_period(year, serial):
                continue  # 'VIP 2022–2024' is a programme's years
            if not m.group("prefix") and _REFERENCE_BEFORE.search(before):
                continue
            key = normalize_parts(series, int(year), [int(serial)])
        raw = " ".join(m.group(0).split())
        yield m.start(), m.end(), CaseNumber(raw=raw, normalized=key)


def normalize_case_number(text: str) -> str | None:
    """The key of a case number as a user types it ('ks 2018/0124', 'AMN 2019 540'), or None."""
    text = " ".join(text.strip().split())
    text = re.sub(rf"^{_DNR_PREFIX}", "", text, flags=re.IGNORECASE).strip()
    if re.fullmatch(r"\d{1,6}(?:\s*[-–/.:]\s*\d{1,6}){1,2}", text):
        return _bare_key(text)  # no series: '106-1964/2017', '0733/21'
    m = re.fullmatch(
        r"(?P<s1>[A-Za-zÅÄÖåäö]{2,6}(?:\s[A-Za-zÅÄÖåäö]{2,6})?)?\s*[-–/:]?\s*"
        r"(?P<year>(?:19|20)\d\d)\s*[-–/.:\s]\s*(?P<serial>\d{1,6})"
        r"(?:[-.]\d{1,4}(?:\.\d{1,3})*)?\s*(?P<s2>[A-Za-zÅÄÖåäö]{2,6})?",
        text,
    )
    if m and not (m.group("s1") and m.group("s2")):
        series = m.group("s1") or m.group("s2") or ""
        if series.upper() in _NOT_SERIES:
            return None
        return normalize_parts(series, int(m.group("year")), [int(m.group("serial"))])
    return None


def case_numbers_in(text: str) -> tuple[CaseNumber, ...]:
    """Distinct spellings in order of appearance."""
    seen: dict[str, CaseNumber] = {}
    for _, _, c in find_case_numbers(text):
        seen.setdefault(c.raw, c)
    return tuple(seen.values())
