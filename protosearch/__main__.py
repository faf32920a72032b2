"""Allow `python -m protosearch`."""
from protosearch.cli.commands import main

main()
