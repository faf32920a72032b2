"""Written statements (reservation, särskilt uttalande, ersättaryttrande, protokollsanteckning)
and yrkanden, with their authors, parties and text.

A statement stands under its heading (`Reservation`, `Särskilt uttalande`, `Anteckning` ...)
until the next heading, or in one sentence ("X (M) reserverar sig mot beslutet"). The word
"reservation" alone in running text (an audit's qualification, a reserve date) and the
adverb "särskilt" are not statements: only headings and the verb count.
"""

from __future__ import annotations

import re

from protosearch.tag import parties
from protosearch.tag.persons import Mention, find_mentions
from protosearch.records import Statement
from protosearch.tag.sections import blocks

_HEADING_TYPES = (
    (re.compile(r"^reservation", re.I), "reservation"),
    (re.compile(r"^särskil(?:t|da) (?:uttalande|yttrande)", re.I), "särskilt uttalande"),
    (re.compile(r"^ersättaryttrande", re.I), "ersättaryttrande"),
    (re.compile(r"^(?:protokolls)?anteckning", re.I), "protokollsanteckning"),
    (re.compile(r"^skriftlig reservation", re.I), "reservation"),
)
# A new author group inside one statement block: "X (S) och Y (V) lämnar följande ..."
_INTRO = re.compile(
    r"(?:lämna[rd]e?|anmäl(?:er|de)|inkom(?:mer)?|avger|avgav|får|fick)\s+(?:följande|en|ett|in)?\s*"
    r"(?:skriftlig[a]?\s+)?(?:reservation|protokollsanteckning|särskil[dt]a?\s+(?:uttalande|yttrande)|"
    r"ersättaryttrande|anteckning|yttrande|uttalande)|reserverar\s+sig|reserverade\s+sig"
    r"|(?:låter|lät|vill)\s+(?:\w+\s+){0,2}anteckna",  # "låter till protokollet anteckna följande"
    re.I,
)
_YRKAR = re.compile(r"\byrka(?:r|de)\b|\bföreslår\b(?=[^.]{0,40}\batt\b)", re.I)
_SENTENCE = re.compile(r"(?:m\.[ ]?fl\.|[^.!?])+[.!?:]?")
_PARTY_WORD = re.compile(r"\(([A-Za-zÅÄÖåäö]{1,6})\)|\b([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3})\b")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _heading_type(heading: str) -> str | None:
    for pattern, kind in _HEADING_TYPES:
        if pattern.match(heading):
            return kind
    return None


def _parties_in(text: str, local: set[str]) -> list[str]:
    """Parties named in a heading or intro sentence: `(S)`, `S och V`, 'Socialdemokraterna'."""
    found = []
    for m in _PARTY_WORD.finditer(text):
        token = m.group(1) or m.group(2)
        p = parties.canonical(token) if (m.group(1) or token.isupper()) else None
        if p is None and token in local:
            p = token
        if p:
            found.append(p)
    lowered = text.lower()
    found.extend(party for name, party in parties.name_map().items() if re.search(rf"\b{name}\b", lowered))
    found.extend(parties.local_party_names(text))
    return list(dict.fromkeys(found))


# a name in the genitive before what it owns is not an author: "stödjer Fredrik Hanssons (C) yrkande"
_OWNED = re.compile(r"\s*(?:\([^)]{1,8}\)\s*)?(?:yrkande|tilläggsyrkande|ändringsyrkande|förslag|motion|reservation)", re.I)


def _authors(intro: str, local: set[str]) -> tuple[list[Mention], list[str]]:
    mentions = [m for m in find_mentions(intro, local)
                if not (m.name.endswith("s") and _OWNED.match(intro, m.end))]
    names = list(dict.fromkeys(m.name for m in mentions))
    return mentions, names


def _split_by_leading_authors(text: str, local: set[str]) -> list[tuple[str, str]]:
    """(intro, body) per paragraph or sentence that opens with someone's name, when a statement
    block holds several authors' notes without an intro verb ('X (L) stödjer ... . Y (C) ...')."""
    starts = [m.start for m in find_mentions(text, local)
              if re.fullmatch(r"\s*|.*[.!?]\s*", text[max(0, m.start - 200) : m.start].split("\n")[-1])]
    if len(starts) < 2:
        return [("", text)]
    bounds = [0 if i == 0 else s for i, s in enumerate(starts)] + [len(text)]
    groups = []
    for a, b in zip(bounds, bounds[1:]):
        part = text[a:b]
        first = _SENTENCE.match(part.strip())
        groups.append((first.group(0) if first else part, part))
    return groups


def _statement(kind: str, intro: str, body: str, section: str | None, local: set[str],
               heading: str = "", joined_by: str = "") -> Statement:
    """`joined_by`: the text naming those who join the author ('med instämmande av Y (L)')."""
    mentions, names = _authors(intro + ("\n" + joined_by if joined_by else ""), local)
    party_list = list(dict.fromkeys(m.party for m in mentions if m.party))
    if not party_list:
        party_list = _parties_in(heading + "\n" + intro, local)
    if joined_by:
        party_list = list(dict.fromkeys(party_list + _parties_in(joined_by, local)))
    return Statement(kind, tuple(names), tuple(party_list), section, _flat(body) or _flat(intro))


# those who join a yrkande: "yrkar, med instämmande av Stig-Arne Tengmer (L), bifall", "yrkar för
# partigrupp M och KD bifall"
_JOINED_BY = re.compile(
    r"\bmed\s+instämmande\s+(?:av|från)\s+(?P<who>[^.;]{3,160}?)(?=,\s*[a-zåäö]|\s+(?:bifall|avslag|återremiss|att)\b|[.;]|$)"
    r"|\bför\s+partigrupp(?:en|erna)?\s+(?P<group>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}(?:(?:,\s*|\s+och\s+|\s+samt\s+)[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3})*)\b")


