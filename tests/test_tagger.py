"""Tagging of the seeds and the generated PDFs: exact values, as the JSON contract prints them."""

from __future__ import annotations

from typing import Any

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protosearch.extract.document import extract_bytes, extract_file
from protosearch.records import ExtractedText, Page, TaggedDocument
from protosearch.tag.tagger import tag

CORPUS = Path(__file__).resolve().parent.parent / "corpus"  # the bundled sample corpus

PROTOCOL = "arbetsmarknadsnamnden_protokoll_2019-11-14.pdf"


def tagged(name: str) -> dict[str, Any]:
    return tag(extract_file(CORPUS / name)).to_dict()


def test_seed_001_protokollsutdrag() -> None:
    d = tagged("001_ec3af93503d094b5.txt")
    assert (d["doc_type"], d["municipality"], d["committee"], d["date"]) == (
        "protokollsutdrag", "Stockholm", "Arbetsmarknadsnämnden", None)
    assert d["case_numbers"] == [{"raw": "AMN 2019-0540-1.3", "normalized": "AMN 2019-540"}]
    assert d["parties"] == ["C", "S", "V", "Fi"]
    assert [(p["name"], p["party"], p["role"]) for p in d["persons"]] == [
        ("Fredrik Lindstål", "C", "ordförande"), ("Salar Rashid", "S", "vice ordförande"),
        ("Rashid Mohammed", "V", "ledamot"), ("Maria Jansson", "Fi", "ersättare")]
    assert [x["text"] for x in d["decisions"]] == [
        "Arbetsmarknadsnämnden beslutade att godkänna förvaltningens rapport.",
        "Arbetsmarknadsnämnden beslutade att finna angivet budgetuppdrag slutrapporerat."]
    assert [(s["type"], s["by"], s["parties"], s["section"]) for s in d["statements"]] == [
        ("särskilt uttalande", ["Salar Rashid", "Rashid Mohammed"], ["S", "V"], "§ 7"),
        ("ersättaryttrande", ["Maria Jansson"], ["Fi"], "§ 7")]
    assert d["statements"][0]["text"].startswith("I dag omsätter den idéburna sektor")
    assert d["sections"] == [{"number": "§ 7", "page": 1, "case_numbers": ["AMN 2019-540"],
                              "title": "Rapport gällande arbetsmarknadsförvaltningens arbetssätt för samverkan med civilsamhället"}]


def test_seed_002_memo_phone_number_and_misspelt_name() -> None:
    d = tagged("002_7f25499cff44f77b.txt")
    assert (d["doc_type"], d["committee"], d["date"]) == ("tjänsteutlåtande", "Norrmalms stadsdelsnämnd", "2018-03-22")
    assert d["case_numbers"] == [{"raw": "dnr 106-1964/2017", "normalized": "2017-106-1964"}]
    assert d["parties"] == ["C"]
    fälldin = [p for p in d["persons"] if "Fäll" in p["name"]]
    assert fälldin == [{"name": "Johan Fälldin", "party": "C", "role": None}]
    assert d["decisions"] == [{"section": None, "kind": "förslag till beslut",
                               "text": "Remissen besvaras med förvaltningens tjänsteutlåtande."}]


def test_seed_003_stays_quiet() -> None:
    d = tagged("003_1264031e32f16e28.txt")
    assert (d["case_numbers"], d["parties"], d["persons"], d["decisions"], d["statements"]) == ([], [], [], [], [])


def test_seed_004_party_in_words_and_en_dash() -> None:
    d = tagged("004_87b419a6ec439972.txt")
    assert {c["normalized"] for c in d["case_numbers"]} == {"ASN 2023-6069", "ASN 2021-4461"}
    assert d["parties"] == ["SD"]
    assert d["municipality"] == "Malmö" and d["date"] == "2023-05-15"
    assert d["committee"] == "Arbetsmarknads- och socialnämnden"


