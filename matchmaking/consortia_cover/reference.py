"""Brute force over every member set and assignment: the independent check of ``cpsat``.

Exponential; for the small cases of the tests (a dozen candidates, up to four sectors).
It shares only the records and ``cover_from`` (the one formula of a cover's figures) with
the solver, not the model.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from .records import Candidate, Cover, Preferences, acquainted_set, cover_from


def all_covers(
    sectors: Sequence[str],
    candidates: Iterable[Candidate],
    *,
    acquainted: Iterable[tuple[int, int]] = (),
    preferences: Preferences | None = None,
) -> list[Cover]:
    """For every admissible member set, its best assignment; best first."""
    preferences = preferences or Preferences()
    sectors = tuple(dict.fromkeys(sectors))
    pool = {c.id: c for c in candidates}
    known = acquainted_set(acquainted)
    best_per_set: list[Cover] = []
    ids = sorted(pool)
    for size in range(preferences.min_size, preferences.max_size + 1):
        for members in itertools.combinations(ids, size):
            best = None
            # Each sector goes to one member who covers it, or to nobody (None).
            options = [
                [None, *(m for m in members if pool[m].scores.get(s, 0) > 0)] for s in sectors
            ]
            for choice in itertools.product(*options):
                if set(members) - set(choice):
                    continue  # a member who covers nothing
                assignment = {s: m for s, m in zip(sectors, choice, strict=True) if m is not None}
                cover = cover_from(
                    sectors=sectors,
                    members=members,
                    assignment=assignment,
                    candidates=pool,
                    acquainted=known,
                    preferences=preferences,
                )
                if best is None or cover.objective > best.objective:
                    best = cover
            if best is not None:
                best_per_set.append(best)
    best_per_set.sort(key=lambda c: (-c.objective, c.members))
    return best_per_set
