"""Shared fixtures: the bundled corpus, the shared development material, a built index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
ALINGSAS = SHARED / "corpus" / "alingsas"


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    """Facts about the generated PDFs, written by scripts/build_corpus_pdfs.py."""
    return json.loads((CORPUS / "EXPECTED.json").read_text("utf-8"))["files"]  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def alingsas() -> Path:
    if not ALINGSAS.is_dir():
        pytest.skip(f"needs the shared development corpus at {ALINGSAS} (absent on this machine)")
    return ALINGSAS


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled corpus, built once per test session through the library."""
    from protosearch.ingest.pipeline import ingest

    directory = tmp_path_factory.mktemp("corpus-index")
    ingest(sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.pdf")), directory, jobs=1)
    return directory
