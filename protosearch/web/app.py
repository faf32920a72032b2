"""The web application: five read-only pages in Swedish and a JSON API over one index.

Every answer of the API is the dict that `--json` prints for the same query and filters
(`protosearch.views.api` builds both). Documents' text reaches the pages only through
Jinja2's autoescaping; an original file is served by document id, whose path is read from
the index, never from the request. Each thread of the server keeps its own `SearchIndex`
(a snapshot that follows the index's commits, so a page read during an ingest sees one
consistent generation).
"""

from __future__ import annotations

import os
import re
import threading
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, render_template, request, send_file, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from protosearch.index import IndexUnavailable, QuerySyntaxError, SearchIndex
from protosearch.records import DOC_TYPES, STATEMENT_TYPES
from protosearch.views import api

# pages: styles from this server only, no script at all, no frames, forms post back here only
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'")
PER_PAGE = 10
MAX_LIMIT = 100  # documents in one answer of /api/search
_DOC_ID = re.compile(r"[0-9a-f]{8,64}")  # a document id (sha256) or a unique prefix of one
_UNIT_ID = re.compile(r"[0-9a-f]{8,64}(?:/\d{1,5})?")  # a document, or a § of one
FACET_LABELS = {"party": "parti", "person": "person", "type": "dokumenttyp", "statement": "uttalandetyp",
                "committee": "nämnd", "municipality": "kommun", "year": "år"}
COUNTED_LABELS = {"documents": "dokument", "sections": "§§", "statements": "uttalanden"}


class BadRequest(Exception):
    """A request parameter that cannot be read: 400 with the message."""


