"""The labelled evaluation set: loading it as the platform would build its records, and the
ranking measures (nDCG@k, precision@k) per part of the set.

Parts: ``english`` (demands written in English, possibly with a Chinese translation),
``chinese`` (demands written only in Chinese), ``heldout`` (demands never used to choose
weights; reported only), ``tune`` (the rest). A demand belongs to one language part and
one of tune / heldout.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from companies.sector_suggest import suggest_sectors
from matchmaking import scoring
from matchmaking.scoring import DemandRecord, Reference, SmeRecord

EVAL_SET = Path(__file__).with_name("eval_set.json")
# The seventeen demands of the first version of the set, on which the first floors were set.
ORIGINAL_DEMANDS = frozenset(
    [f"dem-nj-{i:02d}" for i in (1, 2, 3, 4, 5, 17)]
    + [f"dem-cn-{i:02d}" for i in (6, 7, 8)]
    + [f"dem-us-{i:02d}" for i in range(9, 17)]
)


def load_data() -> dict:
    return json.loads(EVAL_SET.read_text(encoding="utf-8"))


ORIGINAL_SMES = frozenset(f"sme-{i:02d}" for i in range(1, 52))


def load_eval_records(
    *, with_suggestions: bool = True, original: bool = False
) -> tuple[list[SmeRecord], list[DemandRecord], dict]:
    """Eval-set records as the platform would build them, with sector suggestions.

    ``original`` keeps only the 51 SMEs and 17 demands of the set's first version.
    """
    data = load_data()
    if original:
        data["smes"] = [s for s in data["smes"] if s["id"] in ORIGINAL_SMES]
        data["demands"] = [d for d in data["demands"] if d["id"] in ORIGINAL_DEMANDS]
        for d in data["demands"]:
            d["labels"] = {k: v for k, v in d["labels"].items() if k in ORIGINAL_SMES}
    mission_names = {m["id"]: m["name"] for m in data["missions"]}
    smes = []
    for s in data["smes"]:
        refs = tuple(Reference(r["title"], r["description"], r["sector"]) for r in s["references"])
        suggested = (
            suggest_sectors(
                s["description"],
                s["technologies"],
                refs,
                description_zh=s["description_zh"],
                exclude=s["sectors"],
            )
            if with_suggestions
            else []
        )
        smes.append(
            SmeRecord(
                id=s["id"],
                name=s["name"],
                description=s["description"],
                description_zh=s["description_zh"],
                technologies=tuple(s["technologies"]),
                sectors=tuple(s["sectors"]),
                suggested_sectors=tuple(x.code for x in suggested),
                trl=s["trl"],
                certifications=tuple(s["certifications"]),
                markets=tuple(s["markets"]),
                references=refs,
                missions=tuple(s["missions"]),
            )
        )
    demands = [
        DemandRecord(
            id=d["id"],
            title=d["title"],
            description=d["description"],
            title_zh=d["title_zh"],
            description_zh=d["description_zh"],
            sectors=tuple(d["sectors"]),
            technologies=tuple(d["technologies"]),
            min_trl=d["min_trl"],
            certifications=tuple(d["certifications"]),
            market=d["market"],
            mission=d["mission"],
            mission_name=mission_names.get(d["mission"], ""),
            city=d["city"],
        )
        for d in data["demands"]
    ]
    labels = {d["id"]: d["labels"] for d in data["demands"]}
    return smes, demands, labels


def parts() -> dict[str, set[str]]:
    """Demand ids of each part of the set."""
    data = load_data()
    out: dict[str, set[str]] = {"english": set(), "chinese": set(), "tune": set(), "heldout": set()}
    for d in data["demands"]:
        out["english" if d["title"] else "chinese"].add(d["id"])
        out[d.get("split", "tune")].add(d["id"])
    out["original"] = set(ORIGINAL_DEMANDS)
    out["all"] = {d["id"] for d in data["demands"]}
    return out


def ndcg_at(gains: list[int], ideal: list[int], k: int) -> float:
    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(gains) / best if best else 0.0


def ranking(result: scoring.ScoreResult, j: int) -> list[int]:
    """SME row indices for demand column ``j``, best first; ties broken as the pages break
    them (``scoring.TIE_BREAK``), then by row index."""
    column = result.scores[:, j].astype(np.float64)
    parts = [result.components[name][:, j].astype(np.float64) for name in scoring.TIE_BREAK]
    return sorted(
        range(column.shape[0]), key=lambda i: (-column[i], *(-p[i] for p in parts), i)
    )


def per_demand(
    smes: list[SmeRecord], demands: list[DemandRecord], labels: Mapping, result
) -> dict[str, dict[str, float]]:
    out = {}
    for j, demand in enumerate(demands):
        gains = [labels[demand.id].get(smes[i].id, 0) for i in ranking(result, j)]
        ideal = list(labels[demand.id].values())
        out[demand.id] = {
            "ndcg_at_10": ndcg_at(gains, ideal, 10),
            "ndcg_at_25": ndcg_at(gains, ideal, 25),
            "precision_at_5": sum(g >= 1 for g in gains[:5]) / 5,
        }
    return out


def summarise(figures: Mapping[str, Mapping[str, float]], ids: set[str]) -> dict[str, float]:
    chosen = [figures[i] for i in sorted(ids) if i in figures]
    if not chosen:
        return {"demands": 0}
    return {
        key: round(float(np.mean([f[key] for f in chosen])), 4)
        for key in ("ndcg_at_10", "precision_at_5", "ndcg_at_25")
    } | {"demands": len(chosen)}


def evaluate(*, original: bool = False, **model_options) -> dict[str, dict[str, float]]:
    """Score the set with ``text_model_for(**model_options)`` and summarise each part."""
    weights = model_options.pop("weights", None)
    smes, demands, labels = load_eval_records(original=original)
    model = scoring.text_model_for(smes, demands, **model_options)
    result = scoring.score_block(smes, scoring.encode_demands(demands, model), model, weights)
    figures = per_demand(smes, demands, labels, result)
    return {name: summarise(figures, ids) for name, ids in parts().items()}
