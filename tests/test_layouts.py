"""Layouts of other municipalities and meeting systems, as rules of the genre: each test writes a
small document in a layout the development set showed (Jönköping, Kungsbacka, Nykarleby,
a party's motion) and checks exact tags. Written from the genre, not copied from the files."""

from __future__ import annotations

from typing import Any

from protosearch.extract.document import extract_bytes
from protosearch.extract.textclean import strip_markdown
from protosearch.records import ExtractedText, Page
from protosearch.tag.casenumbers import find_case_numbers, normalize_case_number
from protosearch.tag.tagger import tag


def tagged_text(text: str, name: str = "doc.txt") -> dict[str, Any]:
    return tag(extract_bytes(text.encode("utf-8"), name)).to_dict()


def tagged_pages(pages: list[tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
    extracted = ExtractedText("doc.pdf", "0" * 64, "pdf",
                              tuple(Page(n, text, furniture) for n, (text, furniture) in enumerate(pages, start=1)))
    return tag(extracted).to_dict()


TOC_PROTOCOL = """KUNGSBACKA KOMMUN                  SAMMANTRÄDESPROTOKOLL
Nämnden för Service
Datum
2025-06-18

Innehåll

§ 51 Dnr SE-2025-00245
Information om säkerhetsarbetet ........................................ 4

§ 52 Dnr SE-2025-00250
Taxa för lokaluthyrning 2026 ........................................... 5

§ 51                      Dnr SE-2025-00245
Information om säkerhetsarbetet

Beslut

Nämnden för Service noterar informationen till protokollet.

Sammanfattning av ärendet
Enheten har i uppdrag att:

-  samordna larm och lås.
-  utbilda personalen i brandskydd.

§ 52                      Dnr SE-2025-00250
Taxa för lokaluthyrning 2026

Beslut

Nämnden för Service antar taxan för lokaluthyrning 2026.

Protokollsanteckning
Anna Berg (L) stödjer Per Holms (L) yrkande.

Erik Lind (C) stödjer Karin Sjös (C) yrkande.
"""


def test_a_table_of_contents_does_not_take_the_sections_and_their_decisions() -> None:
    d = tagged_text(TOC_PROTOCOL)
    assert [s["number"] for s in d["sections"]] == ["§ 51", "§ 52"]
    assert [s["title"] for s in d["sections"]] == ["Information om säkerhetsarbetet", "Taxa för lokaluthyrning 2026"]
    assert [(x["section"], x["kind"], x["text"]) for x in d["decisions"]] == [
        ("§ 51", "beslut", "Nämnden för Service noterar informationen till protokollet."),
        ("§ 52", "beslut", "Nämnden för Service antar taxan för lokaluthyrning 2026.")]
    assert (d["doc_type"], d["committee"], d["date"]) == ("protokoll", "Nämnden för Service", "2025-06-18")


def test_one_heading_with_two_authors_notes_is_two_statements() -> None:
    d = tagged_text(TOC_PROTOCOL)
    assert [(s["type"], s["by"], s["parties"], s["section"]) for s in d["statements"] if s["type"] != "yrkande"] == [
        ("protokollsanteckning", ["Anna Berg"], ["L"], "§ 52"),
        ("protokollsanteckning", ["Erik Lind"], ["C"], "§ 52")]


def test_a_body_noting_information_is_no_statement() -> None:
    d = tagged_text("§ 5\nInformation\n\nNämnden antecknar informationen till protokollet.\n\n"
                    "§ 6\nÖvrigt\n\nEva Ek (V) låter anteckna till protokollet att hon vill ha en rapport.\n")
    assert [(s["type"], s["by"], s["parties"], s["section"]) for s in d["statements"]] == [
        ("protokollsanteckning", ["Eva Ek"], ["V"], "§ 6")]


def test_body_prefixed_and_finnish_headings() -> None:
    kf = tagged_text("KF § 17   KS 2021/45\nMotion om cykelvägar\n\nBeslut\nMotionen avslås.\n\n"
                     "KF § 18   KS 2021/46\nVal av revisor\n\nBeslut\nAnna Ek väljs till revisor.\n")
    assert [(s["number"], s["case_numbers"]) for s in kf["sections"]] == [("§ 17", ["KS 2021-45"]), ("§ 18", ["KS 2021-46"])]
    fi = tagged_text("39 § Sammanträdets laglighet\nNämndens beslut:\nNämnden konstaterades vara beslutför.\n\n"
                     "40 § Val av protokolljusterare\nNämndens beslut:\nTill justerare utsågs Eva Ek.\n")
    assert [(x["section"], x["text"]) for x in fi["decisions"]] == [
        ("§ 39", "Nämnden konstaterades vara beslutför."), ("§ 40", "Till justerare utsågs Eva Ek.")]


def test_a_section_named_only_in_the_running_header() -> None:
    d = tagged_pages([
        ("Sammanträdets laglighet\nVälfärdsnämndens beslut:\nNämnden konstaterades vara beslutför.",
         ("39 §", "Protokoll 15.09.2022 Sida", "Välfärdsnämnden", "1")),
        ("Godkännande av föredragningslistan\nVälfärdsnämndens beslut:\nFöredragningslistan godkändes.",
         ("40 §", "Protokoll 15.09.2022 Sida", "Välfärdsnämnden", "2")),
    ])
    assert [(s["number"], s["title"], s["page"]) for s in d["sections"]] == [
        ("§ 39", "Sammanträdets laglighet", 1), ("§ 40", "Godkännande av föredragningslistan", 2)]
    assert [(x["section"], x["text"]) for x in d["decisions"]] == [
        ("§ 39", "Nämnden konstaterades vara beslutför."), ("§ 40", "Föredragningslistan godkändes.")]
    assert d["date"] == "2022-09-15"


def test_a_text_file_breaks_pages_at_form_feeds_and_drops_their_running_header() -> None:
    # pdftotext writes a form feed after each page; the running header repeats on each
    pages = [
        "Sammanträdets laglighet\nVälfärdsnämndens beslut:\nNämnden konstaterades vara beslutför.\n"
        "Protokoll 15.09.2022 Sida\nVälfärdsnämnden\n39 §\n",
        "Godkännande av föredragningslistan\nVälfärdsnämndens beslut:\nFöredragningslistan godkändes.\n"
        "Protokoll 15.09.2022 Sida\nVälfärdsnämnden\n40 §\n",
        "Val av protokolljusterare\nVälfärdsnämndens beslut:\nTill justerare utsågs Eva Ek.\n"
        "Protokoll 15.09.2022 Sida\nVälfärdsnämnden\n41 §\n",
    ]
    extracted = extract_bytes("\f".join(pages).encode("utf-8") + b"\f", "protokoll.txt")
    assert [p.number for p in extracted.pages] == [1, 2, 3]
    assert extracted.pages[1].furniture == ("Protokoll 15.09.2022 Sida", "Välfärdsnämnden", "40 §")
    assert "Sida" not in extracted.text
    d = tag(extracted).to_dict()
    assert [(s["number"], s["page"]) for s in d["sections"]] == [("§ 39", 1), ("§ 40", 2), ("§ 41", 3)]
    assert [(x["section"], x["text"]) for x in d["decisions"]] == [
        ("§ 39", "Nämnden konstaterades vara beslutför."), ("§ 40", "Föredragningslistan godkändes."),
        ("§ 41", "Till justerare utsågs Eva Ek.")]


def test_a_foredragningslista_is_an_agenda() -> None:
    d = tagged_text("Föredragningslista 16/2022\nOrgan Stadsstyrelsen\nSammanträdestid 26.09.2022 kl. 16:30\n\n"
                    "Sammanträdets laglighet och beslutförhet\nFörslag:\nOrdförande konstaterar att "
                    "stadsstyrelsen är beslutför.\nStadsstyrelsens beslut:\n\n")
    assert d["doc_type"] == "kallelse"


def test_a_labelled_body_is_the_committee_whatever_its_kind() -> None:
    d = tagged_text("Protokoll 3/2023\nOrgan Personalsektionen\nSammanträdestid 29.5.2023 kl. 15.03-16.26\n"
                    "Ärenden §§ 25-26\n\n25 § Val av protokolljusterare\nPersonalsektionens beslut:\n"
                    "Till protokolljusterare valdes Tobias Wik.\nStadsstyrelsen informeras.\n")
    assert (d["committee"], d["date"]) == ("Personalsektionen", "2023-05-29")


def test_a_decision_heading_in_a_bodys_genitive_of_several_words() -> None:
    d = tagged_text("§ 44\nMånadsrapport\nBun/2018:287   041\n\nUtbildningsförvaltningens förslag\n"
                    "- Nämnden godkänner månadsrapporten.\n\nBarn- och utbildningsnämndens beslut\n"
                    "- Barn- och utbildningsnämnden godkänner månadsrapporten.\n\n_Beslutet expedieras till:_\n"
                    "Stadskontoret\n")
    assert [(x["section"], x["kind"], x["text"]) for x in d["decisions"]] == [
        ("§ 44", "beslut", "Barn- och utbildningsnämnden godkänner månadsrapporten.")]
    assert d["sections"][0]["case_numbers"] == ["BUN 2018-287"]


def test_case_numbers_of_other_systems() -> None:
    def keys(text: str) -> list[str]:
        return [c.normalized for _, _, c in find_case_numbers(text)]

    assert keys("Bun/2016:136   041") == ["BUN 2016-136"]
    assert keys("Dnr NKBY/497/12.03.01/2022") == ["NKBY 2022-497"]
    assert keys("Dnr KS-2026-00014 och BN-2023-001564") == ["KS 2026-14", "BN 2023-1564"]
    assert keys("Mars/2020-12, SOU 2021:6 och AFS 2001:1") == []
    assert normalize_case_number("bun/2016:136") == "BUN 2016-136"


def test_markdown_reads_as_its_pdf() -> None:
    text = ("---\nkommun: x\ntyp: protokoll\n---\n\n> Plats och tid: Stadshuset\n|§ 44|Månadsrapport||9|\n"
            "|---|---|---|---|\n|a<br>b|c|\n## **Beslut**\n_Beslutet expedieras till:_ KS\n")
    assert strip_markdown(text) == ("\nPlats och tid: Stadshuset\n§ 44  Månadsrapport  9\na b  c\nBeslut\n"
                                    "Beslutet expedieras till: KS\n")


def test_officials_listed_after_a_label() -> None:
    d = tagged_text("Beslutande: Anna Ek, (M) Per Ek (S)\nÖvriga närvarande: Göran Lund, utbildningsdirektör "
                    "Pia Holm, ekonomichef Ola Berg, lärare\n\n§ 1\nUpprop\n\nBeslut\nUpprop förrättades.\n")
    assert [(p["name"], p["party"], p["role"]) for p in d["persons"]] == [
        ("Anna Ek", "M", "ledamot"), ("Per Ek", "S", "ledamot"), ("Göran Lund", None, "utbildningsdirektör"),
        ("Pia Holm", None, "ekonomichef"), ("Ola Berg", None, "lärare")]


def test_a_motion_without_a_proposal_heading() -> None:
    d = tagged_text("Motion: Vegetabilisk kost i skolan\nTill: Regionfullmäktige\n\nMaten är viktig för eleverna.\n"
                    "Jag yrkar därför på\n- Att skolan ska servera vegetabilisk kost som grund\n"
                    "- Att eleverna ska vara med i arbetet.\nElin Berg, Feministiskt initiativ\nDatum 2017-01-30\n")
    assert (d["doc_type"], d["committee"], d["date"]) == ("motion", "Regionfullmäktige", "2017-01-30")
    assert [(x["kind"], x["text"]) for x in d["decisions"]] == [
        ("förslag till beslut", "Att skolan ska servera vegetabilisk kost som grund"),
        ("förslag till beslut", "Att eleverna ska vara med i arbetet.")]
    assert [(p["name"], p["party"]) for p in d["persons"]] == [("Elin Berg", "Fi")]


def test_an_agendas_proposals_in_table_rows() -> None:
    d = tagged_text("KALLELSE\nKommunstyrelsen\n\nÄrende  Beteckning  Förslag\n"
                    "7.  Begäran om medel  2023-00836  Förslag till beslut i kommunstyrelsen Kommunstyrelsen "
                    "bifaller begäran.\n"
                    "8.  Delegeringsordning  2023-00461  Förslag till beslut i kommunfullmäktige Kommunfullmäktige "
                    "antar delegeringsordningen.\n")
    assert d["doc_type"] == "kallelse"
    assert [(x["kind"], x["text"]) for x in d["decisions"]] == [
        ("förslag till beslut", "Kommunstyrelsen bifaller begäran."),
        ("förslag till beslut", "Kommunfullmäktige antar delegeringsordningen.")]


def test_parties_named_by_their_members() -> None:
    d = tagged_text("§ 77\nBudget\n\nBeslut\nBudgeten antas.\n\nProtokollsanteckning\n"
                    "Vi kristdemokrater och moderater välkomnar budgeten.\n")
    assert [(s["type"], sorted(s["parties"])) for s in d["statements"]] == [("protokollsanteckning", ["KD", "M"])]


def test_a_voting_list_printed_as_a_table_gives_each_members_vote() -> None:
    from pathlib import Path

    from protosearch.extract.document import extract_file

    d = tag(extract_file(Path(__file__).parent / "fixtures" / "voteringslista.pdf")).to_dict()
    assert d["votes"] == [{"section": "§ 12", "ja": 2, "nej": 2, "avstår": 1, "members": [
        {"name": "Anna Ekström", "vote": "ja"}, {"name": "Per Holmgren", "vote": "nej"},
        {"name": "Karin Sjöberg", "vote": "nej"}, {"name": "Lars Åberg", "vote": "ja"},
        {"name": "Eva Lind", "vote": "avstår"}]}]


def test_a_one_word_body_in_the_header_is_named_in_the_definite_form() -> None:
    assert tagged_text("KUNGSBACKA KOMMUN   SAMMANTRÄDESPROTOKOLL\nValnämnd\nDatum\n2025-09-15\n\n"
                       "§ 5\nDelårsrapport\n\nBeslut\nValnämnden godkänner delårsrapporten.\n")["committee"] == "Valnämnden"
    assert tagged_text("SAMMANTRÄDESPROTOKOLL\nKommunrevisionen\nDatum\n2025-03-24\n\n§ 8\nGranskning\n\n"
                       "Beslut\nKommunrevisionen beslutar att godkänna granskningen.\n")["committee"] == "Kommunrevisionen"


def test_a_later_paragraph_in_which_the_body_acts_again_is_part_of_the_decision() -> None:
    d = tagged_text("§ 185   Dnr KS-2025-00320\nÖverklagad detaljplan\n\nBeslut\n"
                    "Kommunstyrelsen godkänner yttrandet till mark- och miljödomstolen.\n\n"
                    "Kommunstyrelsen lämnar rättegångsfullmakt till kommunjurist Anna Rehn.\n\n"
                    "Detaljplanen har tidigare antagits och överklagats av grannar.\n\nSammanfattning av ärendet\n"
                    "Planen överklagades.\n")
    assert [x["text"] for x in d["decisions"]] == [
        "Kommunstyrelsen godkänner yttrandet till mark- och miljödomstolen.",
        "Kommunstyrelsen lämnar rättegångsfullmakt till kommunjurist Anna Rehn."]


def test_a_coordinated_body_with_an_ampersand_is_the_body_with_och() -> None:
    d = tagged_text("Hyresavtal\n\nHyresvärdens namn\nKultur- & utbildningsnämnden\nAnne Gustafsson\n")
    assert d["committee"] == "Kultur- och utbildningsnämnden"


def test_a_flattened_two_column_header_gives_its_date() -> None:
    d = tagged_text("SAMMANTRÄDESPROTOKOLL  Sammanträdesdatum  Sida\nKommunstyrelsen  2023-05-15  1(24)\n\n"
                    "§ 45  Dnr KS 2023/123\nBudget 2024\n\nKommunstyrelsens beslut\nBudgeten antas.\n\n"
                    "§ 46  Dnr KS 2023/130\nTaxa\n\nBeslut\nTaxan antas.\n")
    assert (d["doc_type"], d["committee"], d["date"]) == ("protokoll", "Kommunstyrelsen", "2023-05-15")


def test_members_without_party_and_a_substitute_for_someone() -> None:
    old = tagged_text("PROTOKOLL\nMiljönämnden\n2003-05-15\n\nNärvarande ledamöter\nAnna Ek, ordförande\n"
                      "Per Holm, vice ordförande\nKarin Sjö\n\nSekreterare  Maria Ström\n\n§ 1\nBudget\n\nBeslut\n"
                      "Budgeten antas.\n")
    assert sorted((p["name"], p["party"], p["role"]) for p in old["persons"]) == [
        ("Anna Ek", None, "ordförande"), ("Karin Sjö", None, "ledamot"), ("Maria Ström", None, "sekreterare"),
        ("Per Holm", None, "vice ordförande")]
    new = tagged_text("PROTOKOLL\nKultur- och fritidsnämnden\n2023-05-15\n\nBeslutande ledamöter\nAnna Ek (S), ordförande\n"
                      "\nTjänstgörande ersättare\nLars Berg (S) för Eva Lind (S)\n\n§ 1\nBudget\n\nBeslut\nBudgeten antas.\n")
    assert [(p["name"], p["role"]) for p in new["persons"]] == [
        ("Anna Ek", "ordförande"), ("Lars Berg", "tjänstgörande ersättare"), ("Eva Lind", "ledamot")]


def test_officials_whose_title_wraps_to_the_next_line() -> None:
    d = tagged_text("Beslutande  Anna Ek (S), ordförande\n\nTjänstepersoner\nKarolina Berg,\nutvecklingsledare § 52\n"
                    "Christian Carl,\nenhetschef Rekrytering § 52\nMaja Fred, utvecklare § 52\n\n§ 52\nRapport\n\n"
                    "Beslut\nRapporten noteras.\n")
    assert [(p["name"], p["role"]) for p in d["persons"] if p["party"] is None] == [
        ("Karolina Berg", "utvecklingsledare"), ("Christian Carl", "enhetschef Rekrytering"), ("Maja Fred", "utvecklare")]


def test_a_written_statement_cites_its_own_page_and_its_announcement_is_not_a_second_one() -> None:
    d = tagged_pages([
        ("§ 44 Kompetensförsörjningsplan\n\nBeslut\nPlanen antas.\n\nReservation\nThomas Thim (M) och Karin Jonsson (L) "
         "lämnar följande skriftliga reservation:", ()),
        ("Vi moderater och liberaler reserverar oss mot beslutet, som Centerpartiets yrkande ledde till.", ()),
    ])
    assert [(s["type"], s["by"], s["parties"], s["section"], s["page"]) for s in d["statements"]] == [
        ("reservation", ["Thomas Thim", "Karin Jonsson"], ["M", "L"], "§ 44", 2)]


def test_an_announced_reservation_and_its_annex_are_one_statement() -> None:
    d = tagged_text("§ 12\nBudget\n\nBeslut\nBudgeten antas.\n\nReservation\nAnna Ek (M) och Per Holm (L) reserverar "
                    "sig skriftligt, se bilaga.\n\nReservation\nVi moderater och liberaler anser att budgeten "
                    "borde ha prioriterat skolan.\n")
    assert [(s["type"], s["by"], s["parties"], s["text"][:20]) for s in d["statements"]] == [
        ("reservation", ["Anna Ek", "Per Holm"], ["M", "L"], "Vi moderater och lib")]


def test_the_chairs_proposition_overturned_by_a_vote_is_not_the_decision() -> None:
    d = tagged_text("§ 92\nSvar på motion\n\nBeslut\nMotionen anses besvarad.\n\nBeslutsgång\n"
                    "Ordföranden ställer förslagen mot varandra och finner att kommunfullmäktige beslutar att "
                    "bifalla motionen.\n\nVotering begärs. Med 20 ja-röster och 26 nej-röster finner ordföranden att "
                    "kommunfullmäktige beslutar att motionen ska anses besvarad.\n")
    assert [(x["kind"], x["text"]) for x in d["decisions"]] == [("beslut", "Motionen anses besvarad.")]
    assert [(v["ja"], v["nej"]) for v in d["votes"]] == [(20, 26)]


def test_a_substituted_members_name_wrapped_over_two_lines_is_whole() -> None:
    d = tagged_text("Beslutande Fredrik Lind (C), ordförande\nOscar Lundqvist (M), tjänstgörande ersättare för Lena\n"
                    "Sandström (M)\nPer Ohlsson (KD)\n\n§ 5\nBudget\n\nBeslut\nBudgeten antas.\n")
    assert [(p["name"], p["party"], p["role"]) for p in d["persons"]] == [
        ("Fredrik Lind", "C", "ordförande"), ("Oscar Lundqvist", "M", "tjänstgörande ersättare"),
        ("Lena Sandström", "M", "ledamot"), ("Per Ohlsson", "KD", "ledamot")]


def test_a_decision_that_runs_over_a_page_break_is_whole() -> None:
    d = tagged_pages([
        ("§ 58 Samverkansavtal\n\nBeslut\nNämnden godkänner avtalet med följande tillägg: sammansättningen ska "
         "beslutas av regionfullmäktige och", ()),
        ("kommunfullmäktige gemensamt.\n\nSammanfattning av ärendet\nAvtalet saknar struktur.\n\n"
         "Beslutet expedieras till\nRegionen", ()),
    ])
    assert [x["text"] for x in d["decisions"]] == [
        "Nämnden godkänner avtalet med följande tillägg: sammansättningen ska beslutas av regionfullmäktige och "
        "kommunfullmäktige gemensamt."]


def test_a_heading_behind_a_margin_label_in_capitals() -> None:
    d = tagged_text("§ 3\nVal av ersättare\n\nOrdförande Anna Ek (S) föreslår att Per Holm (M) utses till ersättare.\n\n"
                    "BARN- OCH UTBILDNINGSNÄMNDENS BEHANDLING 2023-01-02 Barn- och utbildningsnämndens beslut\n\n"
                    "- Per Holm (M) utses till ersättare i arbetsutskottet.\n")
    assert [(x["section"], x["kind"], x["text"]) for x in d["decisions"]] == [
        ("§ 3", "beslut", "Per Holm (M) utses till ersättare i arbetsutskottet.")]


def test_sections_published_together_are_not_a_list_but_a_list_of_other_bodies_sections_is() -> None:
    body = "\n".join(["Ärendet gäller ett bygglov som prövas av nämnden enligt plan- och bygglagen."] * 6)
    together = tagged_text(f"§ 137  Dnr BN-2023-00211\nBygglov\n\n{body}\n\nBeslut\nBygglov beviljas.\n\n"
                           f"§ 163  Dnr BN-2023-01564\nRivningslov\n\n{body}\n\nBeslut\nRivningslov beviljas.\n")
    assert [s["number"] for s in together["sections"]] == ["§ 137", "§ 163"]
    messages = tagged_text(f"§ 30  TEN 2026.001\nBudget\n\n{body}\n\nBeslut\nBudgeten antas.\n\n"
                           "§ 31  TEN 2026.002\nMeddelanden\n\n"
                           "§ 67 2026.142 KS Revidering av riktlinjer\n§ 63 2025.354 KS Rutin för arbetsmiljö\n")
    assert [s["number"] for s in messages["sections"]] == ["§ 30", "§ 31"]


TICK_BOX_ROSTER = """Organ Tekniska nämnden
Sammanträdestid 12.4.2024 kl. 18.00-19.30
Ärenden 10-14 §
Beslutande
ordinarie ersättare
[X] Berglund Åsa, ordförande [ ] Nyqvist Rolf
[ ] Storbacka Jonas, viceordförande (distans) [X] Kullström-Vik Pia
[X] Dahl Erik Johan [ ] Fors Mona
Övriga närvarande
Sundqvist Helena, teknisk direktör, protokollförare
Elektroniska underskrifter
Åsa Berglund Helena Sundqvist
ordförande protokollförare
Elektronisk protokolljustering
Erik Johan Dahl Pia Kullström-Vik
"""


def test_a_tick_box_roster_written_surname_first_gives_each_member_given_name_first() -> None:
    persons = {p["name"]: p["role"] for p in tagged_text(TICK_BOX_ROSTER)["persons"]}
    assert persons == {
        "Åsa Berglund": "ordförande", "Rolf Nyqvist": "ersättare",
        "Jonas Storbacka": "vice ordförande", "Pia Kullström-Vik": "tjänstgörande ersättare",
        "Erik Johan Dahl": "ledamot", "Mona Fors": "ersättare",
        "Helena Sundqvist": "protokollförare",  # her signature's role; the roster calls her teknisk direktör
    }


def test_a_roster_is_read_surname_first_only_where_the_document_writes_its_names_the_other_way() -> None:
    given_first = TICK_BOX_ROSTER.split("Elektroniska")[0]  # no signature turns a name round
    names = {p["name"] for p in tagged_text(given_first)["persons"]}
    assert {"Berglund Åsa", "Kullström-Vik Pia", "Sundqvist Helena"} <= names


def test_finnish_parties_in_words_and_a_bare_capital_abbreviation() -> None:
    text = ("Motion, Kolonilotter; Sannfinländarna\nMotion, Klädbidrag; SDP förstärkt med KD\n"
            "Undantag från Vexala strandplan (SDp nr 30)\n")
    assert tagged_text(text)["parties"] == ["PS", "SDP"]


TWO_COLUMN_ROSTER = """Beslutande    Ledamöter                     Tjänstgörande ersättare
Anna Hedlund (C), Ordförande Bo Berntsson (M) för Charlotte
Maria Gerhardsson (M), 1:e vice ordförande Wallin (M)
Ulrika Jönsson (M) Bengt Adler (M) ersätter Karin
Helena Nyström (KD) Green (C) §§ 107-108
"""


def test_a_replaced_members_name_cut_by_the_next_column_is_joined_with_its_lone_surname() -> None:
    persons = {p["name"]: p["party"] for p in tagged_text(TWO_COLUMN_ROSTER)["persons"]}
    assert persons == {
        "Anna Hedlund": "C", "Bo Berntsson": "M", "Charlotte Wallin": "M", "Maria Gerhardsson": "M",
        "Ulrika Jönsson": "M", "Bengt Adler": "M", "Karin Green": "C", "Helena Nyström": "KD",
    }


def test_officials_flattened_into_one_line_with_acronym_and_capitalised_titles() -> None:
    text = ("Övriga deltagare: Anna Hackberg, lokalplanerare Marie Söderberg, HR-chef Claes Axelsson, "
            "IT-strateg Patrik Svanängen, verksamhetschef Kulturskolan/Upptech Madelene Nelson, Kulturskolechef\n")
    persons = {p["name"]: p["role"] for p in tagged_text(text)["persons"]}
    assert persons == {
        "Anna Hackberg": "lokalplanerare", "Marie Söderberg": "HR-chef", "Claes Axelsson": "IT-strateg",
        "Patrik Svanängen": "verksamhetschef Kulturskolan/Upptech", "Madelene Nelson": "Kulturskolechef",
    }


FINNISH_CASE_HISTORY = """Organ Personalsektionen
Sammanträdestid 28.3.2023 kl. 15.00-16.55
Ärenden 16-17 §

16 §
Personalenkät 2022
Samarbetsgruppen 12.1.2023, 7 §
Personalchefens förslag:
Samarbetsgruppen antecknar enkäten för kännedom.
Samarbetsgruppens beslut:
Ärendet antecknades för kännedom.
_____
Personalsektionen 28.3.2023, 11 §
Stadsdirektörens förslag:
Personalsektionen antecknar ärendet för kännedom.
Personalsektionens beslut:
Personalsektionen godkände förslaget.
_____
Beredning: personalchef Kristina Wikblad
Bilaga: Enkätens resultat

17 §
Uppvaktningar och gåvor
Personalsektionens beslut:
Förslaget godkändes.
_____
"""


def test_a_case_handled_at_earlier_meetings_keeps_their_decisions_apart_and_a_rule_ends_each() -> None:
    d = tagged_text(FINNISH_CASE_HISTORY)
    assert [(x["section"], x["kind"], x["text"]) for x in d["decisions"]] == [
        ("§ 16", "beslut (referenced)", "Ärendet antecknades för kännedom."),
        ("§ 16", "beslut", "Personalsektionen godkände förslaget."),
        ("§ 17", "beslut", "Förslaget godkändes."),
    ]


AGENDA_AFTER_ITS_CONTENTS = """Mötesuppgifter ........................................................ 1
188 § Sammanträdets laglighet och beslutförhet ........................ 2
189 § Val av protokolljusterare ....................................... 3
190 § Godkännande av föredragningslistan .............................. 4
191 § Anmälningsärenden ............................................... 5
- Bil. Skrivelse till stadsstyrelsen .................................... 7
192 § Verkställighet av stadsfullmäktiges beslut ....................... 9
193 § Presentation av trafikleders konditionsinventering ............... 11
194 § Revidering av detaljplan för industriområdet ..................... 34
195 § Ansökan om undantag från strandplan .............................. 36
196 § Upptagande av långfristiga lån ................................... 41
197 § Val av medlemmar och ersättare ................................... 43
198 § Ändring av befattningsbenämning .................................. 45
Sida
Stadsstyrelsen
Föredragningslista
Organ
Sammanträdestid
Sammanträdesplats
26.09.2022 kl. 16:30
Stadshuset
"""


def test_an_agenda_that_opens_with_its_contents_is_typed_and_dated_from_the_block_below() -> None:
    d = tagged_text(AGENDA_AFTER_ITS_CONTENTS)
    assert (d["doc_type"], d["date"]) == ("kallelse", "2022-09-26")


def test_officials_named_after_their_title_in_running_text() -> None:
    text = ("§ 40\nInformationsärenden\nProjektledare Linda Lundblad informerar om arbetet med nyanlända.\n"
            "IT-projektledare Emilott Lantz informerar om lärplattformen.\n\n§ 41\nLån\n"
            "Beredning: förvaltningschef Anna Käcko-Englund\nStadsdirektör Mats Brandts förslag:\nLånet tas upp.\n")
    persons = {p["name"]: p["role"] for p in tagged_text(text)["persons"]}
    assert persons == {"Linda Lundblad": "projektledare", "Emilott Lantz": "it-projektledare",
                       "Anna Käcko-Englund": "förvaltningschef", "Mats Brandt": "stadsdirektör"}


def test_a_name_after_a_label_keeps_its_order_in_a_document_whose_rosters_put_the_surname_first() -> None:
    text = TICK_BOX_ROSTER + "Intygar: Camilla Högdahl-Pasanen, kanslist\n"
    names = {p["name"] for p in tagged_text(text)["persons"]}
    assert "Camilla Högdahl-Pasanen" in names and "Åsa Berglund" in names


def test_two_signatures_side_by_side_over_their_roles() -> None:
    text = "Avtal\nNykarleby den 15.5.2023\nMartin Norrgård Esa Högnäsbacka\nordförande sekreterare\n"
    persons = {p["name"]: p["role"] for p in tagged_text(text)["persons"]}
    assert persons == {"Martin Norrgård": "ordförande", "Esa Högnäsbacka": "sekreterare"}


DECISION_BROKEN_BY_BLANK_LINES = """§ 86                       Dnr TE-2025-00171
Vatten & Avloppstaxa 2026

Beslut

Nämnden för Teknik antar VA-taxa 2026 med följande tilläggsyrkanden:

\\-  Uppräkningen sker enligt den simulerade balanseringen:
Investeringsnivå: 350 mnkr/år

Balansering av skulden: 10 år

Nämnden för Teknik återför 33 Mkr från investeringsfonden till resultatfonden.

Beslutsunderlag
Tjänsteskrivelse
"""


def test_a_decision_whose_list_a_converter_broke_with_blank_lines_runs_to_the_bodys_last_act() -> None:
    d = tagged_text(DECISION_BROKEN_BY_BLANK_LINES, "doc.md")
    assert [x["text"] for x in d["decisions"]] == [
        "Nämnden för Teknik antar VA-taxa 2026 med följande tilläggsyrkanden:",
        "Uppräkningen sker enligt den simulerade balanseringen: Investeringsnivå: 350 mnkr/år "
        "Balansering av skulden: 10 år Nämnden för Teknik återför 33 Mkr från investeringsfonden till resultatfonden.",
    ]


def test_those_who_join_a_yrkande_give_it_their_parties() -> None:
    text = ("§ 71\nSkolplan\n\nYrkanden\nOrdförande Anna Carlsson (S) yrkar, med instämmande av Stig-Arne Tengmer (L), "
            "bifall till förvaltningens förslag.\nCecilia Hjort Attefall (KD) yrkar för partigrupp M och KD bifall "
            "till förvaltningens förslag med ett tillägg.\n")
    assert [(s["type"], s["parties"], s["by"]) for s in tagged_text(text)["statements"]] == [
        ("yrkande", ["S", "L"], ["Anna Carlsson", "Stig-Arne Tengmer"]),
        ("yrkande", ["KD", "M"], ["Cecilia Hjort Attefall"]),
    ]


DECLARED_PARAGRAPHS = """KUNGSBACKA KOMMUN                  SAMMANTRÄDESPROTOKOLL
Byggnadsnämnden
Datum
2025-05-15

Tjänstepersoner
Katarina Öryd, förvaltningschef
§ 96
Joel Ledsgård, specialist
krisberedskap

Sekreterare   Sofie Axelsson                Paragrafer §§ 99, 101

§ 99                      Dnr BN-2025-000101
Uppföljning av delegationsbeslut

Beslut
Byggnadsnämnden godkänner uppföljningen.

§ 101                     Dnr BN-2025-000215
Yttrande över remiss

Beslut
Byggnadsnämnden antar yttrandet.

§ 102
Omedelbart justerad fråga

Beslut
Byggnadsnämnden förklarar paragrafen omedelbart justerad.
"""


def test_a_section_line_before_the_declared_paragraphs_is_no_item_but_a_later_heading_is() -> None:
    assert [s["number"] for s in tagged_text(DECLARED_PARAGRAPHS)["sections"]] == ["§ 99", "§ 101", "§ 102"]


def test_officials_listed_with_the_paragraphs_they_attended_between_them() -> None:
    text = ("Övriga närvarande Ersättare                 Tjänstepersoner\nKenth Åkerman (M)             "
            "Katarina Öryd, förvaltningschef\nChristina Nordberg, controller\n§§ 58-67\n"
            "Kasra Hassirian, förvaltningsjurist\n§§ 58-67\nGeorges Chayeb, tillståndshandläggare\n§ 61\n"
            "Helena Köhler, tillståndshandläggare\n§ 61\n\nSekreterare   Sofie Axelsson\n")
    names = {p["name"] for p in tagged_text(text)["persons"]}
    assert {"Katarina Öryd", "Christina Nordberg", "Kasra Hassirian", "Georges Chayeb", "Helena Köhler"} <= names


def test_an_official_whose_title_is_an_acronym_and_a_councillors_party_after_a_comma_is_no_title() -> None:
    text = "Tjänstepersoner\nUlrika Ström, MAR, § 58\nLotta Kjellner, MAS\nPer Ek, KD\n\nSekreterare Anna Berg\n"
    persons = {p["name"]: p["role"] for p in tagged_text(text)["persons"]}
    assert persons["Ulrika Ström"] == "MAR" and persons["Lotta Kjellner"] == "MAS" and persons.get("Per Ek") != "KD"


def test_propositions_told_under_the_beslut_heading_are_not_the_decision() -> None:
    text = ("§ 146\nRemiss om lokalförsörjning\n\nBeslut\nOrdföranden ställer härefter proposition om bifall respektive "
            "avslag på förvaltningens förslag och finner att nämnden beslutat bifalla förslaget.\n\n"
            "Barn- och utbildningsnämnden lämnar synpunkter på remissen enligt förvaltningens tjänsteskrivelse.\n\n"
            "§ 151\nMedborgarförslag om cykelbana\n\nBeslut\n− Medborgarförslaget avslås\n")
    assert [(x["section"], x["text"]) for x in tagged_text(text)["decisions"]] == [
        ("§ 146", "Barn- och utbildningsnämnden lämnar synpunkter på remissen enligt förvaltningens tjänsteskrivelse."),
        ("§ 151", "Medborgarförslaget avslås"),
    ]


def test_an_arbetsutskotts_extract_proposes_what_its_proposal_heading_says() -> None:
    text = ("Sammanträdesprotokoll\nBarn- och ungdomsnämndens arbetsutskott\n\n§ 23   2026.101 BUN\n"
            "Övergångsregler för skolskjuts\n\nBeslut\nArbetsutskottets förslag till beslut:\n"
            "Övergångsregler antas och gäller från läsåret 2027/2028.\n\nExpedieras till\nRektorer\n")
    assert [(x["section"], x["kind"], x["text"]) for x in tagged_text(text)["decisions"]] == [
        ("§ 23", "förslag till beslut", "Övergångsregler antas och gäller från läsåret 2027/2028."),
    ]


def test_a_proposal_heading_naming_a_hyphenated_body_is_a_heading() -> None:
    text = ("Tjänsteskrivelse\nHandläggare: Anna Berg\nDiarienummer: 2026.100 VON\n\n"
            "Förslag till beslut i vård- och omsorgsnämnden\nFöljande ledamöter knyts till avdelningarna.\n")
    assert [(x["kind"], x["text"]) for x in tagged_text(text)["decisions"]] == [
        ("förslag till beslut", "Följande ledamöter knyts till avdelningarna.")]


# A Markdown conversion that kept every page's footer and the next page's header but no page
# break: the footer ends a page, the header is furniture, and an item runs on across it.
NO_BREAKS = """SKOGSBY KOMMUN SAMMANTRÄDESPROTOKOLL 1 Socialnämnden 2021-06-15

Plats och tid Stadshuset, kl. 09:00-12:00

Beslutande Anna Berg (S), ordförande

Justerandes sign

Utdragsbestyrkande

SKOGSBY KOMMUN Socialnämnden

SAMMANTRÄDESPROTOKOLL 2021-06-15

2

## § 14 Dnr SN 2021/88

Riktlinjer för ekonomiskt bistånd

Socialnämndens beslut

- Riktlinjerna för ekonomiskt bistånd antas.

- Förvaltningen får i uppdrag att

Justerandes sign

Utdragsbestyrkande

SKOGSBY KOMMUN Socialnämnden

SAMMANTRÄDESPROTOKOLL 2021-06-15

3

## Forts § 14

- följa upp riktlinjerna under 2022.

Beslutet expedieras till: Förvaltningen

Justerandes sign

Utdragsbestyrkande
"""


def test_a_conversion_without_page_breaks_is_cut_at_its_footers() -> None:
    doc = extract_bytes(NO_BREAKS.encode("utf-8"), "protokoll.md")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[1].furniture == ("SKOGSBY KOMMUN Socialnämnden", "SAMMANTRÄDESPROTOKOLL 2021-06-15", "2",
                                      "Justerandes sign", "Utdragsbestyrkande")
    assert doc.pages[2].text == "- följa upp riktlinjerna under 2022.\n\nBeslutet expedieras till: Förvaltningen"
    d = tag(doc).to_dict()
    assert (d["date"], d["committee"], [s["number"] for s in d["sections"]]) == ("2021-06-15", "Socialnämnden", ["§ 14"])
    # the item runs on across the page, its footer and header left out (the converter's bullet
    # before its rest still cuts it in two)
    assert {x["section"] for x in d["decisions"]} == {"§ 14"}
    assert " ".join(x["text"] for x in d["decisions"]) == (
        "Riktlinjerna för ekonomiskt bistånd antas. Förvaltningen får i uppdrag att följa upp riktlinjerna under 2022.")


def test_one_footer_alone_does_not_cut_a_text() -> None:
    text = "Tjänsteskrivelse\nSocialnämnden\nFörslag till beslut\nNämnden antar riktlinjerna.\nJusterandes sign\n"
    assert len(extract_bytes(text.encode("utf-8"), "memo.md").pages) == 1


def test_a_taxas_own_clauses_are_part_of_its_decision() -> None:
    text = """§ 188 Dnr KS-2026-00123
Taxa för upplåtelse av allmän platsmark

Beslut – Förslag till kommunfullmäktige

Kommunfullmäktige antar taxa för upplåtelse av allmän platsmark, daterad 2026-03-02.

Taxan träder i kraft den 1 januari 2027.

Sammanfattning av ärendet
Allmän platsmark är mark som ägs av kommunen. Taxan ersätter tre äldre taxor.
"""
    d = tagged_text(text)
    assert [(x["kind"], x["text"]) for x in d["decisions"]] == [
        ("förslag till beslut", "Kommunfullmäktige antar taxa för upplåtelse av allmän platsmark, daterad 2026-03-02."),
        ("förslag till beslut", "Taxan träder i kraft den 1 januari 2027."),
    ]


def test_two_groups_that_let_the_protocol_note_are_two_statements() -> None:
    text = """§ 152 Bun/2017:310
Medborgarförslag om självförsvar

Protokollsanteckning :

Liberalerna låter till protokollet anteckna följande: ”Mycket görs, men mer måste göras.

Frågan bör finnas med i utvecklingsarbetet.”

Socialdemokraterna, Miljöpartiet och Vänsterpartiet låter till protokollet anteckna följande:

”Vi anser att förslaget är intressant men vill inte påbjuda att alla skolor gör likadant.”
"""
    d = tagged_text(text)
    assert [(s["type"], s["parties"], s["section"], s["text"][:18]) for s in d["statements"]] == [
        ("protokollsanteckning", ["L"], "§ 152", "”Mycket görs, men "),
        ("protokollsanteckning", ["S", "V", "MP"], "§ 152", "”Vi anser att förs"),
    ]


def test_a_nämnds_proposal_to_fullmäktige_is_a_proposal() -> None:
    text = """§ 40 Bun/2024:512
Översyn av feriepraktik

Barn- och utbildningsnämndens beslut

Barn- och utbildningsnämnden föreslår kommunfullmäktige besluta:

- Att insatsen sommarpraktik upphör.

- Att erbjuda feriepraktik till samtliga elever i årskurs nio.

Beslutet expedieras till: Kommunfullmäktige
"""
    d = tagged_text(text)
    assert {(x["section"], x["kind"]) for x in d["decisions"]} == {("§ 40", "förslag till beslut")}
    assert [x["text"] for x in d["decisions"]][-2:] == [
        "Att insatsen sommarpraktik upphör.", "Att erbjuda feriepraktik till samtliga elever i årskurs nio."]


def test_a_flattened_roster_of_councillors_beside_officials() -> None:
    text = """Protokoll
Nämnden för Kultur & Fritid
Ersättare Tjänstepersoner
Bo Barknertz (M) Karl Persson, förvaltningschef
Bengt Adolfsson (M) Erik Norinder, utvecklingsledare
Beslutande AnneMarie Grennhag (f.d. M), ordförande
Thomas Bäuml (M)
§ 1
Text.
"""
    persons = {(p["name"], p["party"], p["role"]) for p in tagged_text(text)["persons"]}
    assert persons == {
        ("Bo Barknertz", "M", "ersättare"), ("Karl Persson", None, "förvaltningschef"),
        ("Bengt Adolfsson", "M", "ersättare"), ("Erik Norinder", None, "utvecklingsledare"),
        ("AnneMarie Grennhag", None, "ordförande"), ("Thomas Bäuml", "M", "ledamot"),  # she left M
    }


def test_an_audit_firms_consultants_are_persons_without_party() -> None:
    text = """Protokoll
Kommunrevisionen
Beslutande Anna Berg (S), ordförande
Övriga närvarande Karin Knutsson (EY)
Fanny Nilsson (EY)
§ 8
Revisorerna godkänner granskningsplanen.
"""
    d = tagged_text(text)
    assert d["parties"] == ["S"]
    assert {(p["name"], p["party"]) for p in d["persons"]} == {
        ("Anna Berg", "S"), ("Karin Knutsson", None), ("Fanny Nilsson", None)}