def test_generated_protocol_sections_pages_and_cases(expected: dict[str, Any]) -> None:
    d = tagged(PROTOCOL)
    facts = expected[PROTOCOL]
    assert d["doc_type"] == "protokoll" and d["date"] == "2019-11-14" and d["committee"] == "Arbetsmarknadsnämnden"
    assert [(s["number"], s["page"]) for s in d["sections"]] == [
        (f"§ {s['number']}", s["page"]) for s in facts["sections"]]
    assert [s["case_numbers"] for s in d["sections"]] == [
        ["AMN 2019-412"], ["AMN 2019-611"], ["AMN 2019-540"], ["AMN 2019-498"]]
    found = {c["normalized"] for c in d["case_numbers"]}
    assert found == {"AMN 2019-412", "AMN 2019-611", "AMN 2019-540", "AMN 2019-498", "KS 2019-1123"}


def test_generated_protocol_statements_and_vote(expected: dict[str, Any]) -> None:
    d = tagged(PROTOCOL)
    written = [(s["section"], s["type"], s["parties"], s["by"]) for s in d["statements"] if s["type"] != "yrkande"]
    assert written == [(f"§ {s['section']}", s["kind"], s["parties"], s["authors"])
                       for s in expected[PROTOCOL]["statements"]]
    yrkanden = [(s["by"], s["parties"]) for s in d["statements"] if s["type"] == "yrkande"]
    assert yrkanden == [(["Anna Ek"], ["M"]), (["Salar Rashid"], ["S"])]
    (vote,) = d["votes"]
    assert (vote["section"], vote["ja"], vote["nej"], vote["avstår"]) == ("§ 6", 7, 6, 0)
    facts = expected[PROTOCOL]["vote"]
    assert [m["name"] for m in vote["members"] if m["vote"] == "ja"] == [v.split(" (")[0] for v in facts["ja_voters"]]
    assert [m["name"] for m in vote["members"] if m["vote"] == "nej"] == [v.split(" (")[0] for v in facts["nej_voters"]]


def test_generated_protocol_decisions_per_att_clause(expected: dict[str, Any]) -> None:
    d = tagged(PROTOCOL)
    for number, clauses in expected[PROTOCOL]["decisions"].items():
        texts = [x["text"] for x in d["decisions"] if x["section"] == f"§ {number}"]
        assert len(texts) == len(clauses)
        for text, clause in zip(texts, clauses):
            assert clause in text


@pytest.mark.parametrize(
    "text",
    ["IOP och SFI är inga partier, inte heller (ESF) eller KS.",
     "Ring 08-508 09 275 eller läs SFS 2001:453 och KF § 87; org.nr 212000-1234."],
)
def test_no_false_positives(text: str) -> None:
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert (d["parties"], d["case_numbers"], d["persons"]) == ([], [], [])


def test_independent_councillor_has_no_party() -> None:
    text = "Beslutande\nBjörn Albinson (-)\nMartin Pehrsson (S) ersätter Boris Jernskiegg (-)\n"
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert d["parties"] == ["S"]
    assert {(p["name"], p["party"], p["role"]) for p in d["persons"]} == {
        ("Björn Albinson", None, "ledamot"), ("Martin Pehrsson", "S", "tjänstgörande ersättare"),
        ("Boris Jernskiegg", None, "ledamot")}


def test_local_party_used_after_two_names() -> None:
    text = "Anna Berg (ÄP) och Per Ek (ÄP) reserverar sig mot beslutet. Europeiska Socialfonden (ESF) betalar."
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert d["parties"] == ["ÄP"]
    assert [(s["type"], s["by"], s["parties"]) for s in d["statements"]] == [
        ("reservation", ["Anna Berg", "Per Ek"], ["ÄP"])]


