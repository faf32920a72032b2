"""The query language, parsed into a small tree that the index turns into its own queries.

    ungdomsmottagning avgift            words: all should match (AND is implied)
    skolskjuts OR skolskort             either
    NOT vindkraft, -vindkraft           not
    "särskilt uttalande"                a phrase
    detaljplan*  kompetensförsörjnig~   prefix, fuzzy (~2: two edits)
    (A OR B) C                          grouping
    parti:V  parti:Vänsterpartiet       field filters, Swedish names with English aliases
    person:"Anna Andersson"  typ:protokoll  uttalande:reservation  dnr:"KS 2018/124"
    nämnd:socialnämnden  kommun:Alingsås  datum:2019-01-01..2020-06-30  titel:budget

A case number typed among the words (`KS 2018-124`, `ks 2018/0124`, `2026.057 BUN`) becomes a
`CaseRef`; the index routes it to the exact case-number field when it knows that case. A query
the parser cannot read raises `QuerySyntaxError` with a one-line message, and nothing else.

A query's cost is bounded before the index sees it (`MAX_QUERY_CHARS`, `MAX_QUERY_TERMS`,
`MAX_QUERY_DEPTH`): a longer, wider or deeper one is refused with a `QueryTooCostly` (a
`QuerySyntaxError`, so a usage error for the CLI and a 400 for the web), never by a
`RecursionError`; the index bounds the time of what remains (`QUERY_SECONDS`).
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import date

from protosearch.tag.casenumbers import normalize_case_number
from protosearch.tag.parties import query_party
from protosearch.records import DOC_TYPES, STATEMENT_TYPES


class QuerySyntaxError(ValueError):
    """A query the parser cannot read; the message (one line) says what to change."""


class QueryTooCostly(QuerySyntaxError):
    """A query over one of the cost bounds (length, terms, nesting, time); the message says which."""


MAX_QUERY_CHARS = 1_000  # a query of ten sentences; a 1,000-word query is refused before it is read
MAX_QUERY_TERMS = 60  # words, phrases, fields and operators
MAX_QUERY_DEPTH = 20  # nested parentheses and NOTs
QUERY_SECONDS = 10.0  # the time one search may take before it is stopped (see store.SearchIndex.search)


class Deadline:
    """The time a search may still take; `check()` stops it with a QueryTooCostly once it is over."""

    def __init__(self, seconds: float | None = QUERY_SECONDS) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def passed(self) -> bool:
        return self.end is not None and time.monotonic() > self.end

    def check(self) -> None:
        if self.passed():
            raise QueryTooCostly(f"the query took more than {self.seconds:g} s and was stopped: use fewer or "
                                 "more specific words (fewer prefix* and fuzzy~ terms)")


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    fuzzy: int = 0  # edit distance, 0 for an exact word


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Field:
    name: str  # canonical: party, person, type, statement, case, committee, municipality, title, section
    value: str  # normalised: a party abbreviation, a case key, a document or statement type


@dataclass(frozen=True)
class DateRange:
    start: str | None  # YYYY-MM-DD, inclusive
    end: str | None


@dataclass(frozen=True)
class CaseRef:
    """A case number written among the words; `terms` are the words as typed, for a case the index lacks."""

    key: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]
    explicit: bool = False  # the user wrote AND: every item must match


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | Field | DateRange | CaseRef | And | Or | Not

FIELD_NAMES: dict[str, str] = {
    **dict.fromkeys(("parti", "party", "partier"), "party"),
    **dict.fromkeys(("person", "namn", "name"), "person"),
    **dict.fromkeys(("typ", "type", "doktyp", "dokumenttyp"), "type"),
    **dict.fromkeys(("uttalande", "statement", "uttalanden"), "statement"),
    **dict.fromkeys(("dnr", "case", "diarienummer", "ärende", "ärendenummer"), "case"),
    **dict.fromkeys(("nämnd", "namnd", "committee", "organ"), "committee"),
    **dict.fromkeys(("kommun", "municipality"), "municipality"),
    **dict.fromkeys(("datum", "date", "år", "year"), "date"),
    **dict.fromkeys(("titel", "title", "rubrik"), "title"),
    **dict.fromkeys(("paragraf", "section"), "section"),
}

_DOC_TYPE_WORDS: dict[str, str] = {
    **{t: t for t in DOC_TYPES},
    "minutes": "protokoll", "protokollet": "protokoll",
    "utdrag": "protokollsutdrag", "extract": "protokollsutdrag",
    "tjänsteskrivelser": "tjänsteskrivelse", "memo": "tjänsteskrivelse",
    "tjänsteutlåtanden": "tjänsteutlåtande", "motioner": "motion",
    "initiativ": "nämndinitiativ", "initiative": "nämndinitiativ", "remiss": "remissvar",
    "notice": "kallelse", "övrigt": "other", "övriga": "other",
}
_STATEMENT_WORDS: dict[str, str] = {
    **{t: t for t in STATEMENT_TYPES},
    "reservationer": "reservation", "reserverar": "reservation", "dissent": "reservation",
    "särskilt_uttalande": "särskilt uttalande", "särskilt-uttalande": "särskilt uttalande",
    "särskilda uttalanden": "särskilt uttalande", "särskilt yttrande": "särskilt uttalande",
    "uttalande": "särskilt uttalande", "yttrande": "särskilt uttalande",
    "ersättaryttranden": "ersättaryttrande", "protokollsanteckningar": "protokollsanteckning",
    "anteckning": "protokollsanteckning", "note": "protokollsanteckning",
    "yrkanden": "yrkande", "motion at the meeting": "yrkande",
}

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<quote>"[^"]*"?)                                   # a phrase (an unclosed one is reported)
    | (?P<field>[^\W\d_][\w]*):                              # a field name; known ones only, see _lex
    | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_CASE_SHAPE = re.compile(
    r"""(?ix)
      (?:dnr\.?:?\s*)?[^\W\d_]{2,6}\s*[-–/:]?\s*(?:19|20)\d\d\s*[-–/.:\s]\s*\d{1,6}(?:[-.]\d{1,4})*   # KS 2018/124
    | (?:19|20)\d\d\.\d{1,6}\s+[^\W\d_]{2,6}                                                # 2026.057 BUN
    """
)
_BARE_CASE = re.compile(r"(?i)(?:dnr\.?:?\s*)?\d{1,6}(?:\s*[-–/.:]\s*\d{1,6}){1,2}")
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class _Tok:
    kind: str  # open, close, quote, field, word, op
    text: str


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        assert m is not None  # the last alternative matches any non-space character
        kind, value, pos = m.lastgroup or "word", m.group(0), m.end()
        if kind == "space":
            continue
        if kind == "field" and value[:-1].lower() not in FIELD_NAMES:
            rest = _WORD_REST.match(text, pos)
            assert rest is not None
            kind, value, pos = "word", value + rest.group(0), rest.end()  # "TSFS:2024", "xyz:abc"
        if kind == "word" and value in _OPERATORS:
            kind = "op"
        if kind == "quote" and (len(value) < 2 or not value.endswith('"')):
            raise QuerySyntaxError(f"a quote is not closed: {value!r}")
        toks.append(_Tok(kind, value))
    return toks


_WORD_REST = re.compile(r'[^\s()"]*')


def parse(text: str) -> Node | None:
    """The query tree of `text`, or None for a query without any search terms."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooCostly(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are "
                             "allowed: shorten it to its most telling words")
    toks = _lex(text)
    if not toks:
        return None
    terms = sum(t.kind not in ("open", "close") for t in toks)
    if terms > MAX_QUERY_TERMS:
        raise QueryTooCostly(f"the query has {terms} terms; at most {MAX_QUERY_TERMS} are allowed: "
                             "shorten it to its most telling words")
    parser = _Parser(toks, whole=text)
    node = parser.expression(field=None)
    if parser.pos < len(toks):
        raise QuerySyntaxError(f"unexpected {toks[parser.pos].text!r}: a ')' without its '('")
    return node


