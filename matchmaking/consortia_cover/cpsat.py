"""The exact model: CP-SAT, first over the pruned candidates, then over every candidate
the safe reductions leave (OR-Tools imported when solving)."""

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
from .reduce import clique_cover, reduce


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

    Two solves: one over the few candidates ``prune`` keeps, whose covers set a threshold;
    then one over every candidate that ``reduce`` cannot rule out against that threshold.
    ``optimal`` says the second one was proven within the time limit, so no cover over all
    candidates is better.
    """
    preferences = preferences or Preferences()
    started = time.perf_counter()
    # The solves stop a little early: building the model and the answer take time too.
    deadline = started + preferences.time_limit * 0.9
    sectors = tuple(dict.fromkeys(sectors))
    candidates = list(candidates)
    known = acquainted_set(acquainted)
    result = Proposals(sectors=sectors)
    if not candidates or not sectors:
        return result
    kept = prune(sectors, candidates, per_sector=preferences.per_sector)
    first, first_optimal = _solve(sectors, kept, known, preferences, deadline=deadline)
    threshold = first[-1].objective if len(first) == preferences.count and first_optimal else None
    remaining = reduce(
        sectors, candidates, acquainted=known, preferences=preferences, threshold=threshold
    )
    result.candidates_total = len({c.id for c in candidates})
    if {c.id for c in remaining} <= {c.id for c in kept} and first_optimal:
        result.covers, result.candidates_kept = first, len(kept)
    else:
        second, second_optimal = _solve(
            sectors, remaining, known, preferences, deadline=deadline,
            threshold=threshold, hint=first[0].members if first else (),
        )
        result.candidates_kept = len(remaining)
        result.optimal = second_optimal
        result.covers = second if second_optimal else _merged(second, first, preferences.count)
    result.seconds = time.perf_counter() - started
    return result


def _merged(one: list[Cover], other: list[Cover], count: int) -> list[Cover]:
    """The best ``count`` covers of two unproven solves, one per member set."""
    best: dict[tuple[int, ...], Cover] = {}
    for cover in [*one, *other]:
        if cover.members not in best or cover.objective > best[cover.members].objective:
            best[cover.members] = cover
    return sorted(best.values(), key=_rank)[:count]


def _solve(
    sectors: tuple[str, ...],
    kept: list[Candidate],
    known: frozenset[tuple[int, int]],
    preferences: Preferences,
    *,
    deadline: float,
    threshold: float | None = None,
    hint: Sequence[int] = (),
) -> tuple[list[Cover], bool]:
    """The best ``count`` covers over ``kept``, and whether each solve was proven.

    ``threshold``, when given, is an objective the ``count`` best covers are known to
    reach: a cut that lets the solver discard the rest early. ``hint`` is a member set to
    try first.
    """
    from ortools.sat.python import cp_model

    wanted = set(sectors)
    by_id = {c.id: c for c in kept}
    covers: list[Cover] = []
    if not kept:
        return covers, True
    model = cp_model.CpModel()
    member = {c.id: model.new_bool_var(f"x{c.id}") for c in kept}
    assign: dict[tuple[int, str], object] = {}
    objective = []
    for candidate in kept:
        covering = []
        for sector, score in sorted(candidate.scores.items()):
            if sector not in wanted or score <= 0:
                continue
            var = model.new_bool_var(f"a{candidate.id}_{sector}")
            model.add_implication(var, member[candidate.id])
            assign[candidate.id, sector] = var
            covering.append(var)
            weight = round((preferences.coverage_weight + score) * SCALE)
            objective.append(weight * var)
        # A member covers at least one sector: nobody joins for nothing.
        model.add(sum(covering) >= member[candidate.id])
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
    # Pairs who know each other, counted per group of people who all know one another (a
    # delegation): a group with k members inside adds k(k-1)/2 pairs. Counting by groups
    # keeps the relaxation tight where single pair variables would let it spread a
    # fraction of a member over many pairs.
    pair_weight = round(preferences.acquainted_bonus * SCALE)
    counted = []
    for g, group in enumerate(clique_cover(known, set(member))):
        top = min(len(group), preferences.max_size)
        # One-hot on how many of the group are in: its relaxation is the hull of k(k-1)/2.
        levels = {k: model.new_bool_var(f"g{g}_{k}") for k in range(top + 1)}
        model.add_exactly_one(levels.values())
        model.add(sum(member[pk] for pk in group) == sum(k * v for k, v in levels.items()))
        for k in range(2, top + 1):
            objective.append(pair_weight * (k * (k - 1) // 2) * levels[k])
        counted.append(sum(k * (k - 1) // 2 * levels[k] for k in range(2, top + 1)))
    # No more pairs than the size bound allows: a cut the relaxation does not see.
    ceiling = preferences.max_size * (preferences.max_size - 1) // 2
    if counted:
        model.add(sum(counted) <= ceiling)
    if threshold is not None:
        # Scaled objectives are rounded per term: one unit per term of slack.
        model.add(sum(objective) >= round(threshold * SCALE) - len(objective))
    for pk in hint:
        if pk in member:
            model.add_hint(member[pk], 1)
    model.maximize(sum(objective))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic, and these models are small
    solver.parameters.random_seed = 7
    # The full LP relaxation proves these covers optimal in a tenth of a second; at the
    # default level a single worker often ran out of time on 50 candidates × 5 sectors.
    solver.parameters.linearization_level = 2
    optimal = True
    for _ in range(preferences.count):
        solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.05)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            optimal = optimal and status == cp_model.INFEASIBLE
            break
        if status != cp_model.OPTIMAL:
            optimal = False
        chosen = [i for i, var in member.items() if solver.boolean_value(var)]
        assignment = {s: i for (i, s), var in assign.items() if solver.boolean_value(var)}
        covers.append(
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
    covers.sort(key=_rank)
    return covers, optimal


def _rank(cover: Cover) -> tuple:
    return (-cover.objective, cover.members)
