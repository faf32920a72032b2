"""The errors a reader or writer of the index reports to its caller."""


class IndexUnavailable(Exception):
    """An index that is missing, of another schema version or locked by another writer, or a
    word list that the analysis needs and cannot find."""
