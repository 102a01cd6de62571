"""Heuristic scheduler for large events: DSatur placement, ejection chains, gap moves.

See :func:`solve_heuristic`.
"""

from __future__ import annotations

import heapq
import random
import time

from .problem import Problem, block_gaps

__all__ = ["HeuristicState", "proven_by_bounds", "solve_heuristic"]


class HeuristicState:
    """A mutable partial schedule with O(1) feasibility checks and undo journal."""

    def __init__(self, problem: Problem, seed: int = 0) -> None:
        self.problem = problem
        n_participants = len(problem.participant_ids)
        self.slot_of = [-1] * problem.n_meetings
        self.occupant = [[-1] * problem.n_slots for _ in range(n_participants)]
        self.mask = [0] * n_participants
        self.members: list[set[int]] = [set() for _ in range(problem.n_slots)]
        self.journal: list[tuple[int, int, int]] = []  # (meeting, old slot, new slot)
        self.rng = random.Random(seed)

    # -- elementary moves -------------------------------------------------------------
    def order_ok(self, mi: int, s: int) -> bool:
        """Whether slot ``s`` for meeting ``mi`` respects the orderings with placed ones."""
        p = self.problem
        for oi in p.before[mi]:
            if self.slot_of[oi] >= s:
                return False
        for oi in p.later[mi]:
            t = self.slot_of[oi]
            if t != -1 and t <= s:
                return False
        return True

    def fits(self, mi: int, s: int) -> bool:
        """Whether ``mi`` can be placed in ``s`` now (it must be unplaced)."""
        a, b = self.problem.ends[mi]
        return (
            self.occupant[a][s] == -1
            and self.occupant[b][s] == -1
            and len(self.members[s]) < self.problem.tables
            and self.order_ok(mi, s)
        )

    def place(self, mi: int, s: int) -> None:
        a, b = self.problem.ends[mi]
        self.slot_of[mi] = s
        self.occupant[a][s] = mi
        self.occupant[b][s] = mi
        self.mask[a] |= 1 << s
        self.mask[b] |= 1 << s
        self.members[s].add(mi)
        self.journal.append((mi, -1, s))

    def remove(self, mi: int) -> None:
        s = self.slot_of[mi]
        a, b = self.problem.ends[mi]
        self.slot_of[mi] = -1
        self.occupant[a][s] = -1
        self.occupant[b][s] = -1
        self.mask[a] &= ~(1 << s)
        self.mask[b] &= ~(1 << s)
        self.members[s].discard(mi)
        self.journal.append((mi, s, -1))

    def rollback(self, mark: int) -> None:
        """Undo every move journaled after ``mark``."""
        while len(self.journal) > mark:
            mi, old, new = self.journal.pop()
            if new != -1:
                self.remove(mi)
            else:
                self.place(mi, old)
            self.journal.pop()  # the undo itself is not journaled

    # -- measures ---------------------------------------------------------------------
    def placed(self) -> int:
        return sum(1 for s in self.slot_of if s != -1)

    def gaps(self) -> tuple[int, int]:
        values = [block_gaps(m) for m in self.mask]
        return sum(values), max(values, default=0)

    def adjacency(self, mi: int, s: int) -> int:
        """How many of the participants' busy slots touch ``s`` (gap-friendliness)."""
        a, b = self.problem.ends[mi]
        near = (1 << (s + 1)) | (1 << s >> 1)
        return (self.mask[a] & near).bit_count() + (self.mask[b] & near).bit_count()

    # -- construction -----------------------------------------------------------------
    def greedy(self) -> None:
        """Place meetings one at a time, always the one with fewest feasible slots left.

        This is DSatur applied to meetings: a meeting's feasible slots are the allowed slots
        where both participants are still free and a table is left.  Picking the meeting
        with the fewest of them first (ties: busiest participants first) postpones the
        easy meetings, so few end up with no slot.  A slot is chosen to take away as few
        options as possible from the participants' other pending meetings, then to sit
        next to their other meetings (fewer gaps), then to balance tables.
        """
        p = self.problem
        pressure = [0.0] * len(p.participant_ids)
        for pi, meetings in enumerate(p.of_participant):
            free = p.n_slots - len(p.unavailable[pi])
            pressure[pi] = len(meetings) / max(free, 1)
        for mi, s in p.pinned.items():
            if self.fits(mi, s):
                self.place(mi, s)
        full = [len(self.members[s]) >= p.tables for s in range(p.n_slots)]

        def feasible(mi: int) -> list[int]:
            a, b = p.ends[mi]
            oa, ob = self.occupant[a], self.occupant[b]
            return [s for s in p.allowed[mi] if oa[s] == -1 and ob[s] == -1 and not full[s]]

        pending = {mi for mi in range(p.n_meetings) if self.slot_of[mi] == -1 and p.allowed[mi]}
        options = {mi: len(feasible(mi)) for mi in pending}
        tie = {mi: -(pressure[p.ends[mi][0]] + pressure[p.ends[mi][1]]) for mi in pending}
        # Deferred meetings go last, so they are the ones left out when room runs short.
        deferred = self._sacrifices(pending)
        last = {mi: mi in deferred for mi in pending}
        heap = [(last[mi], options[mi], tie[mi], mi) for mi in pending]
        heapq.heapify(heap)
        while heap:
            _, count, _, mi = heapq.heappop(heap)
            if mi not in pending or count != options[mi]:
                continue  # stale heap entry
            pending.discard(mi)
            a, b = p.ends[mi]
            best, best_key = -1, None
            for s in feasible(mi):
                if not self.order_ok(mi, s):
                    continue
                damage = 0
                for q in (a, b):
                    for other in p.of_participant[q]:
                        if other in pending and s in p.allowed[other]:
                            c = p.ends[other][0] + p.ends[other][1] - q
                            if self.occupant[c][s] == -1:
                                damage += 1
                key = (damage, -self.adjacency(mi, s), len(self.members[s]), s)
                if best_key is None or key < best_key:
                    best, best_key = s, key
            if best == -1:
                continue
            self.place(mi, best)
            touched: set[int] = set()
            for q in (a, b):
                touched.update(o for o in p.of_participant[q] if o in pending)
            if len(self.members[best]) >= p.tables:
                full[best] = True
                touched.update(o for o in pending if best in p.allowed[o])
            for other in touched:
                options[other] = len(feasible(other))
                heapq.heappush(heap, (last[other], options[other], tie[other], other))

    def _sacrifices(self, pending: set[int]) -> set[int]:
        """Meetings to try last: each relieves two overbooked participants at once.

        A participant with more meetings than usable slots loses at least the excess.  When
        two overbooked participants meet each other, leaving out that one meeting relieves
        both, which is why the placement bound counts half a meeting per excess.  A greedy
        b-matching over such meetings (each participant at most its excess) picks them.
        """
        p = self.problem
        excess = []
        for meetings in p.of_participant:
            usable: set[int] = set()
            for mi in meetings:
                usable.update(p.allowed[mi])
            excess.append(sum(1 for mi in meetings if p.allowed[mi]) - len(usable))
        candidates = [
            mi
            for mi in pending
            if excess[p.ends[mi][0]] > 0 and excess[p.ends[mi][1]] > 0 and mi not in p.pinned
        ]
        # Participants with few such options first, so the matching covers more of them.
        options = [0] * len(excess)
        for mi in candidates:
            for q in p.ends[mi]:
                options[q] += 1
        candidates.sort(key=lambda mi: (options[p.ends[mi][0]] + options[p.ends[mi][1]], mi))
        chosen: set[int] = set()
        for mi in candidates:
            a, b = p.ends[mi]
            if excess[a] > 0 and excess[b] > 0:
                chosen.add(mi)
                excess[a] -= 1
                excess[b] -= 1
        return chosen

    def insert(self, mi: int, depth: int, chain: set[int], budget: list[int]) -> bool:
        """Place ``mi``, moving blocking meetings elsewhere (ejection chain of ``depth``)."""
        p = self.problem
        slots = list(p.allowed[mi])
        self.rng.shuffle(slots)
        for s in slots:
            if self.fits(mi, s):
                self.place(mi, s)
                return True
        if depth == 0:
            return False
        a, b = p.ends[mi]
        for s in slots:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            if not self.order_ok(mi, s):
                continue
            blockers = {self.occupant[a][s], self.occupant[b][s]} - {-1}
            if any(x in chain or x in p.pinned for x in blockers):
                continue
            mark = len(self.journal)
            for x in blockers:
                self.remove(x)
            if len(self.members[s]) >= p.tables:
                movable = [x for x in self.members[s] if x not in chain and x not in p.pinned]
                if not movable:
                    self.rollback(mark)
                    continue
                # Prefer a meeting that can move straight to another slot; else any.
                evicted = self._directly_movable(movable, s)
                if evicted == -1:
                    evicted = self.rng.choice(movable)
                self.remove(evicted)
                blockers.add(evicted)
            self.place(mi, s)
            inner = chain | {mi}
            if all(self.insert(x, depth - 1, inner, budget) for x in blockers):
                return True
            self.rollback(mark)
        return False

    def _directly_movable(self, candidates: list[int], s: int) -> int:
        """A meeting among ``candidates`` (all in slot ``s``) that fits in another slot now."""
        p = self.problem
        for x in candidates:
            a, b = p.ends[x]
            for t in p.allowed[x]:
                if (
                    t != s
                    and self.occupant[a][t] == -1
                    and self.occupant[b][t] == -1
                    and len(self.members[t]) < p.tables
                ):
                    return x
        return -1

    def repair(self, deadline: float, max_depth: int = 3) -> None:
        """Try to place unplaced meetings with growing ejection-chain depth until time."""
        p = self.problem
        for depth in range(1, max_depth + 1):
            pending = [mi for mi in range(p.n_meetings) if self.slot_of[mi] == -1 and p.allowed[mi]]
            if not pending:
                return
            for attempt in range(3):
                self.rng.shuffle(pending)
                still: list[int] = []
                for mi in pending:
                    if time.monotonic() > deadline:
                        return
                    mark = len(self.journal)
                    if not self.insert(mi, depth, set(), [200 * depth]):
                        self.rollback(mark)
                        still.append(mi)
                if len(still) == len(pending) and attempt:
                    break
                pending = still
                if not pending:
                    return

    # -- gap reduction ----------------------------------------------------------------
    def improve_gaps(self, deadline: float) -> None:
        """Local search: move a meeting or swap two meetings of one participant if gaps drop."""
        p = self.problem
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            for pi in self.rng.sample(range(len(p.participant_ids)), len(p.participant_ids)):
                if time.monotonic() > deadline:
                    return
                self.journal.clear()  # moves here are never undone past this point
                if block_gaps(self.mask[pi]) == 0:
                    continue
                for mi in p.of_participant[pi]:
                    movable = self.slot_of[mi] != -1 and mi not in p.pinned
                    if movable and (self._try_move(mi) or self._try_swaps(pi, mi)):
                        improved = True

    def _delta(self, changes: dict[int, int]) -> int:
        """Gap change if participants' masks became the given values."""
        return sum(block_gaps(new) - block_gaps(self.mask[q]) for q, new in changes.items())

    def _try_move(self, mi: int, sideways: bool = False) -> bool:
        """Move ``mi`` to the slot that lowers gaps most; ``sideways``: to a random slot
        that leaves them unchanged."""
        p = self.problem
        a, b = p.ends[mi]
        s = self.slot_of[mi]
        bit = 1 << s
        best, best_delta = -1, 1 if sideways else 0
        slots = self.rng.sample(p.allowed[mi], len(p.allowed[mi])) if sideways else p.allowed[mi]
        for t in slots:
            if t == s or self.occupant[a][t] != -1 or self.occupant[b][t] != -1:
                continue
            if len(self.members[t]) >= p.tables:
                continue
            tbit = 1 << t
            delta = self._delta({a: (self.mask[a] & ~bit) | tbit, b: (self.mask[b] & ~bit) | tbit})
            if delta < best_delta:
                self.remove(mi)
                ok = self.order_ok(mi, t)
                self.place(mi, s)
                if ok:
                    best, best_delta = t, delta
        if best == -1:
            return False
        self.remove(mi)
        self.place(mi, best)
        return True

    def shake(self, deadline: float) -> int:
        """Move one meeting of each participant with gaps to another slot at equal total.

        Gap-reducing moves stop at a local optimum; these sideways moves change the
        neighbourhood without giving anything back, so a following :meth:`improve_gaps`
        can go on.  Returns how many meetings moved.
        """
        p = self.problem
        moved = 0
        for pi in self.rng.sample(range(len(p.participant_ids)), len(p.participant_ids)):
            if time.monotonic() > deadline:
                break
            if block_gaps(self.mask[pi]) == 0:
                continue
            meetings = [mi for mi in p.of_participant[pi] if self.slot_of[mi] != -1]
            for mi in self.rng.sample(meetings, len(meetings)):
                if mi not in p.pinned and self._try_move(mi, sideways=True):
                    moved += 1
                    break
        self.journal.clear()
        return moved

    def _try_swaps(self, pi: int, mi: int) -> bool:
        """Swap the slots of ``mi`` and another meeting of ``pi`` if that reduces gaps."""
        p = self.problem
        s = self.slot_of[mi]
        other_of_mi = p.ends[mi][0] + p.ends[mi][1] - pi
        for ni in p.of_participant[pi]:
            t = self.slot_of[ni]
            if ni == mi or t == -1 or ni in p.pinned:
                continue
            other_of_ni = p.ends[ni][0] + p.ends[ni][1] - pi
            if other_of_mi == other_of_ni:
                continue
            if t not in p.allowed[mi] or s not in p.allowed[ni]:
                continue
            if self.occupant[other_of_mi][t] != -1 or self.occupant[other_of_ni][s] != -1:
                continue
            sb, tb = 1 << s, 1 << t
            delta = self._delta(
                {
                    other_of_mi: (self.mask[other_of_mi] & ~sb) | tb,
                    other_of_ni: (self.mask[other_of_ni] & ~tb) | sb,
                }
            )
            if delta >= 0:
                continue
            mark = len(self.journal)
            self.remove(mi)
            self.remove(ni)
            if self.fits(mi, t):
                self.place(mi, t)
                if self.fits(ni, s):
                    self.place(ni, s)
                    return True
            self.rollback(mark)
        return False


def solve_heuristic(
    problem: Problem, state: HeuristicState, started: float, deadline: float
) -> tuple[list[int], bool]:
    # Most of the time goes to placing more meetings, the rest to gaps.
    repair_until = started + (deadline - started) * 0.6
    state.repair(repair_until)
    state.journal.clear()
    state.improve_gaps(deadline)
    # Time left after the local optimum goes to sideways moves and further descents,
    # stopping a little early so the result is assembled within the limit.
    polish_until = deadline - 0.05 * (deadline - started)
    while time.monotonic() < polish_until and state.shake(polish_until):
        state.improve_gaps(polish_until)
    state.journal.clear()
    slot_of = list(state.slot_of)
    total, worst = state.gaps()
    optimal = all(
        s != -1 for mi, s in enumerate(slot_of) if problem.allowed[mi]
    ) and proven_by_bounds(problem, total, worst)
    return slot_of, optimal


def proven_by_bounds(problem: Problem, total: int, worst: int) -> bool:
    """Whether gaps equal the per-participant lower bounds (valid when all are placed)."""
    lows = problem.lower_bounds()
    return total == sum(lows) and worst == max(lows, default=0)
