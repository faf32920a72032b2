"""A query the parser cannot read: a one-line error on stderr and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from protosearch.cli.commands import cli


@pytest.mark.parametrize(("command", "message"), [
    (["search", "(budget"], "Error: a parenthesis is not closed: add ')'\n"),
    (["search", 'typ:"hemlig"'], "Error: unknown document type 'hemlig' in typ: (one of protokoll, protokollsutdrag, "
                                 "tjänsteutlåtande, tjänsteskrivelse, motion, nämndinitiativ, remissvar, kallelse, other)\n"),
    (["statements", "a OR"], "Error: OR needs a search term after it\n"),
    (["stats", "datum:2019-02-30", "--by", "party"], "Error: '2019-02-30' in datum: is not a date in the calendar\n"),
    (["watch", "add", "x", "NOT"], "Error: NOT needs a search term after it\n"),
])
def test_malformed_query_exits_2_with_one_line(tmp_path: Path, command: list[str], message: str) -> None:
    # the query is read before the index is opened: no index is needed to be told
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), *command])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_bad_option_values_are_usage_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(tmp_path), "statements", "--type", "klagomål"])
    assert result.exit_code == 2
    assert "unknown statement type 'klagomål'" in result.stderr
    result = CliRunner().invoke(cli, ["--index", str(tmp_path), "case", "budget"])
    assert result.exit_code == 2
    assert "'budget' does not look like a case number" in result.stderr


_NOISE = st.lists(st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "parti:", "dnr:", "datum:", "typ:", "x",
                                   "får", "-", "*", "~", "2019..", "§", "KS 2018/124"]), max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=30), _NOISE))
def test_any_query_exits_0_1_or_2_without_a_traceback(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    missing = tmp_path_factory.getbasetemp() / "no-index-here"
    result = CliRunner().invoke(cli, ["--index", str(missing), "search", "--", text])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    assert result.exit_code in (1, 2)  # 1: no index (the query was read), 2: the query was not
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