_SENTENCE_BREAK = re.compile(r"(?<!m\.fl)(?<!\bca)(?<!\bbl\.a)[.!?:](?=\s+[A-ZÅÄÖ(])|\n[ \t]*\n")


_INTRO_END = re.compile(r":|[.!?](?=\s+[A-ZÅÄÖ\d\"”-])|\n[ \t]*\n|[.!?]\s*$")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins ('m.fl.' does not end a sentence)."""
    start = 0
    for m in _SENTENCE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def _split_groups(text: str) -> list[tuple[str, str]]:
    """(intro, body) for each author group of a statement block."""
    intros = [m for m in _INTRO.finditer(text)]
    if not intros:
        return [("", text)]
    groups = []
    for i, m in enumerate(intros):
        sentence_start = _sentence_start(text, m.start())
        if i and sentence_start < intros[i - 1].end():
            sentence_start = intros[i - 1].end()
        end = _INTRO_END.search(text, m.end())
        intro_end = end.end() if end else len(text)
        body_end = len(text)
        if i + 1 < len(intros):
            nxt = intros[i + 1]
            body_end = max(text.rfind("\n", 0, nxt.start()), intro_end)
            body_end = max(text.rfind(".", 0, nxt.start()) + 1, intro_end) if body_end == intro_end else body_end
        groups.append((text[sentence_start:intro_end].lstrip(". \n"), text[intro_end:body_end]))
    return groups


def _merge_announced(statements: list[Statement]) -> list[Statement]:
    """One statement per written statement: the line that announces it ('X (M) och Y (L) lämnar
    följande skriftliga reservation') and its text, standing apart without authors (an annex, a
    block under its own heading), are one reservation, by the announcers, with the written text."""
    out: list[Statement] = []
    for st in statements:
        announced = next((i for i, o in enumerate(out) if o.type == st.type != "yrkande" and o.by and not st.by
                          and set(o.parties) & set(st.parties)), None)
        if announced is None:
            out.append(st)
        else:
            o = out[announced]
            out[announced] = Statement(o.type, o.by, o.parties, o.section, st.text if len(st.text) > len(o.text) else o.text)
    return out


def find_statements(text: str, section: str | None, local: set[str]) -> list[Statement]:
    """Statements and yrkanden of one § item, or of a whole document."""
    out: list[Statement] = []
    for block in blocks(text):
        kind = _heading_type(block.heading)
        if kind is not None:
            groups = _split_groups(block.text)
            if groups == [("", block.text)]:
                groups = _split_by_leading_authors(block.text, local)
            for intro, body in groups:
                if intro or body.strip():
                    out.append(_statement(kind, intro or body[:200], body, section, local, block.heading))
        else:
            out.extend(_inline_statements(block.text, section, local))
    return _merge_announced(out)


_INLINE = re.compile(
    r"(?=[ralp])"  # the first letters of the forms below: the scan skips other places at once
    r"(?:\breserver(?:ar|ade)\s+sig\b|\b(?:anmäler|anmälde|lämnar|lämnade|avger|avgav)\s+(?:en\s+|ett\s+)?"
    r"(?:skriftlig\s+)?(?P<noun>reservation|protokollsanteckning|särskil[dt]a?\s+(?:uttalande|yttrande)|"
    r"ersättaryttrande)|\b(?P<note>antecknar|anteckna|antecknat)\b[^.]{0,30}\bprotokoll"
    r"|\bprotokollet\s+(?:\w+\s+){0,2}(?P<note_after>anteckna[rt]?)\b)",
    re.I,
)


def _subject(before: str, local: set[str]) -> str:
    """The lines just before the verb that name someone, and the lines that continue their list
    ('X (S),⏎Y (V) och Z (C) reserverar sig'); not an attendance list further up."""
    lines = before.split("\n")
    taken: list[str] = []
    for line in reversed(lines):
        if taken and not re.search(r"(?:,|\boch|\bsamt)\s*$", line) and (
                find_mentions("\n".join(taken), local) or _parties_in("\n".join(taken), local)):
            break
        taken.insert(0, line)
    return "\n".join(taken)


def _inline_kind(m: re.Match[str]) -> str:
    if m.group("note") or m.group("note_after"):
        return "protokollsanteckning"
    noun = (m.group("noun") or "reservation").lower()
    return next(kind for pattern, kind in _HEADING_TYPES if pattern.match(noun))


def _inline_statements(text: str, section: str | None, local: set[str]) -> list[Statement]:
    """'X (M) reserverar sig mot beslutet', 'Y (V) anmäler en protokollsanteckning', 'Z (S) yrkar
    avslag' outside statement headings. Authors stand before the verb, or anywhere in the
    sentence when it opens otherwise ('Mot beslutet reserverar sig X (S)')."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if not sentence.strip():
            continue
        if statement := _INLINE.search(sentence):
            before = _subject(sentence[: statement.start()], local)
            subject = before if find_mentions(before, local) or _parties_in(before, local) else sentence
            if not (find_mentions(subject, local) or _parties_in(subject, local)):
                continue  # "Nämnden antecknar informationen till protokollet": a decision, nobody's statement
            out.append(_statement(_inline_kind(statement), subject, sentence, section, local))
        elif (y := _YRKAR.search(sentence)) and (
            find_mentions(sentence[: y.start()], local) or _parties_in(sentence[: y.start()], local)
        ):
            joined = " ".join(j.group("who") or j.group("group") for j in _JOINED_BY.finditer(sentence, y.start()))
            out.append(_statement("yrkande", sentence[: y.start()], sentence, section, local, joined_by=joined))
    return out
