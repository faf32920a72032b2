"""Persons with party and role: councillors written `Name (S)` or `(S) Name`, and officials
written beside a title line (`Handläggare` / `Marcus Eriksson Avdelningschef`).

The attendance list of a protocol gives roles (Beslutande, ersätter, Övriga deltagare,
Sekreterare, Justerare); later mentions without a party inherit the party of the same
person, genitives ("Anna Anderssons") and small misspellings resolve to one person.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from protosearch.tag import parties
from protosearch.tag.names import NAME, PARTICLE, WORD, WRAPPED_NAME
from protosearch.tag.nlp import Cue
from protosearch.tag.rosters import in_given_name_order, tick_box_members
from protosearch.records import Person

_PARTY_TOKEN = r"(?:f\.[ ]?d\.[ ]?|fd[ ])?[A-Za-zÅÄÖåäö]{1,6}|-|–"  # "(f.d. M)": left M, sits outside any party

_NAME_THEN_PARTY = re.compile(
    rf"(?P<name>{WRAPPED_NAME}),?[ \n]?(?:m\.[ ]?fl\.?[ ]?)?\([ ]?(?P<party>{_PARTY_TOKEN})[ ]?\)(?![\w-])"
)
_PARTY_THEN_NAME = re.compile(rf"(?<![\w)])\((?P<party>{_PARTY_TOKEN})\)[ ](?P<name>{NAME})(?![ ]?\()")
_NAME_THEN_TITLE = re.compile(rf"(?P<name>{NAME})[ ]?\((?P<title>[^()\n]{{4,90}})(?:\)|\n)")
# the role written after the party: "(S) (vice ordförande)", "(C), ordförande"
_ROLE_AFTER = re.compile(
    r"^[ ]?(?:\(|,[ ]?)(?P<role>(?:1:e |2:e |förste |andre )?vice ordförande|ordförande|ordf\.?|"
    r"tjänstgörande ersättare|ersättare)\b",
    re.I,
)
_REPLACES = re.compile(rf"^[ ]?(?:\(?tjg\.?[ ])?(?:,[ ]?)?(?:ersätter|(?:tjänstgörande[ ])?ersättare[ ]för|tjänstgör[ ]för|för)"
                       rf"[ ]+(?P<name>{WRAPPED_NAME})", re.I)

# Capitalised words that open a line or a sentence before a name: never part of the name.
_NOT_NAME_WORDS = {
    "beslutande", "närvarande", "ledamöter", "ledamot", "ledamoten", "ersättare", "ersättaren",
    "justerare", "justerande", "sekreterare", "ordförande", "ordföranden", "vice", "övriga",
    "deltagare", "tjänstgörande", "utses", "handläggare", "kontaktperson", "föredragande",
    "kommunalråd", "kommunalrådet", "oppositionsråd", "motion", "från", "av", "till", "och",
    "reservation", "protokollsanteckning", "särskilt", "ersättaryttrande", "yrkande", "även",
    "dessutom", "samt", "ärendet", "beslut", "paragrafer", "plats", "tid", "sign", "anslag",
    "bevis", "underskrifter", "ej", "frånvarande", "tjänstepersoner", "tjänstemän", "insändare",
    "motionär", "motionären", "förslagsställare", "initiativtagare", "skrivelse", "vår", "referens",
    "datum", "till", "enhet", "förvaltning", "nämndsekreterare", "gruppledare", "ledamöterna",
    "beslutsgång", "beslutsgången", "yrkanden", "propositionsordning", "proposition", "omröstning",
    "votering", "reservationer", "protokollsanteckningar", "anteckning", "ja", "nej", "avstår",
    "bakgrund", "sammanfattning", "ärendebeskrivning", "beredning", "beslutsunderlag", "expedieras",
}
_TITLE = re.compile(
    r"^(?:t\.?f\.?[ ]|tf[ ]|bitr\.?[ ]|biträdande[ ]|tillförordnad[ ])?(?-i:[a-zåäö]+[ ])?[\wåäö-]*"
    r"(?:chef|direktör|sekreterare|handläggare|strateg|controller|ekonom|utredare|samordnare|"
    r"ingenjör|planerare|jurist|specialist|ansvarig|rektor|arkitekt|inspektör|administratör|"
    r"assistent|konsult|registrator|revisor|utvecklare|analytiker|rådgivare|kurator|tekniker|"
    r"projektledare|koordinator|ombudsman|advokat|sjuksköterska|kommundirektör|föreståndare|"
    r"ledare|företrädare|förvaltare|vägledare|lokalstrateg|verksamhetsutvecklare|godkännare)"
    r"(?:[ ][\wåäö-]+){0,3}$",
    re.IGNORECASE,
)
_NAME_WORDS = re.compile(rf"^{WORD}(?:[ ](?:{PARTICLE}[ ])?{WORD}){{3,6}}$")  # 4-7 name words: maybe two names
_DATE_STAMP = re.compile(r",?\s*\d{4}-\d{2}-\d{2}$")  # an electronic signature's date: "Name, Godkännare ..., 2026-06-01"
_LABELLED_NAME = re.compile(
    rf"^(?P<label>handläggare|vår referens|kontaktperson|sekreterare|ordförande|justerande|justerare)"
    rf"\s*:?\s+(?P<name>{NAME})\s*$",
    re.IGNORECASE,
)
_LABEL_ROLES = {
    "handläggare": "handläggare", "vår referens": "handläggare", "kontaktperson": "handläggare",
    "sekreterare": "sekreterare", "ordförande": "ordförande", "justerande": "justerare",
    "justerare": "justerare",
}
_ZONE = re.compile(
    r"^(?P<label>beslutande(?:[ ]ledamöter)?|närvarande(?:[ ]ledamöter)?|ledamöter|tjänstgörande[ ]ersättare|"
    r"ej[ ]tjänstgörande[ ]ersättare|ersättare|övriga[ ]deltagare|övriga[ ]närvarande|"
    r"tjänstepersoner|närvarande[ ]tjänstepersoner|utses[ ]att[ ]justera|justerare)\b",
    re.IGNORECASE,
)
_ZONE_ROLE = {
    "beslutande": "ledamot", "närvarande ledamöter": "ledamot", "ledamöter": "ledamot", "närvarande": "ledamot",
    "beslutande ledamöter": "ledamot", "tjänstgörande ersättare": "tjänstgörande ersättare",
    "ej tjänstgörande ersättare": "ersättare", "ersättare": "ersättare",
    "utses att justera": "justerare", "justerare": "justerare",
}


@dataclass(frozen=True)
class Mention:
    """One place where a person is named; statements use these to find their authors."""

    start: int
    end: int
    name: str
    party: str | None


def _clean_name(name: str) -> str:
    words = name.split()  # also joins a name wrapped over two lines
    cut = max((i + 1 for i, w in enumerate(words) if w.lower() in _NOT_NAME_WORDS), default=0)
    return " ".join(words[cut:])


def _party_of(token: str, local: set[str]) -> tuple[bool, str | None]:
    """(is a party slot, party): `(-)` and a consultant's `(EY)` are slots without party; `(IOP)` is no slot at all."""
    if parties.is_independent(token) or parties.is_firm(token):
        return True, None
    known = parties.canonical(token)
    if known:
        return True, known
    if token in local:
        return True, token
    return False, None


