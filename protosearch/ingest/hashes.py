"""Content identity: a file's sha256, remembered with the file's status so that an unchanged
file is not read again.

An archive of tens of thousands of PDFs is gigabytes: hashing all of them again on every
ingest would be most of the time of an ingest that finds nothing new. As git does for its
index, the digest of a path is kept with the file's device, inode, size, modification and
change times; a file whose status is the same is taken to hold the same bytes. The change
time (ctime) moves on any write and cannot be set back by `touch` or a copy that keeps
times, so a file rewritten with its old size and modification time is hashed again. A
digest is only kept for a file that had not changed for a second when it was hashed: a
write in the same clock tick as the hashing would leave the status alike.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

_FILE = "hashes.json"
_VERSION = 1
_SETTLED_NS = 1_000_000_000  # a file changed more recently than this when hashed is hashed again next time

Status = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def sha256_of_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Digests:
    """The digests of the files of an index's earlier ingests, and of this one (saved with `save`)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / _FILE
        self.known: dict[str, tuple[Status, str]] = _load(self.path)
        self.changed = False

    def of(self, path: Path, resolved: str) -> str:
        """The file's sha256: remembered if its status is unchanged, else read (OSError if it cannot be)."""
        now = time.time_ns()
        s = os.stat(path)
        status: Status = (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
        remembered = self.known.get(resolved)
        if remembered is not None and remembered[0] == status:
            return remembered[1]
        digest = sha256_of_file(path)
        if now - max(s.st_mtime_ns, s.st_ctime_ns) >= _SETTLED_NS:
            self.known[resolved] = (status, digest)
            self.changed = True
        elif self.known.pop(resolved, None) is not None:
            self.changed = True
        return digest

    def forget_missing(self) -> None:
        """Drop the paths that are gone (with --prune)."""
        kept = {p: v for p, v in self.known.items() if os.path.exists(p)}
        self.changed |= len(kept) != len(self.known)
        self.known = kept

    def save(self) -> None:
        """Write the digests if any changed (atomically: a kill leaves the old file or the new)."""
        if not self.changed:
            return
        tmp = self.path.with_name(_FILE + ".tmp")
        data = {"version": _VERSION, "files": {p: [*status, digest] for p, (status, digest) in self.known.items()}}
        tmp.write_text(json.dumps(data), "utf-8")
        os.replace(tmp, self.path)


def _load(path: Path) -> dict[str, tuple[Status, str]]:
    """The saved digests; none if the file is missing, unreadable or of another version (all are hashed)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != _VERSION:
            return {}
        return {p: (tuple(v[:5]), v[5]) for p, v in data["files"].items()}  # type: ignore[misc]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}
