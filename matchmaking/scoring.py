"""Match scores between SME profiles and demand projects: the maths, without Django.

Everything here takes and returns plain data so it can be unit-tested, benchmarked and
called in chunks from Celery tasks. The flow for a full rescore is::

    text_model = fit_text_model(all_sme_texts, all_demand_texts)
    demand_features = encode_demands(demands, text_model)
    for block in chunks(smes, 1000):
        result = score_block(block, demand_features, text_model, weights=..., feedback=...)
        pairs = top_k_pairs(result.scores, k=...)
        ...persist result.scores / result.components for those pairs...

Nine components, each in [0, 1], are computed for every (SME, demand) pair of a block
with sparse/dense matrix products (no Python loop over pairs):

``sector``          taxonomy-aware sector fit (exact > sub-sector of a broad demand >
                    sibling > parent only), suggested sectors count less than confirmed
``text``            TF-IDF cosine of profile and demand texts (English words, and Chinese
                    character bigrams when both sides have Chinese), saturated
``keywords``        overlap coefficient of normalised technology keywords
``maturity``        SME TRL against the demand's minimum TRL
``certifications``  share of the demand's required certifications the SME holds
``market``          the SME targets the demand's market
``references``      an SME reference project in a demanded (or related) sector
``mission``         the SME is in the delegation of the demand's mission
``feedback``        the SME's own "interested" / "not relevant" flag

Missing data never raises: it lowers the pair's ``confidence``. An unknown optional
component (keywords, market, references, mission, feedback) is left out of the weighted
mean; an unknown core component (sector, text, maturity, certifications) is counted at a
prudent value, see ``ALWAYS_COUNTED``. ``score_pair_python`` is a plain per-pair
implementation of the same definitions, kept to check the vectorised code and to measure
the speed-up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from companies import taxonomy
from companies.text import (  # noqa: F401 (Reference is re-exported for callers)
    Reference,
    chinese_bigrams,
    normalise_term,
    split_languages,
)

ALGORITHM_VERSION = "2025.1-taxonomy-tfidf"

COMPONENTS: tuple[str, ...] = (
    "sector",
    "text",
    "keywords",
    "maturity",
    "certifications",
    "market",
    "references",
    "mission",
    "feedback",
)

# Relative weights; settings may override any of them (see ``resolve_weights``). Sector and
# text carry most of the signal; feedback is heavy because it is the SME's own judgement.
DEFAULT_WEIGHTS: dict[str, float] = {
    "sector": 3.0,
    "text": 2.0,
    "keywords": 1.0,
    "maturity": 1.0,
    "certifications": 0.5,
    "market": 1.0,
    "references": 1.0,
    "mission": 0.5,
    "feedback": 2.0,
}

# Sector affinity between an SME sector and a demanded sector.
SECTOR_EXACT = 1.0
SECTOR_CHILD = 0.9  # SME is in a sub-sector of a broad (top-level) demanded sector
SECTOR_SIBLING = 0.5  # same parent, different sub-sector
SECTOR_PARENT = 0.4  # SME lists only the broad parent of a demanded sub-sector
SUGGESTED_FACTOR = 0.6  # unconfirmed, machine-suggested sectors are trusted less
# Sector fit = share × best single match + (1 - share) × mean coverage of demanded sectors:
# one strong sector is what matters for a consortium partner, covering all of them helps.
SECTOR_BEST_SHARE = 0.75

# Reference projects: in the demanded sector or its parent/child counts fully.
REFERENCE_SAME = 1.0
REFERENCE_RELATED = 0.5

# Raw TF-IDF cosines of a good profile/demand pair sit around 0.2-0.4, so the cosine is
# divided by this value and capped at 1 to put text on the same footing as 0/1 components.
TEXT_SATURATION = 0.4

MATURITY_SHORTFALL_SPAN = 4.0  # TRL levels below the minimum at which maturity reaches 0
UNKNOWN_TRL_VALUE = 0.5

# Components still counted in the total when their data is unknown, at a prudent value
# (sector and text at 0, maturity at UNKNOWN_TRL_VALUE, certifications at the share held);
# the others are left out of the weighted mean. Sector and text are the core of relevance:
# leaving them out when unknown would let an empty profile outrank a complete one.
ALWAYS_COUNTED = frozenset({"sector", "text", "maturity", "certifications"})

_MARKET_ALIASES = {
    "us": "usa",
    "united states": "usa",
    "united states of america": "usa",
    "america": "usa",
    "cn": "china",
    "prc": "china",
    "mainland china": "china",
}



# --------------------------------------------------------------------------------------
# Plain input records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmeProfile:
    """The data of one SME profile that scoring needs."""

    id: Hashable
    name: str = ""
    description: str = ""
    description_zh: str = ""
    technologies: Sequence[str] = ()
    sectors: Sequence[str] = ()  # confirmed by the SME
    suggested_sectors: Sequence[str] = ()  # proposed by the suggester, not confirmed
    trl: int | None = None
    certifications: Sequence[str] = ()
    markets: Sequence[str] = ()
    references: Sequence[Reference] = ()
    missions: Sequence[Hashable] = ()  # missions whose delegation includes the SME

    def text(self) -> str:
        """Profile text for relevance: description, technologies and references."""
        parts = [self.description, ", ".join(self.technologies)]
        for ref in self.references:
            parts += [ref.title, ref.description]
        parts.append(self.description_zh)
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class DemandProject:
    """The data of one demand project that scoring needs."""

    id: Hashable
    title: str = ""
    description: str = ""
    title_zh: str = ""
    description_zh: str = ""
    sectors: Sequence[str] = ()
    technologies: Sequence[str] = ()
    min_trl: int | None = None
    certifications: Sequence[str] = ()
    market: str | None = None
    mission: Hashable | None = None
    mission_name: str = ""
    city: str = ""

    def text(self) -> str:
        """Demand text for relevance: titles, descriptions and technologies."""
        parts = [
            self.title,
            self.description,
            ", ".join(self.technologies),
            self.title_zh,
            self.description_zh,
        ]
        return "\n".join(p for p in parts if p)


Feedback = Mapping[tuple[Hashable, Hashable], bool]
"""(sme id, demand id) → True for "interested", False for "not relevant"."""


# --------------------------------------------------------------------------------------
# Normalisation helpers (shared by both implementations)
# --------------------------------------------------------------------------------------


def normalise_certification(cert: str) -> str:
    """Treat "ISO 14001:2015", "iso-14001" and "ISO14001" as the same certification."""
    base = cert.casefold().split(":", 1)[0]
    return re.sub(r"[^0-9a-z]+", "", base)


def normalise_market(market: str) -> str:
    m = " ".join(market.casefold().split())
    return _MARKET_ALIASES.get(m, m)


def _keyword_set(words: Iterable[str]) -> set[str]:
    return {k for k in (normalise_term(w) for w in words) if k}


def _cert_set(certs: Iterable[str]) -> set[str]:
    return {c for c in (normalise_certification(x) for x in certs) if c}


def _market_set(markets: Iterable[str]) -> set[str]:
    return {m for m in (normalise_market(x) for x in markets) if m}





def resolve_weights(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Defaults updated with ``overrides``; unknown names or negative weights raise."""
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (overrides or {}).items():
        if name not in weights:
            raise ValueError(f"unknown score component {name!r}")
        if value < 0:
            raise ValueError(f"weight of {name!r} must not be negative")
        weights[name] = float(value)
    return weights


