"""Split a protocol into its § items, and split an item into blocks under their headings.

A § heading is a line starting with `§ N` (or `§N`), with the body's abbreviation before it
(`KF § 17`, `BN §5`), or in the Finnish order `17 §`. Tables of contents and lists of §§
inside an item also start lines with `§`, so a candidate counts when it is strong (at the
top of a page, alone on its line, or followed by its case number) or when it is the next
number in sequence; a strong heading replaces a weak one with the same number. A line of a
table of contents (a dotted leader to a page number, or one of a run of §§ a few lines
apart) is never strong: the body's headings that repeat it win. A page whose § number stands
only in its running header ('Protokoll | 42 § | 15.09.2022') opens that §.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protosearch.tag.casenumbers import find_case_numbers
from protosearch.records import Page, Section

_HEADING = re.compile(
    r"""^[ \t]*(?:-[ \t]+(?=§[ \t]*\d{1,4}[ \t]*$))?(?:                            # "- § 143" alone: a converter's bullet
        (?:[A-ZÅÄÖ]{1,6}(?:-?[A-ZÅÄÖ]{1,3})?[ \t]+)?[§$][ \t]*(?P<number>\d{1,4})(?![\d:])  # § 17, KF § 17, BN §5 ($: OCR's §)
      | (?P<finnish>\d{1,4})[ \t]*§(?!§)(?=[ \t]*(?:$|[A-ZÅÄÖ]))                    # 17 § Title (Finland)
    )[ \t]*(?P<rest>.*)$""",
    re.M | re.X,
)
_DOTTED_LEADER = re.compile(r"(?:\.[ ]?){5,}[ \t]*\d{1,4}[ \t]*$", re.M)  # "Budget 2027 ........ 4"
_TOC_GAP = 300  # characters: §§ closer than this to the next one are lines of a list, not items

# Headings inside a § item or a memo, each opening a block that runs to the next heading.
BLOCK_HEADINGS = re.compile(
    r"""^[ \t]*(?-i:[A-ZÅÄÖ][A-ZÅÄÖ -]{9,}[ \t]+(?:\d{4}-\d{2}-\d{2}[ \t]+)?)?  # a margin label in capitals before it
    (?P<heading>
        (?:[\wåäö-]+(?:[ ](?:och|för|&)[ ][\wåäö-]+)?s[ ])?beslut(?:[ ]i[ ]korthet)?  # Barn- och utbildningsnämndens beslut
      | beslut[ ]?[–-][ ].{3,60}                                     # Beslut – för fastställande i nämnden för Teknik
      | förslag[ ]till[ ]beslut(?:[ ][\wåäö -]{0,40})?
      | (?:förvaltningens|arbetsutskottets|kommunstyrelsens|ordförandens|nämndens|[\wåäö-]+s)[ ]förslag(?:[ ]till[ ]beslut(?:[ ][\wåäö -]{0,40})?)?
      | beslutsgång | beslutsgången | yrkanden? | tilläggsyrkanden? | propositionsordning | proposition
      | omröstning | votering | omröstningsresultat | voteringslista | omröstningslista
      | reservation(?:er)?(?:[ ].{0,60})?
      | särskil(?:t|da)[ ](?:uttalanden?|yttranden?)(?:[ ].{0,60})?
      | ersättaryttranden? (?:[ ].{0,60})?
      | protokollsanteckning(?:ar)?(?:[ ].{0,60})? | anteckning(?:ar)?(?:[ ]till[ ]protokollet)?
      | ärendet | ärendebeskrivning | bakgrund | sammanfattning(?:[ ]av[ ]ärendet)? | beskrivning[ ]av[ ]ärendet
      | beredning | ärendets[ ]beredning | tidigare[ ]behandling | beslutsmotivering | handlingar | underlag
      | beslutsunderlag | (?:beslutet[ ])?expedieras[ ]till | expediering | (?:beslutet[ ](?:ska[ ])?)?skickas[ ]till(?:[ ].{0,40})?
      | förvaltningens[ ](?:synpunkter|överväganden|bedömning) | bedömning | yttrande | motivering
      | jäv | paragrafen[ ]är[ ]justerad | justerandes[ ]signatur | bilag(?:a|or) | ansvariga | underskrifter
      | skäl[ ]för[ ]beslut | konsekvenser | ekonomiska[ ]konsekvenser | barnkonsekvensanalys
      | information | föredragningar | beslutsplanering | tidigare[ ]beslut
    )[ \t]*:?[ \t]*$""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


