"""Saved searches: a politician's offline alert, stored with the index in `watches.json`.

A watch remembers the documents it has shown. Adding one records what matches now, so that
`run` prints only documents that arrived (or started to match) since the watch last ran.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from protosearch.index import Filters, Hit, SearchIndex

WATCH_FILE = "watches.json"


class WatchError(Exception):
    """A watch that does not exist, or a name already taken."""


@dataclass
class Watch:
    name: str
    query: str
    filters: dict[str, Any]
    added: str
    last_run: str | None = None
    seen: list[str] = field(default_factory=list)  # document ids already shown (or matching when added)

    def search_filters(self) -> Filters:
        f = dict(self.filters)
        f["parties"] = tuple(f.get("parties") or ())
        return Filters(**f)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _file(index_dir: str | Path) -> Path:
    return Path(index_dir) / WATCH_FILE


def load(index_dir: str | Path) -> dict[str, Watch]:
    f = _file(index_dir)
    if not f.exists():
        return {}
    data = json.loads(f.read_text("utf-8"))
    return {w["name"]: Watch(**w) for w in data.get("watches", [])}


def _save(index_dir: str | Path, watches: dict[str, Watch]) -> None:
    f = _file(index_dir)
    tmp = f.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"watches": [asdict(w) for w in watches.values()]}, ensure_ascii=False, indent=2),
                   "utf-8")
    os.replace(tmp, f)  # a reader sees the old file or the new one, never half of one


def _matching(idx: SearchIndex, w: Watch) -> list[Hit]:
    return list(idx.search(w.query, w.search_filters(), limit=0, sort="date").hits)


def add(idx: SearchIndex, name: str, query: str, filters: Filters, *, replace: bool = False) -> int:
    """Save a watch; returns how many documents match now (they count as seen)."""
    watches = load(idx.directory)
    if name in watches and not replace:
        raise WatchError(f"a watch named {name!r} exists: remove it first, or add with --replace")
    stored = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(filters).items() if v}
    w = Watch(name, query, stored, _now())
    hits = _matching(idx, w)  # a bad query fails here, before anything is saved
    w.seen = [h.id.split("/")[0] for h in hits]
    watches[name] = w
    _save(idx.directory, watches)
    return len(hits)


def remove(index_dir: str | Path, name: str) -> None:
    watches = load(index_dir)
    if name not in watches:
        raise WatchError(f"no watch named {name!r} (see `protosearch watch list`)")
    del watches[name]
    _save(index_dir, watches)


def run(idx: SearchIndex, name: str | None = None) -> list[tuple[Watch, list[Hit]]]:
    """Each watch (or the one named) with its new documents, newest first; marks them seen."""
    watches = load(idx.directory)
    if name is not None and name not in watches:
        raise WatchError(f"no watch named {name!r} (see `protosearch watch list`)")
    out = []
    for w in watches.values():
        if name is not None and w.name != name:
            continue
        seen = set(w.seen)
        new = [h for h in _matching(idx, w) if h.id.split("/")[0] not in seen]
        w.seen = w.seen + [h.id.split("/")[0] for h in new]
        w.last_run = _now()
        out.append((w, new))
    _save(idx.directory, watches)
    return out