_ROSTER_LINE = re.compile(rf"^[ \t]*{NAME}[ ]?\((?P<party>[A-Za-zÅÄÖåäö]{{2,6}})\)[ \t]*(?:\([^)\n]*\))?[ \t]*$", re.M)


def local_parties(text: str) -> set[str]:
    """Unknown abbreviations that a document uses as parties: after the names of at least two
    different persons, or after a name alone on a line of an attendance list."""
    names: dict[str, set[str]] = {}
    for m in _NAME_THEN_PARTY.finditer(text):
        token = m.group("party")
        if parties.canonical(token) is None and parties.could_be_local_party(token):
            name = _clean_name(m.group("name"))
            if len(name.split()) >= 2:
                names.setdefault(token, set()).add(name)
    on_roster = {m.group("party") for m in _ROSTER_LINE.finditer(text)}
    return {token for token, who in names.items() if len(who) >= 2 or token in on_roster}


@lru_cache(maxsize=1)
def _signed_with_party() -> re.Pattern[str]:
    """A signature line with the party written out: 'Elin Bååth, Feministiskt initiativ'."""
    names = sorted(parties.name_map(), key=len, reverse=True)
    return re.compile(rf"(?im)^[ \t]*(?P<name>{NAME}),[ \t]*(?P<party>{'|'.join(map(re.escape, names))})[ \t]*$")


