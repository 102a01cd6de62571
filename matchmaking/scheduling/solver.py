"""Meeting scheduler: places bilateral meetings into time slots and tables.

Priorities, in order:

1. place as many meetings as possible (every meeting when the event allows it);
2. minimise the total number of idle gaps over all participants (a gap is a maximal run of
   free slots between two meetings of one participant);
3. minimise the gaps of the worst-off participant.

Hard rules: a meeting takes place in a slot of its session, in its fixed slot if it has one,
never when one of its participants is unavailable, after every placed meeting listed in its
``after``; a participant has at most one meeting per slot; a slot holds at most ``tables``
meetings, each at its own table.

Two methods, chosen by instance size:

* ``"cp-sat"`` (small and medium events): a heuristic schedule (see below) serves as hint
  and fallback; then OR-Tools CP-SAT solves lexicographically: (1) the most meetings placed
  (skipped when the heuristic already placed all), (2) the fewest total gaps, (3) the best
  worst-off participant at that total.  Tables are interchangeable, so only the number of
  meetings per slot is modelled and concrete tables are assigned afterwards.  Each
  participant gets per-slot "busy" booleans; its gaps are its number of busy blocks minus
  one, counted with "block starts here" booleans.  Each participant also has a lower bound
  on its gaps (from the runs of slots its meetings can use at all).  Step (2) alternates,
  with growing budgets and fresh seeds, between (a) a feasibility model in which every
  participant picks one whole busy pattern with exactly its lower-bound gaps - it
  propagates very well and, when feasible, is optimal outright - and (b) exact
  minimisation from the best schedule so far.  Restarts matter because CP-SAT's running
  times on these models are heavy-tailed.  Budgets are in CP-SAT's deterministic time, so
  a machine busy with other work does not starve the short attempts.
* ``"heuristic"`` (large events): meetings that relieve two overbooked participants at
  once are set aside to be tried last (a greedy b-matching); the others are placed DSatur
  style, always the meeting with the fewest feasible slots left, in the slot that removes
  fewest options from neighbouring meetings and sits next to the participants' other
  meetings; ejection chains then move blocking meetings elsewhere (also out of full slots)
  to make room for unplaced ones; local moves (moving a meeting, swapping two meetings of
  one participant) reduce gaps while time remains.

Published meetings passed in ``keep`` stay in their slot and at their table whenever that is
still valid; those that no longer are are reported in ``SolveResult.messages``.
"""

from __future__ import annotations

import heapq
import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .model import Assignment, Instance, Schedule

__all__ = ["SolveResult", "solve"]

logger = logging.getLogger(__name__)

# Above either limit the exact model gets too big to help within seconds; the heuristic
# scales linearly and is used instead.
CP_SAT_MAX_MEETINGS = 1500
CP_SAT_MAX_VARIABLES = 40_000

GENERIC_REASON = "no slot left where both participants are free and a table is available"


@dataclass
class SolveResult:
    """Outcome of :func:`solve`.

    ``optimal`` is true only when the solver proved that no valid schedule places more
    meetings, has fewer total gaps, or (at equal totals) a better worst participant.
    ``messages`` explains requests that could not be honoured, such as a kept meeting whose
    slot became invalid.
    """

    schedule: Schedule
    total_gaps: int
    worst_gaps: int
    placed: int
    optimal: bool
    seconds: float
    method: str
    messages: list[str] = field(default_factory=list)


def block_gaps(mask: int) -> int:
    """Gaps of a participant whose busy slots are the set bits of ``mask``.

    A busy block starts at every set bit whose lower neighbour is clear; gaps are the number
    of blocks minus one (zero when the participant has no meeting).
    """
    starts = (mask & ~(mask << 1)).bit_count()
    return starts - 1 if starts else 0