class _Parser:
    def __init__(self, toks: list[_Tok], whole: str) -> None:
        self.toks = toks
        self.pos = 0
        self.whole = whole.strip()
        self.depth = 0  # parentheses and NOTs entered, bounded by MAX_QUERY_DEPTH

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_QUERY_DEPTH:
            raise QueryTooCostly(f"the query nests parentheses or NOTs more than {MAX_QUERY_DEPTH} deep: "
                                 "write it flatter")

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def expression(self, field: str | None) -> Node | None:
        items = [self.conjunction(field)]
        while (t := self.peek()) is not None and t.kind == "op" and t.text == "OR":
            self.pos += 1
            if self.peek() is None or self.peek().kind == "close":  # type: ignore[union-attr]
                raise QuerySyntaxError("OR needs a search term after it")
            items.append(self.conjunction(field))
        if items[0] is None and len(items) > 1:
            raise QuerySyntaxError("OR needs a search term before it")
        present = tuple(i for i in items if i is not None)
        if not present:
            return None
        return present[0] if len(present) == 1 else Or(present)

    def conjunction(self, field: str | None) -> Node | None:
        items: list[Node] = []
        explicit = False
        while (t := self.peek()) is not None and t.kind != "close" and not (t.kind == "op" and t.text == "OR"):
            if t.kind == "op" and t.text == "AND":
                self.pos += 1
                if not items or self.peek() is None or self.peek().kind == "close" or (  # type: ignore[union-attr]
                        self.peek().kind == "op" and self.peek().text == "OR"):  # type: ignore[union-attr]
                    raise QuerySyntaxError("AND needs a search term on both sides")
                explicit = True
                continue
            node = self.unary(field)
            if node is not None:
                items.append(node)
        items = _case_refs(items, whole=self.whole)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items), explicit)

    def unary(self, field: str | None) -> Node | None:
        t = self.peek()
        assert t is not None
        negate = False
        if t.kind == "op" and t.text == "NOT":
            self.pos += 1
            negate = True
        elif t.kind == "word" and t.text.startswith("-") and len(t.text) > 1 and not t.text[1].isdigit():
            self.toks[self.pos] = _Tok("word", t.text[1:])
            negate = True
        if negate:
            nxt = self.peek()
            if nxt is None or nxt.kind == "close" or (nxt.kind == "op" and nxt.text in ("AND", "OR")):
                raise QuerySyntaxError("NOT needs a search term after it")
            self.enter()
            inner = self.unary(field)
            self.depth -= 1
            return Not(inner) if inner is not None else None
        return self.primary(field)

    def case_value(self, first: str, label: str) -> Node:
        """dnr:KS 2018/124 without quotes: take up to two more words while they complete a case number."""
        words = [first]
        for _ in range(2):
            if normalize_case_number(" ".join(words)):
                break
            nxt = self.peek()
            if nxt is None or nxt.kind != "word":
                break
            words.append(nxt.text)
            self.pos += 1
        return field_node("case", " ".join(words), label=label)

    def primary(self, field: str | None) -> Node | None:
        t = self.toks[self.pos]
        self.pos += 1
        if t.kind == "open":
            self.enter()
            inner = self.expression(field)
            closing = self.peek()
            if closing is None or closing.kind != "close":
                raise QuerySyntaxError("a parenthesis is not closed: add ')'")
            self.pos += 1
            self.depth -= 1
            return inner
        if t.kind == "field":
            if field is not None:
                raise QuerySyntaxError(f"a field inside a field: {t.text!r} within {field}:( )")
            name = FIELD_NAMES[t.text[:-1].lower()]
            nxt = self.peek()
            if nxt is None or nxt.kind in ("close",) or nxt.kind == "op":
                raise QuerySyntaxError(f"{t.text} needs a value, e.g. {t.text}{_EXAMPLES[name]}")
            if nxt.kind == "open":
                return self.primary(name)
            self.pos += 1
            if name == "case" and nxt.kind == "word":
                return self.case_value(nxt.text, label=t.text[:-1])
            return field_node(name, _unquote(nxt.text), label=t.text[:-1])
        if t.kind == "op":
            raise QuerySyntaxError(f"{t.text} needs a search term on both sides")
        if field is not None:
            return field_node(field, _unquote(t.text), label=field)
        if t.kind == "quote":
            words = " ".join(t.text.strip('"').split())
            return Phrase(words) if re.search(r"\w", words) else None
        return _term(t.text)


