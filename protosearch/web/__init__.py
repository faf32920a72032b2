"""The local web interface (`protosearch serve`): read-only pages and a JSON API over one index."""

from protosearch.web.app import create_app
from protosearch.web.server import serve

__all__ = ["create_app", "serve"]
