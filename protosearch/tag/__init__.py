"""Stage 2: extracted text to tags (§ items, case numbers, parties, persons, decisions, statements, votes, metadata)."""

from protosearch.tag.tagger import tag

__all__ = ["tag"]
