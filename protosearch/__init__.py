"""protosearch: mine and search Swedish municipal meeting documents."""

__version__ = "0.1.0"
