"""Deterministic synthetic populations for the benchmark and the larger tests."""

from __future__ import annotations

import random

from .records import Candidate

COUNTRIES = ("AT", "BE", "DK", "FR", "SE", "DE", "NL", "FI")


def population(
    *,
    smes: int,
    sectors: list[str],
    seed: int = 1,
    coverage: float = 0.3,
    delegation: int = 0,
) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """``smes`` candidates, each covering every sector with probability ``coverage`` (at
    least one), with scores 20–95; and acquaintances: about two random ones per SME, or,
    with ``delegation`` > 1, everyone in the same delegation of that size (as missions
    make them)."""
    rng = random.Random(seed)
    candidates = []
    for pk in range(1, smes + 1):
        covered = [s for s in sectors if rng.random() < coverage] or [rng.choice(sectors)]
        candidates.append(
            Candidate(
                id=pk,
                country=rng.choice(COUNTRIES),
                scores={s: round(rng.uniform(20, 95), 2) for s in covered},
            )
        )
    if delegation > 1:
        order = list(range(1, smes + 1))
        rng.shuffle(order)
        acquainted = [
            (a, b)
            for start in range(0, smes, delegation)
            for i, a in enumerate(order[start : start + delegation])
            for b in order[start + i + 1 : start + delegation]
        ]
    else:
        acquainted = [(rng.randint(1, smes), rng.randint(1, smes)) for _ in range(smes)]
    return candidates, acquainted