def test_accounting_reservation_is_no_statement() -> None:
    text = "Revisorerna lämnar revisionsberättelsen utan reservation. Reservdatum: 12 maj. Det är särskilt viktigt."
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert d["statements"] == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400) | st.lists(st.sampled_from(
    ["§ 3", "Beslut", "Reservation", "att", "Anna Berg (S)", "(KD)", "KS 2019/12", "\n", " ", "yrkar", "beslutar att"]
)).map(" ".join))
def test_tagger_never_raises(text: str) -> None:
    doc = ExtractedText("x.txt", "0" * 64, "text", (Page(1, text), Page(2, "§ 1\n" + text)))
    assert isinstance(tag(doc), TaggedDocument)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mot beslutet reserverar sig Anna Berg (S) och Per Ek (V).", ("reservation", ["Anna Berg", "Per Ek"], ["S", "V"])),
        ("Lena Holm (M) anmäler en protokollsanteckning: Vi vill se mer.", ("protokollsanteckning", ["Lena Holm"], ["M"])),
        ("Ledamöterna från M och KD reserverar sig mot beslutet.", ("reservation", [], ["M", "KD"])),
        ("Kalle Ek (SD) får till protokollet anteckna att han inte deltar.", ("protokollsanteckning", ["Kalle Ek"], ["SD"])),
        ("Socialdemokraterna lämnar ett särskilt yttrande.", ("särskilt uttalande", [], ["S"])),
        ("Anteckning\nEva Ström (fp) lämnar följande protokollsanteckning: Vi stödjer förslaget.",
         ("protokollsanteckning", ["Eva Ström"], ["L"])),
        ("Reservation (V)\nVi anser att beslutet är fel.", ("reservation", [], ["V"])),
    ],
)
def test_statements_in_the_genre_s_wordings(text: str, expected: tuple[str, list[str], list[str]]) -> None:
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert [(s["type"], s["by"], s["parties"]) for s in d["statements"]] == [expected]


def test_local_parties_on_the_roster_and_in_words() -> None:
    text = ("Beslutande\nAnna Berg (ÄP) (ordförande)\nPer Ek (S)\nOlle Ström (KV)\n\n"
            "Örebropartiet och Kommunens väl reserverar sig. (KD) Karin Berg yrkar avslag.\n")
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert d["parties"] == ["ÄP", "S", "KV", "KD", "Örebropartiet", "Kommunens väl"]
    assert ("Anna Berg", "ÄP", "ordförande") in {(p["name"], p["party"], p["role"]) for p in d["persons"]}
    assert [(s["type"], s["by"], s["parties"]) for s in d["statements"]] == [
        ("reservation", [], ["Örebropartiet", "Kommunens väl"]), ("yrkande", ["Karin Berg"], ["KD"])]


def test_protocol_in_another_town_s_layout() -> None:
    """Göteborg's wording: 'Närvarande', '1:e vice ordförande', a one-letter local party (D),
    'Dnr 0733/18', 'föreslår kommunfullmäktige besluta att', 'Votering', 'antecknar till protokollet'."""
    path = CORPUS.parent / "tests" / "fixtures" / "kommunstyrelsen_protokoll_goteborg_stil.txt"
    d = tag(extract_file(path)).to_dict()
    assert (d["municipality"], d["committee"], d["date"], d["doc_type"]) == (
        "Göteborg", "Kommunstyrelsen", "2019-03-06", "protokoll")
    assert [(s["number"], s["case_numbers"]) for s in d["sections"]] == [
        ("§ 112", ["2018-733"]), ("§ 113", ["KS 2019-213"])]
    assert d["parties"] == ["M", "S", "D", "V"]
    assert ("Martin Wannholt", "D", "2:e vice ordförande") in {(p["name"], p["party"], p["role"]) for p in d["persons"]}
    assert [x["text"] for x in d["decisions"]] == [
        "Kommunstyrelsen föreslår kommunfullmäktige besluta att avslå motionen.",
        "Yttrande enligt stadsledningskontorets förslag överlämnas till Trafikverket.",
        "Paragrafen förklaras omedelbart justerad."]
    written = [(s["section"], s["type"], s["parties"]) for s in d["statements"] if s["type"] != "yrkande"]
    assert written == [("§ 112", "reservation", ["S", "V"]), ("§ 112", "protokollsanteckning", ["D"]),
                       ("§ 113", "särskilt uttalande", ["S", "V"])]
    assert [(v["section"], v["ja"], v["nej"]) for v in d["votes"]] == [("§ 112", 7, 6)]


def test_councillors_motion_is_a_motion_not_a_memo() -> None:
    text = ("Utred och stärk insatserna inom det kommunala aktivitetsansvaret\n"
            "I kommunen ser vi en ökad skolfrånvaro.\nFörslag till beslut\n"
            "Mot bakgrund av ovanstående föreslår vi att kommunfullmäktige beslutar:\n"
            "1. Att ge kommunstyrelsen i uppdrag att utreda insatserna.\n"
            "Camilla Stensson (S), Anton César (S)\n")
    d = tag(extract_bytes(text.encode(), "x.txt")).to_dict()
    assert (d["doc_type"], d["parties"]) == ("motion", ["S"])
    assert [x["text"] for x in d["decisions"]] == ["Att ge kommunstyrelsen i uppdrag att utreda insatserna."]


