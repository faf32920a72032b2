"""Attendance rosters written as tick boxes, and rosters that put the surname first.

Some meeting systems (Finland's among them) print the attendance list as rows of tick boxes,
one column per kind of seat under a header line ('ordinarie ersättare'):

    [X] Lindvall Mikael, ordförande [ ] Eklund Karita
    [ ] Karf Johannes               [X] Rögård Linda

A ticked box in the ersättare column is a substitute who served. The same systems write a
roster name surname first while the signatures under it read given name first ('Mikael
Lindvall'); the document itself tells which order its rosters use.
"""

from __future__ import annotations

import re

from protosearch.tag.names import NAME

_BOX = re.compile(r"\[[ xX]?\]|[☒☑☐■□]")
_TICKED = re.compile(r"\[[xX]\]|[☒☑■]")
_COLUMN_WORDS = {"ordinarie": "ledamot", "ledamöter": "ledamot", "ledamot": "ledamot",
                 "ersättare": "ersättare", "ersättarna": "ersättare"}
_ROLE = re.compile(r"(?i)\b(?P<role>(?:1:e[ ]|2:e[ ])?vice[ ]?ordförande|ordförande)\b")
_CELL = re.compile(rf"^(?P<name>{NAME})(?:\s*,.*|\s+\(.*\)|\s+§.*)?$", re.S)


def _columns(header: str) -> list[str] | None:
    """'ordinarie ersättare' -> ['ledamot', 'ersättare']; None for a line that is no header."""
    words = header.lower().split()
    if not words or any(w not in _COLUMN_WORDS for w in words):
        return None
    return [_COLUMN_WORDS[w] for w in words]


def _member(cell: str, ticked: bool, column: str) -> tuple[str, str] | None:
    """(name as written, role) of one tick-box cell: 'Hellsten Jean, viceordförande (distans)'."""
    m = _CELL.match(" ".join(cell.split()))
    if m is None:
        return None
    name = m.group("name")
    if len(name.split()) > 4:
        return None
    role = _ROLE.search(cell[m.end("name"):])
    if role:
        return name, re.sub(r"(?i)vice[ ]?ordförande", "vice ordförande", role.group("role").lower())
    if column == "ersättare" and ticked:
        return name, "tjänstgörande ersättare"
    return name, column


def tick_box_members(text: str) -> list[tuple[str, str]]:
    """(name as written, role) of every member in a tick-box roster, in reading order."""
    members: list[tuple[str, str]] = []
    columns = ["ledamot"]
    for line in text.split("\n"):
        header = _columns(line.strip())
        if header:
            columns = header
            continue
        boxes = list(_BOX.finditer(line))
        if not boxes or line[: boxes[0].start()].strip():
            continue
        for i, box in enumerate(boxes):
            end = boxes[i + 1].start() if i + 1 < len(boxes) else len(line)
            column = columns[min(i, len(columns) - 1)]
            member = _member(line[box.end() : end].strip(), bool(_TICKED.fullmatch(box.group())), column)
            if member:
                members.append(member)
    return members


def _given_name_first(name: str) -> str:
    """'Frostdahl-Blomqvist Siw' -> 'Siw Frostdahl-Blomqvist'; 'Phan An Tuan' -> 'An Tuan Phan'."""
    words = name.split()
    return " ".join(words[1:] + words[:1])


def _occurrences(name: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))


def in_given_name_order(listed: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """(name, role) pairs from the document's rosters, each name given name first: in a document
    whose rosters put the surname first, the names that begin a roster entry (a line, or a
    tick box) are turned round; 'Intygar: Camilla Högdahl-Pasanen' is written the usual way."""
    if not _writes_surname_first([name for name, _ in listed], text):
        return listed
    return [(_given_name_first(name) if _begins_an_entry(name, text) else name, role) for name, role in listed]


def _begins_an_entry(name: str, text: str) -> bool:
    return bool(re.search(rf"(?m)(?:^|{_BOX.pattern})[ \t]*{re.escape(name)}(?![\w-])", text))


def _writes_surname_first(names: list[str], text: str) -> bool:
    """Whether the document's rosters put the surname first: more of their names appear
    elsewhere in the text the other way round ('Mikael Lindvall' in a signature) than
    again as the roster writes them."""
    reversed_elsewhere = written_again = 0
    for name in dict.fromkeys(names):
        if len(name.split()) < 2:
            continue
        if _occurrences(_given_name_first(name), text):
            reversed_elsewhere += 1
        elif _occurrences(name, text) > 1:
            written_again += 1
    return reversed_elsewhere > written_again
