"""The ingest's schedule: the largest files first; an early commit once, when the files left take
about as long as the commit."""

from __future__ import annotations

from pathlib import Path

from protosearch.ingest.pipeline import EarlyCommit, _largest_first


def test_the_largest_files_are_read_first_and_a_vanished_one_last(tmp_path: Path) -> None:
    for name, size in [("a.pdf", 10), ("b.pdf", 3000), ("c.txt", 200)]:
        (tmp_path / name).write_bytes(b"x" * size)
    paths = [str(tmp_path / n) for n in ("gone.pdf", "a.pdf", "b.pdf", "c.txt")]
    assert _largest_first(paths) == [str(tmp_path / n) for n in ("b.pdf", "c.txt", "a.pdf", "gone.pdf")]


def test_the_early_commit_comes_once_when_the_files_left_take_as_long_as_the_commit() -> None:
    early_commit = EarlyCommit(files=100)
    assert not early_commit.commit_now(1, 1, now=10.0)  # the first result: the clock starts
    assert not early_commit.commit_now(2, 2, now=11.0)  # no commit measured yet
    early_commit.committed(40, 2.0)  # 0.05 s per document
    assert not early_commit.commit_now(50, 10, now=59.0)  # 1 s per file: 50 s left, the commit 0.5 s
    assert not early_commit.commit_now(97, 39, now=106.0)  # 3 s left, the commit 1.95 s
    assert early_commit.commit_now(98, 40, now=107.0)  # 2 s left, the commit 2.0 s
    assert not early_commit.commit_now(99, 1, now=108.0)  # once
    assert not early_commit.commit_now(100, 2, now=109.0)


def test_no_early_commit_for_the_last_file_or_before_a_commit_was_measured() -> None:
    early_commit = EarlyCommit(files=3)
    assert not early_commit.commit_now(1, 1, now=0.0)
    assert not early_commit.commit_now(2, 2, now=1.0)  # nothing measured: no guess
    early_commit.committed(0, 5.0)  # a commit of failures only says nothing per document
    assert not early_commit.commit_now(2, 2, now=1.0)
    early_commit.committed(2, 5.0)
    assert not early_commit.commit_now(3, 3, now=2.0)  # the last file: the final commit follows anyway
