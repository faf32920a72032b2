"""Imported by the ingest's forkserver before it forks any worker: spaCy is imported and the
pipeline built once (about 2 s), and every worker, a replacement for a killed one included,
starts with it ready instead of building its own.

The fork server outlives the ingest by its interpreter's shutdown (about 0.4 s of tearing
down spaCy's modules) and holds the ingest's stderr meanwhile, so a pipe reading the
ingest's output (`| tee`, a CI log) stayed open that long after the ingest ended: it exits
at once instead. Its workers are unaffected: they leave through `os._exit` already.
"""

import atexit
import os
import sys

from protosearch.nlp import pipeline

pipeline()


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


atexit.register(_exit_now)
