"""Crash safety: SIGKILL an ingest at random moments; the index must open, hold only whole
documents, and be completed by the next run into exactly the documents of a clean ingest."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from protosearch.index import SearchIndex
from protosearch.ingest.pipeline import ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

KILLS = 20


def _units(idx: SearchIndex, doc_id: str) -> int:
    """How many units of the document are in the index: the document and its § items."""
    if idx.get(doc_id) is None:
        return 0
    n = 1
    while idx.get(f"{doc_id}/{n - 1}") is not None:
        n += 1
    return n


def _whole(idx: SearchIndex, doc_id: str, units: int) -> bool:
    """The document and exactly its `units` - 1 § items are in the index (three look-ups, not one per unit)."""
    last = f"{doc_id}/{units - 2}" if units > 1 else doc_id
    return idx.get(doc_id) is not None and idx.get(last) is not None and idx.get(f"{doc_id}/{units - 1}") is None


def _start(docs: Path, index: Path) -> subprocess.Popen[bytes]:
    code = f"from protosearch.ingest.pipeline import ingest; ingest([{str(docs)!r}], {str(index)!r}, jobs=2, batch=1)"
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_documents(index: SearchIndex, count: int, proc: subprocess.Popen[bytes]) -> None:
    """Until the index holds `count` documents or the ingest ends: a kill then falls between
    documents being written, however loaded the machine (a kill timed by an earlier run
    missed them all when CI shared the machine)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if index.exists() and len(index.document_ids()) >= count:
            return
        time.sleep(0.005)


def test_sigkill_at_random_moments_never_leaves_a_half_written_document(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.pdf")):
        shutil.copy(f, docs / f.name)
    shutil.copy(CORPUS / "001_protokollsutdrag.pdf", docs / "kopia.pdf")  # one content under two paths

    clean = SearchIndex(tmp_path / "clean")
    ingest([docs], clean.directory, jobs=2)
    expected_units = {d: _units(clean, d) for d in clean.document_ids()}
    assert len(expected_units) == 8 and sum(expected_units.values()) > 8

    # a timed run: how long a whole ingest takes here
    started = time.monotonic()
    proc = _start(docs, tmp_path / "timing")
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    latest = time.monotonic() - started  # the latest moment to kill; earlier when a run finishes first

    rng = random.Random(20261125)
    index = SearchIndex(tmp_path / "index")
    kills = runs = 0
    partial = 0  # kills that left some but not all documents: the states worth checking
    while kills < KILLS:
        runs += 1
        assert runs <= 3 * KILLS, "the ingest kept finishing before the kill"
        before = len(index.document_ids()) if index.exists() else 0
        proc = _start(docs, index.directory)
        if runs % 2 or len(expected_units) - before < 2:
            time.sleep(rng.uniform(0, latest))  # any moment: start-up, the index's creation, a commit
        else:  # between two documents' commits, whatever the machine's load
            _wait_for_documents(index, before + rng.randint(1, len(expected_units) - before - 1), proc)
        if proc.poll() is None:
            proc.kill()
            kills += 1
        else:
            latest *= 0.8  # the run finished first: this machine is faster now than in the timed run
        proc.wait()
        if not index.exists():
            continue  # killed before the index was created
        present = index.document_ids()  # the index opens
        assert present <= expected_units.keys()
        for doc_id in present:
            assert _whole(index, doc_id, expected_units[doc_id]), f"half-written document after kill {kills}"
        partial += 0 < len(present) < len(expected_units)
        if present == expected_units.keys():
            shutil.rmtree(index.directory)  # complete: start over, so that the next kill finds work

    assert partial >= 3
    report = ingest([docs], index.directory, jobs=2)
    assert report.failures == []
    assert index.document_ids() == clean.document_ids()
    assert {d: _units(index, d) for d in index.document_ids()} == expected_units
    assert index.paths_by_doc() == clean.paths_by_doc()
