"""Document type, date, committee, municipality and title, from the header, the first lines
and the text; never from the file path.

The running header (page furniture) and the first lines of page 1 weigh most: they are
where meeting systems print the body, the document type and the meeting date.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from protosearch.records import ExtractedText

_MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b")
_WORD_DATE = re.compile(
    r"\b([0-3]?\d)\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE
)
_DOTTED_DATE = re.compile(r"(?<![\d.])([0-3]?\d)\.([01]?\d)\.((?:19|20)\d\d)(?![\d.])")
# a specific label anywhere on a line, its date on that line or the next two: a two-column header
# flattened ("SAMMANTRÄDESPROTOKOLL  Sammanträdesdatum  Sida⏎Kommunstyrelsen  2023-05-15  1(24)"),
# or its labels listed before their values ("Sammanträdestid⏎Sammanträdesplats⏎26.09.2022 kl. 16:30")
_DATE_LABEL_IN_LINE = re.compile(
    r"(?i)\b(?:sammanträdesdatum|sammanträdesdag|sammanträdestid|mötesdatum|protokollsdatum)\b[^\n]*(?:\n[^\n]*){0,2}")
_DATE_LABEL = re.compile(
    r"(?im)^\s*(?:sammanträdesdatum|sammanträdesdag|mötesdatum|datum|sammanträde|protokollsdatum|"
    r"beslutsdatum)\s*:?\s*(?:\n\s*)?(?P<value>[^\n]{6,40})"
)
_BODY_WORDS = r"(?:nämnden|nämnd|styrelsen|styrelse|fullmäktige|utskottet|utskott|beredningen|direktionen|revisorerna|revisionen)"
_BODY = re.compile(
    rf"(?P<body>(?:[A-ZÅÄÖ][\wåäöé]*-?\s+(?:och|&)\s+|[a-zåäö][\wåäöé]*-\s+(?:och|&)\s+)?[A-ZÅÄÖa-zåäö][\wåäöé]*{_BODY_WORDS}s?"
    rf"(?:\s+(?:arbetsutskott|utskott|beredning)(?:et)?s?)?"
    # a body named by its field: "Nämnden för Service", "Nämnden för Förskola & Grundskola",
    # "Nämnden för Tekniks arbetsutskott", "Rådet för funktionshindrade"
    rf"|(?:Nämnden|Rådet|Beredningen)\s+för\s+[A-ZÅÄÖa-zåäö][\wåäöé]+(?:\s+(?:&|och)\s+[A-ZÅÄÖa-zåäö][\wåäöé]+)?"
    rf"(?:\s+(?:arbetsutskott|utskott)(?:et)?)?"
    rf"|[A-ZÅÄÖ][\wåäöé]*s?\s+(?:{_BODY_WORDS}|stadsdelsnämnd)s?)\b"
)
_PROPOSED_TO = re.compile(r"(?i)\b(?:föreslår|yrkar)\s+(?:vi|jag)\s+att\s+(?P<to>[^.\n]{3,60}?)\s+beslutar\b")
_BODY_AND_DATE = re.compile(r"(?P<body>.{4,60}?)\s+(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)")
_GENERIC_BODY = {"nämnden", "nämnd", "styrelsen", "fullmäktige", "utskottet", "utskott", "nämnderna"}
# national agencies whose names end like a committee's
_AGENCY = re.compile(r"(?i)^(l[äa]ns|transport|social|fastighets|trafik|tillväxt|skol|kriminalvårds)styrelsen")
# words before "nämnd" that make a question or a reference, not a name: "Vilken nämnd", "Berörd nämnd"
_NOT_A_NAME = re.compile(r"(?i)^(?:vilken|vilket|denna|samma|varje|annan|ansvarig|berörd|aktuell|respektive|"
                         r"beslutande|ny|nya)\s")


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD: `2023-05-15`, `4 mars 2020` or, as Finland writes it, `15.9.2022`."""
    found = [(m.start(), _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))) for m in [_ISO_DATE.search(text)] if m]
    found += [(m.start(), _iso(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))))
              for m in [_WORD_DATE.search(text)] if m]
    found += [(m.start(), _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))) for m in [_DOTTED_DATE.search(text)] if m]
    return min(found)[1] if found else None


