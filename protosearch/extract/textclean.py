"""Plain-string cleaning of extracted text: no PDF library here, so every rule is testable on strings.

- `normalize` folds ligatures and odd spaces (NFKC) and PDF line-end markers;
- `join_hyphenation` rejoins words split at a line end, but keeps the hyphen of a
  coordinated compound ("Vård- och omsorgsnämnden");
- `strip_markdown` removes the `**`/`###` residue of earlier extractions;
- `split_furniture` removes running headers and footers that repeat across pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

# Words after which a line-end hyphen is a real one: "Bygg- och miljönämnden", "för- eller".
_COORDINATORS = {"och", "eller", "samt", "resp", "respektive", "till", "som", "men", "&"}

# The lookbehind changes no match (a match's left part is a whole run of letters anyway); it
# spares the engine trying the run from each of its letters: 2.5 times faster on real pages.
_LINE_END_HYPHEN = re.compile(
    r"(?<![A-Za-zÅÄÖåäöéü])(?P<left>[A-Za-zÅÄÖåäöéü]{2,})(?P<hyphen>[-\u00ad])[ \t]*\n[ \t]*(?P<right>[a-zåäöéü][\w-]*)"
)


def normalize(text: str) -> str:
    """NFKC (ligatures, no-break spaces), unify line ends, drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pypdfium2 writes a line-end hyphen it has joined as U+FFFE (U+0002 in some builds),
    # with or without the line break: make it a soft hyphen at a line end for join_hyphenation
    text = re.sub(r"[\ufffe\x02]\n?", "\u00ad\n", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", "", text)
    return re.sub(r"[ \t\u00a0]+\n", "\n", text)


def join_hyphenation(text: str) -> str:
    """Join 'arbetsmarknads-⏎förvaltningen' into one word; keep 'Vård-⏎och omsorg' and 'IT-⏎stöd'."""

    def repl(m: re.Match[str]) -> str:
        left, right = m.group("left"), m.group("right")
        if right.lower() in _COORDINATORS:
            return f"{left}- {right}"
        if left[-1].isupper():
            return f"{left}-{right}"  # an abbreviation compound: IT-stöd, LSS-insats
        return left + right

    return _LINE_END_HYPHEN.sub(repl, text).replace("\u00ad", "")


_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(?:[^\n]*\n){0,60}?---[ \t]*\n")
_TABLE_RULE = re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$\n?")
_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")


def strip_markdown(text: str) -> str:
    """Text as a PDF of the same document reads, from a Markdown conversion of it: no front
    matter (the converter's metadata), headings, bold, italics, quote markers, backslash escapes
    or HTML; a table's row as its cells side by side, as a PDF's columns come out."""
    text = _FRONT_MATTER.sub("", text, count=1)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"(?i)<br\s*/?>", " ", text)
    text = _TABLE_RULE.sub("", text)
    text = _TABLE_ROW.sub(lambda m: "  ".join(c.strip() for c in m.group(1).split("|") if c.strip()), text)
    text = re.sub(r"(?m)^[ \t]*>[ \t]?", "", text)
    text = text.replace("****", "\n")
    text = text.replace("**", "")
    text = re.sub(r"(?m)^[ \t]*#{1,6}[ \t]*", "", text)
    text = re.sub(r"(?m)^\*(?=\S)(.*?)(?<=\S)\*[ \t]*$", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])", r"\1", text)  # _italics_
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", text)  # escapes: '\- item', '1\. '


