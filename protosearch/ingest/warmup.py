"""Imported by the ingest's fork server before it forks any worker: spaCy is imported, the
pipeline built and the compound word list's head forms loaded once, and every worker, a
replacement for a killed one included, starts with them ready instead of building its own.
"""

from protosearch.lexicon import WordListMissing, load_heads
from protosearch.tag.nlp import pipeline

pipeline()
try:
    load_heads()
except WordListMissing:
    pass  # each worker reports it for the file it reads
