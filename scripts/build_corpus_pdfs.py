#!/usr/bin/env python3
"""Build the PDF fixtures in corpus/ from the seed texts, deterministically.

The PDFs are laid out the way Swedish municipal meeting systems print them:
a running header (organisation, body, document type, date) and footer
(``Justerandes signatur``, ``Utdragsbestyrkande``, ``Sida N (M)``) on every
page, line-end hyphenation of long compounds, bold § headings, a ruled table
and a scanned page without a text layer.  The script also writes
corpus/EXPECTED.json, the facts a test can assert about the PDFs, taken from
the layout it actually produced (pages of § headings, hyphenated words).

Usage (from the repository root)::

    .venv/bin/python scripts/build_corpus_pdfs.py

Needs fpdf2 (the ``build`` extra), pypdfium2 and Pillow, and the DejaVu fonts in
/usr/share/fonts/truetype/dejavu/ (Debian's ``fonts-dejavu-core`` for Sans and
Sans-Bold, ``fonts-dejavu-extra`` for Sans-Oblique).  Running it twice gives
byte-identical files; other versions of fpdf2 or of the fonts may lay out lines
differently, and then EXPECTED.json changes with the PDFs.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

# A fixed date keeps /CreationDate and the file /ID stable between runs.
FIXED_DATE = datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
CREATOR = "protosearch scripts/build_corpus_pdfs.py"

SEED_001 = "001_ec3af93503d094b5.txt"
SEED_002 = "002_7f25499cff44f77b.txt"
SEED_004 = "004_87b419a6ec439972.txt"

# Page geometry (mm, A4 portrait).
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_L, MARGIN_R = 25.0, 20.0
HEADER_TOP = 11.0
BODY_TOP = 31.0
BODY_BOTTOM = 270.0
FOOTER_TOP = 274.0

BODY_SIZE = 10.0
SECTION_COL = 15.0  # protocols: "§ 7" hangs left of this column, title and body in it
LINE_H = 5.2

# Hyphenation: only words this long are split, and each part keeps this many letters.
HYPHENATE_MIN_LEN = 13
HYPHEN_MIN_HEAD, HYPHEN_MIN_TAIL = 4, 5

NBSP = "\u00a0"  # glue in the source texts: rendered as a plain space, never broken

# First elements of the compounds in the corpus; a split after one of them reads
# naturally ("arbetsmarknads-" / "förvaltningens").  Other words fall back to a
# syllable rule.
COMPOUND_HEADS = (
    "arbets", "arbetsmarknads", "marknads", "förvaltnings", "civil", "samhälls",
    "kvalitets", "berednings", "utvecklings", "verksamhets", "försörjnings",
    "försörjningsstöds", "jobbtorgs", "konkurrens", "stadsdels", "socialtjänst",
    "socialtjänstens", "myndighets", "likabehandlings", "arbetslivs", "själv",
    "tjänste", "samverkans", "upphandlings", "hållbarhets", "företags",
    "styrgrupps", "rehabiliterings", "långtids", "uppföljnings", "mandat",
    "lednings", "utbildnings", "yrkes", "matchnings", "rekryterings",
    "organisations", "kommunfull", "stadslednings", "medborgar", "månads",
    "arbetsgivar", "arbetsträning", "ekonomi", "budget", "social", "styrelse",
    "överens", "förslags", "vuxen", "anställnings", "inriktnings", "redovisnings",
    "förenings", "slut", "läges", "lång",
)
VOWELS = set("aeiouyåäöéAEIOUYÅÄÖÉ")
# Consonant pairs that a syllable break must not separate: digraphs and common
# onsets ("styrg-rupps" reads wrong, "styr-grupps" right).
KEEP_TOGETHER = {
    "ng", "ck", "sj", "tj", "kj", "ch", "sh", "gj", "dj", "lj", "sk", "st",
    "br", "dr", "fr", "gr", "kr", "pr", "tr", "vr", "bl", "fl", "gl", "kl", "pl",
    "sl", "sm", "sn", "sp", "sv", "kv",
}


# --------------------------------------------------------------------------
# Seed text -> blocks
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One unit of a document: a heading, paragraph, list or table."""

    kind: str  # "h1".."h4", "p", "i" (italic paragraph), "ul", "ol", "att", "table"
    text: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """A § of the protocol; ``text`` in the seeds' markup (empty for § 7, taken from seed 001)."""

    number: int
    title: str
    case_number: str
    text: str = ""


def strip_markdown(text: str) -> str:
    """Drop the markdown residue of the extraction: ``**``, leading ``#``, ``*``."""
    text = re.sub(r"^#+\s*", "", text.strip())
    return text.replace("**", "").replace("*", "").strip()


def join_broken_paragraphs(paragraphs: list[str]) -> list[str]:
    """Rejoin paragraphs that a page break of the source PDF cut mid-sentence."""
    out: list[str] = []
    for para in paragraphs:
        if (
            out
            and para[:1].islower()
            and not out[-1].startswith(("#", "-", "*"))
            and out[-1][-1:].isalpha()
            and len(out[-1]) > 80  # a cut sentence, not a short line such as a title
        ):
            out[-1] = out[-1] + " " + para
        else:
            out.append(para)
    return out


def parse_seed(text: str, plain_headings: Iterable[str] = ()) -> list[Block]:
    """Split a seed text into blocks; ``plain_headings`` are headings written without markup."""
    headings = set(plain_headings)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    blocks: list[Block] = []
    for para in join_broken_paragraphs(paragraphs):
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        if "\t" in para:
            rows = tuple(tuple(cell.strip() for cell in ln.split("\t")) for ln in lines)
            blocks.append(Block("table", rows=rows))
        elif para.startswith("#"):
            level = len(para) - len(para.lstrip("#"))
            blocks.append(Block(f"h{min(level, 4)}", strip_markdown(para)))
        elif para.startswith("**") and para.endswith("**"):
            # "**Beslutet skickas till****Ärendet****Bakgrund**": headings glued together.
            for part in para.strip("*").split("****"):
                blocks.append(Block("h4", strip_markdown(part)))
        elif para.startswith("*") and para.endswith("*"):
            blocks.append(Block("i", strip_markdown(para)))
        elif all(ln.startswith("- ") for ln in lines):
            blocks.append(Block("ul", items=tuple(strip_markdown(ln[2:]) for ln in lines)))
        elif all(re.match(r"\d+\. ", ln) for ln in lines):
            blocks.append(Block("ol", items=tuple(strip_markdown(ln) for ln in lines)))
        elif all(ln.startswith("att ") for ln in lines):
            blocks.append(Block("att", items=tuple(strip_markdown(ln[4:]) for ln in lines)))
        elif para in headings:
            blocks.append(Block("h4", para))
        else:
            blocks.append(Block("p", strip_markdown(" ".join(lines))))
    return blocks


