"""The ingest: find files, read and tag them in worker processes, write the index."""

from protosearch.ingest.pipeline import Progress, ingest

__all__ = ["Progress", "ingest"]
