"""Concurrency: one ingest at a time on an index (a second waits, then fails clearly); searches go on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from protosearch.cli.commands import cli
from protosearch.index import SearchIndex
from protosearch.ingest.pipeline import ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

MEMO = CORPUS / "002_7f25499cff44f77b.txt"


def test_a_second_ingest_fails_clearly_when_the_wait_is_over(tmp_path: Path) -> None:
    index = tmp_path / "index"
    with SearchIndex(index).ingest_lock(wait=0):
        result = CliRunner().invoke(cli, ["--index", str(index), "ingest", "--wait", "0.3", str(MEMO)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: another ingest (pid {os.getpid()}) is writing to the index in {index}; "
        "waited 0.3 s: let it finish, or wait longer with --wait SECONDS\n")
    assert not SearchIndex(index).exists()  # it wrote nothing


def test_a_second_ingest_waits_for_the_first(tmp_path: Path) -> None:
    index = tmp_path / "index"
    locked = threading.Event()

    def first() -> None:
        with SearchIndex(index).ingest_lock(wait=0):
            locked.set()
            time.sleep(1.0)

    holder = threading.Thread(target=first)
    holder.start()
    locked.wait()
    started = time.monotonic()
    report = ingest([MEMO], index, wait=30)
    holder.join()
    assert time.monotonic() - started >= 1.0
    assert (report.added, report.failures) == (1, [])


def test_searches_keep_working_while_an_ingest_runs(tmp_path: Path) -> None:
    index = tmp_path / "index"
    ingest([MEMO], index, jobs=1)
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.pdf")):
        shutil.copy(f, docs / f.name)
    code = f"from protosearch.ingest.pipeline import ingest; ingest([{str(docs)!r}], {str(index)!r}, jobs=2, batch=1)"
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    totals = []
    while proc.poll() is None:
        totals.append(SearchIndex(index).search("beslut").total)  # never raises, never goes back
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    totals.append(SearchIndex(index).search("beslut").total)
    assert len(totals) >= 5
    assert totals == sorted(totals)
    assert (totals[0], totals[-1]) == (1, 8)


def test_a_search_opens_the_next_generation_when_a_commit_replaced_the_one_it_found(tmp_path: Path) -> None:
    """Whoosh lists the tables of contents, then opens the newest: a commit in between deletes it.

    A dangling link is a table of contents that is listed and cannot be opened; it goes away
    as a superseded one would, while the search is retrying.
    """
    index = tmp_path / "index"
    ingest([MEMO], index, jobs=1)
    vanished = index / "_MAIN_99.toc"
    vanished.symlink_to(index / "gone")
    threading.Timer(0.08, vanished.unlink).start()
    assert SearchIndex(index).search("beslut").total == 1


def test_an_index_that_keeps_changing_while_opened_fails_clearly(tmp_path: Path) -> None:
    index = tmp_path / "index"
    ingest([MEMO], index, jobs=1)
    (index / "_MAIN_99.toc").symlink_to(index / "gone")
    result = CliRunner().invoke(cli, ["--index", str(index), "search", "beslut"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: the index in {index} kept changing while it was being opened: try again\n"
