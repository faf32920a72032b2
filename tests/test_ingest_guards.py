"""Guards: broken files get a message of their own; the time and page limits skip a file, not the batch."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from protosearch.extract.document import ExtractionError, LimitExceeded, extract_bytes
from protosearch.ingest.pipeline import ingest
from protosearch.records import Failure

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

PDF = CORPUS / "001_protokollsutdrag.pdf"


def _minimal_pdf(encrypt: bytes | None = None) -> bytes:
    """A one-page PDF written by hand, with an /Encrypt dictionary when one is given."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (Hej hopp) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(encrypt)
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % len(
            objects)
    return out + b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref


PASSWORD = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>"
CERTIFICATE = b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s4 /V 4 /R 4 >>"

BROKEN = {
    "zero-byte.pdf": (b"", "empty file (0 bytes): an interrupted download or copy?"),
    "blank.pdf": (b" \n\t\n", "empty file: nothing but white space"),
    "random.pdf": (random.Random(7).randbytes(5000), "unknown format: binary data that is neither PDF nor text"),
    "truncated.pdf": (PDF.read_bytes()[:20000],
                      "truncated PDF: the file stops before its end (no %%EOF marker); fetch it again"),
    "password.pdf": (_minimal_pdf(PASSWORD), "password-protected PDF: it cannot be opened without its password"),
    "certificate.pdf": (_minimal_pdf(CERTIFICATE),
                        "encrypted PDF: its security scheme (certificate or unknown) cannot be opened here"),
    "felsida.pdf": (b"<!DOCTYPE html>\n<html><head><title>Sidan saknas</title></head></html>",
                    "not a PDF: an HTML page (often a web portal's error page saved under a .pdf name)"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_file_has_its_own_message(name: str) -> None:
    data, message = BROKEN[name]
    with pytest.raises(ExtractionError) as e:
        extract_bytes(data, name)
    assert str(e.value) == message


def test_the_hand_made_pdf_reads_without_encryption() -> None:
    """The encrypted cases fail for their encryption, not for how the PDF is written."""
    assert extract_bytes(_minimal_pdf(), "plain.pdf").text == "Hej hopp"


def test_page_limit_is_a_limit_error() -> None:
    with pytest.raises(LimitExceeded, match=r"^too many pages: 3, more than the limit of 2$"):
        extract_bytes(PDF.read_bytes(), "p.pdf", max_pages=2)


def test_ingest_reports_every_broken_file_and_indexes_the_rest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (data, _) in BROKEN.items():
        (docs / name).write_bytes(data)
    shutil.copy(PDF, docs / "good.pdf")
    report = ingest([docs], tmp_path / "index", jobs=2)
    assert report.added == 1
    assert sorted((Path(f.path).name, f.reason) for f in report.failures) == sorted(
        (name, message) for name, (_, message) in BROKEN.items())

    again = ingest([docs], tmp_path / "index", jobs=2)  # lasting failures are not read again
    assert (again.added, again.unchanged, again.known_failures) == (0, 1, len(BROKEN))
    assert sorted(f.reason for f in again.failures) == sorted(m for _, m in BROKEN.values())


def test_time_and_page_limits_skip_one_file_not_the_batch(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    # 400 copies of a seed: 4.6 MB of text that takes the tagger about 11 s on an idle core
    (docs / "huge.txt").write_bytes((CORPUS / "003_1264031e32f16e28.txt").read_bytes() * 400)
    shutil.copy(PDF, docs / "three-pages.pdf")
    shutil.copy(CORPUS / "002_7f25499cff44f77b.txt", docs / "memo.txt")
    shutil.copy(CORPUS / "004_tjansteskrivelse.pdf", docs / "four-pages.pdf")

    report = ingest([docs], tmp_path / "index", jobs=2, timeout=1.5, max_pages=3)

    assert (report.added, report.pages) == (2, 4)  # three-pages.pdf and memo.txt
    assert sorted((Path(f.path).name, f.reason) for f in report.failures) == [
        ("four-pages.pdf", "too many pages: 4, more than the limit of 3 (raise it with --max-pages)"),
        ("huge.txt", "took longer than the limit of 1.5 s for one file (raise it with --timeout)"),
    ]
    # limits are not remembered as lasting failures: a higher limit reads the file
    again = ingest([docs], tmp_path / "index", jobs=2, timeout=1.5, max_pages=10)
    assert (again.added, again.unchanged, again.known_failures) == (1, 2, 0)
    assert [Path(f.path).name for f in again.failures] == ["huge.txt"]


def test_failure_record_names_the_file(tmp_path: Path) -> None:
    report = ingest([tmp_path / "missing.pdf"], tmp_path / "index")
    assert report.failures == [Failure(str(tmp_path / "missing.pdf"), "no such file or folder")]


def test_a_scan_without_ocr_is_remembered_only_for_the_same_ocr_setting(tmp_path: Path) -> None:
    scan = Path(__file__).parent / "fixtures" / "scanned_page.pdf"
    index = tmp_path / "index"
    first = ingest([scan], index, ocr=False)
    assert [f.reason for f in first.failures] == ["no text layer (needs OCR): every page is an image"]
    again = ingest([scan], index, ocr=False)
    assert (again.known_failures, [f.reason for f in again.failures]) == (1, [first.failures[0].reason])
    # with Tesseract installed, OCR gets its chance (cut short: whether it reads the page is not the point)
    with_ocr = ingest([scan], index, ocr=True, timeout=3)
    installed = shutil.which("tesseract") is not None
    assert with_ocr.known_failures == (0 if installed else 1)


def test_a_folder_gives_its_markdown_conversions_but_not_its_readme(tmp_path: Path) -> None:
    from protosearch.ingest.pipeline import find_files

    for name in ("protokoll-2024-03-19.md", "README.md", "CHANGELOG.md", "notes.json", "memo.txt", ".hidden.md"):
        (tmp_path / name).write_text("§ 1\nBeslut\nNämnden godkänner rapporten.\n", "utf-8")
    assert [p.name for p in find_files([tmp_path])] == ["memo.txt", "protokoll-2024-03-19.md"]
    assert [p.name for p in find_files([tmp_path / "README.md"])] == ["README.md"]  # named: always tried
