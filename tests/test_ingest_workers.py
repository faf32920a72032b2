"""The worker processes: what a worker (forked from the warm fork server) makes of a file is
what one process reading the file makes; failures come through with their reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from protosearch.tag.nlp import pipeline
from protosearch.records import Failure
from protosearch.ingest.workers import ReadOptions, read_file, read_in_workers

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

LIMITS = ReadOptions(max_pages=2000, ocr=False)


def test_documents_read_in_workers_equal_those_read_in_one_process(tmp_path: Path) -> None:
    html = tmp_path / "error-page.pdf"
    html.write_text("<!DOCTYPE html><html><body>404</body></html>", "utf-8")
    paths = [str(p) for p in sorted(CORPUS.glob("00*.pdf")) + sorted(CORPUS.glob("00*.txt"))] + [str(html)]

    results = {path: (result, lasting) for path, result, lasting in
               read_in_workers(paths, jobs=1, timeout=300.0, limits=LIMITS)}

    pipeline()
    assert sorted(results) == sorted(paths)
    for path in paths[:-1]:
        assert results[path] == read_file(path, LIMITS)
    assert results[str(html)] == (Failure(str(html), "not a PDF: an HTML page (often a web portal's error "
                                                     "page saved under a .pdf name)"), True)



def test_workers_import_the_installed_package_whatever_the_working_directory(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A `protosearch` folder in the working directory (a source checkout) must not reach the workers."""
    decoy = tmp_path / "cwd" / "protosearch"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the decoy in the working directory was imported')\n")
    monkeypatch.chdir(tmp_path / "cwd")
    path = str(CORPUS / "004_87b419a6ec439972.txt")
    results = list(read_in_workers([path], jobs=1, timeout=300.0, limits=LIMITS))
    pipeline()
    assert [(p, r) for p, r, _ in results] == [(path, read_file(path, LIMITS)[0])]


def test_the_users_municipality_goes_to_documents_that_name_none(tmp_path: Path) -> None:
    from protosearch.index import SearchIndex
    from protosearch.ingest import ingest

    named = CORPUS / "001_ec3af93503d094b5.txt"  # names Stockholm itself
    unnamed = tmp_path / "memo.txt"
    unnamed.write_text("Tjänsteskrivelse\nDatum 2026-01-12\n\nFörslag till beslut\nNämnden godkänner rapporten.\n",
                       "utf-8")
    report = ingest([named, unnamed], tmp_path / "index", jobs=1, municipality="Alingsås")
    assert report.added == 2
    places = {Path(u.path).name: u.payload["municipality"]
              for u in SearchIndex(tmp_path / "index").units("") if u.kind == "document"}
    assert places == {"001_ec3af93503d094b5.txt": "Stockholm", "memo.txt": "Alingsås"}
