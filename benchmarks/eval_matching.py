"""The ranking on the labelled evaluation set, measured in one run: the algorithm as it is,
each part of the cross-lingual path and of the graceful scoring switched off in turn, and
everything off (the scoring as it was before issue 12, on the same set).

    .venv/bin/python benchmarks/eval_matching.py

Prints nDCG@10, precision@5 and nDCG@25 for English demands, Chinese-only demands and the
held-out part, and writes ``var/eval/ablation.json``. Pure Python: no database.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companies.bilingual import OFF, CrossLingual  # noqa: E402
from matchmaking.scoring import records  # noqa: E402
from tests.matchmaking.scoring import evaluation  # noqa: E402

PARTS = ("english", "chinese", "heldout")


@contextmanager
def patched(**values):
    """Set constants of ``records`` for one measurement."""
    old = {name: getattr(records, name) for name in values}
    for name, value in values.items():
        setattr(records, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(records, name, value)


def exact_keywords_only(a: str, b: str) -> float:
    return 1.0 if a == b else 0.0


VARIANTS = {
    "after (all on)": ({}, {}),
    "no cross-lingual (glossary, CC-CEDICT, jieba off)": ({"crosslingual": OFF}, {}),
    "no glossary": ({"crosslingual": CrossLingual(glossary=False)}, {}),
    "no CC-CEDICT": ({"crosslingual": CrossLingual(dictionary=False)}, {}),
    "no jieba (dictionary maximum match)": ({"crosslingual": CrossLingual(jieba=False)}, {}),
    "no document-frequency filter": ({"max_df": None}, {}),
    "no breadth weighting": ({}, {"BREADTH_BOOST": 0.0}),
    "text weight 2 (as before)": ({"weights": {"text": 2.0}}, {}),
    "before (all of the above off)": (
        {"crosslingual": OFF, "max_df": None, "weights": {"text": 2.0}},
        {"BREADTH_BOOST": 0.0, "KEYWORD_CONTAINED": 0.0, "KEYWORD_SHARED_HEAD": 0.0},
    ),
    "no soft keywords": ({}, {"KEYWORD_CONTAINED": 0.0, "KEYWORD_SHARED_HEAD": 0.0}),
}


def main() -> None:
    report = {}
    print(f"{'variant':52s}" + "".join(f"{p:>26s}" for p in PARTS))
    print(f"{'':52s}" + "      nDCG@10  P@5  nDCG@25" * len(PARTS))
    for name, (options, constants) in VARIANTS.items():
        with patched(**constants):
            figures = evaluation.evaluate(**options)
        report[name] = {p: figures[p] for p in PARTS}
        row = "".join(
            f"   {figures[p]['ndcg_at_10']:.4f}  {figures[p]['precision_at_5']:.2f}  "
            f"{figures[p]['ndcg_at_25']:.4f}"
            for p in PARTS
        )
        print(f"{name:52s}{row}")
    out = ROOT / "var" / "eval" / "ablation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
