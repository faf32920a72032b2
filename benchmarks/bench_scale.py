#!/usr/bin/env python3
"""Scale: a synthetic Swedish corpus of N index units, its build time and size, and query latency.

The corpus is made of protocols (a document unit and one unit per §) and memos (one
unit each) whose sentences are real: taken at run time from the seed texts in corpus/
and, when present, from ../shared/corpus/alingsas (read in place, never copied). Each
has case numbers in the spellings municipalities use, parties, persons, decisions and
statements. The records go straight to `SearchIndex.writer()`, skipping PDF work.

Queries of six kinds (single term, two-term AND, phrase, field filter, date range,
case-number lookup) run through the library (one `SearchIndex` answering query after query,
as a service or a notebook would; the first query of a new `SearchIndex`, which opens every
segment, is measured apart) and through the CLI (`protosearch search` in a new process).

    .venv/bin/python benchmarks/bench_scale.py --units 10000
    .venv/bin/python benchmarks/bench_scale.py --units 100000 --keep /tmp/scale-100k
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protosearch.tag.casenumbers import normalize_case_number  # noqa: E402
from protosearch.index import PreparedDocument, SearchIndex, prepare  # noqa: E402
from protosearch.records import (  # noqa: E402
    CaseNumber,
    Decision,
    Person,
    Section,
    Statement,
    TaggedDocument,
)

ALINGSAS = ROOT.parent / "shared" / "corpus" / "alingsas"
PROTOSEARCH = Path(sys.executable).with_name("protosearch")
# the commands timed here run as after a pip install, with their bytecode cached (some machines turn that off)
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

COMMITTEES = [
    ("kommunstyrelsen", "KS"), ("kommunfullmäktige", "KF"), ("socialnämnden", "SN"),
    ("barn- och ungdomsnämnden", "BUN"), ("bygg- och miljönämnden", "BMN"), ("tekniska nämnden", "TN"),
    ("kultur- och utbildningsnämnden", "KUN"), ("vård- och omsorgsnämnden", "VON"),
    ("arbetsmarknadsnämnden", "AMN"), ("samhällsbyggnadsnämnden", "SBN"),
]
PARTIES = ["S", "M", "SD", "C", "V", "KD", "L", "MP"]
FIRST = ["Anna", "Erik", "Karin", "Lars", "Maria", "Johan", "Eva", "Anders", "Kristina", "Per", "Sara",
         "Mikael", "Lena", "Fredrik", "Elin", "Jonas", "Helena", "Magnus", "Ida", "Salar", "Amir", "Leila"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
        "Svensson", "Gustafsson", "Lindström", "Berg", "Rashid", "Lindqvist", "Ekström", "Holm", "Fälldin"]
MUNICIPALITIES = ["Alingsås", "Lerum", "Borås", "Vårgårda", "Trollhättan", "Härryda", "Partille", "Kungälv"]
STATEMENTS = [("reservation", "reserverar sig mot beslutet till förmån för eget yrkande"),
              ("protokollsanteckning", "lämnar en protokollsanteckning"),
              ("särskilt uttalande", "lämnar ett särskilt uttalande"),
              ("yrkande", "yrkar bifall till förvaltningens förslag")]


# -- sentence material ----------------------------------------------------------------------

def sentences() -> list[str]:
    """Real Swedish sentences: the seed texts, and the Alingsås documents when they are here."""
    from protosearch.extract.document import ExtractionError, extract_file

    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    if ALINGSAS.is_dir():
        for path in sorted(ALINGSAS.rglob("*.pdf")):
            try:
                texts.append(extract_file(path, ocr=False).text)
            except ExtractionError:
                continue
    out = []
    for text in texts:
        for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[*#]+", " ", text)):
            s = " ".join(s.split())
            words = s.split()
            if 5 <= len(words) <= 40 and sum(w.isalpha() for w in words) >= 0.7 * len(words):
                out.append(s)
    return sorted(set(out))


# -- the synthetic corpus -------------------------------------------------------------------

def _case(rng: random.Random, abbr: str, year: int) -> tuple[str, str]:
    serial = rng.randint(1, 2500)
    raw = rng.choice([f"{abbr} {year}/{serial}", f"{abbr} {year}-{serial:04d}", f"{abbr}-{year}-{serial:05d}",
                      f"{abbr} {year}.{serial}"])
    return raw, normalize_case_number(raw) or raw


def _day(rng: random.Random) -> date:
    return date(2015, 1, 1) + timedelta(days=rng.randrange(4200))


class Generator:
    """Protocols and memos from real sentences; about 70% of the documents are protocols."""

    def __init__(self, material: list[str], seed: int) -> None:
        self.material = material
        self.seed = seed
        self.rng = random.Random(seed)
        self.n = 0

    def _text(self, k: int) -> str:
        return " ".join(self.rng.choice(self.material) for _ in range(k))

    def _person(self) -> Person:
        return Person(f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}", self.rng.choice(PARTIES), "ledamot")

    def document(self, n: int) -> TaggedDocument:
        """Document number n: the same whichever process makes it."""
        self.n = n
        self.rng = rng = random.Random(f"{self.seed}/{n}")
        committee, abbr = rng.choice(COMMITTEES)
        municipality = rng.choice(MUNICIPALITIES)
        day = _day(rng)
        persons = tuple({p.name: p for p in (self._person() for _ in range(rng.randint(3, 9)))}.values())
        if rng.random() < 0.3:
            return self._memo(committee, abbr, municipality, day, persons)
        return self._protocol(committee, abbr, municipality, day, persons)

    def _memo(self, committee: str, abbr: str, municipality: str, day: date,
              persons: tuple[Person, ...]) -> TaggedDocument:
        raw, key = _case(self.rng, abbr, day.year)
        title = " ".join(self.rng.choice(self.material).split()[:6])
        text = (f"Tjänsteskrivelse\n{municipality} kommun\n{committee.capitalize()}\nDnr {raw}\n{day.isoformat()}\n"
                f"{title}\n{self._text(self.rng.randint(10, 25))}\nFörslag till beslut\n"
                f"{committee.capitalize()} föreslås besluta att {self._text(1)}")
        return self._record("tjänsteskrivelse", committee, municipality, day, title, text,
                            (CaseNumber(raw, key),), persons[:2], (Decision(None, text[-200:], "förslag till beslut"),),
                            (), ())

    def _protocol(self, committee: str, abbr: str, municipality: str, day: date,
                  persons: tuple[Person, ...]) -> TaggedDocument:
        rng = self.rng
        head = (f"Protokoll\n{municipality} kommun\n{committee.capitalize()}\nSammanträdesdatum {day.isoformat()}\n"
                "Beslutande\n" + "\n".join(f"{p.name} ({p.party})" for p in persons))
        sections, cases, decisions, statements = [], [], [], []
        parts = [head]
        for k in range(1, rng.randint(5, 15) + 1):
            raw, key = _case(rng, abbr, day.year)
            title = " ".join(rng.choice(self.material).split()[:6])
            decision = f"{committee.capitalize()} beslutar att {self._text(1)}"
            body = [f"§ {k} {title}", f"Dnr {raw}", self._text(rng.randint(3, 8)), "Beslut", decision]
            decisions.append(Decision(f"§ {k}", decision))
            if rng.random() < 0.35:
                kind, verb = rng.choice(STATEMENTS)
                who = rng.choice(persons)
                said = f"{who.name} ({who.party}) {verb}: {self._text(1)}"
                body.append(said)
                statements.append(Statement(kind, (who.name,), (who.party or "",), f"§ {k}", said))
            text = "\n".join(body)
            parts.append(text)
            cases.append(CaseNumber(raw, key))
            sections.append(Section(f"§ {k}", title, 1 + k // 3, (key,), text))
        title = f"Protokoll {committee} {day.isoformat()}"
        return self._record("protokoll", committee, municipality, day, title, "\n\n".join(parts), tuple(cases),
                            persons, tuple(decisions), tuple(statements), tuple(sections))

    def _record(self, doc_type: str, committee: str, municipality: str, day: date, title: str, text: str,
                cases: tuple[CaseNumber, ...], persons: tuple[Person, ...], decisions: tuple[Decision, ...],
                statements: tuple[Statement, ...], sections: tuple[Section, ...]) -> TaggedDocument:
        sha = hashlib.sha256(f"{self.n}\n{text}".encode()).hexdigest()
        parties = tuple(dict.fromkeys(p.party for p in persons if p.party))
        return TaggedDocument(
            path=f"/synthetic/{municipality.lower()}/{committee.split()[0]}/{day.isoformat()}-{self.n}.pdf",
            sha256=sha, doc_type=doc_type, municipality=municipality, committee=committee, date=day.isoformat(),
            title=title, pages=len(text) // 3000 + 1, text=text, case_numbers=cases, parties=parties,
            persons=persons, decisions=decisions, statements=statements, sections=sections)


_MATERIAL: list[str] = []  # the sentence material, in the worker processes too (they are forked)


def _prepared(seed_and_n: tuple[int, int]) -> PreparedDocument:
    doc = Generator(_MATERIAL, seed_and_n[0]).document(seed_and_n[1])
    return prepare(doc, doc.path)


def build(directory: Path, units: int, material: list[str], seed: int, jobs: int) -> tuple[int, int, float]:
    """Index synthetic documents until `units` units are written: (documents, units, seconds).

    As `protosearch ingest` does: `jobs` processes make and analyse the documents, one
    writer commits every 500 documents.
    """
    _MATERIAL[:] = material
    idx = SearchIndex(directory)
    idx.create()
    written = docs = 0
    started = time.perf_counter()
    with get_context("fork").Pool(jobs) as pool:
        made = 500
        batch = pool.map_async(_prepared, [(seed, n) for n in range(made)], chunksize=25)
        while written < units:
            prepared = batch.get()  # the workers make the next batch while this one is written
            batch = pool.map_async(_prepared, [(seed, n) for n in range(made, made + 500)], chunksize=25)
            made += 500
            with idx.writer() as w:
                for doc in prepared:
                    w.replace(doc, doc.path)
                    written += len(doc.units)
                    docs += 1
                    if written >= units:
                        break
            print(f"  {written} units, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        batch.wait()
    return docs, written, time.perf_counter() - started


# -- queries ----------------------------------------------------------------------------------

def queries(material: list[str], seed: int, n: int) -> dict[str, list[str]]:
    """n queries of each kind, in the query language of `protosearch search`."""
    rng = random.Random(seed + 1)
    words = [w.lower() for s in material for w in s.split() if w.isalpha() and len(w) >= 5]
    pairs = []
    while len(pairs) < n:
        ws = [w.lower() for w in rng.choice(material).split()]
        adjacent = [(a, b) for a, b in zip(ws, ws[1:]) if a.isalpha() and b.isalpha() and len(a + b) >= 8]
        if adjacent:
            pairs.append(rng.choice(adjacent))
    gen = Generator(material, seed)  # the same documents as built: case numbers that exist
    cases = []
    while len(cases) < n:
        doc = gen.document(len(cases) * 7 + rng.randrange(7))
        cases.extend(c.raw for c in doc.case_numbers[:1] if rng.random() < 0.2)
    filters = [f"parti:{p}" for p in PARTIES] + [f"typ:{t}" for t in ("protokoll", "tjänsteskrivelse")] + [
        f'nämnd:"{c}"' for c, _ in COMMITTEES]
    out = {
        "single term": [rng.choice(words) for _ in range(n)],
        "two-term AND": [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(n)],
        "phrase": [f'"{a} {b}"' for a, b in pairs],
        "field filter": [filters[i % len(filters)] for i in range(n)],
        "date range": [],
        "case number": cases[:n],
    }
    for _ in range(n):
        start = _day(rng)
        out["date range"].append(f"datum:{start.isoformat()}..{(start + timedelta(days=90)).isoformat()}")
    return out


def _percentiles(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):7.1f}  p95 {p95:7.1f}  max {ms[-1]:7.1f} ms"


def measure(run: Callable[[str], int], qs: list[str], warmup: int = 2) -> tuple[list[float], list[int]]:
    for query in qs[:warmup]:
        run(query)
    times, totals = [], []
    for query in qs:
        t = time.perf_counter()
        totals.append(run(query))
        times.append(time.perf_counter() - t)
    return times, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000, help="index units to write (documents + §§)")
    parser.add_argument("--queries", type=int, default=50, help="library queries of each kind")
    parser.add_argument("--cli-queries", type=int, default=10, help="CLI queries of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes analysing documents")
    parser.add_argument("--keep", type=Path, help="build the index here and keep it (else a temporary folder)")
    parser.add_argument("--existing", type=Path, help="query an index this script built before (--keep), no build")
    args = parser.parse_args()

    t = time.perf_counter()
    material = sentences()
    print(f"sentence material: {len(material)} sentences ({time.perf_counter() - t:.1f} s to read)")
    directory = args.existing or args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        if args.existing:
            print(f"querying the index built before in {directory}: {len(SearchIndex(directory).document_ids())} "
                  "documents")
        else:
            docs, units, seconds = build(directory, args.units, material, args.seed, args.jobs)
            print(f"built: {docs} documents, {units} units in {seconds:.1f} s "
                  f"({docs / seconds:.0f} documents/s, {units / seconds:.0f} units/s)")
        size = sum(f.stat().st_size for f in directory.iterdir() if f.is_file())
        print(f"index size {size / 2**20:.1f} MB")

        qs = queries(material, args.seed, args.queries)
        times, _ = measure(lambda query: SearchIndex(directory).search(query).total, qs["single term"][:10], warmup=1)
        print(f"\nfirst query of a new SearchIndex (opens every segment; 10 single terms): {_percentiles(times)}")

        idx = SearchIndex(directory)
        print(f"\nthrough the library ({args.queries} queries of each kind, one SearchIndex kept open):")
        worst = 0.0
        for kind, batch in qs.items():
            times, totals = measure(lambda query: idx.search(query).total, batch)
            worst = max(worst, sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))])
            print(f"  {kind:14} {_percentiles(times)}   hits: median {statistics.median(totals):.0f}, "
                  f"max {max(totals)}")
        print(f"  worst p95 of all kinds: {worst * 1000:.1f} ms")

        print(f"\nthrough the CLI ({args.cli_queries} queries of each kind, `protosearch search` per query):")
        for kind, batch in qs.items():
            def cli(query: str) -> int:
                done = subprocess.run([str(PROTOSEARCH), "--index", str(directory), "search", query, "--nl"],
                                      capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise SystemExit(f"protosearch search {query!r} failed: {done.stderr.strip()}")
                return len(done.stdout.splitlines())
            times, _ = measure(cli, batch[: args.cli_queries], warmup=1)
            print(f"  {kind:14} {_percentiles(times)}")
    finally:
        if not (args.keep or args.existing):
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
