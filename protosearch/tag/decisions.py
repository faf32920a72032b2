"""Decisions: the clauses under a `Beslut` heading, `Förslag till beslut` in memos, and
sentences where a body `beslutar`/`beslutade ... att`.

One decision per att-clause, numbered item or bullet; a block without items gives one
decision per sentence.
"""

from __future__ import annotations

import re

from protosearch.tag.persons import find_mentions, is_name_line
from protosearch.records import Decision
from protosearch.tag.sections import Block, blocks

_BULLET = r"[•·▪◦o\-–−—*]"
_ITEM = re.compile(rf"(?m)^[ \t]*(?:\d{{1,2}}[.)][ \t]+|{_BULLET}[ \t]+|(?=att[ \t]))")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_BODY = (r"(?:[A-ZÅÄÖ][\wåäö-]*(?:[ ]och[ ][\wåäö-]+)?(?:nämnden|styrelsen|fullmäktige|utskottet|nämnd|revisionen)"
         r"|Nämnden[ ]för[ ][\wåäö]+(?:[ ](?:&|och)[ ][\wåäö]+)?|Nämnden|Styrelsen|Fullmäktige|Utskottet|Förvaltningen)")
# a sentence: dots inside numbers ("2023.357 KS", "§ 1.2") and after "m.fl." do not end it
_SENTENCE = re.compile(r"(?:\d\.\d|m\.[ ]?fl\.|t\.[ ]?o\.[ ]?m\.|bl\.[ ]?a\.|[^.!?])+[.!?]?")
_PRESENT = re.compile(rf"(?i:{_BODY})[^.\n]{{0,80}}?\bbeslutar\b.{{0,120}}?\batt\b", re.S)
_PAST = re.compile(
    r"\b(?:beslutade|beslöt|beslutat|beslutades|(?:fattade|tog|har[ ]fattat)(?:[ ]\w+)?[ ]beslut)\b", re.I)
# words that make a later paragraph of a Beslut block part of the decision, not its explanation
_DECIDING = re.compile(
    r"(?i)\b(?:beslutar|beslutade|godkänn|anta[rs]|antogs|uppdra|i uppdrag|fastställ|noteras|avslå|bifall|"
    r"återremitt|överlämna|anse[rs]|hänskjut|bevilja|utse[rs]?|utses|upphäv|besvara|tillstyrk|avstyrk|"
    r"träder i kraft|upphör att gälla|ska gälla|gäller från)")  # a taxa's or rule's own clauses
# a later paragraph in which the body acts again: "Kommunstyrelsen lämnar rättegångsfullmakt till ..."
_BODY_ACTS = re.compile(rf"^{_BODY}s?[ ](?!(?:har|hade|är|var|under|efter|över|för|vid)\b)[a-zåäö]+r\b")  # 'återför', 'ger'
_BODY_MENTION = re.compile(
    r"(?i)(?:nämnden|nämnd|styrelsen|fullmäktige|utskottet|utskott|regionen|förvaltningen|kontoret)s?\b")
_BESLUTSGANG = re.compile(r"(?i)^(?:beslutsgång|proposition|omröstning|votering|yrkande|tilläggsyrkande)")
# the chair's propositions and a vote, told without a Beslutsgång heading: how it was decided
_PROCEDURE = re.compile(r"(?i)\b(?:proposition|propositionsordning|omröstning|votering)\b")
_CONDITIONAL = re.compile(r"(?i)^(?:om|när|innan|ifall|under förutsättning att)\b")
# an item decided without a Beslut heading: "Meddelandena noteras."
_NOTED = re.compile(r"^[A-ZÅÄÖ][^.]{0,80}\b(?:noteras|godkänns|antas|fastställs|läggs[ ]till[ ]handlingarna)\.$")
# an agenda's proposal in a table row: "7.  Begäran om medel ...  2023-00836  Förslag till beslut i
# kommunstyrelsen Kommunstyrelsen bifaller begäran ..." (a kallelse's Förslag column)
_INLINE_PROPOSAL = re.compile(
    r"(?<=\S)[ \t]+Förslag[ ]till[ ]beslut[ ](?:i|till)[ ](?:[a-zåäö][\wåäö-]*|nämnden[ ]för[ ][\wåäö&]+(?:[ ]&[ ][\wåäö]+)?)"
    r"[ \t]+(?P<text>[A-ZÅÄÖ][^\n]*?)(?=[ \t]+Förslag[ ]till[ ]beslut[ ]|\n|$)")
