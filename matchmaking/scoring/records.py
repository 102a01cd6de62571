"""Plain input records, constants, weights and taxonomy relations of the match scoring."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from companies import taxonomy
from companies.text import Reference, normalise_term

ALGORITHM_VERSION = "2026.2-taxonomy-tfidf-phrases"

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


def _sme_sector_weights(sme: SmeRecord) -> dict[str, float]:
    """Sector → trust factor; a confirmed sector wins over the same suggested one."""
    weights = {c: SUGGESTED_FACTOR for c in _known_sectors(sme.suggested_sectors)}
    weights.update({c: 1.0 for c in _known_sectors(sme.sectors)})
    return weights


def _reference_sectors(sme: SmeRecord) -> list[str]:
    return _known_sectors(r.sector for r in sme.references if r.sector)

