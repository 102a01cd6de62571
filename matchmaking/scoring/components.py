"""Vectorised scoring: encode records into (sparse) matrices, score blocks, pick top K."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .records import (
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
    affinity_reach,
    breadth_factor,
    keyword_similarity,
    resolve_weights,
)
from .text import TextModel, text_model_for

# --------------------------------------------------------------------------------------
# Encoded features
# --------------------------------------------------------------------------------------


def _indicator(rows: Sequence[Iterable[int]], n_cols: int) -> sp.csr_matrix:
    """Binary CSR matrix with a 1 at (i, j) for every j in rows[i]."""
    indptr = [0]
    indices: list[int] = []
    for cols in rows:
        indices.extend(sorted(set(cols)))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_cols))


def _weighted(rows: Sequence[Mapping[int, float]], n_cols: int) -> sp.csr_matrix:
    """CSR matrix with rows[i][j] at (i, j)."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        for col in sorted(row):
            indices.append(col)
            data.append(row[col])
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), indices, indptr), shape=(len(rows), n_cols)
    )


@dataclass
class DemandFeatures:
    """Demand projects encoded once, reused for every SME block.

    The keyword, certification, market and mission vocabularies come from the demands:
    only terms a demand uses can ever intersect, so SME terms outside them are counted
    (for set sizes) but need no column.
    """

    ids: list[Hashable]
    sectors: sp.csr_matrix  # M×S binary
    sector_slots: np.ndarray  # M×K sector columns per demand, padded with S
    sector_share: sp.csr_matrix  # M×S, rows sum to 1 (mean coverage)
    n_sectors: np.ndarray
    text_en: sp.csr_matrix
    text_zh: sp.csr_matrix
    keyword_vocab: dict[str, int]
    keyword_index: dict[str, set[int]]  # sub-phrase or "|tail" → vocabulary columns
    keywords: sp.csr_matrix
    n_keywords: np.ndarray
    cert_vocab: dict[str, int]
    certs: sp.csr_matrix
    n_certs: np.ndarray
    market_vocab: dict[str, int]
    markets: sp.csr_matrix
    has_market: np.ndarray
    mission_vocab: dict[Hashable, int]
    missions: sp.csr_matrix
    has_mission: np.ndarray
    min_trl: np.ndarray  # NaN = no minimum
    position: dict[Hashable, int]
    breadth: np.ndarray  # share of all SMEs within reach of the demand's sectors

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def keyword_terms(self) -> list[str]:
        terms = self.__dict__.get("_keyword_terms")
        if terms is None:
            terms = self.__dict__["_keyword_terms"] = list(self.keyword_vocab)
        return terms


def _vocab(sets: Iterable[Iterable[Hashable]]) -> dict[Hashable, int]:
    vocab: dict[Hashable, int] = {}
    for items in sets:
        for item in items:
            vocab.setdefault(item, len(vocab))
    return vocab


def _slots(rows: Sequence[Sequence[int]], pad: int) -> np.ndarray:
    width = max((len(set(r)) for r in rows), default=0)
    slots = np.full((len(rows), width), pad, dtype=np.intp)
    for j, cols in enumerate(rows):
        unique = sorted(set(cols))
        slots[j, : len(unique)] = unique
    return slots


def _phrases(words: list[str]) -> list[str]:
    """Every run of consecutive words of a term (the term itself included)."""
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]


def _keyword_index(vocab: Mapping[str, int]) -> dict[str, set[int]]:
    """Candidates for soft keyword matches: each vocabulary term under each of its
    sub-phrases, and under "|" + its last two words."""
    index: dict[str, set[int]] = {}
    for term, col in vocab.items():
        words = term.split()
        for phrase in _phrases(words):
            index.setdefault(phrase, set()).add(col)
        if len(words) >= 2:
            index.setdefault("|" + " ".join(words[-2:]), set()).add(col)
    return index


def _keyword_row(terms: Iterable[str], demands: DemandFeatures) -> dict[int, float]:
    """{vocabulary column: best similarity of any of the SME's terms}."""
    row: dict[int, float] = {}
    vocab, index = demands.keyword_vocab, demands.keyword_index
    for term in terms:
        words = term.split()
        candidates = set(index.get(term, ()))
        if len(words) >= 2:
            candidates |= index.get("|" + " ".join(words[-2:]), set())
        candidates |= {vocab[p] for p in _phrases(words) if p in vocab}
        for col in candidates:
            sim = keyword_similarity(term, demands.keyword_terms[col])
            if sim > row.get(col, 0.0):
                row[col] = sim
    return row


