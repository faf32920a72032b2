"""Fast start: the read commands import neither spaCy nor the PDF libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("spacy", "pdfplumber", "pypdfium2", "pdfminer")

PROBE = """
import json, sys
from protosearch.cli.commands import main
sys.argv = ["protosearch"] + json.loads(sys.argv[1])
code = None
try:
    main()
except SystemExit as e:
    code = e.code
print(json.dumps({"code": code, "heavy": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
""" % (HEAVY,)


def _probe(args: list[str]) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("args", [
    ["--help"],
    ["search", "--help"],
    ["search", "arbetsmarknadsnämnden"],
    ["search", "feriejobb", "--json"],
    ["show", "--json", "{doc_id}"],
])
def test_read_commands_do_not_import_spacy_or_pdf_libraries(args: list[str], corpus_index: Path) -> None:
    from protosearch.index import SearchIndex

    doc_id = sorted(SearchIndex(corpus_index).document_ids())[0]
    args = [a.format(doc_id=doc_id) for a in args]
    probe = _probe(["--index", str(corpus_index), *args])
    assert probe == {"code": 0, "heavy": []}
