"""Text layers that render right but read wrong: told by the word list, mended from OCR."""

from __future__ import annotations

from pathlib import Path

import pytest

from protosearch.extract import damage
from protosearch.extract.document import extract_file
from protosearch.tag import tag

DAMAGED = Path(__file__).parent / "fixtures" / "damaged_text_layer.pdf"  # scripts/build_damaged_layer_fixture.py

HEALTHY = (
    "Nämnden beslutar att godkänna förvaltningens förslag till budget för år 2027 och att "
    "uppdra åt förvaltningschefen att återkomma med en plan för investeringarna i skolorna. "
    "Ärendet har beretts av arbetsutskottet, som föreslår att nämnden lägger informationen "
    "till handlingarna."
)
# the same text as a font without ligature mapping and with one glyph swapped writes it
LIGATURES_LOST = (
    "Nämnden besjutar at godkänna förvajtningens försjag tjj budget för år 2027 och at "
    "uppdra åt förvajtningschefen at återkomma med en pjan för investeringarna i skojorna. "
    "Ärendet har beret av arbetsutskotet, som föresjår at nämnden jägger informatonen "
    "tjj handjingarna."
)


def test_damaged_text_is_told_from_healthy_text() -> None:
    assert damage.unknown_share(HEALTHY) == 0.0
    # 12 of its 18 distinct lower-case words of four letters or more are none ('godkänna',
    # 'budget', 'uppdra' ... survive)
    assert damage.unknown_share(LIGATURES_LOST) == pytest.approx(12 / 18)
    assert damage.is_damaged(LIGATURES_LOST) and not damage.is_damaged(HEALTHY)


def test_too_few_words_tell_nothing() -> None:
    assert damage.unknown_share("Kujturnämnden besjutar tjj handjingarna.") is None
    assert not damage.is_damaged("Kujturnämnden besjutar tjj handjingarna.")


def test_one_unknown_word_alone_is_no_damage() -> None:
    short = ("Nämnden beslutar godkänna förvaltningens förslag, uppdra förvaltningen utreda "
             "frågan och inrätta gamingrummet i biblioteket.")
    assert damage.unknown_share(short) == pytest.approx(1 / 11)
    assert not damage.is_damaged(short)


def test_names_and_addresses_are_not_counted() -> None:
    text = HEALTHY + " Kontakt: Cathrine Solerius, cathrine.solerius@alingsas.se, www.alingsas.se/bun, intranet.alingsas.se/sidor"
    assert damage.unknown_share(text) == 0.0


def test_only_damaged_words_are_replaced_by_ocr() -> None:
    layer = "42 §\nTijj protokojjjusterare utsågs Kristna Hojm.\nUppgifen kostar 1 250 kronor."
    ocr = "428\nTill protokolljusterare utsågs Kristina Holm.\nUppgiften kostar 1 25O kronor."
    # the layer keeps its § sign and its figures; OCR mends the words, including 'Kristna',
    # a word too, that lost a ligature's letter
    assert damage.repaired(layer, ocr) == (
        "42 §\nTill protokolljusterare utsågs Kristina Holm.\nUppgiften kostar 1 250 kronor.")


def test_words_the_word_list_knows_are_kept() -> None:
    assert damage.repaired("Nämnden beslutar enligt förslaget.", "Nämnden beslutor enligt förslagel.") == (
        "Nämnden beslutar enligt förslaget.")


def test_a_damaged_page_is_mended_from_its_image() -> None:
    from protosearch.extract import ocr

    if not ocr.available():
        pytest.skip(f"Tesseract is not installed: {ocr.INSTALL_HINT}")
    layer = extract_file(DAMAGED, ocr=False).text
    assert "Tijj protokojjjusterare utsågs Kristna Hojm och Matas Berg." in layer
    doc = extract_file(DAMAGED)
    assert "Till protokolljusterare utsågs Kristina Holm och Mattias Berg." in doc.text
    assert "justeras\nelektroniskt senast 11.5.2026 kl. 16.00." in doc.text
    tagged = tag(doc)
    assert [s.number for s in tagged.sections] == ["§ 12"]
    assert tagged.committee == "Kulturnämnden"
    assert [(d.section, d.text) for d in tagged.decisions] == [
        ("§ 12", "Till protokolljusterare utsågs Kristina Holm och Mattias Berg."),
        ("§ 12", "Protokollet justeras elektroniskt efter mötet."),
    ]