class _Problem:
    """Index-based view of an instance, shared by the heuristic and the CP-SAT models."""

    def __init__(
        self,
        instance: Instance,
        keep: Mapping[int, tuple[int, int]] | None,
    ) -> None:
        self.instance = instance
        self.n_slots = len(instance.slots)
        self.tables = instance.tables
        self.slot_ids = [s.id for s in instance.slots]
        position = instance.slot_position()
        self.position = position
        self.meetings = instance.meetings
        self.n_meetings = len(instance.meetings)
        self.participant_ids = [p.id for p in instance.participants]
        participant_index = {pid: i for i, pid in enumerate(self.participant_ids)}
        self.unavailable = [
            {position[s] for s in p.unavailable_slots} for p in instance.participants
        ]
        meeting_index = {m.id: i for i, m in enumerate(instance.meetings)}
        self.meeting_index = meeting_index
        self.ends: list[tuple[int, int]] = []
        self.of_participant: list[list[int]] = [[] for _ in instance.participants]
        for mi, meeting in enumerate(instance.meetings):
            a, b = (participant_index[pid] for pid in meeting.participants)
            self.ends.append((a, b))
            self.of_participant[a].append(mi)
            self.of_participant[b].append(mi)

        # Slots each meeting may use by the rules alone (session, fixed slot, availability).
        self.allowed: list[list[int]] = []
        for mi, meeting in enumerate(instance.meetings):
            a, b = self.ends[mi]
            usable = [
                s
                for s, slot in enumerate(instance.slots)
                if (meeting.session is None or slot.session == meeting.session)
                and (meeting.fixed_slot is None or slot.id == meeting.fixed_slot)
                and s not in self.unavailable[a]
                and s not in self.unavailable[b]
            ]
            self.allowed.append(usable)

        # "after" pairs as (earlier, later) meeting indices.
        self.before: list[list[int]] = [[] for _ in instance.meetings]
        self.later: list[list[int]] = [[] for _ in instance.meetings]
        self.order_pairs: list[tuple[int, int]] = []
        for mi, meeting in enumerate(instance.meetings):
            for other in meeting.after:
                oi = meeting_index[other]
                self.before[mi].append(oi)
                self.later[oi].append(mi)
                self.order_pairs.append((oi, mi))

        self.messages: list[str] = []
        self.kept_table: dict[int, int] = {}
        self._apply_keep(keep or {})

    def _apply_keep(self, keep: Mapping[int, tuple[int, int]]) -> None:
        """Pin kept meetings to their slot (and table) when that is still valid.

        Kept meetings are checked one by one, in meeting-id order, against the rules and
        against the kept meetings accepted before them; invalid ones are released (they are
        scheduled like any other meeting) and reported.
        """
        taken_tables: set[tuple[int, int]] = set()
        per_slot = [0] * self.n_slots
        busy: set[tuple[int, int]] = set()
        accepted: dict[int, int] = {}
        for meeting_id in sorted(keep):
            slot_id, table = keep[meeting_id]
            if meeting_id not in self.meeting_index:
                self.messages.append(f"kept meeting {meeting_id} does not exist; ignored")
                continue
            mi = self.meeting_index[meeting_id]
            where = f"kept meeting {meeting_id} cannot stay in slot {slot_id}"
            if slot_id not in self.position:
                self.messages.append(f"{where}: the slot does not exist; it was rescheduled")
                continue
            s = self.position[slot_id]
            a, b = self.ends[mi]
            problem = None
            if s not in self.allowed[mi]:
                problem = "the slot breaks its session, fixed slot or availability"
            elif (a, s) in busy or (b, s) in busy:
                problem = "a participant already has another kept meeting then"
            elif per_slot[s] >= self.tables:
                problem = "the slot has no table left"
            elif any(oi in accepted and accepted[oi] >= s for oi in self.before[mi]) or any(
                oi in accepted and accepted[oi] <= s for oi in self.later[mi]
            ):
                problem = "it breaks an 'after' ordering with another kept meeting"
            if problem is not None:
                self.messages.append(f"{where}: {problem}; it was rescheduled")
                continue
            accepted[mi] = s
            per_slot[s] += 1
            busy.add((a, s))
            busy.add((b, s))
            self.allowed[mi] = [s]
            if 1 <= table <= self.tables and (s, table) not in taken_tables:
                taken_tables.add((s, table))
                self.kept_table[mi] = table
            else:
                self.messages.append(
                    f"kept meeting {meeting_id} cannot keep table {table} in slot {slot_id}; "
                    "it got another table in the same slot"
                )
        self.pinned = accepted

    def gap_lower_bound(self, p: int, count: int) -> int:
        """Fewest gaps participant ``p`` can have with ``count`` meetings.

        Its meetings can only use slots in the union of their allowed slots; those form
        maximal runs separated by unusable slots, and each extra run used costs one gap.
        So the bound is the least number of runs (largest first) holding ``count`` slots,
        minus one.
        """
        if count <= 1:
            return 0
        usable: set[int] = set()
        for mi in self.of_participant[p]:
            usable.update(self.allowed[mi])
        runs: list[int] = []
        length = 0
        for s in range(self.n_slots):
            if s in usable:
                length += 1
            elif length:
                runs.append(length)
                length = 0
        if length:
            runs.append(length)
        runs.sort(reverse=True)
        covered = 0
        for used, run in enumerate(runs, start=1):
            covered += run
            if covered >= count:
                return used - 1
        return max(len(runs) - 1, 0)


