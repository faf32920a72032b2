"""The command line through click's CliRunner: stdout and stderr checked apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from protosearch.cli.commands import cli

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

HIT_KEYS = {"id", "path", "section", "page", "title", "date", "committee", "municipality", "doc_type",
            "case_numbers", "parties", "score", "snippet"}
EXTRACT_KEYS = {"path", "sha256", "doc_type", "municipality", "committee", "date", "title", "pages",
                "case_numbers", "parties", "persons", "decisions", "statements", "sections"}


def run(*args: str) -> "object":
    return CliRunner().invoke(cli, list(args))


def test_extract_json_contract() -> None:
    result = CliRunner().invoke(cli, ["extract", str(CORPUS / "001_protokollsutdrag.pdf"), "--json"])
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert EXTRACT_KEYS <= set(d)
    assert (d["doc_type"], d["date"], d["pages"]) == ("protokollsutdrag", "2019-11-14", 3)
    assert d["case_numbers"] == [{"raw": "AMN 2019-0540-1.3", "normalized": "AMN 2019-540"}]
    assert result.stderr == ""


def test_extract_reads_the_municipality_in_a_logo() -> None:
    from protosearch.extract import ocr

    if not ocr.available():
        pytest.skip(f"Tesseract is not installed: {ocr.INSTALL_HINT}")
    memo = Path(__file__).parent / "fixtures" / "logo_letterhead.pdf"  # scripts/build_letterhead_fixture.py
    result = CliRunner().invoke(cli, ["extract", str(memo), "--json"])
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert (d["municipality"], d["doc_type"], d["date"]) == ("Växjö", "tjänsteskrivelse", "2026-05-04")
    from protosearch.extract import extract_file
    from protosearch.tag import tag

    assert tag(extract_file(memo, ocr=False)).municipality is None  # the text layer names none


def test_extract_of_html_saved_as_pdf(tmp_path: Path) -> None:
    page = tmp_path / "protokoll.pdf"
    page.write_text("<!doctype html><html><body>Sidan saknas</body></html>")
    result = CliRunner().invoke(cli, ["extract", str(page), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "protokoll.pdf: not a PDF: an HTML page" in result.stderr


def test_ingest_search_show(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("001_protokollsutdrag.pdf", "002_7f25499cff44f77b.txt", "004_tjansteskrivelse.pdf"):
        shutil.copy(CORPUS / name, docs / name)
    (docs / "felsida.pdf").write_text("<!doctype html><html><body>Sidan saknas</body></html>")
    index = str(tmp_path / "index")
    runner = CliRunner()

    result = runner.invoke(cli, ["--index", index, "ingest", str(docs)])
    assert result.exit_code == 1  # one file failed, the others are indexed
    assert result.stdout == ""
    assert "ingested 3 new" in result.stderr
    assert "felsida.pdf: not a PDF: an HTML page" in result.stderr

    result = runner.invoke(cli, ["--index", index, "search", "feriejobb civilsamhället", "--json"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["total"] >= 1
    first = out["hits"][0]
    assert HIT_KEYS <= set(first)
    assert Path(first["path"]).name == "001_protokollsutdrag.pdf"
    assert "**feriejobb" in first["snippet"].lower()

    result = runner.invoke(cli, ["--index", index, "search", "ASN 2023 6069", "--json"])
    assert [Path(h["path"]).name for h in json.loads(result.stdout)["hits"]][:1] == ["004_tjansteskrivelse.pdf"]

    result = runner.invoke(cli, ["--index", index, "show", first["id"], "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["path"] == first["path"]

    again = runner.invoke(cli, ["--index", index, "ingest", str(docs / "001_protokollsutdrag.pdf")])
    assert again.exit_code == 0
    assert "0 new, 0 replaced, 1 unchanged" in again.stderr


def test_search_without_index_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), "search", "budget"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "protosearch ingest" in result.stderr


def test_an_index_without_documents_answers_every_read_with_nothing(tmp_path: Path) -> None:
    # an ingest of an empty folder, or one interrupted before its first commit, leaves an index of no segment
    (tmp_path / "empty").mkdir()
    index = str(tmp_path / "index")
    assert run("--index", index, "ingest", str(tmp_path / "empty")).exit_code == 0
    answers = {
        ("search", "budget"): ("", "no hits\n"),
        ("search", '"särskilt yttrande"', "--party", "S", "--from", "2020-01-01"): ("", "no hits\n"),
        ("case", "KS 2019/12"): ("", "no document carries or cites KS 2019-12\n"),
        ("statements", "--party", "S"): ("", "no statements\n"),
    }
    for command, (stdout, stderr) in answers.items():
        result = CliRunner().invoke(cli, ["--index", index, *command])
        assert (result.exit_code, result.stdout, result.stderr) == (0, stdout, stderr), command
    result = run("--index", index, "search", "budget", "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"total": 0, "sections": 0, "hits": []})


def test_index_from_environment(tmp_path: Path, corpus_index: Path) -> None:
    result = CliRunner(env={"PROTOSEARCH_INDEX": str(corpus_index)}).invoke(cli, ["search", "jobbtorg", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] >= 1


def test_bad_date_is_a_usage_error(corpus_index: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "x", "--from", "2019-13"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_every_command_has_help_and_a_readme_section() -> None:
    readme = (CORPUS.parent / "README.md").read_text("utf-8")
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout
        assert f"protosearch {name}" in readme, f"README lacks a section for `{name}`"


def test_index_after_the_command_name(corpus_index: Path) -> None:
    before = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "jobbcoachning", "--json"])
    after = CliRunner().invoke(cli, ["search", "jobbcoachning", "--index", str(corpus_index), "--json"])
    assert before.exit_code == after.exit_code == 0
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["total"] >= 1


def test_a_query_starting_with_minus_is_told_to_follow_double_dash(corpus_index: Path) -> None:
    refused = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "-vindkraft"])
    assert refused.exit_code == 2
    assert "protosearch search -- -vindkraft" in refused.stderr
    accepted = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "--json", "--", "-vindkraft"])
    assert accepted.exit_code == 0, accepted.stderr
    everything = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "--json", "--limit", "0"])
    assert json.loads(accepted.stdout)["total"] == json.loads(everything.stdout)["total"] > 0


def test_output_formats_exclude_each_other(corpus_index: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "beslut", "--json", "--csv"])
    assert result.exit_code == 2
    assert "--json and --csv exclude each other" in result.stderr


def test_old_option_spellings_still_work_with_a_warning(corpus_index: Path) -> None:
    new = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "--doc-type", "protokoll",
                                   "--kind", "reservation", "--json"])
    old = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "--type", "protokoll",
                                   "--statement", "reservation", "--json"])
    assert new.exit_code == old.exit_code == 0
    assert json.loads(old.stdout) == json.loads(new.stdout)
    assert [h["doc_type"] for h in json.loads(new.stdout)["hits"]] == ["protokoll"]
    assert "--type is deprecated in `search`: use --doc-type" in old.stderr
    assert "--statement is deprecated in `search`: use --kind" in old.stderr
    kinds = CliRunner().invoke(cli, ["--index", str(corpus_index), "statements", "--type", "reservation", "--json"])
    assert "--type is deprecated in `statements`: use --kind" in kinds.stderr
    assert {s["type"] for s in json.loads(kinds.stdout)["statements"]} == {"reservation"}


def test_counts_agree_in_number(corpus_index: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(corpus_index), "search", "jobbcoachning långtidsarbetslösa"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 document, 1 §"
