"""The exact model: CP-SAT over the pruned candidates (OR-Tools imported when solving)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .prune import prune
from .records import (
    SCALE,
    Candidate,
    Cover,
    Preferences,
    Proposals,
    acquainted_set,
    cover_from,
)


def propose(
    sectors: Sequence[str],
    candidates: Iterable[Candidate],
    *,
    acquainted: Iterable[tuple[int, int]] = (),
    preferences: Preferences | None = None,
) -> Proposals:
    """The best ``preferences.count`` covers of ``sectors``, best first.

    Each cover has 2–4 members (the size bound of ``preferences``), every member covers at
    least one requested sector, and each sector is covered by at most one member. When no
    set of candidates covers every sector, the covers are the best partial ones and name
    what is missing. The n-th cover is the best one whose member set differs from the
    earlier covers'.
    """
    from ortools.sat.python import cp_model

    preferences = preferences or Preferences()
    started = time.perf_counter()
    sectors = tuple(dict.fromkeys(sectors))
    wanted = set(sectors)
    kept = prune(sectors, candidates, per_sector=preferences.per_sector)
    by_id = {c.id: c for c in kept}
    known = acquainted_set(acquainted)
    result = Proposals(sectors=sectors, candidates_kept=len(kept))
    if not kept or not sectors:
        return result

    model = cp_model.CpModel()
    member = {c.id: model.new_bool_var(f"x{c.id}") for c in kept}
    assign: dict[tuple[int, str], object] = {}
    objective = []
    for candidate in kept:
        covers = []
        for sector, score in sorted(candidate.scores.items()):
            if sector not in wanted or score <= 0:
                continue
            var = model.new_bool_var(f"a{candidate.id}_{sector}")
            model.add_implication(var, member[candidate.id])
            assign[candidate.id, sector] = var
            covers.append(var)
            weight = round((preferences.coverage_weight + score) * SCALE)
            objective.append(weight * var)
        # A member covers at least one sector: nobody joins for nothing.
        model.add(sum(covers) >= member[candidate.id])
    for sector in sectors:
        model.add_at_most_one(v for (i, s), v in assign.items() if s == sector)
    model.add(sum(member.values()) >= preferences.min_size)
    model.add(sum(member.values()) <= preferences.max_size)

    by_country: dict[str, list] = defaultdict(list)
    for candidate in kept:
        by_country[candidate.country].append(member[candidate.id])
    present = []
    for country, members in sorted(by_country.items()):
        var = model.new_bool_var(f"c_{country}")
        model.add(var <= sum(members))
        present.append(var)
    several = model.new_bool_var("several_countries")
    model.add(2 * several <= sum(present))
    objective.append(round(preferences.country_bonus * SCALE) * several)
    for a, b in sorted(known):
        if a in member and b in member:
            both = model.new_bool_var(f"p{a}_{b}")
            model.add_implication(both, member[a])
            model.add_implication(both, member[b])
            objective.append(round(preferences.acquainted_bonus * SCALE) * both)
    model.maximize(sum(objective))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic, and these models are small
    solver.parameters.random_seed = 7
    # The full LP relaxation proves these covers optimal in a tenth of a second; at the
    # default level a single worker often ran out of time on 50 candidates × 5 sectors.
    solver.parameters.linearization_level = 2
    deadline = started + preferences.time_limit
    for _ in range(preferences.count):
        solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.05)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        if status != cp_model.OPTIMAL:
            result.optimal = False
        chosen = [i for i, var in member.items() if solver.boolean_value(var)]
        assignment = {s: i for (i, s), var in assign.items() if solver.boolean_value(var)}
        result.covers.append(
            cover_from(
                sectors=sectors,
                members=chosen,
                assignment=assignment,
                candidates=by_id,
                acquainted=known,
                preferences=preferences,
            )
        )
        # The next cover must differ in its member set (not just in who covers what).
        inside = [member[i] for i in chosen]
        outside = [var for i, var in member.items() if i not in chosen]
        model.add(sum(inside) - sum(outside) <= len(inside) - 1)
    result.covers.sort(key=_rank)
    result.seconds = time.perf_counter() - started
    return result


def _rank(cover: Cover) -> tuple:
    return (-cover.objective, cover.members)