# --------------------------------------------------------------------------------------
# Taxonomy relations
# --------------------------------------------------------------------------------------


def sector_relation(sme_code: str, demand_code: str) -> str | None:
    """How an SME sector relates to a demanded sector: exact, child, sibling, parent."""
    if sme_code == demand_code:
        return "exact"
    sme_parent = sme_code.rsplit(".", 1)[0] if "." in sme_code else None
    demand_parent = demand_code.rsplit(".", 1)[0] if "." in demand_code else None
    if sme_parent == demand_code:
        return "child"
    if demand_parent == sme_code:
        return "parent"
    if sme_parent is not None and sme_parent == demand_parent:
        return "sibling"
    return None


_SECTOR_AFFINITY = {
    "exact": SECTOR_EXACT,
    "child": SECTOR_CHILD,
    "sibling": SECTOR_SIBLING,
    "parent": SECTOR_PARENT,
}
_REFERENCE_AFFINITY = {
    "exact": REFERENCE_SAME,
    "child": REFERENCE_SAME,
    "parent": REFERENCE_SAME,
    "sibling": REFERENCE_RELATED,
}


@dataclass(frozen=True)
class _SectorIndex:
    codes: tuple[str, ...]
    index: dict[str, int]
    sector_affinity: np.ndarray  # S×S, [sme sector, demand sector]
    reference_affinity: np.ndarray


