#!/usr/bin/env python3
"""Build tests/fixtures/voteringslista.pdf: a protocol page with a roll-call vote printed as a
table (a cross per member under Ja, Nej or Avstår), as meeting systems print a voteringslista.

Needs fpdf2 (the `build` extra). The names are invented; the layout is the genre's.
"""

from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "voteringslista.pdf"
MEMBERS = [("Anna Ekström", "S", "ja"), ("Per Holmgren", "M", "nej"), ("Karin Sjöberg", "C", "nej"),
           ("Lars Åberg", "V", "ja"), ("Eva Lind", "SD", "avstår")]


def main() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["Protokoll Socialnämnden 2026-03-12", "", "§ 12 Budget 2027", "",
                 "Beslutsgång", "Omröstning begärs och verkställs enligt följande voteringslista:", ""]:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 20, 20, 20, 20)) as table:
        table.row(["Ledamot", "Parti", "Ja", "Nej", "Avstår"])
        for name, party, vote in MEMBERS:
            table.row([name, party, *("X" if vote == v else "" for v in ("ja", "nej", "avstår"))])
        table.row(["Summa", "", "2", "2", "1"])
    pdf.ln(5)
    pdf.cell(0, 7, "Ordföranden finner att nämnden har bifallit förslaget.", new_x="LMARGIN", new_y="NEXT")
    OUT.write_bytes(bytes(pdf.output()))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
