"""Allow `python -m protosearch`."""
from protosearch.cli import main

main()
