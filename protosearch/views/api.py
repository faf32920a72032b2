"""What `--json` prints and the web API returns: one function per view, one dict each.

The CLI (`protosearch.cli.commands`) and the web application (`protosearch.web`) both call
these functions and print or serve their result unchanged, so the two cannot drift apart.
A value that cannot be read (a query, a date, a case number, a document type) raises a
`QuerySyntaxError` (a `BadValue` names the option): exit 2 in the CLI, 400 on the web.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from protosearch.index import Filters, QuerySyntaxError, SearchIndex


class BadValue(QuerySyntaxError):
    """An option's value that cannot be read; `option` is its CLI name (`--from`, `--case`, ...)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message


def make_filters(*, party: Sequence[str] = (), person: str | None = None, case_number: str | None = None,
                 committee: str | None = None, municipality: str | None = None, date_from: str | None = None,
                 date_to: str | None = None, doc_type: str | None = None, kind: str | None = None) -> Filters:
    """The Filters of the listing commands' options; a bad value raises BadValue naming its option."""
    from protosearch.index.query import day, field_node
    from protosearch.tag.casenumbers import normalize_case_number

    dates = {}
    for label, value, end in (("--from", date_from, False), ("--to", date_to, True)):
        try:
            dates[label] = day(value, end=end, label=label) if value else None
        except QuerySyntaxError as e:
            raise BadValue(label, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from e
    case_key = None
    if case_number:
        case_key = normalize_case_number(case_number)
        if case_key is None:
            raise BadValue("--case", f"{case_number!r} does not look like a case number")
    for label, name, value in (("--doc-type", "type", doc_type), ("--kind", "statement", kind)):
        if value:
            try:
                field_node(name, value)
            except QuerySyntaxError as e:
                raise BadValue(label, str(e)) from e
    return Filters(parties=tuple(p for p in party if p), person=person or None, doc_type=doc_type or None,
                   statement=kind or None, case=case_key, committee=committee or None,
                   municipality=municipality or None, date_from=dates["--from"], date_to=dates["--to"])


def search(idx: SearchIndex, query: str, filters: Filters, *, sort: str = "relevance", offset: int = 0,
           limit: int = 10) -> dict[str, Any]:
    """`search --json`: {"total", "sections", "hits", ["did_you_mean"]}."""
    result = idx.search(query, filters, limit=limit, offset=offset, sort=sort)
    out: dict[str, Any] = {"total": result.total, "sections": result.sections,
                           "hits": [h.to_dict() for h in result.hits]}
    if result.did_you_mean:
        out["did_you_mean"] = result.did_you_mean
    return out


def show(idx: SearchIndex, uid: str) -> dict[str, Any] | None:
    """`show --json`: one document or § unit with its tags and text, or None for an unknown id."""
    return idx.get(uid)


def case_key(dnr: str) -> str:
    """The normalised case number of `dnr` in any spelling; BadValue when it is none."""
    from protosearch.tag.casenumbers import normalize_case_number

    key = normalize_case_number(dnr)
    if key is None:
        raise BadValue("DNR", f"{dnr!r} does not look like a case number (e.g. 'KS 2018/124')")
    return key


def case(idx: SearchIndex, dnr: str) -> dict[str, Any]:
    """`case --json`: {"case", "timeline"}."""
    from protosearch.views.timeline import case_timeline

    key = case_key(dnr)
    return {"case": key, "timeline": [e.to_dict() for e in case_timeline(idx, key)]}


def statements(idx: SearchIndex, query: str, filters: Filters, *, limit: int = 0) -> dict[str, Any]:
    """`statements --json`: {"total", "statements"}; party, person and kind choose the statements."""
    from protosearch.views.statementlist import find_statements

    of_sections = replace(filters, parties=(), person=None, statement=None)
    rows = [r.to_dict() for r in find_statements(idx, query, of_sections, parties=filters.parties,
                                                 person=filters.person, kind=filters.statement)]
    return {"total": len(rows), "statements": rows[:limit] if limit else rows}


def stats(idx: SearchIndex, query: str, filters: Filters, *, by: str, counted: str = "documents") -> dict[str, Any]:
    """`stats --json`: {"documents", "sections", "statements", "by", "counted", "counts"}."""
    from protosearch.views.facets import COUNTED, FACETS, facet_counts

    if by not in FACETS:
        raise BadValue("--by", f"{by!r} cannot be counted by: one of {', '.join(FACETS)}")
    if counted not in COUNTED:
        raise BadValue("--count", f"{counted!r} cannot be counted: one of {', '.join(COUNTED)}")
    return facet_counts(idx, query, filters, by, counted=counted).to_dict()
