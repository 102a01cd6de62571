"""The placement problem with its gaps as clauses, shared by the SAT-based engines.

Used only when every meeting that can take place at all is placed (the exact driver
decides that first).  Variables and clauses, for slots ``s`` in time order:

* ``x[m, s]``: meeting ``m`` takes place in slot ``s`` (only for its allowed slots); each
  meeting takes exactly one slot; orderings are "support" clauses (if the later meeting is
  in ``s``, the earlier one is in some slot before ``s``).
* ``busy[p, s]`` is the disjunction of the participant's ``x[m, s]``, at most one of which
  holds; a participant is busy in exactly as many slots as it has meetings (redundant, but
  it lets the solver count).
* Tables: meetings sharing a participant never meet in one slot, so the meetings are
  grouped by participant (largest groups first) and each group counts at most once per
  slot against the tables, which is a much smaller cardinality constraint than one over all
  meetings.  At most twice the tables' participants are busy in a slot (redundant).
* Gaps: ``later[p, s]`` holds when ``p`` has a meeting in ``s`` or after; a gap ends a busy
  block: ``gap[p, s] <-> busy[p, s] and not busy[p, s + 1] and later[p, s + 2]``.  The
  number of true ``gap`` literals of a participant is exactly its number of gaps.
* Lower bounds: each participant has a lower bound on its gaps (from the runs of slots its
  meetings can use).  Its gap literals feed a totalizer, and only the totalizer outputs
  above that bound (its *excess*) are counted by the global bound on the total.  So when
  the total is bounded by the sum of the lower bounds, every participant is immediately
  held at its own bound, instead of the solver having to find that out.
* Span: ``earlier[p, s]`` (a meeting in ``s`` or before) and ``later`` bound the length of
  a participant's day: with ``n`` meetings, no meeting before a usable slot means one at
  least ``n`` usable slots on (and symmetrically), so a late start or an early end shows
  at once (redundant).
* Busy patterns: a participant held at its bound (or one above it) can only be busy in a
  few ways, for instance one unbroken run of as many slots as it has meetings.  Each such
  whole pattern gets a literal that fixes the participant's busy slots, and "at most that
  many gaps" implies one of them.  The solver can then decide a participant's whole day at
  once, and a clash between two participants' days shows after one decision instead of
  many; this is what makes the tight (crafted) events solvable.  Participants with too
  many patterns at a level go without (the model stays exact either way).
"""

from __future__ import annotations

from collections.abc import Sequence

from .problem import Problem, busy_patterns

__all__ = ["SatModel"]

# Lists up to this length get pairwise "at most one" clauses; longer ones a ladder.
PAIRWISE_LIMIT = 6
# Busy patterns are listed for a participant at its lower bound and this many gaps above,
# each level only when it has at most PATTERN_LIMIT patterns.
PATTERN_LEVELS = 2
PATTERN_LIMIT = 400