_CONTENTS_LINE = re.compile(r"(?:\.{5,}|…{3,})\s*\d+\s*$")


def _head_lines(doc: ExtractedText, n: int = 25) -> list[str]:
    """Page 1's running header and the document's first `n` lines (past page 1 when it is
    shorter, as a cover or a converter's page is), a table of contents left out: an agenda may
    open with its list of §§ and name itself below it."""
    body = [ln.strip() for page in doc.pages[:3] for ln in page.text.split("\n")
            if ln.strip() and not _CONTENTS_LINE.search(ln)]
    return list(doc.pages[0].furniture) + body[:n]


def find_date(doc: ExtractedText) -> str | None:
    """A labelled date, a date in the running header, or a date standing alone near the top."""
    head = "\n".join(_head_lines(doc, 40))
    m = _DATE_LABEL.search(head)
    if m and (d := parse_date(m.group("value"))):
        return d
    m = _DATE_LABEL_IN_LINE.search(head)
    if m and (d := parse_date(m.group(0))):
        return d
    for line in (ln for page in doc.pages[:3] for ln in page.furniture):  # page 1 may carry only its footer
        if d := parse_date(line):
            return d
    head_lines = _head_lines(doc, 15)
    for line in head_lines:
        if re.fullmatch(r"(?:den\s+)?[\d\- ]{10}|(?:den\s+)?[0-3]?\d\s+\w+\s+\d{4}", line.strip()):
            if d := parse_date(line):
                return d
    for line in head_lines:  # the meeting a motion or an initiative is for: "Kultur- och utbildningsnämnden 2026-06-17"
        m = _BODY_AND_DATE.fullmatch(line.strip())
        if m and _BODY.fullmatch(m.group("body")) and (d := parse_date(m.group("date"))):
            return d
    # a date label under the signature: a motion ends "Elin Bååth, Feministiskt initiativ⏎Datum 2017-01-30"
    tail = "\n".join(ln for ln in doc.pages[-1].text.split("\n")[-8:])
    m = _DATE_LABEL.search(tail)
    return parse_date(m.group("value")) if m else None


def canonical_body(name: str) -> str:
    """'Arbetsmarknadsnämndens' -> 'Arbetsmarknadsnämnden'; 'tekniska nämnden' -> 'Tekniska nämnden';
    'Vård och omsorgsnämnden' -> 'Vård- och omsorgsnämnden' (the hyphen a coordinated compound needs)."""
    name = " ".join(name.split())
    name = re.sub(r"-\s+(?:och|&)\s", "- och ", name)  # "Kultur- & utbildningsnämnden" is "Kultur- och ..."
    name = re.sub(r"^([A-ZÅÄÖ][a-zåäö]+) och (?=[a-zåäö]+nämnd)", r"\1- och ", name)  # "Vård och omsorgsnämnden"
    words = name.split(" ")
    # the last word loses its genitive; "Socialnämndens arbetsutskott" keeps the inner one
    words[-1] = re.sub(r"(nämndens|styrelsens|utskottets|beredningens|fullmäktiges)$", lambda m: m.group(1)[:-1], words[-1])
    name = " ".join(words)
    # a one-word body in a header's indefinite form is named in the definite: "Valnämnd" -> "Valnämnden"
    name = re.sub(r"^([\wåäö-]+nämnd)$", r"\1en", name)
    return name[:1].upper() + name[1:]


def _bodies(text: str) -> list[str]:
    out = []
    for m in _BODY.finditer(text):
        if re.search(r"(?i)\bfrån\s+$", text[max(0, m.start() - 6) : m.start()]):
            continue  # "remiss från kommunstyrelsen": the sender, not the document's body
        body = canonical_body(m.group("body"))
        if (body.lower() in _GENERIC_BODY or _AGENCY.match(body) or _NOT_A_NAME.match(body)
                or body.lower().startswith(("de ", "och ", "i ", "till "))):
            continue
        out.append(body)
    return out