@dataclass(frozen=True)
class Block:
    heading: str  # as written, "" for text before the first heading
    text: str
    start: int  # offset of the block's text in the section (or document) text


def blocks(text: str) -> list[Block]:
    """The text split at headings; a heading line must be short and stand alone."""
    out: list[Block] = []
    heading, start = "", 0
    for m in BLOCK_HEADINGS.finditer(text):
        line = m.group("heading").strip()
        if len(line) > 80 or not line[0].isupper():
            continue  # "lämnar följande⏎protokollsanteckning:" ends a sentence, it is no heading
        out.append(Block(heading, text[start : m.start()], start))
        heading, start = line.rstrip(":").strip(), m.end()
    out.append(Block(heading, text[start:], start))
    return [b for b in out if b.heading or b.text.strip()]


@dataclass(frozen=True)
class _Candidate:
    number: int
    page: int
    offset: int  # into the joined document text
    rest: str
    strong: bool


def _candidates(pages: tuple[Page, ...]) -> list[_Candidate]:
    out = []
    offset = 0
    for page in pages:
        text = page.text
        first_line_end = len(text) - len(text.lstrip())
        in_header = _number_in_header(page.furniture)
        if in_header is not None and not _HEADING.match(text.lstrip()):
            # the § only in the running header ('Protokoll | 42 § | 15.09.2022'): the page opens it
            first_line = text.lstrip().split("\n", 1)[0].strip()
            out.append(_Candidate(in_header, page.number, offset, first_line, True))
        for m in _HEADING.finditer(text):
            rest = m.group("rest").strip()
            after = text[m.end() : m.end() + 200]
            body_follows = bool(after.strip()) and not re.match(r"\s*(?:[§$]\s*\d|\d{1,4}\s*§)", after)
            if not body_follows:
                continue  # a line of a table of contents or of a list of §§
            in_contents = bool(_DOTTED_LEADER.search("\n".join((rest + after).split("\n")[:4])))
            follows_case = any(s < 40 for s, _, _ in find_case_numbers(rest + "\n" + after[:60]))
            strong = not in_contents and (m.start() <= first_line_end or not rest or follows_case)
            number = int(m.group("number") or m.group("finnish"))
            out.append(_Candidate(number, page.number, offset + m.start(), rest, strong))
        offset += len(text) + 2  # the "\n\n" that joins pages
    # a run of §§ in sequence, each a few lines from the next, is a list of them (an agenda)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.strong and b.number > a.number and b.offset - a.offset < _TOC_GAP and _listed_again(out, a):
            out[i] = _Candidate(a.number, a.page, a.offset, a.rest, False)
    return out


_HEADER_NUMBER = re.compile(r"^(?:§[ \t]*(?P<a>\d{1,4})|(?P<b>\d{1,4})[ \t]*§)$")


def _number_in_header(furniture: tuple[str, ...]) -> int | None:
    """The one § number a page's running header or footer names ('42 §'), if it names one."""
    numbers = {int(m.group("a") or m.group("b")) for line in furniture if (m := _HEADER_NUMBER.match(line.strip()))}
    return numbers.pop() if len(numbers) == 1 else None


