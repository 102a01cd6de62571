"""Local search over complete schedules by Kempe-chain swaps, for finding few gaps fast.

Every meeting stays placed.  A move takes a meeting in slot ``s`` and a slot ``t`` of its
own, and swaps ``s`` and ``t`` along the *Kempe chain* through it: the meetings held in
``s`` or ``t`` form paths and cycles (a participant has at most one meeting in each), and
exchanging the two slots along one path keeps every participant in at most one meeting
per slot.  Every participant inside the path stays busy in both slots, so only the two
participants at its ends change their busy slots: a move is checked and priced by looking
at two participants, however long the chain.  A plain move of one meeting to a slot where
both its participants are free is the shortest chain.

The search is simulated annealing on the gaps, then the idle slots between meetings (moves
that keep both are always taken, so it wanders freely on plateaus), cooled in runs of a
fixed number of moves, each run starting from the best schedule on the board (which the
exact engines may have improved).  Two runs in a row that find nothing better end the
search, so it leaves its core to the exact engines once it has stalled.  It cannot prove
anything.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence

from .portfolio import Board
from .problem import Problem, block_gaps

__all__ = ["KempeSearch"]

# Moves between two looks at the clock and at the board.
BATCH = 2000


class KempeSearch:
    """Annealing over Kempe-chain swaps from the board's schedule (every meeting placed)."""

    name = "kempe"
    # A gap costs as much as this many idle slots; idle slots lead the search towards
    # closing gaps (a gap of one slot is nearer to closing than a gap of three).
    gap_weight = 4
    # Share of moves aimed at an idle slot of a participant (the others are random).
    aim = 0.5
    # Temperatures at the start and end of one cooling run, and its length in moves.
    hot = 2.0
    cold = 0.2
    length = 300_000

    def __init__(self, problem: Problem, *, deadline: float, seed: int = 0) -> None:
        self.problem = problem
        self.deadline = deadline
        self.rng = random.Random(seed)
        p = problem
        self.allowed_set = [frozenset(a) for a in p.allowed]
        # Meetings with an ordering are moved only when the ordering still holds.
        self.ordered = [bool(p.before[mi] or p.later[mi]) for mi in range(p.n_meetings)]
        self.movable = [mi for mi in range(p.n_meetings) if len(p.allowed[mi]) > 1]

    def load(self, slot_of: Sequence[int]) -> None:
        p = self.problem
        self.slot_of = list(slot_of)
        self.occ = [[-1] * p.n_slots for _ in p.participant_ids]
        self.mask = [0] * len(p.participant_ids)
        self.count = [0] * p.n_slots
        for mi, s in enumerate(self.slot_of):
            if s == -1:
                continue
            a, b = p.ends[mi]
            self.occ[a][s] = self.occ[b][s] = mi
            self.mask[a] |= 1 << s
            self.mask[b] |= 1 << s
            self.count[s] += 1
        self.gaps = [block_gaps(m) for m in self.mask]
        self.total = sum(self.gaps)
        self.cost = [self.price(m) for m in self.mask]

    def price(self, mask: int) -> int:
        """Annealing cost of a participant: its gaps, then its idle slots between meetings."""
        if not mask:
            return 0
        idle = mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()
        return self.gap_weight * block_gaps(mask) + idle

    def chain(self, mi: int, t: int) -> tuple[list[int], int, int] | None:
        """The Kempe chain of ``mi`` between its slot and ``t``: (meetings, end, end).

        None when the chain is a cycle (nothing changes) or a meeting on it cannot take
        the other slot.
        """
        p = self.problem
        s = self.slot_of[mi]
        occ = self.occ
        allowed = self.allowed_set
        chain = [mi]
        ends: list[int] = []
        for start in p.ends[mi]:
            # Walk away from mi through `start`: its meeting in the other slot, and so on.
            q, here = start, s
            while True:
                there = t if here == s else s
                nxt = occ[q][there]
                if nxt == -1:
                    ends.append(q)
                    break
                if nxt == mi:
                    return None  # a cycle
                if here not in allowed[nxt]:
                    return None
                chain.append(nxt)
                a, b = p.ends[nxt]
                q = b if a == q else a
                here = there
        if t not in allowed[mi]:
            return None
        return chain, ends[0], ends[1]

    def apply(self, chain: list[int], s: int, t: int) -> None:
        p = self.problem
        occ = self.occ
        for mi in chain:
            a, b = p.ends[mi]
            old = self.slot_of[mi]
            if occ[a][old] == mi:
                occ[a][old] = -1
            if occ[b][old] == mi:
                occ[b][old] = -1
        for mi in chain:
            a, b = p.ends[mi]
            old = self.slot_of[mi]
            new = t if old == s else s
            self.slot_of[mi] = new
            occ[a][new] = occ[b][new] = mi
            self.count[old] -= 1
            self.count[new] += 1

    def orders_hold(self, chain: list[int], s: int, t: int) -> bool:
        p = self.problem
        moved = {mi: (t if self.slot_of[mi] == s else s) for mi in chain}
        for mi, new in moved.items():
            if not self.ordered[mi]:
                continue
            for oi in p.before[mi]:
                if moved.get(oi, self.slot_of[oi]) >= new:
                    return False
            for oi in p.later[mi]:
                if moved.get(oi, self.slot_of[oi]) <= new:
                    return False
        return True

    def run(self, board: Board, until: float) -> None:
        p = self.problem
        rng = self.rng
        best_slots, best_total, _w, _low = board.snapshot()
        self.load(best_slots)
        if not self.movable:
            return
        tables = p.tables
        n_people = len(p.participant_ids)
        hot, cold, length = self.hot, self.cold, self.length
        temperature = hot
        run_best = best_total
        stalled = 0
        moves = 0
        while True:
            if moves % BATCH == 0:
                if board.stop.is_set() or time.monotonic() >= until:
                    self.moves = moves
                    return
                _slots, posted, _w, low = board.snapshot()
                if posted <= low:
                    return
                # Geometric cooling from hot to cold over `length` moves, then again from
                # the best schedule.
                done = (moves % length) / length
                temperature = hot * (cold / hot) ** done
                if moves and moves % length == 0:
                    # Two whole cooling runs without a better schedule: the search has
                    # stalled, and leaves the core to the exact engines.
                    stalled = stalled + 1 if best_total >= run_best else 0
                    if stalled >= 2:
                        self.moves = moves
                        return
                    self.load(board.snapshot()[0])
                    best_total = run_best = self.total
            moves += 1
            if rng.random() < self.aim:
                # Aimed move: a participant with idle slots takes one of its meetings into
                # one of them.
                q = rng.randrange(n_people)
                mask = self.mask[q]
                if not self.cost[q]:
                    continue
                low = (mask & -mask).bit_length() - 1
                t = rng.randrange(low, mask.bit_length())
                if mask >> t & 1:
                    continue
                mine = p.of_participant[q]
                mi = mine[rng.randrange(len(mine))]
                s = self.slot_of[mi]
                if s == -1 or t not in self.allowed_set[mi]:
                    continue
            else:
                mi = self.movable[rng.randrange(len(self.movable))]
                s = self.slot_of[mi]
                options = p.allowed[mi]
                t = options[rng.randrange(len(options))]
                if t == s:
                    continue
            found = self.chain(mi, t)
            if found is None:
                continue
            chain, u, w = found
            in_s = sum(1 for x in chain if self.slot_of[x] == s)
            shift = len(chain) - 2 * in_s  # change in the count of slot s
            if self.count[s] + shift > tables or self.count[t] - shift > tables:
                continue
            flip = (1 << s) | (1 << t)
            mu, mw = self.mask[u] ^ flip, self.mask[w] ^ flip
            cu, cw = self.price(mu), self.price(mw)
            change = cu + cw - self.cost[u] - self.cost[w]
            if change > 0 and rng.random() >= math.exp(-change / temperature):
                continue
            gu, gw = block_gaps(mu), block_gaps(mw)
            delta = gu + gw - self.gaps[u] - self.gaps[w]
            if any(self.ordered[x] for x in chain) and not self.orders_hold(chain, s, t):
                continue
            self.apply(chain, s, t)
            self.mask[u], self.mask[w] = mu, mw
            self.gaps[u], self.gaps[w] = gu, gw
            self.cost[u], self.cost[w] = cu, cw
            self.total += delta
            if self.total < best_total:
                best_total = self.total
                board.post_schedule(self.slot_of, self.name)

    def __call__(self, board: Board) -> None:
        self.run(board, self.deadline)
