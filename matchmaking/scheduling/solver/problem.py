"""Index-based view of an instance, shared by the heuristic and the exact engines.

Meetings, participants and slots are numbered ``0..n-1`` (slots in time order); a
participant's busy slots are a bit mask, and its gaps are counted with :func:`block_gaps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Instance

__all__ = ["Problem", "block_gaps", "busy_patterns"]


def block_gaps(mask: int) -> int:
    """Gaps of a participant whose busy slots are the set bits of ``mask``.

    A busy block starts at every set bit whose lower neighbour is clear; gaps are the number
    of blocks minus one (zero when the participant has no meeting).
    """
    starts = (mask & ~(mask << 1)).bit_count()
    return starts - 1 if starts else 0


class Problem:
    """Index-based view of an instance, shared by the heuristic and the CP-SAT models."""

    def __init__(
        self,
        instance: Instance,
        keep: Mapping[int, tuple[int, int]] | None,
    ) -> None:
        self.instance = instance
        self.keep = dict(keep or {})
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

    def lower_bounds(self) -> list[int]:
        """Each participant's lower bound on its gaps when all its placeable meetings are."""
        return [
            self.gap_lower_bound(pi, sum(1 for mi in ms if self.allowed[mi]))
            for pi, ms in enumerate(self.of_participant)
        ]

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


def busy_patterns(usable: Sequence[bool], count: int, blocks: int, limit: int) -> list[int] | None:
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
