"""The command line: thin click commands over the library.

Each command parses its options, calls one library function and formats the result:
human-readable by default, `--json`, `--nl` (one JSON object per line) or `--csv` on request.
Results go to stdout; progress and errors to stderr. Read commands import neither spaCy
nor the PDF libraries, so they start fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import click

from protosearch import __version__

DEFAULT_INDEX = "index"


def _output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--json / --nl / --csv, shared by every command that lists results."""
    fn = click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")(fn)
    fn = click.option("--nl", "fmt", flag_value="nl", help="One JSON object per line.")(fn)
    fn = click.option("--json", "fmt", flag_value="json", help="One JSON document.")(fn)
    return fn


def _emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    if fmt == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
        click.echo(buf.getvalue(), nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="protosearch")
@click.option(
    "--index", "index_dir", envvar="PROTOSEARCH_INDEX", default=DEFAULT_INDEX, show_default=True,
    type=click.Path(file_okay=False), help="Index folder (env PROTOSEARCH_INDEX).",
)
@click.pass_context
def cli(ctx: click.Context, index_dir: str) -> None:
    """Mine and search Swedish municipal meeting documents (protokoll, tjänsteskrivelser, motions)."""
    ctx.obj = {"index": index_dir}


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction and tagging [default: the machine's cores].")
@click.option("--prune", is_flag=True, help="Remove documents whose every file is gone.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Time limit for one file; a file over it is skipped [default: 900].")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Page limit for one PDF; a longer one is skipped [default: 2000].")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
@click.option("--wait", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="How long to wait for another ingest on the same index [default: 10].")
@click.option("--quiet", "-q", is_flag=True, help="No progress, only the summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], jobs: int | None, prune: bool, timeout: float | None,
           max_pages: int | None, no_ocr: bool, wait: float | None, quiet: bool) -> None:
    """Extract, tag and index PATHS (files or folders, recursively).

    Unchanged files are skipped without being read, changed ones replace their old
    entries, and the same content under several paths is one document. Files that fail
    are named with their reason and the others are still indexed; the exit code is 1 if
    any file failed. An interrupted ingest carries on where it stopped when run again.
    Progress is a bar on a terminal, one line per file otherwise.
    """
    import signal

    from protosearch.index import IndexUnavailable
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
        report = run_ingest(paths, ctx.obj["index"], prune=prune, ocr=not no_ocr, progress=progress,
                            **limits)  # type: ignore[arg-type]
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    finally:
        signal.signal(signal.SIGTERM, previous)
    elapsed = time.monotonic() - started
    if report.rebuilt:
        click.echo(f"created a new index in {ctx.obj['index']}", err=True)
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


def _format_citation(hit: dict[str, Any]) -> str:
    parts = [hit.get("municipality"), hit.get("committee"), hit.get("date"), hit.get("section"),
             f"s. {hit['page']}" if hit.get("page") else None,
             ", ".join(hit.get("case_numbers") or []) or None, os.path.relpath(hit["path"])]
    return " · ".join(str(p) for p in parts if p)


def _bold(text: str) -> str:
    if sys.stdout.isatty():
        return re.sub(r"\*\*(.+?)\*\*", "\033[1m\\1\033[0m", text)
    return text


def _common_filters(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Filters shared by the read commands; they combine with the query (AND)."""
    for option in reversed([
        click.option("--party", "-p", multiple=True, help="Party: S, M, SD ... or its name (repeatable: any of them)."),
        click.option("--person", help='A person named in the document or §: "Anna Andersson".'),
        click.option("--case", "case_number", help="Case number in any spelling: 'KS 2018/124'."),
        click.option("--committee", help="Committee (nämnd): 'socialnämnden'."),
        click.option("--municipality", help="Municipality: 'Alingsås'."),
        click.option("--from", "date_from", help="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--to", "date_to", help="Latest date: YYYY, YYYY-MM or YYYY-MM-DD."),
    ]):
        fn = option(fn)
    return fn


def _filters(party: tuple[str, ...] = (), person: str | None = None, case_number: str | None = None,
             committee: str | None = None, municipality: str | None = None, date_from: str | None = None,
             date_to: str | None = None, doc_type: str | None = None, statement: str | None = None) -> Any:
    """The Filters of the options; a bad value is a usage error (exit 2) naming its option."""
    from protosearch.tag.casenumbers import normalize_case_number
    from protosearch.index import Filters
    from protosearch.index.query import QuerySyntaxError, day, field_node

    dates = {}
    for label, value, end in (("--from", date_from, False), ("--to", date_to, True)):
        try:
            dates[label] = day(value, end=end, label=label) if value else None
        except QuerySyntaxError as e:
            raise click.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint=label) from e
    case_key = None
    if case_number:
        case_key = normalize_case_number(case_number)
        if case_key is None:
            raise click.BadParameter(f"{case_number!r} does not look like a case number", param_hint="--case")
    for label, name, value in (("--type", "type", doc_type), ("--statement", "statement", statement)):
        if value:
            try:
                field_node(name, value)
            except QuerySyntaxError as e:
                raise click.BadParameter(str(e), param_hint=label) from e
    return Filters(parties=party, person=person, doc_type=doc_type, statement=statement, case=case_key,
                   committee=committee, municipality=municipality,
                   date_from=dates["--from"], date_to=dates["--to"])


def _query_error(ctx: click.Context, e: Exception) -> None:
    """A query the parser cannot read: one line on stderr, exit 2 (a usage error)."""
    click.echo("Error: " + " ".join(str(e).split()), err=True)
    ctx.exit(2)


@cli.command()
@click.argument("query", required=False, default="")
@_common_filters
@click.option("--type", "doc_type", help="Document type: protokoll, tjänsteskrivelse, motion ...")
@click.option("--statement", help="Statement kind: reservation, protokollsanteckning, yrkande ...")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best first, or newest first.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many documents (paging).")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=10, show_default=True,
              help="Documents to show; 0 means all.")
@_output_options
@click.pass_context
def search(ctx: click.Context, query: str, party: tuple[str, ...], person: str | None,
           case_number: str | None, committee: str | None, municipality: str | None,
           date_from: str | None, date_to: str | None, doc_type: str | None, statement: str | None,
           sort: str, offset: int, limit: int, fmt: str | None) -> None:
    """Search the index: matching documents with their matching §§, a snippet and a citation.

    QUERY: words (all should match), OR, NOT, "phrases", prefix*, fuzzy~, and fields:
    parti:V, person:"Anna Andersson", typ:protokoll, uttalande:reservation,
    dnr:"KS 2018/124", nämnd:socialnämnden, kommun:Alingsås, datum:2019-01-01..2020-06-30.
    A case number in any spelling finds the documents that carry it, first.
    """
    from protosearch.index import IndexUnavailable, QuerySyntaxError, SearchIndex

    filters = _filters(party, person, case_number, committee, municipality, date_from, date_to, doc_type, statement)
    try:
        result = SearchIndex(ctx.obj["index"]).search(query, filters, limit=limit, offset=offset, sort=sort)
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        _query_error(ctx, e)
        return
    hits = [h.to_dict() for h in result.hits]
    if fmt == "json":
        out = {"total": result.total, "sections": result.sections, "hits": hits}
        if result.did_you_mean:
            out["did_you_mean"] = result.did_you_mean
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if fmt in ("nl", "csv"):
        _emit_rows(hits, fmt, ["id", "path", "section", "page", "title", "date", "committee",
                               "municipality", "doc_type", "case_numbers", "parties", "score", "snippet"])
        return
    if not hits:
        click.echo("no hits" + (f"; did you mean: {result.did_you_mean}" if result.did_you_mean else ""), err=True)
        return
    shown = f", showing {offset + 1}-{offset + len(hits)}" if len(hits) < result.total else ""
    click.echo(f"{result.total} documents, {result.sections} §§{shown}")
    for n, h in enumerate(hits, start=offset + 1):
        click.echo(f"\n{n}. {h['title'] or os.path.basename(h['path'])}  [{h['doc_type']}]")
        click.echo(f"   {_format_citation(h)}")
        click.echo(f"   {_bold(h['snippet'])}")
        others = [m for m in h["matches"] if m["id"] != h["id"]]
        if others:
            click.echo("   also: " + "; ".join(f"{m['section']} (s. {m['page']})" for m in others[:8])
                       + (f" and {len(others) - 8} more" if len(others) > 8 else ""))
        click.echo(f"   id: {h['id']}")


@cli.command()
@click.argument("uid")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, uid: str, as_json: bool) -> None:
    """Show one document or § item (by the id a search printed) with all its tags."""
    from protosearch.index import IndexUnavailable, SearchIndex

    try:
        unit = SearchIndex(ctx.obj["index"]).get(uid)
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    if unit is None:
        raise click.ClickException(f"no document or § with id {uid!r} in {ctx.obj['index']}")
    if as_json:
        click.echo(json.dumps(unit, ensure_ascii=False, indent=2))
        return
    _print_tags(unit)


def _open_index(ctx: click.Context) -> Any:
    from protosearch.index import SearchIndex

    return SearchIndex(ctx.obj["index"])


@cli.command("case")
@click.argument("dnr")
@_output_options
@click.pass_context
def case_cmd(ctx: click.Context, dnr: str, fmt: str | None) -> None:
    """The timeline of case DNR (any spelling): its documents and §§ in date order.

    Each step with its decision and statements; documents that only cite the number are
    marked "cites".
    """
    from protosearch.tag.casenumbers import normalize_case_number
    from protosearch.index import IndexUnavailable
    from protosearch.views.timeline import case_timeline

    key = normalize_case_number(dnr)
    if key is None:
        raise click.BadParameter(f"{dnr!r} does not look like a case number (e.g. 'KS 2018/124')", param_hint="DNR")
    try:
        entries = [e.to_dict() for e in case_timeline(_open_index(ctx), key)]
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    if fmt == "json":
        click.echo(json.dumps({"case": key, "timeline": entries}, ensure_ascii=False, indent=2))
        return
    if fmt in ("nl", "csv"):
        _emit_rows([{**step, "statements": [f"{s['type']} ({', '.join(s['parties'])})" for s in step["statements"]]}
                    for step in entries], fmt,
                   ["date", "committee", "doc_type", "section", "page", "title", "relation", "decisions",
                    "statements", "path", "id"])
        return
    if not entries:
        click.echo(f"no document carries or cites {key}", err=True)
        return
    click.echo(f"{key}: {len(entries)} steps")
    for step in entries:
        where = " ".join(x for x in (step["section"], f"s. {step['page']}" if step["page"] else None) if x)
        click.echo(f"\n{step['date'] or 'no date'}  {step['committee'] or '?'}  [{step['doc_type']}] {where}"
                   + ("  (cites)" if step["relation"] == "cites" else ""))
        click.echo(f"   {step['title']}")
        for d in step["decisions"][:6]:
            click.echo(f"   beslut: {d}")
        for s in step["statements"]:
            click.echo(f"   {s['type']} {', '.join(s['by'])} ({', '.join(s['parties'])}): {s['text'][:160]}")
        click.echo(f"   {os.path.relpath(step['path'])}")


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--party", "-p", multiple=True, help="The statement's party: V, S ... or its name (repeatable).")
@click.option("--person", help="The statement's author (a part of the name is enough).")
@click.option("--type", "kind", help="reservation, särskilt uttalande, ersättaryttrande, protokollsanteckning, yrkande.")
@click.option("--doc-type", help="Document type: protokoll, protokollsutdrag ...")
@click.option("--case", "case_number", help="Case number in any spelling: 'KS 2018/124'.")
@click.option("--committee", help="Committee (nämnd): 'socialnämnden'.")
@click.option("--municipality", help="Municipality: 'Alingsås'.")
@click.option("--from", "date_from", help="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", help="Latest date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=0, help="Statements to show; 0 (default) means all.")
@_output_options
@click.pass_context
def statements(ctx: click.Context, query: str, party: tuple[str, ...], person: str | None, kind: str | None,
               doc_type: str | None, case_number: str | None, committee: str | None, municipality: str | None,
               date_from: str | None, date_to: str | None, limit: int, fmt: str | None) -> None:
    """Reservations, särskilda uttalanden, protokollsanteckningar ... in the §§ that match QUERY.

    Each with its authors and party, the § and its decision, the citation and the text, newest
    first: `statements detaljplan --party M --type reservation --from 2018`.
    """
    from protosearch.index import IndexUnavailable, QuerySyntaxError
    from protosearch.views.statementlist import find_statements, statement_kind

    if kind:
        try:
            statement_kind(kind)
        except QuerySyntaxError as e:
            raise click.BadParameter(str(e), param_hint="--type") from e
    filters = _filters((), None, case_number, committee, municipality, date_from, date_to, doc_type, None)
    try:
        rows = [r.to_dict() for r in find_statements(_open_index(ctx), query, filters, parties=party,
                                                     person=person, kind=kind)]
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        _query_error(ctx, e)
        return
    total, shown = len(rows), rows[:limit] if limit else rows
    if fmt == "json":
        click.echo(json.dumps({"total": total, "statements": shown}, ensure_ascii=False, indent=2))
        return
    if fmt in ("nl", "csv"):
        _emit_rows(shown, fmt, ["type", "by", "parties", "date", "committee", "municipality", "section", "page",
                                "case_numbers", "title", "decisions", "text", "path", "id"])
        return
    if not rows:
        click.echo("no statements", err=True)
        return
    click.echo(f"{total} statements" + (f", showing {len(shown)}" if len(shown) < total else ""))
    for r in shown:
        click.echo(f"\n{r['type']}: {', '.join(r['by']) or '—'} ({', '.join(r['parties']) or '—'})")
        click.echo(f"   {_format_citation(r)}  {r['title']}")
        for d in r["decisions"][:3]:
            click.echo(f"   beslut: {d}")
        click.echo(f"   {r['text'][:400]}")


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--by", "by", type=click.Choice(["party", "person", "type", "statement", "committee",
                                               "municipality", "year"]), required=True,
              help="The value to count by.")
@click.option("--count", "counted", type=click.Choice(["documents", "sections", "statements"]),
              default="documents", show_default=True, help="What to count: documents, § items or statements.")
@_common_filters
@click.option("--type", "doc_type", help="Document type: protokoll, tjänsteskrivelse, motion ...")
@click.option("--statement", help="Statement kind: reservation, protokollsanteckning, yrkande ...")
@click.option("--json", "fmt", flag_value="json", help="One JSON document.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
@click.pass_context
def stats(ctx: click.Context, query: str, by: str, counted: str, party: tuple[str, ...], person: str | None,
          case_number: str | None, committee: str | None, municipality: str | None, date_from: str | None,
          date_to: str | None, doc_type: str | None, statement: str | None, fmt: str | None) -> None:
    """Counts of matching documents, §§ or statements per party, person, type ... ("who says X most").

    Without QUERY and filters the whole index is counted. Each count equals the total of the
    same search filtered by that value (`search QUERY --party V`).
    """
    from protosearch.views.facets import facet_counts
    from protosearch.index import IndexUnavailable, QuerySyntaxError

    filters = _filters(party, person, case_number, committee, municipality, date_from, date_to, doc_type, statement)
    try:
        facets = facet_counts(_open_index(ctx), query, filters, by, counted=counted)
    except IndexUnavailable as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        _query_error(ctx, e)
        return
    if fmt == "json":
        click.echo(json.dumps(facets.to_dict(), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        _emit_rows([{by: v, counted: n} for v, n in facets.counts], "csv", [by, counted])
        return
    click.echo(f"{facets.documents} documents, {facets.sections} §§, {facets.statements} statements; "
               f"{counted} by {by}:")
    width = max((len(v) for v, _ in facets.counts), default=0)
    top = max((n for _, n in facets.counts), default=0)
    for value, n in facets.counts:
        bar = "█" * max(1, round(30 * n / top)) if top else ""
        click.echo(f"  {value:<{width}}  {n:>5}  {bar}")


@cli.group()
def watch() -> None:
    """Saved searches, stored with the index: `watch run` prints only what is new."""


@watch.command("add")
@click.argument("name")
@click.argument("query")
@_common_filters
@click.option("--type", "doc_type", help="Document type: protokoll, tjänsteskrivelse, motion ...")
@click.option("--statement", help="Statement kind: reservation, protokollsanteckning, yrkande ...")
@click.option("--replace", is_flag=True, help="Replace a watch of the same name.")
@click.pass_context
def watch_add(ctx: click.Context, name: str, query: str, party: tuple[str, ...], person: str | None,
              case_number: str | None, committee: str | None, municipality: str | None, date_from: str | None,
              date_to: str | None, doc_type: str | None, statement: str | None, replace: bool) -> None:
    """Save QUERY (with filters) as NAME; what matches now counts as seen."""
    from protosearch.views import watch as watches
    from protosearch.index import IndexUnavailable, QuerySyntaxError

    filters = _filters(party, person, case_number, committee, municipality, date_from, date_to, doc_type, statement)
    try:
        n = watches.add(_open_index(ctx), name, query, filters, replace=replace)
    except (IndexUnavailable, watches.WatchError) as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        _query_error(ctx, e)
        return
    click.echo(f"watch {name!r} saved: {n} documents match now; `protosearch watch run {name}` shows new ones",
               err=True)


@watch.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def watch_list(ctx: click.Context, as_json: bool) -> None:
    """The saved searches."""
    from protosearch.views import watch as watches

    found = watches.load(ctx.obj["index"]).values()
    if as_json:
        click.echo(json.dumps([{"name": w.name, "query": w.query, "filters": w.filters, "added": w.added,
                                "last_run": w.last_run, "seen": len(w.seen)} for w in found],
                              ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no watches: add one with `protosearch watch add NAME QUERY`", err=True)
    options = {"parties": "--party", "doc_type": "--type", "date_from": "--from", "date_to": "--to"}
    for w in found:
        extra = " ".join(f"{options.get(k, '--' + k)} {x}" for k, v in w.filters.items()
                         for x in (v if isinstance(v, list) else [v]))
        click.echo(f"{w.name}: {w.query!r} {extra}".rstrip() + f"  (last run {w.last_run or 'never'}, {len(w.seen)} seen)")


@watch.command("run")
@click.argument("name", required=False)
@_output_options
@click.pass_context
def watch_run(ctx: click.Context, name: str | None, fmt: str | None) -> None:
    """Print the documents that are new since each watch (or NAME) last ran."""
    from protosearch.views import watch as watches
    from protosearch.index import IndexUnavailable, QuerySyntaxError

    try:
        results = watches.run(_open_index(ctx), name)
    except (IndexUnavailable, watches.WatchError) as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        _query_error(ctx, e)
        return
    if fmt == "json":
        click.echo(json.dumps({"watches": [{"name": w.name, "query": w.query, "new": [h.to_dict() for h in new]}
                                           for w, new in results]}, ensure_ascii=False, indent=2))
        return
    if fmt in ("nl", "csv"):
        rows = [{"watch": w.name, **h.to_dict()} for w, new in results for h in new]
        _emit_rows(rows, fmt, ["watch", "id", "path", "section", "page", "title", "date", "committee",
                               "doc_type", "case_numbers", "snippet"])
        return
    for w, new in results:
        click.echo(f"{w.name}: {len(new)} new")
        for h in new:
            d = h.to_dict()
            click.echo(f"   {d['title'] or os.path.basename(d['path'])}  [{d['doc_type']}]")
            click.echo(f"      {_format_citation(d)}")


@watch.command("remove")
@click.argument("name")
@click.pass_context
def watch_remove(ctx: click.Context, name: str) -> None:
    """Delete the watch NAME."""
    from protosearch.views import watch as watches

    try:
        watches.remove(ctx.obj["index"], name)
    except watches.WatchError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"watch {name!r} removed", err=True)


def _print_tags(d: dict[str, Any]) -> None:
    click.echo(d.get("title") or d.get("doc_title") or d["path"])
    for key in ("id", "path", "doc_type", "municipality", "committee", "date", "section", "page", "pages"):
        if d.get(key) not in (None, ""):
            click.echo(f"  {key}: {d[key]}")
    if d.get("case_numbers"):
        click.echo("  case numbers: " + ", ".join(f"{c['normalized']} ({c['raw']})" for c in d["case_numbers"]))
    if d.get("parties"):
        click.echo("  parties: " + ", ".join(d["parties"]))
    if d.get("persons"):
        click.echo("  persons:")
        for p in d["persons"]:
            extra = ", ".join(x for x in (p.get("party"), p.get("role")) if x)
            click.echo(f"    {p['name']}" + (f" ({extra})" if extra else ""))
    for s in d.get("sections") or []:
        click.echo(f"  {s['number']} {s['title']}  (s. {s['page']}) {', '.join(s['case_numbers'])}")
    for x in d.get("decisions") or []:
        click.echo(f"  decision {x.get('section') or ''} [{x.get('kind')}]: {x['text']}")
    for s in d.get("statements") or []:
        who = ", ".join(s["by"]) or "—"
        click.echo(f"  {s['type']} {s.get('section') or ''} by {who} ({', '.join(s['parties'])}): {s['text'][:160]}")
    for v in d.get("votes") or []:
        click.echo(f"  vote {v.get('section') or ''}: ja {v['ja']}, nej {v['nej']}, avstår {v['avstår']}")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
def extract(path: str, as_json: bool) -> None:
    """Extract and tag one file without indexing it."""
    from protosearch.extract.document import ExtractionError, extract_file
    from protosearch.tag.tagger import tag

    try:
        doc = tag(extract_file(path))
    except ExtractionError as e:
        raise click.ClickException(f"{path}: {e}") from e
    d = doc.to_dict()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        _print_tags(d)


def main() -> None:
    cli(prog_name="protosearch")
