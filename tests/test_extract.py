"""Extraction of real PDFs (pypdfium2) and text files; file types decided by bytes; clear errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from protosearch.extract.document import ExtractionError, extract_bytes, extract_file, sniff

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

GENERATED = ["001_protokollsutdrag.pdf", "002_tjansteutlatande.pdf", "004_tjansteskrivelse.pdf",
             "arbetsmarknadsnamnden_protokoll_2019-11-14.pdf"]


@pytest.mark.parametrize("name", GENERATED)
def test_pages_numbered_headers_and_footers_removed(name: str, expected: dict[str, Any]) -> None:
    doc = extract_file(CORPUS / name)
    facts = expected[name]
    assert [p.number for p in doc.pages] == list(range(1, facts["pages"] + 1))
    for page in doc.pages:
        assert f"Sida {page.number} ({facts['pages']})" in " ".join(page.furniture)
        assert "Sida " not in page.text and "Utdragsbestyrkande" not in page.text
        assert "Justerandes signatur" not in page.text


@pytest.mark.parametrize("name", GENERATED)
def test_hyphenated_words_are_joined(name: str, expected: dict[str, Any]) -> None:
    text = extract_file(CORPUS / name).text
    for word in expected[name]["hyphenated_words"]:
        assert re.search(rf"\b{word}\b", text), word
    for h in expected[name]["hyphenations"]:
        left = h["printed"].split("|")[0]
        assert f"{left}\n" not in text


def test_real_hyphen_of_a_compound_survives_a_line_end(expected: dict[str, Any]) -> None:
    doc = extract_file(CORPUS / "004_tjansteskrivelse.pdf")
    assert expected["004_tjansteskrivelse.pdf"]["real_hyphens_at_line_end"]
    assert "arbetsmarknads- och socialförvaltningen" in doc.text.lower()
    assert "arbetsmarknadsoch" not in doc.text


def test_table_cells_keep_their_words() -> None:
    text = " ".join(extract_file(CORPUS / "004_tjansteskrivelse.pdf").text.split())
    for cell in ["Botildenborg", "Stiftelsen Skåne Stadsmission", "MFF Karriärakademien",
                 "Yrkesinriktad arbetsträning inom lokalvård eller storkök."]:
        assert cell in text


def test_swedish_letters_intact() -> None:
    text = extract_file(CORPUS / "001_protokollsutdrag.pdf").text
    assert "Ersättaren Maria Jansson (Fi)" in text
    assert "Särskilt uttalande" in text and "idéburen" in text


def test_text_file_utf8_and_markdown_residue() -> None:
    doc = extract_file(CORPUS / "001_ec3af93503d094b5.txt")
    assert doc.kind == "text" and len(doc.pages) == 1
    assert doc.pages[0].text.startswith("§ 7\nRapport gällande arbetsmarknadsförvaltningens")
    assert "**" not in doc.text and "###" not in doc.text


def test_text_file_in_cp1252_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gammal.txt"
    path.write_bytes("Vård- och omsorgsnämnden beslutar att godkänna. Kostnad 1 000 €".encode("cp1252"))
    assert extract_file(path).text == "Vård- och omsorgsnämnden beslutar att godkänna. Kostnad 1 000 €"


def test_sniff_by_bytes_not_name() -> None:
    assert sniff(b"<!doctype html><html><title>Sidan saknas</title>") == "html"
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff("Protokoll § 1".encode()) == "text"
    assert sniff(b"") == "empty"
    assert sniff(bytes(range(256)) * 4) == "binary"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!doctype html>\n<html><body>Sidan saknas</body></html>", "not a PDF: an HTML page"),
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (bytes(range(256)) * 8, "unknown format"),
    ],
)
def test_bad_inputs_get_clear_messages(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        extract_bytes(data, "x.pdf")


def test_truncated_real_pdf_is_reported() -> None:
    data = (CORPUS / "001_protokollsutdrag.pdf").read_bytes()
    with pytest.raises(ExtractionError, match="truncated PDF"):
        extract_bytes(data[: len(data) // 3], "cut.pdf")


SCANNED = Path(__file__).parent / "fixtures" / "scanned_page.pdf"


def test_page_without_text_layer_needs_ocr() -> None:
    with pytest.raises(ExtractionError, match=r"no text layer \(needs OCR\)"):
        extract_file(SCANNED, ocr=False)


def test_scanned_page_is_read_by_ocr() -> None:
    from protosearch.extract import ocr

    if not ocr.available():
        pytest.skip(f"Tesseract is not installed: {ocr.INSTALL_HINT}")
    doc = extract_file(SCANNED)
    assert doc.pages[0].ocr is True
    text = " ".join(doc.text.split())
    for words in ["Arbetsmarknadsnämndens beslut", "godkänna förvaltningens rapport", "AMN 2019-0540-1.3"]:
        assert words in text


def test_ocr_repairs_heading_slips() -> None:
    from protosearch.extract.ocr import repair

    assert repair("PR0T0K0LL\nl(S 2018/124\n$ 12 Val av justerare") == "PROTOKOLL\nKS 2018/124\n§ 12 Val av justerare"
    assert repair("3 105 2026.220 KS\nbeslutade den 21 oktober 2024, & 162,") == (
        "§ 105 2026.220 KS\nbeslutade den 21 oktober 2024, § 162,")
    assert repair("3 105 kronor per elev") == "3 105 kronor per elev"