class SatModel:
    """Clauses of one event, built once; engines add their own objective handling."""

    def __init__(self, problem: Problem) -> None:
        from pysat.card import CardEnc, EncType, ITotalizer

        self._card, self._enc, self._totalizer = CardEnc, EncType, ITotalizer
        self.problem = p = problem
        self.top = 0
        self.clauses: list[list[int]] = []
        self.x: dict[tuple[int, int], int] = {}
        for mi in range(p.n_meetings):
            for s in p.allowed[mi]:
                self.x[mi, s] = self.new()
        for mi in range(p.n_meetings):
            lits = [self.x[mi, s] for s in p.allowed[mi]]
            if lits:
                self.clauses.append(lits)
                self.at_most_one(lits)
        for earlier, later in p.order_pairs:
            for s in p.allowed[later]:
                support = [self.x[earlier, t] for t in p.allowed[earlier] if t < s]
                self.clauses.append([-self.x[later, s], *support])

        self.busy: list[list[int | None]] = []
        for meetings in p.of_participant:
            row: list[int | None] = []
            for s in range(p.n_slots):
                terms = [self.x[mi, s] for mi in meetings if (mi, s) in self.x]
                if not terms:
                    row.append(None)
                    continue
                self.at_most_one(terms)
                if len(terms) == 1:
                    row.append(terms[0])
                    continue
                var = self.new()
                self.clauses.append([-var, *terms])
                self.clauses.extend([-t, var] for t in terms)
                row.append(var)
            self.busy.append(row)
            present = [v for v in row if v is not None]
            count = sum(1 for mi in meetings if p.allowed[mi])
            if len(present) > 1 and count < len(present):
                self.extend(
                    self._card.equals(
                        present, count, top_id=self.top, encoding=self._enc.seqcounter
                    )
                )
        self._add_tables()
        self.gap_lits: list[list[int]] = [self._add_gaps(pi) for pi in range(len(self.busy))]
        self.lower = p.lower_bounds()
        # Per-participant totalizers: counts[p][k] is true when p has more than k gaps.
        self.counts: list[list[int]] = []
        for lits in self.gap_lits:
            if not lits:
                self.counts.append([])
                continue
            tot = self._totalizer(lits=lits, ubound=len(lits), top_id=self.top)
            self.extend_clauses(tot.cnf.clauses, tot.top_id)
            self.counts.append(list(tot.rhs))
        self.excess = [lit for pi, outs in enumerate(self.counts) for lit in outs[self.lower[pi] :]]
        self.patterns = sum(self._add_patterns(pi) for pi in range(len(self.busy)))

    # -- building blocks --------------------------------------------------------------
    def new(self) -> int:
        self.top += 1
        return self.top

    def extend(self, encoded) -> None:  # noqa: ANN001 - a pysat CNFPlus
        self.extend_clauses(encoded.clauses, encoded.nv)

    def extend_clauses(self, clauses: Sequence[Sequence[int]], top: int) -> None:
        self.clauses.extend(list(c) for c in clauses)
        self.top = max(self.top, top)

    def at_most_one(self, lits: list[int]) -> None:
        if len(lits) < 2:
            return
        if len(lits) <= PAIRWISE_LIMIT:
            for i, a in enumerate(lits):
                self.clauses.extend([-a, -b] for b in lits[i + 1 :])
            return
        self.extend(self._card.atmost(lits, 1, top_id=self.top, encoding=self._enc.ladder))

    def at_most(self, lits: list[int], bound: int) -> None:
        if len(lits) <= bound:
            return
        if bound == 0:
            self.clauses.extend([-lit] for lit in lits)
            return
        self.extend(self._card.atmost(lits, bound, top_id=self.top, encoding=self._enc.seqcounter))

    def counter(self, lits: list[int], cap: int) -> list[int]:
        """Unary count of ``lits``: output ``k`` is true exactly when more than ``k`` are.

        Counts above ``cap`` are forbidden (so this also says "at most ``cap``").
        """
        if not lits:
            return []
        if len(lits) == 1:
            return [lits[0]] if cap >= 1 else self._forbid(lits)
        middle = len(lits) // 2
        return self.merge(self.counter(lits[:middle], cap), self.counter(lits[middle:], cap), cap)

    def _forbid(self, lits: list[int]) -> list[int]:
        self.clauses.extend([-lit] for lit in lits)
        return []

    def merge(self, left: list[int], right: list[int], cap: int) -> list[int]:
        """Unary sum of two unary counts (both directions), capped at ``cap``."""
        size = min(len(left) + len(right), cap)
        out = [self.new() for _ in range(size)]
        for i in range(len(left) + 1):
            for j in range(len(right) + 1):
                k = i + j
                # At least i on the left and j on the right: at least i + j in all.
                if k >= 1:
                    up = [-left[i - 1]] if i else []
                    up += [-right[j - 1]] if j else []
                    self.clauses.append([*up, out[k - 1]] if k <= size else up)
                # At most i on the left and j on the right: at most i + j in all.
                if k < size:
                    down = [left[i]] if i < len(left) else []
                    down += [right[j]] if j < len(right) else []
                    if i < len(left) or j < len(right):
                        self.clauses.append([*down, -out[k]])
        return out

    def merge_all(self, counts: list[list[int]], cap: int) -> list[int]:
        """Unary sum of several unary counts, merged pairwise as a balanced tree."""
        counts = [c for c in counts if c]
        while len(counts) > 1:
            paired = [
                self.merge(a, b, cap) for a, b in zip(counts[::2], counts[1::2], strict=False)
            ]
            if len(counts) % 2:
                paired.append(counts[-1])
            counts = paired
        return counts[0] if counts else []

    def _add_tables(self) -> None:
        p = self.problem
        left = set(range(p.n_meetings))
        groups: list[list[int]] = []
        while left:
            best = max(p.of_participant, key=lambda ms: len(left.intersection(ms)))
            group = sorted(left.intersection(best)) or [min(left)]
            groups.append(group)
            left.difference_update(group)
        per_slot: list[list[int]] = []
        for s in range(p.n_slots):
            active: list[int] = []
            for group in groups:
                members = [self.x[mi, s] for mi in group if (mi, s) in self.x]
                if len(members) == 1:
                    active.append(members[0])
                elif members:
                    var = self.new()
                    self.clauses.append([-var, *members])
                    self.clauses.extend([-m, var] for m in members)
                    active.append(var)
            per_slot.append(self.counter(active, p.tables))
            busy = [row[s] for row in self.busy if row[s] is not None]
            self.at_most(busy, 2 * p.tables)
        # Every meeting takes place, so the slots' counts add up to the number of meetings:
        # a slot left with free tables forces the others to fill up (the pigeonhole
        # argument that clause learning alone finds very slowly).
        placed = sum(1 for a in p.allowed if a)
        total = self.merge_all(per_slot, placed)
        if placed:
            if len(total) < placed:
                self.clauses.append([])
            else:
                self.clauses.append([total[placed - 1]])

    def _add_gaps(self, pi: int) -> list[int]:
        """Literals, one per possible gap of participant ``pi``, true exactly at its gaps."""
        row = self.busy[pi]
        n = len(row)
        later: list[int | None] = [None] * (n + 1)
        for s in range(n - 1, -1, -1):
            here, after = row[s], later[s + 1]
            if here is None:
                later[s] = after
            elif after is None:
                later[s] = here
            else:
                var = self.new()
                self.clauses += [[-here, var], [-after, var], [-var, here, after]]
                later[s] = var
        self._add_span(pi, later)
        gaps: list[int] = []
        for s in range(n - 2):
            here, then = row[s], later[s + 2]
            if here is None or then is None:
                continue
            nxt = row[s + 1]
            gap = self.new()
            self.clauses += [[-gap, here], [-gap, then]]
            if nxt is None:
                self.clauses.append([-here, -then, gap])
            else:
                self.clauses += [[-gap, -nxt], [-here, nxt, -then, gap]]
            gaps.append(gap)
        return gaps

    def _add_span(self, pi: int, later: list[int | None]) -> None:
        """A participant's day spans at least as many usable slots as it has meetings.

        ``earlier[p, s]`` holds when ``p`` has a meeting in ``s`` or before.  With ``n``
        meetings, no meeting before the usable slot ``u_i`` means one at or after
        ``u_(i + n - 1)`` (and symmetrically from the end of the day).  Redundant, but
        the solver otherwise learns how long a day is only through the counters.
        """
        p = self.problem
        row = self.busy[pi]
        n = len(row)
        count = sum(1 for mi in p.of_participant[pi] if p.allowed[mi])
        if count < 2:
            return
        earlier: list[int | None] = [None] * n
        prev: int | None = None
        for s in range(n):
            here = row[s]
            if here is None:
                earlier[s] = prev
            elif prev is None:
                earlier[s] = here
            else:
                var = self.new()
                self.clauses += [[-here, var], [-prev, var], [-var, here, prev]]
                earlier[s] = var
            prev = earlier[s]
        usable = [s for s in range(n) if row[s] is not None]
        for i, s in enumerate(usable):
            # Nothing before s: a meeting at or after the count-th usable slot from s.
            before = earlier[s - 1] if s > 0 else None
            j = i + count - 1
            target = later[usable[j]] if j < len(usable) else None
            self._either(before, target)
            # Nothing after s: a meeting at or before the count-th usable slot back.
            after = later[s + 1] if s + 1 < n else None
            j = i - count + 1
            target = earlier[usable[j]] if j >= 0 else None
            self._either(after, target)

    def _either(self, first: int | None, second: int | None) -> None:
        """Clause ``first or second``, where None stands for false."""
        lits = [lit for lit in (first, second) if lit is not None]
        self.clauses.append(lits)

    def _add_patterns(self, pi: int) -> int:
        """Pattern literals of participant ``pi`` at its low gap levels; how many were added.

        For a level ``g``: "at most ``g`` gaps" implies one of the patterns with at most
        ``g`` gaps, and each pattern literal fixes every usable slot busy or free.
        """
        row = self.busy[pi]
        outs = self.counts[pi]
        p = self.problem
        count = sum(1 for mi in p.of_participant[pi] if p.allowed[mi])
        if count < 2 or not outs:
            return 0
        usable = [lit is not None for lit in row]
        chosen: list[int] = []
        for gaps in range(self.lower[pi], self.lower[pi] + PATTERN_LEVELS):
            if gaps >= len(outs):
                break
            found = busy_patterns(usable, count, gaps + 1, PATTERN_LIMIT)
            if found is None:
                break
            for mask in found:
                var = self.new()
                for s, lit in enumerate(row):
                    if lit is not None:
                        self.clauses.append([-var, lit if mask >> s & 1 else -lit])
                chosen.append(var)
            self.clauses.append([outs[gaps], *chosen])
        return len(chosen)

    # -- reading a model --------------------------------------------------------------
    def slots_from(self, model: Sequence[int]) -> list[int]:
        """Slot index of every meeting in a satisfying assignment (-1: unplaced)."""
        true = {lit for lit in model if lit > 0}
        slot_of = [-1] * self.problem.n_meetings
        for (mi, s), var in self.x.items():
            if var in true:
                slot_of[mi] = s
        return slot_of

    def phases(self, slot_of: Sequence[int]) -> list[int]:
        """Preferred polarities that steer the solver towards a known schedule."""
        return [var if slot_of[mi] == s else -var for (mi, s), var in self.x.items()]