class _State:
    """A mutable partial schedule with O(1) feasibility checks and undo journal."""

    def __init__(self, problem: _Problem, seed: int = 0) -> None:
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

    def _try_move(self, mi: int) -> bool:
        p = self.problem
        a, b = p.ends[mi]
        s = self.slot_of[mi]
        bit = 1 << s
        best, best_delta = -1, 0
        for t in p.allowed[mi]:
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


def _patterns(usable: Sequence[bool], count: int, blocks: int, limit: int) -> list[int] | None:
    """All busy masks of ``count`` usable slots forming exactly ``blocks`` blocks.

    Returns None when there are more than ``limit`` of them.
    """
    n = len(usable)
    # run[s]: how many consecutive usable slots start at s.
    run = [0] * (n + 1)
    for s in range(n - 1, -1, -1):
        run[s] = run[s + 1] + 1 if usable[s] else 0
    found: list[int] = []

    def extend(start: int, left: int, blocks_left: int, mask: int) -> bool:
        if blocks_left == 0:
            if left == 0:
                found.append(mask)
            return len(found) <= limit
        if left < blocks_left:
            return True
        for s in range(start, n):
            longest = min(run[s], left - (blocks_left - 1))
            for length in range(1, longest + 1):
                # A block must end before an unused slot (or the end of the day).
                block = ((1 << length) - 1) << s
                if not extend(s + length + 1, left - length, blocks_left - 1, mask | block):
                    return False
        return True

    if not extend(0, count, blocks, 0):
        return None
    return found


def _respect_order(order: list[int], problem: _Problem) -> list[int]:
    """Stable reordering so that a meeting comes after the meetings it must follow.

    Meetings caught in an ordering cycle keep their original position.
    """
    if not problem.order_pairs:
        return order
    rank = {mi: i for i, mi in enumerate(order)}
    result: list[int] = []
    done: set[int] = set()
    visiting: set[int] = set()

    def visit(mi: int) -> None:
        stack = [(mi, iter(problem.before[mi]))]
        visiting.add(mi)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                visiting.discard(node)
                done.add(node)
                if node in rank:
                    result.append(node)
            elif child not in done and child not in visiting:
                visiting.add(child)
                stack.append((child, iter(problem.before[child])))

    for mi in order:
        if mi not in done:
            visit(mi)
    return result


# ----------------------------------------------------------------------------------------
# CP-SAT models
# ----------------------------------------------------------------------------------------


