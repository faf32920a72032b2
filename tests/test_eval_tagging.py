"""The tagger on the hand-annotated development set (Alingsås) and the seeds' gold, scored by
the evaluation's own scorer (../shared/tools/score_extract.py).

Guards the measured quality against regressions; the set itself is described in
benchmarks/README.md. Skips when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
ROOT = Path(__file__).resolve().parent.parent  # the repository
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"  # the development material beside the repository


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_tagging", ROOT / "benchmarks" / "eval_tagging.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_tagging"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# floors a little under the figures measured with the shared scorer (Alingsås and seeds: macro-F1 0.969)
FLOORS = {"case_numbers": 0.97, "parties": 0.97, "person+party": 0.95, "statements": 0.93,
          "decisions": 0.90, "sections": 0.88, "date": 0.95, "committee": 0.93}


def test_development_set_quality(alingsas: Path) -> None:
    ev = _eval_module()
    results = ev.evaluate([("alingsas", ROOT / "benchmarks" / "gold" / "alingsas", SHARED / "corpus"),
                           ("seeds", SHARED / "gold", SHARED / "seeds")], show=False)
    f1 = {field: results["all"][field].prf()[2] for field in ev.FIELDS}
    assert {k: round(f1[k], 3) for k in FLOORS if f1[k] < FLOORS[k]} == {}
    assert ev.macro(results["all"]) >= 0.95
    assert results["seeds"]["docs"] == 4 and ev.macro(results["seeds"]) == 1.0