@cache
def _sector_index() -> _SectorIndex:
    codes = tuple(s.code for s in taxonomy.SECTORS)
    index = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    sector_aff = np.zeros((n, n))
    ref_aff = np.zeros((n, n))
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            rel = sector_relation(a, b)
            if rel:
                sector_aff[i, j] = _SECTOR_AFFINITY[rel]
                ref_aff[i, j] = _REFERENCE_AFFINITY[rel]
    return _SectorIndex(codes, index, sector_aff, ref_aff)


def _known_sectors(codes: Iterable[str]) -> list[str]:
    """Codes that exist in the taxonomy (stale codes are ignored, not an error)."""
    index = _sector_index().index
    return [c for c in codes if c in index]


def _sme_sector_weights(sme: SmeProfile) -> dict[str, float]:
    """Sector → trust factor; a confirmed sector wins over the same suggested one."""
    weights = {c: SUGGESTED_FACTOR for c in _known_sectors(sme.suggested_sectors)}
    weights.update({c: 1.0 for c in _known_sectors(sme.sectors)})
    return weights


def _reference_sectors(sme: SmeProfile) -> list[str]:
    return _known_sectors(r.sector for r in sme.references if r.sector)


# --------------------------------------------------------------------------------------
# Text model
# --------------------------------------------------------------------------------------