class _CpModel:
    """One CP-SAT model of the placement problem, with optional gap accounting."""

    def __init__(
        self,
        problem: _Problem,
        *,
        with_gaps: bool,
        all_placed: bool,
        extra: int | None = None,
    ) -> None:
        from ortools.sat.python import cp_model

        self.problem = problem
        model = cp_model.CpModel()
        self.model = model
        self.x: dict[tuple[int, int], object] = {}
        p = problem
        for mi in range(p.n_meetings):
            for s in p.allowed[mi]:
                self.x[mi, s] = model.new_bool_var(f"x{mi}_{s}")
        self.placed_terms = []
        for mi in range(p.n_meetings):
            terms = [self.x[mi, s] for s in p.allowed[mi]]
            if not terms:
                continue
            if all_placed:
                model.add_exactly_one(terms)
            else:
                model.add_at_most_one(terms)
            self.placed_terms.extend(terms)
        for s in range(p.n_slots):
            here = [self.x[mi, s] for mi in range(p.n_meetings) if (mi, s) in self.x]
            if len(here) > p.tables:
                model.add(sum(here) <= p.tables)
        # Orderings: if the later meeting is in slot s, the earlier one is not in >= s.
        for earlier, later in p.order_pairs:
            for s in p.allowed[later]:
                clash = [self.x[earlier, t] for t in p.allowed[earlier] if t >= s]
                if clash:
                    model.add_at_most_one([self.x[later, s], *clash])
        # Busy booleans: equal to the participant's meeting count in the slot (<= 1).
        self.busy: list[list[object | None]] = []
        for pi, meetings in enumerate(p.of_participant):
            row: list[object | None] = []
            for s in range(p.n_slots):
                terms = [self.x[mi, s] for mi in meetings if (mi, s) in self.x]
                if not terms:
                    row.append(None)
                elif len(terms) == 1:
                    row.append(terms[0])
                else:
                    var = model.new_bool_var(f"b{pi}_{s}")
                    model.add(sum(terms) == var)
                    row.append(var)
            self.busy.append(row)
            if all_placed:
                count = sum(1 for mi in meetings if p.allowed[mi])
                present = [v for v in row if v is not None]
                if len(present) > 1:
                    # Redundant, but it tells the solver each participant's load directly.
                    model.add(sum(present) == count)
        self.gaps: list[object | int] = []
        self.lower: list[int] = []
        if with_gaps:
            self._add_gaps(all_placed, extra)

    def _add_gaps(self, all_placed: bool, extra: int | None) -> None:
        """Define each participant's gaps (``self.gaps``) and their lower bounds.

        With ``extra=None`` gaps are counted exactly with block-start booleans.  With an
        integer ``extra`` (only when every meeting is placed) each participant instead picks
        one whole busy pattern among those with ``lower .. lower + extra`` gaps, which
        restricts the search but propagates far better; participants with too many such
        patterns keep the block-start count, capped at ``lower + extra``.
        """
        model = self.model
        p = self.problem
        for pi, row in enumerate(self.busy):
            count = sum(1 for mi in p.of_participant[pi] if p.allowed[mi])
            present = [s for s in range(p.n_slots) if row[s] is not None]
            if count < 2 or len(present) < 2:
                self.gaps.append(0)
                self.lower.append(0)
                continue
            low = p.gap_lower_bound(pi, count) if all_placed else 0
            self.lower.append(low)
            if extra is not None and all_placed:
                pattern_gaps = self._patterns_for(pi, count, low, low + extra)
                if pattern_gaps is not None:
                    self.gaps.append(pattern_gaps)
                    continue
            # starts[s] <=> busy at s and not busy at s-1: each start opens one busy block.
            starts = []
            for s in present:
                prev = row[s - 1] if s > 0 else None
                if prev is None:
                    starts.append(row[s])
                    continue
                start = model.new_bool_var(f"st{pi}_{s}")
                model.add_bool_or([start, row[s].Not(), prev])
                model.add_implication(start, row[s])
                model.add_implication(start, prev.Not())
                starts.append(start)
            top = len(present) if extra is None else low + extra
            gap = model.new_int_var(low, top, f"g{pi}")
            if all_placed:
                model.add(gap == sum(starts) - 1)
            else:
                # Without meetings there are no blocks and no gaps.
                anything = model.new_bool_var(f"any{pi}")
                model.add_max_equality(anything, [row[s] for s in present])
                model.add(gap == sum(starts) - anything)
            self.gaps.append(gap)

    def _patterns_for(self, pi: int, count: int, low: int, high: int, limit: int = 4000):  # noqa: ANN202
        """Make participant ``pi`` choose one busy pattern with ``low..high`` gaps.

        Returns the gap count as a linear expression, or None (adding nothing) when there
        are more than ``limit`` patterns or none at all.
        """
        p = self.problem
        row = self.busy[pi]
        usable = [row[s] is not None for s in range(p.n_slots)]
        patterns: list[tuple[int, int]] = []
        for gaps in range(low, high + 1):
            found = _patterns(usable, count, gaps + 1, limit - len(patterns))
            if found is None:
                return None
            patterns.extend((mask, gaps) for mask in found)
        if not patterns:
            return None
        choice = [self.model.new_bool_var(f"pat{pi}_{k}") for k in range(len(patterns))]
        self.model.add_exactly_one(choice)
        for s in range(p.n_slots):
            if row[s] is None:
                continue
            using = [c for c, (mask, _) in zip(choice, patterns, strict=True) if mask >> s & 1]
            self.model.add(sum(using) == row[s])
        costly = [(c, gaps) for c, (_, gaps) in zip(choice, patterns, strict=True) if gaps]
        return sum(gaps * c for c, gaps in costly) if costly else 0

    def total_gaps(self):  # noqa: ANN201 - a CP-SAT linear expression
        return sum(self.gaps)

    def hint(self, slot_of: Sequence[int]) -> None:
        """Suggest a known schedule as the starting point of the search."""
        for (mi, s), var in self.x.items():
            self.model.add_hint(var, slot_of[mi] == s)

    def solve(  # noqa: ANN201
        self, seconds: float, workers: int, seed: int, label: str, work: float | None = None
    ):
        """Solve; returns (status name, solver, slot list or None).

        ``seconds`` caps wall time; ``work`` optionally caps CP-SAT's deterministic time,
        which unlike wall time does not shrink when the machine is busy with other jobs.
        """
        from ortools.sat.python import cp_model

        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        if work is not None:
            solver.parameters.max_deterministic_time = work
        status = solver.solve(self.model)
        name = solver.status_name(status)
        logger.debug(
            "%s: %s in %.2f s (limit %.2f s, work %.2f), objective %s",
            label,
            name,
            solver.wall_time,
            seconds,
            solver.response_proto.deterministic_time,
            solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "-",
        )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return name, solver, None
        slot_of = [-1] * self.problem.n_meetings
        for (mi, s), var in self.x.items():
            if solver.boolean_value(var):
                slot_of[mi] = s
        return name, solver, slot_of


