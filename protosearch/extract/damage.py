"""Text layers that do not say what the page shows, mended word by word from OCR.

A page can render right while its text layer is wrong: a font whose ligatures have no Unicode
mapping drops them (`fnns` for *finns*, `uppgifer` for *uppgifter*, `Kristna` for *Kristina*),
a broken encoding table swaps letters (`frdn` for *från*, `Vvllvrdsnvrndens`). Every word of
such a page is then unsearchable and every name misspelt. The test is the share of the page's
distinct lower-case words that the Swedish word list does not know; capitalised words (names)
and e-mail or web addresses are left out, since no word list holds them. Over
../shared/corpus, healthy Swedish pages stay under 0.08 (most under 0.04) and damaged ones run
from 0.06 to 0.9 (benchmarks/README.md). A damaged page is read by OCR, and OCR's words
replace only the layer's unknown ones (`repaired`).
"""

from __future__ import annotations

import difflib
import re

from protosearch.lexicon import WordListMissing, is_word, load_heads

DAMAGED_SHARE = 0.08
MIN_WORDS = 10  # fewer distinct lower-case words (a table of names and figures) say too little
_WORD = re.compile(r"\b[a-zåäöéü]{4,}\b")  # starts at a word boundary: capitalised words never match
_ADDRESS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\S+\.(?:se|fi|nu|com|org|net|eu)\b\S*")
_TOKEN = re.compile(r"\S+")
_WINDOW = 4  # OCR's words looked at for each of the layer's where the two differ
_ALIKE = 0.5  # difflib's ratio between a damaged word and OCR's: `fnns`/`finns` 0.89, `frdn`/`från` 0.75


def unknown_share(text: str) -> float | None:
    """The share of distinct lower-case words the word list does not know, or None when the
    text has too few words to tell (or the word list is missing)."""
    counts = _unknown_words(text)
    return None if counts is None else counts[0] / counts[1]


def is_damaged(text: str) -> bool:
    """Whether a page's text layer reads as damaged: one unknown word alone (a place name, a
    new compound) is no damage."""
    counts = _unknown_words(text)
    return counts is not None and counts[0] >= 2 and counts[0] / counts[1] >= DAMAGED_SHARE


def _unknown_words(text: str) -> tuple[int, int] | None:
    """(unknown, distinct) lower-case words of a text, or None when it has too few to tell."""
    words = set(_WORD.findall(_ADDRESS.sub(" ", text)))
    if len(words) < MIN_WORDS:
        return None
    try:
        load_heads()  # one read of the compound heads instead of a query per prefix tried
        return sum(not is_word(w) for w in words), len(words)
    except WordListMissing:
        return None


def repaired(layer_text: str, ocr_text: str) -> str:
    """The text layer with its damaged words replaced by OCR's reading of them.

    The two texts are aligned word by word; where they differ, each of the layer's words is
    paired with the most alike of OCR's next few, and replaced by it when the layer's is
    unknown to the word list (or lost a ligature's letters) and the two carry the same figures.
    The layer keeps its line order, running headers, § signs and figures (which OCR misreads:
    `42 §` as `428`), and every word it has right: only its damage is read from the image."""
    layer_words = list(_TOKEN.finditer(layer_text))
    ocr_words = _TOKEN.findall(ocr_text)
    matcher = difflib.SequenceMatcher(None, [m.group(0) for m in layer_words], ocr_words, autojunk=False)
    pieces, last = [], 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        j = j1
        for m in layer_words[i1:i2]:
            scored = [(_alike(m.group(0), ocr_words[k]), k) for k in range(j, min(j + _WINDOW, j2))]
            score, best = max(scored, key=lambda pair: pair[0], default=(0.0, j))
            if score < _ALIKE:
                continue
            j = best + 1
            if _should_replace(m.group(0), ocr_words[best]):
                pieces += [layer_text[last : m.start()], ocr_words[best]]
                last = m.end()
    return "".join(pieces) + layer_text[last:]


def _alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _should_replace(layer_word: str, ocr_word: str) -> bool:
    """An unknown word, or one that dropped a ligature's letters (`Kristna`, a word too, for
    `Kristina`), with the same figures as OCR's."""
    letters = re.sub(r"[^\w]|\d|_", "", layer_word).lower()
    if not letters or re.findall(r"\d", layer_word) != re.findall(r"\d", ocr_word):
        return False
    if _letters_dropped(layer_word, ocr_word):
        return True
    return not (len(letters) >= 3 and letters.isalpha() and _known(letters))


def _letters_dropped(layer_word: str, ocr_word: str) -> bool:
    """Whether the layer's word is OCR's with one or two letters left out, as a lost ligature leaves it."""
    if not 1 <= len(ocr_word) - len(layer_word) <= 2:
        return False
    rest = iter(ocr_word)
    return all(ch in rest for ch in layer_word)


def _known(word: str) -> bool:
    try:
        return is_word(word)
    except WordListMissing:
        return True  # nothing is replaced without the word list
