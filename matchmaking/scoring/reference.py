"""A plain per-pair implementation of the same scores, to check the vectorised code and to
measure its speed-up."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from .records import (
    _REFERENCE_AFFINITY,
    _SECTOR_AFFINITY,
    ALWAYS_COUNTED,
    BREADTH_COMPONENTS,
    COMPONENTS,
    MATURITY_SHORTFALL_SPAN,
    SECTOR_BEST_SHARE,
    TEXT_SATURATION,
    UNKNOWN_TRL_VALUE,
    DemandRecord,
    Feedback,
    SmeRecord,
    _cert_set,
    _keyword_set,
    _known_sectors,
    _market_set,
    _reference_sectors,
    _sector_index,
    _sme_sector_weights,
    breadth_factor,
    keyword_overlap,
    normalise_market,
    resolve_weights,
    sector_relation,
)
from .text import TextModel


@dataclass
class PairScore:
    """Score of one pair from ``score_pair_python``."""

    score: float
    confidence: float
    components: dict[str, float]
    known: dict[str, bool]
    counted: dict[str, bool]


def _sparse_cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def score_pair_python(
    sme: SmeRecord,
    demand: DemandRecord,
    text_model: TextModel,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
    *,
    vectors: dict[tuple[str, Hashable], tuple[dict[int, float], dict[int, float]]] | None = None,
) -> PairScore:
    """Score one pair with plain Python: the same definitions as ``score_block``.

    ``vectors`` is an optional cache of per-document TF-IDF dicts keyed by
    ("sme" | "demand", id), so a caller scoring many pairs transforms each text once.
    """
    w = resolve_weights(weights)
    comps: dict[str, float] = {}
    known: dict[str, bool] = {}
    applicable: dict[str, bool] = {}
    demand_sectors = _known_sectors(dict.fromkeys(demand.sectors))

    # a. sector fit
    sme_weights = _sme_sector_weights(sme)
    reach = []
    for d in demand_sectors:
        best_d = 0.0
        for code, trust in sme_weights.items():
            rel = sector_relation(code, d)
            if rel:
                best_d = max(best_d, trust * _SECTOR_AFFINITY[rel])
        reach.append(best_d)
    if reach:
        coverage = sum(r / len(reach) for r in reach)
        comps["sector"] = SECTOR_BEST_SHARE * max(reach) + (1 - SECTOR_BEST_SHARE) * coverage
    else:
        comps["sector"] = 0.0
    known["sector"] = bool(sme_weights) and bool(demand_sectors)
    applicable["sector"] = True

    # b. text relevance
    cache = vectors if vectors is not None else {}
    sme_vec = cache.get(("sme", sme.id))
    if sme_vec is None:
        sme_vec = cache[("sme", sme.id)] = text_model.python_vectors(sme.text())
    dem_vec = cache.get(("demand", demand.id))
    if dem_vec is None:
        dem_vec = cache[("demand", demand.id)] = text_model.python_vectors(demand.text())
    cos, text_known = 0.0, False
    for a, b in zip(sme_vec, dem_vec, strict=True):
        if a and b:
            text_known = True
            cos = max(cos, _sparse_cosine(a, b))
    comps["text"] = min(1.0, cos / TEXT_SATURATION)
    known["text"] = text_known
    applicable["text"] = True

    # c. keywords
    sk, dk = _keyword_set(sme.technologies), _keyword_set(demand.technologies)
    smaller = min(len(sk), len(dk))
    comps["keywords"] = keyword_overlap(sk, dk)
    known["keywords"] = smaller > 0
    applicable["keywords"] = True

    # d. maturity
    if demand.min_trl is None:
        comps["maturity"], known["maturity"] = 1.0, True
    elif sme.trl is None:
        comps["maturity"], known["maturity"] = UNKNOWN_TRL_VALUE, False
    else:
        shortfall = max(0.0, float(demand.min_trl) - float(sme.trl))
        comps["maturity"] = min(1.0, max(0.0, 1.0 - shortfall / MATURITY_SHORTFALL_SPAN))
        known["maturity"] = True
    applicable["maturity"] = True

    # e. certifications
    required, held = _cert_set(demand.certifications), _cert_set(sme.certifications)
    comps["certifications"] = len(required & held) / len(required) if required else 1.0
    known["certifications"] = not required or bool(held)
    applicable["certifications"] = True

    # f. market
    market = normalise_market(demand.market) if demand.market else None
    sme_markets = _market_set(sme.markets)
    comps["market"] = 1.0 if market in sme_markets else 0.0
    applicable["market"] = market is not None
    known["market"] = market is not None and bool(sme_markets)
    if not applicable["market"]:
        comps["market"] = 0.0

    # g. references
    ref_sectors = _reference_sectors(sme)
    best_ref = 0.0
    for r in ref_sectors:
        for d in demand_sectors:
            rel = sector_relation(r, d)
            if rel:
                best_ref = max(best_ref, _REFERENCE_AFFINITY[rel])
    comps["references"] = best_ref
    known["references"] = bool(ref_sectors) and bool(demand_sectors)
    applicable["references"] = True

    # h. mission
    has_mission = demand.mission is not None
    comps["mission"] = 1.0 if has_mission and demand.mission in set(sme.missions) else 0.0
    known["mission"] = applicable["mission"] = has_mission

    # i. feedback
    flag = (feedback or {}).get((sme.id, demand.id))
    comps["feedback"] = 1.0 if flag else 0.0
    known["feedback"] = applicable["feedback"] = flag is not None

    index = _sector_index().index
    boost = float(breadth_factor(text_model.breadth([index[c] for c in demand_sectors])))
    w = {k: v * boost if k in BREADTH_COMPONENTS else v for k, v in w.items()}
    numerator = denominator = known_weight = applicable_weight = 0.0
    counted: dict[str, bool] = {}
    for name in COMPONENTS:
        app = applicable[name]
        counted[name] = app and (known[name] or name in ALWAYS_COUNTED)
        if counted[name]:
            numerator += w[name] * comps[name]
            denominator += w[name]
        if app:
            applicable_weight += w[name]
            if known[name]:
                known_weight += w[name]
        known[name] = known[name] and app
    return PairScore(
        score=100.0 * numerator / denominator if denominator else 0.0,
        confidence=known_weight / applicable_weight if applicable_weight else 0.0,
        components=comps,
        known=known,
        counted=counted,
    )