_SPLIT_ATT = re.compile(r"(?:;|,)?\s+samt\s+(?=att\b)|;\s*(?=att\b)")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _decision_paragraphs(text: str) -> str:
    """The first paragraph, and later ones that decide something or list items, up to the last
    in which the body acts; not the explanation a secretary may add under the decision
    ('Anmälan är en redovisning ...')."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    # the body acting further down ('Nämnden återför ...') keeps what lies between: a list a
    # converter broke up with blank lines
    last_act = max((i for i, p in enumerate(paragraphs) if any(_BODY_ACTS.match(ln.strip()) for ln in p.split("\n"))),
                   default=0)
    kept = paragraphs[:1]
    for i, p in enumerate(paragraphs[1:], start=1):
        first_sentence = _SENTENCE.match(p.strip())
        decides = bool(first_sentence and (_DECIDING.search(first_sentence.group(0))
                                           or _BODY_ACTS.match(first_sentence.group(0).strip())))
        # a paragraph after one that ends mid-sentence continues it (a page break, a converter's blank line)
        continues = bool(re.search(r"[\wåäö,]\s*$", kept[-1]) and re.match(r"\s*[a-zåäö]", p))
        if _ITEM.match(p) or decides or continues or kept[-1].rstrip().endswith((":", "att")) or i <= last_act:
            kept.append(p)
        else:
            break
    return "\n".join(kept)


def _clauses(text: str) -> list[str]:
    """A block's decisions: its items, or its sentences when it has no items."""
    text = _decision_paragraphs(_block_end(text))
    if not text:
        return []
    starts = [m.start() for m in _ITEM.finditer(text)]
    lead_asks = bool(starts) and bool(re.search(r"(?:att|:|beslutar|beslutade|följande)\s*$", text[: starts[0]]))
    if starts and (len(starts) >= 2 or starts[0] == 0 or lead_asks):
        lead = text[: starts[0]]
        parts = [text[s:e] for s, e in zip(starts, starts[1:] + [len(text)])]
        items = [re.sub(rf"^\s*(?:\d{{1,2}}[.)]|{_BULLET})\s+", "", p) for p in parts]
        clauses = [_flat(i) for i in items]
        lead_flat = _flat(lead)
        if lead_flat and not re.search(r"(?:att|beslutar|beslutade|följande)\s*:?$", lead_flat):  # not "beslutar att:"
            clauses = [*_sentences(lead_flat), *clauses]
    else:
        clauses = _sentences(_flat(text))
    out = []
    for c in clauses:
        out.extend(p.strip() for p in _SPLIT_ATT.split(c))
    return [c for c in out if len(c.split()) >= 2]


_HEADING_LIKE = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:[ ][\wåäö-]+){0,5}$")


def _is_signature(line: str) -> bool:
    """'Camilla Stensson (S), Anton César (S)': councillors signing, nothing else on the line."""
    mentions = find_mentions(line, set())
    rest = line
    for m in reversed(mentions):
        rest = rest[: m.start] + rest[m.end :]
    return bool(mentions) and not re.sub(r"(?:,|\boch\b|\s)+", "", rest)


def _block_end(text: str) -> str:
    """A decision block ends at the officials' signatures or at a heading the rules do not
    know ('Delegationsbeslut'): a short line without end punctuation after a full sentence."""
    lines = text.split("\n")
    seen_text = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        prev = lines[i - 1].strip() if i else ""
        if re.fullmatch(r"_{3,}", stripped):
            return "\n".join(lines[:i])  # the rule under a decision in Finnish protocols
        if seen_text and stripped and (is_name_line(stripped) and not prev or _is_signature(stripped)):
            return "\n".join(lines[:i])
        if seen_text and _HEADING_LIKE.match(stripped) and prev.endswith((".", ":")) and not stripped.lower().startswith("att "):
            return "\n".join(lines[:i])
        seen_text = seen_text or bool(stripped)
    return text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _kind(block: Block, *, is_protocol: bool) -> str | None:
    h = block.heading.lower()
    if "förslag" in h:
        if "på sammanträdet" in h:
            return None  # yrkanden made at the meeting
        if not is_protocol or re.search(r"\btill (?:beslut i |)(?:kommun|region|nämnd|fullmäktige|\w+nämnden)", h):
            return "förslag till beslut"
        return None
    if re.fullmatch(r"(?:[\wåäö-]+(?: (?:och|för|&) [\wåäö-]+)?s )?beslut(?: i korthet)?|beslut ?[–-] .+", h):
        return "beslut"
    return None


# a motion's or an initiative's ask, ending its line: "Jag yrkar därför på", "Vi föreslår att:"
_ASK = re.compile(r"(?im)^[^\n]*\b(?:(?:jag|vi)[ ]+(?:yrkar|föreslår)|(?:yrkar|föreslår)[ ]+(?:jag|vi))\b"
                  r"(?:[ ]+därför)?(?:[ ]+(?:på|att))?[ \t]*:?[ \t]*$")


def _motion_proposals(text: str) -> list[str]:
    """The items a councillor asks for after 'Jag yrkar därför på' (no Förslag heading), up to the signature."""
    m = _ASK.search(text)
    if m is None:
        return []
    return _clauses(text[m.end() :].lstrip("\n"))