def create_app(index_dir: str) -> Flask:
    """The application over the index in `index_dir` (opened on the first request of each thread)."""
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=16 * 1024)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    local = threading.local()

    def index() -> SearchIndex:
        if not hasattr(local, "index"):
            local.index = SearchIndex(index_dir)
        return local.index  # type: ignore[no-any-return]

    app.jinja_env.filters["marked"] = marked
    app.jinja_env.globals.update(DOC_TYPES=DOC_TYPES, STATEMENT_TYPES=STATEMENT_TYPES, FACET_LABELS=FACET_LABELS,
                                 COUNTED_LABELS=COUNTED_LABELS, unit_url=unit_url, case_url=case_url)

    @app.after_request
    def headers(response: Response) -> Response:
        if request.endpoint != "original":
            response.headers["Content-Security-Policy"] = PAGE_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.errorhandler(Exception)
    def failed(e: Exception) -> Any:
        """Every error as a message (JSON under /api/), never a traceback."""
        if isinstance(e, HTTPException):
            status = e.code or 500
            message = e.description if e.description and e.description != type(e).description else {
                404: "Finns inte: inget dokument, ingen § eller sida med den adressen.",
                405: "Metoden är inte tillåten: sidorna går bara att läsa."}.get(status, e.description or "")
        elif isinstance(e, (QuerySyntaxError, BadRequest)):
            status, message = 400, str(e)
        elif isinstance(e, IndexUnavailable):
            status, message = 503, str(e)
        else:
            app.logger.exception("error in %s", request.path)
            status, message = 500, "Ett internt fel inträffade; se serverns logg."
        if request.path.startswith("/api/"):
            return jsonify({"error": message}), status
        return render_template("error.html", status=status, message=message), status

    # -- the JSON API: what --json prints --------------------------------------------------
    @app.get("/api/search")
    def api_search() -> Any:
        limit = _int("limit", 10, 1, MAX_LIMIT)
        return jsonify(api.search(index(), _query(), _filters(), sort=_sort(), offset=_int("offset", 0, 0, 10**6),
                                  limit=limit))

    @app.get("/api/doc/<path:uid>")
    def api_doc(uid: str) -> Any:
        return jsonify(_unit(index(), uid))

    @app.get("/api/case/<path:dnr>")
    def api_case(dnr: str) -> Any:
        return jsonify(api.case(index(), dnr))

    @app.get("/api/statements")
    def api_statements() -> Any:
        return jsonify(api.statements(index(), _query(), _filters(), limit=_int("limit", 0, 0, 10**6)))

    @app.get("/api/stats")
    def api_stats() -> Any:
        by = request.args.get("by")
        if not by:
            raise BadRequest("by: say what to count by (party, person, type, statement, committee, municipality, year)")
        return jsonify(api.stats(index(), _query(), _filters(), by=by, counted=request.args.get("count", "documents")))

    # -- pages -----------------------------------------------------------------------------
    @app.get("/")
    def search_page() -> Any:
        q = _query()
        searched = bool(q) or any(request.args.get(k) for k in _FILTER_ARGS)
        page, per_page = _int("sida", 1, 1, 10_000), _int("antal", PER_PAGE, 1, MAX_LIMIT)
        result = None
        if searched:
            result = api.search(index(), q, _filters(), sort=_sort(), offset=(page - 1) * per_page, limit=per_page)
        pages = -(-result["total"] // per_page) if result else 0
        return render_template("search.html", q=q, args=request.args, result=result, page=page, pages=pages,
                               page_url=_page_url, per_page=per_page)

    @app.get("/dokument/<doc_id>")
    @app.get("/dokument/<doc_id>/<int:n>")
    def unit_page(doc_id: str, n: int | None = None) -> Any:
        unit = _unit(index(), doc_id if n is None else f"{doc_id}/{n}")
        doc_sha = unit.get("doc_id") or unit["id"].split("/")[0]
        return render_template("unit.html", u=unit, doc_sha=doc_sha,
                               file_name=os.path.basename(unit["path"]))

    @app.get("/fil/<doc_id>")
    def original(doc_id: str) -> Any:
        """The document's original file, found by its full id; the path comes from the index."""
        if not re.fullmatch(r"[0-9a-f]{64}", doc_id):
            abort(404)
        unit = index().get(doc_id)
        if unit is None or unit["kind"] != "document":
            abort(404)
        if not os.path.isfile(unit["path"]):
            abort(404, description=f"Finns inte: originalfilen ligger inte längre där den lästes in "
                                   f"({os.path.basename(unit['path'])}); texten finns kvar i indexet.")
        path = unit["path"]
        kind = "application/pdf" if path.lower().endswith(".pdf") else "text/plain; charset=utf-8"
        name = os.path.basename(path)
        response = send_file(path, mimetype=kind, download_name=name, as_attachment=False,
                             conditional=True, max_age=0)
        if kind != "application/pdf":  # a text file is shown as text, never run
            response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @app.get("/arende")
    def case_page() -> Any:
        dnr = request.args.get("dnr", "").strip()
        result = api.case(index(), dnr) if dnr else None
        return render_template("case.html", dnr=dnr, result=result)

    @app.get("/uttalanden")
    def statements_page() -> Any:
        q = _query()
        result = api.statements(index(), q, _filters(), limit=200)
        return render_template("statements.html", q=q, args=request.args, result=result)

    @app.get("/statistik")
    def stats_page() -> Any:
        q = _query()
        by = request.args.get("by") or "party"
        counted = request.args.get("count") or "documents"
        result = api.stats(index(), q, _filters(), by=by, counted=counted)
        counts = list(result["counts"].items())
        return render_template("stats.html", q=q, args=request.args, result=result, counts=counts[:60],
                               more=max(0, len(counts) - 60), by=by, counted=counted,
                               json_url="/api/stats?" + urlencode({**request.args.to_dict(), "by": by, "count": counted}),
                               top=max((n for _, n in counts), default=0))

    return app


_FILTER_ARGS = ("party", "person", "doc_type", "kind", "case", "committee", "municipality", "from", "to")


def _query() -> str:
    return request.args.get("q", "").strip()


def _sort() -> str:
    sort = request.args.get("sort") or "relevance"
    if sort not in ("relevance", "date"):
        raise BadRequest("sort: relevance or date")
    return sort


def _int(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name)
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a whole number") from None
    if not low <= n <= high:
        raise BadRequest(f"{name}: {n} is outside {low}..{high}")
    return n


def _filters() -> Any:
    """The filters of the request: the CLI's options, by their names without dashes (`party`
    repeatable or comma-separated: "S, V" or "Miljöpartiet de gröna")."""
    parties = [p.strip() for v in request.args.getlist("party") for p in v.split(",") if p.strip()]
    a = request.args
    return api.make_filters(party=parties, person=a.get("person"), case_number=a.get("case"),
                            committee=a.get("committee"), municipality=a.get("municipality"),
                            date_from=a.get("from"), date_to=a.get("to"), doc_type=a.get("doc_type"),
                            kind=a.get("kind"))


def _unit(idx: SearchIndex, uid: str) -> dict[str, Any]:
    if not _UNIT_ID.fullmatch(uid):
        abort(404)
    unit = api.show(idx, uid)
    if unit is None:
        abort(404)
    return unit


def _page_url(page: int) -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "sida"]
    return "/?" + urlencode(args + [("sida", str(page))] if page > 1 else args)


def unit_url(uid: str) -> str:
    """The page of a document or § by its id ('sha' or 'sha/3')."""
    doc, _, n = uid.partition("/")
    return url_for("unit_page", doc_id=doc, n=int(n)) if n else url_for("unit_page", doc_id=doc)


def case_url(dnr: str) -> str:
    return url_for("case_page", dnr=dnr)


def marked(text: str | None) -> Markup:
    """A snippet's **marked** words as <mark>, every character of the text escaped."""
    parts = (text or "").split("**")
    return Markup("").join(Markup("<mark>{}</mark>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))

