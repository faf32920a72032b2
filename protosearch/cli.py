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
@click.option("--quiet", "-q", is_flag=True, help="No progress lines, only the summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], jobs: int | None, quiet: bool) -> None:
    """Extract, tag and index PATHS (files or folders, recursively).

    Unchanged files are skipped; files that fail are named with their reason and the
    others are still indexed; the exit code is 1 if any file failed.
    """
    from protosearch.index import IndexError_
    from protosearch.ingest import ingest as run_ingest

    started = time.monotonic()
    done = [0]

    def progress(path: str, what: str) -> None:
        done[0] += 1
        if not quiet:
            click.echo(f"[{done[0]}] {os.path.relpath(path)}: {what}", err=True)

    try:
        report = run_ingest(paths, ctx.obj["index"], jobs=jobs, progress=progress)
    except IndexError_ as e:
        raise click.ClickException(str(e)) from e
    elapsed = time.monotonic() - started
    if report.rebuilt:
        click.echo(f"created a new index in {ctx.obj['index']}", err=True)
    rate = report.pages / elapsed if elapsed > 0 else 0.0
    click.echo(
        f"ingested {report.added} new, {report.replaced} replaced, {report.unchanged} unchanged, "
        f"{len(report.failures)} failed; {report.pages} pages in {elapsed:.1f} s ({rate:.0f} pages/s)",
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


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--party", "-p", multiple=True, help="Party: S, M, SD ... or its name (repeatable).")
@click.option("--person", help='A person named in the document or §: "Anna Andersson".')
@click.option("--type", "doc_type", help="Document type: protokoll, tjänsteskrivelse, motion ...")
@click.option("--statement", help="Statement kind: reservation, protokollsanteckning, yrkande ...")
@click.option("--case", "case_number", help="Case number in any spelling: 'KS 2018/124'.")
@click.option("--committee", help="Committee (nämnd): 'socialnämnden'.")
@click.option("--municipality", help="Municipality: 'Alingsås'.")
@click.option("--from", "date_from", help="Earliest date, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Latest date, YYYY-MM-DD.")
@click.option("--limit", "-n", type=click.IntRange(min=0), default=10, show_default=True,
              help="Hits to show; 0 means all.")
@_output_options
@click.pass_context
def search(ctx: click.Context, query: str, party: tuple[str, ...], person: str | None,
           doc_type: str | None, statement: str | None, case_number: str | None,
           committee: str | None, municipality: str | None, date_from: str | None,
           date_to: str | None, limit: int, fmt: str | None) -> None:
    """Search the index: ranked hits with a snippet and a citation.

    QUERY is free text (AND by default; OR, NOT, "phrases", prefix*, fuzzy~).
    A query that is a case number finds the documents that carry it.
    """
    from protosearch.casenumbers import normalize_case_number
    from protosearch.index import Filters, IndexError_, QuerySyntaxError, SearchIndex
    from protosearch.parties import query_party

    for label, value in (("--from", date_from), ("--to", date_to)):
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=label)
    case_key = None
    if case_number:
        case_key = normalize_case_number(case_number)
        if case_key is None:
            raise click.BadParameter(f"{case_number!r} does not look like a case number", param_hint="--case")
    query_case = normalize_case_number(query) if query else None
    filters = Filters(
        parties=tuple(query_party(p) for p in party), person=person, doc_type=doc_type,
        statement=statement, case=case_key, committee=committee, municipality=municipality,
        date_from=date_from, date_to=date_to,
    )
    idx = SearchIndex(ctx.obj["index"])
    try:
        if query_case:
            result = idx.search("", filters, limit=limit, case_key=query_case)
            if result.total == 0:
                result = idx.search(query, filters, limit=limit)
        else:
            result = idx.search(query, filters, limit=limit)
    except IndexError_ as e:
        raise click.ClickException(str(e)) from e
    except QuerySyntaxError as e:
        click.echo(f"Error: {e}", err=True)
        ctx.exit(2)
    hits = [h.to_dict() for h in result.hits]
    if fmt == "json":
        click.echo(json.dumps({"total": result.total, "hits": hits}, ensure_ascii=False, indent=2))
        return
    if fmt in ("nl", "csv"):
        _emit_rows(hits, fmt, ["id", "path", "section", "page", "title", "date", "committee",
                               "municipality", "doc_type", "case_numbers", "parties", "score", "snippet"])
        return
    if not hits:
        click.echo("no hits", err=True)
        return
    click.echo(f"{result.total} hits" + (f", showing {len(hits)}" if len(hits) < result.total else ""))
    for n, h in enumerate(hits, start=1):
        click.echo(f"\n{n}. {h['title'] or os.path.basename(h['path'])}  [{h['doc_type']}]")
        click.echo(f"   {_format_citation(h)}")
        click.echo(f"   {_bold(h['snippet'])}")
        click.echo(f"   id: {h['id']}")


@cli.command()
@click.argument("uid")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, uid: str, as_json: bool) -> None:
    """Show one document or § item (by the id a search printed) with all its tags."""
    from protosearch.index import IndexError_, SearchIndex

    try:
        unit = SearchIndex(ctx.obj["index"]).get(uid)
    except IndexError_ as e:
        raise click.ClickException(str(e)) from e
    if unit is None:
        raise click.ClickException(f"no document or § with id {uid!r} in {ctx.obj['index']}")
    if as_json:
        click.echo(json.dumps(unit, ensure_ascii=False, indent=2))
        return
    _print_tags(unit)


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
    from protosearch.extract import ExtractionError, extract_file
    from protosearch.tagger import tag

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
