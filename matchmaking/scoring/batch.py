"""Explanation contexts for many pairs at once, and candidate merging for chunked runs.

``pair_contexts`` works on one pair and re-derives everything from the two records; a full
rescore persists hundreds of thousands of pairs, so ``ContextBuilder`` derives each SME's
and each demand's parts once (keyword sets, TF-IDF rows from the already encoded
matrices, sector weights) and only combines them per pair. The result is the same dict
``pair_contexts`` returns (checked by the tests).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

import numpy as np

from .components import DemandFeatures, SmeFeatures
from .reasons import _RELATION_ORDER
from .records import (
    _REFERENCE_AFFINITY,
    _SECTOR_AFFINITY,
    REFERENCE_SAME,
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
    keyword_context,
    normalise_certification,
    normalise_market,
    sector_relation,
)
from .text import TextModel


def _row(matrix, i: int) -> dict[int, float]:
    start, end = matrix.indptr[i], matrix.indptr[i + 1]
    return dict(zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True))


class ContextBuilder:
    """Builds ``pair_contexts``-equal dicts for pairs of encoded SMEs and demands."""

    def __init__(
        self,
        smes: Sequence[SmeRecord],
        sme_features: SmeFeatures,
        demands: Sequence[DemandRecord],
        demand_features: DemandFeatures,
        text_model: TextModel,
        feedback: Feedback | None = None,
        *,
        max_terms: int = 5,
    ) -> None:
        self.smes, self.demands = smes, demands
        self.sf, self.df = sme_features, demand_features
        self.text_model = text_model
        self.feedback = feedback or {}
        self.max_terms = max_terms
        self._sme: dict[int, dict[str, Any]] = {}
        self._demand: dict[int, dict[str, Any]] = {}
        self._sector_memo: dict[tuple, list[dict]] = {}
        self._terms: dict[str, list[str]] = {}

    def _sme_part(self, i: int) -> dict[str, Any]:
        part = self._sme.get(i)
        if part is None:
            sme = self.smes[i]
            part = self._sme[i] = {
                "weights": _sme_sector_weights(sme),
                "sectors": _known_sectors(sme.sectors),
                "suggested": _known_sectors(sme.suggested_sectors),
                "text": (_row(self.sf.text_en, i), _row(self.sf.text_zh, i)),
                "keywords": _keyword_set(sme.technologies),
                "certs": _cert_set(sme.certifications),
                "markets": sorted(_market_set(sme.markets)),
                "has_refs": bool(_reference_sectors(sme)),
                "refs": [
                    r for r in sme.references if r.sector and r.sector in _sector_index().index
                ],
                "missions": set(sme.missions),
            }
            part["weights_key"] = tuple(sorted(part["weights"].items()))
        return part

    def _demand_part(self, j: int) -> dict[str, Any]:
        part = self._demand.get(j)
        if part is None:
            demand = self.demands[j]
            part = self._demand[j] = {
                "sectors": _known_sectors(dict.fromkeys(demand.sectors)),
                "text": (_row(self.df.text_en, j), _row(self.df.text_zh, j)),
                "keywords": _keyword_set(demand.technologies),
                "required": {normalise_certification(c): c for c in demand.certifications},
                "market": normalise_market(demand.market) if demand.market else None,
            }
            part["sectors_key"] = tuple(part["sectors"])
        return part

    def _sector_matches(self, s: dict, d: dict) -> list[dict]:
        key = (s["weights_key"], d["sectors_key"])
        memo = self._sector_memo.get(key)
        if memo is not None:
            return [dict(m) for m in memo]
        matches = []
        for code_d in d["sectors"]:
            candidates = [
                (code, rel, trust)
                for code, trust in s["weights"].items()
                if (rel := sector_relation(code, code_d))
            ]
            if candidates:
                code, rel, trust = min(
                    candidates,
                    key=lambda c: (-c[2] * _SECTOR_AFFINITY[c[1]], _RELATION_ORDER[c[1]], c[0]),
                )
                matches.append(
                    {"sme": code, "demand": code_d, "relation": rel, "suggested": trust < 1.0}
                )
        matches.sort(key=lambda x: (_RELATION_ORDER[x["relation"]], x["suggested"]))
        self._sector_memo[key] = matches
        return [dict(m) for m in matches]

    def _shared_terms(self, s: dict, d: dict) -> tuple[list[str], bool]:
        weighted: list[tuple[float, str]] = []
        known = False
        for a, b, kind in zip(s["text"], d["text"], ("en", "zh"), strict=True):
            if a and b:
                known = True
                if len(a) > len(b):
                    a, b = b, a
                names = self._names(kind)
                weighted += [(v * b[k], names[k]) for k, v in a.items() if k in b]
        # Most pairs share dozens of terms but show five: order only the heaviest few (and
        # whatever ties with them at the 1e-9 rounding ``pair_contexts`` sorts by), and
        # everything only when those few do not yield five distinct terms.
        head = heapq.nlargest(4 * self.max_terms, weighted)
        if len(head) < len(weighted):
            floor = head[-1][0] - 1e-8
            head = [x for x in weighted if x[0] >= floor]
        shared = self._distinct_terms(sorted((-round(w, 9), t) for w, t in head))
        if len(shared) < self.max_terms and len(weighted) > len(head):
            shared = self._distinct_terms(sorted((-round(w, 9), t) for w, t in weighted))
        return shared, known

    def _names(self, kind: str) -> list[str]:
        names = self._terms.get(kind)
        if names is None:
            vectorizer = self.text_model.en if kind == "en" else self.text_model.zh
            names = self._terms[kind] = vectorizer.get_feature_names_out().tolist()
        return names

    def _distinct_terms(self, ordered: list[tuple[float, str]]) -> list[str]:
        """The same selection as ``pair_contexts``: a bigram replaces its own words."""
        shared: list[str] = []
        words_of_shared: set[str] = set()
        for _, term in ordered:
            words = term.split()
            if term in words_of_shared and (len(words) == 1 or term in shared):
                continue
            if len(words) > 1:
                shared = [t for t in shared if t not in words]
            shared.append(term)
            words_of_shared.update(words)
            if len(shared) == self.max_terms:
                break
        return shared

    def context(self, i: int, j: int) -> dict[str, dict[str, Any]]:
        """The context of SME ``i`` and demand ``j`` (positions in the encoded blocks)."""
        s, d = self._sme_part(i), self._demand_part(j)
        sme, demand = self.smes[i], self.demands[j]
        shared, text_known = self._shared_terms(s, d)
        sk, dk = s["keywords"], d["keywords"]
        required, held = d["required"], s["certs"]
        ref_matches = []
        for ref in s["refs"]:
            for code_d in d["sectors"]:
                rel = sector_relation(ref.sector, code_d)
                if rel:
                    ref_matches.append(
                        {
                            "title": ref.title,
                            "sector": ref.sector,
                            "demand": code_d,
                            "related": _REFERENCE_AFFINITY[rel] < REFERENCE_SAME,
                        }
                    )
        ref_matches.sort(key=lambda r: r["related"])
        return {
            "sector": {
                "demand_sectors": list(d["sectors"]),
                "sme_sectors": list(s["sectors"]),
                "suggested_sectors": list(s["suggested"]),
                "matches": self._sector_matches(s, d),
            },
            "text": {"shared_terms": shared, "known": text_known},
            "keywords": keyword_context(sk, dk),
            "maturity": {"sme_trl": sme.trl, "min_trl": demand.min_trl},
            "certifications": {
                "required": sorted(required.values()),
                "held": sorted(v for k, v in required.items() if k in held),
                "missing": sorted(v for k, v in required.items() if k not in held),
                "sme_has_any": bool(held),
            },
            "market": {"market": d["market"], "sme_markets": list(s["markets"])},
            "references": {"matches": ref_matches, "has_sector_references": s["has_refs"]},
            "mission": {
                "mission": demand.mission,
                "mission_name": demand.mission_name
                or (str(demand.mission) if demand.mission else ""),
                "in_delegation": demand.mission is not None and demand.mission in s["missions"],
            },
            "feedback": {"flag": self.feedback.get((sme.id, demand.id))},
        }


def top_k_by_group(
    groups: np.ndarray, members: np.ndarray, scores: np.ndarray, k: int
) -> np.ndarray:
    """Indices of the best ``k`` rows of each group, by score then smaller member id."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.intp)
    scores = np.asarray(scores, dtype=np.float32).astype(np.float64)
    order = np.lexsort((members, -scores, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.nonzero(np.diff(sorted_groups))[0] + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[np.arange(len(order)) - first < k]
