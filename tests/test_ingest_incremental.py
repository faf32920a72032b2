"""Incremental ingest: unchanged files skipped, changed ones replaced, one document per content, --prune."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from protosearch.cli.commands import cli
from protosearch.index import SearchIndex
from protosearch.ingest.pipeline import ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

MEMO = "002_7f25499cff44f77b.txt"
PDF = "001_protokollsutdrag.pdf"


def _docs(tmp_path: Path, *names: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in names:
        shutil.copy(CORPUS / name, docs / name)
    return docs


def test_unchanged_files_are_skipped_and_a_changed_one_replaced(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    index = tmp_path / "index"
    first = ingest([docs], index, jobs=1)
    assert (first.added, first.replaced, first.unchanged, first.pages, first.rebuilt) == (2, 0, 0, 4, True)
    old_ids = SearchIndex(index).document_ids()

    again = ingest([docs], index, jobs=1)
    assert (again.added, again.replaced, again.unchanged, again.pages, again.rebuilt) == (0, 0, 2, 0, False)

    memo = docs / MEMO
    memo.write_text(memo.read_text("utf-8") + "\nTillägg: zebrapassagen vid Nolhagaskolan.\n", "utf-8")
    changed = ingest([docs], index, jobs=1)
    assert (changed.added, changed.replaced, changed.unchanged) == (0, 1, 1)
    new_ids = SearchIndex(index).document_ids()
    assert len(new_ids) == 2 and len(new_ids & old_ids) == 1  # the old memo is gone, its successor there
    result = SearchIndex(index).search("zebrapassagen")
    assert (result.total, result.hits[0].path) == (1, str(memo.resolve()))


def test_same_content_under_two_paths_is_one_document_with_both(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    (docs / "kopia").mkdir()
    shutil.copy(docs / MEMO, docs / "kopia" / MEMO)
    index = tmp_path / "index"

    report = ingest([docs], index, jobs=2)
    assert (report.added, report.duplicates) == (2, 1)
    memo_id = next(d for d, paths in SearchIndex(index).paths_by_doc().items() if paths[0].endswith(MEMO))
    assert SearchIndex(index).paths_by_doc()[memo_id] == [str((docs / MEMO).resolve()),
                                                          str((docs / "kopia" / MEMO).resolve())]
    assert len(SearchIndex(index).document_ids()) == 2
    assert SearchIndex(index).get(memo_id)["path"] == str((docs / MEMO).resolve())  # type: ignore[index]

    # a third copy found later is added to the same document without being read
    shutil.copy(docs / MEMO, tmp_path / "tredje.txt")
    later = ingest([tmp_path / "tredje.txt"], index)
    assert (later.added, later.unchanged) == (0, 1)
    assert SearchIndex(index).paths_by_doc()[memo_id][-1] == str((tmp_path / "tredje.txt").resolve())


def test_prune_removes_documents_whose_every_file_is_gone(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    shutil.copy(docs / MEMO, docs / "kopia.txt")
    index = tmp_path / "index"
    ingest([docs], index, jobs=1)
    assert len(SearchIndex(index).document_ids()) == 2
    assert SearchIndex(index).search("beslut").total == 2

    (docs / MEMO).unlink()  # one of two copies gone: the document stays
    kept = ingest([docs], index, prune=True)
    assert (kept.removed, len(SearchIndex(index).document_ids())) == (0, 2)
    assert sorted(len(p) for p in SearchIndex(index).paths_by_doc().values()) == [1, 1]

    (docs / PDF).unlink()
    (docs / "kopia.txt").unlink()
    without = ingest([docs], index)  # without --prune nothing is removed
    assert (without.removed, len(SearchIndex(index).document_ids())) == (0, 2)
    pruned = ingest([docs], index, prune=True)
    assert (pruned.removed, SearchIndex(index).document_ids()) == (2, set())
    assert SearchIndex(index).search("beslut").total == 0


def test_cli_ingest_prints_a_line_per_file_and_a_summary_when_not_a_terminal(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    index = str(tmp_path / "index")
    result = CliRunner().invoke(cli, ["--index", index, "ingest", "--jobs", "1", str(docs)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert sorted(line.split(": ")[0].split("/")[-1] for line in lines[:2]) == [PDF, MEMO]
    assert {line.split(": ")[1] for line in lines[:2]} == {"added, 3 pages, protokollsutdrag",
                                                           "added, 1 pages, tjänsteutlåtande"}
    assert lines[0].startswith("[1/2] ") and lines[1].startswith("[2/2] ")
    assert lines[2] == f"created a new index in {index}"
    assert lines[3].startswith("ingested 2 new, 0 replaced, 0 unchanged, 0 duplicates, 0 removed, 0 failed; "
                               "4 pages in ")

    quiet = CliRunner().invoke(cli, ["--index", index, "ingest", "-q", "--prune", str(docs)])
    assert quiet.exit_code == 0, quiet.stderr
    assert quiet.stderr.startswith("ingested 0 new, 0 replaced, 2 unchanged, 0 duplicates, 0 removed, 0 failed; ")
    assert len(quiet.stderr.splitlines()) == 1


def test_cli_ingest_draws_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    primary, secondary = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "protosearch", "--index", str(tmp_path / "index"), "ingest",
                           "--jobs", "1", str(docs)], stderr=secondary, stdout=subprocess.PIPE, check=False)
    os.close(secondary)
    shown = b""
    while select.select([primary], [], [], 0.5)[0]:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    text = shown.decode()
    assert done.returncode == 0 and done.stdout == b""
    assert re.search(r"\r\[#{15}\.{15}\] 1/2 files, [13] pages, \d+ pages/s, ETA \d+ s ", text)
    assert re.search(r"\r\[#{30}\] 2/2 files, 4 pages, \d+ pages/s, ETA 0 s \r?\n", text)
    assert "ingested 2 new, 0 replaced" in text


def _settle() -> None:
    """Let the files written so far age past the second after which their digests are remembered."""
    time.sleep(1.05)


def test_digests_are_remembered_by_file_status_and_a_rewrite_with_old_times_is_read_again(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    index = tmp_path / "index"
    _settle()
    assert ingest([docs], index, jobs=1).added == 2
    saved = json.loads((index / "hashes.json").read_text("utf-8"))["files"]
    assert {p: v[5] for p, v in saved.items()} == {
        str((docs / n).resolve()): hashlib.sha256((docs / n).read_bytes()).hexdigest() for n in (MEMO, PDF)}

    # the same size and modification time, other bytes: the change time tells
    memo = docs / MEMO
    before = memo.stat()
    text = memo.read_text("utf-8")
    memo.write_text(text.replace("jobbtorg", "jobbtorq", 1), "utf-8")
    os.utime(memo, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (memo.stat().st_size, memo.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = ingest([docs], index, jobs=1)
    assert (again.added, again.replaced, again.unchanged) == (0, 1, 1)


def test_a_file_hashed_within_a_second_of_its_last_change_is_hashed_again_next_time(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO)
    _settle()
    shutil.copy(CORPUS / PDF, docs / PDF)  # just written
    index = tmp_path / "index"
    assert ingest([docs], index, jobs=1).added == 2
    saved = json.loads((index / "hashes.json").read_text("utf-8"))["files"]
    assert sorted(saved) == [str((docs / MEMO).resolve())]


def test_a_damaged_digest_file_means_hashing_everything_again(tmp_path: Path) -> None:
    docs = _docs(tmp_path, MEMO, PDF)
    index = tmp_path / "index"
    _settle()
    ingest([docs], index, jobs=1)
    (index / "hashes.json").write_text('{"version": 1, "files": {"x": [1, 2]}', "utf-8")  # cut short
    again = ingest([docs], index, jobs=1)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert len(json.loads((index / "hashes.json").read_text("utf-8"))["files"]) == 2
