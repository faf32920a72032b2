"""Stage 3: the search index (Whoosh): analysis, storage, query language and bulk scoring."""