@dataclass
class TextModel:
    """Fitted TF-IDF vectorizers: English words/bigrams and Chinese character bigrams.

    Either may be ``None`` when the fitted texts have no such content. The model is
    picklable, and cheap enough to rebuild from all texts (a second or two for 12,000
    profiles) that workers may simply refit it.
    """

    en: TfidfVectorizer | None
    zh: TfidfVectorizer | None
    _py: dict[str, tuple[Any, dict[str, int], list[float]]] = field(
        default_factory=dict, repr=False
    )

    def transform(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """L2-normalised TF-IDF rows for ``texts``: (English part, Chinese part)."""
        latin, cjk = zip(*(split_languages(t) for t in texts), strict=True) if texts else ((), ())
        return _transform(self.en, list(latin)), _transform(self.zh, list(cjk))

    def python_vectors(self, text: str) -> tuple[dict[int, float], dict[int, float]]:
        """Same rows as ``transform`` as {term index: weight} dicts, computed in Python."""
        latin, cjk = split_languages(text)
        return self._python_vector("en", latin), self._python_vector("zh", cjk)

    def _python_vector(self, kind: str, text: str) -> dict[int, float]:
        vectorizer = self.en if kind == "en" else self.zh
        if vectorizer is None or not text.strip():
            return {}
        if kind not in self._py:
            self._py[kind] = (
                vectorizer.build_analyzer(),
                vectorizer.vocabulary_,
                vectorizer.idf_.tolist(),
            )
        analyzer, vocabulary, idf = self._py[kind]
        counts: dict[int, int] = {}
        for token in analyzer(text):
            j = vocabulary.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        weights = {j: (1.0 + math.log(c)) * idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {j: w / norm for j, w in weights.items()} if norm else {}

    def term(self, kind: str, index: int) -> str:
        """The vocabulary term behind a column (for explanations)."""
        vectorizer = self.en if kind == "en" else self.zh
        if vectorizer is None:
            raise KeyError(index)
        if "_terms_" + kind not in self._py:
            names = vectorizer.get_feature_names_out().tolist()
            self._py["_terms_" + kind] = (names, {}, [])
        return self._py["_terms_" + kind][0][index]


def _transform(vectorizer: TfidfVectorizer | None, texts: list[str]) -> sp.csr_matrix:
    if vectorizer is None:
        return sp.csr_matrix((len(texts), 0))
    return sp.csr_matrix(vectorizer.transform(texts), dtype=np.float64)


def _fit(vectorizer: TfidfVectorizer, texts: list[str]) -> TfidfVectorizer | None:
    try:
        return vectorizer.fit(texts)
    except ValueError:  # empty vocabulary: no text of this language at all
        return None


def fit_text_model(sme_texts: Iterable[str], demand_texts: Iterable[str]) -> TextModel:
    """Fit the vectorizers on the union of SME and demand texts.

    Fitting on both sides gives terms that are frequent among SMEs (and therefore not
    distinctive) a low IDF, which is what a relevance score between the two wants.
    """
    texts = list(sme_texts) + list(demand_texts)
    latin = [split_languages(t)[0] for t in texts]
    cjk = [split_languages(t)[1] for t in texts]
    en = _fit(
        TfidfVectorizer(
            sublinear_tf=True,
            stop_words="english",
            strip_accents="unicode",
            ngram_range=(1, 2),
            dtype=np.float64,
        ),
        latin,
    )
    zh = _fit(
        TfidfVectorizer(sublinear_tf=True, analyzer=chinese_bigrams, dtype=np.float64),
        cjk,
    )
    return TextModel(en=en, zh=zh)


def text_model_for(smes: Sequence[SmeProfile], demands: Sequence[DemandProject]) -> TextModel:
    """``fit_text_model`` on the texts of these records."""
    return fit_text_model((s.text() for s in smes), (d.text() for d in demands))


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

    def __len__(self) -> int:
        return len(self.ids)


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


def encode_demands(demands: Sequence[DemandProject], text_model: TextModel) -> DemandFeatures:
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
        keywords=_indicator([[kw_vocab[k] for k in s] for s in kw_sets], len(kw_vocab)),
        n_keywords=np.array([len(s) for s in kw_sets], dtype=np.float64),
        cert_vocab=cert_vocab,
        certs=_indicator([[cert_vocab[c] for c in s] for s in cert_sets], len(cert_vocab)),
        n_certs=np.array([len(s) for s in cert_sets], dtype=np.float64),
        market_vocab=market_vocab,
        markets=_indicator([[market_vocab[m] for m in s] for s in market_sets], len(market_vocab)),
        has_market=np.array([bool(s) for s in market_sets]),
        mission_vocab=mission_vocab,
        missions=_indicator(
            [[mission_vocab[m] for m in s] for s in mission_sets], len(mission_vocab)
        ),
        has_mission=np.array([bool(s) for s in mission_sets]),
        min_trl=np.array([np.nan if d.min_trl is None else float(d.min_trl) for d in demands]),
        position={d.id: j for j, d in enumerate(demands)},
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
    smes: Sequence[SmeProfile], demands: DemandFeatures, text_model: TextModel
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
        kw_rows.append([demands.keyword_vocab[k] for k in kws if k in demands.keyword_vocab])
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
        keywords=_indicator(kw_rows, len(demands.keyword_vocab)),
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


def _affinity_reach(weights: np.ndarray, affinity: np.ndarray) -> np.ndarray:
    """reach[n, d] = max_s weights[n, s] · affinity[s, d] over the taxonomy."""
    reach = np.zeros_like(weights)
    for w in np.unique(weights[weights > 0]):
        mask = (weights == w).astype(np.float64)
        for a in np.unique(affinity[affinity > 0]):
            hit = (mask @ (affinity == a)) > 0
            np.maximum(reach, np.where(hit, w * a, 0.0), out=reach)
    return reach


def score_block(
    smes: Sequence[SmeProfile] | SmeFeatures,
    demands: DemandFeatures,
    text_model: TextModel,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
) -> ScoreResult:
    """Score every (SME, demand) pair of a block with matrix operations.

    ``smes`` may be raw profiles or an already encoded block. Memory is O(N·M) per
    component, so call it with blocks of about 1,000 SMEs.
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
    reach = _affinity_reach(s.sector_weights, aff.sector_affinity)
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

    # c. technology keywords: overlap coefficient |A∩B| / min(|A|, |B|)
    inter = _dense(s.keywords @ demands.keywords.T).astype(np.float64)
    smaller = np.minimum.outer(s.n_keywords, demands.n_keywords)
    comps["keywords"] = np.divide(inter, smaller, out=np.zeros((n, m)), where=smaller > 0)
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
    ref_reach = _affinity_reach(s.reference_sectors, aff.reference_affinity)
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
    for name in COMPONENTS:
        wc = w[name]
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
    smes: Sequence[SmeProfile],
    demands: Sequence[DemandProject],
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


# --------------------------------------------------------------------------------------
# Per-pair reference implementation
# --------------------------------------------------------------------------------------


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
    sme: SmeProfile,
    demand: DemandProject,
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
    comps["keywords"] = len(sk & dk) / smaller if smaller else 0.0
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


# --------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------

_RELATION_ORDER = {"exact": 0, "child": 1, "sibling": 2, "parent": 3}
_MARKET_NAMES = {
    "en": {"china": "China", "usa": "the USA"},
    "zh": {"china": "中国", "usa": "美国"},
}


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def _join(items: Sequence[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items)
    quoted = list(items)
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _quote(items: Iterable[str], lang: str) -> list[str]:
    return [f"“{x}”" for x in items]


def _sector_name(code: str, lang: str) -> str:
    return taxonomy.name(code, lang)


def pair_contexts(
    sme: SmeProfile,
    demand: DemandProject,
    *,
    text_model: TextModel | None = None,
    feedback: Feedback | None = None,
    max_terms: int = 5,
) -> dict[str, dict[str, Any]]:
    """The concrete matched items behind each component of one pair, for ``explain``."""
    demand_sectors = _known_sectors(dict.fromkeys(demand.sectors))
    sme_weights = _sme_sector_weights(sme)
    sector_matches = []
    for d in demand_sectors:
        candidates = [
            (code, rel, trust)
            for code, trust in sme_weights.items()
            if (rel := sector_relation(code, d))
        ]
        if candidates:
            code, rel, trust = min(
                candidates,
                key=lambda c: (-c[2] * _SECTOR_AFFINITY[c[1]], _RELATION_ORDER[c[1]], c[0]),
            )
            sector_matches.append(
                {"sme": code, "demand": d, "relation": rel, "suggested": trust < 1.0}
            )
    sector_matches.sort(key=lambda x: (_RELATION_ORDER[x["relation"]], x["suggested"]))

    shared_terms: list[str] = []
    text_known = False
    if text_model is not None:
        pairs = zip(
            text_model.python_vectors(sme.text()),
            text_model.python_vectors(demand.text()),
            ("en", "zh"),
            strict=True,
        )
        weighted: list[tuple[float, str]] = []
        for a, b, kind in pairs:
            if a and b:
                text_known = True
                weighted += [(a[j] * b[j], text_model.term(kind, j)) for j in a.keys() & b.keys()]
        for _, term in sorted(weighted, key=lambda x: (-x[0], x[1])):
            # A bigram such as "heat pump" says more than "heat" and "pump": show it alone.
            words = term.split()
            if term in shared_terms or any(
                len(words) == 1 and term in t.split() for t in shared_terms
            ):
                continue
            if len(words) > 1:
                shared_terms = [t for t in shared_terms if t not in words]
            shared_terms.append(term)
            if len(shared_terms) == max_terms:
                break

    sk, dk = _keyword_set(sme.technologies), _keyword_set(demand.technologies)
    required = {normalise_certification(c): c for c in demand.certifications}
    held = _cert_set(sme.certifications)

    ref_matches = []
    for ref in sme.references:
        if not ref.sector or ref.sector not in _sector_index().index:
            continue
        for d in demand_sectors:
            rel = sector_relation(ref.sector, d)
            if rel:
                ref_matches.append(
                    {
                        "title": ref.title,
                        "sector": ref.sector,
                        "demand": d,
                        "related": _REFERENCE_AFFINITY[rel] < REFERENCE_SAME,
                    }
                )
    ref_matches.sort(key=lambda r: r["related"])

    return {
        "sector": {
            "demand_sectors": demand_sectors,
            "sme_sectors": _known_sectors(sme.sectors),
            "suggested_sectors": _known_sectors(sme.suggested_sectors),
            "matches": sector_matches,
        },
        "text": {"shared_terms": shared_terms, "known": text_known},
        "keywords": {
            "common": sorted(sk & dk),
            "missing": sorted(dk - sk),
            "sme": sorted(sk),
            "demand": sorted(dk),
        },
        "maturity": {"sme_trl": sme.trl, "min_trl": demand.min_trl},
        "certifications": {
            "required": sorted(required.values()),
            "held": sorted(v for k, v in required.items() if k in held),
            "missing": sorted(v for k, v in required.items() if k not in held),
            "sme_has_any": bool(held),
        },
        "market": {
            "market": normalise_market(demand.market) if demand.market else None,
            "sme_markets": sorted(_market_set(sme.markets)),
        },
        "references": {
            "matches": ref_matches,
            "has_sector_references": bool(_reference_sectors(sme)),
        },
        "mission": {
            "mission": demand.mission,
            "mission_name": demand.mission_name or (str(demand.mission) if demand.mission else ""),
            "in_delegation": demand.mission is not None and demand.mission in set(sme.missions),
        },
        "feedback": {"flag": (feedback or {}).get((sme.id, demand.id))},
    }


def explain(component_name: str, value: float, context: Mapping[str, Any], language: str) -> str:
    """One readable sentence for one component of one pair, in English or Chinese.

    ``context`` is the component's entry from ``pair_contexts``; ``value`` its score in
    [0, 1]. Sentences name the concrete sectors, terms, certifications and TRL levels.
    """
    lang = _lang(language)
    builder = _EXPLAINERS.get(component_name)
    if builder is None:
        raise ValueError(f"unknown score component {component_name!r}")
    return builder(value, context, lang)


def explain_pair(
    sme: SmeProfile,
    demand: DemandProject,
    *,
    language: str = "en",
    text_model: TextModel | None = None,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
) -> dict[str, str]:
    """Sentences for every applicable component of one pair, keyed by component name."""
    model = text_model or text_model_for([sme], [demand])
    pair = score_pair_python(sme, demand, model, weights, feedback)
    contexts = pair_contexts(sme, demand, text_model=model, feedback=feedback)
    out = {}
    for name in COMPONENTS:
        if name in ("mission", "feedback", "market") and not _applicable(name, contexts[name]):
            continue
        out[name] = explain(name, pair.components[name], contexts[name], language)
    return out


def _applicable(name: str, ctx: Mapping[str, Any]) -> bool:
    if name == "mission":
        return ctx["mission"] is not None
    if name == "feedback":
        return ctx["flag"] is not None
    return ctx["market"] is not None


def _explain_sector(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "行业匹配：" if zh else "Sector fit: "
    demanded = [_sector_name(c, lang) for c in ctx["demand_sectors"]]
    if not ctx["demand_sectors"]:
        return head + ("本项目未指定行业。" if zh else "the project names no sector.")
    if not ctx["sme_sectors"] and not ctx["suggested_sectors"]:
        return head + (
            "该企业尚未选择行业，按不匹配计分。"
            if zh
            else "the company has not chosen any sector yet (counted as no match)."
        )
    if not ctx["matches"]:
        own = [_sector_name(c, lang) for c in ctx["sme_sectors"] + ctx["suggested_sectors"]]
        if zh:
            return (
                head
                + f"该企业的行业（{_join(own, lang)}）与本项目所需的{_join(demanded, lang)}不匹配。"
            )
        return head + (
            f"the company's sectors ({_join(own, lang)}) do not match the requested "
            f"{_join(demanded, lang)}."
        )
    parts = []
    for match in ctx["matches"][:3]:
        own, want = _sector_name(match["sme"], lang), _sector_name(match["demand"], lang)
        family = _sector_name(taxonomy.top_level_code(match["demand"]), lang)
        if zh:
            works = "可能从事" if match["suggested"] else "从事"
            text = {
                "exact": f"该企业{works}{own}，正是本项目所需",
                "child": f"该企业{works}{own}，属于本项目所需的{want}领域",
                "sibling": f"该企业{works}{own}，与本项目所需的{want}同属{family}",
                "parent": f"该企业登记的是{own}大类，本项目具体需要{want}",
            }[match["relation"]]
            if match["suggested"]:
                text += "（根据企业简介推荐，尚未确认）"
        else:
            works = "appears to work" if match["suggested"] else "works"
            text = {
                "exact": f"the company {works} in {own}, which this project asks for",
                "child": f"the company {works} in {own}, part of the requested {want}",
                "sibling": (
                    f"the company {works} in {own}, related to the requested {want} (both {family})"
                ),
                "parent": (
                    f"the company lists {own} in general; the project asks specifically for {want}"
                ),
            }[match["relation"]]
            if match["suggested"]:
                text += " (suggested from its profile, not yet confirmed)"
        parts.append(text)
    sentence = head + ("；".join(parts) + "。" if zh else "; ".join(parts) + ".")
    total, covered = len(ctx["demand_sectors"]), len(ctx["matches"])
    if total > 1:
        sentence += (
            f"覆盖本项目所需{total}个行业中的{covered}个。"
            if zh
            else f" It covers {covered} of the {total} requested sectors."
        )
    return sentence


def _explain_text(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "文本相关度：" if zh else "Text relevance: "
    if not ctx["known"]:
        return head + (
            "企业简介与项目描述没有共同语言的文本，按无重叠计分。"
            if zh
            else "the profile and the project have no text in a common language (counted as "
            "no overlap)."
        )
    terms = _quote(ctx["shared_terms"], lang)
    if not terms:
        return head + (
            "企业简介与项目描述没有共同的关键术语。"
            if zh
            else "the company profile and the project description share no distinctive terms."
        )
    if zh:
        strength = "高度相关" if value >= 0.75 else "部分相关" if value >= 0.3 else "略有相关"
        return head + f"{strength}，企业简介与项目描述共有术语{_join(terms, lang)}。"
    strength = "closely" if value >= 0.75 else "partly" if value >= 0.3 else "slightly"
    return head + (
        f"the company profile and the project description {strength} overlap and share "
        f"the terms {_join(terms, lang)}."
    )


def _explain_keywords(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "技术关键词：" if zh else "Technologies: "
    if not ctx["sme"] or not ctx["demand"]:
        who = (
            ("企业" if not ctx["sme"] else "项目")
            if zh
            else ("the company" if not ctx["sme"] else "the project")
        )
        return head + (
            f"{who}未列出技术关键词，本项未计分。"
            if zh
            else f"{who} lists no technologies, so this was not scored."
        )
    common, missing = ctx["common"], ctx["missing"]
    if not common:
        if zh:
            return head + (
                f"项目所需的技术（{_join(ctx['demand'], lang)}）不在企业列出的技术"
                f"（{_join(ctx['sme'], lang)}）之中。"
            )
        return head + (
            f"none of the requested technologies ({_join(ctx['demand'], lang)}) is among "
            f"the company's ({_join(ctx['sme'], lang)})."
        )
    if zh:
        sentence = head + f"双方都涉及{_join(common, lang)}"
        sentence += f"；项目还需要{_join(missing, lang)}。" if missing else "。"
        return sentence
    sentence = head + f"both name {_join(common, lang)}"
    sentence += f"; the project also asks for {_join(missing, lang)}." if missing else "."
    return sentence


def _explain_maturity(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "技术成熟度：" if zh else "Maturity: "
    trl, minimum = ctx["sme_trl"], ctx["min_trl"]
    if minimum is None:
        if zh:
            return head + "项目未设最低TRL要求" + (f"（该方案处于TRL {trl}）。" if trl else "。")
        return (
            head
            + "the project sets no minimum TRL"
            + (f" (the solution is at TRL {trl})." if trl else ".")
        )
    if trl is None:
        if zh:
            return head + f"企业未填写技术成熟度（TRL），项目要求至少TRL {minimum}（按一半计分）。"
        return head + (
            f"the company has not stated a TRL; the project asks for at least TRL {minimum} "
            "(counted as half)."
        )
    if trl >= minimum:
        if zh:
            return head + f"该方案处于TRL {trl}，达到项目要求的最低TRL {minimum}。"
        return (
            head + f"the solution is at TRL {trl}, meeting the project's minimum of TRL {minimum}."
        )
    gap = minimum - trl
    if zh:
        return head + f"该方案处于TRL {trl}，比项目要求的最低TRL {minimum}低{gap}级。"
    levels = "level" if gap == 1 else "levels"
    return head + (
        f"the solution is at TRL {trl}, {gap} {levels} below the project's minimum of "
        f"TRL {minimum}."
    )


def _explain_certifications(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "认证：" if zh else "Certifications: "
    required, held, missing = ctx["required"], ctx["held"], ctx["missing"]
    if not required:
        return head + ("项目无认证要求。" if zh else "the project requires none.")
    if not missing:
        if zh:
            return head + f"具备全部所需认证（{_join(held, lang)}）。"
        return head + f"holds all required certifications ({_join(held, lang)})."
    if zh:
        got = f"具备{_join(held, lang)}，" if held else ""
        tail = "" if ctx["sme_has_any"] else "企业未填写任何认证。"
        return head + (
            f"{got}缺少{_join(missing, lang)}（满足{len(required)}项中的{len(held)}项）。{tail}"
        )
    got = f"holds {_join(held, lang)} but " if held else ""
    tail = "" if ctx["sme_has_any"] else " The profile lists no certifications."
    return head + (
        f"{got}is missing {_join(missing, lang)} ({len(held)} of {len(required)} required).{tail}"
    )


def _explain_market(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "目标市场：" if zh else "Market: "
    market = ctx["market"]
    if market is None:
        return head + ("项目未指定市场。" if zh else "the project names no market.")
    names = _MARKET_NAMES[lang]
    place = names.get(market, market)
    own = [names.get(m, m) for m in ctx["sme_markets"]]
    if not own:
        return head + (
            f"企业未填写目标市场；项目位于{place}。"
            if zh
            else f"the company has not stated its target markets; the project is in {place}."
        )
    if market in ctx["sme_markets"]:
        return head + (
            f"该企业以{place}为目标市场，与项目所在地一致。"
            if zh
            else f"the company targets {place}, where this project is."
        )
    if zh:
        return head + f"项目位于{place}，但该企业的目标市场（{_join(own, lang)}）不包括{place}。"
    return head + (
        f"the project is in {place}, which is not among the company's target markets "
        f"({_join(own, lang)})."
    )


def _explain_references(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "参考案例：" if zh else "References: "
    if not ctx["has_sector_references"]:
        return head + (
            "企业简介中没有标明行业的参考项目，本项未计分。"
            if zh
            else "the profile has no reference projects with a sector, so this was not scored."
        )
    if not ctx["matches"]:
        return head + (
            "该企业的参考项目均不属于本项目所需的行业。"
            if zh
            else "none of the company's reference projects is in the requested sectors."
        )
    m = ctx["matches"][0]
    own, want = _sector_name(m["sector"], lang), _sector_name(m["demand"], lang)
    if zh:
        if m["related"]:
            return head + f"参考项目“{m['title']}”属于{own}，与本项目所需的{want}相关。"
        return head + f"参考项目“{m['title']}”属于{own}，与本项目所需的{want}一致。"
    if m["related"]:
        return (
            head
            + f"the reference project “{m['title']}” is in {own}, related to the requested {want}."
        )
    return (
        head + f"the reference project “{m['title']}” is in {own}, matching the requested {want}."
    )


def _explain_mission(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "考察团：" if zh else "Mission: "
    if ctx["mission"] is None:
        return head + (
            "本项目不属于任何考察团。" if zh else "the project is not tied to a mission."
        )
    name = ctx["mission_name"]
    if ctx["in_delegation"]:
        return head + (
            f"该企业是“{name}”考察团成员，本项目正属于该考察团。"
            if zh
            else f"the company is in the delegation of the “{name}” mission behind this project."
        )
    return head + (
        f"该企业不在“{name}”考察团中。"
        if zh
        else f"the company is not in the delegation of the “{name}” mission."
    )


def _explain_feedback(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "反馈：" if zh else "Feedback: "
    flag = ctx["flag"]
    if flag is None:
        return head + ("暂无反馈。" if zh else "no feedback yet.")
    if flag:
        return head + (
            "该企业已将本项目标记为感兴趣。"
            if zh
            else "the company marked this project as interesting."
        )
    return head + (
        "该企业已将本项目标记为不相关。"
        if zh
        else "the company marked this project as not relevant."
    )


_EXPLAINERS = {
    "sector": _explain_sector,
    "text": _explain_text,
    "keywords": _explain_keywords,
    "maturity": _explain_maturity,
    "certifications": _explain_certifications,
    "market": _explain_market,
    "references": _explain_references,
    "mission": _explain_mission,
    "feedback": _explain_feedback,
}
