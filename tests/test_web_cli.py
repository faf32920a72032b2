"""What the web issue changed in the library and the CLI: `show` prints a §'s text and vote,
and a query's cost is bounded (length, terms, nesting, time) with a usage error, never a
RecursionError or a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protosearch.cli.commands import cli
from protosearch.index import QuerySyntaxError, SearchIndex
from protosearch.index import query as q


def _section_with_vote(index: Path) -> str:
    result = CliRunner().invoke(cli, ["--index", str(index), "search", "jobbcoachning", "--json"])
    assert result.exit_code == 0, result.stderr
    return next(h["id"] for h in json.loads(result.stdout)["hits"] if h["section"] == "§ 6")


def test_show_prints_the_section_text_and_its_vote(corpus_index: Path) -> None:
    uid = _section_with_vote(corpus_index)
    result = CliRunner().invoke(cli, ["--index", str(corpus_index), "show", uid])
    assert result.exit_code == 0, result.stderr
    assert "  vote § 6: ja 7, nej 6, avstår 0" in result.stdout
    assert "  text:\n    § 6 Upphandling av jobbcoachning" in result.stdout
    assert "    Omröstning" in result.stdout

    shown = json.loads(CliRunner().invoke(cli, ["--index", str(corpus_index), "show", uid, "--json"]).stdout)
    assert shown["votes"][0]["ja"] == 7 and shown["votes"][0]["section"] == "§ 6"
    assert shown["text"].startswith("§ 6 Upphandling") and shown["doc_id"] == uid.split("/")[0]


@pytest.mark.parametrize("text, words", [
    (" ".join(["ord"] * 1000), "at most 1,000 are allowed"),
    (" ".join(f"ord{n}" for n in range(61)), "at most 60 are allowed"),
    ("(" * 400 + "budget" + ")" * 400, "more than 20 deep"),
    ("(" * 300 + "budget" + ")" * 300, "more than 20 deep"),
    ("NOT " * 21 + "budget", "more than 20 deep"),
    ("-" * 800 + "budget", "more than 20 deep"),
    ("parti:(" + "(" * 30 + "V" + ")" * 31, "more than 20 deep"),
])
def test_costly_queries_are_refused_before_they_are_read(text: str, words: str) -> None:
    with pytest.raises(q.QueryTooCostly, match=words):
        q.parse(text)


def test_queries_within_the_bounds_still_parse() -> None:
    assert q.parse("(" * 20 + "budget" + ")" * 20) == q.Term("budget")
    assert q.parse("NOT " * 2 + "budget") == q.Not(q.Not(q.Term("budget")))
    assert isinstance(q.parse(" ".join(f"ord{n}" for n in range(60))), q.And)


def test_the_cli_answers_a_costly_query_with_a_usage_error(corpus_index: Path) -> None:
    for text in ["(" * 300 + "budget" + ")" * 300, " ".join(["ord"] * 1000)]:
        result = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", text])
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: the query") and "Traceback" not in result.stderr
        assert not isinstance(result.exception, RecursionError)


def test_a_search_over_its_time_is_stopped(corpus_index: Path) -> None:
    idx = SearchIndex(corpus_index)
    with pytest.raises(QuerySyntaxError, match=r"took more than 0 s and was stopped"):
        idx.search("jobbcoachning upphandling", seconds=0)
    with pytest.raises(QuerySyntaxError, match=r"took more than 0 s"):
        idx.units("jobbcoachning upphandling", seconds=0)
    assert idx.search("jobbcoachning upphandling").total >= 1  # the default bound (QUERY_SECONDS) leaves it be


def test_serve_reports_a_missing_index_and_a_taken_port(corpus_index: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    script = Path(sys.executable).with_name("protosearch")
    missing = subprocess.run([str(script), "--index", str(tmp_path / "none"), "serve", "--port", "0"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: no index in")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run([str(script), "--index", str(corpus_index), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert busy.returncode == 1 and f"Error: cannot listen on 127.0.0.1:{port}" in busy.stderr
    assert "Traceback" not in missing.stderr + busy.stderr
