#!/usr/bin/env python3
"""Build tests/fixtures/damaged_text_layer.pdf: a protocol page that renders right while its
text layer is damaged, as some exports from Word are: the font's ligatures have no Unicode
mapping and are dropped (`Kristna` for *Kristina*, `uppgifer` for *uppgifter*), and one
glyph is mapped to another (`protokojjet` for *protokollet*).

The page is an image of the true text with the damaged text laid over it invisibly (text
render mode 3, as OCR'd PDFs carry theirs), so a PDF reader extracts the damage and OCR reads
the truth. Needs fpdf2 (the `build` extra), Pillow and Debian's DejaVu fonts. The protocol
is invented; the layout is the genre's (a Finnish-order `12 §` heading).
"""

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "damaged_text_layer.pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 200
A4_MM = (210, 297)

TRUE_LINES = [
    "Protokoll 4.5.2026",
    "Kulturnämnden",
    "",
    "12 § Val av protokolljusterare",
    "",
    "I tur att justera protokollet är ledamöterna Kristina Holm och Mattias Berg.",
    "Förvaltningschefens förslag:",
    "Kulturnämnden utser protokolljusterare. Protokollet justeras",
    "elektroniskt senast 11.5.2026 kl. 16.00. Uppgiften att föra",
    "protokollet sköts av nämndens sekreterare enligt tidigare beslut.",
    "",
    "Kulturnämndens beslut:",
    "Till protokolljusterare utsågs Kristina Holm och Mattias Berg.",
    "Protokollet justeras elektroniskt efter mötet.",
]


def damage(line: str) -> str:
    """What the broken font mapping makes of a line: ligatures lose their second letter,
    and 'l' comes out as 'j'."""
    for ligature in ("tt", "ti", "ft", "fi", "fl"):
        line = line.replace(ligature, ligature[0])
    return line.replace("l", "j")


def page_image() -> bytes:
    width, height = (round(mm / 25.4 * DPI) for mm in A4_MM)
    image = Image.new("L", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)  # about 12 pt at 200 dpi
    y = 160
    for line in TRUE_LINES:
        draw.text((160, y), line, font=font, fill="black")
        y += 56
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # byte-identical on every run
    pdf.add_page()
    pdf.image(BytesIO(page_image()), x=0, y=0, w=A4_MM[0], h=A4_MM[1])
    pdf.set_font("Helvetica", size=12)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(20, 20)
    for line in TRUE_LINES:
        pdf.cell(0, 7, damage(line), new_x="LMARGIN", new_y="NEXT")
    OUT.write_bytes(bytes(pdf.output()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