# ----------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    keep: Mapping[int, tuple[int, int]] | None = None,
    method: str = "auto",
    seed: int = 0,
) -> SolveResult:
    """Schedule the meetings of ``instance``; see the module docstring for the approach.

    ``keep`` maps meeting ids to the ``(slot id, table)`` they were published with.
    ``method`` is ``"auto"`` (by size), ``"cp-sat"`` or ``"heuristic"``.  ``time_limit``
    bounds the whole call (a little bookkeeping may exceed it by a fraction of a second).
    """
    started = time.monotonic()
    deadline = started + max(time_limit, 0.1)
    problem = _Problem(instance, keep)
    if method == "auto":
        variables = sum(len(a) for a in problem.allowed)
        small = problem.n_meetings <= CP_SAT_MAX_MEETINGS and variables <= CP_SAT_MAX_VARIABLES
        method = "cp-sat" if small else "heuristic"
    if method not in ("cp-sat", "heuristic"):
        raise ValueError(f"unknown method {method!r}")

    state = _State(problem, seed)
    state.greedy()
    if method == "heuristic":
        slot_of, optimal = _solve_heuristic(problem, state, started, deadline)
    else:
        slot_of, optimal = _solve_cp_sat(problem, state, deadline, workers, seed)
    return _result(problem, slot_of, optimal, started, method)


def _solve_heuristic(
    problem: _Problem, state: _State, started: float, deadline: float
) -> tuple[list[int], bool]:
    # Most of the time goes to placing more meetings, the rest to gaps.
    repair_until = started + (deadline - started) * 0.6
    state.repair(repair_until)
    state.journal.clear()
    state.improve_gaps(deadline)
    state.journal.clear()
    slot_of = list(state.slot_of)
    total, worst = state.gaps()
    optimal = all(
        s != -1 for mi, s in enumerate(slot_of) if problem.allowed[mi]
    ) and _proven_by_bounds(problem, total, worst)
    return slot_of, optimal


def _proven_by_bounds(problem: _Problem, total: int, worst: int) -> bool:
    """Whether gaps equal the per-participant lower bounds (valid when all are placed)."""
    lows = [
        problem.gap_lower_bound(pi, sum(1 for mi in ms if problem.allowed[mi]))
        for pi, ms in enumerate(problem.of_participant)
    ]
    return total == sum(lows) and worst == max(lows, default=0)