_EXAMPLES = {
    "party": "V", "person": '"Anna Andersson"', "type": "protokoll", "statement": "reservation",
    "case": '"KS 2018/124"', "committee": "socialnämnden", "municipality": "Alingsås",
    "date": "2019-01-01..2020-06-30", "title": "budget", "section": '"§ 7"',
}


def _unquote(text: str) -> str:
    return " ".join(text.strip('"').split())


def _term(text: str) -> Term | None:
    fuzzy = 0
    m = re.fullmatch(r"(?P<w>.*?)~(?P<n>\d*)", text)
    if m and m.group("w"):
        text, fuzzy = m.group("w"), min(int(m.group("n") or 1), 2) or 1
    prefix = text.endswith("*") and len(text) > 1
    text = text.rstrip("*") if prefix else text
    if not re.search(r"\w", text):
        return None  # a lone '§', '*' or '-': nothing to search for
    return Term(text, prefix=prefix, fuzzy=fuzzy)


def field_node(name: str, value: str, *, label: str | None = None) -> Node:
    """A field filter with its value normalised; an impossible value is a QuerySyntaxError."""
    label = label or name
    if not value:
        raise QuerySyntaxError(f"{label}: needs a value, e.g. {label}:{_EXAMPLES[name]}")
    if name == "party":
        return Field(name, query_party(value))
    if name == "type":
        key = _DOC_TYPE_WORDS.get(value.lower())
        if key is None:
            raise QuerySyntaxError(f"unknown document type {value!r} in {label}: (one of {', '.join(DOC_TYPES)})")
        return Field(name, key)
    if name == "statement":
        key = _STATEMENT_WORDS.get(value.lower())
        if key is None:
            raise QuerySyntaxError(
                f"unknown statement type {value!r} in {label}: (one of {', '.join(STATEMENT_TYPES)})")
        return Field(name, key)
    if name == "case":
        key = normalize_case_number(value)
        if key is None:
            raise QuerySyntaxError(f"{value!r} in {label}: is not a case number (e.g. {label}:\"KS 2018/124\")")
        return Field(name, key)
    if name == "date":
        start, end = date_range(value, label=label)
        return DateRange(start, end)
    if name == "section":
        m = re.fullmatch(r"§?\s*(\d{1,4})", value)
        if not m:
            raise QuerySyntaxError(f"{value!r} in {label}: is not a § number (e.g. {label}:7)")
        return Field(name, f"§ {int(m.group(1))}")
    return Field(name, value)


