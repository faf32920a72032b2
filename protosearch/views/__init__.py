"""Views over the index: a case's timeline, statements, facet counts, saved searches."""