def _solve_cp_sat(
    problem: _Problem, state: _State, deadline: float, workers: int, seed: int
) -> tuple[list[int], bool]:
    # A quick heuristic schedule both serves as hint and as the fallback answer.
    quick = time.monotonic() + min(2.0, 0.1 * (deadline - time.monotonic()))
    state.repair(quick)
    state.improve_gaps(quick)
    state.journal.clear()
    best = list(state.slot_of)
    placeable = sum(1 for a in problem.allowed if a)

    def remaining() -> float:
        return deadline - time.monotonic()

    # Phase 1: the largest number of meetings that can be placed.
    placed = sum(1 for s in best if s != -1)
    placed_proven = placed == placeable
    if not placed_proven:
        cp = _CpModel(problem, with_gaps=False, all_placed=False)
        cp.model.maximize(sum(cp.placed_terms))
        cp.hint(best)
        status, _solver, found = cp.solve(remaining() * 0.4, workers, seed, "most placed")
        if found is not None and sum(1 for s in found if s != -1) >= placed:
            best = found
            placed = sum(1 for s in found if s != -1)
        placed_proven = status == "OPTIMAL"
    all_placed = placed == placeable

    def build(extra: int | None = None) -> _CpModel:
        cp = _CpModel(problem, with_gaps=True, all_placed=all_placed, extra=extra)
        if not all_placed:
            cp.model.add(sum(cp.placed_terms) >= placed)
        return cp

    def measure(slot_of: Sequence[int]) -> tuple[int, int]:
        masks = [0] * len(problem.participant_ids)
        for mi, s in enumerate(slot_of):
            if s != -1:
                a, b = problem.ends[mi]
                masks[a] |= 1 << s
                masks[b] |= 1 << s
        values = [block_gaps(m) for m in masks]
        return sum(values), max(values, default=0)

    def consider(found: list[int] | None) -> None:
        nonlocal best, total, worst
        if found is not None and measure(found) < (total, worst):
            best = found
            total, worst = measure(found)

    total, worst = measure(best)
    probe = build(extra=0)
    lows = probe.lower
    total_low, worst_low = sum(lows), max(lows, default=0)
    total_proven = total <= total_low
    worst_proven = total_proven and worst <= worst_low

    # Phase 2: alternate two searches with growing time slices and fresh random seeds,
    # because their running times are heavy-tailed (short restarts beat one long run):
    # (a) every participant at its own lower bound, as one busy pattern each: very
    #     constrained, and when feasible optimal for the total and the worst-off alike;
    # (b) exact minimisation of the total gaps from the best schedule so far.
    # Slices are in CP-SAT's deterministic time units (about 1-2 s of a quiet core each).
    slice_a, slice_b, attempt = 1.5, 2.0, 0
    bounds_open = True
    while not total_proven and remaining() > 0.5:
        attempt += 1
        run_seed = seed + attempt - 1
        if bounds_open:
            probe = build(extra=0)
            probe.hint(best)
            status, _solver, found = probe.solve(
                remaining(), workers, run_seed, "gaps at bounds", work=slice_a
            )
            if found is not None:
                best = found
                total, worst = measure(best)
                total_proven = worst_proven = True
                break
            if status == "INFEASIBLE":
                total_low += 1
                bounds_open = False
            slice_a *= 1.5
        if remaining() <= 0.5:
            break
        cp = build()
        cp.model.add(cp.total_gaps() >= total_low)
        cp.model.add(cp.total_gaps() <= total)
        cp.model.minimize(cp.total_gaps())
        cp.hint(best)
        work = None if not bounds_open else slice_b
        status, _solver, found = cp.solve(
            remaining() * 0.9, workers, run_seed, "fewest gaps", work=work
        )
        consider(found)
        # INFEASIBLE: nothing beats the incumbent, which the model allows as "<= total".
        if status in ("OPTIMAL", "INFEASIBLE") or total <= total_low:
            total_proven = True
        slice_b *= 1.5
        if not bounds_open and remaining() < 1.0:
            break
    worst_proven = total_proven and worst <= worst_low

    # Phase 3: at that total, the best worst-off participant.
    if not worst_proven and remaining() > 0.3:
        cp = build()
        cp.model.add(cp.total_gaps() <= total)
        worst_var = cp.model.new_int_var(worst_low, max(worst, worst_low), "worst")
        real = [g for g in cp.gaps if not isinstance(g, int)]
        if real:
            cp.model.add_max_equality(worst_var, real)
        cp.model.minimize(worst_var)
        cp.hint(best)
        status, _solver, found = cp.solve(remaining(), workers, seed, "best worst-off")
        consider(found)
        worst_proven = total_proven and (status == "OPTIMAL" or worst <= worst_low)
    return best, placed_proven and total_proven and worst_proven


# ----------------------------------------------------------------------------------------
# Result assembly: tables and reasons
# ----------------------------------------------------------------------------------------


