"""Plain records of the consortium problem: candidates, preferences, covers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Scores are 0–100 with decimals; the solver works in integers of 1/100 point.
SCALE = 100


@dataclass(frozen=True)
class Candidate:
    """An SME that could join: its country and, per requested sector it covers, its score."""

    id: int
    country: str
    scores: Mapping[str, float]


@dataclass(frozen=True)
class Preferences:
    """Size bound and the weights of the preferences, in score points.

    ``country_bonus`` is added once when the members come from two countries or more,
    ``acquainted_bonus`` once per pair of members who know each other. Both are small next
    to a requested sector left uncovered (``coverage_weight``), so they break ties between
    covers of similar scores but never cost a sector.
    """

    min_size: int = 2
    max_size: int = 4
    country_bonus: float = 8.0
    acquainted_bonus: float = 4.0
    coverage_weight: float = 1000.0
    per_sector: int = 8
    count: int = 3
    time_limit: float = 2.0

    def __post_init__(self) -> None:
        if not 1 <= self.min_size <= self.max_size:
            raise ValueError("need 1 <= min_size <= max_size")
        if self.count < 1 or self.per_sector < 1:
            raise ValueError("count and per_sector must be at least 1")


@dataclass(frozen=True)
class Cover:
    """One proposal: its members, which member covers which sector, what stays uncovered."""

    members: tuple[int, ...]
    assignment: Mapping[str, int]
    missing: tuple[str, ...]
    combined_score: float
    countries: int
    acquainted_pairs: int
    objective: float

    @property
    def complete(self) -> bool:
        return not self.missing

    def sectors_of(self, member: int) -> list[str]:
        return sorted(s for s, m in self.assignment.items() if m == member)


@dataclass
class Proposals:
    """The best covers, best first, with the figures of the solve."""

    sectors: tuple[str, ...]
    covers: list[Cover] = field(default_factory=list)
    candidates_kept: int = 0  # in the model that gave the covers
    candidates_total: int = 0
    optimal: bool = True  # proven best over every candidate, not only the ones kept
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return bool(self.covers) and self.covers[0].complete


def pair_key(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


def acquainted_set(pairs: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    return frozenset(pair_key(a, b) for a, b in pairs if a != b)


def cover_from(
    *,
    sectors: tuple[str, ...],
    members: Iterable[int],
    assignment: Mapping[str, int],
    candidates: Mapping[int, Candidate],
    acquainted: frozenset[tuple[int, int]],
    preferences: Preferences,
) -> Cover:
    """The ``Cover`` for a member set and assignment, with its figures computed here (the
    solver's objective is recomputed, so the solver and the reference agree on one formula).
    """
    members = tuple(sorted(members))
    total = sum(candidates[m].scores[s] for s, m in assignment.items())
    countries = len({candidates[m].country for m in members})
    pairs = sum(
        1
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if pair_key(a, b) in acquainted
    )
    objective = (
        preferences.coverage_weight * len(assignment)
        + total
        + (preferences.country_bonus if countries >= 2 else 0.0)
        + preferences.acquainted_bonus * pairs
    )
    return Cover(
        members=members,
        assignment=dict(sorted(assignment.items())),
        missing=tuple(s for s in sectors if s not in assignment),
        combined_score=round(total / len(sectors), 2) if sectors else 0.0,
        countries=countries,
        acquainted_pairs=pairs,
        objective=round(objective, 4),
    )
