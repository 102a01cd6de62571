"""Safe reductions: drop candidates that cannot be in any of the best covers.

``prune`` keeps a small set quickly but may drop a member of the true best cover (a
candidate that is nowhere among the best few of a sector can still win through the
bonuses). The two rules here only drop a candidate when the best ``count`` covers over
all candidates are still reached without it, so the exact model over what is left is
exact over everything:

* **Loss.** Every cover is worth at most the sum, over the requested sectors, of the best
  weight anyone offers, plus the bonuses. A member that falls short of the best score in
  every sector it covers by more than that slack over a threshold reached by ``count``
  known covers sits in no cover that beats them.
* **Exchange.** For every set of sectors a member could take, keep the best few who cover
  all of them (enough that some stay outside any cover, of more than one country). Any
  other candidate could be swapped for one of those for the same sectors without losing
  score; it only stays if the pairs it may bring (it knows other candidates still in) are
  worth more than the score it loses against the last one kept.

Both rules are applied in turn until nothing changes, the acquaintances counted among the
candidates still in.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .records import Candidate, Preferences

# Enumerating connected groups to bound the pairs among members stops here; past it the
# bound falls back to what the degrees allow. While many candidates know someone, the
# degrees alone give the bound (the walk is worth it once the rules have thinned them).
GROUP_LIMIT = 20_000
WALK_BELOW = 400


def reduce(
    sectors: Sequence[str],
    candidates: Sequence[Candidate],
    *,
    acquainted: frozenset[tuple[int, int]],
    preferences: Preferences,
    threshold: float | None,
) -> list[Candidate]:
    """The candidates that may sit in the ``preferences.count`` best covers, by id.

    ``threshold`` is an objective that ``count`` distinct covers are known to reach (None
    when fewer are known: the loss rule is then skipped).
    """
    sectors = tuple(dict.fromkeys(sectors))
    cw = preferences.coverage_weight
    weight: dict[int, dict[str, float]] = {}
    for candidate in candidates:
        covered = {s: cw + candidate.scores[s] for s in sectors if candidate.scores.get(s, 0) > 0}
        if covered:
            weight[candidate.id] = covered
    by_id = {c.id: c for c in candidates}
    country = {pk: by_id[pk].country for pk in weight}
    best = {s: max((w[s] for w in weight.values() if s in w), default=0.0) for s in sectors}
    ideal = sum(best.values())
    kept, last = _exchange_lists(weight, country, preferences)
    alive = set(weight)
    while True:
        neighbours = _neighbours(acquainted, alive)
        after = set()
        if threshold is not None:
            most_pairs = _most_pairs(neighbours, preferences.max_size)
            slack = (
                ideal
                + preferences.country_bonus
                + preferences.acquainted_bonus * most_pairs
                - threshold
            )
        for pk in alive:
            w = weight[pk]
            if threshold is not None and min(best[s] - v for s, v in w.items()) > slack + 1e-6:
                continue
            if pk not in kept:
                pairs = min(len(neighbours.get(pk, ())), preferences.max_size - 1)
                gain = preferences.acquainted_bonus * pairs
                if not any(
                    last[group] - sum(w[s] for s in group) < gain
                    for group in _groups(w)
                    if group in last
                ):
                    continue
            after.add(pk)
        if after == alive:
            break
        alive = after
    return [by_id[pk] for pk in sorted(alive)]


def _groups(weight: dict[str, float]) -> Iterable[tuple[str, ...]]:
    names = sorted(weight)
    for size in range(1, len(names) + 1):
        yield from itertools.combinations(names, size)


def _exchange_lists(
    weight: dict[int, dict[str, float]], country: dict[int, str], preferences: Preferences
) -> tuple[set[int], dict[tuple[str, ...], float]]:
    """Per group of sectors, the best candidates covering all of it, until ``places``
    of them come from outside any one country; and the weight of the last one kept
    where others were left out."""
    places = preferences.max_size - 1 + preferences.count
    lists: dict[tuple[str, ...], list[tuple[float, int]]] = defaultdict(list)
    for pk, w in weight.items():
        for group in _groups(w):
            lists[group].append((-sum(w[s] for s in group), pk))
    kept: set[int] = set()
    last: dict[tuple[str, ...], float] = {}
    for group, entries in lists.items():
        entries.sort()
        counts: Counter[str] = Counter()
        taken = 0
        for _value, pk in entries:
            kept.add(pk)
            counts[country[pk]] += 1
            taken += 1
            if taken - max(counts.values()) >= places:
                break
        if taken < len(entries):
            last[group] = -entries[taken - 1][0]
    return kept, last


def _neighbours(pairs: frozenset[tuple[int, int]], alive: set[int]) -> dict[int, set[int]]:
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        if a in alive and b in alive:
            neighbours[a].add(b)
            neighbours[b].add(a)
    return neighbours


def _most_pairs(neighbours: dict[int, set[int]], size: int) -> int:
    """The most pairs who know each other among ``size`` candidates: exact by walking the
    connected groups of up to ``size`` candidates, or from the degrees when there are too
    many groups."""
    ceiling = size * (size - 1) // 2
    degrees = sorted((min(len(v), size - 1) for v in neighbours.values()), reverse=True)
    by_degree = min(ceiling, sum(degrees[:size]) // 2)
    if len(neighbours) > WALK_BELOW:
        return by_degree
    most = 0
    walked = 0

    def extend(group: list[int], frontier: set[int], root: int) -> bool:
        nonlocal most, walked
        walked += 1
        if walked > GROUP_LIMIT:
            return False
        inside = sum(1 for a, b in itertools.combinations(group, 2) if b in neighbours[a])
        most = max(most, inside)
        if len(group) == size or most == by_degree:
            return True
        frontier = set(frontier)
        while frontier:
            nxt = frontier.pop()
            grown = [*group, nxt]
            more = {
                v for v in neighbours[nxt] if v > root and v not in grown
                and all(v not in neighbours[g] for g in group)
            }
            if not extend(grown, frontier | more, root):
                return False
        return True

    for root in sorted(neighbours):
        if not extend([root], {v for v in neighbours[root] if v > root}, root):
            return by_degree
        if most == by_degree:
            break
    return most


def clique_cover(pairs: frozenset[tuple[int, int]], among: set[int]) -> list[list[int]]:
    """Groups in which everyone knows everyone, together holding each pair among ``among``
    exactly once (greedy: from the candidates who know most, add whoever knows the whole
    group so far). Delegations come back as themselves."""
    left = _neighbours(pairs, among)
    groups = []
    for start in sorted(left, key=lambda pk: (-len(left[pk]), pk)):
        while left[start]:
            group = [start]
            for pk in sorted(left[start], key=lambda v: (-len(left[v]), v)):
                if all(pk in left[g] for g in group[1:]):
                    group.append(pk)
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    left[a].discard(b)
                    left[b].discard(a)
            groups.append(sorted(group))
    return groups