def _result(
    problem: _Problem, slot_of: list[int], optimal: bool, started: float, method: str
) -> SolveResult:
    assignments: list[Assignment] = []
    for s in range(problem.n_slots):
        here = [mi for mi in range(problem.n_meetings) if slot_of[mi] == s]
        taken = {problem.kept_table[mi] for mi in here if mi in problem.kept_table}
        free_tables = (t for t in range(1, problem.tables + 1) if t not in taken)
        for mi in sorted(here, key=lambda i: problem.meetings[i].id):
            table = problem.kept_table.get(mi) or next(free_tables)
            assignments.append(Assignment(problem.meetings[mi].id, problem.slot_ids[s], table))
    masks = [0] * len(problem.participant_ids)
    for mi, s in enumerate(slot_of):
        if s != -1:
            a, b = problem.ends[mi]
            masks[a] |= 1 << s
            masks[b] |= 1 << s
    gaps = [block_gaps(m) for m in masks]
    unscheduled = [
        (problem.meetings[mi].id, _reason(problem, slot_of, mi))
        for mi in range(problem.n_meetings)
        if slot_of[mi] == -1
    ]
    messages = list(problem.messages)
    for mi, s in problem.pinned.items():
        if slot_of[mi] != s:  # cannot happen with a valid solve; kept for the record
            messages.append(f"kept meeting {problem.meetings[mi].id} had to move")
    return SolveResult(
        schedule=Schedule(assignments=assignments, unscheduled=unscheduled),
        total_gaps=sum(gaps),
        worst_gaps=max(gaps, default=0),
        placed=len(assignments),
        optimal=optimal,
        seconds=round(time.monotonic() - started, 3),
        method=method,
        messages=messages,
    )


def _of_session(session: str | None) -> str:
    """Words qualifying "slot" by the meeting's session (nothing when it has none)."""
    return "" if session is None else f" of the {session} session"


def _reason(problem: _Problem, slot_of: list[int], mi: int) -> str:
    """Explain why meeting ``mi`` is unplaced, checking the simplest causes first."""
    instance = problem.instance
    meeting = problem.meetings[mi]
    pids = meeting.participants
    ends = problem.ends[mi]
    session_slots = [
        s
        for s, slot in enumerate(instance.slots)
        if meeting.session is None or slot.session == meeting.session
    ]
    where = _of_session(meeting.session)
    if not session_slots:
        return f"the event has no slot{where}"
    if meeting.fixed_slot is not None:
        fixed = problem.position[meeting.fixed_slot]
        if fixed not in session_slots:
            return f"its fixed slot {meeting.fixed_slot} is not a slot{where}"
        for pid, pi in zip(pids, ends, strict=True):
            if fixed in problem.unavailable[pi]:
                return f"participant {pid} is unavailable in its fixed slot {meeting.fixed_slot}"
    for pid, pi in zip(pids, ends, strict=True):
        if all(s in problem.unavailable[pi] for s in session_slots):
            return f"participant {pid} is unavailable in every slot{where}"
    if not problem.allowed[mi] and meeting.fixed_slot is None:
        return f"participants {pids[0]} and {pids[1]} have no free slot{where} in common"
    if not problem.allowed[mi]:
        return f"no slot{where} is valid for it"
    # Overbooked participants: more meetings than free slots.
    for pid, pi in zip(pids, ends, strict=True):
        count = len(problem.of_participant[pi])
        free = problem.n_slots - len(problem.unavailable[pi])
        if count > free:
            return f"participant {pid} has {count} meetings but only {free} slots free"
    for pid, pi in zip(pids, ends, strict=True):
        usable: set[int] = set()
        for other in problem.of_participant[pi]:
            usable.update(problem.allowed[other])
        count = sum(1 for other in problem.of_participant[pi] if problem.allowed[other])
        if count > len(usable):
            return (
                f"participant {pid} has {count} meetings but only {len(usable)} slots "
                "where they can take place"
            )
    # Orderings that leave no room.
    for earlier in problem.before[mi]:
        if slot_of[earlier] != -1 and slot_of[earlier] >= max(problem.allowed[mi]):
            return (
                f"it must come after meeting {problem.meetings[earlier].id}, which takes "
                "place too late"
            )
    for later in problem.later[mi]:
        if slot_of[later] != -1 and slot_of[later] <= min(problem.allowed[mi]):
            return (
                f"meeting {problem.meetings[later].id} must come after it and takes place too early"
            )
    counts = [0] * problem.n_slots
    for s in slot_of:
        if s != -1:
            counts[s] += 1
    if all(counts[s] >= problem.tables for s in problem.allowed[mi]):
        return f"every slot where both participants are available is full ({problem.tables} tables)"
    return GENERIC_REASON
