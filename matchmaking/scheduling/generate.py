"""Deterministic generator of large synthetic events and an independent placement bound.

:func:`generate_large_event` builds an event the size of a big brokerage day (thousands of
participants and meetings) to exercise the scheduler's heuristic path;
:func:`upper_bound_placeable` bounds how many of its meetings any valid schedule can place,
computed without the solver, so the solver's result can be judged against it.
"""

from __future__ import annotations

import math
import random
from itertools import accumulate

from .model import BilateralMeeting, Instance, Participant, TimeSlot

__all__ = ["generate_large_event", "upper_bound_placeable"]


def generate_large_event(
    *,
    participants: int = 2000,
    meetings: int = 10000,
    slots: int = 16,
    tables: int = 700,
    seed: int = 0,
) -> Instance:
    """Generate a deterministic large event.

    * Slots ``1..slots``; the first half is the ``"morning"`` session, the rest
      ``"afternoon"``.
    * Each participant is available in one contiguous window covering 60-100 % of the slots
      (arriving late and/or leaving early), and unavailable elsewhere.
    * Participants have a popularity drawn from a log-normal law; meetings join two distinct
      participants chosen in proportion to popularity, with no pair repeated.  A participant
      accepts at most one meeting more than the slots of its window, so a few are overbooked
      as in real events, where some meetings cannot take place.
    * One meeting in twenty is restricted to one session.

    The same arguments always give the same instance (a private ``random.Random`` is used).
    """
    if participants < 2:
        raise ValueError("at least 2 participants are needed")
    rng = random.Random(seed)
    slot_list = [
        TimeSlot(id=i + 1, session="morning" if i < slots // 2 else "afternoon")
        for i in range(slots)
    ]
    min_window = math.ceil(0.6 * slots)
    people: list[Participant] = []
    capacity: list[int] = []
    for pid in range(1, participants + 1):
        length = rng.randint(min_window, slots)
        start = rng.randint(0, slots - length)
        unavailable = frozenset(
            slot.id for i, slot in enumerate(slot_list) if not start <= i < start + length
        )
        people.append(Participant(id=pid, unavailable_slots=unavailable))
        capacity.append(length + 1)
    weights = [rng.lognormvariate(0.0, 0.5) for _ in range(participants)]
    # Cumulative weights make each draw O(log n) instead of O(n).
    cumulative = list(accumulate(weights))
    population = range(participants)

    max_pairs = participants * (participants - 1) // 2
    wanted = min(meetings, max_pairs, sum(capacity) // 2)
    degree = [0] * participants
    pairs: set[tuple[int, int]] = set()
    meeting_list: list[BilateralMeeting] = []
    attempts = 0
    # Rejection sampling of popular pairs; the attempt cap only guards degenerate arguments.
    while len(meeting_list) < wanted and attempts < 200 * max(wanted, 1):
        attempts += 1
        a, b = rng.choices(population, cum_weights=cumulative, k=2)
        if a == b or degree[a] >= capacity[a] or degree[b] >= capacity[b]:
            continue
        key = (min(a, b), max(a, b))
        if key in pairs:
            continue
        pairs.add(key)
        degree[a] += 1
        degree[b] += 1
        session = None
        if rng.random() < 0.05:
            session = rng.choice(["morning", "afternoon"])
        meeting_list.append(
            BilateralMeeting(id=len(meeting_list) + 1, participants=(a + 1, b + 1), session=session)
        )
    return Instance(
        name=f"generated-{participants}p-{len(meeting_list)}m-{slots}s-seed{seed}",
        tables=tables,
        slots=slot_list,
        participants=people,
        meetings=meeting_list,
    )


def upper_bound_placeable(instance: Instance) -> int:
    """Upper bound on the number of meetings that any valid schedule can place.

    A slot is *usable* by a meeting when it lies in the meeting's session, equals its fixed
    slot if it has one, and both participants are available in it.  The bound is the smallest
    of three relaxations, each computed exactly by a max-flow:

    1. ``len(instance.meetings)``.
    2. **Slot flow**: source -> meeting (capacity 1) -> each usable slot -> sink (capacity
       ``tables``).  A valid schedule sends one unit per placed meeting through its slot, so
       it is a feasible flow: placed <= max-flow.  (Participant clashes are ignored, which
       only relaxes.)
    3. **Meeting-end flow**: each meeting has two *ends*, one per participant.  Source ->
       end (capacity 1) -> node ``(participant, slot)`` for each usable slot -> slot node
       (capacity 1 on this arc: a participant meets at most once per slot) -> sink
       (capacity ``2 * tables``).  A valid schedule sends both ends of every placed meeting
       through its slot: each ``(participant, slot)`` arc carries at most one unit because
       the participant has at most one meeting there, and each slot at most ``2 * tables``
       units because it holds at most ``tables`` meetings.  So ``2 * placed`` <= max-flow,
       i.e. placed <= floor(max-flow / 2).  This captures overbooked participants (more
       meetings than free slots) and scarce slots, which flow 2 does not see.

    Each relaxation admits every valid schedule, so each is an upper bound and so is their
    minimum.  The ``after`` orderings are dropped, which also only relaxes.  The bound is
    computed without using the solver.
    """
    import numpy as np
    from ortools.graph.python import max_flow

    unavailable = {p.id: p.unavailable_slots for p in instance.participants}
    participant_index = {p.id: i for i, p in enumerate(instance.participants)}
    n_slots = len(instance.slots)
    n_meetings = len(instance.meetings)
    n_participants = len(instance.participants)

    usable: list[list[int]] = []
    for meeting in instance.meetings:
        a, b = meeting.participants
        usable.append(
            [
                s
                for s, slot in enumerate(instance.slots)
                if (meeting.session is None or slot.session == meeting.session)
                and (meeting.fixed_slot is None or slot.id == meeting.fixed_slot)
                and slot.id not in unavailable[a]
                and slot.id not in unavailable[b]
            ]
        )

    def solve(tails: list[int], heads: list[int], capacities: list[int], sink: int) -> int:
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(
            np.asarray(tails, dtype=np.int32),
            np.asarray(heads, dtype=np.int32),
            np.asarray(capacities, dtype=np.int64),
        )
        status = flow.solve(0, sink)
        if status != flow.OPTIMAL:
            raise RuntimeError(f"max-flow failed with status {status}")
        return int(flow.optimal_flow())

    # Flow 2. Nodes: 0 source, 1..M meetings, then slots, then sink.
    slot_node = 1 + n_meetings
    sink = slot_node + n_slots
    tails, heads, caps = [], [], []
    for mi, slots in enumerate(usable):
        tails.append(0)
        heads.append(1 + mi)
        caps.append(1)
        for s in slots:
            tails.append(1 + mi)
            heads.append(slot_node + s)
            caps.append(1)
    for s in range(n_slots):
        tails.append(slot_node + s)
        heads.append(sink)
        caps.append(instance.tables)
    slot_bound = solve(tails, heads, caps, sink)

    # Flow 3. Nodes: 0 source, 1..2M meeting ends, (participant, slot) pairs, slots, sink.
    pair_node = 1 + 2 * n_meetings
    slot_node = pair_node + n_participants * n_slots
    sink = slot_node + n_slots
    tails, heads, caps = [], [], []
    used_pairs: set[int] = set()
    for mi, (meeting, slots) in enumerate(zip(instance.meetings, usable, strict=True)):
        for side, pid in enumerate(meeting.participants):
            end = 1 + 2 * mi + side
            tails.append(0)
            heads.append(end)
            caps.append(1)
            for s in slots:
                pair = participant_index[pid] * n_slots + s
                used_pairs.add(pair)
                tails.append(end)
                heads.append(pair_node + pair)
                caps.append(1)
    for pair in sorted(used_pairs):
        tails.append(pair_node + pair)
        heads.append(slot_node + pair % n_slots)
        caps.append(1)
    for s in range(n_slots):
        tails.append(slot_node + s)
        heads.append(sink)
        caps.append(2 * instance.tables)
    end_bound = solve(tails, heads, caps, sink) // 2

    return min(n_meetings, slot_bound, end_bound)