# a header that labels the body: "Organ Personalsektionen" (Finland's systems), "Instans: Kommunstyrelsen"
_BODY_LABEL = re.compile(r"^(?:Organ|Instans|Beslutsinstans|Beslutande organ)\s*:?\s+(?P<body>[A-ZÅÄÖ][\wåäöé -]{3,60}?)\s*$")


def find_committee(doc: ExtractedText, decision_texts: list[str]) -> str | None:
    """The body whose document this is: a labelled header, the header, 'Till'-line, title,
    decisions, then the text. A labelled body is taken as written, whatever its kind
    ('Personalsektionen', 'Ungdomsfullmäktige')."""
    for line in _head_lines(doc, 15):
        if m := _BODY_LABEL.match(line):
            return m.group("body")
    if found := _bodies(" ".join(doc.pages[0].furniture)):
        return found[0]  # joined: a header may break "Bygg- och⏎miljönämnden" over two lines
    lines = _head_lines(doc, 15)
    for i, line in enumerate(lines):
        # "Till⏎Norrmalms stadsdelsnämnd", also flattened from two columns: "Handläggare Till"
        if re.search(r"(?:^|\s)(?:Till|TILL|Mottagare):?$", line) and i + 1 < len(lines):
            if found := _bodies(lines[i + 1]):
                return found[-1]
    # a header the page furniture did not catch (one-page documents), joined like the furniture
    first_lines = [ln.strip() for ln in doc.pages[0].text.split("\n") if ln.strip()][:12]
    if found := _bodies(" ".join(first_lines)):
        return found[0]
    # councillors propose to a body: "föreslår vi att kommunfullmäktige beslutar" (a motion, an initiative)
    if (m := _PROPOSED_TO.search(doc.text)) and (found := _bodies(m.group("to"))):
        return found[0]
    counts = Counter(b for t in decision_texts for b in _bodies(t))
    if counts:
        return counts.most_common(1)[0][0]
    counts = Counter(_bodies(doc.text[:20000]))
    return counts.most_common(1)[0][0] if counts else None


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def _read_names(file_name: str) -> dict[str, str]:
    text = resources.files("protosearch.tag").joinpath(f"rules/{file_name}").read_text("utf-8")
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return {n.lower(): n for n in names}


@lru_cache(maxsize=1)
def _municipalities() -> dict[str, str]:
    """Sweden's municipalities: also found named bare, twice, when nothing else names one."""
    return _read_names("municipalities.txt")


@lru_cache(maxsize=1)
def _named_municipalities() -> dict[str, str]:
    """Every municipality a document may name as its own: Sweden's, and Finland's Swedish-speaking."""
    return _municipalities() | _read_names("municipalities-finland.txt")


_PLACE = re.compile(
    r"(?=[A-ZÅÄÖrkw@])"  # the first letters of the forms below: the scan skips other places at once
    r"(?:\b(?P<name>[A-ZÅÄÖ][\wåäö]+(?:[ -][A-ZÅÄÖ][\wåäö]+)?)\s+(?:kommuns?|stads?|Stads?|Kommuns?|KOMMUNS?|STADS?)\b"
    r"|\b(?:Region|region)\s+(?P<region>[A-ZÅÄÖ][\wåäö]+)"
    r"|(?:kommunfullmäktige|kommunstyrelsen)\s+i\s+(?P<in>[A-ZÅÄÖ][\wåäö]+)"
    r"|(?:@|\bwww\.)(?P<domain>[a-z-]+)\.(?:se|fi)\b"
    r"|\b(?P<caps>[A-ZÅÄÖ]{3,}(?:[ -][A-ZÅÄÖ]{3,})?)\s+(?:KOMMUN|STAD)\b)"
)
# a kommun's bare domain, 'alingsas.se' heading a plan: looked for only where '.se' or '.fi' stands
_BARE_DOMAIN = re.compile(r"(?<![\w.@-])(?<![^/]/)(?P<domain>[a-z][a-z-]+)\.(?:se|fi)\b")  # 'https://x.se', not '/x.se'