def find_mentions(text: str, local: set[str]) -> list[Mention]:
    """Every `Name (P)`, `(P) Name` and signature 'Name, Partinamn' in `text`."""
    found: dict[tuple[int, int], Mention] = {}
    if "," in text:
        for m in _signed_with_party().finditer(text):
            name = _clean_name(m.group("name"))
            if len(name.split()) >= 2:
                start = m.start("name") + m.group("name").find(name)
                found[start, m.end()] = Mention(start, m.end(), name, parties.name_map()[m.group("party").lower()])
    if "(" not in text:  # the other forms hold the party in parentheses: most sentences are done here
        return sorted(found.values(), key=lambda x: x.start)
    taken: set[int] = set()  # a party in parentheses belongs to one name: 'Bengt Adolfsson (M) Erik
    # Norinder, utvecklingsledare' is a councillor beside an official (two columns flattened)
    for pattern in (_NAME_THEN_PARTY, _PARTY_THEN_NAME):
        for m in pattern.finditer(text):
            is_slot, party = _party_of(m.group("party"), local)
            name = _clean_name(_own_line_of_wrapped(text, m))
            if not is_slot or len(name.split()) < 2 or m.start("party") in taken:
                continue
            start = m.start("name") + m.group("name").find(name)
            found.setdefault((start, m.end()), Mention(start, m.end(), name, party))
            taken.add(m.start("party"))
    return sorted(found.values(), key=lambda x: x.start)


def _own_line_of_wrapped(text: str, m: re.Match[str]) -> str:
    """A name that wraps from the end of the line above, unless that line ends 'ersätter Karin' and
    a whole name follows: then 'Karin' is the replaced member, cut off by the next column
    ('Helena Nyborg (KD)'); 'för Lena⏎Sandström (M)' is one name wrapped."""
    name = m.group("name")
    rest = name.partition("\n")[2]
    if len(rest.split()) >= 2 and re.search(r"\b(?:ersätter|för)[ ]$", text[max(0, m.start("name") - 12) : m.start("name")]):
        return rest
    return name


class _Registry:
    """Persons by name, merging genitives and small misspellings into one entry."""

    def __init__(self) -> None:
        self.people: dict[str, list[str | None]] = {}  # name -> [party, role]

    def _match(self, name: str) -> str | None:
        key = name.casefold()
        for known in self.people:
            k = known.casefold()
            if key == k or key == k + "s" or k == key + "s":
                return known
        for known in self.people:
            k = known.casefold()
            similar = SequenceMatcher(None, key, k)
            # the quick ratios are upper bounds of ratio(): the same answer, computed faster
            if similar.real_quick_ratio() >= 0.88 and similar.quick_ratio() >= 0.88 and similar.ratio() >= 0.88:
                return known
            if k.endswith(" " + key) or key.endswith(" " + k):
                return known  # "Andersson Näsman" is "Britt Andersson Näsman" cut by a line break
        return None

    def add(self, name: str, party: str | None, role: str | None, *, strong_role: bool = False) -> None:
        known = self._match(name)
        if known is None:
            self.people[name] = [party, role]
            return
        entry = self.people[known]
        if entry[0] is None and party:
            entry[0] = party
        if role and (entry[1] is None or strong_role):
            entry[1] = role

    def persons(self) -> tuple[Person, ...]:
        return tuple(Person(n, p, r) for n, (p, r) in self.people.items())


