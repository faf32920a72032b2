"""Imported by the ingest's forkserver before it forks any worker: spaCy is imported, the
pipeline built and the compound word list's head forms loaded once, and every worker, a
replacement for a killed one included, starts with them ready instead of building its own.

spaCy's package imports its command-line interface only to offer `spacy.info` (the only
use of `spacy.cli` outside it, in spaCy 3.8), and that brings typer, rich, weasel and
requests: 0.5 of the 1.4 s of its import, on the path of every ingest. This process exists
to build a pipeline, so it puts an empty `spacy.cli.info` in place first; a test compares
what the workers tag with what a process with the whole of spaCy tags.

The fork server outlives the ingest by its interpreter's shutdown (about 0.4 s of tearing
down spaCy's modules) and holds the ingest's stderr meanwhile, so a pipe reading the
ingest's output (`| tee`, a CI log) stayed open that long after the ingest ended: it exits
at once instead. Its workers are unaffected: they leave through `os._exit` already.
"""

import atexit
import os
import sys
import types
from typing import NoReturn


def _no_cli_info(*args: object, **kwargs: object) -> NoReturn:
    raise RuntimeError("spacy.info is not loaded in protosearch's ingest workers")


if "spacy" not in sys.modules:
    _cli = types.ModuleType("spacy.cli")
    _cli.__path__ = []  # a package, so that `spacy.cli.info` resolves to the module below
    _info = types.ModuleType("spacy.cli.info")
    _info.info = _no_cli_info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": _cli, "spacy.cli.info": _info})

from protosearch.index.compound import WordListMissing, load_heads
from protosearch.tag.nlp import pipeline

pipeline()
try:
    load_heads()
except WordListMissing:
    pass  # each worker reports it for the file it reads


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


atexit.register(_exit_now)