def _place_tokens(text: str) -> Iterator[str]:
    """The names a text gives its place in: 'X kommun', 'Region X', 'kommunfullmäktige i X',
    '@x.se', 'www.x.se', 'X KOMMUN', and a bare 'x.se'."""
    for m in _PLACE.finditer(text):
        yield m.group("name") or m.group("region") or m.group("in") or m.group("domain") or m.group("caps")
    if ".se" in text or ".fi" in text:
        yield from (m.group("domain") for m in _BARE_DOMAIN.finditer(text))


# where a protocol says it met or is kept, on its first pages: "Stadshuset, Borås", "Kommunhuset i Hjo"
_HALL = re.compile(r"(?=(?i:[srkm]))\b(?i:stads|råd|kommun|kommunal|medborgar)hus(?:et)?,?\s+(?:i\s+)?(?P<hall>[A-ZÅÄÖ][\wåäö]+)")
_FIRST_PAGES = 6000  # characters: the title page and the signatures' page of a protocol
# a bare name before a party is a councillor's surname: "Lennart Norberg (S)"; before a short
# number, a property's designation: "fastigheten Munkedal 4", "Nolby 1:12" (not "Alingsås 2026-05-18")
_NOT_THE_TOWN_AFTER = re.compile(r"\s*\([A-ZÅÄÖa-zåäö-]{1,4}\)|\s+(?:\d{1,3}|\d{1,4}:\d{1,4})(?![\d.:/-])")


def _place(token: str) -> str | None:
    known = _named_municipalities()
    low = token.lower()
    if low in known:
        return known[low]
    if low.endswith("s") and low[:-1] in known:
        return known[low[:-1]]
    folded = _folded_municipalities()
    return folded.get(_fold(token)) or folded.get(_fold(token).replace("-", " "))


@lru_cache(maxsize=1)
def _folded_municipalities() -> dict[str, str]:
    return {_fold(k): v for k, v in _named_municipalities().items()}


def find_municipality(doc: ExtractedText) -> str | None:
    """The municipality that most often names itself ('X kommun', 'Xs stad', '@x.se'), header first."""
    counts: Counter[str] = Counter()
    head = "\n".join(_head_lines(doc, 10))
    start = doc.text[:60000]  # the pages joined once
    for text, weight in ((head, 3), (start, 1)):
        for token in _place_tokens(text):
            place = _place(token)
            if place:
                counts[place] += weight
    for m in _HALL.finditer(start[:_FIRST_PAGES]):
        place = _place(m.group("hall"))
        if place:
            counts[place] += 1
    if not counts:
        # no 'X kommun' anywhere: a municipality named bare at least twice ('Jobbtorg Stockholm')
        for name in _municipalities().values():
            if len(name) >= 5 and name in start:  # the substring test spares 290 regex scans
                n = sum(1 for m in re.finditer(rf"\b{re.escape(name)}\b", start) if not _NOT_THE_TOWN_AFTER.match(start, m.end()))
                if n >= 2:
                    counts[name] = n
    if counts:
        return counts.most_common(1)[0][0]
    return None


_CAPITALS = re.compile(r"\b[A-ZÅÄÖ]{3,}(?:-[A-ZÅÄÖ]{3,})?\b")


def municipality_in_letterhead(text: str) -> str | None:
    """The municipality a logo names, from its OCR'd letterhead: 'Alingsås kommun', or a
    municipality's name in capitals as logos letter it ('ALINGSÅS', with KOMMUN or a
    department beside it). A name in capitals must be the name itself, not a genitive:
    'GÖTEBORGS REGIONEN' is an association of municipalities, not Göteborg."""
    for token in _place_tokens(text):
        place = _place(token) if token else None
        if place:
            return place
    known, folded = _named_municipalities(), _folded_municipalities()
    for m in _CAPITALS.finditer(text):  # OCR may drop a ring or dots: 'ALINGSAS'
        place = known.get(m.group(0).lower()) or folded.get(_fold(m.group(0)))
        if place:
            return place
    return None


