"""The worker processes: what a worker (forked from the warm fork server) makes of a file is
what one process reading the file makes; failures come through with their reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from protosearch.tag.nlp import pipeline
from protosearch.records import Failure
from protosearch.ingest.workers import read_file, read_in_workers

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

LIMITS = (2000, False)  # max pages, OCR


def test_documents_read_in_workers_equal_those_read_in_one_process(tmp_path: Path) -> None:
    html = tmp_path / "error-page.pdf"
    html.write_text("<!DOCTYPE html><html><body>404</body></html>", "utf-8")
    paths = [str(p) for p in sorted(CORPUS.glob("00*.pdf")) + sorted(CORPUS.glob("00*.txt"))] + [str(html)]

    results = {path: (result, lasting) for path, result, lasting in
               read_in_workers(paths, jobs=1, timeout=300.0, limits=LIMITS)}

    pipeline()
    assert sorted(results) == sorted(paths)
    for path in paths[:-1]:
        assert results[path] == read_file(path, max_pages=LIMITS[0], ocr=LIMITS[1])
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
    assert [(p, r) for p, r, _ in results] == [(path, read_file(path, max_pages=LIMITS[0], ocr=LIMITS[1])[0])]
