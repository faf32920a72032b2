#!/usr/bin/env python3
"""Build tests/fixtures/logo_letterhead.pdf: an official's memo whose municipality stands only
in its logo, an image in the letterhead ('VÄXJÖ' over 'KOMMUN'), as many templates print it.
The text layer names no municipality.

Needs fpdf2 (the `build` extra) and Pillow. The memo is invented; the layout is the genre's.
"""

from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "logo_letterhead.pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def logo() -> bytes:
    image = Image.new("RGB", (520, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 30, 150, 170), outline="black", width=8)  # an emblem beside the lettering
    draw.text((175, 30), "VÄXJÖ", font=ImageFont.truetype(FONT, 64), fill="black")
    draw.text((178, 115), "KOMMUN", font=ImageFont.truetype(FONT, 40), fill="black")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(BytesIO(logo()), x=15, y=10, w=60)
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(120, 14)
    pdf.multi_cell(75, 6, "Datum: 2026-05-04\nHandläggare: Eva Lind\nDiarienr: 2026.041 SN")
    pdf.set_xy(15, 60)
    for line in ["Tjänsteskrivelse", "", "Riktlinjer för färdtjänst 2027", "",
                 "Förslag till beslut", "Socialnämnden antar riktlinjerna för färdtjänst 2027."]:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    OUT.write_bytes(bytes(pdf.output()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