def _listed_again(candidates: list[_Candidate], c: _Candidate) -> bool:
    """Whether the same § number stands again later: a list's line, the item itself further on."""
    return any(o.number == c.number and o.offset > c.offset for o in candidates)


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """The heaviest chain of strictly increasing § numbers, a strong heading weighing 3 and a
    weak one 1: a table of contents (all weak) loses to the real headings that repeat it.
    A jump of more than 10 to a heading without a body of its own (another candidate a few
    lines away) costs 4: "§ 67 2026.142 KS" in a list of messages is another body's §, not the
    next item of this protocol; §§ 137, 163 and 164 published together, each with its text, are
    not a list."""
    n = len(candidates)
    best = [3 if c.strong else 1 for c in candidates]
    prev = [-1] * n
    listed = [any(0 <= k < n and k != i and abs(candidates[k].offset - c.offset) < _TOC_GAP for k in (i - 1, i + 1))
              for i, c in enumerate(candidates)]
    for i, c in enumerate(candidates):
        for j in range(i):
            jump = 4 if c.number - candidates[j].number > 10 and (listed[i] or not c.strong) else 0
            w = best[j] + (3 if c.strong else 1) - jump
            if candidates[j].number < c.number and w > best[i]:
                best[i], prev[i] = w, j
    chain: list[_Candidate] = []
    i = max(range(n), key=lambda k: best[k], default=-1)
    while i != -1:
        chain.append(candidates[i])
        i = prev[i]
    return chain[::-1]


# the §§ a protocol's signature block says it holds: "Paragrafer §§ 99, 101", "Paragrafer 93-104"
_RANGE = r"\d{1,4}(?:[ \t]*[-–][ \t]*§?[ \t]*\d{1,4})?"  # also "§44 -§54"
_DECLARED = re.compile(rf"(?im)^[ \t]*(?:.*\s)?paragrafer[ \t]*:?[ \t]*(?:§§?[ \t]*)?(?P<list>{_RANGE}"
                       rf"(?:[ \t]*(?:,|och|samt)[ \t]*(?:§§?[ \t]*)?{_RANGE})*)")


def _declared_numbers(text: str) -> set[int]:
    """The § numbers a 'Paragrafer' line on the first pages declares, or none."""
    m = _DECLARED.search(text[:8000])
    if m is None:
        return set()
    numbers: set[int] = set()
    for part in re.findall(_RANGE, m.group("list")):
        bounds = [int(x) for x in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= 500:
            numbers.update(range(bounds[0], bounds[1] + 1))
        else:
            numbers.add(bounds[0])
    return numbers


def split_sections(pages: tuple[Page, ...]) -> list[Section]:
    """The § items of a protocol in order, with number, title, page, case numbers and text.
    Where the signature block declares the §§ ('Paragrafer §§ 99, 101'), a § line before or
    among them that it does not name is no item: an attendance list's '§ 96' over 'Joel
    Ledsgård, specialist'."""
    text = "\n\n".join(p.text for p in pages)
    candidates = _candidates(pages)
    declared = _declared_numbers(text)
    strong = [c for c in candidates if c.strong]
    # trusted only when it holds most headings: a misread line must not remove the protocol's §§;
    # a heading after the declared ones stays (§§ justified at once are sometimes left out)
    trusted = len([c for c in strong if c.number in declared]) * 2 >= len(strong) > 0
    kept = [c for c in candidates if c.number in declared or (c.strong and c.number > max(declared, default=0))]
    chosen = _choose(kept if kept and trusted else candidates)
    sections = []
    for i, c in enumerate(chosen):
        end = chosen[i + 1].offset if i + 1 < len(chosen) else len(text)
        body = text[c.offset : end]
        heading_line, _, rest_of_body = body.partition("\n")
        head = "\n".join([heading_line, *[ln for ln in rest_of_body.split("\n") if ln.strip()][:3]])
        head_cases = tuple(dict.fromkeys(cn.normalized for _, _, cn in find_case_numbers(head)))
        title = _title(c.rest, rest_of_body)
        sections.append(Section(f"§ {c.number}", title, c.page, head_cases, body))
    return sections


def _title(rest: str, following: str) -> str:
    """The heading's words without its case numbers, or the next line when the heading has none."""
    for s, e, _ in sorted(find_case_numbers(rest), reverse=True):
        rest = rest[:s] + rest[e:]
    rest = " ".join(rest.split()).strip(" -–,")
    if len(rest) >= 3:
        return rest
    for line in following.split("\n")[:3]:
        line = line.strip()
        for s, e, _ in sorted(find_case_numbers(line), reverse=True):
            line = line[:s] + line[e:]
        line = " ".join(line.split()).strip(" -–,")
        if len(line) >= 3 and not re.match(r"(?i)^dnr\b", line):
            return line
    return ""