def encode_demands(demands: Sequence[DemandRecord], text_model: TextModel) -> DemandFeatures:
    """Encode demand projects into sparse matrices (one Python pass over demands)."""
    idx = _sector_index().index
    n_s = len(idx)
    sector_rows = [[idx[c] for c in _known_sectors(d.sectors)] for d in demands]
    sectors = _indicator(sector_rows, n_s)
    n_sectors = np.asarray(sectors.sum(axis=1)).ravel()
    share = sp.diags(np.divide(1.0, n_sectors, out=np.zeros(len(demands)), where=n_sectors > 0))
    kw_sets = [_keyword_set(d.technologies) for d in demands]
    cert_sets = [_cert_set(d.certifications) for d in demands]
    market_sets = [_market_set([d.market] if d.market else []) for d in demands]
    mission_sets = [[d.mission] if d.mission is not None else [] for d in demands]
    kw_vocab, cert_vocab = _vocab(kw_sets), _vocab(cert_sets)
    market_vocab, mission_vocab = _vocab(market_sets), _vocab(mission_sets)
    text_en, text_zh = text_model.transform([d.text() for d in demands])
    return DemandFeatures(
        ids=[d.id for d in demands],
        sectors=sectors,
        sector_slots=_slots(sector_rows, n_s),
        sector_share=sp.csr_matrix(share @ sectors.astype(np.float64)),
        n_sectors=n_sectors,
        text_en=text_en,
        text_zh=text_zh,
        keyword_vocab=kw_vocab,
        keyword_index=_keyword_index(kw_vocab),
        keywords=_indicator([[kw_vocab[k] for k in s] for s in kw_sets], len(kw_vocab)),
        n_keywords=np.array([len(s) for s in kw_sets], dtype=np.float64),
        cert_vocab=cert_vocab,
        certs=_indicator([[cert_vocab[c] for c in s] for s in cert_sets], len(cert_vocab)),
        n_certs=np.array([len(s) for s in cert_sets], dtype=np.float64),
        market_vocab=market_vocab,
        markets=_indicator([[market_vocab[m] for m in s] for s in market_sets], len(market_vocab)),
        has_market=np.array([bool(s) for s in market_sets], dtype=bool),
        mission_vocab=mission_vocab,
        missions=_indicator(
            [[mission_vocab[m] for m in s] for s in mission_sets], len(mission_vocab)
        ),
        has_mission=np.array([bool(s) for s in mission_sets], dtype=bool),
        min_trl=np.array([np.nan if d.min_trl is None else float(d.min_trl) for d in demands]),
        position={d.id: j for j, d in enumerate(demands)},
        breadth=text_model.breadth_of(sector_rows),
    )


@dataclass
class SmeFeatures:
    """A block of SME profiles encoded against the demands' vocabularies."""

    ids: list[Hashable]
    sector_weights: np.ndarray  # N×S dense: 1 confirmed, SUGGESTED_FACTOR suggested
    has_sectors: np.ndarray
    reference_sectors: np.ndarray  # N×S dense binary
    has_references: np.ndarray
    text_en: sp.csr_matrix
    text_zh: sp.csr_matrix
    keywords: sp.csr_matrix
    n_keywords: np.ndarray
    certs: sp.csr_matrix
    n_certs: np.ndarray
    markets: sp.csr_matrix
    n_markets: np.ndarray
    missions: sp.csr_matrix
    trl: np.ndarray  # NaN = unknown
    position: dict[Hashable, int]

    def __len__(self) -> int:
        return len(self.ids)