def _role_before(text: str, start: int, role_cues: Iterable[Cue]) -> str | None:
    for cue in role_cues:
        if 0 <= start - cue.end <= 2 and "\n" not in text[cue.end : start]:
            return cue.key
    return None


def find_persons(text: str, cues: list[Cue]) -> tuple[tuple[Person, ...], list[Mention]]:
    """Persons of a document (with party and role) and the mentions that named them."""
    local = local_parties(text)
    mentions = find_mentions(text, local)
    role_cues = [c for c in cues if c.label == "ROLE"]
    registry = _Registry()
    zone_roles, listed_members = _attendance_roles(text, local)

    for m in mentions:
        role = _role_before(text, m.start, role_cues)
        after = text[m.end : m.end + 90]  # room for "tjänstgörande ersättare för" and a wrapped name
        explicit = _ROLE_AFTER.match(after)
        if explicit:
            role = re.sub(r"^ordf\.?$", "ordförande", explicit.group("role").lower())
        replaced = _REPLACES.match(after)
        if replaced:
            role = "tjänstgörande ersättare"
        registry.add(m.name, m.party, role or zone_roles.get(m.name), strong_role=bool(explicit))
        if replaced and (member := _replaced_name(after, replaced)):
            registry.add(member[0], member[1], "ledamot")

    listed = in_given_name_order(_listed_officials(text) + listed_members + tick_box_members(text), text)
    for name, title in _officials(text) + listed:
        registry.add(name, None, title)
    # a later mention without party inherits it; add names seen only without a party
    # when they match someone already known
    return registry.persons(), mentions


# the wrapped rest of a name in a two-column roster: a lone surname with its party at the end of
# the next line, after the other column's person ("... 1:e vice ordförande Wallenstein (M)")
_LONE_SURNAME = re.compile(rf"[a-zåäö)][ \t]+(?P<surname>{WORD})[ ]?\((?P<party>[^()\n]{{1,6}})\)[ \t]*(?:§.*)?$")


def _replaced_name(after: str, replaced: re.Match[str]) -> tuple[str, str | None] | None:
    """The member a substitute replaces, with a party where the roster gives one. A name that
    seems to wrap onto the next line but runs into a party there ('för Charlotte⏎Maria
    Gathendahl (M)') is cut at the line: the next line is the other column's, and the surname
    is the lone word before a party at its end ('... vice ordförande Wallenstein (M)')."""
    name = replaced.group("name")
    first, _, rest = name.partition("\n")
    if len(rest.split()) < 2 or not re.match(r"[ ]?\(", after[replaced.end() :]):  # 'för Lena⏎Sandström (M)' wraps
        return _clean_name(name), None
    next_line = after[replaced.start("name") + len(first) + 1 :].split("\n", 1)[0]
    lone = _LONE_SURNAME.search(next_line)
    if lone is None:
        return None
    return _clean_name(f"{first} {lone.group('surname')}"), parties.canonical(lone.group("party"))


