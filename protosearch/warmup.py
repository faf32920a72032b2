"""Imported by the ingest's forkserver before it forks any worker: spaCy is imported and the
pipeline built once (about 2 s), and every worker, a replacement for a killed one included,
starts with it ready instead of building its own."""

from protosearch.nlp import pipeline

pipeline()
