"""The command line: thin click commands over the library.

Each command parses its options, calls one library function and formats the result:
human-readable by default, `--json`, `--nl` (one JSON object per line) or `--csv` on request.
Results go to stdout; progress and errors to stderr. Read commands import neither spaCy
nor the PDF libraries, so they start fast. Shared options and the error mapping are in
options.py.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import click

from protosearch import __version__
from protosearch.cli.options import (DEFAULT_INDEX, ProtosearchGroup, QueryCommand, count, emit_json, emit_rows,
                                     filter_options, index_dir, index_option, output_options)
from protosearch.cli.render import bold, citation, print_tags


@click.group(cls=ProtosearchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="protosearch")
@click.option(
    "--index", "index_folder", envvar="PROTOSEARCH_INDEX", default=DEFAULT_INDEX, show_default=True,
    type=click.Path(file_okay=False), help="Index folder (env PROTOSEARCH_INDEX).",
)
@click.pass_context
def cli(ctx: click.Context, index_folder: str) -> None:
    """Mine and search Swedish municipal meeting documents (protokoll, tjänsteskrivelser, motions)."""
    ctx.obj = {"index": index_folder}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction and tagging [default: the machine's cores].")
@click.option("--prune", is_flag=True, help="Remove documents whose every file is gone.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Time limit for one file; a file over it is skipped [default: 900].")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Page limit for one PDF; a longer one is skipped [default: 2000].")
@click.option("--no-ocr", is_flag=True,
              help="Do not OCR pages without a text layer, nor the logo of a document that names no municipality.")
@click.option("--wait", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="How long to wait for another ingest on the same index [default: 10].")
@click.option("--municipality", metavar="NAME",
              help="The municipality of new documents that do not name it themselves (a logo is an image).")
@click.option("--quiet", "-q", is_flag=True, help="No progress, only the summary.")
@index_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], jobs: int | None, prune: bool, timeout: float | None,
           max_pages: int | None, no_ocr: bool, wait: float | None, municipality: str | None, quiet: bool) -> None:
    """Extract, tag and index PATHS (files or folders, recursively).

    Unchanged files are skipped without being read, changed ones replace their old
    entries, and the same content under several paths is one document. Files that fail
    are named with their reason and the others are still indexed; the exit code is 1 if
    any file failed. An interrupted ingest carries on where it stopped when run again.
    Progress is a bar on a terminal, one line per file otherwise.
    """
    import signal

    from protosearch.ingest.pipeline import Progress
    from protosearch.ingest.pipeline import ingest as run_ingest

    started = time.monotonic()
    bar = sys.stderr.isatty()

    def progress(p: Progress) -> None:
        if quiet:
            return
        if not bar:
            click.echo(f"[{p.done}/{p.total}] {os.path.relpath(p.path)}: {p.outcome}, {p.detail}", err=True)
            return
        elapsed = time.monotonic() - started
        eta = elapsed / p.done * (p.total - p.done)
        filled = 30 * p.done // p.total
        click.echo(f"\r[{'#' * filled}{'.' * (30 - filled)}] {p.done}/{p.total} files, {p.pages} pages, "
                   f"{p.pages / elapsed:.0f} pages/s, ETA {eta:.0f} s ", err=True, nl=p.done == p.total)

    limits = {k: v for k, v in (("jobs", jobs), ("timeout", timeout), ("max_pages", max_pages), ("wait", wait))
              if v is not None}
    # a terminated ingest exits through its cleanup, which stops the worker processes
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        report = run_ingest(paths, index_dir(ctx), prune=prune, ocr=not no_ocr, progress=progress,
                            municipality=municipality, **limits)  # type: ignore[arg-type]
    finally:
        signal.signal(signal.SIGTERM, previous)
    elapsed = time.monotonic() - started
    if report.rebuilt:
        click.echo(f"created a new index in {index_dir(ctx)}", err=True)
    rate = report.pages / elapsed if elapsed > 0 else 0.0
    known = f" ({report.known_failures} unchanged since they failed before)" if report.known_failures else ""
    click.echo(
        f"ingested {report.added} new, {report.replaced} replaced, {report.unchanged} unchanged, "
        f"{report.duplicates} duplicates, {report.removed} removed, {len(report.failures)} failed{known}; "
        f"{report.pages} pages in {elapsed:.1f} s ({rate:.0f} pages/s)",
        err=True,
    )
    for failure in report.failures:
        click.echo(f"FAILED {failure.path}: {failure.reason}", err=True)
    if report.failures:
        ctx.exit(1)


def _open_index(ctx: click.Context) -> Any:
    from protosearch.index import SearchIndex

    return SearchIndex(index_dir(ctx))


HIT_COLUMNS = ["id", "path", "section", "page", "title", "date", "committee", "municipality", "doc_type",
               "case_numbers", "parties", "score", "snippet"]


@cli.command(cls=QueryCommand)
@click.argument("query", required=False, default="")
@filter_options()
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best first, or newest first.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many documents (paging).")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=10, show_default=True,
              help="Documents to show; 0 means all.")
@output_options("json", "nl", "csv")
@index_option
@click.pass_context
def search(ctx: click.Context, query: str, filters: Any, sort: str, offset: int, limit: int, fmt: str | None) -> None:
    """Search the index: matching documents with their matching §§, a snippet and a citation.

    QUERY: words (all should match), OR, NOT, "phrases", prefix*, fuzzy~, and fields:
    parti:V, person:"Anna Andersson", typ:protokoll, uttalande:reservation,
    dnr:"KS 2018/124", nämnd:socialnämnden, kommun:Alingsås, datum:2019-01-01..2020-06-30.
    A case number in any spelling finds the documents that carry it, first. A query that
    starts with '-' (NOT) goes after '--': `protosearch search -- -vindkraft`.
    """
    from protosearch.views import api

    out = api.search(_open_index(ctx), query, filters, sort=sort, offset=offset, limit=limit)
    hits, total = out["hits"], out["total"]
    if fmt == "json":
        emit_json(out)
        return
    if fmt:
        emit_rows(hits, fmt, HIT_COLUMNS)
        return
    if not hits:
        click.echo("no hits" + (f"; did you mean: {out['did_you_mean']}" if "did_you_mean" in out else ""), err=True)
        return
    shown = f", showing {offset + 1}-{offset + len(hits)}" if len(hits) < total else ""
    click.echo(f"{count(total, 'document', 'documents')}, {count(out['sections'], '§', '§§')}{shown}")
    for n, h in enumerate(hits, start=offset + 1):
        click.echo(f"\n{n}. {h['title'] or os.path.basename(h['path'])}  [{h['doc_type']}]")
        click.echo(f"   {citation(h)}")
        click.echo(f"   {bold(h['snippet'])}")
        others = [m for m in h["matches"] if m["id"] != h["id"]]
        if others:
            click.echo("   also: " + "; ".join(f"{m['section']} (s. {m['page']})" for m in others[:8])
                       + (f" and {len(others) - 8} more" if len(others) > 8 else ""))
        click.echo(f"   id: {h['id']}")


@cli.command()
@click.argument("uid")
@output_options("json")
@index_option
@click.pass_context
def show(ctx: click.Context, uid: str, fmt: str | None) -> None:
    """Show one document or § item (by the id a search printed) with all its tags; a § with its text."""
    from protosearch.views import api

    unit = api.show(_open_index(ctx), uid)
    if unit is None:
        raise click.ClickException(f"no document or § with id {uid!r} in {index_dir(ctx)}")
    if fmt == "json":
        emit_json(unit)
        return
    print_tags(unit)


@cli.command("case")
@click.argument("dnr")
@output_options("json", "nl", "csv")
@index_option
@click.pass_context
def case_cmd(ctx: click.Context, dnr: str, fmt: str | None) -> None:
    """The timeline of case DNR (any spelling): its documents and §§ in date order.

    Each step with its decision and statements; documents that only cite the number are
    marked "cites".
    """
    from protosearch.views import api

    try:
        out = api.case(_open_index(ctx), dnr)
    except api.BadValue as e:
        raise click.BadParameter(e.message, param_hint=e.option) from e
    key, entries = out["case"], out["timeline"]
    if fmt == "json":
        emit_json(out)
        return
    if fmt:
        emit_rows([{**step, "statements": [f"{s['type']} ({', '.join(s['parties'])})" for s in step["statements"]],
                    "decisions": [f"{d['kind']}: {d['text']}" for d in step["decisions"]]}
                   for step in entries], fmt,
                  ["date", "committee", "doc_type", "section", "page", "title", "relation", "decisions",
                   "statements", "path", "id"])
        return
    if not entries:
        click.echo(f"no document carries or cites {key}", err=True)
        return
    click.echo(f"{key}: {count(len(entries), 'step', 'steps')}")
    for step in entries:
        where = " ".join(x for x in (step["section"], f"s. {step['page']}" if step["page"] else None) if x)
        click.echo(f"\n{step['date'] or 'no date'}  {step['committee'] or '?'}  [{step['doc_type']}] {where}"
                   + ("  (cites)" if step["relation"] == "cites" else ""))
        click.echo(f"   {step['title']}")
        for d in step["decisions"][:6]:
            click.echo(f"   {d['kind']}: {d['text']}")
        for s in step["statements"]:
            click.echo(f"   {s['type']} {', '.join(s['by'])} ({', '.join(s['parties'])}): {s['text'][:160]}")
        click.echo(f"   {os.path.relpath(step['path'])}")


@cli.command(cls=QueryCommand)
@click.argument("query", required=False, default="")
@filter_options(old_type="kind")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="Statements to show; 0 (default) means all.")
@output_options("json", "nl", "csv")
@index_option
@click.pass_context
def statements(ctx: click.Context, query: str, filters: Any, limit: int, fmt: str | None) -> None:
    """Reservations, särskilda uttalanden, protokollsanteckningar ... in the §§ that match QUERY.

    --party, --person and --kind choose the statements (their authors' party, an author,
    the kind); the other filters choose the §§. Each with its authors and party, the § and
    its decision, the citation and the text, newest first:
    `statements detaljplan --party M --kind reservation --from 2018`.
    """
    from protosearch.views import api

    out = api.statements(_open_index(ctx), query, filters, limit=limit)
    total, shown = out["total"], out["statements"]
    if fmt == "json":
        emit_json(out)
        return
    if fmt:
        emit_rows([{**r, "decisions": [f"{d['kind']}: {d['text']}" for d in r["decisions"]]} for r in shown], fmt,
                  ["type", "by", "parties", "date", "committee", "municipality", "section", "page",
                   "case_numbers", "title", "decisions", "text", "path", "id"])
        return
    if not total:
        click.echo("no statements", err=True)
        return
    click.echo(count(total, "statement", "statements") + (f", showing {len(shown)}" if len(shown) < total else ""))
    for r in shown:
        click.echo(f"\n{r['type']}: {', '.join(r['by']) or '—'} ({', '.join(r['parties']) or '—'})")
        click.echo(f"   {citation(r)}  {r['title']}")
        for d in r["decisions"][:3]:
            click.echo(f"   {d['kind']}: {d['text']}")
        click.echo(f"   {r['text'][:400]}")


@cli.command(cls=QueryCommand)
@click.argument("query", required=False, default="")
@click.option("--by", "by", type=click.Choice(["party", "person", "type", "statement", "committee",
                                               "municipality", "year"]), required=True,
              help="The value to count by (type: document type; statement: statement kind).")
@click.option("--count", "counted", type=click.Choice(["documents", "sections", "statements"]),
              default="documents", show_default=True, help="What to count: documents, § items or statements.")
@filter_options()
@output_options("json", "csv")
@index_option
@click.pass_context
def stats(ctx: click.Context, query: str, by: str, counted: str, filters: Any, fmt: str | None) -> None:
    """Counts of matching documents, §§ or statements per party, person, type ... ("who says X most").

    Without QUERY and filters the whole index is counted. Each count equals the total of the
    same search filtered by that value (`search QUERY --party V`).
    """
    from protosearch.views import api

    facets = api.stats(_open_index(ctx), query, filters, by=by, counted=counted)
    counts = list(facets["counts"].items())
    if fmt == "json":
        emit_json(facets)
        return
    if fmt:
        emit_rows([{by: v, counted: n} for v, n in counts], fmt, [by, counted])
        return
    click.echo(f"{count(facets['documents'], 'document', 'documents')}, {count(facets['sections'], '§', '§§')}, "
               f"{count(facets['statements'], 'statement', 'statements')}; {counted} by {by}:")
    width = max((len(v) for v, _ in counts), default=0)
    top = max((n for _, n in counts), default=0)
    for value, n in counts:
        bar = "█" * max(1, round(30 * n / top)) if top else ""
        click.echo(f"  {value:<{width}}  {n:>5}  {bar}")


@cli.group()
def watch() -> None:
    """Saved searches, stored with the index: `watch run` prints only what is new."""


@watch.command("add", cls=QueryCommand)
@click.argument("name")
@click.argument("query")
@filter_options()
@click.option("--replace", is_flag=True, help="Replace a watch of the same name.")
@index_option
@click.pass_context
def watch_add(ctx: click.Context, name: str, query: str, filters: Any, replace: bool) -> None:
    """Save QUERY (with filters) as NAME; what matches now counts as seen."""
    from protosearch.views import watch as watches

    n = watches.add(_open_index(ctx), name, query, filters, replace=replace)
    click.echo(f"watch {name!r} saved: {count(n, 'document matches', 'documents match')} now; "
               f"`protosearch watch run {name}` shows new ones", err=True)


@watch.command("list")
@output_options("json")
@index_option
@click.pass_context
def watch_list(ctx: click.Context, fmt: str | None) -> None:
    """The saved searches."""
    from protosearch.views import watch as watches

    found = watches.load(index_dir(ctx)).values()
    if fmt == "json":
        emit_json([{"name": w.name, "query": w.query, "filters": w.filters, "added": w.added,
                    "last_run": w.last_run, "seen": len(w.seen)} for w in found])
        return
    if not found:
        click.echo("no watches: add one with `protosearch watch add NAME QUERY`", err=True)
    options = {"parties": "--party", "doc_type": "--doc-type", "statement": "--kind", "case": "--case",
               "date_from": "--from", "date_to": "--to"}
    for w in found:
        extra = " ".join(f"{options.get(k, '--' + k)} {x}" for k, v in w.filters.items()
                         for x in (v if isinstance(v, list) else [v]))
        click.echo(f"{w.name}: {w.query!r} {extra}".rstrip() + f"  (last run {w.last_run or 'never'}, {len(w.seen)} seen)")


@watch.command("run")
@click.argument("name", required=False)
@output_options("json", "nl", "csv")
@index_option
@click.pass_context
def watch_run(ctx: click.Context, name: str | None, fmt: str | None) -> None:
    """Print the documents that are new since each watch (or NAME) last ran."""
    from protosearch.views import watch as watches

    results = watches.run(_open_index(ctx), name)
    if fmt == "json":
        emit_json({"watches": [{"name": w.name, "query": w.query, "new": [h.to_dict() for h in new]}
                               for w, new in results]})
        return
    if fmt:
        rows = [{"watch": w.name, **h.to_dict()} for w, new in results for h in new]
        emit_rows(rows, fmt, ["watch", "id", "path", "section", "page", "title", "date", "committee",
                              "doc_type", "case_numbers", "snippet"])
        return
    for w, new in results:
        click.echo(f"{w.name}: {len(new)} new")
        for h in new:
            d = h.to_dict()
            click.echo(f"   {d['title'] or os.path.basename(d['path'])}  [{d['doc_type']}]")
            click.echo(f"      {citation(d)}")


@watch.command("remove")
@click.argument("name")
@index_option
@click.pass_context
def watch_remove(ctx: click.Context, name: str) -> None:
    """Delete the watch NAME."""
    from protosearch.views import watch as watches

    watches.remove(index_dir(ctx), name)
    click.echo(f"watch {name!r} removed", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets every machine that reaches this one read the index.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--threads", type=click.IntRange(min=1, max=64), default=8, show_default=True,
              help="Requests answered at once.")
@index_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Serve the index as web pages in Swedish and a JSON API (read-only) until Ctrl-C.

    Pages: Sök, Dokument/§, Ärende, Uttalanden, Statistik. The API (/api/search, /api/doc/ID,
    /api/case/DNR, /api/statements, /api/stats) answers what `--json` prints for the same
    query and filters.
    """
    from protosearch.web import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: everyone who can reach it can read every indexed document",
                   err=True)

    def ready(url: str) -> None:
        click.echo(f"serving {index_dir(ctx)} on {url} (Ctrl-C stops)", err=True)

    try:
        run_server(index_dir(ctx), host=host, port=port, threads=threads, ready=ready)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@output_options("json")
def extract(path: str, fmt: str | None) -> None:
    """Extract and tag one file without indexing it (the JSON contract with --json)."""
    from protosearch.extract import ExtractionError, extract_file
    from protosearch.tag import tag
    from protosearch.tag.letterhead import name_municipality

    try:
        extracted = extract_file(path)
        doc = name_municipality(tag(extracted), extracted, ocr=True)
    except ExtractionError as e:
        raise click.ClickException(f"{path}: {e}") from e
    if fmt == "json":
        emit_json(doc.to_dict())
    else:
        print_tags(doc.to_dict())


def main() -> None:
    cli(prog_name="protosearch")
