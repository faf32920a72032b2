"""What a user installs: the wheel holds every file the package reads, and the installed
console script works from a folder outside the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import protosearch

ROOT = Path(__file__).resolve().parent.parent  # the repository
CORPUS = ROOT / "corpus"  # the bundled sample corpus
SCRIPT = Path(sys.executable).with_name("protosearch")  # the console script pip installed beside this Python


def _editable() -> bool:
    """True when the package under test is an editable install (a developer's checkout)."""
    direct_url = metadata.distribution("protosearch").read_text("direct_url.json")
    return bool(direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"))


def test_tests_import_the_installed_package() -> None:
    if _editable():
        pytest.skip("an editable install imports the source tree by design; CI installs the package non-editable")
    assert Path(protosearch.__file__).resolve().parent != ROOT / "protosearch"


def test_wheel_holds_every_package_file(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("protosearch-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    package_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "protosearch").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts}
    assert "protosearch/tag/rules/municipalities.txt" in package_files
    assert package_files - names == set()


def test_installed_script_from_a_folder_outside_the_repository(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    for name in ("001_protokollsutdrag.pdf", "002_tjansteutlatande.pdf", "004_87b419a6ec439972.txt"):
        shutil.copy(CORPUS / name, documents / name)
    env = {k: v for k, v in os.environ.items() if k != "PROTOSEARCH_INDEX"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SCRIPT), *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)

    ingested = run("--index", "./idx", "ingest", "documents")
    assert ingested.returncode == 0, ingested.stderr
    assert "3 new" in ingested.stderr and "0 failed" in ingested.stderr

    extracted = run("extract", "--json", "documents/001_protokollsutdrag.pdf")
    assert extracted.returncode == 0, extracted.stderr
    doc = json.loads(extracted.stdout)
    assert (doc["doc_type"], doc["municipality"], doc["committee"]) == ("protokollsutdrag", "Stockholm",
                                                                        "Arbetsmarknadsnämnden")

    found = run("--index", "./idx", "search", "beslut", "--json")
    assert found.returncode == 0, found.stderr
    assert {Path(h["path"]).name for h in json.loads(found.stdout)["hits"]} >= {"001_protokollsutdrag.pdf"}