def _attendance_roles(text: str, local: set[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Roles given by the attendance list's zones (Beslutande, Ersättare, Justerare ...), and the
    members listed there without a party, one a line ('Anna Ek, ordförande'), as older
    protocols and some meeting systems write them."""
    roles: dict[str, str] = {}
    unparty: list[tuple[str, str]] = []
    zone: str | None = None
    for line in text.split("\n")[:400]:
        stripped = line.strip()
        m = _ZONE.match(stripped)
        if m:
            zone = _ZONE_ROLE.get(" ".join(m.group("label").lower().split()))
            stripped = stripped[m.end():].strip(" :\t")
        elif not stripped or re.match(r"^§", stripped):
            zone = None if stripped.startswith("§") else zone
        if zone:
            mentions = find_mentions(stripped, local)
            for mention in mentions:
                roles.setdefault(mention.name, zone)
            if not mentions and zone != "justerare" and (member := _member_line(stripped)):
                unparty.append((member[0], member[1] or zone))
    return roles, unparty


_MEMBER_ROLE = re.compile(r"(?i)^(?:(?:1:e|2:e|förste|andre)[ ])?vice[ ]ordförande|ordförande|ersättare|ledamot$")


def _member_line(line: str) -> tuple[str, str | None] | None:
    """'Anna Ek, ordförande' or 'Karin Sjö' alone on its line: a member without party."""
    m = re.fullmatch(rf"(?P<name>{NAME})(?:,[ ]?(?P<role>[^,]+))?", line)
    if m is None or len(m.group("name").split()) > 4:
        return None
    role = (m.group("role") or "").strip().lower() or None
    if role and not _MEMBER_ROLE.match(role):
        return None
    name = _clean_name(m.group("name"))
    if len(name.split()) < 2 or any(_TITLE.match(word) for word in name.split()):
        return None  # "Förvaltningschef Förvaltningssekreterare": two titles of a signature block
    return name, role


_NAME_LINE = re.compile(rf"^(?P<name>{NAME})(?:[ ,]+(?P<title>.+))?$")


def _name_and_title(line: str) -> tuple[str, str] | None:
    """'Marcus Eriksson Avdelningschef' -> ('Marcus Eriksson', 'Avdelningschef'); None if no name."""
    m = _NAME_LINE.match(line)
    if not m:
        return None
    words = _clean_name(m.group("name")).split()
    title = (m.group("title") or "").strip()
    for k in range(2, len(words)):
        if _TITLE.match(" ".join(words[k:] + ([title] if title else []))):
            return " ".join(words[:k]), " ".join(words[k:] + ([title] if title else []))
    if 2 <= len(words) <= 4:
        return " ".join(words), title
    return None


def is_name_line(line: str) -> bool:
    """A line holding only a person's name, or a name and a title (a signature)."""
    split = _name_and_title(line.strip())
    return split is not None and (not split[1] or bool(_TITLE.match(split[1])))


def _two_titles(line: str) -> tuple[str, str] | None:
    """'Förvaltningschef, tillika skolchef Administrativ chef' -> its two titles, split before a capital."""

    def is_title(words: str) -> bool:  # "Administrativ chef" as a title begins a line
        return bool(_TITLE.match((words[:1].lower() + words[1:]).replace(",", "")))

    for m in re.finditer(r" (?=[A-ZÅÄÖ])", line):
        first, second = line[: m.start()], line[m.end() :]
        if is_title(first) and is_title(second):
            return first.lower(), second.lower()
    for m in re.finditer(" ", line):  # 'ordförande sekreterare': the roles of those who sign
        first, second = line[: m.start()], line[m.end() :]
        if _SIGNING_ROLE.fullmatch(first) and _SIGNING_ROLE.fullmatch(second):
            return first.lower(), second.lower()
    return None


_SIGNING_ROLE = re.compile(r"(?i)(?:vice[ ])?ordförande|sekreterare|protokollförare|justerare|justerande|föredragande")


def _side_by_side(line: str, below: str, known: set[str]) -> list[tuple[str, str | None]]:
    """Two officials signing side by side: their names on one line over their titles.

    'Jonas Sjölin Jeanette Hartung' over 'Förvaltningschef Avdelningschef avfall'. The names
    part where one of them is known from elsewhere in the document (a 'Handläggare:' line);
    else, if the line below parts into two titles, after two words (of four) or three (of
    five: a double surname, 'Nicklas Kosterlind Faritzson Sofie Mattsson').
    """
    if line in known:
        return []
    words = line.split()
    titles = _two_titles(below)
    splits = [k for k in range(2, len(words) - 1) if " ".join(words[:k]) in known or " ".join(words[k:]) in known]
    k = splits[0] if splits else ({4: 2, 5: 3}.get(len(words)) if titles else None)
    if k is None:
        return []
    first, second = titles or (None, None)
    return [(" ".join(words[:k]), first), (" ".join(words[k:]), second)]


# an official named after the title, in running text: "Projektledare Linda Lundblad informerar",
# "Beredning: förvaltningschef Anna Käcko-Englund", "Stadsdirektör Mats Brandts förslag:"
_TITLE_THEN_NAME = re.compile(
    rf"(?<![\wåäö-])(?P<title>(?:[A-ZÅÄÖ]{{2,5}}-)?[A-ZÅÄÖa-zåäö][a-zåäö]*(?:chef|direktör|direktören|ledare|strateg|"
    rf"sekreterare|handläggare|controller|samordnare|koordinator|planerare|arkitekt|inspektör|jurist|ekonom))"
    rf"[ ](?P<name>{WORD}(?:[ ]{WORD}){{1,2}})(?![\wåäö-])(?P<owns>[ ](?:förslag|yrkande|skrivelse|redogörelse|beslut))?")


def _titled_names(text: str) -> list[tuple[str, str]]:
    """(name, title) of officials named after their title where the title opens a sentence or
    follows a label; a genitive before what the official owns loses its s ('Mats Brandts
    förslag' is Mats Brandt's)."""
    found = []
    for m in _TITLE_THEN_NAME.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        opens = m.group("title")[0].isupper() or m.start() == 0 or before.endswith(("\n", ":", ": "))
        if before == ", " or not opens:
            continue  # 'Göran Lund, utbildningsdirektör Pia Holm, ...': the title is the name's before it
        name = _clean_name(m.group("name"))
        if m.group("owns") and name.endswith("s"):
            name = name[:-1]
        if len(name.split()) >= 2:
            found.append((name, m.group("title").lower()))
    return found


# the officials present, listed after a label as "Name, title": in a PDF one a line, in a
# flattened conversion one after another ("Göran Isberg, utbildningsdirektör Pernilla Persson, ekonomichef")
_OFFICIALS_LABEL = re.compile(
    r"(?im)(?:^[ \t]*(?P<line>{labels})[ \t]*:?|(?<=\s)(?:{labels}):)".format(
        labels=r"övriga[ ]närvarande|övriga[ ]deltagare|övriga[ ]deltagande|närvarande[ ]tjänstepersoner|"
               r"tjänstepersoner|tjänstemän|närvarande[ ]tjänstemän"))
# a title's first word: "verksamhetschef", "HR-chef", "IT-strateg", a capitalised title ("Kulturskolechef")
_TITLE_HEAD = (r"(?:[A-ZÅÄÖ]{2,5}-[a-zåäö][\wåäö-]*|[A-ZÅÄÖ][a-zåäö]+(?:chef|direktör|strateg|sekreterare|handläggare)"
               r"|[a-zåäö][\wåäö.-]*|[A-ZÅÄÖ]{2,5}(?![\wåäö-]))")  # ... or an acronym: "Lotta Kjellner, MAS"
_NAME_COMMA_TITLE = re.compile(
    rf"(?<![\w/])(?P<name>{NAME}),[ ]?\n?(?P<title>{_TITLE_HEAD}(?:[ ](?:och[ ]|för[ ]|i[ ])?[a-zåäö][\wåäö-]*){{0,4}}"
    rf"(?:[ ][A-ZÅÄÖ][\wåäö&-]*/[\wåäö&/-]+"  # "verksamhetschef Kulturskolan/Upptech"
    rf"|[ ][A-ZÅÄÖ][\wåäö&-]*(?=[ \t]*(?:\n|$|§)))?)"  # "enhetschef Rekrytering § 52"
    rf"(?=[ ]+(?:{WORD}[ ]{WORD})|[ \t]*(?:\n|$|,|§))")
_OFFICIALS_ZONE_CHARS = 2000


def _listed_officials(text: str) -> list[tuple[str, str]]:
    """(name, title) of the officials listed after an 'Övriga närvarande' or 'Tjänstepersoner' label."""
    found = []
    for label in _OFFICIALS_LABEL.finditer(text):
        zone = text[label.end() : label.end() + _OFFICIALS_ZONE_CHARS]
        end = _ZONE_ANYWHERE.search(zone)
        zone = zone[: end.start()] if end else zone
        for m in _NAME_COMMA_TITLE.finditer(zone):
            name = _clean_name(m.group("name"))
            if len(name.split()) >= 2 and parties.canonical(m.group("title").split()[0]) is None:
                found.append((name, m.group("title").strip()))
    return found


# where an officials' list ends: the next label of the first page, or a § heading
_ZONE_ANYWHERE = re.compile(r"(?im)^[ \t]*(?:justerare|utses|underskrifter|sekreterare|paragrafer|plats och tid|§[ \t]*\d+[ \t]+\S)")


# a roster's two columns flattened: a councillor, then an official with a title ('Bengt Adolfsson (M)
# Erik Norinder, utvecklingsledare')
_BESIDE_A_COUNCILLOR = re.compile(rf"^{NAME}[ ]?\([^()\n]{{1,6}}\)[ \t]+(?P<rest>{NAME},[ ]?[^,()]+)$")


def _officials(text: str) -> list[tuple[str, str | None]]:
    """(name, title) of officials: a name line beside a title line or a label line, `Name (Title)`,
    a signature stamp 'Name, Godkännare tjänsteskrivelse, 2026-06-01', two signatures side by side."""
    lines = [_DATE_STAMP.sub("", ln) if ln[-1:].isdigit() else ln for ln in map(str.strip, text.split("\n"))]
    nonblank = [ln for ln in lines if ln]
    found: list[tuple[str, str | None]] = []
    pairs: list[int] = []  # lines that may hold two names: read once every other name is known
    for i, line in enumerate(nonblank):
        beside = _BESIDE_A_COUNCILLOR.match(line)
        if beside and (split := _name_and_title(beside.group("rest"))) and split[1] and _TITLE.match(split[1]):
            found.append((split[0], split[1].lower()))  # the officials' column of a flattened roster
            continue
        labelled = _LABELLED_NAME.match(line)
        if labelled:
            found.append((labelled.group("name"), _LABEL_ROLES[labelled.group("label").lower()]))
            continue
        if _NAME_WORDS.match(line):
            pairs.append(i)
        split = _name_and_title(line)
        if split is None:
            continue
        name, title = split
        if title and _TITLE.match(title):
            found.append((name, title.lower()))
            continue
        if title:
            continue
        nxt = nonblank[i + 1] if i + 1 < len(nonblank) else ""
        prev = re.sub(r"[.…:\s]+$", "", nonblank[i - 1].lower()) if i else ""  # "Sekreterare ......"
        if _TITLE.match(nxt) and len(nxt.split()) <= 5 and not (i in pairs and _two_titles(nxt)):
            found.append((name, nxt.lower()))
        elif prev in _LABEL_ROLES:
            found.append((name, _LABEL_ROLES[prev]))
    for m in _NAME_THEN_TITLE.finditer(text):
        # "Jonas Sjölin (punkt A, förvaltningschef)", "Lena Sultan (tf. lokalstrateg, punkt D)"
        parts = [p.strip() for p in m.group("title").split(",")]
        # the title's head is enough: "avdelningschef LSS personlig assistans och stöd"
        titles = [p for p in parts if p and _TITLE.match(" ".join(p.split()[:4]))]
        if titles:
            name = _clean_name(m.group("name"))
            if len(name.split()) >= 2:
                found.append((name, titles[0].lower()))
    found += _titled_names(text)
    known = {name for name, _ in found}
    for i in pairs:
        found += _side_by_side(nonblank[i], nonblank[i + 1] if i + 1 < len(nonblank) else "", known)
    return found
