"""Keep the candidates worth a place in the exact model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .records import Candidate


def prune(
    sectors: Sequence[str], candidates: Iterable[Candidate], *, per_sector: int
) -> list[Candidate]:
    """Per requested sector, the ``per_sector`` best candidates by score plus the best of
    each country (so a cover across countries stays possible); by id.

    Candidates that cover no requested sector are dropped. A member that ranks below these
    in every sector it covers can only win through the small bonuses, which is the price of
    solving 2,000 candidates in well under a second.
    """
    wanted = set(sectors)
    kept: dict[int, Candidate] = {}
    by_sector: dict[str, list[Candidate]] = {s: [] for s in sectors}
    for candidate in candidates:
        for sector, score in candidate.scores.items():
            if sector in wanted and score > 0:
                by_sector[sector].append(candidate)
    for sector, covering in by_sector.items():
        covering.sort(key=lambda c: (-c.scores[sector], c.id))
        for candidate in covering[:per_sector]:
            kept[candidate.id] = candidate
        seen: set[str] = set()
        for candidate in covering:
            if candidate.country not in seen:
                seen.add(candidate.country)
                kept[candidate.id] = candidate
    return [kept[i] for i in sorted(kept)]