def read_seed(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Running:
    """Running header and footer of one document."""

    left: tuple[str, ...]  # organisation, body (first line bold)
    right: tuple[str, ...]  # document type (bold), date, ...
    signature_boxes: bool  # protocols: "Justerandes signatur" / "Utdragsbestyrkande"
    footer_left: str = ""

    def footer_strings(self) -> list[str]:
        if self.signature_boxes:
            return ["Justerandes signatur", "Utdragsbestyrkande"]
        return [self.footer_left] if self.footer_left else []


@dataclass
class Layout:
    """What the layout did, for EXPECTED.json."""

    sections: list[dict[str, Any]] = field(default_factory=list)
    hyphenations: list[dict[str, Any]] = field(default_factory=list)
    real_hyphens_at_line_end: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    text: str
    hyphen: tuple[str, str] | None = None  # (head, tail) of a word split at the line end
    real_hyphen: tuple[str, str] | None = None  # last word has its own hyphen, next word


def syllable_points(word: str) -> list[int]:
    """Split points before a consonant that starts a syllable (C|V after a vowel cluster)."""
    points = []
    for i in range(1, len(word) - 1):
        c, nxt, prev = word[i], word[i + 1], word[i - 1]
        if c in VOWELS or nxt not in VOWELS or not c.isalpha():
            continue
        if (prev + c).lower() in KEEP_TOGETHER:
            continue
        # There must be a vowel before the split, so the head is a syllable.
        if any(ch in VOWELS for ch in word[:i]):
            points.append(i)
    return points


def compound_points(word: str) -> list[int]:
    """Split points after the known first elements of a compound, chained."""
    lower = word.lower()
    found: set[int] = set()
    frontier = [0]
    while frontier:
        pos = frontier.pop()
        for head in COMPOUND_HEADS:
            end = pos + len(head)
            if lower.startswith(head, pos) and end < len(word) and end not in found:
                found.add(end)
                frontier.append(end)
    return sorted(found)


class CorpusPDF(FPDF):
    """FPDF with a running header/footer and a hyphenating line wrapper."""

    def __init__(self, running: Running, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running = running
        self.layout = Layout()
        for style, file in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / file))
        self.set_margins(MARGIN_L, BODY_TOP, MARGIN_R)
        self.set_auto_page_break(True, margin=PAGE_H - BODY_BOTTOM)
        self.set_creation_date(FIXED_DATE)
        self.set_creator(CREATOR)
        self.set_producer(CREATOR)
        self.set_title(title)
        self.set_lang("sv-SE")
        self.c_margin = 0
        # Protocols set the body in the column of the § titles, "§ 7" hanging left of it.
        self.body_indent = 0.0
        self.body_size = BODY_SIZE

    # -- running header and footer ------------------------------------------

    def header(self) -> None:
        run = self.running
        right_x = PAGE_W - MARGIN_R - 90
        for i, text in enumerate(run.left):
            self.set_font(FAMILY, "B" if i == 0 else "", 9.5)
            self.set_xy(MARGIN_L, HEADER_TOP + i * 4.6)
            self.cell(90, 4.6, text)
        for i, text in enumerate(run.right):
            self.set_font(FAMILY, "B" if i == 0 else "", 9.5)
            self.set_xy(right_x, HEADER_TOP + i * 4.6)
            self.cell(90, 4.6, text, align="R")
        rule_y = HEADER_TOP + max(len(run.left), len(run.right)) * 4.6 + 1.5
        self.set_line_width(0.3)
        self.line(MARGIN_L, rule_y, PAGE_W - MARGIN_R, rule_y)
        self.set_y(BODY_TOP)

    def footer(self) -> None:
        run = self.running
        self.set_line_width(0.3)
        self.line(MARGIN_L, FOOTER_TOP, PAGE_W - MARGIN_R, FOOTER_TOP)
        if run.signature_boxes:
            self.set_line_width(0.2)
            for x, label in ((MARGIN_L, "Justerandes signatur"), (MARGIN_L + 52, "Utdragsbestyrkande")):
                self.rect(x, FOOTER_TOP + 2, 48, 12)
                self.set_font(FAMILY, "", 7)
                self.set_xy(x + 1.2, FOOTER_TOP + 2.6)
                self.cell(45, 3, label)
        elif run.footer_left:
            self.set_font(FAMILY, "", 8)
            self.set_xy(MARGIN_L, FOOTER_TOP + 3)
            self.cell(100, 4, run.footer_left)
        self.set_font(FAMILY, "", 9)
        self.set_xy(PAGE_W - MARGIN_R - 40, FOOTER_TOP + 3)
        self.cell(40, 4, f"Sida {self.page_no()} ({{nb}})", align="R")

    # -- wrapping -------------------------------------------------------------

    def width_of(self, text: str) -> float:
        return float(self.get_string_width(text.replace(NBSP, " ")))

    def try_hyphenate(self, word: str, room: float) -> tuple[str, str] | None:
        """Split ``word`` so that its head plus a hyphen fits in ``room`` mm."""
        m = re.fullmatch(r"([(\"'»]*)([^\W\d_]+)([.,;:!?)\"'»]*)", word)
        if m is None:
            return None
        lead, core, trail = m.groups()
        if len(core) < HYPHENATE_MIN_LEN:
            return None
        compound = compound_points(core)
        # Prefer the joints of a compound; fall back to syllables, but inside a known
        # compound only after its first joint ("styrelse-skicket", never "styr-elseskicket").
        syllables = [p for p in syllable_points(core) if not compound or p > compound[0]]
        for points in (compound, syllables):
            fits = [
                p
                for p in points
                if p >= HYPHEN_MIN_HEAD
                and len(core) - p >= HYPHEN_MIN_TAIL
                and self.width_of(lead + core[:p] + "-") <= room
            ]
            if fits:
                break
        else:
            return None
        p = max(fits)
        return lead + core[:p], core[p:] + trail

    def wrap(self, text: str, width: float, *, hyphenate: bool = True) -> list[Line]:
        """Greedy line breaking at spaces, hyphenating long words that do not fit."""
        words = [w for w in re.split(r"[ \t\n]+", text) if w]
        lines: list[Line] = []
        cur: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            candidate = " ".join(cur + [word])
            if self.width_of(candidate) <= width:
                cur.append(word)
                i += 1
                continue
            room = width - (self.width_of(" ".join(cur) + " ") if cur else 0.0)
            split = self.try_hyphenate(word, room) if hyphenate else None
            if split is not None:
                head, tail = split
                lines.append(Line(" ".join(cur + [head + "-"]), hyphen=(head, tail)))
                cur = []
                words[i] = tail
                continue
            if cur:
                last = cur[-1]
                real = (last, word) if last.endswith("-") and len(last) > 1 else None
                lines.append(Line(" ".join(cur), real_hyphen=real))
                cur = []
                continue
            lines.append(Line(word))  # a single word wider than the line
            i += 1
        if cur:
            lines.append(Line(" ".join(cur)))
        return lines

    # -- emitting ---------------------------------------------------------------

    def ensure_space(self, height: float) -> None:
        if self.get_y() + height > BODY_BOTTOM:
            self.add_page()

    def emit(self, line: Line, x: float, width: float, height: float = LINE_H) -> None:
        self.ensure_space(height)
        self.set_x(x)
        self.cell(width, height, line.text.replace(NBSP, " "), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        page = self.page_no()
        if line.hyphen is not None:
            head, tail = line.hyphen
            joined = re.sub(r"^[(\"'»]+|[.,;:!?)\"'»]+$", "", head + tail)
            self.layout.hyphenations.append(
                {"page": page, "printed": f"{head}-|{tail}", "joined": joined}
            )
        if line.real_hyphen is not None:
            last, nxt = line.real_hyphen
            self.layout.real_hyphens_at_line_end.append(
                {"page": page, "printed": f"{last}|{nxt}", "reads": f"{last} {nxt}"}
            )

    def paragraph(
        self,
        text: str,
        *,
        style: str = "",
        size: float | None = None,
        indent: float = 0.0,
        marker: str = "",
        marker_w: float = 0.0,
        hyphenate: bool = True,
        after: float = 2.4,
        height: float = LINE_H,
    ) -> None:
        """A wrapped paragraph; ``marker`` hangs in the left ``marker_w`` mm (bullets, att)."""
        self.set_font(FAMILY, style, size or self.body_size)
        indent += self.body_indent
        x = MARGIN_L + indent + marker_w
        width = self.epw - indent - marker_w
        for n, line in enumerate(self.wrap(text, width, hyphenate=hyphenate)):
            self.ensure_space(height)
            if n == 0 and marker:
                self.set_x(MARGIN_L + indent)
                self.cell(marker_w, height, marker)
            self.emit(line, x, width, height)
        self.set_y(self.get_y() + after)

    def heading(self, text: str, *, size: float = 11.0, before: float = 1.5) -> None:
        self.ensure_space(before + LINE_H * 3)  # keep a heading with its first lines
        self.set_y(self.get_y() + before)
        self.paragraph(text, style="B", size=size, hyphenate=False, after=1.2, height=size * 0.5)

    def blocks(self, blocks: Sequence[Block]) -> None:
        for block in blocks:
            if block.kind == "table":
                self.table_block(block.rows)
            elif block.kind.startswith("h"):
                self.heading(block.text)
            elif block.kind == "i":
                self.paragraph(block.text, style="I", indent=8.0)
            elif block.kind == "ul":
                for item in block.items:
                    self.paragraph(item, marker="•", marker_w=5.0, indent=2.0, after=1.0)
                self.set_y(self.get_y() + 1.4)
            elif block.kind == "ol":
                for item in block.items:
                    num, rest = item.split(" ", 1)
                    self.paragraph(rest, marker=num, marker_w=6.0, after=1.0)
                self.set_y(self.get_y() + 1.4)
            elif block.kind == "att":
                for item in block.items:
                    self.paragraph(item, marker="att", marker_w=9.0, after=1.0)
                self.set_y(self.get_y() + 1.4)
            else:
                self.paragraph(block.text)

    def table_block(self, rows: Sequence[Sequence[str]]) -> None:
        """A ruled table; fpdf2 wraps the cells and repeats the heading row on a new page."""
        self.ensure_space(30)
        self.set_font(FAMILY, "", 8.5)
        self.set_draw_color(0)
        self.set_line_width(0.2)
        with self.table(
            col_widths=(31, 47, 43, 44),
            width=self.epw,
            text_align="LEFT",
            line_height=4.0,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
            v_align="TOP",
        ) as table:
            for row in rows:
                cells = table.row()
                for cell in row:
                    cells.cell(cell)
        self.set_y(self.get_y() + 4)

    def section_heading(self, section: Section, *, case_in_heading: bool) -> None:
        """A bold "§ N Title" with the title in a hanging column; the case number under it
        or, with ``case_in_heading``, right-aligned on the heading line."""
        number, title, case = section.number, section.title, section.case_number
        self.ensure_space(LINE_H * 7)
        self.set_y(self.get_y() + 2)
        self.layout.sections.append(
            {"number": number, "title": title, "case_number": case, "page": self.page_no()}
        )
        col = SECTION_COL
        self.set_font(FAMILY, "B", 12)
        case_w = self.width_of(case) + 6 if case_in_heading else 0.0
        lines = self.wrap(title, self.epw - col - case_w, hyphenate=False)
        y0 = self.get_y()
        self.set_x(MARGIN_L)
        self.cell(col, 6.2, f"§ {number}")
        for line in lines:
            self.emit(line, MARGIN_L + col, self.epw - col - case_w, 6.2)
        if case_in_heading:
            self.set_font(FAMILY, "", 10.5)
            self.set_xy(PAGE_W - MARGIN_R - case_w, y0)
            self.cell(case_w, 6.2, case, align="R")
            self.set_y(y0 + 6.2 * len(lines) + 2)
        else:
            self.set_font(FAMILY, "", 10.5)
            self.set_x(MARGIN_L + col)
            self.cell(80, LINE_H, case, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_y(self.get_y() + 2.5)

    def signatures(self, pairs: Sequence[tuple[str, str]], *, rule: bool = True) -> None:
        """A two-column signature block: each pair is (left, right), lines above names."""
        self.ensure_space(16)
        col_w = self.epw / 2
        if rule:
            self.set_y(self.get_y() + 8)
            y = self.get_y()
            self.set_line_width(0.2)
            self.line(MARGIN_L, y, MARGIN_L + col_w - 12, y)
            if any(right for _, right in pairs):
                self.line(MARGIN_L + col_w, y, PAGE_W - MARGIN_R - 12, y)
            self.set_y(y + 1)
        self.set_font(FAMILY, "", BODY_SIZE)
        for left, right in pairs:
            self.set_x(MARGIN_L)
            self.cell(col_w, LINE_H, left)
            self.cell(col_w, LINE_H, right, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(self.get_y() + 3)

    def label_rows(self, rows: Sequence[tuple[str, Sequence[str]]], *, label_w: float = 45.0) -> None:
        """Title-page rows: a bold label in the left column, values in the right."""
        for label, values in rows:
            self.ensure_space(LINE_H * max(1, len(values)))
            y = self.get_y()
            self.set_font(FAMILY, "B", BODY_SIZE)
            label_lines = self.wrap(label, label_w - 3, hyphenate=False)
            for n, line in enumerate(label_lines):
                self.set_xy(MARGIN_L, y + n * LINE_H)
                self.cell(label_w, LINE_H, line.text)
            self.set_y(y)
            self.set_font(FAMILY, "", BODY_SIZE)
            for value in values:
                # Keep a party with its name: "Lena Sandström (M)" never splits before "(M)".
                value = re.sub(r" (?=\()", NBSP, value)
                for line in self.wrap(value, self.epw - label_w, hyphenate=False):
                    self.emit(line, MARGIN_L + label_w, self.epw - label_w)
            self.set_y(max(self.get_y(), y + LINE_H * len(label_lines)))
            self.set_y(self.get_y() + 2.2)


def new_pdf(running: Running, title: str) -> CorpusPDF:
    pdf = CorpusPDF(running, title)
    pdf.add_page()
    return pdf


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------

STOCKHOLM_AMN_DATE = "2019-11-14"

SECTION_7 = Section(
    7,
    "Rapport gällande arbetsmarknadsförvaltningens arbetssätt för samverkan med civilsamhället",
    "AMN 2019-0540-1.3",
)


def seed_001_body() -> list[Block]:
    """Seed 001 without its first heading and case-number line (drawn by section_heading)."""
    blocks = parse_seed(read_seed(SEED_001))
    assert blocks[0].text == "§ 7" and blocks[1].text == SECTION_7.title, blocks[:2]
    assert blocks[2].text == SECTION_7.case_number, blocks[2]
    return blocks[3:]


def build_001() -> tuple[CorpusPDF, dict[str, Any]]:
    running = Running(
        left=("Stockholms stad", "Arbetsmarknadsnämnden"),
        right=("Protokollsutdrag", f"Sammanträdesdatum {STOCKHOLM_AMN_DATE}"),
        signature_boxes=True,
    )
    pdf = new_pdf(running, "Protokollsutdrag § 7 Arbetsmarknadsnämnden 2019-11-14")
    pdf.paragraph(
        "Utdrag ur protokoll fört vid arbetsmarknadsnämndens sammanträde torsdagen den "
        "14 november 2019.",
        after=4,
    )
    pdf.body_indent = SECTION_COL
    pdf.section_heading(SECTION_7, case_in_heading=False)
    pdf.blocks(seed_001_body())
    pdf.body_indent = 0.0
    pdf.ensure_space(50)
    pdf.set_y(pdf.get_y() + 6)
    pdf.paragraph("Vid protokollet", after=0)
    pdf.signatures([("Ingrid Boman", "")])
    pdf.paragraph("Justerat 2019-11-21", after=0)
    pdf.signatures([("Fredrik Lindstål", "Salar Rashid")])
    facts = {
        "source_seed": SEED_001,
        "doc_type": "protokollsutdrag",
        "municipality": "Stockholms stad",
        "body": "Arbetsmarknadsnämnden",
        "date": STOCKHOLM_AMN_DATE,
        "case_numbers": [SECTION_7.case_number],
        "not_case_numbers": ["2019-11-14", "2019-11-21", "§ 7"],
        "added_to_seed_text": [
            "Utdrag ur protokoll fört vid arbetsmarknadsnämndens sammanträde torsdagen den 14 november 2019.",
            "Vid protokollet / Ingrid Boman / Justerat 2019-11-21 / Fredrik Lindstål, Salar Rashid",
        ],
        "must_contain": [
            "Arbetsmarknadsnämndens beslut",
            "Beslutsgång",
            "Särskilt uttalande",
            "Ersättaryttrande",
            "Ordföranden Fredrik Lindstål (C)",
            "Ersättaren Maria Jansson (Fi)",
        ],
    }
    return pdf, facts


# The protocol: §§ 5, 6 and 8 are written for the corpus, § 7 is seed 001.
# NBSP glues amounts, references and names that must not break over lines.
SECTION_5 = Section(
    5,
    "Ekonomisk månadsrapport per oktober 2019",
    "Dnr AMN 2019/0412",
    """\
**Arbetsmarknadsnämndens beslut**

Arbetsmarknadsnämnden beslutade att godkänna förvaltningens månadsrapport per oktober 2019.

**Ärendet**

Arbetsmarknadsförvaltningen redovisar i månadsrapporten utfallet för perioden januari–oktober 2019 \
och en prognos för helåret. Prognosen visar ett överskott om 12,4\u00a0miljoner kronor, främst \
beroende på lägre kostnader för vuxenutbildningen och vakanta tjänster inom jobbtorgsverksamheten. \
Antalet deltagare på Jobbtorg Stockholm har minskat med 8\u00a0procent jämfört med samma period \
föregående år, medan antalet deltagare i arbetsmarknadsanställningar har ökat.

Förvaltningen har redovisat ärendet i ett tjänsteutlåtande daterat den 28 oktober 2019. Frågor om \
rapporten besvaras av förvaltningens ekonomiavdelning, telefon 08-508\u00a025\u00a0000.

**Beslutsgång**

Ordföranden Fredrik Lindstål (C) föreslog att nämnden skulle besluta enligt förvaltningens förslag \
till beslut. Nämnden beslutade så.
""",
)

SECTION_6 = Section(
    6,
    "Upphandling av jobbcoachning för långtidsarbetslösa",
    "Dnr: AMN 2019.611",
    """\
**Beslut**

Arbetsmarknadsnämnden beslutar

att godkänna förvaltningens förslag till upphandling av jobbcoachning för långtidsarbetslösa med en \
beräknad kostnad om högst 2\u00a0500\u00a0000 kronor per år,
att uppdra åt arbetsmarknadsförvaltningen att genomföra upphandlingen och teckna avtal med en eller \
flera leverantörer.

**Ärendet**

Kommunfullmäktige gav i budgeten för 2019 (KF\u00a0§\u00a087) arbetsmarknadsnämnden i uppdrag att pröva \
nya former av stöd till personer som länge har uppburit ekonomiskt bistånd enligt socialtjänstlagen \
(SFS\u00a02001:453). Förvaltningen föreslår att jobbcoachning upphandlas som ett komplement till \
jobbtorgens egen verksamhet under avtalsperioden 2020–2022.

**Beslutsgång**

Anna Ek (M) yrkar bifall till förvaltningens förslag. Salar Rashid (S) yrkar avslag. Rashid Mohammed \
(V) och Bengt Åkesson (SD) instämmer i Salar Rashids (S) yrkande.

**Propositionsordning**

Ordföranden ställer proposition på bifall respektive avslag och finner att nämnden bifallit \
förvaltningens förslag. Votering begärs. Den som bifaller förvaltningens förslag röstar Ja, den som \
avslår förslaget röstar Nej.

**Omröstning**

Ja: Fredrik Lindstål (C), Anna Ek (M), Gustav Hellberg (M), Oscar Lundqvist (M), Per Ohlsson (KD), \
Cecilia Björk (L) och Jonas Berglund (MP).

Nej: Salar Rashid (S), Eva Lindqvist (S), Mikael Nordin (S), Rashid Mohammed (V), Sofia Wallin (V) \
och Bengt Åkesson (SD).

Omröstningsresultat: Ja 7, Nej 6. Nämnden har således beslutat enligt Anna Eks (M) yrkande.

**Reservation**

Salar Rashid m.fl. (S) och Rashid Mohammed m.fl. (V) reserverar sig mot beslutet till förmån för \
eget yrkande och anför följande. Att lägga ut jobbcoachning för dem som står längst från \
arbetsmarknaden på externa leverantörer riskerar att bryta den samverkan som byggts upp mellan \
jobbtorgen, socialtjänsten och vuxenutbildningen. Medlen borde i stället förstärka jobbtorgen.

**Protokollsanteckning**

Bengt Åkesson (SD) lämnar följande protokollsanteckning. Sverigedemokraterna anser att varje \
upphandlad insats ska följas upp med tydliga resultatmått och redovisas för nämnden två gånger per år.
""",
)

SECTION_8 = Section(
    8,
    "Svar på remiss om riktlinjer för IOP",
    "AMN 2019-0498-1.2",
    """\
**Arbetsmarknadsnämndens beslut**

1. Arbetsmarknadsnämnden beslutade att överlämna förvaltningens tjänsteutlåtande som svar på remissen till kommunstyrelsen.
2. Arbetsmarknadsnämnden beslutade att förklara paragrafen omedelbart justerad.

**Ärendet**

Kommunstyrelsen har remitterat förslaget till reviderade riktlinjer för idéburet offentligt \
partnerskap (KS\u00a02019/1123) till arbetsmarknadsnämnden. Riktlinjerna anger när staden får ingå \
partnerskap med en idéburen organisation och hur överenskommelserna ska följas upp. Förvaltningen \
ser positivt på förslaget och bedömer att riktlinjerna ger stöd åt den beredningsgrupp för \
samverkan med civilsamhället som föreslås i §\u00a07.

**Beslutsgång**

Ordföranden Fredrik Lindstål (C) föreslog, med instämmande från samtliga ledamöter, att nämnden \
skulle besluta enligt förvaltningens förslag till beslut.
""",
)

BESLUTANDE = [
    "Fredrik Lindstål (C), ordförande",
    "Salar Rashid (S), vice ordförande",
    "Anna Ek (M)",
    "Gustav Hellberg (M)",
    "Oscar Lundqvist (M), tjänstgörande ersättare för Lena Sandström (M)",
    "Per Ohlsson (KD)",
    "Cecilia Björk (L)",
    "Jonas Berglund (MP)",
    "Eva Lindqvist (S)",
    "Mikael Nordin (S)",
    "Rashid Mohammed (V)",
    "Sofia Wallin (V)",
    "Bengt Åkesson (SD)",
]
ERSATTARE = [
    "Maria Jansson (Fi), ersättare",
    "Linnea Karlsson (S), ersättare",
    "Henrik Strand (KD), ersättare",
]


def build_protocol() -> tuple[CorpusPDF, dict[str, Any]]:
    running = Running(
        left=("Stockholms stad", "Arbetsmarknadsnämnden"),
        right=("Protokoll", f"Sammanträdesdatum {STOCKHOLM_AMN_DATE}"),
        signature_boxes=True,
    )
    pdf = new_pdf(running, "Protokoll Arbetsmarknadsnämnden 2019-11-14")
    # Title page.
    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 9, "Arbetsmarknadsnämnden", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 8, "Protokoll nr 10/2019", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(0, 6, f"Sammanträdesdatum {STOCKHOLM_AMN_DATE}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(pdf.get_y() + 6)
    pdf.label_rows(
        [
            (
                "Plats och tid",
                [
                    (
                        "Arbetsmarknadsförvaltningen, Hantverkargatan 2 F, sammanträdesrum "
                        "Kungsholmen, torsdagen den 14 november 2019 kl. 17.00–18.40"
                    ),
                ],
            ),
            ("Paragrafer", ["§§ 5–8"]),
            ("Beslutande", BESLUTANDE),
            ("Ersättare", ERSATTARE),
            ("Övriga närvarande", ["Karin Wennberg, förvaltningschef", "Ingrid Boman, nämndsekreterare"]),
            ("Justerare", ["Salar Rashid (S)"]),
            ("Justeringens plats och tid", ["Arbetsmarknadsförvaltningen 2019-11-21"]),
        ]
    )
    pdf.set_y(pdf.get_y() + 4)
    pdf.set_font(FAMILY, "B", BODY_SIZE)
    pdf.cell(pdf.epw / 2, LINE_H, "Sekreterare")
    pdf.cell(pdf.epw / 2, LINE_H, "Ordförande", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.signatures([("Ingrid Boman", "Fredrik Lindstål")])
    pdf.set_font(FAMILY, "B", BODY_SIZE)
    pdf.cell(pdf.epw / 2, LINE_H, "Justerande", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.signatures([("Salar Rashid", "")])
    # Sections: each starts a new page only when the previous one leaves too little room.
    pdf.add_page()
    pdf.body_indent = SECTION_COL
    for section in (SECTION_5, SECTION_6, SECTION_7, SECTION_8):
        # § 8 prints its case number bare at the right of the heading line.
        pdf.section_heading(section, case_in_heading=section is SECTION_8)
        pdf.blocks(parse_seed(section.text) if section.text else seed_001_body())
        pdf.set_y(pdf.get_y() + 4)
    facts = {
        "source_seed": SEED_001 + " (§ 7 only; §§ 5, 6, 8 and the title page are written for the corpus)",
        "doc_type": "protokoll",
        "municipality": "Stockholms stad",
        "body": "Arbetsmarknadsnämnden",
        "date": STOCKHOLM_AMN_DATE,
        "title_page": {
            "page": 1,
            "beslutande": BESLUTANDE,
            "ersattare": ERSATTARE,
            "justerare": "Salar Rashid (S)",
            "sekreterare": "Ingrid Boman",
            "ordforande": "Fredrik Lindstål (C)",
            "paragrafer": "§§ 5–8",
        },
        "case_numbers": [s.case_number for s in (SECTION_5, SECTION_6, SECTION_7, SECTION_8)],
        "case_numbers_mentioned": [
            {"section": 8, "case_number": "KS 2019/1123", "note": "a related case of kommunstyrelsen, not the § own"}
        ],
        "not_case_numbers": [
            "08-508 25 000",
            "2 500 000 kronor",
            "SFS 2001:453",
            "KF § 87",
            "Protokoll nr 10/2019",
            "2019-11-14",
            "2019-11-21",
            "2020–2022",
            "§ 7",
        ],
        "vote": {
            "section": 6,
            "ja": 7,
            "nej": 6,
            "ja_voters": [
                "Fredrik Lindstål (C)", "Anna Ek (M)", "Gustav Hellberg (M)", "Oscar Lundqvist (M)",
                "Per Ohlsson (KD)", "Cecilia Björk (L)", "Jonas Berglund (MP)",
            ],
            "nej_voters": [
                "Salar Rashid (S)", "Eva Lindqvist (S)", "Mikael Nordin (S)", "Rashid Mohammed (V)",
                "Sofia Wallin (V)", "Bengt Åkesson (SD)",
            ],
            "yrkanden": [
                {"person": "Anna Ek", "party": "M", "yrkande": "bifall"},
                {"person": "Salar Rashid", "party": "S", "yrkande": "avslag"},
            ],
        },
        "decisions": {
            "5": ["godkänna förvaltningens månadsrapport per oktober 2019"],
            "6": [
                "godkänna förvaltningens förslag till upphandling av jobbcoachning för långtidsarbetslösa",
                "uppdra åt arbetsmarknadsförvaltningen att genomföra upphandlingen",
            ],
            "7": ["godkänna förvaltningens rapport", "finna angivet budgetuppdrag slutrapporerat"],
            "8": ["överlämna förvaltningens tjänsteutlåtande som svar på remissen", "förklara paragrafen omedelbart justerad"],
        },
        "statements": [
            {"section": 6, "kind": "reservation", "parties": ["S", "V"], "authors": ["Salar Rashid", "Rashid Mohammed"]},
            {"section": 6, "kind": "protokollsanteckning", "parties": ["SD"], "authors": ["Bengt Åkesson"]},
            {"section": 7, "kind": "särskilt uttalande", "parties": ["S", "V"], "authors": ["Salar Rashid", "Rashid Mohammed"]},
            {"section": 7, "kind": "ersättaryttrande", "parties": ["Fi"], "authors": ["Maria Jansson"]},
        ],
        "must_contain": [
            "Fredrik Lindstål (C), ordförande",
            "Salar Rashid (S), vice ordförande",
            "Rashid Mohammed (V)",
            "Maria Jansson (Fi), ersättare",
            "Anna Ek (M) yrkar bifall till förvaltningens förslag.",
            "Salar Rashid (S) yrkar avslag.",
            "Propositionsordning",
            "Omröstningsresultat: Ja 7, Nej 6.",
            "Reservation",
            "Protokollsanteckning",
            "08-508 25 000",
            "2 500 000 kronor",
            "SFS 2001:453",
            "KF § 87",
            "Justerare",
            "Sekreterare",
        ],
    }
    return pdf, facts


TJUT_002_HEADINGS = (
    "Förvaltningens förslag till beslut",
    "Sammanfattning",
    "Bakgrund",
    "Ärendet",
    "Ärendets beredning",
    "Förvaltningens synpunkter",
    "Bilaga",
)


def build_002() -> tuple[CorpusPDF, dict[str, Any]]:
    running = Running(
        left=("Norrmalms stadsdelsförvaltning", "Äldre- och socialtjänstavdelningen"),
        right=("Tjänsteutlåtande", "Dnr 106-1964/2017", "2018-03-22"),
        signature_boxes=False,
        footer_left="Norrmalms stadsdelsförvaltning, Stockholms stad",
    )
    pdf = new_pdf(running, "Tjänsteutlåtande Motion om jobbtorg och nyföretagande")
    blocks = parse_seed(read_seed(SEED_002), TJUT_002_HEADINGS)
    # Front matter of the seed: contact block, addressee, title, subtitle.
    assert blocks[0].text.startswith("Handläggare") and blocks[1].text.startswith("Till"), blocks[:2]
    front = read_seed(SEED_002).strip().split("\n\n")
    contact = front[0].splitlines()  # Handläggare / Samia Choudhury / Telefon: ...
    addressee = front[1].splitlines()  # Till / Norrmalms stadsdelsnämnd / 2018-03-22
    y = pdf.get_y()
    for i, (left, right) in enumerate(zip(contact, addressee, strict=True)):
        pdf.set_font(FAMILY, "B" if i == 0 else "", 9.5)
        pdf.set_xy(MARGIN_L, y + i * 4.8)
        pdf.cell(pdf.epw / 2, 4.8, left)
        pdf.set_xy(MARGIN_L + pdf.epw * 0.6, y + i * 4.8)
        pdf.cell(pdf.epw * 0.4, 4.8, right)
    pdf.set_y(y + 4.8 * len(contact) + 8)
    rest = blocks[2:]
    assert rest[0].text == "Motion om jobbtorg och nyföretagande", rest[0]
    pdf.paragraph(rest[0].text, style="B", size=15, hyphenate=False, height=7.5, after=1)
    pdf.paragraph(rest[1].text, size=12, hyphenate=False, height=6.2, after=5)
    rest = rest[2:]
    # "Förvaltningens förslag till beslut", its text, then the two signatures.
    pdf.blocks(rest[:2])
    names = [b.text for b in rest[2:4]]
    assert names[0].startswith("Susanna Halldin Olsson") and names[1].startswith("Helena Andersson"), names
    sig = [n.split(" tf. ") for n in names]
    pdf.signatures([(sig[0][0], sig[1][0]), ("tf. " + sig[0][1], "tf. " + sig[1][1])], rule=False)
    pdf.blocks(rest[4:])
    facts = {
        "source_seed": SEED_002,
        "doc_type": "tjänsteutlåtande",
        "municipality": "Stockholms stad",
        "body": "Norrmalms stadsdelsnämnd",
        "author_body": "Norrmalms stadsdelsförvaltning",
        "date": "2018-03-22",
        "case_numbers": ["Dnr 106-1964/2017", "dnr 106-1964/2017"],
        "case_number_near_top": "Dnr 106-1964/2017",
        "not_case_numbers": ["Telefon: 08-508 09 275", "2018-03-22"],
        "must_contain": [
            "Handläggare",
            "Samia Choudhury",
            "Norrmalms stadsdelsnämnd",
            "Motion om jobbtorg och nyföretagande",
            "Förvaltningens förslag till beslut",
            "Susanna Halldin Olsson",
            "Helena Andersson",
            "Johan Fälldin (C)",
            "Johan Fällidin (C)",
        ],
        # Two columns side by side: extractors read each pair as one line "left right".
        "two_column_blocks": [
            ["Handläggare", "Till"],
            ["Samia Choudhury", "Norrmalms stadsdelsnämnd"],
            ["Telefon: 08-508 09 275", "2018-03-22"],
            ["Susanna Halldin Olsson", "Helena Andersson"],
            ["tf. stadsdelsdirektör", "tf. avdelningschef"],
        ],
    }
    return pdf, facts


def build_004() -> tuple[CorpusPDF, dict[str, Any]]:
    running = Running(
        left=("Malmö stad", "Arbetsmarknads- och socialnämnden"),
        right=("Tjänsteskrivelse", "2023-05-15"),
        signature_boxes=False,
        footer_left="Malmö stad, Arbetsmarknads- och socialförvaltningen",
    )
    pdf = new_pdf(running, "Tjänsteskrivelse ASN-2023-6069")
    pdf.body_indent = 2.5  # Malmö's template sets the text a little in from the header
    blocks = parse_seed(read_seed(SEED_004))
    # The seed opens with Datum / 2023-05-15 / Vår referens / name / title / e-mail as paragraphs.
    front = [b.text for b in blocks[:6]]
    assert front[0] == "Datum" and front[2] == "Vår referens", front
    y = pdf.get_y()
    rows = [("Datum", front[1]), ("Vår referens", front[3]), ("", front[4]), ("", front[5])]
    for i, (label, value) in enumerate(rows):
        pdf.set_xy(MARGIN_L + pdf.epw * 0.55, y + i * 4.8)
        pdf.set_font(FAMILY, "B", 9)
        pdf.cell(24, 4.8, label)
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(pdf.epw * 0.45 - 24, 4.8, value)
    pdf.set_y(y + 4.8 * len(rows) + 6)
    rest = blocks[6:]
    assert rest[0].text == "Tjänsteskrivelse", rest[0]
    pdf.paragraph(rest[0].text, style="B", size=16, hyphenate=False, height=8, after=2)
    pdf.paragraph(rest[1].text, style="B", size=12, hyphenate=False, height=6, after=3)
    pdf.blocks(rest[2:])
    table = next(b for b in blocks if b.kind == "table")
    facts = {
        "source_seed": SEED_004,
        "doc_type": "tjänsteskrivelse",
        "municipality": "Malmö stad",
        "body": "Arbetsmarknads- och socialnämnden",
        "date": "2023-05-15",
        "case_numbers": ["ASN-2023-6069", "ASN 2021-4461", "ASN 2021–4461"],
        "not_case_numbers": ["2023-05-15", "2023-03-30", "2023-05-03", "2023-05-31"],
        "table": {
            "columns": list(table.rows[0]),
            "rows": len(table.rows) - 1,
            "first_column": [r[0] for r in table.rows[1:]],
            "note": "fpdf2 table(): ruled cells, bold shaded heading row, cells wrap over several lines",
        },
        "must_contain": [
            "Vår referens",
            "Juha Jurvanen",
            "Jacqueline Maly (SD)",
            "Förslag till beslut",
            "Arbetsmarknads- och socialnämnden anser nämndinitiativet vara besvarat",
            "Förening",
            "Målgrupp",
            "Botildenborg",
            "Röda Korset",
            "MFF Karriärakademien",
            "Britt-Marie Pettersson",
        ],
    }
    return pdf, facts


def build_scanned(source_pdf: Path) -> tuple[FPDF, dict[str, Any]]:
    """Page 1 of ``source_pdf`` rendered at 150 dpi, slightly skewed and thresholded to
    black and white like an office scanner's output, embedded as an image only."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(source_pdf))
    try:
        bitmap = doc[0].render(scale=150 / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        doc.close()
    image = image.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
    # Bilevel keeps the file small (grey JPEG of the same page is over 200 KB).
    image = image.point(lambda v: 255 if v > 160 else 0).convert("1")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator(CREATOR)
    pdf.set_producer(CREATOR)
    pdf.set_title("Skannad sida (ingen textlager)")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(buf, x=0, y=0, w=PAGE_W, h=PAGE_H)
    facts = {
        "doc_type": "skannad sida",
        "text_layer": False,
        "source": f"page 1 of {source_pdf.name} rendered at 150 dpi, rotated 0.4°, black and white",
        "image_pixels": list(image.size),
        "note": "no text layer: extract_text() returns nothing; needs OCR",
    }
    return pdf, facts


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def pick_hyphenated(layout: Layout, n: int = 5) -> list[str]:
    """``n`` distinct words the layout split at a line end, as they read joined; longest first."""
    seen: list[str] = []
    for h in layout.hyphenations:
        if h["joined"] not in seen:
            seen.append(h["joined"])
    heads = {h["joined"]: h["printed"].split("|")[0] for h in reversed(layout.hyphenations)}
    picked: list[str] = []
    for word in sorted(seen, key=lambda w: (-len(w), seen.index(w))):
        # Vary the split: at most two picks broken after the same first part.
        if sum(heads[p] == heads[word] for p in picked) < 2:
            picked.append(word)
    return picked[:n]


def describe(pdf: CorpusPDF, facts: dict[str, Any]) -> dict[str, Any]:
    run = pdf.running
    out: dict[str, Any] = {"pages": pdf.pages_count, "text_layer": True}
    out.update(facts)
    out["header"] = {"left": list(run.left), "right": list(run.right)}
    out["footer"] = {"strings": run.footer_strings(), "page_label": "Sida {page} ({pages})"}
    if pdf.layout.sections:
        out["sections"] = pdf.layout.sections
    out["hyphenated_words"] = pick_hyphenated(pdf.layout)
    out["hyphenations"] = pdf.layout.hyphenations
    out["real_hyphens_at_line_end"] = pdf.layout.real_hyphens_at_line_end
    return out


def check_fixtures(files: dict[str, Any]) -> None:
    """Fail loudly when a change of layout loses what the tests rely on."""
    problems = []
    for name, facts in files.items():
        if facts.get("text_layer") and len(facts["hyphenated_words"]) < 5:
            problems.append(f"{name}: only {len(facts['hyphenated_words'])} hyphenated words")
    if not files["004_tjansteskrivelse.pdf"]["real_hyphens_at_line_end"]:
        problems.append("004_tjansteskrivelse.pdf: no 'arbetsmarknads- och' at a line end")
    if problems:
        raise SystemExit("layout lost fixtures; adjust BODY_SIZE/SECTION_COL:\n" + "\n".join(problems))


def main() -> int:
    CORPUS.mkdir(exist_ok=True)
    expected: dict[str, Any] = {
        "about": [
            (
                "Facts about the PDFs in this folder, written by scripts/build_corpus_pdfs.py "
                "from the layout it produced; rebuilding rewrites them."
            ),
            (
                "Pages count from 1. Every page of a text PDF shows each header and footer "
                "string and the label 'Sida N (M)' with M the page count."
            ),
            (
                "'sections': each § of a protocol with its title and case number as printed "
                "and the page its heading is on; a long title wraps over two lines."
            ),
            (
                "'hyphenations': every word the layout split at a line end, 'printed' showing "
                "the line break as '|'; 'hyphenated_words': five of them as they read joined."
            ),
            (
                "'real_hyphens_at_line_end': lines that end in a word's own hyphen (a "
                "coordinated compound such as 'arbetsmarknads- och'), which de-hyphenation "
                "must keep."
            ),
            (
                "'must_contain', 'case_numbers' and 'not_case_numbers' are found in the text "
                "of all pages once line-end hyphens are joined and runs of whitespace made one "
                "space."
            ),
        ],
        "files": {},
    }
    builders = [
        ("001_protokollsutdrag.pdf", build_001),
        ("002_tjansteutlatande.pdf", build_002),
        ("004_tjansteskrivelse.pdf", build_004),
        ("arbetsmarknadsnamnden_protokoll_2019-11-14.pdf", build_protocol),
    ]
    for name, build in builders:
        pdf, facts = build()
        pdf.output(str(CORPUS / name))
        expected["files"][name] = describe(pdf, facts)
        print(f"{name}: {pdf.pages_count} pages", file=sys.stderr)
    scanned, facts = build_scanned(CORPUS / "001_protokollsutdrag.pdf")
    # kept out of corpus/ so that ingesting the bundled corpus never needs Tesseract
    scanned.output(str(CORPUS.parent / "tests" / "fixtures" / "scanned_page.pdf"))
    expected["files"]["scanned_page.pdf"] = {"pages": 1, **facts}
    check_fixtures(expected["files"])
    (CORPUS / "EXPECTED.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
