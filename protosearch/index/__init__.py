"""Stage 3: the search index on Whoosh: analysis, schema, storage, the query language and bulk scoring.

Nothing outside this package imports Whoosh; what it reads or writes below Whoosh's public
API is in `whoosh_internals.py`.
"""

from protosearch.index.errors import IndexUnavailable
from protosearch.index.query import QuerySyntaxError
from protosearch.index.results import Filters, Hit, Match, SearchResult, Unit
from protosearch.index.store import IndexWriter, SearchIndex
from protosearch.index.units import PreparedDocument, prepare

__all__ = ["Filters", "Hit", "IndexUnavailable", "IndexWriter", "Match", "PreparedDocument", "QuerySyntaxError",
           "SearchIndex", "SearchResult", "Unit", "prepare"]
