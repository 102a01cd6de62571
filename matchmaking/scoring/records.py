"""Plain input records, constants, weights and taxonomy relations of the match scoring."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from companies import taxonomy
from companies.bilingual import chinese_to_english, glossary_terms, has_chinese
from companies.text import Reference, normalise_term

ALGORITHM_VERSION = "2026.3-bilingual-soft-keywords"

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

# Equal totals are ordered by these parts in turn: what the two texts and technology lists
# share says more about a pair than the sector ticks, which many SMEs have in common.
TIE_BREAK: tuple[str, ...] = ("text", "keywords", "sector")

# Relative weights; settings may override any of them (see ``resolve_weights``). Sector and
# text carry most of the signal; feedback is heavy because it is the SME's own judgement.
DEFAULT_WEIGHTS: dict[str, float] = {
    "sector": 3.0,
    "text": 3.0,
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

# Technologies that are not spelled the same: "heat pump" inside "large heat pump" (or the
# head word "pump" of "heat pump") counts nearly fully; two terms ending on the same two
# words ("air source heat pump", "ground source heat pump") count half.
KEYWORD_CONTAINED = 0.8
KEYWORD_SHARED_HEAD = 0.5

# Sectors that separate little: when a demand's sectors are within reach (sector fit of
# at least BREADTH_REACH) of more than BREADTH_START of all SMEs, the text and technology
# weights grow linearly, up to (1 + BREADTH_BOOST) times when every SME is within reach.
# Below BREADTH_MIN_SMES profiles the share says nothing and no weight changes.
BREADTH_REACH = 0.5
BREADTH_START = 0.05
BREADTH_BOOST = 2.0
BREADTH_MIN_SMES = 20
BREADTH_COMPONENTS = ("text", "keywords")

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
class SmeRecord:
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
class DemandRecord:
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


def _keyword_terms(word: str) -> list[str]:
    """A technology as normalised English terms: a Chinese one (热泵) through the glossary,
    else the dictionary; an English one as it is."""
    if not has_chinese(word):
        return [normalise_term(word)]
    word = word.strip()
    found = glossary_terms().get(word)
    english = list(found) if found else chinese_to_english(word).split("\n")
    latin = re.sub(r"[\u3400-\u9fff\uf900-\ufaff]+", " ", word).strip()
    return [normalise_term(t) for t in ([*english[:1], latin] if latin else english[:1])]


def _keyword_set(words: Iterable[str]) -> set[str]:
    return {k for w in words for k in _keyword_terms(w) if k}


def keyword_similarity(a: str, b: str) -> float:
    """How far two normalised technology terms name the same thing, in [0, 1]."""
    if a == b:
        return 1.0
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    n = len(short)
    if n < len(long_):
        if long_[-n:] == short:
            return KEYWORD_CONTAINED  # the head: "heat pump" in "large heat pump"
        if n >= 2 and any(long_[i : i + n] == short for i in range(len(long_) - n + 1)):
            return KEYWORD_CONTAINED  # "district heating" in "district heating network"
    if len(wa) >= 2 and len(wb) >= 2 and wa[-2:] == wb[-2:]:
        return KEYWORD_SHARED_HEAD
    return 0.0


def keyword_overlap(sme_terms: set[str], demand_terms: set[str]) -> float:
    """Soft overlap coefficient: each demanded technology's best match among the SME's,
    summed, over the smaller list's length (capped at 1); exact terms only gives the
    classic |A∩B| / min(|A|, |B|)."""
    smaller = min(len(sme_terms), len(demand_terms))
    if not smaller:
        return 0.0
    total = sum(
        max((keyword_similarity(s, d) for s in sme_terms), default=0.0) for d in demand_terms
    )
    return min(1.0, total / smaller)


def keyword_context(sme_terms: set[str], demand_terms: set[str]) -> dict:
    """The matched technologies of a pair, for the explanations."""
    related = []
    for d in sorted(demand_terms - sme_terms):
        best = max(sorted(sme_terms), key=lambda s: keyword_similarity(s, d), default=None)
        if best is not None and keyword_similarity(best, d) > 0:
            related.append((d, best))
    matched = {d for d, _ in related} | (sme_terms & demand_terms)
    return {
        "common": sorted(sme_terms & demand_terms),
        "related": related,
        "missing": sorted(demand_terms - matched),
        "sme": sorted(sme_terms),
        "demand": sorted(demand_terms),
    }


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


def _sme_sector_weights(sme: SmeRecord) -> dict[str, float]:
    """Sector → trust factor; a confirmed sector wins over the same suggested one."""
    weights = {c: SUGGESTED_FACTOR for c in _known_sectors(sme.suggested_sectors)}
    weights.update({c: 1.0 for c in _known_sectors(sme.sectors)})
    return weights


def _reference_sectors(sme: SmeRecord) -> list[str]:
    return _known_sectors(r.sector for r in sme.references if r.sector)


def affinity_reach(weights: np.ndarray, affinity: np.ndarray) -> np.ndarray:
    """reach[n, d] = max_s weights[n, s] · affinity[s, d] over the taxonomy."""
    reach = np.zeros_like(weights)
    for w in np.unique(weights[weights > 0]):
        mask = (weights == w).astype(np.float64)
        for a in np.unique(affinity[affinity > 0]):
            hit = (mask @ (affinity == a)) > 0
            np.maximum(reach, np.where(hit, w * a, 0.0), out=reach)
    return reach


def sector_reach(smes: Sequence[SmeRecord]) -> np.ndarray:
    """N×S booleans: SME n's sector fit with sector s alone is at least BREADTH_REACH."""
    idx = _sector_index()
    weights = np.zeros((len(smes), len(idx.codes)))
    for i, sme in enumerate(smes):
        for code, trust in _sme_sector_weights(sme).items():
            weights[i, idx.index[code]] = trust
    return affinity_reach(weights, idx.sector_affinity) >= BREADTH_REACH


def breadth_factor(share: float | np.ndarray) -> float | np.ndarray:
    """Multiplier of the text and technology weights for a demand whose sectors are within
    reach of ``share`` of all SMEs."""
    excess = np.clip((np.asarray(share) - BREADTH_START) / (1.0 - BREADTH_START), 0.0, 1.0)
    return 1.0 + BREADTH_BOOST * excess
