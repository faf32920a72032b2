"""The command-line interface: a thin click layer over the library."""

from protosearch.cli.commands import cli, main

__all__ = ["cli", "main"]