def encode_smes(
    smes: Sequence[SmeRecord], demands: DemandFeatures, text_model: TextModel
) -> SmeFeatures:
    """Encode a block of SME profiles (one Python pass over the SMEs, none over pairs)."""
    idx = _sector_index().index
    n, n_s = len(smes), len(idx)
    sector_weights = np.zeros((n, n_s))
    reference_sectors = np.zeros((n, n_s))
    kw_rows, cert_rows, market_rows, mission_rows = [], [], [], []
    n_kw, n_cert, n_market = np.zeros(n), np.zeros(n), np.zeros(n)
    for i, sme in enumerate(smes):
        for code, weight in _sme_sector_weights(sme).items():
            sector_weights[i, idx[code]] = weight
        for code in _reference_sectors(sme):
            reference_sectors[i, idx[code]] = 1.0
        kws, certs, markets = (
            _keyword_set(sme.technologies),
            _cert_set(sme.certifications),
            _market_set(sme.markets),
        )
        n_kw[i], n_cert[i], n_market[i] = len(kws), len(certs), len(markets)
        kw_rows.append(_keyword_row(kws, demands))
        cert_rows.append([demands.cert_vocab[c] for c in certs if c in demands.cert_vocab])
        market_rows.append([demands.market_vocab[m] for m in markets if m in demands.market_vocab])
        mission_rows.append(
            [demands.mission_vocab[m] for m in sme.missions if m in demands.mission_vocab]
        )
    text_en, text_zh = text_model.transform([s.text() for s in smes])
    return SmeFeatures(
        ids=[s.id for s in smes],
        sector_weights=sector_weights,
        has_sectors=sector_weights.any(axis=1),
        reference_sectors=reference_sectors,
        has_references=reference_sectors.any(axis=1),
        text_en=text_en,
        text_zh=text_zh,
        keywords=_weighted(kw_rows, len(demands.keyword_vocab)),
        n_keywords=n_kw,
        certs=_indicator(cert_rows, len(demands.cert_vocab)),
        n_certs=n_cert,
        markets=_indicator(market_rows, len(demands.market_vocab)),
        n_markets=n_market,
        missions=_indicator(mission_rows, len(demands.mission_vocab)),
        trl=np.array([np.nan if s.trl is None else float(s.trl) for s in smes]),
        position={s.id: i for i, s in enumerate(smes)},
    )


