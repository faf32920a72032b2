"""Serving the application with waitress: a multi-threaded WSGI server in pure Python."""

from __future__ import annotations

from collections.abc import Callable

THREADS = 8  # requests answered at once; each thread keeps its own open snapshot of the index


def serve(index_dir: str, *, host: str = "127.0.0.1", port: int = 8080, threads: int = THREADS,
          ready: Callable[[str], None] = print) -> None:
    """Serve the index until interrupted; `ready` gets the address once the port is bound (port 0: any free one)."""
    from waitress import create_server

    from protosearch.index import SearchIndex
    from protosearch.web.app import create_app

    SearchIndex(index_dir).search("", limit=1)  # a missing or outdated index is reported before serving
    server = create_server(create_app(index_dir), host=host, port=port, threads=threads, ident="protosearch",
                           clear_untrusted_proxy_headers=True, expose_tracebacks=False)
    shown = f"[{host}]" if ":" in host else host
    ready(f"http://{shown}:{server.effective_port}/")
    try:
        server.run()
    finally:
        server.close()
