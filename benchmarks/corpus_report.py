#!/usr/bin/env python3
"""A sanity report of the tagger over a whole corpus: the systematic errors no gold file shows.

usage: python benchmarks/corpus_report.py [DIR ...] [--examples N]

Tags every document under the folders (default: ../shared/corpus) in this process and prints:
the share of documents without municipality, committee, date or document type; protocols
without §§; committees by municipality, with those that no protocol of the municipality
names (a body that meets keeps protocols: a name only memos carry is suspect) and those that
do not look like a body at all; statements without authors or parties; decisions by kind.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SUFFIXES = {".pdf", ".txt", ".text", ".md"}
# what a body's name looks like: "...nämnden", "Kommunstyrelsen", "Nämnden för Service", "...s arbetsutskott"
BODY_SHAPE = re.compile(r"(?i)(?:nämnd(?:en)?|styrelsen?|fullmäktige|utskott(?:et)?|beredning(?:en)?|rådet|"
                        r"sektionen|direktionen|revisorerna)$|^(?:nämnden|rådet|beredningen) för ")


def tag_all(folders: list[Path]) -> tuple[list[dict[str, Any]], Counter[str]]:
    from protosearch.extract import ExtractionError, extract_file
    from protosearch.tag import tag
    from protosearch.tag.letterhead import name_municipality

    docs, failures = [], Counter()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
            if path.name.startswith(("README", "MANIFEST")):
                continue
            try:
                extracted = extract_file(path)
                doc = name_municipality(tag(extracted), extracted, ocr=True)  # as ingest and `extract` do
                named = doc.municipality is None and names_a_municipality(extracted.text)
                docs.append({**doc.to_dict(), "path": str(path), "names_a_municipality": named})
            except ExtractionError as e:
                failures[str(e).split(":")[0]] += 1
    return docs, failures


def names_a_municipality(text: str) -> bool:
    """Whether the text writes any Swedish municipality's name: a document without municipality
    that does was missed by the tagger; one that does not names none, and only the user's
    `ingest --municipality` can give it one."""
    from importlib import resources

    rules = resources.files("protosearch.tag").joinpath("rules/municipalities.txt").read_text("utf-8")
    names = [ln.strip() for ln in rules.splitlines() if ln.strip() and not ln.startswith("#")]
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)  # as written: "vara" is a verb


def share(n: int, total: int) -> str:
    return f"{n:4d} of {total} ({100 * n / total:.1f}%)" if total else "0"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "corpus"])
    ap.add_argument("--examples", type=int, default=3, help="example paths shown per finding")
    a = ap.parse_args()
    docs, failures = tag_all(a.folders)
    n = len(docs)
    print(f"{n} documents tagged; not read: {dict(failures) or 'none'}\n")

    def missing(field: str, docs_: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [d for d in docs_ if not d.get(field)]

    for field in ("municipality", "committee", "date", "doc_type"):
        without = missing(field, docs)
        print(f"without {field:12}: {share(len(without), n)}  e.g. {[Path(d['path']).name for d in without[:a.examples]]}")
        if field == "municipality":
            named = [d for d in without if d["names_a_municipality"]]
            print(f"  of them writing a municipality's name somewhere: {len(named)}  "
                  f"e.g. {[Path(d['path']).name for d in named[:a.examples]]}")
    protocols = [d for d in docs if d["doc_type"] == "protokoll"]
    no_sections = [d for d in protocols if not d["sections"]]
    print(f"protocols without §§   : {share(len(no_sections), len(protocols))}  "
          f"e.g. {[Path(d['path']).name for d in no_sections[:a.examples]]}")
    print(f"doc types: {dict(Counter(d['doc_type'] for d in docs).most_common())}\n")

    met: dict[str, set[str]] = defaultdict(set)  # municipality -> bodies whose protocols we have
    for d in docs:
        if d["doc_type"] in ("protokoll", "protokollsutdrag") and d["committee"]:
            met[d["municipality"] or "?"].add(d["committee"])
    by_place: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        if d["committee"]:
            by_place[d["municipality"] or "?"][d["committee"]] += 1
    print("committees by municipality (! no protocol of it names this body; ? not shaped like a body):")
    for place, counts in sorted(by_place.items()):
        marks = [f"{c}{'' if c in met[place] else ' !'}{'' if BODY_SHAPE.search(c) else ' ?'} {k}"
                 for c, k in counts.most_common()]
        print(f"  {place}: " + "; ".join(marks))

    statements = [s for d in docs for s in d["statements"] if s["type"] != "yrkande"]
    nobody = [s for s in statements if not s["by"] and not s["parties"]]
    print(f"\nwritten statements without authors or parties: {share(len(nobody), len(statements))}")
    for s in nobody[: a.examples]:
        print(f"   {s['type']} {s['section']}: {s['text'][:100]!r}")
    kinds = Counter(x["kind"] for d in docs for x in d["decisions"])
    print(f"decisions by kind: {dict(kinds.most_common())}")
    protocol_sections = [(d, s) for d in protocols for s in d["sections"]]
    decided = {(d["path"], x["section"]) for d in protocols for x in d["decisions"] if x["kind"] == "beslut"}
    print(f"§§ of protocols with a decision of kind beslut: "
          f"{share(sum((d['path'], s['number']) in decided for d, s in protocol_sections), len(protocol_sections))}")


if __name__ == "__main__":
    main()