def day(text: str, *, end: bool, label: str) -> str:
    """The first (or with `end` the last) day of YYYY, YYYY-MM or YYYY-MM-DD, as YYYY-MM-DD."""
    m = re.fullmatch(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?", text)
    if not m:
        raise QuerySyntaxError(f"{text!r} in {label}: is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    y = int(m.group("y"))
    mo = int(m.group("m") or (12 if end else 1))
    try:
        last = calendar.monthrange(y, mo)[1] if 1 <= mo <= 12 and y >= 1 else 0
        d = int(m.group("d") or (last if end else 1))
        return date(y, mo, d).isoformat()
    except ValueError:
        raise QuerySyntaxError(f"{text!r} in {label}: is not a date in the calendar") from None


def date_range(value: str, *, label: str = "datum") -> tuple[str | None, str | None]:
    """'2019-01-01..2020-06-30', '2019..2020', '2019-05', '2019', '..2020-06-30', '2019..': inclusive days."""
    value = value.strip()
    if ".." in value:
        left, _, right = value.partition("..")
        start = day(left.strip(), end=False, label=label) if left.strip() else None
        stop = day(right.strip(), end=True, label=label) if right.strip() else None
        if start is None and stop is None:
            raise QuerySyntaxError(f"{label}: needs at least one date around '..'")
        if start and stop and start > stop:
            raise QuerySyntaxError(f"{label}:{value} ends before it starts")
        return start, stop
    return day(value, end=False, label=label), day(value, end=True, label=label)


def _case_refs(items: list[Node], *, whole: str) -> list[Node]:
    """Runs of 1-3 plain words that spell a case number become one CaseRef (longest run first)."""
    out: list[Node] = []
    i = 0
    while i < len(items):
        for width in (3, 2, 1):
            run = items[i : i + width]
            if len(run) < width or not all(isinstance(t, Term) and not t.prefix and not t.fuzzy for t in run):
                continue
            terms = tuple(t for t in run if isinstance(t, Term))
            written = " ".join(t.text for t in terms)
            shaped = _CASE_SHAPE.fullmatch(written) or (
                _BARE_CASE.fullmatch(written) and (written == whole or written.lower().startswith("dnr")))
            key = normalize_case_number(written) if shaped else None
            if key:
                out.append(CaseRef(key, terms))
                i += width
                break
        else:
            out.append(items[i])
            i += 1
    return out


def walk(node: Node | None) -> list[Node]:
    """Every node of the tree, depth first."""
    if node is None:
        return []
    out: list[Node] = [node]
    if isinstance(node, (And, Or)):
        for item in node.items:
            out.extend(walk(item))
    elif isinstance(node, Not):
        out.extend(walk(node.item))
    elif isinstance(node, CaseRef):
        out.extend(node.terms)
    return out
