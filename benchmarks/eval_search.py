#!/usr/bin/env python3
"""Retrieval evaluation: recall@10 and MRR over realistic queries, without and with compound splitting.

usage: eval_search.py [--index DIR] [--corpus DIR] [--seeds DIR] [--k 10] [--misses] [--latency N]

Queries: the `queries` of the hand-made gold annotations (benchmarks/gold/alingsas/*.json and
../shared/gold/*.json), and benchmarks/queries/*.json, each query naming the document(s) it must
find (`want`) and others that may rank above them (`also`). A document is known by the sha256 of
its bytes, so a file saved under two names is one document. The index of ../shared/corpus/alingsas
and the seeds in corpus/ is built in --index when missing (reused otherwise).

recall@K: the share of a query's `want` documents in its first K documents, averaged over queries.
MRR: 1 / the rank of the first `want` or `also` document (0 beyond K), averaged.
Latency: wall time of SearchIndex.search in this process, p50 / p95 over every query; and of
the whole command (`protosearch search Q --json`, a new process each) over --cli-samples queries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from protosearch.index import Filters, SearchIndex  # noqa: E402


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_queries(corpus: Path, seeds: Path) -> list[dict]:
    """Every query as {q, filters, want: [sha], also: [sha], kind, source}."""
    out = []
    golds = [(f, corpus) for f in sorted((HERE / "gold" / "alingsas").glob("*.json"))]
    golds += [(f, seeds) for f in sorted((ROOT.parent / "shared" / "gold").glob("*.json"))]
    for f, root in golds:
        gold = json.loads(f.read_text("utf-8"))
        for item in gold.get("queries", []):
            out.append({
                "q": item["q"], "filters": item.get("filters") or {}, "kind": "gold",
                "want": [sha(root / gold["file"])],
                "also": [sha(corpus / p) for p in item.get("also_relevant", [])],
                "source": f.name,
            })
    for f in sorted((HERE / "queries").glob("*.json")):
        for item in json.loads(f.read_text("utf-8")):
            root = seeds if item.get("root") == "seeds" else corpus
            out.append({
                "q": item["q"], "filters": item.get("filters") or {}, "kind": item["kind"],
                "want": [sha(root / p) for p in item["want"]],
                "also": [sha(root / p) for p in item.get("also", [])],
                "source": f.name,
            })
    return out


def filters_of(f: dict) -> Filters:
    party = f.get("party")
    return Filters(
        parties=tuple(party) if isinstance(party, list) else ((party,) if party else ()),
        person=f.get("person"), doc_type=f.get("type"), statement=f.get("statement"),
        committee=f.get("committee"), municipality=f.get("municipality"),
        date_from=f.get("from"), date_to=f.get("to"),
    )


def evaluate(idx: SearchIndex, queries: list[dict], k: int, *, compounds: bool) -> tuple[list[dict], list[float]]:
    rows, times = [], []
    for item in queries:
        started = time.perf_counter()
        result = idx.search(item["q"], filters_of(item["filters"]), limit=k, compounds=compounds)
        times.append(time.perf_counter() - started)
        ranked = [h.id.split("/")[0] for h in result.hits]
        want, relevant = set(item["want"]), set(item["want"]) | set(item["also"])
        recall = len(want & set(ranked)) / len(want)
        first = next((i for i, d in enumerate(ranked, start=1) if d in relevant), None)
        rows.append({**item, "recall": recall, "rr": 1.0 / first if first else 0.0, "rank": first,
                     "got": [h.path for h in result.hits[:3]]})
    return rows, times


def report(label: str, rows: list[dict]) -> None:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
    print(f"\n{label}")
    for kind, rs in sorted(by_kind.items()):
        print(f"  {kind:<22} {len(rs):>3} queries  recall@10 {statistics.mean(r['recall'] for r in rs):.3f}"
              f"  MRR {statistics.mean(r['rr'] for r in rs):.3f}")
    print(f"  {'all':<22} {len(rows):>3} queries  recall@10 {statistics.mean(r['recall'] for r in rows):.3f}"
          f"  MRR {statistics.mean(r['rr'] for r in rows):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", default="/tmp/protosearch-eval-index")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--seeds", default=str(ROOT / "corpus"))
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--misses", action="store_true", help="Print each query that misses or ranks low.")
    ap.add_argument("--cli-samples", type=int, default=30, help="Queries timed through the command line.")
    a = ap.parse_args()
    corpus, seeds = Path(a.corpus), Path(a.seeds)
    if not (corpus / "alingsas").is_dir():
        sys.exit(f"no corpus in {corpus}/alingsas")
    idx = SearchIndex(a.index)
    if not idx.exists():
        from protosearch.ingest.pipeline import ingest

        print(f"building the index in {a.index} ...", file=sys.stderr)
        ingest([corpus / "alingsas", seeds], a.index)
    queries = load_queries(corpus, seeds)
    results = {}
    for compounds in (False, True):
        rows, times = evaluate(idx, queries, a.k, compounds=compounds)
        label = "with compound splitting" if compounds else "without compound splitting (stems and exact forms only)"
        report(label, rows)
        results[compounds] = rows
        ms = sorted(t * 1000 for t in times)
        print(f"  latency per query: p50 {ms[len(ms) // 2]:.1f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms")
    cli = [str(Path(sys.executable).parent / "protosearch"), "--index", a.index, "search"]
    walls = []
    for item in queries[: a.cli_samples]:
        started = time.perf_counter()
        subprocess.run([*cli, item["q"], "--json"], capture_output=True, check=True)
        walls.append((time.perf_counter() - started) * 1000)
    if walls:
        walls.sort()
        print(f"\ncommand line ({len(walls)} queries, e.g. {shlex.join([*cli[1:], queries[0]['q'], '--json'])}):"
              f" p50 {walls[len(walls) // 2]:.0f} ms, p95 {walls[max(0, int(len(walls) * 0.95) - 1)]:.0f} ms")
    if a.misses:
        print("\nmisses and low ranks (with splitting):")
        for r in results[True]:
            if r["recall"] < 1 or (r["rank"] or 99) > 3:
                print(f"  [{r['kind']}] {r['q']!r} {r['filters'] or ''} rank {r['rank']} recall {r['recall']:.2f}"
                      f" got {[Path(p).name[:40] for p in r['got']]}")
    changed = [(x, y) for x, y in zip(results[False], results[True]) if x["rr"] != y["rr"]]
    if changed:
        print("\nqueries whose rank compound splitting changed:")
        for x, y in changed:
            print(f"  {x['q']!r}: rank {x['rank']} -> {y['rank']}")


if __name__ == "__main__":
    main()