# --------------------------------------------------------------------------------------
# Vectorised scoring
# --------------------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """Scores of a block: N SMEs × M demands.

    ``components[name]`` holds each component in [0, 1] (0 where not applicable),
    ``known[name]`` whether its data was known, ``counted[name]`` whether it entered the
    weighted mean. ``confidence`` is the weight share of applicable components whose data
    was known.
    """

    sme_ids: list[Hashable]
    demand_ids: list[Hashable]
    scores: np.ndarray  # float32, 0..100
    confidence: np.ndarray  # float32, 0..1
    components: dict[str, np.ndarray]
    known: dict[str, np.ndarray]
    counted: dict[str, np.ndarray]


def _dense(m: sp.spmatrix | np.ndarray) -> np.ndarray:
    return m.toarray() if sp.issparse(m) else np.asarray(m)


def _max_over_slots(reach: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """out[n, m] = max over the sectors of demand m of reach[n, sector].

    ``slots`` lists each demand's sector columns, padded with an index that points at an
    all-zero column. Demands name only a few sectors, so a handful of gathers beats any
    matrix formulation of a max-product.
    """
    # Work demand-major: gathering whole rows of reach.T is a contiguous copy per demand.
    padded = np.concatenate([reach.T, np.zeros((1, reach.shape[0]))], axis=0)
    out = np.zeros((slots.shape[0], reach.shape[0]))
    for k in range(slots.shape[1]):
        np.maximum(out, np.take(padded, slots[:, k], axis=0), out=out)
    return np.ascontiguousarray(out.T)


def score_block(
    smes: Sequence[SmeRecord] | SmeFeatures,
    demands: DemandFeatures,
    text_model: TextModel,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
) -> ScoreResult:
    """Score every (SME, demand) pair of a block with matrix operations.

    ``smes`` may be raw profiles or an already encoded block. Memory is O(N·M) per
    component, so call it with blocks of a few hundred SMEs.
    """
    w = resolve_weights(weights)
    s = smes if isinstance(smes, SmeFeatures) else encode_smes(smes, demands, text_model)
    n, m = len(s), len(demands)
    ones = np.broadcast_to(np.True_, (n, m))  # read-only view, no memory
    comps: dict[str, np.ndarray] = {}
    known: dict[str, np.ndarray] = {}
    applicable: dict[str, np.ndarray] = {}

    # a. sector fit
    aff = _sector_index()
    reach = affinity_reach(s.sector_weights, aff.sector_affinity)
    best = _max_over_slots(reach, demands.sector_slots)
    coverage = _dense(sp.csr_matrix(reach) @ demands.sector_share.T)
    comps["sector"] = SECTOR_BEST_SHARE * best + (1.0 - SECTOR_BEST_SHARE) * coverage
    known["sector"] = np.outer(s.has_sectors, demands.n_sectors > 0)
    applicable["sector"] = ones

    # b. text relevance: cosine per language, max over languages both sides have
    cos = np.zeros((n, m))
    text_known = np.zeros((n, m), dtype=bool)
    for sm, dm in ((s.text_en, demands.text_en), (s.text_zh, demands.text_zh)):
        if sm.shape[1] == 0:
            continue
        lang_known = np.outer(np.diff(sm.indptr) > 0, np.diff(dm.indptr) > 0)
        lang_cos = _dense(sm @ dm.T)
        cos = np.maximum(cos, np.where(lang_known, lang_cos, 0.0))
        text_known |= lang_known
    comps["text"] = np.minimum(1.0, cos / TEXT_SATURATION)
    known["text"] = text_known
    applicable["text"] = ones

    # c. technology keywords: soft overlap coefficient, see records.keyword_overlap
    inter = _dense(s.keywords @ demands.keywords.T).astype(np.float64)
    smaller = np.minimum.outer(s.n_keywords, demands.n_keywords)
    comps["keywords"] = np.minimum(
        1.0, np.divide(inter, smaller, out=np.zeros((n, m)), where=smaller > 0)
    )
    known["keywords"] = smaller > 0
    applicable["keywords"] = ones

    # d. maturity
    no_minimum = np.isnan(demands.min_trl)[None, :]
    trl_unknown = np.isnan(s.trl)[:, None]
    shortfall = np.maximum(0.0, demands.min_trl[None, :] - s.trl[:, None])
    maturity = np.clip(1.0 - shortfall / MATURITY_SHORTFALL_SPAN, 0.0, 1.0)
    maturity = np.where(trl_unknown, UNKNOWN_TRL_VALUE, maturity)
    comps["maturity"] = np.where(no_minimum, 1.0, maturity)
    known["maturity"] = no_minimum | ~trl_unknown
    applicable["maturity"] = ones

    # e. certifications: share of the required ones held
    held = _dense(s.certs @ demands.certs.T).astype(np.float64)
    required = demands.n_certs[None, :]
    comps["certifications"] = np.divide(held, required, out=np.ones((n, m)), where=required > 0)
    known["certifications"] = (required == 0) | (s.n_certs > 0)[:, None]
    applicable["certifications"] = ones

    # f. market
    comps["market"] = (_dense(s.markets @ demands.markets.T) > 0).astype(np.float64)
    known["market"] = np.outer(s.n_markets > 0, demands.has_market)
    applicable["market"] = np.broadcast_to(demands.has_market[None, :], (n, m))

    # g. references in the demanded (or related) sectors
    ref_reach = affinity_reach(s.reference_sectors, aff.reference_affinity)
    comps["references"] = _max_over_slots(ref_reach, demands.sector_slots)
    known["references"] = np.outer(s.has_references, demands.n_sectors > 0)
    applicable["references"] = ones

    # h. mission delegation
    comps["mission"] = (_dense(s.missions @ demands.missions.T) > 0).astype(np.float64)
    known["mission"] = np.broadcast_to(demands.has_mission[None, :], (n, m))
    applicable["mission"] = known["mission"]

    # i. the SME's own feedback on the demand
    fb_value = np.zeros((n, m))
    fb_known = np.zeros((n, m), dtype=bool)
    for (sme_id, demand_id), interested in (feedback or {}).items():
        i, j = s.position.get(sme_id), demands.position.get(demand_id)
        if i is not None and j is not None and interested is not None:
            fb_value[i, j] = 1.0 if interested else 0.0
            fb_known[i, j] = True
    comps["feedback"] = fb_value
    known["feedback"] = fb_known
    applicable["feedback"] = fb_known

    # Masked in-place ufuncs: these N×M passes dominate the block time, so avoid
    # temporaries (np.where would allocate two arrays per term).
    numerator = np.zeros((n, m))
    denominator = np.zeros((n, m))
    known_weight = np.zeros((n, m))
    applicable_weight = np.zeros((n, m))
    scratch = np.empty((n, m))
    counted: dict[str, np.ndarray] = {}
    # Broad demanded sectors separate little: text and technologies weigh more there.
    boost = np.asarray(breadth_factor(demands.breadth), dtype=np.float64)[None, :]
    for name in COMPONENTS:
        wc = w[name] * boost if name in BREADTH_COMPONENTS else w[name]
        app = np.broadcast_to(applicable[name], (n, m))
        kn = np.broadcast_to(known[name], (n, m))
        cnt = app if name in ALWAYS_COUNTED else app & kn
        counted[name] = cnt
        np.multiply(comps[name], wc, out=scratch)
        np.add(numerator, scratch, out=numerator, where=cnt)
        np.add(denominator, wc, out=denominator, where=cnt)
        np.add(known_weight, wc, out=known_weight, where=kn)
        np.add(applicable_weight, wc, out=applicable_weight, where=app)
    total = np.divide(100.0 * numerator, denominator, out=np.zeros((n, m)), where=denominator > 0)
    confidence = np.divide(
        known_weight, applicable_weight, out=np.zeros((n, m)), where=applicable_weight > 0
    )
    return ScoreResult(
        sme_ids=list(s.ids),
        demand_ids=list(demands.ids),
        scores=total.astype(np.float32),
        confidence=confidence.astype(np.float32),
        # Every component is already 0 where it does not apply, and known ⊆ applicable.
        components={k: v.astype(np.float32) for k, v in comps.items()},
        known={k: np.broadcast_to(v, (n, m)) for k, v in known.items()},
        counted=counted,
    )


def score_matrix(
    smes: Sequence[SmeRecord],
    demands: Sequence[DemandRecord],
    *,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
    text_model: TextModel | None = None,
) -> ScoreResult:
    """Convenience for small sets: fit the text model (unless given) and score all pairs."""
    model = text_model or text_model_for(smes, demands)
    return score_block(smes, encode_demands(demands, model), model, weights, feedback)


# --------------------------------------------------------------------------------------
# Top-K selection
# --------------------------------------------------------------------------------------


def _top_k_rows(matrix: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest values of each row, best first.

    argpartition keeps this O(cols) per row; only the k survivors are sorted (by score
    descending, then index ascending so equal scores come out in a stable order).
    """
    rows, cols = matrix.shape
    k = min(k, cols)
    if k <= 0 or rows == 0:
        return np.zeros((rows, 0), dtype=np.intp)
    if k < cols:
        part = np.argpartition(-matrix, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(cols), (rows, cols)).copy()
    values = np.take_along_axis(matrix, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    return np.take_along_axis(part, order, axis=1)


def top_k_smes_per_demand(scores: np.ndarray, k: int) -> np.ndarray:
    """For each demand (column) the row indices of its k best SMEs: shape (M, k)."""
    return _top_k_rows(np.asarray(scores).T, k)


def top_k_demands_per_sme(scores: np.ndarray, k: int) -> np.ndarray:
    """For each SME (row) the column indices of its k best demands: shape (N, k)."""
    return _top_k_rows(np.asarray(scores), k)


def top_k_pairs(scores: np.ndarray, k: int, *, min_score: float = 0.0) -> np.ndarray:
    """Union of per-demand and per-SME top-k pairs as sorted unique (sme, demand) rows.

    Pairs scoring below ``min_score`` are dropped; this is the set a full rescore persists.
    """
    scores = np.asarray(scores)
    n, m = scores.shape
    per_demand = top_k_smes_per_demand(scores, k)  # (M, k) SME indices
    per_sme = top_k_demands_per_sme(scores, k)  # (N, k) demand indices
    a = np.column_stack([per_demand.ravel(), np.repeat(np.arange(m), per_demand.shape[1])])
    b = np.column_stack([np.repeat(np.arange(n), per_sme.shape[1]), per_sme.ravel()])
    pairs = np.unique(np.vstack([a, b]).astype(np.intp), axis=0)
    if len(pairs) and min_score > 0:
        pairs = pairs[scores[pairs[:, 0], pairs[:, 1]] >= min_score]
    return pairs.reshape(-1, 2)