def _decided_by_a_body(sentence: str, past: re.Match[str]) -> bool:
    """A body decided, as the subject just before the verb ('Kommunstyrelsen har den 22 september
    2025, § 169 beslutat') or its agent just after ('beslutades av kommunfullmäktige'); not
    'åtgärder som beslutades' in a sentence that names the nämnd elsewhere, nor 'tidigare års
    beslutade förflyttningar', nor 'riktlinjer som är beslutade'."""
    if re.search(r"(?i)\b(?:är|var|vara|blivit)\s+$", sentence[: past.start()]):
        return False
    before = any(m.end() >= past.start() - 70 for m in _BODY_MENTION.finditer(sentence, 0, past.end()))
    return before or bool(_BODY_MENTION.search(sentence, past.end(), past.end() + 40))


# the case's handling at an earlier meeting, as Finnish protocols repeat it before this one's:
# "Personalsektionen 20.2.2023, 4 §", "Stadsstyrelsen 12.9.2022 § 176"
_EARLIER_MEETING = re.compile(r"(?m)^[A-ZÅÄÖ][\wåäö-]+(?:[ ][\wåäö-]+){0,3}[ ]\d{1,2}\.\d{1,2}\.\d{4},?[ ](?:\d{1,4}[ ]?§|§[ ]?\d{1,4})[ \t]*$")


# a Beslut block that opens with the body proposing to a higher one: "Barn- och utbildningsnämnden
# föreslår kommunfullmäktige besluta:", "Kommunstyrelsen föreslår fullmäktige att ..."
_PROPOSES_UPWARD = re.compile(rf"\s*(?:[-•–]\s*)?{_BODY}s?[ ]föreslår[ ](?:kommun|region)?(?:fullmäktige|styrelsen)\b")


def find_decisions(text: str, section: str | None, *, is_protocol: bool) -> list[Decision]:
    """Decisions of one § item (or of a whole memo when `section` is None)."""
    found: list[Decision] = []
    meetings = [m.start() for m in _EARLIER_MEETING.finditer(text)]
    for block in blocks(text):
        kind = _kind(block, is_protocol=is_protocol)
        if kind is None:
            continue
        if kind == "beslut" and any(start > block.start for start in meetings):
            kind = "beslut (referenced)"  # an earlier meeting's: the case was handled again below
        elif kind == "beslut" and _PROPOSES_UPWARD.match(block.text):
            kind = "förslag till beslut"  # the nämnd's decision is a proposal: fullmäktige decides
        found.extend(Decision(section, c, kind) for c in _clauses(block.text))
    if not found and not is_protocol:
        found.extend(Decision(section, c, "förslag till beslut") for c in _motion_proposals(text))
    if not found and is_protocol:  # an arbetsutskott's extract: its proposal to the nämnd is what it decided
        for block in blocks(text):
            if re.search(r"(?i)utskott\w*s förslag", block.heading):
                found.extend(Decision(section, c, "förslag till beslut") for c in _clauses(block.text))
    for m in _INLINE_PROPOSAL.finditer(text):
        found.extend(Decision(section, c, "förslag till beslut") for c in _sentences(_flat(m.group("text"))))
    has_decision = bool(found)
    for block in blocks(text):
        if _kind(block, is_protocol=is_protocol) is not None or "förslag" in block.heading.lower():
            continue
        if is_protocol and section and not has_decision:
            noted = [ln.strip() for ln in block.text.split("\n") if _NOTED.match(ln.strip())]
            found.extend(Decision(section, line, "beslut") for line in noted[:1])
            has_decision = has_decision or bool(noted)
        # "Nämnden har således beslutat enligt X:s yrkande" tells this meeting's outcome again
        outside_beslutsgang = not _BESLUTSGANG.match(block.heading)
        for m in _SENTENCE.finditer(block.text):
            sentence = _flat(m.group(0))
            lower = sentence.lower()
            # both patterns need a form of "beslut"/"beslöt": a cheap test spares the slow search
            if "besl" not in lower or not 4 <= len(sentence.split()) <= 80 or _CONDITIONAL.match(sentence):
                continue
            if "beslutar" in lower and _PRESENT.search(sentence):
                # the chair's propositions ('finner att nämnden beslutar att bifalla ...') tell how
                # the § was decided, and a vote may have overturned them: the Beslut block holds the outcome
                if (outside_beslutsgang and not _PROCEDURE.search(sentence)) or not has_decision:
                    found.append(Decision(section, sentence, "beslut"))
            elif outside_beslutsgang and (past := _PAST.search(sentence)) and _decided_by_a_body(sentence, past):
                found.append(Decision(section, sentence, "beslut (referenced)"))
    # the chair's propositions and a vote told under a Beslut heading are how it was decided, not
    # what: left out where the § states its decision otherwise
    if any(d.kind == "beslut" and not _PROCEDURE.search(d.text) for d in found):
        found = [d for d in found if not (d.kind == "beslut" and _PROCEDURE.search(d.text))]
    return found
