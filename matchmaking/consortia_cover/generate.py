"""Deterministic synthetic populations for the benchmark and the larger tests."""

from __future__ import annotations

import random

from .records import Candidate

COUNTRIES = ("AT", "BE", "DK", "FR", "SE", "DE", "NL", "FI")


def population(
    *, smes: int, sectors: list[str], seed: int = 1, coverage: float = 0.3
) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """``smes`` candidates, each covering every sector with probability ``coverage`` (at
    least one), with scores 20–95; and acquaintances (about two per SME, delegations)."""
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
    acquainted = [(rng.randint(1, smes), rng.randint(1, smes)) for _ in range(smes)]
    return candidates, acquainted
