"""Search over a real index: Swedish analysis, case numbers, timelines, statements, facets, watches.

The index holds seed 001, the AMN protocol PDF and four small documents of one case
(tests/data/search: a motion, a memo, a KS protocol and an unrelated memo), ingested through
the real pipeline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from protosearch.cli.commands import cli
from protosearch.extract.document import extract_file
from protosearch.index import Filters, SearchIndex
from protosearch.tag.tagger import tag

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "search"
FILES = [*sorted(DATA.glob("*.txt")), ROOT / "corpus" / "001_ec3af93503d094b5.txt",
         ROOT / "corpus" / "arbetsmarknadsnamnden_protokoll_2019-11-14.pdf"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from protosearch.ingest.pipeline import ingest

    directory = tmp_path_factory.mktemp("search-index")
    docs = directory / "docs"
    docs.mkdir()
    for f in FILES:
        shutil.copy(f, docs / f.name)
    report = ingest([docs], directory / "index", jobs=1)
    assert report.failures == []
    return directory / "index"


@pytest.fixture(scope="module")
def idx(index_dir: Path) -> SearchIndex:
    return SearchIndex(index_dir)


def names(result: object) -> list[str]:
    return [Path(h.path).name for h in result.hits]  # type: ignore[attr-defined]


def cli_json(index_dir: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["--index", str(index_dir), *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# -- Swedish analysis ---------------------------------------------------------------------

def test_the_exact_form_ranks_above_an_inflected_one(idx: SearchIndex) -> None:
    # tjansteskrivelse.txt has "busshållplats" (and "busshållplatser" in its title);
    # motion.txt and protokoll.txt have only "busshållplatser"
    result = idx.search("busshållplats")
    assert names(result)[0] == "tjansteskrivelse.txt"
    assert set(names(result)) == {"tjansteskrivelse.txt", "motion.txt", "protokoll.txt"}


@pytest.mark.parametrize("word", ["äldreboende", "vattenledning", "konkurrensutsättning"])
def test_a_compound_finds_longer_compounds_and_other_forms_only_with_splitting(idx: SearchIndex, word: str) -> None:
    # the memo writes äldreboendeplatser, vattenledningsnätet, konkurrensutsättande
    assert names(idx.search(word)) == ["tjansteskrivelse.txt"]
    assert names(idx.search(word, compounds=False)) == []


def test_a_lemma_joins_forms_that_snowball_keeps_apart(idx: SearchIndex) -> None:
    assert names(idx.search("busshållplatserna")) != []  # the word list knows it as busshållplats


def test_a_and_o_are_never_folded(idx: SearchIndex) -> None:
    assert "protokoll.txt" in names(idx.search("får"))
    assert "far.txt" not in names(idx.search("får", limit=0))
    assert names(idx.search("far", limit=0)) == ["far.txt"]


def test_party_name_in_words_finds_the_abbreviation(idx: SearchIndex) -> None:
    # protokoll.txt names Carl Cederlund (M), never "Moderaterna"
    assert "protokoll.txt" in names(idx.search("Moderaterna taxa"))


def test_did_you_mean_from_the_index_vocabulary(idx: SearchIndex) -> None:
    result = idx.search("busshålplats")
    assert result.total == 0
    assert result.did_you_mean == "busshållplats"


# -- case numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["KS 2021-7", "ks 2021/0007", "KS-2021-7", "KS 2021 7", "2021.007 KS", "2021/7"])
def test_every_case_number_spelling_finds_the_same_documents_carriers_first(idx: SearchIndex, spelling: str) -> None:
    result = idx.search(spelling, limit=0)
    assert set(names(result)) == {"motion.txt", "tjansteskrivelse.txt", "protokoll.txt"}
    ks = next(h for h in result.hits if h.path.endswith("protokoll.txt"))
    assert (ks.section, [m.section for m in ks.matches]) == ("§ 12", ["§ 12", "§ 13"])  # carries, then cites


def test_a_seed_case_number_in_another_spelling(idx: SearchIndex) -> None:
    assert set(names(idx.search("amn 2019/0540", limit=0))) == {
        "001_ec3af93503d094b5.txt", "arbetsmarknadsnamnden_protokoll_2019-11-14.pdf"}


def test_case_timeline_in_date_order_with_relations(index_dir: Path) -> None:
    out = cli_json(index_dir, "case", "ks 2021/07")
    assert out["case"] == "KS 2021-7"
    steps = [(Path(e["path"]).name, e["date"], e["doc_type"], e["section"], e["relation"]) for e in out["timeline"]]
    assert steps == [
        ("motion.txt", "2021-01-10", "motion", None, "carries"),
        ("tjansteskrivelse.txt", "2021-02-01", "tjänsteskrivelse", None, "carries"),
        ("protokoll.txt", "2021-03-04", "protokoll", "§ 12", "carries"),
        ("protokoll.txt", "2021-03-04", "protokoll", "§ 13", "cites"),
    ]
    first_ks = out["timeline"][2]
    assert first_ks["decisions"] == [{"text": "Kommunstyrelsen beslutar att anse motionen besvarad.", "kind": "beslut"}]
    # the memo's proposal is a proposal in the timeline, not a decision
    assert [d["kind"] for d in out["timeline"][1]["decisions"]] == ["förslag till beslut"] * len(
        out["timeline"][1]["decisions"]) and out["timeline"][1]["decisions"]
    assert [(s["type"], s["parties"]) for s in first_ks["statements"]] == [("reservation", ["V"])]


# -- statements --------------------------------------------------------------------------

def _tagged_statements(kind: str, party: str) -> set[tuple[str, str | None]]:
    """The ground truth: what the tagger finds in the indexed files."""
    return {(f.name, s.section) for f in FILES for s in tag(extract_file(f)).statements
            if s.type == kind and party in s.parties}


@pytest.mark.parametrize(("party", "kind"), [("V", "reservation"), ("S", "särskilt uttalande"),
                                             ("M", "protokollsanteckning")])
def test_statements_lists_exactly_the_statements_of_a_party_and_kind(index_dir: Path, party: str, kind: str) -> None:
    out = cli_json(index_dir, "statements", "--party", party, "--type", kind)
    listed = [(Path(s["path"]).name, s["section"]) for s in out["statements"]]
    assert out["total"] == len(listed) == len(set(listed))
    assert set(listed) == _tagged_statements(kind, party)
    assert all(s["type"] == kind and party in s["parties"] for s in out["statements"])


def test_v_reservations_include_the_motion_case(index_dir: Path) -> None:
    out = cli_json(index_dir, "statements", "busshållplatser", "--party", "Vänsterpartiet", "--type", "reservationer")
    assert [(Path(s["path"]).name, s["section"], s["by"]) for s in out["statements"]] == [
        ("protokoll.txt", "§ 12", ["Anna Andersson"])]
    row = out["statements"][0]
    assert row["decisions"] == [{"text": "Kommunstyrelsen beslutar att anse motionen besvarad.", "kind": "beslut"}]
    assert row["case_numbers"] == ["KS 2021-7"]
    assert row["date"] == "2021-03-04"


# -- facets ------------------------------------------------------------------------------

def test_stats_without_query_counts_the_whole_index(index_dir: Path, idx: SearchIndex) -> None:
    out = cli_json(index_dir, "stats", "--by", "type")
    assert out["documents"] == len(FILES)
    assert out["sections"] == idx.search("", limit=0).sections
    assert sum(out["counts"].values()) == len(FILES)  # one type per document


@pytest.mark.parametrize("query", ["", "motion", "beslutar"])
def test_stats_by_party_counts_add_up_to_the_hits_of_each_party(index_dir: Path, idx: SearchIndex, query: str) -> None:
    out = cli_json(index_dir, "stats", query, "--by", "party")
    assert out["counts"]
    for party, n in out["counts"].items():
        assert n == idx.search(query, Filters(parties=(party,)), limit=0).total, party


def test_stats_of_statements_by_party(index_dir: Path) -> None:
    out = cli_json(index_dir, "stats", "--by", "statement", "--count", "statements")
    assert out["counts"]["reservation"] == cli_json(index_dir, "statements", "--type", "reservation")["total"]


# -- results: grouping, paging, sorting ------------------------------------------------------

def test_results_are_documents_with_their_matching_sections(idx: SearchIndex) -> None:
    result = idx.search("beslutar", limit=0)
    assert len(names(result)) == len(set(names(result))) == result.total
    ks = next(h for h in result.hits if h.path.endswith("protokoll.txt"))
    assert {m.section for m in ks.matches} == {"§ 12", "§ 13"}


def test_offset_pages_through_the_same_order(idx: SearchIndex) -> None:
    every = names(idx.search("kommunstyrelsen", limit=0))
    assert len(every) >= 3
    assert names(idx.search("kommunstyrelsen", limit=2)) + names(idx.search("kommunstyrelsen", limit=0, offset=2)) == every


def test_sort_by_date_is_newest_first(idx: SearchIndex) -> None:
    dates = [h.date for h in idx.search("", limit=0, sort="date").hits]
    assert None in dates  # seed 001 has no date of its own: it goes last
    assert dates == sorted(dates, key=lambda d: d or "", reverse=True)


def test_query_fields_and_options_combine(idx: SearchIndex) -> None:
    assert names(idx.search("parti:V typ:protokoll datum:2021")) == ["protokoll.txt"]
    assert names(idx.search("parti:V", Filters(doc_type="protokoll", date_from="2021-01-01"))) == ["protokoll.txt"]
    assert names(idx.search('uttalande:reservation nämnd:kommunstyrelsen dnr:"KS 2021/7"')) == ["protokoll.txt"]


# -- CLI ---------------------------------------------------------------------------------

def test_search_json_contract(index_dir: Path) -> None:
    out = cli_json(index_dir, "search", "busshållplats")
    assert set(out) >= {"total", "hits"}
    assert set(out["hits"][0]) >= {"id", "path", "section", "page", "title", "date", "committee", "municipality",
                                   "doc_type", "case_numbers", "parties", "score", "snippet", "matches"}


def test_no_hits_suggests_a_respelling_on_stderr(index_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(index_dir), "search", "busshålplats"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no hits; did you mean: busshållplats\n"


def test_watch_prints_only_new_documents(tmp_path: Path, index_dir: Path) -> None:
    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    runner = CliRunner()

    def run(*args: str) -> object:
        return runner.invoke(cli, ["--index", str(index), "watch", *args])

    added = run("add", "taxor", "taxa", "--committee", "kommunstyrelsen")
    assert added.exit_code == 0, added.stderr
    assert "1 document matches now" in added.stderr
    assert json.loads(run("run", "taxor", "--json").stdout) == {"watches": [{"name": "taxor", "query": "taxa", "new": []}]}

    new = tmp_path / "ny.txt"
    new.write_text("Protokoll\nKommunstyrelsen\nAlingsås kommun\nSammanträdesdatum 2021-04-01\n\n"
                   "§ 20 Ny taxa för parkering\nDnr KS 2021/30\n\nBeslut\nKommunstyrelsen beslutar att anta taxan.\n",
                   "utf-8")
    assert runner.invoke(cli, ["--index", str(index), "ingest", str(new)]).exit_code == 0
    first = json.loads(run("run", "--json").stdout)["watches"][0]
    assert [Path(h["path"]).name for h in first["new"]] == ["ny.txt"]
    assert json.loads(run("run", "--json").stdout)["watches"][0]["new"] == []

    listed = json.loads(run("list", "--json").stdout)
    assert [(w["name"], w["query"], w["filters"], w["seen"]) for w in listed] == [
        ("taxor", "taxa", {"committee": "kommunstyrelsen"}, 2)]
    assert run("remove", "taxor").exit_code == 0
    gone = run("run", "taxor")
    assert gone.exit_code == 1
    assert gone.stderr == "Error: no watch named 'taxor' (see `protosearch watch list`)\n"


# -- ties ---------------------------------------------------------------------------------

MEMO_OF = """Tjänsteskrivelse
{date}
Dnr BUN 2024-101

Skolskjuts för elever i Ingared

Förslag till beslut
Barn- och ungdomsnämnden beslutar att godkänna skolskjutsen för elever i Ingared.
"""


@pytest.mark.parametrize("names_in_order", [("a.txt", "b.txt"), ("b.txt", "a.txt")])
def test_on_equal_scores_the_newer_document_comes_first_whatever_the_ingest_order(
        tmp_path: Path, names_in_order: tuple[str, str]) -> None:
    from protosearch.ingest.pipeline import ingest

    older, newer = names_in_order  # the older memo is ingested first in one index, last in the other
    (tmp_path / older).write_text(MEMO_OF.format(date="2024-03-05"), "utf-8")
    (tmp_path / newer).write_text(MEMO_OF.format(date="2025-03-05"), "utf-8")
    ingest([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "index", jobs=1)
    hits = SearchIndex(tmp_path / "index").search("skolskjuts Ingared").hits
    assert [(Path(h.path).name, h.date) for h in hits] == [(newer, "2025-03-05"), (older, "2024-03-05")]
    assert hits[0].score == hits[1].score
