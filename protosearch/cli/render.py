"""How results read on a terminal: citations, bold query words, a document's tags."""

from __future__ import annotations

import os
import re
import sys
from typing import Any

import click


def citation(hit: dict[str, Any]) -> str:
    parts = [hit.get("municipality"), hit.get("committee"), hit.get("date"), hit.get("section"),
             f"s. {hit['page']}" if hit.get("page") else None,
             ", ".join(hit.get("case_numbers") or []) or None, os.path.relpath(hit["path"])]
    return " · ".join(str(p) for p in parts if p)


def bold(text: str) -> str:
    if sys.stdout.isatty():
        return re.sub(r"\*\*(.+?)\*\*", "\033[1m\\1\033[0m", text)
    return text


def print_tags(d: dict[str, Any]) -> None:
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
    if d.get("kind") == "section" and d.get("text"):
        # a § in full (a whole document's text is in `show --json` and the original file)
        click.echo("  text:")
        for line in d["text"].splitlines():
            click.echo(f"    {line}".rstrip())
