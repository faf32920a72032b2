"""Reading files in worker processes: extract, tag and analyse each, under a time limit.

The workers fork from a server that has imported spaCy and built the pipeline once
(`warmup.py`), so each starts warm, a replacement for a killed one too.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from typing import TYPE_CHECKING, Any

from protosearch.records import ExtractedText, Failure

if TYPE_CHECKING:
    from protosearch.index import PreparedDocument

    Result = tuple[PreparedDocument | Failure, bool]  # and whether a failure is lasting

@dataclass(frozen=True)
class ReadOptions:
    """How a worker reads each file: its page limit, whether to OCR, the municipality of files that name none."""

    max_pages: int
    ocr: bool
    municipality: str | None = None


_WARMUP_SECONDS = 300.0  # for a worker to import spaCy and build its pipeline
_RESULTS_PER_WORKER = 64  # kept ready (~50 KB each): enough for the workers to go on through a commit


def read_file(path: str, options: ReadOptions) -> Result:
    """Extract, tag and analyse one file, and whether a failure is lasting (the same bytes always fail)."""
    extracted, lasting = extract(path, max_pages=options.max_pages, ocr=options.ocr)
    if isinstance(extracted, ExtractedText):
        return analyse(extracted, path, ocr=options.ocr, municipality=options.municipality)
    return extracted, lasting


def extract(path: str, *, max_pages: int, ocr: bool) -> tuple[ExtractedText | Failure, bool]:
    from protosearch.extract.document import ExtractionError, LimitExceeded, extract_file

    try:
        return extract_file(path, max_pages=max_pages, ocr=ocr), False
    except LimitExceeded as e:
        return Failure(path, f"{e} (raise it with --max-pages)"), False
    except ExtractionError as e:
        return Failure(path, str(e)), True
    except Exception as e:  # a bug must not stop the batch; report it as such
        return Failure(path, f"internal error while reading ({type(e).__name__}: {e})"), False


def analyse(extracted: ExtractedText, path: str, *, ocr: bool, municipality: str | None = None) -> Result:
    """Tag and analyse; `municipality` is the user's word for a document that names none itself."""
    from protosearch.index import prepare
    from protosearch.tag.letterhead import name_municipality
    from protosearch.tag.tagger import tag

    try:
        doc = name_municipality(tag(extracted), extracted, ocr=ocr, default=municipality)
        return prepare(doc, path), False
    except Exception as e:  # a tagger bug must not stop the batch; report it as such
        return Failure(path, f"internal error while tagging ({type(e).__name__}: {e})"), False


def read_in_workers(paths: list[str], *, jobs: int, timeout: float,
                    limits: ReadOptions) -> Iterator[tuple[str, PreparedDocument | Failure, bool]]:
    """Read the paths in `jobs` worker processes; yield (path, result, lasting) as they finish.

    A thread runs the workers and keeps results ready, so that the workers go on reading
    while the caller writes the index.
    """
    if not paths:
        return
    ready: queue.Queue[Any] = queue.Queue(maxsize=_RESULTS_PER_WORKER * jobs)
    stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(_schedule(paths, jobs, timeout, limits, stop), ready, stop),
                            daemon=True)
    pump.start()
    try:
        while (item := ready.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        pump.join()


_END = object()


def _pump(items: Iterator[Any], out: queue.Queue[Any], stop: threading.Event) -> None:
    """Move items into `out` until they end (then `_END`), fail (then the exception) or `stop` is set."""

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in items:
            if not put(item):
                return
        put(_END)
    except BaseException as e:  # the reader's to raise
        put(e)
    finally:
        items.close()  # type: ignore[attr-defined]


def _serve(conn: Connection, limits: ReadOptions) -> None:
    """A worker: warm up, say so, then read each path it is sent until it gets None."""
    os.setpgrp()  # a group of its own, so that a kill reaches the OCR program it may be running
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from protosearch.tag.nlp import pipeline

    pipeline()
    conn.send(None)
    try:
        while (path := conn.recv()) is not None:
            conn.send(read_file(path, limits))
    except (EOFError, BrokenPipeError):
        pass  # the parent is gone


class _Worker:
    """One worker process and its pipe, with the deadline of what it is doing."""

    def __init__(self, ctx: Any, limits: ReadOptions) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, limits), daemon=True)
        try:
            self.process.start()
        finally:
            child.close()
        self.ready = False
        self.task: str | None = None
        self.deadline = time.monotonic() + _WARMUP_SECONDS

    def busy(self) -> bool:
        return self.task is not None or not self.ready

    def send(self, path: str, timeout: float) -> None:
        self.conn.send(path)
        self.task = path
        self.deadline = time.monotonic() + timeout

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=5)
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it had not made its group yet
                self.process.kill()
        self.process.join()
        self.conn.close()


def _schedule(paths: list[str], jobs: int, timeout: float, limits: ReadOptions,
              stop: threading.Event) -> Iterator[tuple[str, PreparedDocument | Failure, bool]]:
    """Give each worker the next task when it is free; yield (path, result, lasting) as they finish.

    A worker that overruns `timeout` on a file is killed and replaced, as is one that dies.
    """
    ctx = multiprocessing.get_context("forkserver")
    # the forkserver imports these and builds the spaCy pipeline once: every worker starts warm
    ctx.set_forkserver_preload(["protosearch.ingest.warmup", "protosearch.tag.tagger", "protosearch.extract.document",
                                "protosearch.index.store", "pypdfium2"])
    waiting = deque(paths)
    workers = [_Worker(ctx, limits) for _ in range(min(jobs, len(paths)))]
    try:
        while (waiting or any(w.task for w in workers)) and not stop.is_set():
            for w in workers:
                if w.ready and w.task is None and waiting:
                    w.send(waiting.popleft(), timeout)
            deadline = min(w.deadline for w in workers if w.busy())
            # at most a short wait, so that a stop is seen soon
            wait_for([w.conn for w in workers if w.busy()], timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            for w in list(workers):
                if not w.busy():
                    continue
                if w.conn.poll():
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):  # the worker died
                        w.process.join(timeout=1)
                        if w.task is None:
                            raise RuntimeError(
                                f"a worker process could not start (exit code {w.process.exitcode}); a script "
                                "that calls protosearch's ingest must do so under `if __name__ == '__main__':`, "
                                "as workers import the script again")
                        path, w.task = w.task, None
                        reason = f"the worker process reading it died (exit code {w.process.exitcode})"
                        _replace(workers, w, ctx, limits, needed=bool(waiting))
                        yield path, Failure(path, reason), False
                        continue
                    if not w.ready:
                        w.ready = True
                        continue
                    path, w.task = w.task, None
                    result, lasting = message
                    yield path, result, lasting
                elif time.monotonic() >= w.deadline:
                    if w.task is None:
                        raise RuntimeError(f"a worker process did not start within {_WARMUP_SECONDS:g} s")
                    path, w.task = w.task, None
                    _replace(workers, w, ctx, limits, needed=bool(waiting))
                    yield path, Failure(path, f"took longer than the limit of {timeout:g} s for one file "
                                              "(raise it with --timeout)"), False
    finally:
        for w in workers:
            w.stop(kill=w.busy() or stop.is_set())


def _replace(workers: list[_Worker], worker: _Worker, ctx: Any, limits: ReadOptions, *, needed: bool) -> None:
    """Kill a worker that overran or died; start another in its place if files are waiting."""
    worker.stop(kill=True)
    i = workers.index(worker)
    if needed:
        workers[i] = _Worker(ctx, limits)
    else:
        del workers[i]
