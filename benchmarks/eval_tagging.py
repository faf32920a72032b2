#!/usr/bin/env python3
"""Measure the tagger against hand-made gold annotations: precision, recall and F1 per field.

usage: python benchmarks/eval_tagging.py [GOLD_DIR ...] [--docs DIR] [--show]

Defaults to the Alingsås development set (benchmarks/gold/alingsas, documents read in place
from ../shared/corpus) and the seeds' gold (../shared/gold with ../shared/seeds). The tagger
runs in this process (no subprocess per document). The matching rules are those of
../shared/tools/score_extract.py, so the figures compare: case numbers by series letters and
number groups, persons by name (small misspellings tolerated), statements by type and
parties, decisions by text overlap.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIELDS = ["case_numbers", "parties", "persons", "person+party", "decisions", "statements",
          "doc_type", "date", "committee", "municipality"]
WRITTEN_STATEMENTS = {"reservation", "särskilt uttalande", "ersättaryttrande", "protokollsanteckning"}


def party_key(p: Any) -> str | None:
    from protosearch.tag.parties import canonical

    if not p:
        return None
    s = str(p).strip().strip("()").strip()
    if s in ("", "-", "–"):
        return None
    return canonical(s) or (s.upper() if len(s) <= 4 else s.lower())


def case_key(s: str) -> tuple[str, tuple[int, ...]]:
    s = unicodedata.normalize("NFKC", str(s)).upper()
    s = re.sub(r"\b(DNR|DIARIENUMMER|DIARIENR|DIARIE\s*NR|NR)\b[\s:.]*", " ", s)
    return "".join(re.findall(r"[A-ZÅÄÖ]+", s)), tuple(int(g) for g in re.findall(r"\d+", s))


def _years(groups: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(g + (2000 if g < 50 else 1900) if g < 100 else g for g in groups))


def case_match(pred: str, gold: str) -> bool:
    (pp, pg), (gp, gg) = case_key(pred), case_key(gold)
    if pp != gp or not gg:
        return False
    if pg[: len(gg)] == gg and len(pg) - len(gg) <= 2:
        return True
    return sorted(pg) == sorted(gg) or _years(pg) == _years(gg)


def norm_text(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", s)).strip()


def name_match(a: str, b: str) -> bool:
    a, b = norm_text(a), norm_text(b)
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.88


def text_match(a: str, b: str) -> bool:
    a, b = norm_text(a), norm_text(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, len(ta | tb)) >= 0.6


def place(s: str | None) -> str:
    s = re.sub(r"\s+(kommun|stad|region)$", "", norm_text(s))
    return re.sub(r"s$", "", s) if s.endswith(("ms", "gs", "ös")) and len(s) > 5 else s


def greedy(preds: Sequence[Any], golds: Sequence[Any], match: Callable[[Any, Any], bool]) -> int:
    used: set[int] = set()
    tp = 0
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and match(p, g):
                used.add(i)
                tp += 1
                break
    return tp


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, npred: int, ngold: int) -> None:
        self.tp += tp
        self.fp += npred - tp
        self.fn += ngold - tp

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pred: dict[str, Any], gold: dict[str, Any], t: dict[str, Tally]) -> None:
    certain = [c for c in gold.get("case_numbers", []) if not c.get("uncertain")]
    gc = sorted({c["normalized"] for c in certain})
    pc = [c.get("normalized") or c.get("raw") for c in pred.get("case_numbers", [])]
    for u in (c for c in gold.get("case_numbers", []) if c.get("uncertain")):
        digits = {re.sub(r"\D", "", u["raw"]), re.sub(r"\D", "", u["normalized"])}
        pc = [c for c in pc if not (case_match(c, u["normalized"]) or re.sub(r"\D", "", c) in digits)]
    unique: list[str] = []
    for c in pc:
        if not any(case_match(c, u) or case_match(u, c) for u in unique):
            unique.append(c)
    t["case_numbers"].add(greedy(unique, gc, case_match), len(unique), len(gc))

    pp = {party_key(p) for p in pred.get("parties", [])} - {None}
    gp = {party_key(p) for p in gold.get("parties", [])} - {None}
    t["parties"].add(len(pp & gp), len(pp), len(gp))

    pper, gper = pred.get("persons", []), gold.get("persons", [])
    t["persons"].add(greedy(pper, gper, lambda p, g: name_match(p["name"], g["name"])), len(pper), len(gper))
    pol_p = [p for p in pper if party_key(p.get("party"))]
    pol_g = [g for g in gper if party_key(g.get("party"))]
    t["person+party"].add(greedy(pol_p, pol_g, lambda p, g: name_match(p["name"], g["name"])
                                 and party_key(p.get("party")) == party_key(g.get("party"))),
                          len(pol_p), len(pol_g))

    pd, gd = pred.get("decisions", []), gold.get("decisions", [])
    t["decisions"].add(greedy(pd, gd, lambda p, g: text_match(p["text"], g["text"])), len(pd), len(gd))

    def st_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
        return norm_text(p["type"]) == norm_text(g["type"]) and (
            {party_key(x) for x in p.get("parties", [])} == {party_key(x) for x in g.get("parties", [])})

    ps = [x for x in pred.get("statements", []) if x["type"] in WRITTEN_STATEMENTS]
    gs = [x for x in gold.get("statements", []) if x["type"] in WRITTEN_STATEMENTS]
    t["statements"].add(greedy(ps, gs, st_match), len(ps), len(gs))

    for f in ("doc_type", "date", "committee", "municipality"):
        g = gold.get(f)
        if g is None:
            continue
        p = pred.get(f)
        if f == "municipality":
            p, g = place(p), place(g)
        ok = norm_text(p) == norm_text(g) or (
            f == "doc_type" and norm_text(p) in map(norm_text, gold.get("doc_type_alternatives", [])))
        t[f].add(int(ok), 1 if p else 0, 1)


def evaluate(gold_dirs: list[tuple[Path, Path]], *, show: bool) -> dict[str, Tally]:
    from protosearch.extract.document import extract_file
    from protosearch.tag.tagger import tag

    t = {f: Tally() for f in FIELDS}
    for gold_dir, docs_dir in gold_dirs:
        for gf in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gf.read_text("utf-8"))
            pred = tag(extract_file(docs_dir / gold["file"])).to_dict()
            before = {f: (x.tp, x.fp, x.fn) for f, x in t.items()}
            score(pred, gold, t)
            if show:
                diffs = [f"{f} -{x.fp - before[f][1]}/?{x.fn - before[f][2]}"
                         for f, x in t.items() if (x.fp, x.fn) != before[f][1:]]
                print(f"{gold['file']}: {', '.join(diffs) or 'ok'}")
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="per-document false positives (-) and misses (?)")
    ap.add_argument("--seeds-only", action="store_true")
    a = ap.parse_args()
    sets = [(SHARED / "gold", SHARED / "seeds")]
    if not a.seeds_only:
        sets.insert(0, (ROOT / "benchmarks" / "gold" / "alingsas", SHARED / "corpus"))
    missing = [str(d) for pair in sets for d in pair if not d.exists()]
    if missing:
        sys.exit(f"needs {', '.join(missing)} (the shared development material)")
    t = evaluate(sets, show=a.show)
    print(f"{'field':14} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
    f1s = []
    for f in FIELDS:
        p, r, f1 = t[f].prf()
        f1s.append(f1)
        print(f"{f:14} {p:6.3f} {r:6.3f} {f1:6.3f}  {t[f].tp}/{t[f].fp}/{t[f].fn}")
    n = sum(len(list(g.glob('*.json'))) for g, _ in sets)
    print(f"macro-F1 {sum(f1s) / len(f1s):.3f} over {n} docs")


if __name__ == "__main__":
    main()
