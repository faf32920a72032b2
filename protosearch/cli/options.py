"""What every command shares: the output and filter options, `--index` after the command name,
errors mapped to messages and exit codes, and queries that start with '-'.

One meaning per option name: `--doc-type` is the document type and `--kind` the statement
kind in every command. The spellings of 0.1 (`--type` and `--statement` for them in `search`,
`stats` and `watch add`; `--type` for the kind in `statements`) still work for one release,
with a warning.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

import click

DEFAULT_INDEX = "index"
FORMAT_HELP = {"json": "One JSON document.", "nl": "One JSON object per line.", "csv": "CSV with a header row."}


class QueryError(click.ClickException):
    """A query or option value the parser cannot read: one line on stderr, exit 2 (a usage error)."""

    exit_code = 2


class ProtosearchGroup(click.Group):
    """The command group that maps the library's errors to messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as e:
            mapped = _user_error(e)
            if mapped is None:
                raise
            raise mapped from e


def _user_error(e: Exception) -> click.ClickException | None:
    """The message and exit code of a library error; None for anything else. The error classes
    are imported only when something failed: `extract` need not load the index to run."""
    from protosearch.extract import ExtractionError
    from protosearch.index import IndexUnavailable, QuerySyntaxError
    from protosearch.views.watch import WatchError

    if isinstance(e, QuerySyntaxError):
        return QueryError(" ".join(str(e).split()))
    if isinstance(e, (IndexUnavailable, WatchError, ExtractionError)):
        return click.ClickException(str(e))
    return None


class QueryCommand(click.Command):
    """A command whose first argument is a query: a query that starts with '-' (NOT) is told to follow '--'."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # click's parser consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as e:
            word = next((a for a in given if a.startswith(e.option_name) and not a.startswith("--")), None)
            if word is None:
                raise
            raise click.UsageError(
                f"{word!r} reads as an option. A query that starts with '-' goes after '--': "
                f"protosearch {ctx.info_name} -- {word}", ctx) from e


def _set_index(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().obj["index"] = value


def index_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`--index DIR` after the command name too, where it overrides the one before it."""
    return click.option("--index", "index_dir", expose_value=False, callback=_set_index, metavar="DIR",
                        type=click.Path(file_okay=False), help="Index folder (as before the command name).")(fn)


def index_dir(ctx: click.Context) -> str:
    return str(ctx.find_root().obj["index"])


def output_options(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--json`, `--nl`, `--csv` (those named), which exclude each other; the command gets `fmt`."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            chosen = [f for f in formats if kwargs.pop(f"as_{f}")]
            if len(chosen) > 1:
                raise click.UsageError(" and ".join(f"--{f}" for f in chosen) + " exclude each other: choose one")
            return fn(*args, fmt=chosen[0] if chosen else None, **kwargs)

        for f in reversed(formats):
            command = click.option(f"--{f}", f"as_{f}", is_flag=True, help=FORMAT_HELP[f])(command)
        return command

    return decorate


def _deprecated(old: str, new: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def warn(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            click.echo(f"Warning: {old} is deprecated in `{ctx.info_name}`: use {new}", err=True)
        return value

    return warn


def filter_options(*, old_type: str = "doc_type") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The filters of every listing command; the command gets them as one `filters` (a Filters).

    `old_type` says what the deprecated `--type` meant in this command (`doc_type` or `kind`).
    """

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in
                      ("party", "person", "case_number", "committee", "municipality", "date_from", "date_to",
                       "doc_type", "kind", "old_type", "old_statement")}
            old, old_statement = values.pop("old_type"), values.pop("old_statement")
            values[old_type] = values[old_type] or old
            values["kind"] = values["kind"] or old_statement
            return fn(*args, filters=build_filters(**values), **kwargs)

        old_new = "--kind" if old_type == "kind" else "--doc-type"
        for option in reversed([
            click.option("--party", "-p", multiple=True,
                         help="Party: S, M, SD ... or its name (repeatable: any of them)."),
            click.option("--person", help='A person named in the document or §: "Anna Andersson".'),
            click.option("--doc-type", help="Document type: protokoll, tjänsteskrivelse, motion ..."),
            click.option("--kind", help="Statement kind: reservation, särskilt uttalande, protokollsanteckning, "
                                        "ersättaryttrande, yrkande."),
            click.option("--case", "case_number", help="Case number in any spelling: 'KS 2018/124'."),
            click.option("--committee", help="Committee (nämnd): 'socialnämnden'."),
            click.option("--municipality", help="Municipality: 'Alingsås'."),
            click.option("--from", "date_from", help="Earliest date: YYYY, YYYY-MM or YYYY-MM-DD."),
            click.option("--to", "date_to", help="Latest date: YYYY, YYYY-MM or YYYY-MM-DD."),
            click.option("--type", "old_type", hidden=True, callback=_deprecated("--type", old_new)),
            click.option("--statement", "old_statement", hidden=True, callback=_deprecated("--statement", "--kind")),
        ]):
            command = option(command)
        return command

    return decorate


def build_filters(*, party: Sequence[str] = (), person: str | None = None, case_number: str | None = None,
                  committee: str | None = None, municipality: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, doc_type: str | None = None, kind: str | None = None) -> Any:
    """The Filters of the options; a bad value is a usage error (exit 2) naming its option."""
    from protosearch.views.api import BadValue, make_filters

    try:
        return make_filters(party=party, person=person, case_number=case_number, committee=committee,
                            municipality=municipality, date_from=date_from, date_to=date_to, doc_type=doc_type,
                            kind=kind)
    except BadValue as e:
        raise click.BadParameter(e.message, param_hint=e.option) from e


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Rows as JSON lines or CSV (lists joined with '; ')."""
    if fmt == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    click.echo(buf.getvalue(), nl=False)


def count(n: int, singular: str, plural: str) -> str:
    """'1 document', '2 documents'."""
    return f"{n} {singular if n == 1 else plural}"
