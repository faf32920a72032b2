#!/usr/bin/env python3
"""Measure the tagger against hand-made gold annotations, per municipality and over all.

usage: python benchmarks/eval_tagging.py [MUNICIPALITY ...] [--show] [--fields]

Reads every gold folder `benchmarks/gold/<municipality>/` (or those named) and the seeds'
gold (`../shared/gold` with `../shared/seeds`). A gold file's `file` is a path under
`../shared/corpus` or, for a copy kept in this repository, `benchmarks/devcorpus/...`.
The tagger runs in this process (no subprocess per document); the scoring is
`../shared/tools/score_extract.py`'s own, imported, so the figures are the evaluation's:
decisions as words under their §, statements by kind and parties, case numbers by series
and number groups. Prints one row per municipality (macro-F1 and each field's F1), then the
fields over all documents.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "gold"


def scorer() -> ModuleType:
    """The evaluation's scorer, ../shared/tools/score_extract.py, as a module."""
    spec = importlib.util.spec_from_file_location("score_extract", SHARED / "tools" / "score_extract.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIELDS = ["case_numbers", "parties", "persons", "person+party", "sections", "decisions", "statements",
          "doc_type", "date", "committee", "municipality"]


def document_path(gold: dict[str, Any], docs_dir: Path) -> Path:
    """Where a gold file's document is: in the repository (a devcorpus copy) or under docs_dir."""
    name = gold["file"]
    return ROOT / name if name.startswith("benchmarks/") else docs_dir / name


def evaluate(sets: list[tuple[str, Path, Path]], *, show: bool) -> dict[str, dict[str, Any]]:
    """Tallies per set name (and 'all'), each a dict field -> score_extract.Tally, plus 'docs'."""
    from protosearch.extract import extract_file
    from protosearch.tag import tag
    from protosearch.tag.letterhead import name_municipality

    se = scorer()
    results: dict[str, dict[str, Any]] = {"all": {f: se.Tally() for f in FIELDS} | {"docs": 0}}
    for name, gold_dir, docs_dir in sets:
        tallies = results.setdefault(name, {f: se.Tally() for f in FIELDS} | {"docs": 0})
        for gold_file in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gold_file.read_text("utf-8"))
            extracted = extract_file(document_path(gold, docs_dir))
            pred = name_municipality(tag(extracted), extracted, ocr=True).to_dict()  # as `extract --json`
            for t in (tallies, results["all"]):
                t["kinds"] = [a + b for a, b in zip(t.get("kinds", (0, 0)), kind_agreement(se, pred, gold))]
                before = {f: (t[f].tp, t[f].fp, t[f].fn) for f in FIELDS}
                se.score_doc(pred, gold, t)
                t["docs"] += 1
            if show:
                diffs = [f"{f} +{t[f].tp - before[f][0]}/-{t[f].fp - before[f][1]}/?{t[f].fn - before[f][2]}"
                         for f in FIELDS if t[f].fp != before[f][1] or t[f].fn != before[f][2]]
                print(f"{name}/{gold_file.stem}: {', '.join(diffs) or 'ok'}")
    return results


def kind_agreement(se: ModuleType, pred: dict[str, Any], gold: dict[str, Any]) -> tuple[int, int]:
    """(agreeing, matched): predicted decisions whose text stands in a gold decision of the same §,
    and how many of those carry the gold's kind. The scorer leaves kinds out (words per §); a
    user reads `beslut` and `förslag till beslut` apart."""
    agreeing = matched = 0
    for d in pred.get("decisions", []):
        text = se.norm_text(d.get("text"))
        same = [g for g in gold.get("decisions", []) if se.key(g.get("section")) == se.key(d.get("section"))
                and text and text in se.norm_text(g.get("text"))]
        if same:
            matched += 1
            agreeing += same[0].get("kind") == d.get("kind")
    return agreeing, matched


def macro(tallies: dict[str, Any]) -> float:
    return sum(tallies[f].prf()[2] for f in FIELDS) / len(FIELDS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("municipalities", nargs="*", help="gold folders to read (default: all)")
    ap.add_argument("--show", action="store_true", help="print each document's differences")
    ap.add_argument("--fields", action="store_true", help="print P/R/F1 of each field over all documents")
    a = ap.parse_args()
    names = a.municipalities or sorted(p.name for p in GOLD.iterdir() if p.is_dir())
    sets = [(n, GOLD / n, SHARED / "corpus") for n in names]
    if not a.municipalities and (SHARED / "gold").is_dir():
        sets.append(("seeds", SHARED / "gold", SHARED / "seeds"))
    results = evaluate(sets, show=a.show)
    short = {"case_numbers": "case", "person+party": "pers+p", "statements": "stmt", "municipality": "munic",
             "committee": "comm", "decisions": "decis", "sections": "sect", "doc_type": "type"}
    header = " ".join(f"{short.get(f, f)[:6]:>6}" for f in FIELDS)
    print(f"{'set':12} {'docs':>4} {'macro':>6}  {header}")
    for name, t in results.items():
        row = " ".join(f"{t[f].prf()[2]:6.3f}" for f in FIELDS)
        print(f"{name:12} {t['docs']:4d} {macro(t):6.3f}  {row}")
    if a.fields:
        print(f"\n{'field':14} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
        for f in FIELDS:
            p, r, f1 = results["all"][f].prf()
            t = results["all"][f]
            print(f"{f:14} {p:6.3f} {r:6.3f} {f1:6.3f}  {t.tp}/{t.fp}/{t.fn}")
        agreeing, matched = results["all"]["kinds"]
        print(f"decision kinds agree with the gold's on {agreeing} of {matched} matched decisions")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