_TYPE_WORDS = (
    (re.compile(r"(?i)\b(protokollsutdrag|utdrag ur (?:sammanträdes)?protokoll(?:et)?|utdrag)\b"), "protokollsutdrag"),
    (re.compile(r"(?i)^\s*tjänsteutlåtande\b"), "tjänsteutlåtande"),
    (re.compile(r"(?i)^\s*tjänsteskrivelse\b"), "tjänsteskrivelse"),
    (re.compile(r"(?i)^\s*nämndinitiativ\b|^\s*initiativ\s+(?:om|till|gällande)\b|^\s*initiativärende\b"), "nämndinitiativ"),
    (re.compile(r"(?i)^\s*motion\b"), "motion"),
    (re.compile(r"(?i)^\s*(?:remissvar|yttrande över)\b"), "remissvar"),
    (re.compile(r"(?i)^\s*(?:kallelse|föredragningslista)\b"), "kallelse"),  # an agenda with its proposals
    (re.compile(r"(?i)^\s*(?:sammanträdes)?protokoll\b"), "protokoll"),
)
_ATTENDANCE = re.compile(r"(?im)^\s*(beslutande|närvarande|ledamöter|plats och tid|justerare|utses att justera)\b")
# an official's memo names its handläggare or diary number; "Förslag till beslut" alone is
# also how councillors end a motion
_MEMO_MARKERS = re.compile(
    r"(?im)^\s*(handläggare|vår referens|förvaltningens förslag till beslut|"
    r"diarienr|diarienummer|beteckning|tjänsteskrivelse|tjänsteutlåtande)\b"
)
_POLITICIANS_PROPOSE = re.compile(
    r"(?i)\b(?:föreslår|yrkar)\s+(?:vi|jag)\b[^.]{0,60}?\b(?P<to>fullmäktige|nämnden|styrelsen|\w+nämnden)?")


def find_doc_type(doc: ExtractedText, n_sections: int) -> str:
    """The type a header names; a memo's markers outrank a case title such as 'Motion om ...'."""
    head = _head_lines(doc, 12)
    named = [kind for line in head for pattern, kind in _TYPE_WORDS if pattern.search(line)]
    memo = bool(_MEMO_MARKERS.search(doc.text[:5000]))
    for kind in named:
        if kind == "protokoll":
            if _ATTENDANCE.search(doc.pages[0].text) or n_sections > 1:
                return "protokoll"
            return "protokollsutdrag" if n_sections == 1 else "protokoll"
        if kind in ("protokollsutdrag", "tjänsteutlåtande", "tjänsteskrivelse") or not memo:
            return kind
    if n_sections >= 1:
        return "protokoll" if n_sections > 1 else "protokollsutdrag"  # an extract is one § cut out
    proposal = _POLITICIANS_PROPOSE.search(doc.text)  # "föreslår vi att kommunfullmäktige ..."
    proposes = bool(re.search(r"(?im)^\s*förslag till beslut\b", doc.text[:5000]))
    if memo or (proposes and not proposal):
        return "tjänsteutlåtande" if re.search(r"(?i)tjänsteutlåtande", doc.text) else "tjänsteskrivelse"
    if named:
        return named[0]
    if proposal:
        to = (proposal.group("to") or "fullmäktige").lower()
        return "motion" if to == "fullmäktige" else "nämndinitiativ"
    return "other"


_NOT_TITLE = re.compile(
    r"(?i)^(datum|till|från|handläggare|vår referens|telefon|e-?post|dnr|diarie|sida|\d|tjänsteskrivelse$|"
    r"tjänsteutlåtande$|protokoll$|protokollsutdrag$|utdragsbestyrkande|justerandes|sammanträdesdatum|"
    r"beteckning|ärende$)"
)


def find_title(doc: ExtractedText, doc_type: str, committee: str | None, date: str | None) -> str:
    if doc_type == "protokoll":
        return " ".join(x for x in ("Protokoll", committee, date) if x)
    from protosearch.tag.names import NAME
    from protosearch.tag.persons import is_name_line

    body_lines = [ln.strip() for ln in doc.pages[0].text.split("\n") if ln.strip()][:30]
    for line in body_lines:
        if (len(line.split()) >= 3 and not _NOT_TITLE.match(line) and "@" not in line and not is_name_line(line)
                and not re.match(rf"{NAME}\b", line)):
            return line[:200]
    return ""
