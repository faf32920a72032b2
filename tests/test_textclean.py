"""String-level cleaning: hyphenation, markdown residue, running headers and footers."""

from protosearch.extract.textclean import join_hyphenation, normalize, split_furniture, strip_markdown


def test_line_end_hyphen_is_joined() -> None:
    assert join_hyphenation("arbetsmarknads-\nförvaltningen") == "arbetsmarknadsförvaltningen"


def test_hyphen_of_coordinated_compound_is_kept() -> None:
    assert join_hyphenation("Vård-\noch omsorgsnämnden") == "Vård- och omsorgsnämnden"
    assert join_hyphenation("Bygg-\neller rivningslov") == "Bygg- eller rivningslov"


def test_abbreviation_compound_keeps_its_hyphen() -> None:
    assert join_hyphenation("ett nytt IT-\nstöd") == "ett nytt IT-stöd"


def test_pdfium_soft_hyphen_marker() -> None:
    # pypdfium2 writes a joined line-end hyphen as U+FFFE, with or without the line break
    assert join_hyphenation(normalize("arbets\ufffe\r\nmarknaden")) == "arbetsmarknaden"
    assert join_hyphenation(normalize("vård\ufffeoch omsorgsnämnden")) == "vård- och omsorgsnämnden"


def test_markdown_residue() -> None:
    text = "**§ 7****Rapport om samverkan**\n### **Beslutsgång**\n*\"Vidareutveckla\"*"
    assert strip_markdown(text) == '§ 7\nRapport om samverkan\nBeslutsgång\n"Vidareutveckla"'


def test_ligatures_folded() -> None:
    assert join_hyphenation(normalize("e\ufb00ekt och \ufb01nans")) == "effekt och finans"


def test_running_header_and_footer_removed_but_section_heading_kept() -> None:
    header = "Tekniska nämnden\nProtokoll\n2026-05-18\nUtdragsbestyrkande\n"
    pages = [
        header + "§ 25\nInformation\nJusterandes signatur\nSida 1 (3)",
        header + "§ 26 2026.072 TEN\nEkonomiuppföljning\nJusterandes signatur\nSida 2 (3)",
        header + "Beslut\nRedovisningen godkänns.\nJusterandes signatur\nSida 3 (3)",
    ]
    split = split_furniture(pages)
    assert [body for body, _ in split] == [
        "§ 25\nInformation",
        "§ 26 2026.072 TEN\nEkonomiuppföljning",
        "Beslut\nRedovisningen godkänns.",
    ]
    assert split[1][1] == ("Tekniska nämnden", "Protokoll", "2026-05-18", "Utdragsbestyrkande",
                           "Justerandes signatur", "Sida 2 (3)")


def test_a_section_heading_a_converter_bulleted_is_kept_though_every_page_opens_with_one() -> None:
    items = {140: "Meddelanden", 141: "Delegationsbeslut", 142: "Internbudget 2019", 143: "Förskola i Kaxholmen"}
    pages = [f"Protokoll 2018-12-17\n- § {n}\n{title}\nJusterandes sign" for n, title in items.items()]
    assert [body for body, _ in split_furniture(pages)] == [f"- § {n}\n{title}" for n, title in items.items()]


def test_a_single_page_keeps_its_text() -> None:
    assert split_furniture(["Rubrik\nText på sidan.\nSida 1 av 1"]) == [("Rubrik\nText på sidan.", ("Sida 1 av 1",))]


def test_a_running_header_on_a_protocols_pages_is_furniture_though_appendices_outnumber_them() -> None:
    """A 12-page file: 4 protocol pages whose header the text layer writes last, 8 appendix pages."""
    texts = ["Ärendet antecknades.", "Förslaget godkändes.", "Ärendet återremitteras.", "Lönen fastställdes."]
    titles = ["Val av justerare", "Personalenkät", "Arbetsvärdering", "Bokslut 2022"]
    protocol = [f"{titles[n - 13]}\nBeslut:\n{texts[n - 13]}\n_____\nProtokoll 28.03.2023 Sida\nPersonalsektionen\n{n} §"
                for n in range(13, 17)]
    words = ["Kosthållet", "Städservice", "Bildningen", "Småbarnspedagogiken", "Tekniska", "Kansliet", "Äldreomsorgen", "Fritiden"]
    appendix = [f"{w} i bokslutet\n{w} redovisar kostnader och intäkter." for w in words]
    split = split_furniture(protocol + appendix)
    assert split[0] == ("Val av justerare\nBeslut:\nÄrendet antecknades.\n_____",
                        ("Protokoll 28.03.2023 Sida", "Personalsektionen", "13 §"))
    assert split[4][1] == ()


def test_a_markdown_conversions_backslash_escapes_read_as_the_pdf_does() -> None:
    assert strip_markdown("\\-  Uppräkningen sker 1\\. januari \\*preliminärt\\*") == "-  Uppräkningen sker 1. januari *preliminärt*"