_PAGE_NUMBER = re.compile(
    r"""^\s*(?:
        (?:sida|sid\.?|s\.)\s*\d+\s*(?:\(\s*\d+\s*\)|av\s*\d+|/\s*\d+)?   # Sida 3 (24), Sida 1 av 2
      | \d+\s*(?:\(\s*\d+\s*\)|av\s*\d+|/\s*\d+)                          # 3 (24), 3/24
      | \d{1,4}                                                           # a bare page number
      | -\s*\d+\s*-                                                       # - 3 -
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Footer words of every meeting system; alone on a line they are furniture, never body text.
_FOOTER_WORDS = re.compile(
    r"^\s*(justerandes?\s+sign(atur)?|justerare\s*sign|utdragsbestyrkande|ordförandes\s+sign(atur)?)\b.*$",
    re.IGNORECASE,
)
_EDGE = 5  # lines at the top and bottom of a page that may be running header/footer
# "Forts. § 147", "forts." alone on a line: a page that continues an item, furniture like its number
_CONTINUED = re.compile(r"(?i)^\s*forts(?:\.|ättning)?\s*(?:§\s*\d+[a-z]?)?\s*:?\s*$")


def _shape(line: str) -> str:
    """A line with its digits masked, so 'Sida 3 (24)' and 'Sida 4 (24)' compare equal."""
    return re.sub(r"\d+", "#", line.strip().lower())


def _edge_runs(nonblank: list[str]) -> set[tuple[str, ...]]:
    """The shapes of the first and last two and three lines of a page (page numbers left
    out), where one of them holds a number: the running header's candidates."""
    lines = [ln for ln in nonblank if not _PAGE_NUMBER.match(ln)]
    runs = {tuple(map(_shape, part)) for k in (2, 3) if len(lines) > 2 * k for part in (lines[:k], lines[-k:])}
    return {run for run in runs if any("#" in s for s in run)}


def _is_furniture(line: str, repeating: set[str]) -> bool:
    if re.match(r"\s*(?:[-–•]\s+)?§", line):
        return False  # a § heading at the top of every page is content, not a header ('- § 140': a converter's bullet)
    return _shape(line) in repeating or bool(
        _PAGE_NUMBER.match(line) or _FOOTER_WORDS.match(line) or _CONTINUED.match(line))


def inline_pages(text: str) -> list[str]:
    """A text converted without page breaks, cut into its pages after each run of footer
    lines ('Justerandes sign', 'Utdragsbestyrkande'): a Markdown conversion of a protocol
    carries every page's footer and the next page's header in the middle of its items. Fewer
    than two such runs: one page, as written."""
    lines = text.split("\n")
    cuts = []
    for i, line in enumerate(lines):
        if _FOOTER_WORDS.match(line):
            after = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), len(lines))
            if after == len(lines) or not _FOOTER_WORDS.match(lines[after]):
                cuts.append(i + 1)  # the page ends after the run's last footer line
    if len(cuts) < 2:
        return [text]
    bounds = [0, *cuts, len(lines)]
    pages = ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:])]
    return [page for page in pages if page.strip()]  # nothing after the last page's footer


def split_furniture(pages: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Split each page into (body, furniture): the runs of lines at the top and bottom edge
    that repeat across pages, page numbers and footer words."""
    split = [[ln for ln in p.split("\n")] for p in pages]
    edge_counts: Counter[str] = Counter()
    run_counts: Counter[tuple[str, ...]] = Counter()
    for lines in split:
        nonblank = [ln for ln in lines if ln.strip()]
        edge_counts.update({_shape(ln) for ln in nonblank[:_EDGE] + nonblank[-_EDGE:]})
        run_counts.update(_edge_runs(nonblank))
    need = max(2, (len(pages) + 1) // 2)
    repeating = {s for s, n in edge_counts.items() if n >= need} if len(pages) >= 2 else set()
    # a header of several lines with a number or date in them ('Protokoll 28.03.2023 Sida' /
    # 'Personalsektionen' / '16 §') on a fifth of the pages: a protocol's own pages, however
    # many pages its appendices add
    run_need = max(3, len(pages) // 5)
    repeating.update(s for run, n in run_counts.items() if n >= run_need for s in run)

    out = []
    for lines in split:
        top = 0
        while top < len(lines) and (not lines[top].strip() or _is_furniture(lines[top], repeating)):
            top += 1
        bottom = len(lines)
        while bottom > top and (
            not lines[bottom - 1].strip() or _is_furniture(lines[bottom - 1], repeating)
        ):
            bottom -= 1
        furniture = tuple(ln.strip() for ln in lines[:top] + lines[bottom:] if ln.strip())
        out.append(("\n".join(lines[top:bottom]), furniture))
    return out