def _tag_text(text: str) -> dict[str, Any]:
    return tag(ExtractedText("x.txt", "0" * 64, "text", (Page(1, text),))).to_dict()


def test_municipality_from_where_a_protocol_met_or_is_kept() -> None:
    met = "Protokoll\nSocialnämnden\nPlats och tid Stadshuset, Borås, kl. 18.00\nBeslutande Anna Berg (S)\n§ 1\nText."
    kept = "Protokoll\nFörvaringsplats för\nprotokollet\nKommunhuset i Hjo\n§ 1\nText."
    assert (_tag_text(met)["municipality"], _tag_text(kept)["municipality"]) == ("Borås", "Hjo")


def test_a_councillor_named_like_a_town_is_no_municipality() -> None:
    text = ("Tjänsteskrivelse\nPolitikerkontakter\nKontaktpolitiker är Holger Andersson (L) och\n"
            "Lennart Norberg (S).\nFrågor besvaras av Lennart Norberg (S).")
    assert _tag_text(text)["municipality"] is None
    town = "Tjänsteskrivelse\nSamverkan med Jobbtorg Norberg.\nInsatserna i Norberg fortsätter."
    assert _tag_text(town)["municipality"] == "Norberg"  # the town named twice, bare


def test_a_property_named_like_a_town_is_no_municipality() -> None:
    text = ("Tjänsteskrivelse\nFörstudie gällande ombyggnation av Munkedal 4\n"
            "Fastigheten Munkedal 4, kallad Enehagen, kan vara ett alternativ. Grannfastigheten Nolby 1:12 likaså.\n"
            "Beslutande instans: Vård och omsorgsnämnden\n")
    d = _tag_text(text)
    assert (d["municipality"], d["committee"]) == (None, "Vård- och omsorgsnämnden")
    dated = "Tjänsteskrivelse\nMunkedal 2026-05-18\nSamverkan i Munkedal fortsätter.\n"
    assert _tag_text(dated)["municipality"] == "Munkedal"  # a place and date line names the town


def test_municipality_from_its_web_address_and_swedish_speaking_finland() -> None:
    web = "Tjänsteskrivelse\nHandlingarna finns på www.alingsas.se under Politik.\n"
    finnish = "Protokoll 3/2023\nOrgan Personalsektionen\nUtdrag ur Nykarleby stads förvaltningsstadga.\n"
    mail = "Kallelse\nFrågor: registrator@vasa.fi\n"
    bare = "alingsas.se\nHandlingsplan 2026\nTyp av styrdokument: Ekonomisk handlingsplan\n"
    elsewhere = "Tjänsteskrivelse\nSe skolverket.se och https://alingsas.se/politik.\n"
    assert [_tag_text(t)["municipality"] for t in (web, finnish, mail, bare, elsewhere)] == [
        "Alingsås", "Nykarleby", "Vasa", "Alingsås", "Alingsås"]
    # a Finnish town's name is found only where a document names its town, never bare
    named = "Tjänsteskrivelse\nKontaktperson Lovisa Berg.\nFrågor besvaras av Lovisa Berg.\n"
    assert _tag_text(named)["municipality"] is None


@pytest.mark.parametrize("letterhead,municipality", [
    ("a PR  ALINGSÅS  17)  KOMMUN  Datum:  2026-05-21  Handläggare:  Linda Berg", "Alingsås"),  # OCR of a logo
    ("ALINGSÅS  SAMHÄLLSBYGGNAD", "Alingsås"),  # the name in capitals, a department beside it
    ("PI o\n3 ALINGSAS\n\nAnmälan av beslut", "Alingsås"),  # OCR lost the ring
    ("Protokoll\nKungsbacka kommun\nNämnden för Service", "Kungsbacka"),
    ("Strategiska vägval  GÖTEBORGS  &  REGIONEN  GR:s diarienummer", None),  # an association, a genitive
    ("Datum 2026-05-04  Handläggare: Anna Berg  Socialnämnden", None),  # Berg is a surname here
])
def test_municipality_in_an_ocr_read_letterhead(letterhead: str, municipality: str | None) -> None:
    from protosearch.tag.metadata import municipality_in_letterhead

    assert municipality_in_letterhead(letterhead) == municipality


