#!/usr/bin/env python3
"""The web API under load: requests per second and p95 latency of /api/search with 1, 4 and 16
concurrent clients, on loopback only.

`protosearch --index INDEX serve --port 0` runs in its own process, as a user starts it
(host 127.0.0.1; a benchmark never listens elsewhere). Each client is a thread with its own
keep-alive HTTP connection that sends the queries below in turn; a level ends after
--requests requests or --seconds seconds, whichever comes first, so the run is bounded in
count and time. Without --index, an index of ../shared/corpus/alingsas and corpus/ is built
in a temporary folder first (or of corpus/ alone when ../shared is absent).

    .venv/bin/python benchmarks/bench_web.py [--index DIR] [--requests 2000] [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
ALINGSAS = ROOT.parent / "shared" / "corpus" / "alingsas"
PROTOSEARCH = Path(sys.executable).with_name("protosearch")
QUERIES = ["skolskjuts", "budget", "strandskydd*", "parti:V uttalande:protokollsanteckning", "BUN 2026/57",
           '"särskilt uttalande"', "detaljplan datum:2026", "kompetensförsörjnig~", "avgift taxa",
           "socialnämnden beslut"]
LEVELS = (1, 4, 16)


def build_index(folder: Path) -> Path:
    index = folder / "index"
    sources = [str(ALINGSAS), str(ROOT / "corpus")] if ALINGSAS.is_dir() else [str(ROOT / "corpus")]
    print(f"building an index of {', '.join(sources)} ...", file=sys.stderr)
    subprocess.run([str(PROTOSEARCH), "--index", str(index), "ingest", "-q", "--no-ocr", *sources], check=False,
                   capture_output=True)
    return index


def level(port: int, clients: int, requests: int, seconds: float) -> tuple[int, float, list[float], int]:
    """(requests answered, wall seconds, latencies, errors) of `clients` clients at once."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    sent = 0
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        nonlocal sent, errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n
        while True:
            with lock:
                if sent >= requests or time.monotonic() > deadline:
                    break
                sent += 1
            path = "/api/search?" + urlencode({"q": QUERIES[i % len(QUERIES)]})
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), time.perf_counter() - started, latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="an existing index (default: build one)")
    parser.add_argument("--requests", type=int, default=2000, help="at most this many requests per level")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long per level")
    parser.add_argument("--threads", type=int, default=8, help="the server's threads (serve --threads)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or build_index(Path(tmp))
        server = subprocess.Popen([str(PROTOSEARCH), "--index", str(index), "serve", "--host", "127.0.0.1",
                                   "--port", "0", "--threads", str(args.threads)],
                                  stderr=subprocess.PIPE, text=True)
        try:
            assert server.stderr is not None
            line = server.stderr.readline()
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not found:
                sys.exit(f"the server did not start: {line}")
            port = int(found.group(1))
            level(port, 1, len(QUERIES), 30.0)  # warm up: every query once, the snapshot opened
            print(f"/api/search on 127.0.0.1, {len(QUERIES)} queries in turn, server threads {args.threads}, "
                  f"at most {args.requests} requests or {args.seconds:g} s per level")
            print(f"{'clients':>7}  {'requests':>8}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  {'errors':>6}")
            for clients in LEVELS:
                n, wall, lat, errors = level(port, clients, args.requests, args.seconds)
                p95 = statistics.quantiles(lat, n=20)[18] if len(lat) >= 20 else max(lat)
                print(f"{clients:>7}  {n:>8}  {n / wall:>7.0f}  {1000 * statistics.median(lat):>7.1f}  "
                      f"{1000 * p95:>7.1f}  {errors:>6}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