@pytest.mark.parametrize("sentence,referenced", [
    ("Kommunstyrelsen i Alingsås har den 22 september 2025, § 169 beslutat om tillämpningsanvisningar.", True),
    ("Nuvarande renhållningstaxa beslutades av kommunfullmäktige 5 november 2025, § 218.", True),
    ("Den 12 december 2017 fattade socialnämnden beslut om tillsyn av e-cigaretter.", True),
    ("I syfte att förtydliga skillnaden har kommunledningskontoret beslutat om en skrivelse om verkställighet.", True),
    ("Analysen visar hur nämnden bidrar till målet om att bli Sveriges mest effektiva kommun samt en "
     "uppföljning av tidigare års beslutade förflyttningar.", False),
    ("Avgifterna följer Transportstyrelsens föreskrifter om parkeringsanmärkningar och felparkeringsavgift "
     "(TSFS 2024:57) som beslutades den 28 augusti 2024.", False),
    ("Riktlinjerna som är beslutade av nämnden gäller tills vidare.", False),
])
def test_a_referenced_decision_names_the_body_that_decided(sentence: str, referenced: bool) -> None:
    from protosearch.tag.decisions import find_decisions

    found = find_decisions(f"Ärendebeskrivning\n{sentence}\n", "§ 4", is_protocol=True)
    assert [(d.kind, d.text) for d in found] == ([("beslut (referenced)", sentence)] if referenced else [])


def _officials_of(text: str) -> list[tuple[str, str | None]]:
    return [(p["name"], p["role"]) for p in _tag_text(text)["persons"]]


def test_two_officials_signing_side_by_side() -> None:
    titled = ("Tjänsteskrivelse\nBeslutet ska skickas till\nKommunfullmäktige\n"
              "Nicklas Kosterlind Faritzson Sofie Mattsson\nFörvaltningschef, tillika skolchef Administrativ chef\n")
    assert _officials_of(titled) == [("Nicklas Kosterlind Faritzson", "förvaltningschef, tillika skolchef"),
                                     ("Sofie Mattsson", "administrativ chef")]
    # the titles do not part, but the second name is the memo's handläggare
    known = ("Tjänsteskrivelse\nHandläggare: Jonas Ryberg\nText om ärendet.\n"
             "Ulrika Samuelsson Jonas Ryberg\nAvd. Chef Verksamhetsstöd Administratör\n")
    assert _officials_of(known) == [("Jonas Ryberg", "handläggare"), ("Ulrika Samuelsson", None)]


def test_signature_stamp_and_a_long_title_in_parentheses() -> None:
    text = ("Tjänsteskrivelse\nText.\nJonas Sjölin, Godkännare tjänsteskrivelse, 2026-05-29\n"
            "Närvarande: Shanika Karlsson (avdelningschef LSS personlig assistans och stöd, punkt A-E) §34\n")
    assert _officials_of(text) == [("Jonas Sjölin", "godkännare tjänsteskrivelse"),
                                   ("Shanika Karlsson", "avdelningschef lss personlig assistans och stöd")]


def test_date_of_the_meeting_an_initiative_is_for() -> None:
    text = ("Nämndinitiativ om att utreda en årlig\nyrkesmässa i Alingsås\nKultur- och utbildningsnämnden 2026-06-17\n"
            "Alingsås står inför stora utmaningar.\nMot bakgrund av detta föreslår Vänsterpartiet att frågan utreds.")
    assert _tag_text(text)["date"] == "2026-06-17"
    assert _tag_text(text.replace("Kultur- och utbildningsnämnden ", "Enligt planen "))["date"] is None


def test_a_motion_belongs_to_the_body_it_proposes_to() -> None:
    text = ("Utred och stärk insatserna inom det kommunala aktivitetsansvaret\n"
            + "Ungdomar behöver stöd för att gå vidare till studier eller arbete.\n" * 12  # past the header lines
            + "Förslag till beslut\nMot bakgrund av ovanstående föreslår vi att kommunfullmäktige beslutar:\n"
            "1. Att ge kommunstyrelsen i uppdrag att utreda hur insatserna kan utvecklas.\n"
            "Camilla Stensson (S), Anton César (S)")
    assert _tag_text(text)["committee"] == "Kommunfullmäktige"
